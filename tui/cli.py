"""The command line: `brief [PATH ...]`, `--list`, `--items`, `--open`; `add`, `update`, `sources` and
`remove` (git sources) are in `tui.source_commands`. No Textual on these paths."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal, NoReturn

from tui import __version__
from tui.core import paths as dirs
from tui.core.cache import names
from tui.core.config import load_config, missing_paths, theme_problem
from tui.core.resources import sample_data

if TYPE_CHECKING:
    import argparse

    from tui.commands import Request as Request

EXAMPLES = """\
examples:
  brief                                  read the folders in config.toml (or the sample digests)
  brief ~/news                           read ~/news in the terminal reader
  brief --list ~/news                    the digests, newest first, with unread counts
  brief --items --unread ~/news          unread stories, newest first, each once
  brief --items --json --author 林小舟    every story by one author, as JSON
  brief --items --category 机器人 --search 数据
  brief --items --section "Hacker News"  the items under one section heading
  brief --items --digest 2026.11.21.08   the items of one digest
  brief --items --new                    stories that arrived since the reader was last closed
  brief --items --since 8h               stories that arrived in the last eight hours
  brief --open 2026.11.21.08#3           open item 3 of that digest, mark it read
  brief --open 1 --print                 print item 1 of the newest digest, mark it read
  brief --check-config                   say what is wrong with config.toml, if anything

sources (git repositories of digests, read with the folders of config.toml):
  brief add https://github.com/you/digests.git   clone one (shallow) and add it to config.toml
  brief update                           fetch every source (fast-forward only); exit 1 if any failed
  brief sources                          the sources: name, URL, last update, digests, unread
  brief remove digests --yes             remove a source and its copy (read marks are kept)
  (a first word add, update, sources or remove is a command: `brief ./add` reads a folder named add)

REF (for --open and --digest) is a file stem (2026.11.21.08), a unique prefix of one, or a
path suffix (ai-cn/2026.11.21.08) when two folders hold the same stem; --open adds
#N for item N. A bare N is item N of the newest digest; a URL or key names an item too.

files: state in $XDG_DATA_HOME/brief/state.db, clones in $XDG_DATA_HOME/brief/sources,
index cache in $XDG_CACHE_HOME/brief, config in $XDG_CONFIG_HOME/brief/config.toml
(paths = ["~/news"]; [sources] name = "url").
"""


_SOURCE_WORDS = frozenset({"add", "update", "sources", "remove"})
"""`source_commands.COMMANDS`: a command line holding none of them is no source command."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (argparse is imported here: the reader started on paths alone skips it)."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            self.print_usage(sys.stderr)
            self.exit(2, f"brief: {message}\n")

    parser = _Parser(
        prog="brief",
        description="Brief: read folders of Markdown news digests in the terminal.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="folders (searched recursively) or digest files")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--list", action="store_true", help="list the digests: date, title, items, unread, file")
    mode.add_argument("--items", action="store_true", help="list the items that pass the filters, newest first")
    mode.add_argument("--open", action="append", metavar="REF",
                      help="open an item's link in the browser and mark it read (repeatable)")
    mode.add_argument("--check-config", action="store_true",
                      help="check config.toml (paths, theme, [keymap]) and say what is wrong; exit 1 if anything is")
    parser.add_argument("--print", action="store_true", help="with --open: print the URLs instead of starting a browser")
    filters = parser.add_argument_group("filters (with --items)")
    filters.add_argument("--digest", metavar="REF", help="only this digest's items")
    filters.add_argument("--category", metavar="NAME", help="only digests with this category or tag")
    filters.add_argument("--section", metavar="NAME", help="only items under this section heading")
    filters.add_argument("--source", metavar="NAME",
                         help="only the digests of one source: a folder given (by its name or path)")
    filters.add_argument("--author", metavar="NAME", help="only this author: a display name or @handle")
    filters.add_argument("--search", metavar="TEXT", help="case-insensitive text in headline, author or summary")
    filters.add_argument("--unread", action="store_true", help="only items not yet read")
    filters.add_argument("--new", action="store_true",
                         help="only stories that arrived since the reader was last closed on these folders")
    filters.add_argument("--since", metavar="WHEN",
                         help="only stories that arrived after WHEN: 8h, 30m, 2d, 1w or 2026-11-20T08:00")
    parser.add_argument("--json", action="store_true", help="with --items or --list: print JSON")
    where = parser.add_argument_group("locations (default: platformdirs; XDG_* variables apply)")
    where.add_argument("--data-dir", metavar="DIR", help="where state.db lives (also $BRIEF_DATA_DIR)")
    where.add_argument("--cache-dir", metavar="DIR", help="where the index cache lives (also $BRIEF_CACHE_DIR)")
    where.add_argument("--config-dir", metavar="DIR", help="where config.toml lives (also $BRIEF_CONFIG_DIR)")
    parser.add_argument("--version", action="version", version=f"brief {__version__}")
    return parser


def resolve_paths(given: Sequence[str], err: list[str]) -> tuple[list[str], str]:
    """The paths to read and where they came from (`command line`, `config`, `sample`).

    Missing command-line paths are fatal (exit 2); missing config paths are reported and skipped.
    """
    if given:
        missing = [p for p in given if not os.path.exists(p)]
        if missing:
            raise SystemExit(_fail(f"no such file or folder: {', '.join(missing)}", 2))
        return list(given), "command line"
    config = load_config(dirs.config_file())
    err.extend(config.problems)
    if config.unreadable:  # (its folders and sources are not known: the sample digests would pass for them)
        from tui.core import display

        for note in err:
            print(f"brief: {note}", file=sys.stderr)
        raise SystemExit(_fail(f"{display.shown_path(dirs.config_file())} could not be read, so the folders and sources "
                               "in it are not known: mend it (`brief --check-config`), or give FOLDER", 2))
    if config.paths or config.sources:
        from tui.core.sources import roots

        found, notes = roots(config.paths, config.sources, dirs.data_dir(), str(dirs.config_file()))
        err.extend(notes)
        if not found:
            for note in err:
                print(f"brief: {note}", file=sys.stderr)
            what = "paths" if not config.sources else "sources" if not config.paths else "paths and sources"
            raise SystemExit(_fail(f"none of the {what} in config.toml can be read", 2))
        return [root.path for root in found], "config"
    return [str(sample_data())], "sample"


def _fail(message: str, code: int) -> int:
    print(f"brief: {message}", file=sys.stderr)
    return code


def _since_joined(words: list[str]) -> list[str]:
    """`--since -5h` as `--since=-5h` (argparse takes a value starting with `-` for an option)."""
    out: list[str] = []
    for word in words:
        if out and out[-1] == "--since" and word[:1] == "-" and word[1:2].isdigit():
            out[-1] = f"--since={word}"
        else:
            out.append(word)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not _SOURCE_WORDS.isdisjoint(words):  # (else no command: the reader's start skips importing them)
        from tui import source_commands  # (small: argparse and the sources' core, no Textual)

        if source_commands.command_word(words):
            parsed = source_commands.parse(words)
            return _guarded(lambda: source_commands.run(parsed))
    if not any(word.startswith("-") for word in words):
        # Paths alone, or nothing: the reader, as the parser would have it, without the parser
        # (importing argparse and building it are ~2 ms of the reader's start).
        for kind in ("data", "cache", "config"):
            dirs.override(kind, None)
        plain: list[str] = []
        return _guarded(lambda: _run_reader(*resolve_paths(words, plain), plain))
    args = build_parser().parse_args(_since_joined(words))
    dirs.override("data", args.data_dir)
    dirs.override("cache", args.cache_dir)
    dirs.override("config", args.config_dir)
    if args.print and not args.open:
        return _fail("--print goes with --open", 2)
    if args.json and not (args.items or args.list):
        return _fail("--json goes with --items or --list", 2)
    named = ("digest", "category", "section", "source", "author", "search")
    empty = [f for f in named if getattr(args, f) is not None and not getattr(args, f).strip()]
    if empty:
        return _fail(f"--{empty[0]} is empty: give what to look for (leave the flag out for everything)", 2)
    filter_flags = [f for f in named if getattr(args, f)]
    filter_flags += [f for f in ("unread", "new") if getattr(args, f)] + (["since"] if args.since is not None else [])
    if filter_flags and not args.items:
        return _fail(f"--{filter_flags[0]} goes with --items", 2)
    if args.new and args.since is not None:
        return _fail("--new and --since are two ways to say since when: give one", 2)
    since = None
    if args.since is not None:
        from tui.core.query.arrivals import parse_since

        try:
            since = parse_since(args.since, time.time())
        except ValueError as exc:
            return _fail(f"--since: {exc}", 2)
    if args.check_config:
        return _check_config()
    notes: list[str] = []
    if since is not None and since > time.time():
        notes.append(f"--since {args.since}: that is still to come, so nothing has arrived since")

    def work() -> int:
        paths, source = resolve_paths(args.paths, notes)
        if not (args.list or args.items or args.open):
            return _run_reader(paths, source, notes)
        from tui import commands

        if source == "sample":  # (said as the reader says it: a script should know what it read)
            notes.append("no folders given or configured: these are the sample digests (give FOLDER, or paths in config.toml)")
        return commands.run(_request(args, paths, notes, since))

    return _guarded(work)


def _guarded(work: Callable[[], int]) -> int:
    """Run `work`: an interrupt, a closed pipe or a surprise is an exit status, never a traceback."""
    try:
        return work()
    except SystemExit as exc:
        return int(exc.code or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return 0
    except Exception as exc:  # noqa: BLE001 - no traceback reaches the user
        return _crashed(exc)


def _check_config() -> int:
    """`--check-config`: every problem of config.toml, one a line; 1 when there is any."""
    file = dirs.config_file()
    config = load_config(file)
    problems = [*config.problems, *missing_paths(file, config)]
    if config.theme:
        from textual.theme import BUILTIN_THEMES  # (Textual's theme names: only this check needs them)

        problem = theme_problem(file, config.theme, BUILTIN_THEMES)
        if problem is not None:
            problems.append(problem)
    for problem in sorted(problems, key=_line_named):  # (in the file's order; those of no line last)
        print(f"brief: {problem}", file=sys.stderr)
    if problems:
        return 1
    if not file.exists():
        print(f"{file}: no such file; the defaults apply")
        return 0
    bindings = len(config.keymap)
    print(f"{file}: OK ({len(config.paths)} folder(s), {len(config.sources)} source(s), theme {config.theme or 'default'}, "
          f"{bindings} key binding(s) changed)")
    return 0


def _line_named(problem: str) -> int:
    """The line a config problem names (`…, line 7: …`), past every line when it names none."""
    _head, found, rest = problem.partition(", line ")
    number = rest.split(":", 1)[0]
    return int(number) if found and number.isdigit() else 1 << 30


def _request(args: argparse.Namespace, paths: list[str], notes: list[str], since: float | None = None) -> Request:
    """What the flags ask `commands.run` to do."""
    from tui.commands import Request
    from tui.core.query.filters import Filters

    command: Literal["list", "items", "open"] = "list" if args.list else "items" if args.items else "open"
    filters = Filters(category=args.category, search=args.search or "", unread_only=args.unread, section=args.section)
    return Request(command, paths, notes, filters=filters, author=args.author, digest=args.digest, source=args.source,
                   refs=list(args.open or []), print_only=args.print, as_json=args.json, new=args.new, since=since)


def _crashed(exc: BaseException) -> int:
    """Report an unexpected error in one line; the traceback goes to a file for a bug report."""
    import traceback

    where = ""
    try:
        log = names.crash_log(dirs.cache_dir())
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        where = f" (details in {log})"
    except OSError:
        pass
    from tui.core.display import one_line

    print(one_line(f"brief: unexpected error: {type(exc).__name__}: {exc}{where}"), file=sys.stderr)  # (a file name may be in it)
    return 70


def _run_reader(paths: list[str], source: str, notes: list[str]) -> int:
    if not _on_a_terminal():
        print("brief: the reader needs a terminal (its keys come from stdin, its screen goes to stderr); "
              "in a script, use --list, --items or --open", file=sys.stderr)
        return 2
    import gc

    from tui.core.cache.prefetch import Prefetch
    from tui.core.state import Opening

    # The read marks are read while Textual is imported (made a set after the first frame), and the index cache's head.
    opening = Opening(dirs.data_dir(), later=True)
    prefetch = Prefetch(dirs.cache_dir(), paths)
    # Importing the reader (Textual, Markdown) makes long-lived objects only: collecting meanwhile
    # cost ~10 ms. The app collects again from its first frame.
    gc.disable()
    from tui.app import run_reader

    return run_reader(paths, source, notes, opening, prefetch)


def _on_a_terminal() -> bool:
    """Whether the reader can run here: Textual reads keys from stdin and draws on stderr (stdout
    may go to a file). Without a terminal it would wait for keys that never come, at full CPU."""
    keys, screen = sys.__stdin__, sys.__stderr__  # (the streams Textual's driver uses)
    try:
        return keys is not None and screen is not None and keys.isatty() and screen.isatty()
    except (ValueError, OSError):  # (a closed stream)
        return False


if __name__ == "__main__":
    raise SystemExit(main())
