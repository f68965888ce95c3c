"""What `--list`, `--items` and `--open` do, and how they print."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tui.core import paths as dirs
from tui.core import textsafe
from tui.core.filters import Filters, filter_items, fold_repeats
from tui.core.library import Library, load_library
from tui.core.links import refuse_reason
from tui.core.model import Digest, Item
from tui.core.pathshow import shown_path
from tui.core.refs import RefError, find_digest, find_item
from tui.core.state import StateStore


def run(args: argparse.Namespace, paths: list[str], source: str, notes: list[str]) -> int:
    """Run one non-interactive command; returns the exit status."""
    library = load_library(paths, dirs.cache_dir())
    store = StateStore(dirs.data_dir())
    notes.extend(store.messages)
    try:
        if args.open:
            code = open_refs(library, store, args.open, print_only=args.print)
            _report(notes, library, show_problems=False)
            return code
        if not library.digests:
            where = ", ".join(paths)
            notes.append(f"no digests found in {where} (looked for *.md and *.markdown files)")
        if args.list:
            list_digests(library, store.read_keys(), as_json=args.json)
        else:
            code = list_items(library, store.read_keys(), args)
            if code:
                _report(notes, library)
                return code
        _report(notes, library)
        return 0
    finally:
        store.close()


def _report(notes: list[str], library: Library, show_problems: bool = True) -> None:
    sys.stdout.flush()
    for note in notes:
        print(f"brief: {textsafe.one_line(note)}", file=sys.stderr)
    if show_problems:
        for problem in library.problems:
            print(textsafe.one_line(str(problem)), file=sys.stderr)


def _when(date: datetime) -> str:
    return date.astimezone().strftime("%Y-%m-%d %H:%M")


def _counts(library: Library, read: set[str]) -> list[tuple[int, int]]:
    """(items, unread stories) of each digest, from the story numbers (no digest is unpacked)."""
    stories = library.stories
    read_stories = stories.numbers(read)
    counts = []
    for number, digest in enumerate(library.digests):
        own = set(stories.of_digest(number))
        counts.append((digest.item_count, len(own.difference(read_stories)) if read_stories else len(own)))
    return counts


def _tty() -> bool:
    return sys.stdout.isatty()


def list_digests(library: Library, read: set[str], as_json: bool = False) -> None:
    """Print the digests, newest first."""
    rows = [(d, *counts) for d, counts in zip(library.digests, _counts(library, read))]
    if as_json:
        print(textsafe.dumps([
            {"digest": d.stem, "file": d.path, "title": d.title, "date": d.date.isoformat(),
             "items": n, "unread": u, "categories": list(d.categories), "tags": list(d.tags)}
            for d, n, u in rows
        ], indent=2))
        return
    if not _tty():
        sys.stdout.write("".join(
            f"{_when(d.date)}\t{textsafe.one_line(d.title)}\t{n}\t{u}\t{textsafe.one_line(d.path)}\n" for d, n, u in rows
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
            Text(_when(d.date)), Text(textsafe.one_line(d.title), style=style), Text(str(n)),
            Text(str(u), style="bold" if u else "dim"), Text(textsafe.one_line(shown_path(d.path)), style="dim"),
        )
    Console(highlight=False).print(table)


def _selected(library: Library, args: argparse.Namespace, read: set[str]) -> list[Item]:
    if args.search:
        library.search.load(library.digests)
    authors = None
    if args.author:
        authors = frozenset(library.authors.resolve(args.author))
    filters = Filters(category=args.category, authors=authors, search=args.search or "", unread_only=args.unread)
    if args.digest:
        digest = find_digest(library, args.digest)
        return list(filter_items(library, digest.items, filters, read))
    digests = library.digests
    if authors is not None:
        numbers = library.stories.digests_by(library.author_tokens(authors))
        digests = [digests[n] for n in numbers]  # only digests that name the author are unpacked
    items = (item for digest in digests for item in digest.items)
    return list(fold_repeats(filter_items(library, items, filters, read)))


def item_record(
    library: Library, item: Item, read: set[str], summary: str, carriers: dict[str, list[Digest]] | None = None
) -> dict[str, Any]:
    """An item as `--items --json` prints it."""
    digest = item.digest
    assert digest is not None
    first = library.first_seen(item, carriers)
    return {
        "digest": digest.stem,
        "file": digest.path,
        "digest_title": digest.title,
        "date": digest.date.isoformat(),
        "number": item.number,
        "headline": item.headline,
        "author": library.author_name(item) or None,
        "author_id": library.author_id(item),
        "url": item.url,
        "key": item.key,
        "categories": list(digest.categories),
        "tags": list(digest.tags),
        "read": item.key in read,
        "first_seen": first.stem if first else digest.stem,
        "also_in": [d.stem for d in library.also_in(item, carriers)],
        "summary": summary,
    }


def list_items(library: Library, read: set[str], args: argparse.Namespace) -> int:
    """Print the items that pass the filters; returns the exit status."""
    try:
        items = _selected(library, args, read)
    except RefError as exc:
        print(f"brief: --digest {args.digest}: {exc}", file=sys.stderr)
        return 1
    if args.author and not library.authors.resolve(args.author):
        print(f"brief: no author is named {args.author!r}", file=sys.stderr)
    if args.json:
        out = sys.stdout
        out.write("[")
        carriers = library.carriers_of_items(items) if len(items) < 5000 else None
        for index, item in enumerate(items):
            summary = library.summary(item)
            record = item_record(library, item, read, summary, carriers)
            out.write(("," if index else "") + "\n  " + textsafe.dumps(record))
        out.write("\n]\n" if items else "]\n")
        return 0
    _print_items(library, items, read)
    return 0


def _print_items(library: Library, items: Iterable[Item], read: set[str]) -> None:
    items = list(items)
    if not _tty():
        out = sys.stdout
        for item in items:
            assert item.digest is not None
            mark = "read" if item.key in read else "unread"
            out.write("\t".join(textsafe.one_line(v) for v in (
                item.ref, _when(item.digest.date), mark, item.headline, library.author_name(item), item.url or "",
            )) + "\n")
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
    for item in items:
        assert item.digest is not None
        unread = item.key not in read
        table.add_row(
            Text("●" if unread else " "), Text(item.ref), Text(_when(item.digest.date)),
            Text(textsafe.one_line(item.headline), style="bold" if unread else ""),
            Text(textsafe.one_line(library.author_name(item))),
        )
    Console(highlight=False).print(table)


def open_refs(library: Library, store: StateStore, refs: list[str], print_only: bool = False) -> int:
    """Open (or print) each REF's link and mark it read; 1 when any REF failed."""
    failed = False
    for ref in refs:
        shown = textsafe.one_line(ref)
        try:
            item = find_item(library, ref)
        except RefError as exc:
            print(f"brief: {shown}: {exc}", file=sys.stderr)
            failed = True
            continue
        reason = refuse_reason(item.url)
        if reason is not None:
            print(f"brief: {shown}: {reason}", file=sys.stderr)
            failed = True
            continue
        assert item.url is not None
        if print_only:
            print(item.url, flush=True)
        else:
            import webbrowser

            try:
                opened = webbrowser.open(item.url)
            except Exception as exc:  # noqa: BLE001 - any browser failure is reported
                opened = False
                print(f"brief: {shown}: the browser failed: {exc}", file=sys.stderr)
            if not opened:
                print(f"brief: {shown}: could not start a web browser (set $BROWSER, or use --print)", file=sys.stderr)
                failed = True
                continue
        store.mark_read([item.key])
    return 1 if failed else 0
