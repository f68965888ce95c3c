"""Reading a digest file's text: size limit, binary check, decoding, line splitting."""

from __future__ import annotations

from tui.core.model import NO_ITEMS

__all__ = ["MAX_FILE_SIZE", "NO_ITEMS", "SkipFile", "decode", "normal_text", "split_lines", "text_from"]

MAX_FILE_SIZE = 5 * 1024 * 1024
"""Files larger than this are skipped unread."""

_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b")
_CONTROL_BYTES = bytes([*range(9), *range(14, 27), *range(28, 32)])


class SkipFile(Exception):
    """This file cannot be read as a digest at all; the message says why."""


def decode(raw: bytes) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (BOM or not), UTF-16 with a BOM; bad bytes replaced, with a warning."""
    warnings: list[str] = []
    head = raw[:4096]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
        warnings.append("file is UTF-16, not UTF-8; read as UTF-16")
        return text.lstrip("\ufeff"), warnings
    if raw.startswith(_BINARY_MAGIC):
        raise SkipFile("not a text file (binary data)")
    if head:
        controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
        if controls * 10 > len(head):
            raise SkipFile("not a text file (binary data)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = raw.decode("utf-8", errors="replace")
        warnings.append(f"not valid UTF-8 (first bad byte at offset {exc.start}); bad bytes shown as �")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        warnings.append("file contains NUL bytes; shown as �")
        text = text.replace("\x00", "\ufffd")
    return text, warnings


def split_lines(text: str) -> list[str]:
    """Lines as CommonMark sees them: LF, CRLF or CR end a line."""
    return normal_text(text).split("\n")


def normal_text(text: str) -> str:
    """The text with every line ending LF (what `split_lines` splits)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def text_from(text: str, lines: list[str], start: int) -> str:
    """`"\n".join(lines[start:])` where `lines` is `split_lines(text)` and `text` is normal (LF
    only): a slice of the text, not a join of its lines."""
    return text[sum(map(len, lines[:start])) + start :] if start else text
