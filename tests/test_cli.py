"""The command line end to end: output, exit codes, messages, --open, config."""

from __future__ import annotations

import json
import subprocess
import sys
import webbrowser
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import run_brief
from tests.helpers import digest_text, write
from tui import __version__
from tui.cli import main


def brief(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def news(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    write(root, "cn/2026.01.01.08.md", digest_text(
        ["[第一条 - 宝玉](https://x.com/dotey/status/1)\n摘要一，**机器人**。",
         "[Second - Ann](https://example.com/2)\nSummary two.",
         "[Bad link - Eve](javascript:alert(1))\nx",
         "A story without a link\nNo source."],
        front="title: 早报\ndate: 2026-01-01T08:00:00+08:00\ncategories: [AI]\ntags: [t1]"))
    write(root, "cn/2026.01.01.12.md", digest_text(
        ["[第一条又来了](https://twitter.com/dotey/status/1)\n再次出现。", "[Third - Bob](https://example.com/3)\nS3."],
        front="title: 午报\ndate: 2026-01-01T12:00:00+08:00\ncategories: [Robots]"))
    return root


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"brief {__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "--open" in out and "--items" in out


def test_missing_path_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = brief(capsys, "--list", str(tmp_path / "nope"))
    assert code == 2 and out == ""
    assert err.strip() == f"brief: no such file or folder: {tmp_path / 'nope'}"


def test_empty_folder_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = brief(capsys, "--list", str(tmp_path))
    assert code == 0 and out == ""
    assert "no digests found in" in err and str(tmp_path) in err


def test_list_newest_first_tab_separated(capsys: pytest.CaptureFixture[str], news: Path) -> None:
    code, out, err = brief(capsys, "--list", str(news))
    assert code == 0 and err == ""
    rows = [line.split("\t") for line in out.splitlines()]
    assert [r[1] for r in rows] == ["午报", "早报"]
    assert rows[0][0] == "2026-01-01 04:00"  # shown in local time (UTC in tests)
    assert [r[2] for r in rows] == ["2", "4"]
    assert [r[3] for r in rows] == ["2", "4"]
    assert rows[0][4].endswith("cn/2026.01.01.12.md")


def test_items_json_fields(capsys: pytest.CaptureFixture[str], news: Path) -> None:
    code, out, err = brief(capsys, "--items", "--json", str(news))
    assert code == 0
    data = json.loads(out)
    assert [d["headline"] for d in data] == ["第一条又来了", "Third", "Second", "Bad link", "A story without a link"]
    first = data[0]
    assert set(first) == {"digest", "file", "digest_title", "date", "date_from", "number", "headline", "author", "author_id", "url",
                          "key", "categories", "tags", "read", "first_seen", "also_in", "section", "summary"}
    assert first["digest"] == "2026.01.01.12" and first["number"] == 1
    assert first["author"] == "宝玉" and first["author_id"] == "@dotey"
    assert first["key"] == "https://x.com/dotey/status/1"
    assert first["first_seen"] == "2026.01.01.08" and first["also_in"] == ["2026.01.01.08"]
    assert first["date"] == "2026-01-01T12:00:00+08:00" and first["date_from"] == "front matter"
    assert first["categories"] == ["Robots"] and first["read"] is False
    assert first["summary"] == "再次出现。"
    assert data[4]["url"] is None and data[4]["author"] is None


def test_items_with_digest_keeps_repeats_and_order(capsys: pytest.CaptureFixture[str], news: Path) -> None:
    code, out, _ = brief(capsys, "--items", "--json", "--digest", "2026.01.01.08", str(news))
    data = json.loads(out)
    assert [d["number"] for d in data] == [1, 2, 3, 4]
    assert data[0]["also_in"] == ["2026.01.01.12"] and data[0]["first_seen"] == "2026.01.01.08"


def test_items_filters(capsys: pytest.CaptureFixture[str], news: Path) -> None:
    def heads(*flags: str) -> list[str]:
        code, out, _ = brief(capsys, "--items", "--json", *flags, str(news))
        assert code == 0
        return [d["headline"] for d in json.loads(out)]

    assert heads("--author", "宝玉") == ["第一条又来了"]
    assert heads("--author", "@DOTEY") == ["第一条又来了"]
    assert heads("--author", "ann") == ["Second"]
    assert heads("--category", "robots") == ["第一条又来了", "Third"]
    assert heads("--category", "T1") == ["第一条", "Second", "Bad link", "A story without a link"]
    assert heads("--search", "机器人") == ["第一条"]
    assert heads("--search", "SUMMARY TWO") == ["Second"]
    assert heads("--category", "AI", "--author", "Ann") == ["Second"]


def test_unknown_author_says_so(capsys: pytest.CaptureFixture[str], news: Path) -> None:
    code, out, err = brief(capsys, "--items", "--author", "Nobody", str(news))
    assert code == 0 and out == ""
    assert "no author is named 'Nobody'" in err


@pytest.mark.parametrize("flag", ["--digest", "--category", "--section", "--source", "--author", "--search"])
def test_an_empty_filter_is_refused_not_ignored(capsys: pytest.CaptureFixture[str], news: Path, flag: str) -> None:
    for value in ("", "   "):
        code, out, err = brief(capsys, "--items", flag, value, str(news))
        assert (code, out) == (2, "")
        assert err.startswith(f"brief: {flag} is empty")


def test_items_plain_output_is_tab_separated(capsys: pytest.CaptureFixture[str], news: Path) -> None:
    code, out, _ = brief(capsys, "--items", str(news))
    first = out.splitlines()[0].split("\t")
    assert first == ["2026.01.01.12#1", "2026-01-01 04:00", "unread", "第一条又来了", "宝玉", "https://twitter.com/dotey/status/1"]


def test_items_name_each_digest_so_that_open_finds_it_again(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Where file names repeat (one name in two folders, `index.md` page bundles), a reference
    names the digest by the shortest path suffix that is its own; elsewhere by its name."""
    for folder, url in (("dupA", "https://e.com/a"), ("dupB", "https://e.com/b"), ("deep/x/dupA", "https://e.com/c")):
        write(tmp_path, f"{folder}/2026-12-01.md", digest_text([f"[Story {folder}]({url})\nText."]))
    for day in ("2026-11-02", "2026-11-03"):
        write(tmp_path, f"posts/{day}/index.md", digest_text([f"[Bundle {day}](https://e.com/{day})\nText."]))
    write(tmp_path, "2026-10-01.md", digest_text(["[Alone](https://e.com/alone)\nText."]))
    code, out, err = brief(capsys, "--items", str(tmp_path))
    assert code == 0, err
    refs = {line.split("\t")[3]: line.split("\t")[0] for line in out.splitlines()}
    assert refs == {"Story dupA": f"{tmp_path.name}/dupA/2026-12-01#1", "Story dupB": "dupB/2026-12-01#1",
                    "Story deep/x/dupA": "x/dupA/2026-12-01#1", "Bundle 2026-11-02": "2026-11-02/index#1",
                    "Bundle 2026-11-03": "2026-11-03/index#1", "Alone": "2026-10-01#1"}
    for headline, ref in refs.items():
        code, out, err = brief(capsys, "--open", ref, "--print", str(tmp_path))
        assert code == 0, err
        assert out.strip() == {"Story dupA": "https://e.com/a", "Story dupB": "https://e.com/b",
                               "Story deep/x/dupA": "https://e.com/c", "Alone": "https://e.com/alone"}.get(
                                   headline, "https://e.com/" + headline.removeprefix("Bundle "))


def test_open_print_marks_read_in_a_new_process(news: Path, isolated: dict[str, Path]) -> None:
    opened = run_brief("--open", "2026.01.01.08#2", "--print", str(news))
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout == "https://example.com/2\n"
    assert (isolated["data"] / "brief" / "state.db").exists()
    listed = run_brief("--items", "--unread", str(news))
    assert "Second" not in listed.stdout and "Third" in listed.stdout
    listing = run_brief("--list", str(news))
    assert [line.split("\t")[3] for line in listing.stdout.splitlines()] == ["2", "3"]


def test_open_marks_a_repeated_story_read_everywhere(capsys: pytest.CaptureFixture[str], news: Path) -> None:
    assert brief(capsys, "--open", "2026.01.01.08#1", "--print", str(news))[0] == 0
    code, out, _ = brief(capsys, "--items", "--json", "--digest", "2026.01.01.12", str(news))
    assert json.loads(out)[0]["read"] is True


def test_open_ref_forms(capsys: pytest.CaptureFixture[str], news: Path) -> None:
    code, out, err = brief(capsys, "--open", "2", "--print", "--open", "2026.01.01.0#2", "--open", "cn/2026.01.01.12#2",
                           "--open", "http://www.example.com/3/", "--open", "https://x.com/dotey/status/1", str(news))
    assert code == 0, err
    assert out.splitlines() == ["https://example.com/3", "https://example.com/2", "https://example.com/3",
                                "https://example.com/3", "https://twitter.com/dotey/status/1"]


def test_open_errors_name_the_ref_and_others_still_run(capsys: pytest.CaptureFixture[str], news: Path) -> None:
    code, out, err = brief(
        capsys, "--open", "nosuch#1", "--open", "2026.01.01.08#3", "--open", "2026.01.01.08#4",
        "--open", "2026.01.01.08#9", "--open", "2026.01.01#1", "--open", "2026.01.01.08#2", "--print", str(news),
    )
    assert code == 1
    assert out == "https://example.com/2\n"
    lines = err.splitlines()
    assert lines[0] == "brief: nosuch#1: no digest named 'nosuch'"
    assert lines[1] == "brief: 2026.01.01.08#3: javascript: links are not opened (only http and https)"
    assert lines[2] == "brief: 2026.01.01.08#4: the item has no link"
    assert lines[3] == "brief: 2026.01.01.08#9: digest 2026.01.01.08 has items 1-4, not 9"
    from tui.core.display import shown_path

    shown = [shown_path(news / "cn" / name) for name in ("2026.01.01.08.md", "2026.01.01.12.md")]
    assert lines[4] == (f"brief: 2026.01.01#1: '2026.01.01' matches 2 digests ({shown[0]}, {shown[1]}); "
                        "give more of the name or a path suffix")
    assert not shown[0].startswith(".."), "not relative to the current folder when outside it"
    code, out, _ = brief(capsys, "--items", "--unread", str(news))
    assert "Second" not in out and "Bad link" in out and "A story without a link" in out


def test_open_hands_the_url_to_the_browser(capsys: pytest.CaptureFixture[str], news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: calls.append(url) or True)
    code, out, err = brief(capsys, "--open", "2026.01.01.12#2", str(news))
    assert (code, out, err) == (0, "", "")
    assert calls == ["https://example.com/3"]


def test_open_reports_a_browser_that_cannot_start(capsys: pytest.CaptureFixture[str], news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)
    code, out, err = brief(capsys, "--open", "2026.01.01.12#2", str(news))
    assert code == 1
    assert "could not start a web browser" in err
    code, out, _ = brief(capsys, "--items", "--unread", str(news))
    assert "Third" in out  # not marked read


def test_load_problems_go_to_stderr_after_output(capsys: pytest.CaptureFixture[str], news: Path) -> None:
    write(news, "broken.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    code, out, err = brief(capsys, "--list", str(news))
    assert code == 0 and len(out.splitlines()) == 2
    assert err.strip() == f"{news / 'broken.md'}: not a text file (binary data)"


def test_config_paths_and_command_line_wins(capsys: pytest.CaptureFixture[str], news: Path, tmp_path: Path, isolated: dict[str, Path]) -> None:
    other = tmp_path / "other"
    write(other, "x.md", digest_text(["[Only in other](https://e.com/o)"], front="title: Other"))
    config = isolated["config"] / "brief" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'paths = ["{news}"]\n')
    code, out, _ = brief(capsys, "--list")
    assert [line.split("\t")[1] for line in out.splitlines()] == ["午报", "早报"]
    code, out, _ = brief(capsys, "--list", str(other))
    assert [line.split("\t")[1] for line in out.splitlines()] == ["Other"]


def test_no_paths_no_config_reads_the_samples(capsys: pytest.CaptureFixture[str], sample_dir: Path) -> None:
    code, out, err = brief(capsys, "--list")
    assert code == 0 and len(out.splitlines()) >= 8
    assert str(sample_dir) in out
    assert err.strip() == "brief: no folders given or configured: these are the sample digests (give FOLDER, or paths in config.toml)"


def test_flag_combinations_are_checked(capsys: pytest.CaptureFixture[str], news: Path) -> None:
    assert brief(capsys, "--print", str(news))[0] == 2
    assert brief(capsys, "--author", "x", str(news))[0] == 2
    assert brief(capsys, "--json", str(news))[0] == 2
    code, _, err = brief(capsys, "--digest", "nosuch", "--items", str(news))
    assert code == 1 and "no digest named 'nosuch'" in err


def test_dir_flags_move_state_and_cache(capsys: pytest.CaptureFixture[str], news: Path, tmp_path: Path) -> None:
    data, cache = tmp_path / "mydata", tmp_path / "mycache"
    code, *_ = brief(capsys, "--open", "1", "--print", "--data-dir", str(data), "--cache-dir", str(cache), str(news))
    assert code == 0
    assert (data / "state.db").exists() and list(cache.glob("index-*.bin"))


def test_hostile_text_is_neutralised_in_plain_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(tmp_path, "h.md", digest_text(["[Evil \x1b]52;c;aGk=\x07 [bold]x[/] \u202e - A\x9bB](https://e.com/h)\nS"]))
    code, out, _ = brief(capsys, "--items", str(tmp_path))
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\u202e" not in out
    assert "[bold]x[/]" in out
    code, out, _ = brief(capsys, "--items", "--json", str(tmp_path))
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert "\x1b]52;c;aGk=\x07" in json.loads(out)[0]["headline"]  # the data is kept, escaped


def test_author_matches_a_name_by_prefix_or_word_when_none_is_exact(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = tmp_path / "deer"
    write(root, "2026.02.01.08.md", digest_text(
        ["[鹿的新闻 - 小鹿 🦌](https://example.com/deer)\nS.", "[Other - Ann Lee](https://example.com/ann)\nS.",
         "[Third - Annabel](https://example.com/annabel)\nS."]))
    code, out, _err = brief(capsys, "--items", "--author", "小鹿", str(root))
    assert code == 0 and "鹿的新闻" in out and "Other" not in out
    code, out, _err = brief(capsys, "--items", "--author", "lee", str(root))
    assert code == 0 and "Other" in out and "Third" not in out
    code, out, _err = brief(capsys, "--items", "--author", "Annabel", str(root))
    assert code == 0 and "Third" in out and "Other" not in out, "an exact name wins over prefixes"


def test_unknown_category_and_section_say_so_like_an_unknown_author(capsys: pytest.CaptureFixture[str], news: Path) -> None:
    for flag, message in [("--category", "no digest has the category or tag 'nosuch'"),
                          ("--section", "no item is under a section heading named 'nosuch'"),
                          ("--author", "no author is named 'nosuch'")]:
        code, out, err = brief(capsys, "--items", flag, "nosuch", str(news))
        assert (code, out) == (0, "") and err.strip() == f"brief: {message}"
    code, out, err = brief(capsys, "--items", "--category", "robots", str(news))
    assert code == 0 and out and err == "", "a known category in any case"


@pytest.fixture
def unnamed_copy(tmp_path: Path) -> Path:
    """A story named with its author in an older digest and without one in the newest."""
    root = tmp_path / "copies"
    write(root, "2026.03.01.08.md", digest_text(["[Chip story - Ann](https://example.com/chip)\nFirst."],
                                                front="title: Old\ndate: 2026-03-01T08:00:00+00:00"))
    write(root, "2026.03.02.08.md", digest_text(["[Chip story](https://example.com/chip)\nAgain.", "[Other - Bob](https://e.com/o)"],
                                                front="title: New\ndate: 2026-03-02T08:00:00+00:00"))
    return root


def test_a_copy_that_names_no_author_carries_the_storys_author(capsys: pytest.CaptureFixture[str], unnamed_copy: Path) -> None:
    code, out, _ = brief(capsys, "--items", "--json", str(unnamed_copy))
    records = {r["headline"]: r for r in json.loads(out)}
    assert code == 0 and records["Chip story"]["author"] == "Ann" and records["Chip story"]["digest"] == "2026.03.02.08"
    code, out, _ = brief(capsys, "--items", "--json", "--author", "Ann", str(unnamed_copy))
    [record] = json.loads(out)
    assert (record["digest"], record["author"], record["date"]) == ("2026.03.02.08", "Ann", "2026-03-02T08:00:00+00:00"), \
        "the same copy and date as without the filter"


def test_a_mark_that_cannot_be_saved_is_reported_and_fails_the_command(capsys: pytest.CaptureFixture[str], news: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    import tui.core.state

    class ReadOnly:
        """What SQLite says when state.db cannot be written (mode 0444 as a non-root user)."""

        def __init__(self, conn: object) -> None:
            pass

        def __enter__(self) -> None:
            raise sqlite3.OperationalError("attempt to write a readonly database")

        def __exit__(self, *exc: object) -> None:
            return None

    assert brief(capsys, "--list", str(news))[0] == 0  # the store exists and can be read
    monkeypatch.setattr(tui.core.state, "_transaction", ReadOnly)
    code, out, err = brief(capsys, "--open", "2026.01.01.08#2", "--print", str(news))
    assert out.strip() == "https://example.com/2", "the link is still printed"
    assert code == 1
    assert "attempt to write a readonly database" in err and "were not saved" in err
    monkeypatch.undo()
    code, out, _err = brief(capsys, "--items", "--unread", str(news))
    assert "Second" in out, "and it is honestly still unread"


def test_a_command_collects_young_objects_only_and_puts_the_collector_back(
        capsys: pytest.CaptureFixture[str], news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from tui import commands
    from tui.core import collector

    seen: list[tuple[tuple[int, ...], int]] = []
    real = commands.list_items

    def watching(*args: object) -> int:
        seen.append((gc.get_threshold(), gc.get_freeze_count()))
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(commands, "list_items", watching)
    before = gc.get_threshold()
    assert brief(capsys, "--items", "--json", str(news))[0] == 0
    assert seen[0][0] == collector.YOUNG_THRESHOLDS and seen[0][1] > 0  # the loaded library is frozen
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_story_twice_in_one_digest_is_one_unread_story(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """FORMAT 3b rule 7 and 4: a digest's unread count counts its unread keys."""
    root = tmp_path / "dup"
    write(root, "2026-01-01.md", digest_text(["[Once](https://x.com/a/status/1/)\nx", "[Twice](https://x.com/a/status/1#f)\ny",
                                             "[Other](https://e.com/2)\nz"]))
    code, out, _ = brief(capsys, "--list", "--json", str(root))
    assert code == 0 and [(d["items"], d["unread"]) for d in json.loads(out)] == [(3, 2)]
    assert brief(capsys, "--open", "2026-01-01#2", "--print", str(root))[0] == 0
    assert [(d["items"], d["unread"]) for d in json.loads(brief(capsys, "--list", "--json", str(root))[1])] == [(3, 1)]


def test_the_command_line_says_no_date_where_the_reader_does(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A digest dated only by its file's mtime: `no date` in --list and --items, listed after
    the dated ones (it printed the mtime, so the newest-first list ended on today's date)."""
    root = tmp_path / "news"
    write(root, "2026.01.01.08.md", digest_text(["[Dated - Ann](https://e.com/1)"], front="title: Dated\ndate: 2026-01-01T08:00:00+00:00"))
    write(root, "issue-3.md", digest_text(["[Undated - Bob](https://e.com/2)"], front="title: Issue three"))
    code, out, _ = brief(capsys, "--list", str(root))
    assert code == 0
    assert [line.split("\t")[:2] for line in out.splitlines()] == [["2026-01-01 08:00", "Dated"], ["no date", "Issue three"]]
    code, out, _ = brief(capsys, "--items", str(root))
    assert [line.split("\t")[:2] for line in out.splitlines()] == [["2026.01.01.08#1", "2026-01-01 08:00"], ["issue-3#1", "no date"]]
    for flag in ("--list", "--items"):  # (--json keeps the mtime as the date, and says where it came from)
        code, out, _ = brief(capsys, flag, "--json", str(root))
        assert [(d["date_from"], d["date"][:4]) for d in json.loads(out)][-1] == ("mtime", str(datetime.now().year))


def test_the_reader_on_paths_alone_starts_as_the_parser_would_have_it(
        capsys: pytest.CaptureFixture[str], news: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`brief PATH…` and `brief` start the reader without argparse (~2 ms of its start): the
    same paths, source and notes as with a flag that changes none of them; a missing path still
    exits 2, a location flag given before no longer applies."""
    import tui.cli
    from tui.core import paths as dirs

    started: list[tuple[list[str], str, list[str]]] = []
    monkeypatch.setattr(tui.cli, "_run_reader", lambda paths, source, notes: started.append((paths, source, notes)) or 0)
    assert main([str(news)]) == 0
    assert main(["--data-dir", str(tmp_path / "d"), str(news)]) == 0
    assert started[0] == started[1] == ([str(news)], "command line", [])
    assert main([str(news)]) == 0 and dirs.data_dir() != tmp_path / "d", "no override left from the call before"
    assert main([]) == 0 and started[-1][1] == "sample"
    assert main([str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err.strip() == f"brief: no such file or folder: {tmp_path / 'nope'}"
    code = ("import sys; from tui import cli; cli._run_reader = lambda *a: 0; cli.main(['sample_data']); "
            "print('argparse' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(tui.cli.__file__).parent.parent)
    assert done.stdout.strip() == "False", done.stderr


def test_the_reader_without_a_terminal_says_so_and_exits_2(tmp_path: Path) -> None:
    """Textual reads keys from stdin: with none coming (a script, cron, `</dev/null`) the reader
    used to wait at full CPU forever, its screen written to stderr. Now it says so, at once."""
    folder = write(tmp_path / "news", "2026.01.01.08.md", digest_text(["[A - B](https://e.com/a)"])).parent
    env = {**__import__("os").environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
           "BRIEF_DATA_DIR": str(tmp_path / "d"), "BRIEF_CACHE_DIR": str(tmp_path / "c"), "BRIEF_CONFIG_DIR": str(tmp_path / "f")}
    done = subprocess.run([sys.executable, "-m", "tui", str(folder)], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, env=env, timeout=30)
    assert done.returncode == 2
    assert done.stderr.startswith("brief: the reader needs a terminal") and "--list, --items or --open" in done.stderr
    assert "\x1b" not in done.stderr and done.stdout == ""


def test_section_takes_a_word_of_one_heading_as_author_takes_a_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`--section 重磅` found nothing under `## 🔥 重磅 TOP 10`: only the whole heading did."""
    root = tmp_path / "news"
    write(root, "2026-11-20.md", "---\ntitle: S\ndate: 2026-11-20T08:00:00Z\n---\n\n## 🔥 重磅 TOP 10\n\n"
          "1. [Big one - Ann](https://e.com/1)\n\n## Other news\n\n1. [Small - Bob](https://e.com/2)\n\n"
          "## Other links\n\n- [Link - Cy](https://e.com/3)\n")
    for query in ("重磅", "TOP 10", "top"):
        code, out, err = brief(capsys, "--items", "--section", query, str(root))
        assert (code, err) == (0, "") and [line.split("\t")[3] for line in out.splitlines()] == ["Big one"], query
    code, out, err = brief(capsys, "--items", "--section", "other", str(root))
    assert code == 0 and out == ""
    assert err == ("brief: no item is under a section heading named 'other' "
                   "(headings with it as a word: 'Other links', 'Other news')\n")
    code, out, err = brief(capsys, "--items", "--section", "other news", str(root))
    assert [line.split("\t")[3] for line in out.splitlines()] == ["Small"] and err == ""
