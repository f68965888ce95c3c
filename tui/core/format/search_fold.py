"""The text a search looks in: an item's raw Markdown casefolded, bold marks gone, spaces folded."""

from __future__ import annotations

from tui.core.model import SEP


def search_fold(raw: str) -> str:
    """An item's raw Markdown as search reads it: casefolded, bold marks gone, whitespace folded."""
    return " ".join(raw.replace("**", "").replace("__", "").replace(SEP, " ").casefold().split())


def fold(headline: str, author: str | None, handle: str | None, summary: str) -> str:
    """What a search looks in, for one item (from its parsed parts)."""
    return search_fold("\n".join((headline, author or "", handle or "", summary)))


def encode(texts: list[str]) -> bytes:
    """A digest's folded item texts as the search texts file keeps them: joined by SEP, in UTF-8."""
    return SEP.join(texts).encode("utf-8", "surrogatepass")


def decode(blob: bytes) -> str:
    """`encode`'s texts, still joined by SEP (a damaged entry's bad bytes become U+FFFD)."""
    return blob.decode("utf-8", "replace") if type(blob) is bytes else ""
