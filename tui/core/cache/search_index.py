"""The search's character postings: which items' folded texts hold each character, in blocks of
digests, kept beside the index cache (`postings-<roots>.bin`). Derived from the search texts only.

A search for a needle ANDs the postings of its characters: for a one-character needle that is
the answer; a longer one tests only those candidates with the plain substring test (the text a
search looks in is every item's own folded text, so nothing can match across two items). A
needle that contains one searched just before starts from that one's matches.

How a block is made (all C loops, no Python loop per character): the characters held by at
least one item in 32 are "dense"; 255 of them at a time get a one-byte code
(`codecs.charmap_build`), so encoding an item's text with that map and asking which of the 255
bytes are absent gives a 256-byte row per item; the rows of a block, joined, are read column by
column (`rows[b::256]`), one column per character: its bitmap over the block's items. Only the
items that still hold other characters go on to the next 255. What is left (rare characters,
and any outside the Basic Multilingual Plane) is kept as positions, from the texts with every
dense character removed.

Blocks are 256 digests each, counted from the oldest digest, so a new digest (the newest)
changes only the newest block; each is keyed by its digests (path, mtime, size) and their
items' places in the file, and one whose key is unchanged is taken from the file as it is.
"""

from __future__ import annotations

import codecs
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Sequence
from itertools import compress, repeat
from operator import contains
from pathlib import Path

from tui.core.cache import checked_file
from tui.core.model import Digest

MAGIC = b"BRIEFPST"
SCHEMA = 1

BLOCK = 256
"""Digests per block (counted from the oldest digest)."""
DENSE = 32
"""A character held by at least one item in this many gets a bitmap; rarer ones, positions."""
SAMPLE = 256
"""About this many items of a block are counted to tell dense characters from rare ones."""
RECENT = 12
"""How many needles' matches are kept (a longer needle starts from them; a shorter one is one of them)."""

_ALL = bytes(range(256))
_ZEROS = bytes(256)
_BITS = bytes.maketrans(b"01", b"\x00\x01")
_COLUMN = [bytes.maketrans(bytes([0, b]), b"01") if b else b"" for b in range(256)]
"""Per byte value b: the table that reads a column of rows (b where present, 0 where not) as '0'/'1'."""
_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")

Key = tuple[int, int]


def groups(digests: Sequence[Digest]) -> list[list[Digest]]:
    """The digests (newest first) in blocks of BLOCK, counted from the oldest: a new newest
    digest changes only the first block."""
    first = len(digests) % BLOCK or BLOCK
    return [list(digests[:first]), *(list(digests[at : at + BLOCK]) for at in range(first, len(digests), BLOCK))]


def block_key(digests: Sequence[Digest]) -> Key:
    """What a block's texts are made from: its digests' paths, mtimes and sizes, and where their
    items sit in their files (the search texts are made from exactly these)."""
    parts = []
    for digest in digests:
        where = [item.file_place for item in digest.items]
        parts.append(f"{digest.path}\x00{digest.mtime_ns}\x00{digest.size}\x00{len(where)}")
        parts.append(array("I", where).tobytes().hex())
    blob = "\x01".join(parts).encode("utf-8", "surrogatepass")
    return zlib.crc32(blob), zlib.adler32(blob) ^ (len(blob) << 32)


class Block:
    """The postings of one block of items: a bitmap per dense character (bit `size - 1 - i` for
    the block's item i, so a bitmap written in binary reads in item order), positions per rare one."""

    __slots__ = ("key", "size", "dense_chars", "dense", "width", "rare_chars", "rare", "starts", "_where")

    def __init__(self, key: Key, size: int, dense_chars: str, dense: bytes, rare_chars: str, rare: array,
                 starts: array) -> None:
        self.key = key
        self.size = size
        self.dense_chars = dense_chars
        self.dense = dense
        """Every dense character's bitmap, `width` bytes each, big-endian, in `dense_chars` order."""
        self.width = (size + 7) // 8
        self.rare_chars = rare_chars
        self.rare = rare
        """The positions of every rare character, in `rare_chars` order (`starts` says where each begins)."""
        self.starts = starts
        self._where: dict[str, int] | None = None

    def bits(self, char: str) -> int | None:
        """The bitmap of the items holding `char` (0: none; None: a rare character, see `positions`)."""
        where = self._where
        if where is None:
            where = self._where = {c: n for n, c in enumerate(self.dense_chars)}
        at = where.get(char)
        if at is None:
            return None if char in self.rare_chars else 0
        return int.from_bytes(self.dense[at * self.width : (at + 1) * self.width], "big")

    def positions(self, char: str) -> array:
        """The items holding a rare character, in order."""
        at = self.rare_chars.find(char)
        return self.rare[self.starts[at] : self.starts[at + 1]] if at >= 0 else array("I")

    def to_plain(self) -> tuple[object, ...]:
        return (self.key, self.size, self.dense_chars, self.dense, self.rare_chars, self.rare.tobytes(),
                self.starts.tobytes())

    @classmethod
    def from_plain(cls, value: object) -> Block | None:
        """A block as `to_plain` wrote it, or None when it is not one."""
        if not isinstance(value, tuple) or len(value) != 7:
            return None
        key, size, dense_chars, dense, rare_chars, rare, starts = value
        if not (isinstance(key, tuple) and len(key) == 2 and all(type(k) is int for k in key) and type(size) is int
                and size >= 0 and type(dense_chars) is str and type(dense) is bytes and type(rare_chars) is str
                and type(rare) is bytes and type(starts) is bytes):
            return None
        rare_positions, start_of = array("I"), array("I")
        try:
            rare_positions.frombytes(rare)
            start_of.frombytes(starts)
        except ValueError:
            return None
        if (len(dense) != len(dense_chars) * ((size + 7) // 8) or len(start_of) != len(rare_chars) + 1
                or (start_of and start_of[-1] != len(rare_positions))
                or any(p >= size for p in rare_positions[-1:])):
            return None
        return cls(key, size, dense_chars, dense, rare_chars, rare_positions, start_of)


def build_block(key: Key, texts: Sequence[str]) -> Block:
    """The postings of these texts (one per item, in order)."""
    size = len(texts)
    step = max(1, size // SAMPLE)
    counted = Counter("".join(texts[::step]))
    sampled = (size + step - 1) // step
    dense = [c for c, n in counted.most_common() if n * DENSE >= sampled and "\x00" < c <= "\uffff" and c != "\ufffe"]
    rows_of: list[bytes] = []
    chars: list[str] = []
    todo: bytearray | None = None
    """1 for each item whose text holds characters no level so far has coded (None: every item)."""
    left = array("I", map(len, texts))
    """How many of each text's characters no level so far has coded."""
    encode, maketrans, absent_of = codecs.charmap_encode, bytes.maketrans, _ALL.translate
    for start in range(0, len(dense), 255):
        level = dense[start : start + 255]
        table = codecs.charmap_build("\x00" + "".join(level) + "\ufffe" * (255 - len(level)))
        rows: list[bytes] = []
        add = rows.append
        more = bytearray(size)
        for at, text in enumerate(texts):
            if todo is not None and not todo[at]:
                add(_ZEROS)
                continue
            coded = encode(text, "ignore", table)[0]
            absent = absent_of(None, coded)
            add(maketrans(absent, _ZEROS[: len(absent)]))  # b where the text holds level[b - 1], else 0
            left[at] -= len(coded)
            if left[at]:
                more[at] = 1
        joined = b"".join(rows)
        for code, char in enumerate(level, start=1):
            column = joined[code::256].translate(_COLUMN[code])
            if b"1" in column:
                rows_of.append(int(column, 2).to_bytes((size + 7) // 8, "big"))
                chars.append(char)
        todo = more
        if not more.count(1):
            break
    rare: dict[str, list[int]] = {}
    if todo is None or todo.count(1):
        strip = re.compile("[" + "".join(map(re.escape, dense)) + "]+") if dense else None
        for at, text in enumerate(texts):
            if todo is not None and not todo[at]:
                continue
            for char in set(strip.sub("", text) if strip is not None else text):
                found = rare.get(char)
                if found is None:
                    rare[char] = [at]
                else:
                    found.append(at)
    rare_chars = "".join(rare)
    starts = array("I", [0])
    positions = array("I")
    for char in rare_chars:
        positions.extend(rare[char])
        starts.append(len(positions))
    return Block(key, size, "".join(chars), b"".join(rows_of), rare_chars, positions, starts)


def _expand(bits: int, size: int) -> bytes:
    """A bitmap as '0'/'1' bytes, one per item, in order."""
    return bin(bits | (1 << size))[3:].encode("ascii") if size else b""


def _block_hits(block: Block, chars: set[str]) -> bytes:
    """'0'/'1' per item of the block: whether its text holds every one of `chars`."""
    size = block.size
    bits = (1 << size) - 1
    rare: list[array] = []
    for char in chars:
        found = block.bits(char)
        if found is None:
            rare.append(block.positions(char))
        else:
            bits &= found
        if not bits:
            return b"0" * size
    if rare:
        rare.sort(key=len)
        row = bytearray(b"0" * size)
        others = [set(r) for r in rare[1:]]
        for at in rare[0]:
            if bits >> (size - 1 - at) & 1 and all(at in other for other in others):
                row[at] = 49  # '1'
        return bytes(row)
    return _expand(bits, size)


_RANGE: list[int] = []
"""0, 1, 2, …: positions within a block, made once (compress over a list makes no new objects)."""


def _positions(size: int) -> list[int]:
    if len(_RANGE) < size:
        _RANGE.extend(range(len(_RANGE), size))
    return _RANGE


class SearchIndex:
    """The postings of every item of a library, in list order, with the texts they come from
    (`texts[n]`: the texts of block n's items)."""

    def __init__(self, blocks: list[Block], texts: list[list[str]]) -> None:
        self.blocks = blocks
        self.texts = texts
        self.size = sum(block.size for block in blocks)
        self._recent: dict[str, bytes] = {}
        """Needle → its matches, one byte (0 or 1) per item; the newest last."""

    def hits(self, needle: str) -> bytes:
        """One byte per item, 1 where its text holds `needle` (casefolded), else 0: exactly
        `needle in text` for every text."""
        recent = self._recent
        found = recent.get(needle)
        if found is not None:
            recent[needle] = recent.pop(needle)  # (the newest now)
            return found
        found = self._hits(needle)
        recent[needle] = found
        while len(recent) > RECENT:
            del recent[next(iter(recent))]
        return found

    def _hits(self, needle: str) -> bytes:
        size = self.size
        if not needle:
            return b"\x01" * size
        chars = set(needle)
        candidates = b"".join([_block_hits(block, chars) for block in self.blocks]).translate(_BITS)
        within = [hits for older, hits in self._recent.items() if older and older in needle]
        if within:  # a longer needle: only among the matches of one it contains
            mask = int.from_bytes(candidates, "big")
            for hits in within:
                mask &= int.from_bytes(hits, "big")
            candidates = mask.to_bytes(size, "big")
        if len(needle) == 1 or 1 not in candidates:
            return candidates  # (one character: the postings are the answer)
        out: list[bytes] = []
        start = 0
        for block, texts in zip(self.blocks, self.texts):
            end = start + block.size
            chosen = candidates[start:end]
            start = end
            count = chosen.count(1)
            if not count:
                out.append(chosen)
                continue
            ok = bytes(map(contains, compress(texts, chosen), repeat(needle)))  # the substring test, in C
            matches = ok.count(1)
            if matches == count:
                out.append(chosen)
            elif not matches:
                out.append(bytes(block.size))
            else:
                at = compress(_positions(block.size), chosen)
                if matches * 2 <= count:
                    row = bytearray(block.size)
                    for place in compress(at, ok):
                        row[place] = 1
                else:
                    row = bytearray(chosen)
                    for place in compress(at, ok.translate(_FLIP)):
                        row[place] = 0
                out.append(bytes(row))
        return b"".join(out)


# -- the file ------------------------------------------------------------------------------

def read(file: Path | None, schema: int) -> dict[Key, Block]:
    """The blocks stored in `file`, by key (empty when it is missing, damaged, or of another
    schema: `schema` is this module's and the search texts' together)."""
    if file is None:
        return {}
    data = checked_file.read(file, MAGIC, schema)
    if not isinstance(data, list):
        return {}
    found: dict[Key, Block] = {}
    for value in data:
        block = Block.from_plain(value)
        if block is None:
            return {}
        found[block.key] = block
    return found


def write(file: Path | None, schema: int, blocks: list[Block]) -> None:
    """Store the blocks in `file`; failing is not an error."""
    if file is not None:
        checked_file.write(file, MAGIC, schema, [block.to_plain() for block in blocks])


def index_of(digests: list[Digest], file: Path | None, schema: int) -> SearchIndex:
    """The postings of every item's search text (`Item.folded`, set), in list order: blocks
    whose key is unchanged are taken from `file`, the others made again; the file is written
    when anything in it changed."""
    stored = read(file, schema)
    blocks: list[Block] = []
    texts: list[list[str]] = []
    made = 0
    for group in groups(digests):
        own = [item.folded or "" for digest in group for item in digest.items]
        key = block_key(group)
        block = stored.get(key)
        if block is None or block.size != len(own):
            block = build_block(key, own)
            made += 1
        blocks.append(block)
        texts.append(own)
    if made or len(stored) != len(blocks):
        write(file, schema, blocks)
    return SearchIndex(blocks, texts)
