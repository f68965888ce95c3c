"""The plain front matter reader agrees with YAML wherever it answers at all."""

from __future__ import annotations

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.core.format.front_matter import _Loader, _simple_yaml

KEYS = st.sampled_from(["title", "date", "categories", "tags", "draft", "x-y", "a_b"])
SCALARS = st.one_of(
    st.sampled_from([
        '"2025.12.20.08 过去4小时全球AI发生了什么？"', "2025-12-20T08:00:07+08:00", "2025-12-20", "hello world",
        "yes", "no", "null", "~", "12", "1.5", "0x1F", "1_000", ".inf", "12:30", '"quoted"', '"with \\\\ escape"',
        "'single'", "a: b", "a #c", "- dash", "*alias", "&anchor x", "!tag x", "%x", "@x", "`x`", "on", "Off", "=",
        "<<", "1e3", "+1", "-1", "AI, ML", "x]", "人工智能", "clem 🤗", " spaced ", "",
    ]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=12),
)
LISTS = st.lists(SCALARS, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")
LINES = st.lists(st.tuples(KEYS, st.one_of(SCALARS, LISTS)), max_size=5)


@settings(max_examples=800, deadline=None)
@given(LINES)
@example([("title", '"T"'), ("categories", '["人工智能", "大模型"]'), ("date", "2025-12-20T08:00:07+08:00")])
def test_simple_reader_matches_yaml(lines: list[tuple[str, str]]) -> None:
    text = "\n".join(f"{key}: {value}" for key, value in lines)
    fast = _simple_yaml(text)
    if fast is None:
        return
    try:
        reference = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        raise AssertionError(f"fast reader accepted what YAML refuses: {text!r}") from None
    assert fast == (reference or {}), text


def test_typical_front_matter_takes_the_fast_path() -> None:
    text = 'title: "2025.12.20.08 过去4小时全球AI发生了什么？"\ndate: 2025-12-20T08:00:07+08:00\ncategories: ["人工智能", "大模型", "机器人"]\ntags: [agents, robots]'
    assert _simple_yaml(text) == {
        "title": "2025.12.20.08 过去4小时全球AI发生了什么？",
        "date": "2025-12-20T08:00:07+08:00",
        "categories": ["人工智能", "大模型", "机器人"],
        "tags": ["agents", "robots"],
    }
