"""`brief add`, `brief update`, `brief sources`, `brief remove`: git sources on the command line.

The work is in `tui.core.sources` (git) and `tui.core.config` (the `[sources]` table); this
module parses the words, asks, prints and picks the exit status: 0 done, 1 a source (or git, or
writing config.toml) failed, 2 a command that cannot be done as asked. No Textual here.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from tui.core import display
from tui.core import paths as dirs
from tui.core import sources as git_sources
from tui.core.config import Config, add_source, load_config, remove_source, unreadable_note
from tui.core.sources import Result, Source

COMMANDS = ("add", "update", "sources", "remove")
"""Words that, as the first argument, are commands rather than paths (`brief ./add` reads a folder)."""
LOCATION_FLAGS = ("--data-dir", "--cache-dir", "--config-dir")


def command_word(argv: Sequence[str]) -> str | None:
    """The command `argv` starts with (after any location flags), or None: a plain `brief …`."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in LOCATION_FLAGS:
            index += 2
        elif word.startswith(tuple(f"{flag}=" for flag in LOCATION_FLAGS)):
            index += 1
        else:
            return word if word in COMMANDS else None
    return None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"brief: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser of the four commands (each also takes the location flags, before or after it)."""
    def locations(parser: argparse.ArgumentParser, default: Any) -> None:
        where = parser.add_argument_group("locations")
        where.add_argument("--data-dir", metavar="DIR", default=default, help="where state.db and the clones live")
        where.add_argument("--cache-dir", metavar="DIR", default=default, help="where the index cache lives")
        where.add_argument("--config-dir", metavar="DIR", default=default, help="where config.toml lives")

    parser = _Parser(prog="brief", description="Git repositories of digests (sources), read with the rest.")
    locations(parser, None)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    add = commands.add_parser("add", help="clone a git repository of digests and add it to the library",
                              description="Clone a git repository of digests (shallow) into the data dir and add "
                                          "it to [sources] in config.toml.")
    add.add_argument("url", metavar="URL", help="https://…, ssh://…, user@host:path, file:///… or a local folder")
    add.add_argument("--name", metavar="NAME", help="the source's name (default: the URL's last part without .git)")
    update = commands.add_parser("update", help="fetch every source (or those named), fast-forward only",
                                 description="Fetch each source in parallel and fast-forward its copy; a source "
                                             "not cloned yet is cloned. Exit 1 if any failed (its old copy is kept).")
    update.add_argument("names", nargs="*", metavar="NAME", help="only these sources")
    update.add_argument("-j", "--jobs", type=int, default=4, metavar="N", help="sources fetched at once (default 4)")
    listing = commands.add_parser("sources", help="list the sources: name, URL, last update, digests, unread",
                                  description="The sources in config.toml: name, URL, last update, digests, "
                                              "unread stories.")
    listing.add_argument("--json", action="store_true", help="print JSON")
    remove = commands.add_parser("remove", help="remove a source and its copy (read marks are kept)",
                                 description="Take a source out of config.toml and delete its copy; its read "
                                             "marks are kept. Asks first on a terminal.")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("-y", "--yes", action="store_true", help="do not ask (needed when not on a terminal)")
    for sub in (add, update, listing, remove):
        locations(sub, argparse.SUPPRESS)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The command's arguments (argparse exits 2 on a bad one, 0 after --help)."""
    args = build_parser().parse_args(list(argv))
    dirs.override("data", args.data_dir)
    dirs.override("cache", args.cache_dir)
    dirs.override("config", args.config_dir)
    return args


def run(args: argparse.Namespace) -> int:
    """Run a parsed command; returns the exit status."""
    command = {"add": add, "update": update, "sources": list_sources, "remove": remove}[args.command]
    return command(args)


def _say(message: str, code: int | None = None) -> int:
    print(f"brief: {display.one_line(message)}", file=sys.stderr)
    return code or 0


def _config() -> Config:
    """config.toml, its problems told (one line each: the file, the line, what is wrong)."""
    config = load_config(dirs.config_file())
    for problem in config.problems:
        _say(problem)
    return config


def _unknown(command: str) -> int:
    """A command that needs config.toml's sources when the file could not be read (said above)."""
    return _say(f"{command}: {unreadable_note(dirs.config_file())}", 1)


def _raw_sources() -> dict[str, Any]:
    """The `[sources]` table as TOML reads it, broken entries included ({} when unreadable)."""
    import tomllib

    try:
        table = tomllib.loads(dirs.config_file().read_text(encoding="utf-8")).get("sources", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    return table if isinstance(table, dict) else {}


# -- add ----------------------------------------------------------------------------------

def add(args: argparse.Namespace) -> int:
    """`brief add URL [--name NAME]`."""
    try:
        url = git_sources.given_url(args.url)
    except ValueError as exc:
        return _say(f"add: {exc}", 2)
    name = args.name or git_sources.derived_name(url)
    problem = git_sources.name_problem(name)
    if problem:
        return _say(f"add: {problem}" + ("" if args.name else "; choose one with --name NAME"), 2)
    config = _config()
    if config.unreadable:
        return _unknown("add")
    data = dirs.data_dir()
    local = git_sources.local_path(url)
    if local is not None and os.path.isfile(local):
        return _say(f"add: {display.shown_path(local)} is a file, not a git repository: read it as it is with "
                    f"`brief {display.shown_path(local)}`", 2)
    if local is not None and not os.path.exists(local) and not os.path.exists(local.rstrip("/") + ".git"):  # (git tries .git)
        return _say(f"add: no such folder: {display.shown_path(local)}", 2)
    if local is not None and os.path.isdir(local) and not git_sources.is_repository(local):
        return _say(f"add: {display.shown_path(local)} is a folder but no git repository, so there is nothing to clone: "
                    f"read it as it is with `brief {display.shown_path(local)}`, or list it in `paths` in config.toml", 2)
    key = git_sources.repository_key(url)
    same = next((s for s in config.sources if git_sources.repository_key(s.url) == key and s.branch is None), None)
    if same is not None:  # (before the name: the same URL again would clash on its name first, and --name would not help)
        return _say(f"add: source {same.name} follows {git_sources.shown_url(same.url)} already "
                    f"(`brief update {same.name}` fetches what is new)", 2)
    if name in _raw_sources():
        return _say(f"add: there is a source named {name} already; choose another name with --name NAME", 2)
    target = git_sources.clone_dir(name, data)
    if os.path.lexists(target):
        return _say(f"add: {display.shown_path(target)} exists already (no source of config.toml is named {name}); "
                    "delete it or choose another name with --name NAME", 2)
    if git_sources.git_binary() is None:
        return _say(git_sources.GIT_MISSING, 1)
    source = Source(name, url)
    if sys.stderr.isatty():
        _say(f"cloning {git_sources.shown_url(url)} into {display.shown_path(target)} …")
    result = git_sources.clone(source, data)  # (a failed or interrupted clone leaves nothing)
    if not result.ok:
        return _say(f"add: {name}: {result.message}", 1)
    error = add_source(dirs.config_file(), source)
    if error:
        git_sources.forget(name, data)
        return _say(f"add: {error}; the clone was deleted", 1)
    print(display.one_line(f"added {name} ({git_sources.shown_url(url)}): {result.message.removeprefix('cloned: ')} "
                           f"in {display.shown_path(target)}; `brief` reads it with the rest"))
    return 0


# -- update -------------------------------------------------------------------------------

def _chosen(config: Config, names: Sequence[str]) -> list[Source] | str:
    if not names:
        return list(config.sources)
    known = {source.name: source for source in config.sources}
    unknown = [name for name in names if name not in known]
    if unknown:
        return f"no source named {unknown[0]} in {dirs.config_file()} (`brief sources` lists them)"
    return [known[name] for name in dict.fromkeys(names)]


def update(args: argparse.Namespace) -> int:
    """`brief update [NAME ...]`: plain lines when piped, a progress bar on a terminal."""
    config = _config()
    if config.unreadable:
        return _unknown("update")
    chosen = _chosen(config, args.names)
    if isinstance(chosen, str):
        return _say(f"update: {chosen}", 2)
    if args.jobs < 1:
        return _say("update: --jobs must be at least 1", 2)
    if not chosen:
        return _say("no sources in config.toml: add one with `brief add URL`")
    if git_sources.git_binary() is None:
        return _say(git_sources.GIT_MISSING, 1)
    data = dirs.data_dir()
    if sys.stderr.isatty():
        results = _update_with_bar(chosen, data, args.jobs)
    else:
        results = git_sources.update_all(chosen, data, jobs=args.jobs, on_progress=lambda r, _d, _t: _tell(r))
    failed = [r for r in results if not r.ok]
    if sys.stdout.isatty() and len(results) > 1:
        changed = sum(r.ok and r.changed for r in results)
        print(f"{display.counted(len(results), 'source')}: {changed} updated, "
              f"{len(results) - changed - len(failed)} up to date, {len(failed)} failed")
    return 1 if failed else 0


def _line(result: Result) -> str:
    return display.one_line(f"{result.source.name}: {result.message}")


def _tell(result: Result) -> None:
    if result.ok:
        print(_line(result), flush=True)
    else:
        print(f"brief: {_line(result)}", file=sys.stderr, flush=True)


def _update_with_bar(chosen: list[Source], data: Path, jobs: int) -> list[Result]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    console = Console(stderr=True, highlight=False)
    waiting = [source.name for source in chosen]

    def running() -> str:
        shown = ", ".join(waiting)
        return "updating " + (shown if len(shown) <= 40 else shown[:39] + "…")

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True, redirect_stdout=False,
                  redirect_stderr=False) as bar:
        task = bar.add_task(running(), total=len(chosen))

        def progress(result: Result, done: int, _total: int) -> None:
            waiting.remove(result.source.name)
            if result.ok and not sys.stdout.isatty():
                print(_line(result), flush=True)  # (the lines go where stdout goes; the bar stays on the terminal)
            else:
                style = "" if result.ok else "red"
                console.print(Text(_line(result) if result.ok else f"brief: {_line(result)}", style=style))
            bar.update(task, completed=done, description=running())

        return git_sources.update_all(chosen, data, jobs=jobs, on_progress=progress)


# -- sources ------------------------------------------------------------------------------

def _counts(config: Config) -> dict[str, tuple[int, int]]:
    """Each cloned source's (digests, unread stories), from the library `brief` reads."""
    roots, _ = git_sources.roots(config.paths, config.sources, dirs.data_dir())
    mine = [root for root in roots if root.source is not None]
    if not mine:
        return {}
    from tui.core.session import Session

    session = Session([root.path for root in roots], dirs.cache_dir(), dirs.data_dir())
    try:
        session.load_now()
        session.open_store()
        library = session.library
        stories = library.stories
        read = stories.numbers(session.read)
        found: dict[str, tuple[int, set[int]]] = {root.label: (0, set()) for root in mine}
        for number, digest in enumerate(library.digests):
            root = next((r for r in mine if digest.path.startswith(r.path + os.sep)), None)
            if root is not None:
                count, unread = found[root.label]
                unread.update(story for story in stories.of_digest(number) if story not in read)
                found[root.label] = (count + 1, unread)
        library.save_stories()
        return {name: (count, len(unread)) for name, (count, unread) in found.items()}
    finally:
        session.close()


def _when(moment: datetime | None, cloned: bool) -> str:
    if not cloned:
        return "not cloned"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "never"


def list_sources(args: argparse.Namespace) -> int:
    """`brief sources [--json]`: name, URL, last update, digests, unread stories."""
    config = _config()
    if config.unreadable:
        return _unknown("sources")
    data = dirs.data_dir()
    counts = _counts(config)
    rows = []
    for source in config.sources:
        cloned = git_sources.is_cloned(source, data)
        digests, unread = counts.get(source.name, (0, 0))
        rows.append((source, cloned, git_sources.last_update(source, data), digests, unread))
    if args.json:
        print(display.dumps([
            {"name": s.name, "url": git_sources.shown_url(s.url), "branch": s.branch,
             "path": str(git_sources.clone_dir(s, data).absolute()), "cloned": cloned,
             "updated": moment.isoformat() if moment else None, "digests": digests if cloned else None,
             "unread": unread if cloned else None}
            for s, cloned, moment, digests, unread in rows
        ], indent=2))
        return 0
    if not rows:
        return _say("no sources in config.toml: add one with `brief add URL`")
    if not sys.stdout.isatty():
        sys.stdout.write("".join(
            "\t".join((s.name, git_sources.shown_url(s.url), _when(moment, cloned),
                       str(digests) if cloned else "-", str(unread) if cloned else "-")) + "\n"
            for s, cloned, moment, digests, unread in rows
        ))
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    for title in ("Name", "URL", "Updated", "Digests", "Unread"):
        table.add_column(title, no_wrap=True, justify="right" if title in ("Digests", "Unread") else "left",
                         overflow="ellipsis", ratio=1 if title == "URL" else None)
    for s, cloned, moment, digests, unread in rows:
        url = git_sources.shown_url(s.url) + (f" ({display.one_line(s.branch)})" if s.branch else "")
        table.add_row(Text(s.name, style="bold"), Text(url, style="dim"),
                      Text(_when(moment, cloned), style="" if cloned else "yellow"),
                      Text(str(digests) if cloned else "-"),
                      Text(str(unread) if cloned else "-", style="bold" if unread else "dim"))
    Console(highlight=False).print(table)
    return 0


# -- remove -------------------------------------------------------------------------------

def _can_ask() -> bool:
    """Whether there is a terminal to ask on (a question into a pipe would wait for ever)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def remove(args: argparse.Namespace) -> int:
    """`brief remove NAME [--yes]`: asks on a terminal; without one, only with --yes."""
    name = args.name
    problem = git_sources.name_problem(name)
    if problem:
        return _say(f"remove: {problem}", 2)
    config = _config()
    if config.unreadable:  # (its entry cannot be taken out: the copy stays, it may be the only one)
        return _unknown("remove")
    data = dirs.data_dir()
    listed = name in _raw_sources()
    target = git_sources.clone_dir(name, data)
    if not listed and not os.path.lexists(target):
        return _say(f"remove: no source named {name} in {dirs.config_file()} (`brief sources` lists them)", 2)
    source = next((s for s in config.sources if s.name == name), None)
    what = f"source {name}" + (f" ({git_sources.shown_url(source.url)})" if source else "")
    if not args.yes:
        if not _can_ask():
            return _say(f"remove: not on a terminal to ask: run `brief remove {name} --yes` to remove {what}", 2)
        try:
            answer = input(display.one_line(f"Remove {what} and its copy in {display.shown_path(target)}? "
                                            "Its read marks are kept. [y/N] "))
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print(f"kept {name}")
            return 0
    if listed:
        error = remove_source(dirs.config_file(), name)
        if error:
            return _say(f"remove: {error}", 1)
    try:
        git_sources.forget(name, data)
    except OSError as exc:
        return _say(f"remove: {name} is out of config.toml, but its copy {display.shown_path(target)} could not be "
                    f"deleted: {exc.strerror or exc}", 1)
    print(display.one_line(f"removed {what}: " + ("its entry in config.toml and " if listed else "")
                           + "its copy; its read marks are kept (state.db)"))
    return 0
