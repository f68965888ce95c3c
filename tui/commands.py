"""What `--list`, `--items` and `--open` do, and how they print. No Textual here."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from tui import items_json
from tui.core import collector, display
from tui.core import paths as dirs
from tui.core.corpus.library import Library
from tui.core.corpus.refs import RefError, find_digest, find_item, ref_names
from tui.core.format.links import refuse_reason
from tui.core.model import Digest, Item
from tui.core.query import folding
from tui.core.query.filters import SECTION_SEPARATOR, Filters, NewStories, filter_items, section_fold
from tui.core.query.groups import under
from tui.core.session import Session
from tui.core.state import Opening


@dataclass(slots=True)
class Request:
    """One non-interactive command, as the command line asked for it."""

    command: Literal["list", "items", "open"]
    paths: list[str]
    notes: list[str] = field(default_factory=list)
    """Problems met before the command ran (config, paths), printed with its own."""
    filters: Filters = field(default_factory=Filters)
    """For `items`: the filters (authors are given by `author`)."""
    author: str | None = None
    """For `items`: an author as typed (a name, an alias or an @handle), resolved by the library."""
    digest: str | None = None
    """For `items`: only this digest's items (a REF)."""
    source: str | None = None
    """For `items`: only this source's digests (its name or path, resolved by the session)."""
    refs: list[str] = field(default_factory=list)
    """For `open`: the REFs to open."""
    print_only: bool = False
    as_json: bool = False
    new: bool = False
    """For `items`: only the stories that arrived since the reader was last closed."""
    since: float | None = None
    """For `items`: only the stories that arrived after this time."""


def run(request: Request) -> int:
    """Run one non-interactive command; returns the exit status."""
    session = Session(request.paths, dirs.cache_dir(), dirs.data_dir())
    opening = Opening(dirs.data_dir())  # (the read marks are read while the files are checked)
    session.load_now()  # (which collects young objects only while it loads)
    with collector.making_long_lived(freeze=True):  # the library lives until the command ends
        return _run_loaded(request, session, opening)


def _run_loaded(request: Request, session: Session, opening: Opening | None = None) -> int:
    session.open_store(opening)
    notes = [*request.notes, *session.messages]
    store = session.store
    told = len(store.messages) if store is not None else 0
    library = session.library
    try:
        if request.command == "open":
            code = open_refs(session, request.refs, print_only=request.print_only)
            notes += _store_news(session, told)
            _report(notes, library, show_problems=False)
            if store is not None and not store.writable:
                print("brief: the read marks of this run were not saved", file=sys.stderr)
                return code or 1
            return code
        if not library.digests:
            others = [problem.path for problem in library.problems if problem.not_a_digest]
            note = f"no digests found in {', '.join(request.paths)} (looked for *.md and *.markdown files"
            if others:
                names = ", ".join(display.shown_path(path) for path in others[:3]) + (" …" if len(others) > 3 else "")
                note += f"; {display.counted(len(others), 'file')} hold{'s' if len(others) == 1 else ''} no items: {names}"
            notes.append(note + ")")
        code = 0
        if request.command == "items" and (request.new or request.since is not None):
            request = _with_new(session, request, notes)
        if request.command == "items" and request.source:
            found = session.groups.find(request.source)
            if found is None:
                names = ", ".join(source.label for source in session.groups.sources)
                notes.append(f"no source is named {request.source!r} (the sources: {names})")
            root = found.root if found is not None else "\0"  # (an unknown source lists nothing, as any filter)
            request = replace(request, filters=replace(request.filters, source=root))
        if request.command == "list":
            list_digests(library, session.read, as_json=request.as_json)
        else:
            code = list_items(library, session.read, request)
        notes += _store_news(session, told)
        _report(notes, library)
        library.save_stories()  # worked out for the counts: kept for the next start
        return code
    finally:
        session.close()


def _with_new(session: Session, request: Request, notes: list[str]) -> Request:
    """The request with the stories that arrived since when it asks (none when the reader was
    never closed on these folders, with a note saying so)."""
    new = session.find_new(session.library, since=request.since)
    if new is None:
        new = NewStories(0.0, frozenset())
        if session.store is not None:
            notes.append("nothing is new yet: the reader has not been closed on these folders "
                         "(--since 8h gives what arrived in the last eight hours)")
    return replace(request, filters=replace(request.filters, new=new))


def _store_news(session: Session, told: int) -> list[str]:
    """What the state store reported after it was opened (a failed read or save), not told yet."""
    store = session.store
    return list(store.messages[told:]) if store is not None else []


def _report(notes: list[str], library: Library, show_problems: bool = True) -> None:
    sys.stdout.flush()
    for note in notes:
        print(f"brief: {display.one_line(note)}", file=sys.stderr)
    if show_problems:
        for problem in library.problems:
            if not problem.not_a_digest:  # (a README beside the digests is no problem to report)
                print(display.one_line(str(problem)), file=sys.stderr)


def _when(digest: Digest) -> str:
    """A digest's date as the lists print it: local, with the year; `no date` when only the
    file's mtime gave it (as the reader's lists say: those sort after every dated digest)."""
    return display.list_date(digest.date, digest.date_source, True).rstrip()


def _counts(library: Library, read: set[str]) -> list[tuple[int, int]]:
    """(items, unread stories) of each digest, from the story numbers (no digest is unpacked); a
    story listed twice in one digest is one unread story, as the reader's digest list counts it."""
    stories = library.stories
    unread = stories.unread_numbers(read) if read else None
    found = []
    for number, digest in enumerate(library.digests):
        own = set(stories.of_digest(number))
        found.append((digest.item_count, len(own & unread) if unread is not None else len(own)))
    return found


def _tty() -> bool:
    return sys.stdout.isatty()


def list_digests(library: Library, read: set[str], as_json: bool = False) -> None:
    """Print the digests, newest first."""
    rows = [(d, *counts) for d, counts in zip(library.digests, _counts(library, read))]
    if as_json:
        print(display.dumps([
            {"digest": d.stem, "file": d.path, "title": d.title, "date": d.date.isoformat(),
             "date_from": d.date_source, "items": n, "unread": u, "categories": list(d.categories), "tags": list(d.tags)}
            for d, n, u in rows
        ], indent=2))
        return
    if not _tty():
        sys.stdout.write("".join(
            f"{_when(d)}\t{display.one_line(d.title)}\t{n}\t{u}\t{display.one_line(d.path)}\n" for d, n, u in rows
        ))
        return
    if not rows:
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Title", overflow="ellipsis", no_wrap=True, ratio=1)
    table.add_column("Items", justify="right")
    table.add_column("Unread", justify="right")
    table.add_column("File", overflow="ellipsis", no_wrap=True)
    for d, n, u in rows:
        style = "bold" if u else "dim"
        table.add_row(
            Text(_when(d)), Text(display.one_line(d.title), style=style), Text(str(n)),
            Text(str(u), style="bold" if u else "dim"), Text(display.one_line(display.shown_path(d.path)), style="dim"),
        )
    Console(highlight=False).print(table)


def _selected(library: Library, request: Request, read: set[str]) -> list[Item]:
    filters = request.filters
    needle = filters.search.casefold()
    narrowing = bool(needle) and _narrows(library, needle)
    if needle and not narrowing:
        library.search.load(library.digests)
    if request.author:
        filters = replace(filters, authors=frozenset(library.authors.resolve(request.author)))
    if request.digest:
        digest = find_digest(library, request.digest)
        if narrowing:
            library.search.load([digest], every=False)
        return list(filter_items(library, digest.items, filters, read))
    digests = library.digests
    carrying: frozenset[str] = frozenset()
    if filters.category:  # a digest's label: only the digests that have it are unpacked
        wanted = filters.category.casefold()
        digests = [digest for digest in digests if any(label.casefold() == wanted for label in digest.labels())]
    if filters.source is not None:
        digests = [digest for digest in digests if under(digest.path, filters.source)]
    if filters.new is not None:  # only the digests that carry a new story: they hold every copy of it
        carrying = filters.new.paths
        digests = [digest for digest in digests if digest.path in carrying]
    if filters.authors is None:
        if filters.search and not narrowing:  # (a copy naming no author is found by its story's author's name too)
            library.assign_author_ids(digests if filters.new is not None else None)
    else:
        numbers = library.stories.digests_by(library.author_tokens(filters.authors))
        naming = [library.digests[n] for n in numbers]  # only digests that name the author are unpacked
        digests = naming if filters.new is None else [digest for digest in naming if digest.path in carrying]
    if narrowing:  # only the digests whose texts hold the needle are unpacked
        digests = library.search.holding(digests, needle)
        library.search.load(digests, every=False)
    if _by_story_only(filters) and filters.new is None:  # (a story's copies pass or fail alike)
        found = fold_all(library, library.stories.unread_numbers(read) if filters.unread_only and read else None)
    else:
        items = (item for digest in digests for item in digest.items)
        found = folding.fold_by_key(filter_items(library, items, filters, read))
    if filters.authors is None:
        _carry_authors(library, found)
    return _at_newest_copy(library, found) if filters.authors is not None else found


def _narrows(library: Library, needle: str) -> bool:
    """Whether a search for `needle` (casefolded) can be narrowed to the digests whose stored
    texts hold it: when no author's shown name holds it (a copy naming no author is found by
    its story's author's name, which its own text need not hold) and it is spelled as the
    folded texts are (single spaces)."""
    if needle != " ".join(needle.split()):
        return False
    book = library.authors
    return not any(needle in book.display(ident).casefold() for ident in book.identities())


def _by_story_only(filters: Filters) -> bool:
    """Whether every filter set is one a story's copies pass or fail together (read, new)."""
    return not (filters.category or filters.authors is not None or filters.search or filters.section
                or filters.source is not None)


def fold_all(library: Library, only: set[int] | None = None) -> list[Item]:
    """Each story of the library once, at its newest copy, in the library's order: "All
    digests" as the stories list it (`folding.fold_by_key` over every item gives the same), or
    only the stories numbered in `only` (the unread ones): only digests that hold the newest
    copy of a story listed are unpacked."""
    digests = library.digests
    stories = library.stories
    places = zip(stories.digest_at, stories.position_at)
    if only is None:
        return [digests[number].items[position] for number, position in places]
    return [digests[number].items[position] for story, (number, position) in enumerate(places) if story in only]


BULK_DIGESTS = 300
"""Printing the items of more digests than this, `--items --json` reads the summaries file (and
keeps what it had to cut from the files); fewer are cut from their files."""

CARRY_ALL = 20_000
"""With more printed copies naming no author than this, every item's author is worked out at once."""


def _carry_authors(library: Library, items: list[Item]) -> None:
    """A printed copy that names no author carries the author the newest copy naming one gives
    (Library.assign_author_ids' rule), worked out for these items only: only the digests
    carrying their stories are unpacked."""
    bare = [item for item in items if item.author_id is None and not (item.author or item.handle)]
    if not bare:
        return
    if len(bare) > CARRY_ALL:
        library.assign_author_ids()
        return
    carrying = folding.carriers(library, bare)
    for item in bare:
        for digest in carrying.get(item.key, ()):  # newest first
            named = next((other for other in digest.items if other.key == item.key and (other.author or other.handle)), None)
            if named is not None:
                item.author_id = library.author_id(named)
                break


def _at_newest_copy(library: Library, items: list[Item]) -> list[Item]:
    """Each story at its newest copy, as the reader lists it, when that copy names no author
    (it is the same author's story): one rule for the date of a story, filtered or not."""
    carrying = folding.carriers(library, items)
    moved = []
    for item in items:
        newest = carrying.get(item.key, [item.digest])[0]
        copy = item
        if newest is not None and newest is not item.digest:
            again = next((i for i in newest.items if i.key == item.key), None)
            if again is not None and not (again.author or again.handle):
                again.author_id = library.author_id(item)
                copy = again
        moved.append(copy)
    order = {id(digest): number for number, digest in enumerate(library.digests)}
    moved.sort(key=lambda i: (order.get(id(i.digest), 0), i.number))  # the library's order: newest first
    return moved


def _unknown_names(library: Library, request: Request) -> list[str]:
    """A line for each name filter that names nothing in the library (the output is then
    empty; the exit status stays 0, as for any filter that matches nothing)."""
    found = []
    if request.author and not library.authors.resolve(request.author):
        found.append(f"no author is named {request.author!r}")
    category = request.filters.category
    wanted = category.casefold() if category else ""
    if category and not any(label.casefold() == wanted for digest in library.digests for label in digest.labels()):
        found.append(f"no digest has the category or tag {category!r}")
    section = request.filters.section
    if section and not _is_heading(library, section):
        near = _near_sections(library, section)
        hint = f" (headings with it as a word: {', '.join(map(repr, near[:5]))})" if near else ""
        found.append(f"no item is under a section heading named {section!r}{hint}")
    return found


def _is_heading(library: Library, section: str) -> bool:
    """Whether each heading of a `--section` text is a heading of the library (folded)."""
    headings = {part for name in library.section_counts() for part in section_fold(name).split(SECTION_SEPARATOR)}
    return all(part in headings for part in section_fold(section).split(SECTION_SEPARATOR))


def _near_sections(library: Library, section: str) -> list[str]:
    """The headings a `--section` text that is no heading's whole name may mean, as `--author`
    reads a name: those that start with it or have it as a word (`重磅` for `🔥 重磅 TOP 10`)."""
    wanted = section_fold(section)
    if not wanted or SECTION_SEPARATOR in wanted:
        return []
    names = {part for name in library.section_counts() for part in name.split(SECTION_SEPARATOR)}
    return sorted(name for name in names if (folded := section_fold(name)) != wanted
                  and (folded.startswith(wanted) or wanted in folded.split() or f" {wanted} " in f" {folded} "))


def _section_meant(library: Library, request: Request) -> Request:
    """The request with a `--section` text that names no heading but starts or is a word of one
    heading only taken as that heading (several: left as it is, and the message names them)."""
    section = request.filters.section
    if not section:
        return request
    if _is_heading(library, section):
        return request
    near = _near_sections(library, section)
    return replace(request, filters=replace(request.filters, section=near[0])) if len(near) == 1 else request


def list_items(library: Library, read: set[str], request: Request) -> int:
    """Print the items that pass the filters; returns the exit status."""
    request = _section_meant(library, request)
    try:
        items = _selected(library, request, read)
    except RefError as exc:
        print(f"brief: --digest {display.one_line(request.digest or '')}: {display.one_line(str(exc))}", file=sys.stderr)
        return 1
    for problem in _unknown_names(library, request):
        print(f"brief: {problem}", file=sys.stderr)
    if not items and request.since is not None and request.since <= time.time():  # (said, as an unknown name is)
        from tui.core.query.arrivals import since_text

        print(f"brief: no story arrived since {since_text(request.since, time.time())}", file=sys.stderr)
    if request.as_json:
        bulk = len({id(item.digest) for item in items}) > BULK_DIGESTS
        items_json.write(library, items, read, lambda digest, wanted: library.json_summaries(digest, bulk, wanted),
                         sys.stdout)
        sys.stdout.flush()
        if bulk:
            library.summary_file.save({digest.path for digest in library.digests})  # (after the output: never in its way)
        return 0
    _print_items(library, items, read)
    return 0


def _print_items(library: Library, items: Iterable[Item], read: set[str]) -> None:
    items = list(items)
    if not _tty():
        one_line, author_name = display.one_line, library.author_name
        dated: dict[int, tuple[str, str]] = {}  # a digest's ref name and date, once per digest
        name_of = ref_names(library)
        lines = []
        for item in items:
            digest = item.digest
            assert digest is not None
            start = dated.get(id(digest))
            if start is None:
                start = dated[id(digest)] = (one_line(name_of(digest)), _when(digest))
            lines.append("\t".join((f"{start[0]}#{item.number}", start[1], "read" if item.key in read else "unread",
                                    one_line(item.headline), one_line(author_name(item)), one_line(item.url or ""))))
            if len(lines) >= 4096:
                sys.stdout.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            sys.stdout.write("\n".join(lines) + "\n")
        return
    if not items:
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("Ref", no_wrap=True, style="dim")
    table.add_column("Date", no_wrap=True)
    table.add_column("Headline", overflow="ellipsis", no_wrap=True, ratio=3)
    table.add_column("Author", overflow="ellipsis", no_wrap=True, ratio=1)
    name_of = ref_names(library)
    for item in items:
        assert item.digest is not None
        unread = item.key not in read
        ref = f"{name_of(item.digest)}#{item.number}"
        table.add_row(
            Text("●" if unread else " "), Text(display.one_line(ref)), Text(_when(item.digest)),
            Text(display.one_line(item.headline), style="bold" if unread else ""),
            Text(display.one_line(library.author_name(item))),
        )
    Console(highlight=False).print(table)


def open_refs(session: Session, refs: list[str], print_only: bool = False) -> int:
    """Open (or print) each REF's link and mark it read; 1 when any REF failed."""
    library = session.library
    failed = False
    for ref in refs:
        shown = display.one_line(ref)
        try:
            item = find_item(library, ref)
        except RefError as exc:
            print(f"brief: {shown}: {display.one_line(str(exc))}", file=sys.stderr)  # (it may name digests)
            failed = True
            continue
        reason = refuse_reason(item.url)
        if reason is not None or item.url is None:
            print(f"brief: {shown}: {reason}", file=sys.stderr)
            failed = True
            continue
        if print_only:
            print(item.url, flush=True)
        else:
            import webbrowser

            try:
                opened = webbrowser.open(item.url)
            except Exception as exc:  # noqa: BLE001 - any browser failure is reported
                opened = False
                print(f"brief: {shown}: the browser failed: {display.one_line(str(exc))}", file=sys.stderr)
            if not opened:
                print(f"brief: {shown}: could not start a web browser (set $BROWSER, or use --print)", file=sys.stderr)
                failed = True
                continue
        session.mark_read([item.key])
    return 1 if failed else 0
