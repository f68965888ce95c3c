"""Which blocks of a body are items, and under which sections (FORMAT.md 3b, "Which blocks are
items"): the footer set aside, the title heading found, headings read from the inside out.

The families of blocks that can be items each have their module (`lists.py`, `enumerated.py`;
headings are here, where sections are); this module walks the body and asks them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.core.format.inline import starts_numbered, without_number
from tui.core.format.layouts import enumerated, lists
from tui.core.format.layouts.found import Found, holds_story_link
from tui.core.format.layouts.tree import Block


@dataclass(slots=True, eq=False)
class Section:
    """A heading and what its section holds, in order: blocks and the sections under it."""

    heading: Block | None
    level: int
    parts: list[Block | Section] = field(default_factory=list)

    def blocks(self) -> list[Block]:
        """Every block of the section, its sub-headings included, in order."""
        found: list[Block] = []
        for part in self.parts:
            if isinstance(part, Section):
                assert part.heading is not None
                found.append(part.heading)
                found.extend(part.blocks())
            else:
                found.append(part)
        return found


def find(root: Block, source: bytes | None = None) -> list[Found]:
    """The items of a body's block tree, in document order."""
    return find_with_title(root, source)[0]


def find_with_title(root: Block, source: bytes | None = None) -> tuple[list[Found], Block | None]:
    """The items of a body's block tree, in document order, and its title heading (None when it
    has none; its text is the digest's title when the header gives none), in one pass. `source`:
    the body's UTF-8 when the blocks' offsets are bytes in it (`enumerated.split_runs`)."""
    content = _without_footer(enumerated.split_runs(root.children, source))
    candidate = _title_candidate(content)
    if candidate is not None and not _surely_item_outside(content, candidate):
        aside = _find(content, candidate)
        if _is_title(candidate, content, aside):
            return aside, candidate
    return _find(content, None), None


def footer_start(children: list[Block]) -> int:
    """Index of the first block of the footer (len(children): none): what follows the last
    top-level thematic break when it holds no heading and no list."""
    last = max((index for index, block in enumerate(children) if block.kind == "hr"), default=-1)
    if last < 0 or any(block.kind in ("h", "list") for block in children[last + 1 :]):
        return len(children)
    return last + 1


def _without_footer(children: list[Block]) -> list[Block]:
    return children[: footer_start(children)]


def _title_candidate(content: list[Block]) -> Block | None:
    """The first `#` heading, else the first `##`."""
    for level in (1, 2):
        for block in content:
            if block.kind == "h" and block.level == level:
                return block
    return None


def _is_title(candidate: Block, content: list[Block], items: list[Found]) -> bool:
    """Whether no item lies before the candidate or outside its section."""
    at = content.index(candidate)
    end = next((block.start for block in content[at + 1 :] if block.kind == "h" and block.level <= candidate.level),
               None)
    return all(item.start > candidate.start and (end is None or item.start < end) for item in items)


def _surely_item_outside(content: list[Block], candidate: Block) -> bool:
    """Whether a block before the candidate or after its section surely gives an item, so that
    the candidate is no title (as `_is_title` would find after reading the body with it set
    aside, the second reading this spares): a heading after its section holding a story link
    (it is an item, or items are under it; a heading before it is not asked: with the candidate
    set aside, its section runs on over the candidate's), an ordered list with an item, or a list
    of which an item holds a story link and that is not a list of fields; a list in an enumerated
    paragraph's block is not asked."""
    at = content.index(candidate)
    end = next((index for index in range(at + 1, len(content))
                if content[index].kind == "h" and content[index].level <= candidate.level), len(content))
    for index in (*range(at), *range(end, len(content))):
        block = content[index]
        if block.kind == "h":
            if index > at and block.holds_link():  # (one before it may take the candidate's body as its own)
                return True
        elif block.kind == "list" and block.children and _list_gives_items(block) and not enumerated.in_block(content, index):
            return True
    return False


def _list_gives_items(block: Block) -> bool:
    """Whether a list surely gives items wherever it stands (`lists.find`): ordered, or one of
    its items holds a story link and it is no list of fields."""
    return block.ordered or (any(item.holds_link() for item in block.children) and not lists.is_fields(block))


def _tree(content: list[Block], aside: Block | None) -> Section:
    root = Section(None, 0)
    stack = [root]
    for block in content:
        if block is aside:
            continue
        if block.kind == "h":
            while stack[-1].level >= block.level:
                stack.pop()
            section = Section(block, block.level)
            stack[-1].parts.append(section)
            stack.append(section)
        else:
            stack[-1].parts.append(block)
    return root


def _find(content: list[Block], aside: Block | None) -> list[Found]:
    return _items_of(_tree(content, aside), [], None)


def _items_of(section: Section, chain: list[str], under: Section | None) -> list[Found]:
    """The items a section holds (its blocks and the sections under it), in order. A list of
    fields under a heading is that heading's body (rule 2) only when the heading is an item: in a
    section (a heading with items under it) it is read as any list is (rule 3)."""
    found: list[Found] = []
    fields: list[tuple[int, Block]] = []
    """The lists of fields met, and where their items would go in `found`."""
    parts = section.parts
    index = 0
    in_heading = section.heading is not None
    while index < len(parts):
        part = parts[index]
        if isinstance(part, Section):
            found.extend(_heading(part, chain))
            index += 1
            continue
        if enumerated.starts(part):
            end = enumerated.block_end(parts, index)
            group = [block for block in parts[index:end] if isinstance(block, Block)]
            found.extend(enumerated.find(group, chain))
            index = end
            continue
        if part.kind == "list":
            if in_heading and lists.is_fields(part):
                fields.append((len(found), part))
            else:
                found.extend(lists.find(part, chain))
        index += 1
    if found and fields:
        for at, part in reversed(fields):
            found[at:at] = lists.find(part, chain)
    return found


def _heading(section: Section, chain: list[str]) -> list[Found]:
    """A heading's items (it is then a section), or the heading itself as an item, or nothing."""
    heading = section.heading
    assert heading is not None
    text = heading.plain()
    name = without_number(text)
    inner = _items_of(section, [*chain, name], section)
    numbered = starts_numbered(text)
    if inner:
        if len(inner) == 1 and numbered:
            inner[0].only_under_numbered = name
        return inner
    body = _body(section)
    if not heading.holds_link() and not holds_story_link(body):
        return []
    return [Found("heading", [heading, *body], list(chain), numbered_heading=numbered, start=heading.start)]


def _body(section: Section) -> list[Block]:
    """A heading's body as an item: its section up to the first thematic break."""
    body: list[Block] = []
    for block in section.blocks():
        if block.kind == "hr":
            break
        body.append(block)
    return body
