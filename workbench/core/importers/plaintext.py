"""Plain text (.txt): the whole file is the text, its first non-empty line the title.

Also home of the small rules every importer shares: how a title is derived
and cleaned, and when a text counts as empty.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..model import ArticleDraft
from .decoding import read_article_text

MAX_TITLE_CHARS = 300
"""A title longer than this (e.g. a text with no line breaks) is shortened."""

_FIRST_LINE = re.compile(r"\S[^\r\n]*")
_METADATA_FIELDS = ("outlet", "author", "published", "url", "language")


def read_plaintext(path: Path) -> list[ArticleDraft]:
    text = read_article_text(path)
    return [make_draft(text, source=str(path))]


def make_draft(text: str, *, title: str = "", source: str = "", **metadata: str) -> ArticleDraft:
    """An :class:`ArticleDraft` with a clean title (from the text when none is
    given) and metadata on one line each. The text is left as it is: the store
    makes it canonical."""
    unknown = set(metadata) - set(_METADATA_FIELDS)
    if unknown:
        raise TypeError(f"unknown article fields: {', '.join(sorted(unknown))}")
    cleaned = {name: one_line(value) for name, value in metadata.items()}
    return ArticleDraft(
        title=clean_title(title) or clean_title(first_line(text)),
        text=text,
        source=source,
        **cleaned,
    )


def first_line(text: str) -> str:
    """The first line that is not blank, without its surrounding white space."""
    match = _FIRST_LINE.search(text)
    return match.group().strip() if match else ""


def clean_title(title: str) -> str:
    """NFC, on one line, white space collapsed, at most MAX_TITLE_CHARS characters."""
    title = one_line(unicodedata.normalize("NFC", title[: MAX_TITLE_CHARS * 4]))
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return title


def one_line(value: str) -> str:
    return " ".join(value.split())


def has_text(text: str) -> bool:
    """Whether ``canonical(text)`` is not empty, without computing it."""
    text = text.lstrip("\ufeff")  # all of them, as canonical() does
    return not text.isspace() and text != ""
