"""Reference-style links in summaries and the document view, written out inline from the file's
definitions: `[6045][is6045]` showed as written in the detail (its definition is at the file's end)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import write
from tui.cli import main
from tui.core.format.link_refs import definitions, inline
from tui.core.format.summaries import summaries_of

WEEKLY = """\
---
title: This week in widgets
date: 2026-01-07
---

## Merged

- [Gears mesh quietly now.](https://e.com/gears) Ada tuned the profile in [6045][is6045],
  see the [Minutes][] and [the  merge LOG].
- [Springs](https://e.com/springs) keep [video] and [x](https://a.b/) and ![pic][img] as they are.

[is6045]: https://git.example.com/issues/6045
[minutes]: <https://e.com/min utes> "The minutes"
[The merge log]: https://e.com/log
[img]: https://e.com/p.png
[is6045]: https://second.example.com/ignored
"""


def test_every_kind_of_reference_is_written_out_and_the_rest_is_left_as_it_is() -> None:
    defined = definitions(WEEKLY)
    assert defined["is6045"] == ("https://git.example.com/issues/6045", ""), "the first definition wins"
    assert defined["minutes"] == ("https://e.com/min utes", '"The minutes"')
    text = inline(WEEKLY, defined)
    assert "[6045](https://git.example.com/issues/6045)" in text  # full
    assert '[Minutes](<https://e.com/min utes> "The minutes")' in text  # collapsed, a target with a space
    assert "[the  merge LOG](https://e.com/log)" in text  # shortcut: case and spaces aside
    assert "![pic](https://e.com/p.png)" in text  # an image too
    assert "keep [video] and [x](https://a.b/)" in text, "no definition, or inline already: unchanged"
    assert "[is6045]: https://git.example.com/issues/6045" in text, "the definitions stay (they show as nothing)"
    assert inline("no brackets", defined) == "no brackets" and inline(WEEKLY, {}) == WEEKLY


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("[]():<>\\ \n!ab1\"'"), max_size=80))
def test_no_text_makes_it_raise_or_change_the_lines(text: str) -> None:
    defined = definitions(text + "\n[a]: https://e.com/a\n[b]: <https://e.com/b c>\n")
    out = inline(text, defined)
    assert out.count("\n") == text.count("\n"), "the document view places items by line"


def test_the_summary_the_detail_and_json_get_holds_the_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "news", "2026-01-07-widgets.md", WEEKLY)
    stat = path.stat()
    first = summaries_of(str(path), stat.st_mtime_ns, stat.st_size, 2)[0]  # (no layout: parsed again)
    assert "[6045](https://git.example.com/issues/6045)" in first and "[6045][is6045]" not in first
    assert main(["--items", "--json", str(tmp_path / "news")]) == 0
    summaries = [record["summary"] for record in json.loads(capsys.readouterr().out)]
    assert "[6045](https://git.example.com/issues/6045)" in summaries[0]  # (cut by the index's layout)
    assert "[the  merge LOG](https://e.com/log)" in summaries[0]


async def test_the_detail_and_the_document_view_show_a_reference_link_with_its_host(tmp_path: Path) -> None:
    from tests.reader_helpers import document_opened, loaded, make_app
    from tui.screens.reader import ReaderScreen

    write(tmp_path / "news", "2026-01-07-widgets.md", WEEKLY)
    app = make_app(tmp_path / "news")
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.current is not None
        body = screen.detail.query_one("#detail-body")
        shown = "".join(segment.text for y in range(body.size.height) for segment in body.render_line(y))
        assert "(git.example.com)" in shown and "[is6045]" not in shown and "merge LOG (e.com)" in shown
        document = await document_opened(pilot, "tab")
        assert "6045 (git.example.com)" in document.body.shown and "[is6045]" not in document.body.shown
