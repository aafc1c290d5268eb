"""Canonical text and offsets.

All offsets in Workbench are Unicode code points into the canonical text,
end exclusive, exactly as Python's ``text[start:end]``. Qt counts UTF-16
code units, so the UI converts once, at its boundary, with :class:`OffsetMap`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from .model import Span

CONTEXT_CHARS = 32

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 units each


def canonical(text: str) -> str:
    """NFC, ``\\n`` line ends, no byte-order mark, no trailing white space at the end."""
    text = text.lstrip("\ufeff")  # all of them: else canonical(canonical(x)) != canonical(x)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).rstrip()


def sha256_hex(text: str) -> str:
    import hashlib  # here: it loads OpenSSL, 2-3 ms that opening a window does not need

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def span_of(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Span:
    """The quote, prefix and suffix of ``text[start:end]`` (a TextQuoteSelector)."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}..{end} is outside a text of {len(text)} characters")
    return Span(
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def reanchor(text: str, span: Span) -> tuple[int, int] | None:
    """Find where a span's quote now stands: at its offsets if they still match,
    else the occurrence whose prefix/suffix fit best, nearest the old start."""
    if text[span.start : span.end] == span.quote:
        return span.start, span.end
    if not span.quote:
        return None
    best: tuple[int, int, int] | None = None  # (-score, distance, start)
    for match in re.finditer(re.escape(span.quote), text):
        start = match.start()
        score = _common_suffix_len(text[:start], span.prefix) + _common_prefix_len(
            text[match.end() :], span.suffix
        )
        key = (-score, abs(start - span.start), start)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    return best[2], best[2] + len(span.quote)


def _common_prefix_len(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix_len(a: str, b: str) -> int:
    return _common_prefix_len(a[::-1], b[::-1])


class OffsetMap:
    """Converts between code-point offsets and UTF-16 offsets of one text.

    Only characters outside the Basic Multilingual Plane (emoji, flags, some
    CJK) take two UTF-16 units, so the map keeps their positions and bisects.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 offset of each astral character's first unit
        self._astral_u16 = [cp + n for n, cp in enumerate(self._astral_cp)]
        self.length = len(text)
        self.utf16_length = len(text) + len(self._astral_cp)

    def to_utf16(self, cp: int) -> int:
        cp = min(max(cp, 0), self.length)
        return cp + bisect.bisect_left(self._astral_cp, cp)

    def to_code_point(self, u16: int) -> int:
        """A UTF-16 offset inside a surrogate pair snaps back to the pair's start."""
        u16 = min(max(u16, 0), self.utf16_length)
        before = bisect.bisect_left(self._astral_u16, u16)
        if before and self._astral_u16[before - 1] + 1 == u16:
            return self._astral_cp[before - 1]
        return u16 - before


def utf16_offset(text: str, cp: int) -> int:
    return OffsetMap(text).to_utf16(cp)


def code_point_offset(text: str, u16: int) -> int:
    return OffsetMap(text).to_code_point(u16)


# Inside a word as Unicode's word boundaries (UAX #29) see it: the zero-width
# (non-)joiner of Persian and Urdu words (می‌خواهم), and the Hebrew geresh and
# gershayim of acronyms (צה״ל, האו״ם).
_INNER_WORD_CHARS = "_'’-\u200c\u200d\u05f3\u05f4"


def _is_word_char(ch: str) -> bool:
    if ch.isalnum() or ch in _INNER_WORD_CHARS:
        return True
    # combining marks belong to the letter before them
    return unicodedata.category(ch).startswith("M")


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a selection to whole words and trim white space at both ends.

    Punctuation is left as the analyst selected it, so a selection can still end
    on a closing quote or full stop.
    """
    start, end = (min(max(x, 0), len(text)) for x in sorted((start, end)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    while end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
        end += 1
    return start, end


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
