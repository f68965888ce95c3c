"""`[keymap]` in config.toml: checked at start and by `brief --check-config`; wrong entries keep the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reader_helpers import loaded, make_app
from tui.app import BriefApp
from tui.cli import main
from tui.core import paths
from tui.core.keymap import BINDINGS, check_keymap, key_problem
from tui.screens.confirm import ConfirmScreen
from tui.screens.document import DocumentScreen
from tui.screens.help import HelpScreen
from tui.screens.picker import PickerScreen
from tui.screens.problems import ProblemsScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.detail import DetailView
from tui.widgets.digest_list import DigestList
from tui.widgets.line_list import LineList

CONFIG = '''paths = []

[keymap]
open_linkk = "O"
search = "ctrl+shift+banana"
open_link = "m"
help = "f1"
'''


def test_the_table_is_every_live_binding() -> None:
    live = {}
    for scope, cls in [("reader", BriefApp), ("reader", ReaderScreen), ("list", LineList), ("digests", DigestList),
                       ("detail", DetailView),
                       ("document", DocumentScreen), ("help", HelpScreen), ("picker", PickerScreen),
                       ("confirm", ConfirmScreen), ("problems", ProblemsScreen)]:
        for binding in cls.BINDINGS:
            live[binding.id] = (scope, binding.key)
    assert live == BINDINGS


@pytest.mark.parametrize(("key", "ok"), [
    ("o", True), ("G", True), ("ctrl+o", True), ("ctrl+shift+up", True), ("f5", True), ("space", True),
    ("question_mark", True), ("slash", True), ("full_stop", True), ("?", True),
    ("ctrl+shift+banana", False), ("banana", False), ("cmd+o", False), ("ctrl+ctrl+o", False), ("f25", False),
])
def test_key_names(key: str, ok: bool) -> None:
    assert (key_problem(key) is None) is ok


def test_wrong_entries_are_named_by_line_and_keep_the_defaults() -> None:
    checked = check_keymap({"open_linkk": "O", "search": "ctrl+shift+banana", "open_link": "m", "help": "f1"},
                           "config.toml", CONFIG)
    assert checked.usable == {"help": "f1"}
    assert checked.problems == [
        "config.toml, line 4: `open_linkk` is not a binding id (did you mean open_link, copy_link, document.open_link?); ignored",
        "config.toml, line 5: `search = \"ctrl+shift+banana\"`: 'banana' is not a key name "
        "(e.g. a, G, ctrl+o, f5, space, question_mark); kept the default",
        "config.toml, line 6: `open_link = \"m\"`: m is already toggle_read's key; kept the default",
    ]


def test_a_key_taken_from_another_binding_rejects_the_taker_only() -> None:
    """`list.down = "j,ctrl+n"` keeps its own j; `quit = "j"` asks for it (j moves the lists),
    and only that entry is left out."""
    checked = check_keymap({"list.down": "j,ctrl+n", "quit": "j"}, "c")
    assert checked.usable == {"list.down": "j,ctrl+n"}
    assert checked.problems == ['c: `quit = "j"`: j is already list.down\'s key; kept the default']
    checked = check_keymap({"search": "slash,ctrl+f", "pick_category": "c,slash"}, "c")
    assert checked.usable == {"search": "slash,ctrl+f"} and len(checked.problems) == 1


def test_of_two_entries_asking_for_one_key_the_first_has_it() -> None:
    """Both were left out: neither binding got the key, and the message blamed each on the other."""
    checked = check_keymap({"open_link": "z", "copy_link": "z,ctrl+y"}, "c")
    assert checked.usable == {"open_link": "z"}
    assert checked.problems == ['c: `copy_link = "z,ctrl+y"`: z is already open_link\'s key; kept the default']
    # open_link counted on copy_link giving up y; copy_link is left out (c is pick_category's),
    # so it keeps y, and open_link cannot have it: two bindings on y otherwise.
    checked = check_keymap({"open_link": "y", "copy_link": "c"}, "c")
    assert checked.usable == {}
    assert checked.problems == ['c: `copy_link = "c"`: c is already pick_category\'s key; kept the default',
                                'c: `open_link = "y"`: y is already copy_link\'s key; kept the default']


def test_the_app_s_own_keys_are_never_given_to_a_binding() -> None:
    """ctrl+q (Textual's quit) and ctrl+p (the palette) are bound above every pane: a binding
    given one would never see it."""
    checked = check_keymap({"list.up": "k,ctrl+p", "next_unread": "n,ctrl+q", "help": "f1"}, "c")
    assert checked.usable == {"help": "f1"}
    assert checked.problems == [
        'c: `list.up = "k,ctrl+p"`: ctrl+p is the command palette\'s key, above every other; kept the default',
        'c: `next_unread = "n,ctrl+q"`: ctrl+q is Textual\'s quit key, above every other; kept the default',
    ]


def test_swapping_two_keys_is_no_clash() -> None:
    checked = check_keymap({"open_link": "m", "toggle_read": "o"}, "config.toml")
    assert checked.usable == {"open_link": "m", "toggle_read": "o"} and not checked.problems
    assert check_keymap({"document.close": "q"}, "c").usable == {"document.close": "q"}, "other scopes do not clash"


def test_check_config_says_what_is_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    file = paths.config_file()
    assert main(["--check-config"]) == 0
    assert "no such file" in capsys.readouterr().out
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(CONFIG, encoding="utf-8")
    assert main(["--check-config"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all(line.startswith(f"brief: {file}, line ") for line in err)
    file.write_text('paths = []\n[keymap]\nhelp = "f1"\nlist.down = "j,ctrl+n"\n"detail.up" = "k,ctrl+k"\n', encoding="utf-8")
    assert main(["--check-config"]) == 0  # (a binding id with a dot, quoted or not: TOML makes the unquoted one a table)
    out = capsys.readouterr().out
    assert "OK" in out and "3 key binding(s) changed" in out
    from tui.core.config import load_config

    assert load_config(file).keymap == {"help": "f1", "list.down": "j,ctrl+n", "detail.up": "k,ctrl+k"}
    file.write_text('watch = "often"\n[keymap]\nquit = 5\nlist.up = "h"\nnothing.here = "z"\n', encoding="utf-8")
    assert main(["--check-config"]) == 1
    err = capsys.readouterr().err.splitlines()
    named = [int(line.split(", line ")[1].split(":")[0]) if ", line " in line else None for line in err]
    assert named == [1, 4, 5, None] and "`[keymap]` quit" in err[3]  # (by line; the entry of no line last)
    file.write_text('paths = []\ntheme = 42\n', encoding="utf-8")
    assert main(["--check-config"]) == 1
    assert capsys.readouterr().err == (f"brief: {file}, line 2: `theme` must be a theme's name (a string), not 42; "
                                       "the default is used\n")


async def test_the_reader_warns_once_and_keeps_the_defaults(tmp_path: Path) -> None:
    app = _reader_with_config(tmp_path, CONFIG)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        warnings = [n.message for n in app._notifications if "line" in n.message]
        assert len(warnings) == 3
        keys = {active.binding.id: key for key, active in app.screen.active_bindings.items()}
        assert keys["open_link"] == "o" and keys["toggle_read"] == "m" and keys["search"] == "slash"
        assert keys["help"] == "f1"


def test_a_reader_key_a_pane_keeps_is_a_clash() -> None:
    """The panes hold the focus, and a pane's key wins over the reader's: `quit = "j"` would
    leave no key to quit with (j moves the lists), so it keeps q; a pane key taken from the
    reader would take that action away wherever the pane has the focus."""
    checked = check_keymap({"quit": "j"}, "c")
    assert not checked.usable
    assert checked.problems == ['c: `quit = "j"`: j is already list.down\'s key; kept the default']
    checked = check_keymap({"detail.down": "n"}, "c")
    assert checked.problems == ['c: `detail.down = "n"`: n is already next_unread\'s key; kept the default']
    checked = check_keymap({"list.up": "h"}, "c")
    assert checked.problems == ['c: `list.up = "h"`: h is already digests.collapse\'s key; kept the default']
    assert check_keymap({"quit": "ctrl+j", "list.down": "down,j,ctrl+n"}, "c").usable == {
        "quit": "ctrl+j", "list.down": "down,j,ctrl+n"}


def _reader_with_config(tmp_path: Path, config: str) -> BriefApp:
    """A reader on an empty folder, config.toml holding `config`."""
    file = paths.config_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(config, encoding="utf-8")
    (tmp_path / "news").mkdir()
    return make_app(tmp_path / "news")


async def test_quit_given_a_pane_s_key_keeps_q(tmp_path: Path) -> None:
    app = _reader_with_config(tmp_path, '[keymap]\nquit = "j"\n')
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert any("j is already list.down's key" in n.message for n in app._notifications)
        keys = {active.binding.id: key for key, active in app.screen.active_bindings.items()}
        assert keys["quit"] == "q"


def test_check_config_names_a_missing_folder_and_an_unknown_theme(capsys: pytest.CaptureFixture[str],
                                                                   tmp_path: Path) -> None:
    file = paths.config_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "here").mkdir()
    file.write_text(f'paths = ["{tmp_path / "here"}", "{tmp_path / "gone"}"]\ntheme = "nordd"\n', encoding="utf-8")
    assert main(["--check-config"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"brief: {file}, line 1: path {tmp_path / 'gone'} does not exist",
                   f"brief: {file}: theme 'nordd' is not one of Textual's themes (did you mean nord?); the default is used"]
    file.write_text(f'paths = ["{tmp_path / "here"}"]\ntheme = "nord"\n', encoding="utf-8")
    assert main(["--check-config"]) == 0
    assert "theme nord" in capsys.readouterr().out


def test_check_config_names_keys_it_does_not_know_and_the_near_one(capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt setting (`[keymaps]`, `them =`) was ignored in silence: the user's bindings just did not apply."""
    file = paths.config_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text('them = "nord"\nwatch = false\n\n[keymaps]\nopen_link = "x"\n\n[[extra]]\na = 1\n', encoding="utf-8")
    assert main(["--check-config"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"brief: {file}, line 1: `them` is not a setting Brief knows (did you mean theme?); ignored",
        f"brief: {file}, line 4: `keymaps` is not a setting Brief knows (did you mean keymap?); ignored",
        f"brief: {file}, line 7: `extra` is not a setting Brief knows "
        "(the settings are paths, watch, theme, keymap, sources); ignored"]
    file.write_text('theme = "nord"\nwatch = false\n\n[keymap]\nopen_link = "o,ctrl+o"\n', encoding="utf-8")
    assert main(["--check-config"]) == 0


def test_a_paths_entry_that_is_no_folder_is_named_and_the_rest_are_read(capsys: pytest.CaptureFixture[str],
                                                                        tmp_path: Path) -> None:
    """`paths = ["/x", 5]` threw every folder away with "must be a list of strings", naming no entry or line."""
    from tui.core.config import load_config

    file = paths.config_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "here").mkdir()
    file.write_text(f'watch = false\npaths = ["{tmp_path / "here"}", 5, true]\n', encoding="utf-8")
    config = load_config(file)
    assert config.paths == [str(tmp_path / "here")]
    assert config.problems == [f"{file}, line 2: `paths` entry 2 ('5') is no folder name (a folder is written in quotes: \"~/news\"); skipped",
                               f"{file}, line 2: `paths` entry 3 ('True') is no folder name (a folder is written in quotes: \"~/news\"); skipped"]
    file.write_text("paths = 5\n", encoding="utf-8")
    assert load_config(file).problems == [f"{file}, line 1: `paths` must be a list of folders (paths = [\"~/news\"]), "
                                          "not '5'; ignored"]


async def test_the_reader_says_an_unknown_theme_is_not_used(tmp_path: Path) -> None:
    app = _reader_with_config(tmp_path, 'theme = "nosuchtheme"\n')
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert any("theme 'nosuchtheme' is not one of Textual's themes" in n.message for n in app._notifications)
        assert app.theme == "textual-dark"


async def test_a_remapped_key_that_cannot_apply_says_why(tmp_path: Path) -> None:
    app = _reader_with_config(tmp_path, '[keymap]\nproblems = "P"\n')
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        app.clear_notifications()
        await pilot.press("P")
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["No problems: every file was read"]


async def test_the_warnings_of_the_start_stay_in_the_problems_list(tmp_path: Path) -> None:
    """They were toasts for 10 s: a warning missed then could not be read again in the reader."""
    from tui.screens.problems import ProblemsScreen
    from tui.widgets.text_lines import TextLines

    app = _reader_with_config(tmp_path, 'them = "nord"\n[keymap]\nquit = "j"\n')
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert app.screen.check_action("problems", ()) is True, "no file has a problem, but the start does"
        app.clear_notifications()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        title = str(screen.query_one("#problems-title").render())
        assert title == "No problems reading digests; 2 warnings at start"
        text = [paragraph.text for paragraph in screen.query_one(TextLines).paragraphs]
        assert text[0] == "At start (2)"
        assert any("`them` is not a setting Brief knows (did you mean theme?)" in line for line in text)
        assert any('`quit = "j"`: j is already' in line for line in text)
