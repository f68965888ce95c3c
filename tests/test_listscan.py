"""The fast item scanner agrees with markdown-it-py (CommonMark) on item structure."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tui.core.format.list_scan import _Bail, _scan, item_spans, reference_spans
from tui.core.format.parser import parse_text, split_lines

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"

LINE_SHAPES = st.one_of(
    st.just(""),
    st.just("   "),
    st.builds(
        lambda indent, number, delim, spaces, text: " " * indent + number + delim + " " * spaces + text,
        st.integers(0, 4),
        st.sampled_from(["1", "2", "3", "10", "0", "007", "1234567890"]),
        st.sampled_from([".", ")"]),
        st.integers(0, 6),
        st.sampled_from(["[Head - A](https://x.com/a/status/1)", "text", "", "- nested", "> q", "```"]),
    ),
    st.builds(
        lambda indent, text: " " * indent + text,
        st.integers(0, 9),
        st.sampled_from([
            "summary text", "**bold** text", "- bullet", "* star", "+ plus", "> quote", "```", "~~~",
            "# heading", "---", "***", "===", "<div>", "[ref]: /url", "1.5 million", "\tTabbed", "2) two",
            "| a | b |", "<!-- c -->", "-", "1.", "text\twith tab",
        ]),
    ),
)

BODIES = st.lists(LINE_SHAPES, max_size=30).map(lambda lines: "\n".join(lines))


def agree(body: str) -> bool:
    """Assert the scanner matches the reference whenever it does not hand over; True if it scanned."""
    lines = split_lines(body)
    try:
        fast = _scan(lines)
    except _Bail:
        return False
    assert fast == reference_spans(lines), body
    return True


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODIES)
@example("1. a\n2. b\n\nintro\n3. c")
@example("para\n2. not an item\n1. item")
@example("1. a\n\n  x\n2. b")
@example("10. a\n   three spaces\n")
@example("1. a\n\n   b\n\n\n   c\n2) d")
def test_scanner_agrees_with_markdown_it(body: str) -> None:
    agree(body)


MAIN_LAYOUT = st.lists(
    st.tuples(
        st.sampled_from(["[Headline - Author](https://x.com/h/status/1)", "**[B](https://e.com)**", "No link here"]),
        st.lists(st.sampled_from(["Summary **bold**.", "- a", "- b", "  lazy-ish", "1. sub", "    code"]), max_size=4),
        st.integers(1, 4),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(MAIN_LAYOUT, st.booleans())
def test_main_layout_takes_the_fast_path_and_agrees(items: list, intro: bool) -> None:
    lines = ["Intro paragraph.", ""] if intro else []
    for number, (head, summary, spaces) in enumerate(items, start=1):
        marker = f"{number}." + " " * spaces
        lines.append(marker + head)
        lines.append("")
        for entry in summary:
            lines.append(" " * len(marker) + entry)
        lines.append("")
    body = "\n".join(lines)
    assert agree(body), "the usual layout must not need markdown-it-py"
    spans, fast = item_spans(split_lines(body))
    assert fast and len(spans) == len(items)


MAIN_LAYOUT_SAMPLES = sorted(p for p in SAMPLE.rglob("*.md") if p.read_text(encoding="utf-8").startswith(("---", "+++")))
"""The samples in the main layout (web-weekly is a Pelican file of link bullets under headings)."""


def test_the_samples_hold_other_layouts_too() -> None:
    assert 0 < len(MAIN_LAYOUT_SAMPLES) < len(list(SAMPLE.rglob("*.md")))


@pytest.mark.parametrize("path", MAIN_LAYOUT_SAMPLES, ids=lambda p: p.name)
def test_every_sample_digest_agrees_and_is_fast(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    parsed = parse_text(text, str(path))
    assert parsed.fast == all(item.url for item in parsed.digest.items)  # (an item without a link: the block reader)
    lines = split_lines(text)
    start = next(i for i in range(1, len(lines)) if lines[i] in ("---", "+++")) + 1
    assert _scan(lines[start:]) == reference_spans(lines[start:])
    assert len(parsed.digest.items) >= 3


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_parser_never_raises_on_arbitrary_text(text: str) -> None:
    parsed = parse_text(text, "/x/any.md")
    for number, item in enumerate(parsed.digest.items, start=1):
        assert item.number == number
        assert item.key
    assert len(parsed.summaries) == len(parsed.digest.items)


def test_fallback_is_used_for_lazy_continuation() -> None:
    body = "1. [A](https://e.com/a)\nlazy line\n2. [B](https://e.com/b)"
    spans, fast = item_spans(split_lines(body))
    assert not fast
    assert [(s.start, s.end) for s in spans] == [(0, 2), (2, 3)]


# -- hostile text: control, invisible and odd whitespace characters (issue 12 #11) ----------------

HOSTILE_CHARS = [
    "\x1b", "\x07", "\x08", "\x01", "\x7f", "\x1c", "\x1f", "\x0b", "\x0c", "\x85", "\x9b", "\xa0", "\u2028",
    "\u3000", "\u200b", "\u200d", "\u202e", "\u2066", "\U000e0041", "\ufeff", "\ue000", "\x00", "\t",
    "\x1b[31m", "\x1b]8;;https://evil.example/\x1b\\",
]
HOSTILE = st.lists(st.one_of(st.sampled_from(HOSTILE_CHARS), st.sampled_from(["a", "Bb", " ", "x"])), max_size=4).map("".join)
"""A few characters, any of them hostile."""
HOSTILE_TEXT = st.lists(st.one_of(st.sampled_from([*HOSTILE_CHARS, "&#x202E;", "&amp;", "\\", "*", "`"]),
                                  st.sampled_from(["a", "Bb", " ", "x"])), max_size=4).map("".join)
"""The same in a headline or summary, where entities, backslashes and emphasis marks may be too. (Not
in a link target: where a control ends a target, markdown-it's linkify reads the bare URL left over
in the source, entities and escapes undecoded, Brief in the text, decoded.)"""


def reference_links(text: str) -> list[str | None]:
    """Each item's link as markdown-it-py reads the digest: the layouts' rules on its block tree."""
    from tui.core.format.front_matter import split_front_matter
    from tui.core.format.layouts import blocks, fields, reference

    lines = split_lines(text.removeprefix("\ufeff").replace("\x00", "\ufffd"))
    body = "\n".join(lines[split_front_matter(lines).body_start :])
    return [fields.read(found).url for found in blocks.find(reference.parse(body))]


def _unquoted(urls: list[str | None]) -> list[str | None]:
    from urllib.parse import unquote

    return [unquote(url) if url else url for url in urls]  # (markdown-it percent-encodes what it hands back)


HOSTILE_DIGESTS = st.tuples(
    st.lists(st.tuples(HOSTILE_TEXT, st.one_of(st.none(), HOSTILE_TEXT), HOSTILE, HOSTILE_TEXT, st.booleans()),
             min_size=1, max_size=5),
    st.sampled_from(["\n", "\r", "\r\n"]),
    st.booleans(),
)


def hostile_digest(entries: list, newline: str, front: bool) -> str:
    lines = ["---", "title: T", "---", ""] if front else []
    for number, (head, author, url, summary, bold) in enumerate(entries, start=1):
        link = f"[Head{head}{' - ' + author if author is not None else ''}](https://e.com/{url}p{number})"
        lines += [f"{number}.  " + (f"**{link}**" if bold else link), "", f"    Summary {summary}.", ""]
    return newline.join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_DIGESTS)
@example(([("", None, "\x1b", "", False)], "\n", False))  # ESC in a link: no link, says CommonMark
@example(([("", None, "\x7f", "", False)], "\n", False))  # (so does DEL, which pulldown-cmark takes)
@example(([("", None, "a\xa0b", "", False)], "\n", False))  # a no-break space in a link is part of it
@example(([("", None, "\x85", "", True)], "\r", True))
@example(([("", None, " ", "", False)], "\n", False))  # (a space in a target must lead to a quoted title)
@example(([("&#x202E;", None, "&amp;&#x202E;", "", False)], "\n", False))
@example(([("\x1b[31m", "\x1b", "", "\x1b]8;;https://evil.example/\x1b\\", False)] * 3, "\r", True))
def test_hostile_digests_keep_the_links_markdown_it_reads(case: tuple) -> None:
    text = hostile_digest(*case)
    parsed = parse_text(text, "/d/2026.01.02.08.md")
    assert _unquoted([item.url for item in parsed.digest.items]) == _unquoted(reference_links(text)), text
    if parsed.fast:  # the line scanner's reading is the block reader's
        from tui.core.format import layouts
        from tui.core.format.front_matter import split_front_matter

        lines = split_lines(text.replace("\x00", "\ufffd"))
        read = layouts.read("\n".join(lines[split_front_matter(lines).body_start :]))
        assert [(i.headline, i.author, i.url) for i in parsed.digest.items] == [(i.headline, i.author, i.url) for i in read.items]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(LINE_SHAPES, st.builds(lambda line, odd: line + odd, LINE_SHAPES, HOSTILE),
                          st.builds(lambda odd, line: odd + line, HOSTILE, LINE_SHAPES)), max_size=30).map("\n".join))
def test_scanner_agrees_with_markdown_it_on_hostile_lines(body: str) -> None:
    agree(body)
