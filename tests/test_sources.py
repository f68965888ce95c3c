"""Git sources against real local repositories: add, update, sources, remove; what must never run."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.helpers import digest_text
from tui import source_commands
from tui.cli import EXAMPLES, main
from tui.core import sources
from tui.core.config import add_source, load_config, remove_source
from tui.core.sources import Source

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command line")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIGEST = ROOT / "sample_data" / "ai-cn" / "2026.11.19.08.md"
GIT = shutil.which("git") or "git"


class Remote:
    """A bare repository on this machine and a work clone that commits digests and pushes."""

    def __init__(self, root: Path, name: str = "digests") -> None:
        self.root = root
        self.bare = root / f"{name}.git"
        self.work = root / f"{name}-work"
        root.mkdir(parents=True, exist_ok=True)
        self.config = root / "committer.gitconfig"
        self.config.write_text("[user]\n\tname = Committer\n\temail = c@example.com\n[init]\n\tdefaultBranch = main\n")
        self.git("init", "--quiet", "--bare", str(self.bare))
        self.git("init", "--quiet", str(self.work))
        self.git("-C", str(self.work), "remote", "add", "origin", str(self.bare))

    @property
    def url(self) -> str:
        return self.bare.as_uri()

    def git(self, *args: str) -> str:
        env = {**os.environ, "GIT_CONFIG_GLOBAL": str(self.config), "GIT_CONFIG_NOSYSTEM": "1"}
        return subprocess.run([GIT, "-c", "core.hooksPath=/dev/null", *args], check=True, capture_output=True,
                              text=True, env=env, timeout=60).stdout

    def commit(self, files: dict[str, str | bytes], message: str = "digests", push: bool = True) -> str:
        for name, content in files.items():
            path = self.work / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        self.git("-C", str(self.work), "add", "--all")
        self.git("-C", str(self.work), "commit", "--quiet", "-m", message)
        if push:
            self.git("-C", str(self.work), "push", "--quiet", "origin", "HEAD:main")
        return self.git("-C", str(self.work), "rev-parse", "HEAD").strip()

    def rewrite(self, files: dict[str, str]) -> None:
        """A history that does not contain the old one, force-pushed."""
        self.git("-C", str(self.work), "checkout", "--quiet", "--orphan", "rewritten")
        self.git("-C", str(self.work), "rm", "-r", "--quiet", "--cached", ".")
        self.commit(files, "rewritten", push=False)
        self.git("-C", str(self.work), "push", "--quiet", "--force", "origin", "HEAD:main")


def digest(title: str, date: str, headline: str, url: str) -> str:
    return digest_text([f"[{headline} - Ann](https://example.com/{url})\nSummary of {headline}."],
                       front=f"title: {title}\ndate: {date}")


@pytest.fixture
def remote(tmp_path: Path) -> Remote:
    found = Remote(tmp_path / "remote")
    found.commit({"2026.11.19.08.md": SAMPLE_DIGEST.read_text(encoding="utf-8"), "README.md": "# Digests\n"})
    return found


@pytest.fixture
def user_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The reading user's own git config (empty unless a test writes to it)."""
    config = tmp_path / "user.gitconfig"
    config.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return config


@pytest.fixture
def where(isolated: dict[str, Path], user_git: Path) -> dict[str, Path]:
    return {"config": isolated["config"] / "brief" / "config.toml", "data": isolated["data"] / "brief"}


def brief(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def titles(capsys: pytest.CaptureFixture[str]) -> list[str]:
    code, out, err = brief(capsys, "--list")
    assert code == 0, err
    return [line.split("\t")[1] for line in out.splitlines()]


SAMPLE_TITLE = "2026.11.19.08 过去4小时全球AI发生了什么？"


# -- add ----------------------------------------------------------------------------------

def test_add_a_file_url_clones_shallow_and_the_digests_are_listed(capsys, remote: Remote, where) -> None:
    code, out, err = brief(capsys, "add", remote.url)
    assert code == 0, err
    assert out.startswith(f"added digests ({remote.url}): 2 Markdown files in ") and err == ""
    assert load_config(where["config"]).sources == [Source("digests", remote.url)]
    clone = where["data"] / "sources" / "digests"
    assert (clone / "2026.11.19.08.md").read_bytes() == SAMPLE_DIGEST.read_bytes()
    assert (clone / ".git" / "shallow").exists()  # one commit, not the history
    assert not (clone / ".git" / "hooks").exists()  # no template: no sample hooks either
    assert titles(capsys) == [SAMPLE_TITLE]  # no PATH: config paths + sources
    assert sorted(p.name for p in (where["data"] / "sources").iterdir()) == [".digests.updated", "digests"]


def test_add_a_plain_relative_path_stores_it_absolute(capsys, remote: Remote, where, monkeypatch) -> None:
    monkeypatch.chdir(remote.root)
    code, out, err = brief(capsys, "add", "digests.git", "--name", "local")
    assert code == 0, err
    assert load_config(where["config"]).sources == [Source("local", str(remote.bare))]
    objects = where["data"] / "sources" / "local" / ".git"
    assert (objects / "shallow").exists()  # --no-local: shallow, and no hard links into the other repository
    assert all(p.stat().st_nlink == 1 for p in (objects / "objects").rglob("*") if p.is_file())
    assert titles(capsys) == [SAMPLE_TITLE]


def test_the_name_comes_from_the_url() -> None:
    assert sources.derived_name("https://github.com/me/ai-digests.git") == "ai-digests"
    assert sources.derived_name("git@github.com:me/news.git") == "news"
    assert sources.derived_name("ssh://git@host:2222/srv/weekly/") == "weekly"
    assert sources.derived_name("/home/me/My Digests/.git") == "My-Digests"
    assert sources.derived_name("file:///srv/.hidden.git") == "hidden"
    assert sources.derived_name("https://host/") == "source"


def test_urls_brief_clones_and_those_it_refuses() -> None:
    for good in ("https://github.com/me/d.git", "ssh://git@host:22/d.git", "git@github.com:me/d.git",
                 "file:///srv/d.git", "/srv/d.git", "~/d.git"):
        assert sources.url_problem(good) is None, good
    for bad, why in (("ext::sh -c touch% /tmp/x", "ext:: is a transport"), ("fd::17", "fd:: is a transport"),
                     ("http://host/d.git", "http:// is not a transport"), ("git://host/d.git", "git://"),
                     ("file://host/d.git", "absolute path"), ("-uhttps://x/y", "starts with '-'"),
                     ("ssh://-oProxyCommand=x/y", "names no host"), ("https://h/a\nb", "control characters"),
                     ("relative/path", "not a git URL"), ("", "empty")):
        problem = sources.url_problem(bad)
        assert problem is not None and why in problem, (bad, problem)


def test_an_ext_url_is_refused_and_runs_nothing(capsys, where, tmp_path: Path) -> None:
    marker = tmp_path / "EXT-RAN"
    code, out, err = brief(capsys, "add", f"ext::sh -c touch% {marker}")
    assert code == 2 and out == ""
    assert err.strip() == "brief: add: ext:: is a transport Brief does not use (only https, ssh and file)"
    assert not marker.exists() and not where["config"].exists()
    # and were one to reach git, git itself refuses it (GIT_ALLOW_PROTOCOL)
    run = sources._Runner(GIT, 30)
    with pytest.raises(sources.GitError, match="transport 'ext' not allowed"):
        run(["clone", f"ext::sh -c touch% {marker}", str(tmp_path / "x")], network=True)
    assert not marker.exists()


def other_remote(remote: Remote) -> Path:
    other = Remote(remote.root.parent / "another", "digests")
    other.commit({"d.md": digest("Another", "2026-11-01T08:00:00Z", "A", "a")})
    return other.bare


def test_a_name_clash_is_refused(capsys, remote: Remote, where) -> None:
    assert brief(capsys, "add", remote.url)[0] == 0
    config = where["config"].read_text()
    code, _, err = brief(capsys, "add", str(remote.bare))  # another spelling, the same name: the same repository
    assert code == 2 and "source digests follows" in err and "(`brief update digests` fetches what is new)" in err
    code, _, err = brief(capsys, "add", str(other_remote(remote)), "--name", "digests")  # another repository, the name taken
    assert code == 2 and "there is a source named digests already; choose another name with --name NAME" in err
    code, _, err = brief(capsys, "add", remote.url, "--name", "again")
    assert code == 2 and "source digests follows" in err  # the same URL twice would list every digest twice
    assert where["config"].read_text() == config
    other = Remote(remote.root.parent / "second", "digests")
    other.commit({"d.md": digest("Second", "2026-11-01T08:00:00Z", "S", "s")})
    (where["data"] / "sources" / "left-over").mkdir()
    code, _, err = brief(capsys, "add", str(other.bare), "--name", "left-over")
    assert code == 2 and "exists already" in err
    code, _, err = brief(capsys, "add", str(other.bare), "--name", ".hidden")
    assert code == 2 and "is not a source name" in err
    for spelling in (str(remote.bare), f"{remote.bare}/", str(remote.bare.with_suffix("")), f"{remote.url}/"):
        code, _, err = brief(capsys, "add", spelling, "--name", "other")  # (each another spelling of file:///…/digests.git)
        assert code == 2 and "source digests follows" in err, spelling
    assert where["config"].read_text() == config
    code, _, err = brief(capsys, "add", str(other.bare), "--name", "other")
    assert code == 0, err
    assert [s.name for s in load_config(where["config"]).sources] == ["digests", "other"]


def test_a_failed_clone_leaves_nothing(capsys, where, tmp_path: Path) -> None:
    code, out, err = brief(capsys, "add", (tmp_path / "nowhere.git").as_uri())  # (refused before git is asked)
    assert (code, out) == (2, "") and err == f"brief: add: no such folder: {tmp_path / 'nowhere.git'}\n"
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / ".git").write_text("gitdir: /nowhere/at/all\n")  # (looks like a repository, is none)
    code, out, err = brief(capsys, "add", str(broken))
    assert code == 1 and out == ""
    assert err.startswith("brief: add: broken: ")
    assert list((where["data"] / "sources").iterdir()) == []  # no half-made clone, no temporary folder
    assert not where["config"].exists()


def test_an_empty_repository_is_refused(capsys, where, tmp_path: Path) -> None:
    empty = Remote(tmp_path / "e", "empty")
    code, _, err = brief(capsys, "add", empty.url)
    assert code == 1 and "the repository has no commits" in err
    assert list((where["data"] / "sources").iterdir()) == []


# -- update -------------------------------------------------------------------------------

def test_update_after_a_new_commit_lists_the_new_digest(capsys, remote: Remote, where) -> None:
    assert brief(capsys, "add", remote.url)[0] == 0
    assert brief(capsys, "update") == (0, "digests: up to date\n", "")
    remote.commit({"2026.11.20.08.md": digest("Newer", "2026-11-20T08:00:00+08:00", "Fresh", "fresh")})
    code, out, err = brief(capsys, "update")
    assert (code, out, err) == (0, "digests: updated: 1 file added\n", "")
    assert titles(capsys) == ["Newer", SAMPLE_TITLE]
    stamp = sources.last_update("digests", where["data"])
    assert stamp is not None and abs(time.time() - stamp.timestamp()) < 60


def test_a_force_push_is_refused_and_the_old_copy_still_reads(capsys, remote: Remote, where) -> None:
    assert brief(capsys, "add", remote.url)[0] == 0
    clone = where["data"] / "sources" / "digests"
    before = (clone / "2026.11.19.08.md").read_bytes()
    remote.rewrite({"2026.11.19.08.md": digest("Rewritten", "2026-11-19T08:00:00+08:00", "Other", "other")})
    code, out, err = brief(capsys, "update")
    assert code == 1 and out == ""
    assert err.strip() == ("brief: digests: the repository's history was rewritten (not a fast-forward); kept the old "
                           "copy (to take the new history: `brief remove digests`, then `brief add` it again)")
    assert (clone / "2026.11.19.08.md").read_bytes() == before
    assert titles(capsys) == [SAMPLE_TITLE]
    assert brief(capsys, "update")[0] == 1  # and again: it never takes the rewritten history on its own


def test_a_missing_repository_is_reported_and_the_old_copy_still_reads(capsys, remote: Remote, where) -> None:
    assert brief(capsys, "add", remote.url)[0] == 0
    shutil.rmtree(remote.bare)
    code, out, err = brief(capsys, "update")
    assert code == 1 and out == ""
    assert err.strip() == f"brief: digests: '{remote.bare}' does not appear to be a git repository; kept the old copy"
    assert titles(capsys) == [SAMPLE_TITLE]


def test_each_failure_is_one_line_and_the_others_are_updated(capsys, remote: Remote, where, tmp_path: Path) -> None:
    other = Remote(tmp_path / "other", "weekly")
    other.commit({"w1.md": digest("Weekly 1", "2026-11-01T08:00:00Z", "W1", "w1")})
    assert brief(capsys, "add", remote.url)[0] == 0
    assert brief(capsys, "add", other.url)[0] == 0
    with where["config"].open("a") as file:
        file.write(f'gone = "{(tmp_path / "gone.git").as_uri()}"\n')
    remote.commit({"2026.11.20.08.md": digest("Newer", "2026-11-20T08:00:00+08:00", "Fresh", "fresh")})
    code, out, err = brief(capsys, "update")
    assert code == 1
    assert sorted(out.splitlines()) == ["digests: updated: 1 file added", "weekly: up to date"]
    assert len(err.splitlines()) == 1 and err.startswith("brief: gone: ") and "does not appear to be a git" in err
    code, out, err = brief(capsys, "update", "weekly", "weekly")
    assert (code, out, err) == (0, "weekly: up to date\n", "")
    code, out, err = brief(capsys, "update", "nosuch")
    assert code == 2 and "no source named nosuch" in err


def test_update_all_reports_progress_in_the_callers_thread(remote: Remote, where, tmp_path: Path) -> None:
    data = where["data"]
    good = Source("digests", remote.url)
    bad = Source("gone", (tmp_path / "gone.git").as_uri())
    seen: list[tuple[str, bool, int, int, str]] = []
    results = sources.update_all([good, bad], data, jobs=2, on_progress=lambda r, done, total: seen.append(
        (r.source.name, r.ok, done, total, threading.current_thread().name)))
    assert [(r.source.name, r.ok, r.changed) for r in results] == [("digests", True, True), ("gone", False, False)]
    assert results[0].message == "cloned: 2 Markdown files"
    assert sorted(name for name, *_ in seen) == ["digests", "gone"]
    assert [done for _, _, done, _, _ in seen] == [1, 2] and {total for *_, total, _ in seen} == {2}
    assert {thread for *_, thread in seen} == {threading.current_thread().name}
    assert sources.update_all([], data) == []


def test_a_source_not_cloned_yet_is_named_and_update_clones_it(capsys, remote: Remote, where, tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "n.md").write_text(digest("Local", "2026-10-01T08:00:00Z", "L", "l"), encoding="utf-8")
    where["config"].parent.mkdir(parents=True)
    where["config"].write_text(f'paths = ["{news}"]\n\n[sources]\ndigests = "{remote.url}"\n')
    code, out, err = brief(capsys, "--list")
    assert code == 0 and [line.split("\t")[1] for line in out.splitlines()] == ["Local"]
    assert err.strip() == "brief: source digests is not cloned yet: run `brief update digests`"
    code, out, err = brief(capsys, "update")
    assert (code, out, err) == (0, "digests: cloned: 2 Markdown files\n", "")
    assert titles(capsys) == [SAMPLE_TITLE, "Local"]


def test_a_clone_whose_git_folder_is_gone_names_the_way_out_and_it_works(capsys, remote: Remote, where) -> None:
    """`--list` said "run brief update", and update said "not a clone Brief made": a loop. Both now
    name the way out (remove, then add), and following it gives the digests back."""
    assert brief(capsys, "add", remote.url)[0] == 0
    clone = where["data"] / "sources" / "digests"
    shutil.rmtree(clone / ".git")
    way_out = f"`brief remove digests`, then `brief add {remote.url} --name digests`"
    code, out, err = brief(capsys, "--list")
    assert code == 2 and "not cloned yet" not in err and "run `brief update" not in err
    assert "is not a git clone Brief made (no readable .git in it)" in err.splitlines()[0] and way_out in err
    code, out, err = brief(capsys, "update")
    assert code == 1 and "is not a git clone Brief made" in err and way_out in err
    assert sorted(p.name for p in clone.iterdir()) != [], "update leaves the folder as it is"
    (clone / ".git").mkdir()  # (an empty .git: git's "not a git repository" named no way out)
    code, out, err = brief(capsys, "update")
    assert code == 1 and "is not a git clone Brief made" in err and way_out in err
    assert brief(capsys, "remove", "digests", "--yes")[0] == 0
    assert brief(capsys, "add", remote.url, "--name", "digests")[0] == 0
    assert titles(capsys) == [SAMPLE_TITLE]


def test_only_sources_not_cloned_is_exit_2_with_the_notes(capsys, remote: Remote, where) -> None:
    where["config"].parent.mkdir(parents=True)
    where["config"].write_text(f'[sources]\ndigests = "{remote.url}"\n')
    code, out, err = brief(capsys, "--list")
    assert code == 2 and out == ""
    assert err.splitlines() == ["brief: source digests is not cloned yet: run `brief update digests`",
                                "brief: none of the sources in config.toml can be read"]


def test_update_with_no_sources_says_how_to_add_one(capsys, where) -> None:
    assert brief(capsys, "update") == (0, "", "brief: no sources in config.toml: add one with `brief add URL`\n")


def test_a_progress_bar_on_a_terminal(capsys, remote: Remote, where, monkeypatch, tmp_path: Path) -> None:
    assert brief(capsys, "add", remote.url)[0] == 0
    with where["config"].open("a") as file:
        file.write(f'gone = "{(tmp_path / "gone.git").as_uri()}"\n')
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = brief(capsys, "update")
    assert code == 1
    assert out == "digests: up to date\n"  # (stdout is no terminal: the lines go there as they would to a pipe)
    assert "brief: gone: " in err and "kept" not in err  # (never cloned: no old copy to keep)


# -- git missing ------------------------------------------------------------------------

def test_git_missing_is_one_clear_line_and_exit_1(capsys, remote: Remote, where, monkeypatch, tmp_path: Path) -> None:
    assert brief(capsys, "add", remote.url)[0] == 0
    other = Remote(tmp_path / "second")
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert sources.git_binary() is None
    for argv in (["add", str(other.bare), "--name", "x"], ["update"]):
        code, out, err = brief(capsys, *argv)
        assert (code, out) == (1, "")
        assert err == f"brief: {sources.GIT_MISSING}\n"
    code, out, _ = brief(capsys, "sources")  # listing needs no git
    assert code == 0 and out.startswith("digests\t")
    assert titles(capsys) == [SAMPLE_TITLE]  # nor does reading


# -- what must never run -------------------------------------------------------------------

def _evil_config(config: Path, tmp_path: Path) -> Path:
    """A user's git config whose hooks, templates, fsmonitor and filters all leave a marker."""
    marks = tmp_path / "marks"
    marks.mkdir()
    hooks = tmp_path / "evil-hooks"
    template = tmp_path / "evil-template"
    for label, folder in (("hooks", hooks), ("template", template / "hooks")):
        folder.mkdir(parents=True)
        for hook in ("post-checkout", "post-merge", "reference-transaction", "pre-merge-commit", "post-rewrite",
                     "post-index-change", "fsmonitor-watchman"):
            script = folder / hook
            script.write_text(f"#!/bin/sh\ntouch '{marks}/{label}-{hook}'\ncat >/dev/null 2>&1 || true\n")
            script.chmod(0o755)
    monitor = tmp_path / "monitor.sh"
    monitor.write_text(f"#!/bin/sh\ntouch '{marks}/fsmonitor'\n")
    monitor.chmod(0o755)
    config.write_text(
        "[core]\n"
        f"\thooksPath = {hooks}\n"
        f"\tfsmonitor = {monitor}\n"
        "[init]\n"
        f"\ttemplateDir = {template}\n"
        '[filter "evil"]\n'
        f"\tsmudge = \"sh -c 'touch {marks}/smudge; cat'\"\n"
        f"\tclean = \"sh -c 'touch {marks}/clean; cat'\"\n"
        "\trequired = true\n"
        '[filter "lfs"]\n'
        f"\tsmudge = \"sh -c 'touch {marks}/lfs; cat'\"\n"
        '[filter "viaMacro"]\n'
        f"\tsmudge = \"sh -c 'touch {marks}/macro; cat'\"\n"
    )
    return marks


ATTRIBUTES = "[attr]quiet filter=viaMacro\n*.md filter=evil\n*.bin filter=lfs\nnotes/* quiet\n"


def test_no_hook_filter_or_fsmonitor_ever_runs(capsys, remote: Remote, where, user_git: Path, tmp_path: Path) -> None:
    remote.commit({".gitattributes": ATTRIBUTES, "data.bin": b"\x00bytes", "notes/n.txt": "note\n",
                   "2026.11.19.12.md": "---\ntitle: T\n---\n\n1.  [A - B](https://e.com/a)\n"})
    marks = _evil_config(user_git, tmp_path)
    # that config does run them, with git as anyone runs it:
    control = tmp_path / "control"
    done = subprocess.run([GIT, "clone", "--quiet", str(remote.bare), str(control)], capture_output=True, timeout=60)
    ran = {p.name for p in marks.iterdir()}
    assert {"hooks-post-checkout", "hooks-reference-transaction", "smudge", "lfs", "macro"} <= ran, done.stderr
    subprocess.run([GIT, "-C", str(control), "status"], capture_output=True, timeout=60)
    assert (marks / "fsmonitor").exists()
    for mark in marks.iterdir():
        mark.unlink()
    code, _, err = brief(capsys, "add", remote.url)
    assert code == 0, err
    remote.commit({"2026.11.20.08.md": "---\ntitle: New\n---\n\n1.  [C - D](https://e.com/c)\n", "more.bin": b"\x01"})
    code, out, err = brief(capsys, "update")
    assert (code, out) == (0, "digests: updated: 1 file added\n"), err
    assert sorted(p.name for p in marks.iterdir()) == []
    clone = where["data"] / "sources" / "digests"
    assert (clone / "data.bin").read_bytes() == b"\x00bytes"  # byte for byte, as committed
    assert (clone / "2026.11.20.08.md").read_text().startswith("---\ntitle: New")


def test_a_symlink_in_the_repository_is_a_plain_file(capsys, remote: Remote, where, tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(digest("Secret", "2026-11-30T08:00:00Z", "Private", "private"), encoding="utf-8")
    (remote.work / "leak.md").symlink_to(secret)
    remote.commit({})
    assert brief(capsys, "add", remote.url)[0] == 0
    leak = where["data"] / "sources" / "digests" / "leak.md"
    assert not leak.is_symlink() and leak.read_text() == str(secret)
    assert titles(capsys) == [SAMPLE_TITLE]  # the file outside the repository is not read


def test_inherited_git_variables_do_not_point_git_elsewhere(capsys, remote: Remote, where, monkeypatch, tmp_path) -> None:
    decoy = tmp_path / "decoy"
    subprocess.run([GIT, "init", "--quiet", str(decoy)], check=True, timeout=60)
    monkeypatch.setenv("GIT_DIR", str(decoy / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(decoy))
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'core.hookspath'='/tmp'")
    assert brief(capsys, "add", remote.url)[0] == 0
    assert (where["data"] / "sources" / "digests" / "2026.11.19.08.md").exists()
    assert not list(decoy.glob("*.md"))


def test_a_git_that_hangs_is_stopped(where, tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text("#!/bin/sh\nsleep 60\n")
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    started = time.monotonic()
    result = sources.clone(Source("slow", "https://example.com/slow.git"), where["data"], timeout=1)
    assert time.monotonic() - started < 15
    assert not result.ok and result.message == "git took more than 1 s; stopped"
    assert list((where["data"] / "sources").iterdir()) == []
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    results = sources.update_all([Source("slow", "https://example.com/slow.git")], where["data"], cancel=cancel)
    assert results[0].message == "stopped"


# -- config ---------------------------------------------------------------------------------

BROKEN = """\
paths = []
watch = "sometimes"

[sources]
good = "https://example.com/good.git"
number = 3
".hidden" = "https://example.com/h.git"
ext = "ext::sh -c touch% /tmp/x"
typo = { url = "https://example.com/t.git", brnach = "dev" }
branched = { url = "https://example.com/b.git", branch = "dev" }
nourl = { branch = "dev" }
"""


def test_broken_entries_are_reported_with_their_line_and_skipped(capsys, where) -> None:
    where["config"].parent.mkdir(parents=True)
    where["config"].write_text(BROKEN)
    config = load_config(where["config"])
    assert config.sources == [Source("good", "https://example.com/good.git"),
                              Source("branched", "https://example.com/b.git", "dev")]
    file = where["config"]
    assert config.problems == [
        f'{file}, line 2: `watch` must be true, false or "poll", not \'sometimes\'; watching with events',
        f'{file}, line 6: `[sources]` number: must be a URL in quotes (name = "https://…") or '
        '{ url = "…", branch = "…" }; skipped',
        f"{file}, line 7: `[sources]` .hidden: '.hidden' is not a source name (letters, digits, '.', '_', '-'; "
        "not starting with '.'); skipped",
        f"{file}, line 8: `[sources]` ext: ext:: is a transport Brief does not use (only https, ssh and file); skipped",
        f"{file}, line 9: `[sources]` typo: unknown key `brnach` (an entry has `url` and, if wanted, `branch`); skipped",
        f'{file}, line 11: `[sources]` nourl: must be a URL in quotes (name = "https://…") or '
        '{ url = "…", branch = "…" }; skipped',
    ]
    code, _, err = brief(capsys, "--check-config")
    assert code == 1 and len(err.splitlines()) == 6 and ", line 8: `[sources]` ext:" in err
    code, out, err = brief(capsys, "sources")
    assert code == 0 and [line.split("\t")[:3] for line in out.splitlines()] == [
        ["good", "https://example.com/good.git", "not cloned"], ["branched", "https://example.com/b.git", "not cloned"]]
    assert len(err.splitlines()) == 6


def test_sources_as_a_non_table_and_as_sub_tables(where) -> None:
    where["config"].parent.mkdir(parents=True)
    where["config"].write_text('theme = "nord"\nsources = ["https://example.com/a.git"]\n')
    config = load_config(where["config"])
    assert config.sources == [] and config.problems == [
        f'{where["config"]}, line 2: `sources` must be a table ([sources] with name = "url" lines); ignored']
    where["config"].write_text('[sources.a]\nurl = "https://example.com/a.git"\n\n[sources.b]\nurl = 5\n')
    config = load_config(where["config"])
    assert config.sources == [Source("a", "https://example.com/a.git")]
    assert config.problems == [f'{where["config"]}, line 4: `[sources]` b: must be a URL in quotes (name = "https://…") '
                               'or { url = "…", branch = "…" }; skipped']


KEPT = """\
# my Brief settings
theme = "nord"   # picked in the palette
paths = ["~/news"]

[sources]
# the team's digests
team = "https://example.com/team.git"   # weekly

[keymap]
open_link = "o,ctrl+o"
"""


def test_add_and_remove_edit_config_toml_keeping_the_rest(tmp_path: Path) -> None:
    file = tmp_path / "config.toml"
    file.write_text(KEPT)
    assert add_source(file, Source("ai.cn", "git@example.com:me/ai.git")) is None
    assert file.read_text() == KEPT.replace('# weekly\n', '# weekly\n"ai.cn" = "git@example.com:me/ai.git"\n')
    assert add_source(file, Source("dev", "https://e.com/d.git", "main")) is None
    assert '"ai.cn" = "git@example.com:me/ai.git"\ndev = { url = "https://e.com/d.git", branch = "main" }\n\n[keymap]' \
        in file.read_text()
    assert [s.name for s in load_config(file).sources] == ["team", "ai.cn", "dev"]
    assert add_source(file, Source("team", "https://x/y.git")) == f"there is a source named team in {file} already"
    assert remove_source(file, "ai.cn") is None
    assert remove_source(file, "dev") is None
    assert file.read_text() == KEPT
    assert remove_source(file, "team") is None
    assert file.read_text() == KEPT.replace('team = "https://example.com/team.git"   # weekly\n', "")
    assert remove_source(file, "team") == f"there is no source named team in {file}"
    assert not list(tmp_path.glob("*.tmp"))


def test_add_makes_the_table_and_quotes_what_toml_needs(tmp_path: Path) -> None:
    file = tmp_path / "sub" / "config.toml"
    assert add_source(file, Source("a", '/srv/odd "dir"\\x')) is None
    assert file.read_text() == '[sources]\na = "/srv/odd \\"dir\\"\\\\x"\n'
    assert load_config(file).sources == [Source("a", '/srv/odd "dir"\\x')]
    file.write_text('theme = "nord"')
    assert add_source(file, Source("b", "https://e.com/b.git")) is None
    assert file.read_text() == 'theme = "nord"\n\n[sources]\nb = "https://e.com/b.git"\n'
    file.write_text("[sources.c]\nurl = \"https://e.com/c.git\"\n\n[keymap]\nquit = \"q\"\n")
    assert remove_source(file, "c") is None
    assert file.read_text() == '[keymap]\nquit = "q"\n'
    file.write_text("theme = \n")
    assert "is not valid TOML" in (add_source(file, Source("d", "https://e.com/d.git")) or "")
    assert file.read_text() == "theme = \n"


# -- sources and remove -----------------------------------------------------------------------

def test_sources_lists_name_url_last_update_digests_unread(capsys, remote: Remote, where) -> None:
    assert brief(capsys, "add", remote.url)[0] == 0
    code, out, err = brief(capsys, "sources")
    assert code == 0 and err == ""
    name, url, updated, digests, unread = out.rstrip("\n").split("\t")
    assert (name, url, digests, unread) == ("digests", remote.url, "1", "5")
    assert len(updated) == len("2026-12-01 08:00")
    assert brief(capsys, "--open", "1", "--print")[0] == 0
    code, out, _ = brief(capsys, "sources", "--json")
    [record] = json.loads(out)
    assert record["name"] == "digests" and record["cloned"] is True and record["digests"] == 1
    assert record["unread"] == 4 and record["path"] == str(where["data"] / "sources" / "digests")


def test_a_password_in_a_url_is_not_shown() -> None:
    assert sources.shown_url("https://me:s3cret@example.com/d.git") == "https://me:***@example.com/d.git"
    assert sources.shown_url("https://ghp_T0ken@github.com/me/d.git") == "https://***@github.com/me/d.git"  # a token
    assert sources.shown_url("ssh://git@example.com/d.git") == "ssh://git@example.com/d.git"  # (a user, no secret)
    assert sources.shown_url("git@example.com:me/d.git") == "git@example.com:me/d.git"


def test_one_repository_spelt_many_ways_has_one_key() -> None:
    key = sources.repository_key
    assert len({key(u) for u in ("file:///srv/d.git", "/srv/d.git", "/srv/d/.git", "/srv/d/", "/srv/./d")}) == 1
    assert len({key(u) for u in ("https://Host/me/d.git", "https://host/me/d/", "https://u:p@host/me/d")}) == 1
    assert key("git@Host:me/d.git") == key("ssh://git@host/me/d")
    assert key("https://host/me/d") != key("https://host/me/d2") and key("https://host/me/d") != key("ssh://host/me/d")


def test_add_on_a_folder_that_is_no_repository_says_how_to_read_it(capsys, where, tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "d.md").write_text(digest("Plain", "2026-11-01T08:00:00Z", "P", "p"), encoding="utf-8")
    code, out, err = brief(capsys, "add", str(folder))
    assert code == 2 and out == ""
    assert "is a folder but no git repository, so there is nothing to clone" in err and f"`brief {folder}`" in err
    assert not where["config"].exists() and not (where["data"] / "sources" / "plain").exists()
    code, out, err = brief(capsys, "add", str(folder / "d.md"))  # (git said "does not look like a v2 or v3 bundle file")
    assert (code, out) == (2, "") and err == f"brief: add: {folder / 'd.md'} is a file, not a git repository: " \
        f"read it as it is with `brief {folder / 'd.md'}`\n"


def test_remove_asks_refuses_without_a_terminal_and_keeps_read_marks(capsys, remote: Remote, where, monkeypatch) -> None:
    where["config"].parent.mkdir(parents=True)
    where["config"].write_text(KEPT)
    assert brief(capsys, "add", remote.url)[0] == 0
    assert brief(capsys, "--open", "1", "--print")[0] == 0  # one story read
    clone = where["data"] / "sources" / "digests"
    code, out, err = brief(capsys, "remove", "digests")
    assert code == 2 and out == "" and clone.exists()
    assert err.strip() == (f"brief: remove: not on a terminal to ask: run `brief remove digests --yes` to remove "
                           f"source digests ({remote.url})")
    asked: list[str] = []
    monkeypatch.setattr(source_commands, "_can_ask", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "n")
    assert brief(capsys, "remove", "digests") == (0, "kept digests\n", "")
    assert clone.exists() and asked and asked[0].endswith("Its read marks are kept. [y/N] ")
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    code, out, err = brief(capsys, "remove", "digests")
    assert code == 0 and err == ""
    assert out == (f"removed source digests ({remote.url}): its entry in config.toml and its copy; "
                   "its read marks are kept (state.db)\n")
    assert not clone.exists() and sources.last_update("digests", where["data"]) is None
    assert where["config"].read_text() == KEPT
    assert brief(capsys, "remove", "digests", "--yes")[0] == 2
    assert brief(capsys, "add", remote.url)[0] == 0  # back again: the story read before is still read
    code, out, _ = brief(capsys, "sources")
    assert [line.split("\t")[3:] for line in out.splitlines() if line.startswith("digests")] == [["1", "4"]]
    assert brief(capsys, "remove", "digests", "--yes")[0] == 0
    assert where["config"].read_text() == KEPT


def test_remove_takes_away_a_copy_no_entry_names(capsys, remote: Remote, where) -> None:
    assert brief(capsys, "add", remote.url)[0] == 0
    where["config"].write_text("")
    code, out, _ = brief(capsys, "remove", "digests", "--yes")
    assert code == 0 and out == "removed source digests: its copy; its read marks are kept (state.db)\n"
    assert not (where["data"] / "sources" / "digests").exists()


def test_a_config_that_cannot_be_read_stops_every_source_command_and_deletes_nothing(capsys, remote: Remote, where) -> None:
    """Its sources are unknown: `remove` used to delete the copy (maybe the only one left) and say
    "removed"; `update` and `sources` said "no sources" and exited 0; `add` cloned first."""
    assert brief(capsys, "add", remote.url)[0] == 0
    clone = where["data"] / "sources" / "digests"
    where["config"].write_text('[sources]\ndigests = "' + remote.url + '"\nthis is [not toml\n')
    for argv in (["remove", "digests", "--yes"], ["update"], ["sources"], ["sources", "--json"],
                 ["add", remote.url, "--name", "other"]):
        code, out, err = brief(capsys, *argv)
        assert code == 1 and out == "", argv
        assert "not valid TOML" in err and "could not be read, so its sources are not known: mend it first" in err, argv
    assert (clone / "2026.11.19.08.md").exists() and not (where["data"] / "sources" / "other").exists()
    for argv in (["--list"], ["--items", "--json"], []):  # (the reader too: it stops before it starts)
        code, out, err = brief(capsys, *argv)  # (they read the sample digests, as if nothing were configured)
        assert code == 2 and out == "", argv
        assert "could not be read, so the folders and sources in it are not known: mend it (`brief --check-config`)" in err
        assert "sample digests" not in err
    code, out, _ = brief(capsys, "--list", str(clone))  # (a folder given needs no config)
    assert code == 0 and "2026.11.19.08.md" in out


# -- the command line --------------------------------------------------------------------------

def test_command_words_come_first_and_a_path_can_still_be_named(capsys, tmp_path: Path, monkeypatch, where) -> None:
    assert source_commands.command_word(["add", "x"]) == "add"
    assert source_commands.command_word(["--data-dir", "d", "--config-dir=c", "update"]) == "update"
    assert source_commands.command_word(["./add"]) is None
    assert source_commands.command_word(["--list", "add"]) is None
    folder = tmp_path / "add"
    folder.mkdir()
    (folder / "a.md").write_text(digest("In a folder named add", "2026-11-01T08:00:00Z", "A", "a"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = brief(capsys, "--list", "./add")
    assert code == 0 and "In a folder named add" in out
    with pytest.raises(SystemExit) as exc:
        main(["add"])
    assert exc.value.code == 2 and "the following arguments are required: URL" in capsys.readouterr().err


def test_the_command_line_knows_every_source_command_without_importing_them() -> None:
    from tui import cli

    assert set(source_commands.COMMANDS) == cli._SOURCE_WORDS  # (the reader's start checks the words only)


def test_location_flags_before_or_after_the_command(capsys, remote: Remote, tmp_path: Path, user_git) -> None:
    data, conf = tmp_path / "d", tmp_path / "c"
    assert brief(capsys, "--data-dir", str(data), "add", remote.url, "--config-dir", str(conf))[0] == 0
    assert (data / "sources" / "digests").is_dir() and (conf / "config.toml").exists()
    code, out, _ = brief(capsys, "sources", "--data-dir", str(data), "--config-dir", str(conf))
    assert code == 0 and out.startswith("digests\t")


def test_the_help_examples_of_sources_work(capsys, where, tmp_path: Path) -> None:
    remote = Remote(tmp_path / "r", "digests")
    remote.commit({"d.md": digest("From the example", "2026-11-01T08:00:00Z", "E", "e")})
    lines = [line.strip().split("  ")[0] for line in EXAMPLES.splitlines()]
    examples = [line for line in lines if line.split()[1:2] and line.split()[1] in source_commands.COMMANDS]
    assert [e.split()[1] for e in examples] == ["add", "update", "sources", "remove"]
    for example in examples:
        argv = [remote.url if part.startswith("https://") else part for part in shlex.split(example)[1:]]
        code, out, err = brief(capsys, *argv)
        assert code == 0, (example, err)
        assert out.strip(), example
    assert load_config(where["config"]).sources == []


# -- in the reader ----------------------------------------------------------------------------

async def test_u_in_the_reader_fetches_and_the_new_digest_is_listed(capsys, remote: Remote, where, tmp_path: Path) -> None:
    from tests.reader_helpers import loaded
    from tui.app import BriefApp
    from tui.cli import resolve_paths
    from tui.screens.reader import ReaderScreen

    assert brief(capsys, "add", remote.url)[0] == 0
    folder = tmp_path / "own"
    folder.mkdir()
    (folder / "2026.11.18.08.md").write_text(digest("Own", "2026-11-18T08:00:00+08:00", "Mine", "mine"), encoding="utf-8")
    where["config"].write_text(where["config"].read_text(encoding="utf-8").replace(
        "[sources]", f"paths = [{str(folder)!r}]\nwatch = false\n\n[sources]"), encoding="utf-8")
    paths, origin = resolve_paths([], [])
    assert origin == "config" and len(paths) == 2
    remote.commit({"2026.11.20.08.md": digest("Newer", "2026-11-20T08:00:00+08:00", "Fresh", "fresh")})
    app = BriefApp(paths, blink=False, detail_delay=0, with_sources=True)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert [source.label for source in app.session.groups.sources] == ["own", "digests"]  # grouped by source
        assert "Newer" not in [r.digest.title for r in screen.view.rows[1:] if r.digest]
        await pilot.press("U")
        for _ in range(200):
            await pilot.pause(0.05)
            if any(r.digest is not None and r.digest.title == "Newer" for r in screen.view.rows[1:]):
                break
        assert any(r.digest is not None and r.digest.title == "Newer" for r in screen.view.rows[1:]), "U fetched it"
        for _ in range(60):  # (what arrived is told once the folders settle)
            messages = [n.message for n in app._notifications]
            if any("1 new digest" in m for m in messages):
                break
            await pilot.pause(0.05)
        assert any("digests: updated: 1 file added" in m for m in messages), messages
        assert any("1 new digest" in m for m in messages), messages
        remote.bare.rename(remote.bare.with_name("gone.git"))
        await pilot.press("U")
        for _ in range(200):
            await pilot.pause(0.05)
            if screen._updating is None and any("kept the old copy" in n.message for n in app._notifications):
                break
        assert any("digests:" in n.message and "kept the old copy" in n.message for n in app._notifications)
        assert any(r.digest is not None and r.digest.title == "Newer" for r in screen.view.rows[1:])


async def test_u_is_hidden_when_the_folders_were_given(capsys, where, tmp_path: Path) -> None:
    from tests.reader_helpers import loaded, make_app

    (tmp_path / "a.md").write_text(digest("A", "2026-11-18T08:00:00+08:00", "A", "a"), encoding="utf-8")
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert app.screen.check_action("update_sources", ()) is None


async def test_u_does_not_clone_back_a_source_removed_while_the_reader_runs(capsys, remote: Remote, where) -> None:
    from tests.reader_helpers import loaded
    from tui.app import BriefApp
    from tui.cli import resolve_paths
    from tui.screens.reader import ReaderScreen

    assert brief(capsys, "add", remote.url)[0] == 0
    where["config"].write_text("watch = false\n" + where["config"].read_text(encoding="utf-8"), encoding="utf-8")
    paths, _ = resolve_paths([], [])
    app = BriefApp(paths, blink=False, detail_delay=0, with_sources=True)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert brief(capsys, "remove", "digests", "--yes")[0] == 0  # (another terminal)
        clone = sources.clone_dir("digests", where["data"])
        assert not clone.exists()
        await pilot.press("U")
        for _ in range(200):
            await pilot.pause(0.05)
            if app.screen._updating is None:
                break
        messages = [n.message for n in app._notifications]
        assert any("digests: no longer in config.toml, so not updated" in m for m in messages), messages
        assert not clone.exists(), "U cloned back what was removed"
        assert app.screen.check_action("update_sources", ()) is None, "no source left: U is dimmed, and says why"


def test_still_configured_follows_the_config_as_it_is_now() -> None:
    a, b, c = Source("a", "https://h/a"), Source("b", "https://h/b"), Source("c", "https://h/c")
    moved = Source("a", "https://h/a2", "main")
    kept, gone = sources.still_configured([a, b], [moved, c])
    assert kept == [moved]  # (as listed now; c was not read by this reader, so is not its to update)
    assert gone == ["b: no longer in config.toml, so not updated",
                    "c: added since the reader started; start Brief again to read it"]


def test_a_branch_the_repository_lacks_names_the_setting_to_mend(capsys, remote: Remote, where) -> None:
    """git said "Remote branch nope not found in upstream origin": the user was sent back to update."""
    where["config"].parent.mkdir(parents=True)
    where["config"].write_text(f'[sources]\ndigests = {{ url = "{remote.url}", branch = "nope" }}\n')
    code, out, err = brief(capsys, "update")
    assert code == 1
    assert "digests: the repository has no branch 'nope': mend `branch` of digests under [sources] in config.toml" in err
    assert not (where["data"] / "sources" / "digests").exists()
