"""Sources: git repositories of digests, cloned into the data dir and read with the rest.

Every git run goes through `_git`, which makes a repository's files data and nothing more:

- no hooks: `-c core.hooksPath=/dev/null` on every run, and `--template=` on the clone, so no
  hook comes from `init.templateDir` or git's own templates either;
- no filters: before the first checkout the clone's `.git/info/attributes` (which wins over
  every `.gitattributes` in the tree, macros included) says `* -filter -ident -text -eol
  -working-tree-encoding -merge -diff`, so no clean/smudge/process driver a user or system
  config defines can run on the repository's say, LFS included (`GIT_LFS_SKIP_SMUDGE=1` too),
  and files are checked out byte for byte as committed;
- no submodules (`submodule.recurse=false`, never `--recurse-submodules`), no fsmonitor,
  symlinks checked out as small files holding the link's text (`core.symlinks=false`), so a
  repository cannot point the reader at a file outside it;
- only the transports https, ssh and file (`GIT_ALLOW_PROTOCOL`; `ext::` and the like are
  refused before git sees them too); a local path is cloned with `--no-local` (no hard links
  into someone else's object store);
- no prompt (`GIT_TERMINAL_PROMPT=0`, a session of its own so ssh finds no terminal), a
  timeout, and repository-locating variables (`GIT_DIR`, `GIT_WORK_TREE`…) not inherited.

The user's own git config still applies otherwise (credential helpers, `url.insteadOf`,
proxies, `core.sshCommand`).

Layout under the data dir: `sources/<name>` is the clone (a shallow one: `--depth 1`, one
branch, no tags), `sources/.<name>.updated` is touched by every successful clone or update (its
mtime is the "last update"; it holds the commit), and `sources/.<name>.<random>.tmp` is a clone
in progress, renamed to `<name>` when complete and deleted when not.

No Textual here: `update_all` runs from the command line or a reader worker thread alike.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tui.core import display

if TYPE_CHECKING:
    import subprocess
    import threading

NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
"""A source's name: letters, digits, `.`, `_`, `-`, not starting with `.` (nor `..`)."""
BRANCH = re.compile(r"(?!-)(?!.*\.\.)(?!.*//)[A-Za-z0-9._/-]+(?<![./])")
"""A branch name this module accepts (a subset of what git does: no spaces, no `..`)."""
MAX_NAME = 100

NETWORK_TIMEOUT = 600.0
"""Seconds a clone or a fetch may take before it is stopped."""
LOCAL_TIMEOUT = 120.0
"""Seconds any other git run may take (a checkout, a merge, a look at HEAD)."""

ATTRIBUTES = "* -filter -ident -text -eol -working-tree-encoding -merge -diff\n"
"""The clone's `.git/info/attributes`: nothing the repository's `.gitattributes` says applies."""

SAFE_CONFIG = (
    "core.hooksPath=/dev/null", "core.fsmonitor=false", "core.symlinks=false", "submodule.recurse=false",
    "fetch.recurseSubmodules=false", "protocol.allow=never", "protocol.https.allow=always",
    "protocol.ssh.allow=always", "protocol.file.allow=always", "gc.autoDetach=false",
    "maintenance.autoDetach=false", "advice.detachedHead=false", "credential.interactive=false",
    "merge.verifySignatures=false", "core.sparseCheckout=false",
)
"""`-c` settings of every git run (a user's or a system config cannot undo them)."""
ALLOWED_PROTOCOLS = "https:ssh:file"

_INHERITED_OUT = frozenset({
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX", "GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE",
    "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_SHALLOW_FILE", "GIT_INTERNAL_SUPER_PREFIX",
    "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_TEMPLATE_DIR", "GIT_EXTERNAL_DIFF",
    "GIT_DIFF_OPTS", "GIT_PAGER", "GIT_EDITOR", "GIT_SEQUENCE_EDITOR",
})
"""Variables a git hook or a `git -c` above Brief may have set: they would point git elsewhere."""

GIT_MISSING = "git is not installed (or not on PATH): sources need the git command line (https://git-scm.com)"


@dataclass(frozen=True, slots=True)
class Source:
    """A git repository of digests, as `[sources]` in config.toml names it."""

    name: str
    url: str
    branch: str | None = None
    """The branch to follow (None: the repository's default branch, as cloned)."""


class Root(NamedTuple):
    """A folder of the library with the label a reader shows for it."""

    label: str
    """A source's name, or a configured folder as the user would write it (`~/news`)."""
    path: str
    source: Source | None = None
    """The source this folder is the clone of (None: a folder from `paths`)."""


@dataclass(frozen=True, slots=True)
class Result:
    """What became of one source in `update`."""

    source: Source
    ok: bool
    message: str
    """One line: `cloned: 12 Markdown files`, `up to date`, `updated: 2 files added`, or why it failed
    (`… ; kept the old copy` when there is one)."""
    changed: bool = False
    """Whether the clone's files changed (a clone, or new commits taken)."""


# -- names and URLs ----------------------------------------------------------------------

def name_problem(name: str) -> str | None:
    """Why `name` cannot name a source (None: it can)."""
    if not name:
        return "a source's name cannot be empty"
    if len(name) > MAX_NAME:
        return f"a source's name is at most {MAX_NAME} characters"
    if not NAME.fullmatch(name):
        return f"{display.one_line(name)!r} is not a source name (letters, digits, '.', '_', '-'; not starting with '.')"
    return None


def branch_problem(branch: str) -> str | None:
    """Why `branch` is not a branch name Brief follows (None: it is)."""
    if not BRANCH.fullmatch(branch) or branch.endswith(".lock") or "@{" in branch:
        return f"{display.one_line(branch)!r} is not a branch name"
    return None


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_SCP = re.compile(r"^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:(?!/)")
_HOST = re.compile(r"^(?:[^@/]*@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d*)?$")


def url_problem(url: str) -> str | None:
    """Why `url` is not a repository Brief clones (None: it is). Accepted: `https://…`,
    `ssh://…`, `user@host:path`, `file:///…` and an absolute local path (or `~/…`).
    Whether the repository exists is not looked at here."""
    if not url or url != url.strip():
        return "a source's URL cannot be empty or start or end with a space"
    if any(not c.isprintable() for c in url):
        return "a source's URL cannot hold control characters"
    if url.startswith("-"):
        return f"{display.one_line(url)!r} is not a URL (it starts with '-')"
    scheme = _SCHEME.match(url)
    if scheme:
        kind = scheme.group(1).lower()
        rest = url[scheme.end():]
        if kind == "file":
            return None if rest.startswith("/") else "a file:// URL names an absolute path (file:///…)"
        if kind not in ("https", "ssh"):
            return (f"{kind}:// is not a transport Brief uses (https://, ssh://, user@host:path, file:///… "
                    "or a local folder)")
        if any(c.isspace() for c in url):
            return "a URL cannot hold spaces"
        authority = rest.split("/", 1)[0]
        host = _HOST.match(authority)
        if not host or host.group(1).startswith("-") or "/" not in rest:
            return f"{display.one_line(url)!r} names no host and path"
        return None
    if "::" in url.split("/", 1)[0]:
        return f"{display.one_line(url.split('::', 1)[0])}:: is a transport Brief does not use (only https, ssh and file)"
    if _SCP.match(url):
        return "a URL cannot hold spaces" if any(c.isspace() for c in url) else None
    if url.startswith(("/", "~")):
        return None
    return (f"{display.one_line(url)!r} is not a git URL Brief clones (https://, ssh://, user@host:path, "
            "file:///… or an absolute path)")


def given_url(text: str, cwd: str | None = None) -> str:
    """What `brief add` stores for what the user typed: an existing local folder (relative or
    not) as its absolute path, anything else as typed. Raises ValueError with the reason when
    it is no URL Brief clones."""
    scheme = _SCHEME.match(text)
    looks_remote = bool(scheme) or bool(_SCP.match(text)) or "::" in text.split("/", 1)[0]
    if not looks_remote and text and not text.startswith("-"):
        local = Path(cwd or os.getcwd(), os.path.expanduser(text))
        if local.is_dir():
            return str(local.resolve())
        if not text.startswith(("/", "~")):
            raise ValueError(f"{display.one_line(text)!r} is neither a git URL (https://, ssh://, user@host:path, "
                             "file:///…) nor an existing folder")
    problem = url_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def derived_name(url: str) -> str:
    """A source's name from its URL: the last part of the path without `.git`
    (`https://host/me/ai-digests.git` → `ai-digests`), other characters as `-`."""
    path = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]*", "", url)
    path = path.split(":", 1)[1] if _SCP.match(url) else path
    parts = [p for p in re.split(r"[/\\]+", path) if p and p != ".git"]
    last = parts[-1] if parts else "source"
    if last.lower().endswith(".git"):
        last = last[:-4]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", last).lstrip(".-") or "source"
    return name[:MAX_NAME]


def shown_url(url: str) -> str:
    """A URL for a table or a message: one line, a password in it as `***`, and so an https
    URL's user too (`https://TOKEN@host/…` is how a token is given)."""
    url = re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*):[^/@]*@", r"\1:***@", url)
    return display.one_line(re.sub(r"^(https://)(?!\*\*\*@)[^/@:]+@", r"\1***@", url, flags=re.IGNORECASE))


def repository_key(url: str) -> str:
    """One spelling of a repository's address, to see that two URLs name the same one:
    `file:///srv/d.git`, `/srv/d.git`, `/srv/d/.git` and `/srv/d/` are one; so are
    `https://Host/me/d.git` and `https://host/me/d/`. (Not a URL to clone.)"""
    text = url.strip()
    if text.lower().startswith("file://"):
        text = text[len("file://"):]
    scheme = _SCHEME.match(text)
    if scheme:
        rest = text[scheme.end():]
        authority, _, path = rest.partition("/")
        authority = authority.rsplit("@", 1)[-1].lower()  # (who signs in is not which repository)
        where = f"{scheme.group(1).lower()}://{authority}/{path}"
    elif _SCP.match(text):
        user_host, _, path = text.partition(":")
        where = f"ssh://{user_host.rsplit('@', 1)[-1].lower()}/{path}"
    else:
        where = os.path.normpath(os.path.expanduser(text)) if text else text
    where = where.rstrip("/")
    for suffix in ("/.git", ".git"):
        where = where.removesuffix(suffix)
    return where.rstrip("/")


def local_path(url: str) -> str | None:
    """The path a local source URL names (`/srv/d.git`, `~/d`, `file:///srv/d.git`); None for a
    remote one."""
    text = url[len("file://"):] if url.lower().startswith("file://") else url
    if _SCHEME.match(text) or _SCP.match(text) or not text.startswith(("/", "~")):
        return None
    return os.path.expanduser(text)


def is_repository(folder: str) -> bool:
    """Whether a local folder is a git repository (a work tree's `.git`, or a bare one's `HEAD`
    and `objects`); a folder that is not has nothing to clone: it is read as it is, from `paths`."""
    path = Path(folder)
    return (path / ".git").exists() or ((path / "HEAD").is_file() and (path / "objects").is_dir())


# -- where clones live --------------------------------------------------------------------

def sources_dir(data_dir: Path) -> Path:
    """The folder holding every clone."""
    return data_dir / "sources"


def clone_dir(source: Source | str, data_dir: Path) -> Path:
    """Where a source's clone lives (whether or not it exists yet)."""
    name = source if isinstance(source, str) else source.name
    return sources_dir(data_dir) / name


def _stamp(name: str, data_dir: Path) -> Path:
    return sources_dir(data_dir) / f".{name}.updated"


def last_update(source: Source | str, data_dir: Path) -> datetime | None:
    """When the source was last cloned or updated with success (None: never)."""
    name = source if isinstance(source, str) else source.name
    try:
        return datetime.fromtimestamp(_stamp(name, data_dir).stat().st_mtime, tz=UTC)
    except OSError:
        return None


def is_cloned(source: Source | str, data_dir: Path) -> bool:
    """Whether the source has a clone (a folder with a `.git` in it that git can read: an empty
    `.git` is none, and git's "not a git repository" would name no way out)."""
    return (clone_dir(source, data_dir) / ".git" / "HEAD").is_file()


def roots(paths: Sequence[str], sources: Sequence[Source], data_dir: Path,
          where: str = "config.toml") -> tuple[list[Root], list[str]]:
    """The library's folders when none are given on the command line: config `paths` that
    exist, then each cloned source. Also the notes to show, one line each: a missing folder
    (`<where>: path ~/x does not exist; skipped`), a source not cloned yet (`source NAME is
    not cloned yet: run `brief update NAME``)."""
    found: list[Root] = []
    notes: list[str] = []
    for path in paths:
        if os.path.exists(path):
            found.append(Root(display.shown_path(path), path))
        else:
            notes.append(f"{where}: path {path} does not exist; skipped")
    for source in sources:
        if is_cloned(source, data_dir):
            found.append(Root(source.name, str(clone_dir(source, data_dir).absolute()), source))
        elif os.path.lexists(clone_dir(source, data_dir)):  # (its .git gone: update would refuse it, not clone it)
            notes.append(f"source {source.name}: {not_a_clone(source, data_dir)}; skipped")
        else:
            notes.append(f"source {source.name} is not cloned yet: run `brief update {source.name}`")
    return found, notes


def not_a_clone(source: Source, data_dir: Path) -> str:
    """Why a source's folder is neither read nor updated (it is there, but no git clone: its
    `.git` deleted, or a link), and the way out, which `brief update` cannot take for it."""
    return (f"{display.shown_path(clone_dir(source, data_dir))} is not a git clone Brief made (no readable .git in it); "
            f"to clone it again: `brief remove {source.name}`, then `brief add {shown_url(source.url)} --name {source.name}`")


def still_configured(started: Sequence[Source], now: Sequence[Source]) -> tuple[list[Source], list[str]]:
    """Of the sources a reader started with, those config.toml still lists (as it lists them
    now: its URL or branch may have changed), and a line for each one taken out since
    (`brief remove` in another terminal: updating it would clone it again) or added since (its
    folder is not the reader's until it starts again)."""
    listed = {source.name: source for source in now}
    kept = [listed[source.name] for source in started if source.name in listed]
    gone = [f"{source.name}: no longer in config.toml, so not updated" for source in started if source.name not in listed]
    names = {source.name for source in started}
    gone += [f"{source.name}: added since the reader started; start Brief again to read it"
             for source in now if source.name not in names]
    return kept, gone


def git_binary() -> str | None:
    """The git command line, or None when there is none on PATH."""
    import shutil  # (the modules that run git are imported when git is run, not at every start)

    return shutil.which("git")


# -- running git --------------------------------------------------------------------------

class GitError(Exception):
    """A git run that failed; the message is one line, fit to show."""


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in _INHERITED_OUT and not k.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"))}
    env.update({
        "GIT_TERMINAL_PROMPT": "0", "GIT_LFS_SKIP_SMUDGE": "1", "GIT_ALLOW_PROTOCOL": ALLOWED_PROTOCOLS,
        "GIT_PROTOCOL_FROM_USER": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_ADVICE": "0",
    })
    return env


def _reason(stderr: str, fallback: str) -> str:
    """The line of git's stderr that says what went wrong (the last `fatal:`/`error:` one)."""
    lines = [line.strip() for line in stderr.replace("\r", "\n").splitlines() if line.strip()]
    lines = [line for line in lines if not any(generic in line for generic in _GENERIC)]
    for line in lines:
        for prefix in ("fatal:", "error:"):
            if line.lower().startswith(prefix):
                return display.one_line(line[len(prefix):].strip().rstrip("."))
    return display.one_line(lines[0].rstrip(".")) if lines else fallback


_GENERIC = ("Could not read from remote repository", "Please make sure you have the correct access rights",
            "and the repository exists", "hint:")
"""Lines git adds after the one that says what went wrong (the ssh error, the missing repository)."""


@dataclass(slots=True)
class _Runner:
    """Runs git with the safe settings; `cancel` stops every run in progress."""

    git: str
    timeout: float = NETWORK_TIMEOUT
    cancel: threading.Event | None = None

    def __call__(self, args: Sequence[str], cwd: Path | None = None, network: bool = False) -> str:
        import subprocess
        import time

        command = [self.git, *(part for setting in SAFE_CONFIG for part in ("-c", setting)), *args]
        limit = self.timeout if network else min(self.timeout, LOCAL_TIMEOUT)
        try:
            proc = subprocess.Popen(  # noqa: S603 - git, by its full path, with arguments we built
                command, cwd=cwd, env=_environment(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, start_new_session=True,
            )
        except OSError as exc:
            raise GitError(f"cannot run git: {exc.strerror or exc}") from exc
        deadline = time.monotonic() + limit
        try:
            while True:
                try:
                    out, err = proc.communicate(timeout=0.2)
                    break
                except subprocess.TimeoutExpired:
                    if self.cancel is not None and self.cancel.is_set():
                        _stop(proc)
                        raise GitError("stopped") from None
                    if time.monotonic() > deadline:
                        _stop(proc)
                        raise GitError(f"git took more than {limit:.0f} s; stopped") from None
        except BaseException:
            _stop(proc)  # (a KeyboardInterrupt) never leave git behind
            raise
        if proc.returncode != 0:
            raise GitError(_reason(err.decode("utf-8", "replace"), f"git {args[0]} failed (exit {proc.returncode})"))
        return out.decode("utf-8", "surrogateescape")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill git and whatever it started (ssh, a remote helper): its whole process group."""
    import signal
    import subprocess

    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
    try:
        proc.communicate(timeout=5)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        pass


# -- clone and update --------------------------------------------------------------------

def _counted_files(folder: Path) -> int:
    from tui.core.corpus.discovery import discover

    return len(discover([str(folder)]).files)


def clone(source: Source, data_dir: Path, *, timeout: float = NETWORK_TIMEOUT,
          cancel: threading.Event | None = None) -> Result:
    """Clone the source into the data dir (shallow: one commit of one branch, no tags). Made in
    a temporary folder beside the target and renamed when complete: a failed clone leaves
    nothing. A target that exists already is refused."""
    git = git_binary()
    if git is None:
        return Result(source, False, GIT_MISSING)
    problem = name_problem(source.name) or url_problem(source.url)
    if problem:
        return Result(source, False, problem)
    target = clone_dir(source, data_dir)
    if os.path.lexists(target):
        return Result(source, False, f"{display.shown_path(target)} exists already")
    import tempfile

    run = _Runner(git, timeout, cancel)
    url = os.path.expanduser(source.url) if source.url.startswith("~") else source.url
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{source.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        return Result(source, False, f"cannot make {display.shown_path(target.parent)}: {exc.strerror or exc}")
    try:
        branch = ["--branch", source.branch] if source.branch else []
        run(["clone", "--quiet", "--template=", "--no-checkout", "--depth", "1", "--single-branch", "--no-tags",
             "--no-local", "--config", "core.hooksPath=/dev/null", "--config", "core.symlinks=false",
             *branch, "--", url, str(work)], network=True)
        info = work / ".git" / "info"
        info.mkdir(parents=True, exist_ok=True)
        (info / "attributes").write_text(ATTRIBUTES, encoding="utf-8")
        try:
            run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cwd=work)
        except GitError:
            raise GitError("the repository has no commits (on that branch)") from None
        run(["checkout", "--quiet", "--force", "HEAD"], cwd=work)
        os.rename(work, target)
    except GitError as exc:
        if source.branch and "Remote branch" in str(exc) and "not found" in str(exc):  # (git's words name no setting)
            return Result(source, False, f"the repository has no branch {source.branch!r}: mend `branch` of {source.name} "
                                         "under [sources] in config.toml (or leave it out for the default branch)")
        return Result(source, False, str(exc))
    except OSError as exc:
        return Result(source, False, f"cannot write the clone: {exc.strerror or exc}")
    finally:
        if work.exists():
            remove_tree(work)
    _touch(source.name, data_dir, run, target)
    return Result(source, True, f"cloned: {display.counted(_counted_files(target), 'Markdown file')}", changed=True)


def _touch(name: str, data_dir: Path, run: _Runner, clone: Path) -> None:
    try:
        head = run(["rev-parse", "HEAD"], cwd=clone).strip()
    except GitError:
        head = ""
    try:
        _stamp(name, data_dir).write_text(head + "\n", encoding="utf-8")
    except OSError:
        pass  # (only the "last update" column misses it)


def _changes(run: _Runner, clone: Path, old: str, new: str) -> str:
    """`2 files added, 1 changed` between two commits (digest files only)."""
    out = run(["diff", "--no-ext-diff", "--no-textconv", "--no-renames", "--name-status", "-z", old, new,
               "--", "*.md", "*.markdown", "*.MD", "*.Markdown"], cwd=clone)
    parts = out.split("\0")
    counts = {"A": 0, "M": 0, "D": 0}
    for status in parts[0::2]:
        if status[:1] in counts:
            counts[status[:1]] += 1
        elif status[:1] == "T":
            counts["M"] += 1
    said = [(n, what) for n, what in ((counts["A"], "added"), (counts["M"], "changed"), (counts["D"], "removed")) if n]
    if not said:
        return "updated (no digest files changed)"
    (first, what), rest = said[0], said[1:]
    return f"updated: {display.counted(first, 'file')} {what}" + "".join(f", {n} {w}" for n, w in rest)


def update(source: Source, data_dir: Path, *, timeout: float = NETWORK_TIMEOUT,
           cancel: threading.Event | None = None) -> Result:
    """Fetch the source and fast-forward its clone (cloning it first when it has none). A
    history that does not fast-forward (a force-push), a fetch that fails (the repository gone,
    no network) or local changes in the way are reported and the old copy is kept as it was."""
    git = git_binary()
    if git is None:
        return Result(source, False, GIT_MISSING)
    target = clone_dir(source, data_dir)
    if not os.path.lexists(target):
        return clone(source, data_dir, timeout=timeout, cancel=cancel)
    kept = "; kept the old copy"
    if not is_cloned(source, data_dir) or target.is_symlink():
        return Result(source, False, not_a_clone(source, data_dir))  # (left as it is)
    problem = url_problem(source.url)
    if problem:
        return Result(source, False, problem + kept)
    run = _Runner(git, timeout, cancel)
    url = os.path.expanduser(source.url) if source.url.startswith("~") else source.url
    try:
        info = target / ".git" / "info"
        info.mkdir(parents=True, exist_ok=True)
        (info / "attributes").write_text(ATTRIBUTES, encoding="utf-8")  # (a clone from before this rule)
        branch = source.branch or run(["symbolic-ref", "--quiet", "--short", "HEAD"], cwd=target).strip()
        if not branch or branch_problem(branch):
            return Result(source, False, f"the clone is on no branch{kept}")
        if run(["config", "--get", "remote.origin.url"], cwd=target).strip() != url:
            run(["remote", "set-url", "origin", "--", url], cwd=target)  # (the URL in config.toml changed)
        old = run(["rev-parse", "--verify", "HEAD^{commit}"], cwd=target).strip()
        tracking = f"refs/remotes/origin/{branch}"
        run(["fetch", "--quiet", "--no-tags", "--no-recurse-submodules", "--no-write-fetch-head", "origin",
             f"+refs/heads/{branch}:{tracking}"], cwd=target, network=True)
        new = run(["rev-parse", "--verify", f"{tracking}^{{commit}}"], cwd=target).strip()
        if new == old:
            _touch(source.name, data_dir, run, target)
            return Result(source, True, "up to date")
        try:
            run(["merge-base", "--is-ancestor", old, new], cwd=target)
        except GitError:
            return Result(source, False, "the repository's history was rewritten (not a fast-forward)"
                          f"{kept} (to take the new history: `brief remove {source.name}`, then `brief add` it again)")
        run(["merge", "--quiet", "--ff-only", "--no-edit", "--no-stat", "--no-verify", tracking], cwd=target)
        said = _changes(run, target, old, new)
    except GitError as exc:
        return Result(source, False, f"{exc}{kept}")
    except OSError as exc:
        return Result(source, False, f"cannot write the clone: {exc.strerror or exc}{kept}")
    _touch(source.name, data_dir, run, target)
    return Result(source, True, said, changed=True)


def update_all(sources: Sequence[Source], data_dir: Path, *, jobs: int = 4,
               on_progress: Callable[[Result, int, int], None] | None = None,
               timeout: float = NETWORK_TIMEOUT, cancel: threading.Event | None = None) -> list[Result]:
    """Update (or clone) every source, `jobs` at a time, in threads; the results in the order of
    `sources`. `on_progress(result, done, total)` is called as each source finishes, in the
    thread that called `update_all` (never two at once). Setting `cancel` stops the git runs in
    progress (their sources fail with "stopped"; a clone in progress leaves nothing); so does
    a KeyboardInterrupt, which is raised again once they have stopped."""
    import threading
    from concurrent.futures import ThreadPoolExecutor, as_completed

    results: dict[int, Result] = {}
    if not sources:
        return []
    stop = cancel if cancel is not None else threading.Event()
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(sources))), thread_name_prefix="brief-git") as pool:
        futures = {pool.submit(update, source, data_dir, timeout=timeout, cancel=stop): number
                   for number, source in enumerate(sources)}
        try:
            for future in as_completed(futures):
                number = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # noqa: BLE001 - one source's surprise is that source's failure
                    result = Result(sources[number], False, f"unexpected error: {type(exc).__name__}: {exc}")
                results[number] = result
                if on_progress is not None:
                    on_progress(result, len(results), len(sources))
        except BaseException:
            stop.set()
            raise
    return [results[number] for number in range(len(sources))]


def remove_tree(path: Path) -> None:
    """Delete a clone (git's read-only object files included); a symlink is unlinked, never followed."""
    import shutil

    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
        return

    def again(function: Callable[..., object], name: str, _: object) -> None:
        try:
            os.chmod(os.path.dirname(name) or ".", 0o700)
            os.chmod(name, 0o600)
        except OSError:
            pass
        function(name)

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=again)
    else:
        shutil.rmtree(path, onerror=again)


def forget(name: str, data_dir: Path) -> None:
    """Delete a source's clone and its last-update stamp."""
    remove_tree(clone_dir(name, data_dir))
    _stamp(name, data_dir).unlink(missing_ok=True)
