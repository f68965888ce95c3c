"""The search's postings: which items' texts hold each character, in blocks of digests
(`search_blocks.py` makes one), kept beside the index cache (`postings-<roots>.bin`). Derived
from the search texts only.

A search for a needle ANDs the bitmaps of its characters: for one character that is the
answer; a longer needle tests only those candidates with the plain substring test (each item's
own text: nothing can match across two items). A needle that contains one searched just before
starts from that one's matches. A block whose key is unchanged is taken from the file as it is.
"""

from __future__ import annotations

import marshal
import os
import zlib
from array import array
from collections.abc import Iterable, Sequence
from itertools import chain, compress, repeat
from operator import contains
from pathlib import Path

from tui.core.cache import checked_file
from tui.core.cache.search_blocks import Block, Key, block_key, build_block

MAGIC = b"BRIEFPST"
SCHEMA = 6

FEW = 16
"""Up to this many matches in a block, their bits are set one by one (else a row is written)."""
RECENT = 12
"""How many needles' matches are kept (a longer needle starts from them; a shorter one is one of them)."""

_ASCII = bytes.maketrans(b"\x00\x01", b"01")
_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")


class SearchIndex:
    """The postings of every item of a library, in list order, block by block, with the texts
    they come from: `texts[n]`, block n's texts in its digests layout ("" at each guard), and
    `extras[n]` the same for a second text of an item (an author's name as shown, "" for none),
    which a search also finds it by."""

    def __init__(self, blocks: list[Block], texts: list[list[str]], extras: list[list[str]]) -> None:
        self.blocks = blocks
        self.texts = texts
        self.extras = extras
        self.names = {extra for own in extras for extra in own if extra}
        """Every second text (they are few: authors' names)."""
        self.size = sum(block.size for block in blocks)
        self._recent: dict[str, list[tuple[int, int]]] = {}
        """Needle → its matches per block (by digest, by story); the newest last."""

    def find(self, needle: str) -> list[tuple[int, int]]:
        """Per block, the bitmaps (by digest, by story) of the items whose text or second text
        holds `needle` (casefolded): exactly `needle in text or needle in extra`."""
        recent = self._recent
        found = recent.get(needle)
        if found is not None:
            recent[needle] = recent.pop(needle)  # (the newest now)
            return found
        found = self._find(needle)
        recent[needle] = found
        while len(recent) > RECENT:
            del recent[next(iter(recent))]
        return found

    def _find(self, needle: str) -> list[tuple[int, int]]:
        blocks = self.blocks
        if not needle:
            return [(layouts[0].members, layouts[1].members) for layouts in (block.layouts for block in blocks)]
        if "\x00" in needle:
            return [(0, 0)] * len(blocks)  # (no text holds one)
        chars = set(needle)
        named: set[str] | None = None
        within = [found for older, found in self._recent.items() if older and older in needle]
        out: list[tuple[int, int]] = []
        for number, block in enumerate(blocks):
            by_digest, by_story = block.layouts
            one, other = by_digest.members, by_story.members
            for found in within:  # a longer needle: only among the matches of one it contains
                one &= found[number][0]
                other &= found[number][1]
            rare: list[array] = []
            for char in chars:
                if not one:
                    break
                bits = block.bits(char)
                if bits is None:
                    rare.append(block.holding(char))
                else:
                    one &= bits[0]
                    other &= bits[1]
            if one and rare:
                one, other = _with_rare(block, one, rare)
            exact = False
            for at in range(len(needle) - 1 if one else 0):
                bitmaps = block.common_bits(needle[at : at + 2])
                if bitmaps is not None:  # (a common pair: its exact bitmap; the needle itself when it is two characters)
                    one &= bitmaps[0]
                    other &= bitmaps[1]
                    exact = len(needle) == 2
            if one and len(needle) > 1 and not exact:
                tested = one
                for first, second in zip(needle, needle[1:]):
                    maybe = block.pair_bits(first, second)
                    if maybe is not None:
                        tested &= maybe
                if named is None:
                    named = {name for name in self.names if needle in name}
                one, other = self._verify(number, needle, one, other, tested, named)
            out.append((one, other) if one else (0, 0))
        return out

    def _verify(self, number: int, needle: str, one: int, other: int, tested: int, named: set[str]) -> tuple[int, int]:
        """Of the candidates (by digest, by story), those whose text or second text holds the
        needle; only those in `tested` can (the pairs ruled the others out). `named`: the second
        texts that hold it."""
        block = self.blocks[number]
        by_digest, by_story = block.layouts
        positions = by_digest.positions(tested)
        ok = bytes(map(contains, map(self.texts[number].__getitem__, positions), repeat(needle)))  # the substring test
        if named and self.extras[number]:  # (a block none of whose items has a second text keeps none)
            also = bytes(map(named.__contains__, map(self.extras[number].__getitem__, positions)))
            ok = (int.from_bytes(ok, "big") | int.from_bytes(also, "big")).to_bytes(len(ok), "big")
        matches = ok.count(1)
        count = one.bit_count()
        if matches == count:
            return one, other
        if not matches:
            return 0, 0
        to_story = block.to_story
        if matches <= FEW:  # a few bits, set one by one
            one = other = 0
            for at in compress(positions, ok):
                one |= by_digest.bit(at)
                other |= by_story.bit(to_story[at])
            return one, other
        changed: Iterable[int]
        if matches * 2 <= count:  # set the few that match
            digest_row, story_row, mark = bytearray(b"0" * by_digest.width), bytearray(b"0" * by_story.width), 49
            changed = compress(positions, ok)
        else:  # clear the few that do not: those the pairs ruled out, and those tested in vain
            digest_row = bytearray(by_digest.expand(one).translate(_ASCII))
            story_row = bytearray(by_story.expand(other).translate(_ASCII))
            mark = 48
            changed = chain(by_digest.positions(one & ~tested), compress(positions, ok.translate(_FLIP)))
        for at in changed:
            digest_row[at] = mark
            story_row[to_story[at]] = mark
        return int(digest_row, 2), int(story_row, 2)


def _with_rare(block: Block, one: int, rare: list[array]) -> tuple[int, int]:
    """Of the candidates in the digests layout, those holding every one of these rare
    characters' items: (by digest, by story)."""
    by_digest, by_story = block.layouts
    rare.sort(key=len)
    others = [set(found) for found in rare[1:]]
    place, story_place = by_digest.place, by_story.place
    kept, other = 0, 0
    for item in rare[0]:
        bit = by_digest.bit(place[item])
        if one & bit and all(item in found for found in others):
            kept |= bit
            other |= by_story.bit(story_place[item])
    return kept, other


# -- the file ------------------------------------------------------------------------------

def read(file: Path | None, schema: int) -> dict[Key, Block]:
    """The blocks stored in `file`, by key: none when it is missing, foreign or of another
    schema (`schema` is this module's and the search texts' together); a block that fails its
    check is left out (it is made again). Read block by block (one in memory at a time)."""
    if file is None:
        return {}
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return {}
    found: dict[Key, Block] = {}
    try:
        head = os.pread(fd, len(MAGIC) + 8, 0)
        if len(head) != len(MAGIC) + 8 or not head.startswith(MAGIC):
            return {}
        if int.from_bytes(head[len(MAGIC) : len(MAGIC) + 4], "little") != schema:
            return {}
        count = int.from_bytes(head[len(MAGIC) + 4 :], "little")
        table = os.pread(fd, 8 * count, len(head))
        if len(table) != 8 * count:
            return {}
        offset = len(head) + len(table)
        for at in range(0, len(table), 8):
            length = int.from_bytes(table[at : at + 4], "little")
            blob = checked_file.read_part(fd, (offset, length, int.from_bytes(table[at + 4 : at + 8], "little")))
            offset += length
            if blob is None:
                continue
            try:
                block = Block.from_plain(marshal.loads(blob))
            except (ValueError, EOFError, TypeError):
                continue
            if block is not None:
                found[block.key] = block
    except OSError:
        return {}
    finally:
        os.close(fd)
    return found


def write(file: Path | None, schema: int, blocks: list[Block]) -> None:
    """Store the blocks in `file`, each with its own check; failing is not an error."""
    if file is None:
        return
    parts = [marshal.dumps(block.to_plain()) for block in blocks]
    head = MAGIC + schema.to_bytes(4, "little") + len(parts).to_bytes(4, "little")
    table = b"".join(len(part).to_bytes(4, "little") + zlib.crc32(part).to_bytes(4, "little") for part in parts)
    checked_file.write_raw(file, [head, table, *parts])


Source = tuple[str, Sequence[int], Sequence[str], Sequence[str], Sequence[str]]
"""What one block is made from: (what its key is made of: the digests' paths, mtimes, sizes and
items' places in their files; each digest's item count; the items' texts; their second texts;
their story keys)."""


def index_of(sources: Sequence[Source], file: Path | None, schema: int) -> SearchIndex:
    """The postings of every block: blocks whose key is unchanged are taken from the last
    postings made for `file` in this process (a library read again after a file changed), else
    from `file`; the others are made again, and the file is written when anything in it changed."""
    last = _LAST.get(file) if file is not None else None
    stored = last[1] if last is not None and last[0] == schema else {}
    if not all(block_key([made_of, *second, *keys]) in stored for made_of, _sizes, _own, second, keys in sources):
        stored = {**read(file, schema), **stored}
    blocks: list[Block] = []
    texts: list[list[str]] = []
    extras: list[list[str]] = []
    made = 0
    for made_of, sizes, own, second, keys in sources:
        key = block_key([made_of, *second, *keys])
        block = stored.get(key)
        if block is None or block.size != len(own) or list(block.digest_sizes) != list(sizes):
            block = build_block(key, sizes, own, keys, second)
            made += 1
        blocks.append(block)
        texts.append(_guarded(sizes, own))
        extras.append(_guarded(sizes, second) if any(second) else [])
    if made or len(stored) != len(blocks):
        write(file, schema, blocks)
    if file is not None:
        _LAST.clear()
        _LAST[file] = (schema, {block.key: block for block in blocks})
    return SearchIndex(blocks, texts, extras)


_LAST: dict[Path, tuple[int, dict[Key, Block]]] = {}
"""The postings file last made or read → (its schema, its blocks): a library read again after
one file changed takes the unchanged blocks from here, not from the file. One file only (the
blocks are those of the library shown, which holds them anyway)."""


def _guarded(sizes: Sequence[int], texts: Sequence[str]) -> list[str]:
    """Texts in the digests layout: "" at each digest's guard."""
    out: list[str] = []
    at = 0
    for size in sizes:
        out.append("")
        out.extend(texts[at : at + size])
        at += size
    return out
