"""One block of the search's postings (`search_index.py` keeps them and searches them): which
of its items' texts hold each character.

Each block holds every character's bitmap twice, in two layouts of its items, each group led by a guard bit
that is never set: digest by digest (the block's order), and story by story (the copies of one
story key in the block side by side). Adding "ones at every item" to a bitmap carries into a
group's guard exactly when the group holds a match, so how many digests, and how many stories,
hold a match is counted with a few big-integer operations per block (see `Layout.flags`).

How a block is made (all C loops, no Python loop per character): the characters held by at
least one item in 32 are "dense"; 255 of them at a time get a one-byte code
(`codecs.charmap_build`), so encoding an item's text with that map and asking which of the 255
bytes are absent gives a 256-byte row per item; the rows of a block, joined in a layout's
order, are read column by column (`rows[b::256]`): one column per character, its bitmap. Only
items still holding other characters go on to the next 255. What is left (rare characters, and
any outside the Basic Multilingual Plane) is kept as positions, from the texts with every dense
character removed.

Blocks are 512 digests, counted from the oldest digest, so a new digest (the newest) changes
only the newest block; each is keyed by what its texts and layouts are made from (`block_key`).
"""

from __future__ import annotations

import codecs
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate, compress, repeat
from operator import add, sub
from typing import Any

BLOCK = 512
"""Digests per block (counted from the oldest digest)."""
DENSE = 32
"""A character held by at least one item in this many gets a bitmap; rarer ones, positions."""
SAMPLE = 256
"""About this many items of a block are counted to tell dense characters from rare ones."""
SPARSE = 128
"""Up to this many bits set, their positions are read off the binary digits."""
CHUNK = 1024
"""Items coded in one go while a block is made."""

_ALL = bytes(range(256))
_ONE = re.compile("1")
_ZEROS = bytes(256)
_BITS = bytes.maketrans(b"01", b"\x00\x01")
_COLUMN = [bytes.maketrans(bytes([0, b]), b"01") if b else b"" for b in range(256)]
"""Per byte value b: the table that reads a column of rows (b where present, 0 where not) as '0'/'1'."""
_NONZERO = bytes([1, *range(1, 256)])
"""Bucket 0 is bucket 1 (a row's 0 means "absent")."""


def _shuffled(times: int, turn: int, mask: int) -> bytes:
    """A fixed permutation of the byte values (odd multiple, rotation, xor: each one-to-one)."""
    return bytes(((((x * times) & 255) << turn | ((x * times) & 255) >> (8 - turn)) & 255) ^ mask for x in range(256))


_MIX = ((_shuffled(167, 3, 0x5A), bytes(range(256))), (_shuffled(45, 5, 0xC3), _shuffled(109, 2, 0x1F)),
        (_shuffled(77, 1, 0x96), _shuffled(201, 6, 0x3C)), (_shuffled(13, 4, 0x71), _shuffled(99, 7, 0xA5)))
"""The pair hashes of coded characters (a, b): `first[a] ^ second[b]` for each (first, second)."""
HASHES = len(_MIX)

Key = tuple[int, int]


def groups(sizes: Sequence[int]) -> list[tuple[int, int]]:
    """(first, end) of each block over digests with these item counts (newest first): blocks
    of BLOCK counted from the oldest, so a new newest digest changes only the first block."""
    first = len(sizes) % BLOCK or BLOCK
    return [(0, min(first, len(sizes))), *((at, at + BLOCK) for at in range(first, len(sizes), BLOCK))]


def block_key(parts: Sequence[str]) -> Key:
    """A block's key from the strings its texts and layouts are made from."""
    blob = "\x01".join(parts).encode("utf-8", "surrogatepass")
    return zlib.crc32(blob), zlib.adler32(blob) ^ (len(blob) << 32)


def _mask(sizes: Sequence[int], width: int) -> tuple[int, int]:
    """(ones at every member, ones at every guard) of a layout of groups of these sizes."""
    members = "".join("0" + "1" * size for size in sizes)
    guards = "".join("1" + "0" * size for size in sizes)
    return (int(members, 2), int(guards, 2)) if width else (0, 0)


class Layout:
    """One order of a block's items: groups (digests or stories), each led by a guard position."""

    __slots__ = ("sizes", "width", "place", "members", "guards")

    def __init__(self, sizes: array, order: array) -> None:
        self.sizes = sizes
        """How many items each group holds, in order."""
        self.width = len(order) + len(sizes)
        place = array("I", bytes(4 * len(order)))
        at = 0
        slot = 0
        for size in sizes:
            at += 1  # (the guard)
            for _ in range(size):
                place[order[slot]] = at
                at += 1
                slot += 1
        self.place = place
        """Item (by its number in the block) → its position in this layout."""
        self.members, self.guards = _mask(sizes, self.width)

    def bit(self, position: int) -> int:
        return 1 << (self.width - 1 - position)

    def expand(self, bits: int) -> bytes:
        """One byte per position (0 or 1), in this layout's order."""
        return bin(bits | (1 << self.width))[3:].encode("ascii").translate(_BITS) if self.width else b""

    def positions(self, bits: int) -> list[int]:
        """The positions of the set bits, in order (a few: read off the binary digits; many: C loops)."""
        if bits.bit_count() <= SPARSE:
            digits = bin(bits)[2:] if bits else ""
            offset = self.width - len(digits)
            return [offset + found.start() for found in _ONE.finditer(digits)]
        return _set_at(self.expand(bits))

    def flags(self, bits: int) -> int:
        """The guard of every group holding a set bit, set (and nothing else)."""
        return (bits + self.members) & self.guards


class Block:
    """The postings of one block of items in its two layouts (digests, stories): a bitmap per
    dense character (position p is bit `width - 1 - p`: a bitmap written in binary reads in the
    layout's order), the items holding each rare character."""

    __slots__ = ("key", "size", "dense_chars", "by_digest", "by_story", "pairs", "common", "common_by_digest",
                 "common_by_story", "rare_chars", "rare", "starts", "digest_sizes", "story_sizes", "story_order",
                 "_where", "_layouts", "_to_story", "_common_at")

    def __init__(self, key: Key, size: int, dense_chars: str, by_digest: bytes, by_story: bytes, pairs: bytes,
                 common: str, common_by_digest: bytes, common_by_story: bytes, rare_chars: str, rare: array,
                 starts: array, digest_sizes: array, story_sizes: array, story_order: array) -> None:
        self.key = key
        self.size = size
        self.dense_chars = dense_chars
        self.by_digest = by_digest
        """Every dense character's bitmap in the digests layout, in `dense_chars` order."""
        self.by_story = by_story
        """The same in the stories layout."""
        self.pairs = pairs
        """HASHES hashed rows of 255 bitmaps (digests layout): the items holding a pair of the
        first 255 dense characters side by side (their text with other characters left out) have
        the pair's bucket set in every row (a Bloom filter: set buckets only say "maybe")."""
        self.common = common
        """The pairs side by side that one item in DENSE holds, two characters each; with their
        exact bitmaps in both layouts (a two-character needle that is one of them is its bitmap)."""
        self.common_by_digest = common_by_digest
        self.common_by_story = common_by_story
        self._common_at: dict[str, int] | None = None
        self.rare_chars = rare_chars
        self.rare = rare
        """The items (by number in the block) holding each rare character, in `rare_chars` order
        (`starts` says where each begins)."""
        self.starts = starts
        self.digest_sizes = digest_sizes
        self.story_sizes = story_sizes
        self.story_order = story_order
        """The block's items (by number) story by story."""
        self._where: dict[str, int] | None = None
        self._layouts: tuple[Layout, Layout] | None = None
        self._to_story: array | None = None

    @property
    def layouts(self) -> tuple[Layout, Layout]:
        """(by digest, by story), made on first use."""
        found = self._layouts
        if found is None:
            found = self._layouts = (Layout(self.digest_sizes, array("I", range(self.size))),
                                     Layout(self.story_sizes, self.story_order))
        return found

    @property
    def to_story(self) -> array:
        """Position in the digests layout → the same item's position in the stories layout (guards: 0)."""
        found = self._to_story
        if found is None:
            by_digest, by_story = self.layouts
            found = array("I", bytes(4 * by_digest.width))
            for item, position in enumerate(by_digest.place):
                found[position] = by_story.place[item]
            self._to_story = found
        return found

    def bits(self, char: str) -> tuple[int, int] | None:
        """The bitmaps (by digest, by story) of the items holding `char` ((0, 0): none; None: a
        rare character, see `holding`)."""
        where = self._where
        if where is None:
            where = self._where = {c: n for n, c in enumerate(self.dense_chars)}
        at = where.get(char)
        if at is None:
            return None if char in self.rare_chars else (0, 0)
        by_digest, by_story = self.layouts
        one, other = (by_digest.width + 7) // 8, (by_story.width + 7) // 8
        return (int.from_bytes(self.by_digest[at * one : (at + 1) * one], "big"),
                int.from_bytes(self.by_story[at * other : (at + 1) * other], "big"))

    def pair_bits(self, first: str, second: str) -> int | None:
        """The items that may hold `first` then `second` (digests layout; None: no filter for
        this pair: a character not among the first 255 dense ones)."""
        if not self.pairs:
            return None
        where = self._where
        if where is None:
            where = self._where = {c: n for n, c in enumerate(self.dense_chars)}
        a, b = where.get(first, 255), where.get(second, 255)
        if a >= 255 or b >= 255:
            return None
        a, b = a + 1, b + 1
        width = (self.layouts[0].width + 7) // 8
        pairs = self.pairs
        bits = -1
        for row, (mix_first, mix_second) in enumerate(_MIX):
            at = row * 255 + _NONZERO[mix_first[a] ^ mix_second[b]] - 1
            bits &= int.from_bytes(pairs[at * width : (at + 1) * width], "big")
        return bits

    def common_bits(self, pair: str) -> tuple[int, int] | None:
        """The exact bitmaps (by digest, by story) of the items holding `pair` (two characters)
        side by side in a text or a second text (None: not a common pair here)."""
        where = self._common_at
        if where is None:
            common = self.common
            where = self._common_at = {common[at : at + 2]: at // 2 for at in range(0, len(common), 2)}
        at = where.get(pair)
        if at is None:
            return None
        by_digest, by_story = self.layouts
        one, other = (by_digest.width + 7) // 8, (by_story.width + 7) // 8
        return (int.from_bytes(self.common_by_digest[at * one : (at + 1) * one], "big"),
                int.from_bytes(self.common_by_story[at * other : (at + 1) * other], "big"))

    def holding(self, char: str) -> array:
        """The items (by number in the block) holding a rare character, in order."""
        at = self.rare_chars.find(char)
        return self.rare[self.starts[at] : self.starts[at + 1]] if at >= 0 else array("I")

    def to_plain(self) -> tuple[Any, ...]:
        return (self.key, self.size, self.dense_chars, self.by_digest, self.by_story, self.pairs, self.common,
                self.common_by_digest, self.common_by_story, self.rare_chars,
                self.rare.tobytes(), self.starts.tobytes(), self.digest_sizes.tobytes(), self.story_sizes.tobytes(),
                self.story_order.tobytes())

    @classmethod
    def from_plain(cls, value: object) -> Block | None:
        """A block as `to_plain` wrote it, or None when it is not one."""
        if not isinstance(value, tuple) or len(value) != 15:
            return None
        key, size, dense_chars, by_digest, by_story, pairs, common, common_by_digest, common_by_story, rare_chars, *blobs = value
        if not (isinstance(key, tuple) and len(key) == 2 and all(type(k) is int for k in key) and type(size) is int
                and size >= 0 and type(dense_chars) is str and type(by_digest) is bytes and type(by_story) is bytes
                and type(pairs) is bytes and type(common) is str and type(common_by_digest) is bytes
                and type(common_by_story) is bytes and type(rare_chars) is str and all(type(blob) is bytes for blob in blobs)):
            return None
        arrays = [array("I") for _ in blobs]
        try:
            for found, blob in zip(arrays, blobs):
                found.frombytes(blob)
        except ValueError:
            return None
        rare, starts, digest_sizes, story_sizes, story_order = arrays
        digest_width = size + len(digest_sizes)
        story_width = size + len(story_sizes)
        if (sum(digest_sizes) != size or sum(story_sizes) != size or sorted(story_order) != list(range(size))
                or len(by_digest) != len(dense_chars) * ((digest_width + 7) // 8)
                or len(by_story) != len(dense_chars) * ((story_width + 7) // 8)
                or len(pairs) not in (0, HASHES * 255 * ((digest_width + 7) // 8))
                or len(common) % 2 or len(common_by_digest) != len(common) // 2 * ((digest_width + 7) // 8)
                or len(common_by_story) != len(common) // 2 * ((story_width + 7) // 8)
                or len(starts) != len(rare_chars) + 1 or starts[-1] != len(rare) or any(p >= size for p in rare)):
            return None
        return cls(key, size, dense_chars, by_digest, by_story, pairs, common, common_by_digest, common_by_story,
                   rare_chars, rare, starts, digest_sizes, story_sizes, story_order)


def _stories(keys: Sequence[str]) -> tuple[array, array]:
    """(each story's number of items, the items story by story): stories in the order their
    first item comes, each story's items in order."""
    members: dict[str, list[int]] = {}
    for at, key in enumerate(keys):
        found = members.get(key)
        if found is None:
            members[key] = [at]
        else:
            found.append(at)
    order = array("I")
    for found in members.values():
        order.extend(found)
    return array("I", map(len, members.values())), order


def build_block(key: Key, digest_sizes: Sequence[int], own: Sequence[str], keys: Sequence[str],
                second: Sequence[str] | None = None) -> Block:
    """The postings of these texts (one per item, in order; the digests hold `digest_sizes`
    items each; `keys`: each item's story key; `second`: each item's second text, if any). No
    text may hold a NUL."""
    texts = list(map(add, own, second)) if second and any(second) else own  # (a character of either is held)
    paired = [f"{text}\x01{extra}" if extra else text for text, extra in zip(own, second)] if second and any(second) else own
    size = len(texts)
    story_sizes, story_order = _stories(keys)
    step = max(1, size // SAMPLE)
    counted = Counter("".join(texts[::step]))
    sampled = (size + step - 1) // step
    dense = [c for c, n in counted.most_common() if n * DENSE >= sampled and "\x00" < c <= "\uffff" and c != "\ufffe"]
    digest_width, story_width = size + len(digest_sizes), size + len(story_sizes)
    in_digests = _order_of(digest_sizes, range(size))
    in_stories = _order_of(story_sizes, story_order)
    left = list(map(len, texts))
    """How many of each text's characters no level so far has coded."""
    by_digest: list[bytes] = []
    by_story: list[bytes] = []
    pairs: list[bytes] = []
    common: tuple[str, bytes, bytes] = ("", b"", b"")
    for start in range(0, len(dense), 255):
        level = dense[start : start + 255]
        table = codecs.charmap_build("\x00" + "".join(level) + "\ufffe" * (255 - len(level)))
        coded: list[bytes] = []
        rows: list[bytes] = []
        for begin in range(0, size, CHUNK):  # (in pieces: no C call holds the interpreter for long)
            # Every level codes NUL as 0: the texts come apart again after.
            piece = codecs.charmap_encode("\x00".join(texts[begin : begin + CHUNK]), "ignore", table)[0].split(b"\x00")
            coded.extend(piece)
            rows.extend(_rows(piece))  # b where an item's text holds level[b - 1], else 0
        laid = _laid_out(rows, in_digests), _laid_out(rows, in_stories)
        for code in range(1, len(level) + 1):  # (every one, empty or not: pairs know them by code)
            by_digest.append(_column(laid[0], code, digest_width))
            by_story.append(_column(laid[1], code, story_width))
        if not start:  # pairs of the first 255 side by side (other characters left out), hashed
            hashed_rows: list[list[bytes]] = [[] for _ in _MIX]
            for begin in range(0, size, CHUNK):
                piece = coded[begin : begin + CHUNK]
                whole = b"\x00".join(piece)
                lengths = list(map(len, piece))
                begins = list(accumulate((length + 1 for length in lengths[:-1]), initial=0))
                ends = [begin_ + max(0, length - 1) for begin_, length in zip(begins, lengths)]
                head, tail = whole[:-1], whole[1:]
                for row, (mix_first, mix_second) in enumerate(_MIX):
                    hashed = (int.from_bytes(head.translate(mix_first), "big") ^ int.from_bytes(tail.translate(mix_second), "big")
                              ).to_bytes(len(head), "big").translate(_NONZERO) if head else b""
                    hashed_rows[row].extend(_rows(list(map(hashed.__getitem__, map(slice, begins, ends)))))
            for each in hashed_rows:
                laid_pairs = _laid_out(each, in_digests)
                pairs.extend(_column(laid_pairs, code, digest_width) for code in range(1, 256))
            common = _common_pairs(paired, level, step, in_digests, in_stories, (digest_width, story_width))
        left = list(map(sub, left, map(len, coded)))
        if not any(left):
            break
    rare: dict[str, list[int]] = {}
    if any(left):
        strip = re.compile("[" + "".join(map(re.escape, dense)) + "]+") if dense else None
        for at in compress(range(size), left):
            text = texts[at]
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
    return Block(key, size, "".join(dense[: len(by_digest)]), b"".join(by_digest), b"".join(by_story), b"".join(pairs),
                 *common, rare_chars, positions, starts, array("I", digest_sizes), story_sizes, story_order)


def _common_pairs(paired: Sequence[str], level: list[str], step: int, in_digests: list[int], in_stories: list[int],
                  widths: tuple[int, int]) -> tuple[str, bytes, bytes]:
    """The pairs of characters side by side that at least one item in DENSE holds (in its text,
    or in its second text, kept apart by a character no pair holds): each pair (two characters)
    with its exact bitmap in both layouts. Only pairs of the first 247 dense characters: a pair
    is one UTF-16 unit (first code, second code), kept out of the surrogates."""
    own = level[:254]
    filler = own.index("?") + 1 if "?" in own else 255  # what `replace` codes any other character as
    table = codecs.charmap_build("\x00" + "".join(own) + "\ufffe" * (254 - len(own)) + ("\ufffe" if filler < 255 else "?"))
    first = bytes((code if code < 0xD8 else code + 8) if 0 < code <= 247 and code != filler else 0 for code in range(256))
    pieces: list[str] = []
    chunks: list[tuple[str, list[slice]]] = []
    for begin in range(0, len(paired), CHUNK):
        chunk = paired[begin : begin + CHUNK]
        coded = codecs.charmap_encode("\x00".join(chunk), "replace", table)[0]
        units = bytearray(2 * max(0, len(coded) - 1))
        units[0::2] = coded[:-1].translate(first)
        units[1::2] = coded[1:]
        text = units.decode("utf-16-be")  # (no unit is a surrogate: see `first`)
        starts = list(accumulate((len(t) + 1 for t in chunk[:-1]), initial=0))
        slices = list(map(slice, starts, [start + max(0, len(t) - 1) for start, t in zip(starts, chunk)]))
        chunks.append((text, slices))
        pieces.extend(map(text.__getitem__, slices))
    sampled = pieces[::step]
    counted = Counter("".join(sampled))
    common = [pair for pair, count in counted.most_common(254) if count * DENSE >= len(sampled)
              and ord(pair) >= 256 and (ord(pair) & 255) not in (0, filler) and pair != "\ufffe"]
    if not common:
        return "", b"", b""
    coder = codecs.charmap_build("\x00" + "".join(common) + "\ufffe" * (254 - len(common)) + "?")
    rows: list[bytes] = []
    for text, slices in chunks:
        coded = codecs.charmap_encode(text, "replace", coder)[0]  # (one byte a pair: the slices hold)
        rows.extend(_rows(list(map(coded.__getitem__, slices))))
    laid = _laid_out(rows, in_digests), _laid_out(rows, in_stories)
    by_digest = b"".join(_column(laid[0], code, widths[0]) for code in range(1, len(common) + 1))
    by_story = b"".join(_column(laid[1], code, widths[1]) for code in range(1, len(common) + 1))
    named = []
    for pair in common:
        high, low = ord(pair) >> 8, ord(pair) & 255
        named.append(level[(high if high < 0xD8 else high - 8) - 1] + level[low - 1])
    return "".join(named), by_digest, by_story


def _rows(coded: Sequence[bytes]) -> list[bytes]:
    """Per item (its coded text), 256 bytes: b where it holds byte b, 0 where not (C loops only)."""
    absent = list(map(_ALL.translate, repeat(None), coded))
    return list(map(bytes.maketrans, absent, map(_ZEROS.__getitem__, map(slice, map(len, absent)))))


def _order_of(sizes: Sequence[int], order: Sequence[int]) -> list[int]:
    """The rows of a layout, in order: -1 (a row of zeros, see `_laid_out`) for each group's guard."""
    out: list[int] = []
    slot = 0
    for size in sizes:
        out.append(-1)
        out.extend(order[slot : slot + size])
        slot += size
    return out


def _laid_out(rows: list[bytes], order: list[int]) -> bytes:
    """`rows` joined in a layout's `order` (-1: a row of zeros)."""
    rows.append(_ZEROS)
    try:
        return b"".join(map(rows.__getitem__, order))
    finally:
        rows.pop()


def _column(laid: bytes, code: int, width: int) -> bytes:
    """The bitmap of byte value `code` over rows laid out in a layout, big-endian."""
    return int(laid[code::256].translate(_COLUMN[code]), 2).to_bytes((width + 7) // 8, "big") if width else b""


def _set_at(row: bytes) -> list[int]:
    """Where a row of 0 and 1 bytes holds 1, in order (C loops only)."""
    gaps = row.split(b"\x01")[:-1]
    return list(map(add, accumulate(map(len, gaps)), range(len(gaps))))
