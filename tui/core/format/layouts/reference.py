"""The reference block tree, from markdown-it-py (CommonMark, tables, linkify for explicit
`http(s)://` URLs only): what `tree.parse` must agree with. Used by the tests, never on a
reader's path (it is about 30 times slower)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from tui.core.format.inline import Token, cut_bare_url, merge_text
from tui.core.format.layouts.tree import Block

_MD: Any = None

_BLOCKS = {"paragraph": "p", "heading": "h", "bullet_list": "list", "ordered_list": "list", "list_item": "li",
           "blockquote": "quote", "table": "table"}


def _parser() -> Any:
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify"])
        linkify: Any = md.linkify
        linkify.set({"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
        _MD = md
    return _MD


def parse(text: str) -> Block:
    """The block tree markdown-it-py sees (positions are line numbers, not offsets)."""
    root = Block("doc")
    stack = [root]
    for token in _parser().parse(text):
        kind = token.type
        if kind.endswith("_open") and kind[: -len("_open")] in _BLOCKS:
            name = kind[: -len("_open")]
            block = Block(_BLOCKS[name], *(token.map or (0, 0)))
            if name == "heading":
                block.level = int(token.tag[1:])
            elif name == "ordered_list":
                block.ordered = True
            stack[-1].children.append(block)
            stack.append(block)
        elif kind.endswith("_close") and kind[: -len("_close")] in _BLOCKS:
            stack.pop()
        elif kind in ("code_block", "fence"):
            stack[-1].children.append(Block("code", *(token.map or (0, 0))))
        elif kind == "html_block":
            stack[-1].children.append(Block("html", *(token.map or (0, 0))))
        elif kind == "hr":
            stack[-1].children.append(Block("hr", *(token.map or (0, 0))))
        elif kind == "inline":
            top = stack[-1]
            if top.kind == "table" and top.inline:
                top.inline.append(("b",))
            top.inline.extend(_inline(token.children or []))
            top.inline = merge_text(top.inline)
    return root


def _inline(children: list[Any]) -> list[Token]:
    out: list[Token] = []
    bare = False
    for child in children:
        kind = child.type
        if kind == "text":
            out.append(("t", child.content))
        elif kind == "code_inline":
            out.append(("c", child.content))
        elif kind == "html_inline":
            out.append(("h", child.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(("b",))
        elif kind in ("strong_open", "strong_close", "em_open", "em_close", "s_open", "s_close"):
            out.append(({"strong": "s", "em": "e", "s": "x"}[kind.rsplit("_", 1)[0]], kind.endswith("_open")))
        elif kind == "link_open":
            bare = child.markup == "linkify"
            href = str(child.attrs.get("href", ""))
            out.append(("l", href, "bare" if bare else "auto" if child.markup == "autolink" else "inline"))
        elif kind == "link_close":
            out.append(("/l",))
        elif kind == "image":
            out.append(("i", str(child.attrs.get("src", ""))))
            out.extend(_inline(child.children or []))
            out.append(("/i",))
    return _cut_bare(out)


def _cut_bare(tokens: list[Token]) -> list[Token]:
    """Bare URLs end at the first CJK character or full-width punctuation (linkify runs on)."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (token[0] == "l" and token[2] == "bare" and index + 2 < len(tokens) and tokens[index + 1][0] == "t"
                and tokens[index + 2] == ("/l",)):
            text = tokens[index + 1][1]
            url = cut_bare_url(text)
            if url != text:
                out.extend([("l", url, "bare"), ("t", url), ("/l",), ("t", text[len(url) :])])
                index += 3
                continue
        out.append(token)
        index += 1
    return out


def comparable(block: Block) -> tuple[Any, ...]:
    """A block's shape with link targets unquoted, link kinds left out (markdown-it
    percent-encodes targets and does not tell reference links from inline ones), and spaces
    at line ends dropped (the two parsers keep different ones; plain text folds them anyway)."""
    tokens: list[Token] = []
    for index, token in enumerate(block.inline):
        if token[0] in ("l", "i"):
            token = (token[0], unquote(token[1]))
        elif token[0] == "t":
            text = token[1]
            following = block.inline[index + 1] if index + 1 < len(block.inline) else ("b",)
            if following == ("b",):
                text = text.rstrip(" \t")
            if index == 0 or block.inline[index - 1] == ("b",):
                text = text.lstrip(" \t")
            if not text:
                continue
            token = ("t", text)
        tokens.append(token)
    return (block.kind, block.level, block.ordered, tuple(tokens), tuple(comparable(child) for child in block.children))
