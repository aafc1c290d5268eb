"""Saved web pages (.html, .htm): the article's main text, title and metadata.

trafilatura finds the main text and metadata; it is imported on first use
only, because importing it takes a noticeable fraction of a second. When it
finds nothing, a plain extraction with the standard library's HTML parser
takes over. Nothing is ever fetched: the page is parsed from the string, and
scripts, styles and remote resources are ignored.

:func:`html_to_text` (the standard-library extraction) is also used to turn
rendered Markdown into text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..model import ArticleDraft
from .decoding import UnreadableFile, decode_bytes, note_fallback, read_article_bytes
from .plaintext import first_line, has_text, make_draft

log = logging.getLogger(__name__)

NO_TEXT_IN_PAGE = "no article text found in the page"

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")

# Elements whose content is never text.
_HIDDEN = frozenset(
    "script style noscript template svg math iframe object canvas select button".split()
)
# Page furniture, skipped when extracting an article from a whole page.
_PAGE_FURNITURE = frozenset("nav footer aside menu dialog".split())
_BLOCKS = frozenset(
    """address article blockquote body caption center dd details div dl dt fieldset figcaption
    figure h1 h2 h3 h4 h5 h6 hr html li main ol p pre section summary table tbody tfoot thead tr
    ul""".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_CELLS = frozenset(("td", "th"))
_LIST_ITEM_PREFIX = "- "
_CELL_SEPARATOR = " | "


def read_html(path: Path) -> list[ArticleDraft]:
    data = read_article_bytes(path)
    decoded = decode_bytes(data, declared_encoding=declared_charset(data))
    note_fallback(path, decoded.encoding)
    page = parse_page(decoded.text, skip_page_furniture=True)
    extracted = _trafilatura_extract(decoded.text)
    text = extracted.get("text") or ""
    if not has_text(text):
        text = page.text
    if not has_text(text):
        raise UnreadableFile(NO_TEXT_IN_PAGE)
    return [_draft(text, extracted, page.meta, str(path))]


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in a ``<meta charset>`` near its start, if any."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: one paragraph per block, separated by blank
    lines; list items as lines starting with "- "; no tags or entities left."""
    return parse_page(html, skip_page_furniture=False).text


@dataclass(slots=True)
class ParsedPage:
    text: str
    first_heading: str
    meta: dict[str, str] = field(default_factory=dict)


def parse_page(html: str, *, skip_page_furniture: bool) -> ParsedPage:
    parser = _TextAndMetaParser(skip_page_furniture)
    parser.feed(html)
    parser.close()
    return parser.result()


def _draft(text: str, extracted: dict[str, Any], meta: dict[str, str], source: str) -> ArticleDraft:
    def pick(key: str, *fallbacks: str) -> str:
        values = [extracted.get(key)] + [meta.get(name) for name in fallbacks]
        return next((value for value in values if isinstance(value, str) and value.strip()), "")

    return make_draft(
        text,
        title=pick("title", "og:title", "twitter:title", "title") or first_line(text),
        outlet=pick("sitename", "og:site_name", "application-name"),
        author=pick("author", "author", "article:author", "dc.creator"),
        published=pick("date", "article:published_time", "datepublished", "date", "dc.date"),
        url=pick("url", "canonical", "og:url"),
        language=pick("language", "lang", "og:locale").replace("_", "-"),
        source=source,
    )


def _trafilatura_extract(html: str) -> dict[str, Any]:
    """trafilatura's text and metadata, or {} when it finds nothing or fails."""
    try:
        import trafilatura  # slow to import: only when a page is imported

        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception:  # a third-party parser: its failure is not the file's failure
        log.warning("trafilatura failed; using the plain HTML extraction", exc_info=True)
        return {}
    if document is None:
        return {}
    extracted = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    extracted["text"] = _paragraphs_from_lines(extracted.get("text") or "")
    return extracted


def _paragraphs_from_lines(text: str) -> str:
    """trafilatura puts one paragraph per line: separate them by blank lines,
    keeping runs of list items together."""
    lines = (line.strip() for line in text.splitlines())
    return _join_blocks([(line, line.startswith(_LIST_ITEM_PREFIX)) for line in lines if line])


class _TextAndMetaParser(HTMLParser):
    """One pass over a page: the visible text as paragraphs, plus <title>,
    <html lang>, <link rel=canonical> and <meta> values (keys lower-cased)."""

    def __init__(self, skip_page_furniture: bool) -> None:
        super().__init__(convert_charrefs=True)
        self._skipped = _HIDDEN | (_PAGE_FURNITURE if skip_page_furniture else frozenset())
        self._skip_depth = 0  # inside how many elements whose content is never text
        self._in_head = False
        self._pre_depth = 0
        self._in_title = False
        self._title_done = False
        self._in_heading = False
        self._title_parts: list[str] = []
        self._heading_parts: list[str] = []
        self._first_heading = ""
        self._inline: list[str] = []  # text of the current block; "\n" only from <br>
        self._item_pending = False  # the next block with text starts a list item
        self._cells_in_row = 0
        self._blocks: list[tuple[str, bool]] = []  # (text, is a list item)
        self.meta: dict[str, str] = {}

    # -- parser callbacks -------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._collect_meta(tag, dict(attrs))
        if tag in ("head", "body"):
            self._in_head = tag == "head"
            self._skip_depth = 0  # what was left unclosed before <body> ends here
        if tag in self._skipped:
            self._skip_depth += 1
            return
        self._start_element(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._collect_meta(tag, dict(attrs))
        if tag not in self._skipped:
            self._start_element(tag)
            if tag not in ("br", "hr"):
                self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title, self._title_done = False, True
        if tag == "head":
            self._in_head = False
        if tag in self._skipped:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if self._hidden():
            return
        if tag in _BLOCKS:
            self._end_block()
        if tag == "li":
            self._item_pending = False
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)
        if tag in _HEADINGS and self._in_heading:
            self._in_heading = False
            self._first_heading = self._first_heading or _collapse("".join(self._heading_parts))

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
            return
        if self._hidden():
            return
        self._inline.append(data if self._pre_depth else _HTML_WHITESPACE.sub(" ", data))
        if self._in_heading:
            self._heading_parts.append(data)

    # -- building blocks ----------------------------------------------------

    def _hidden(self) -> bool:
        return self._in_head or self._skip_depth > 0

    def _start_element(self, tag: str) -> None:
        if tag == "title" and not self._title_done and not self._skip_depth:
            self._in_title = True
        if self._hidden():
            return
        if tag in _BLOCKS:
            self._end_block()
            self._item_pending = self._item_pending or tag == "li"
            self._cells_in_row = 0
        if tag == "br":
            self._inline.append("\n")
        elif tag in _CELLS:
            self._inline.append(_CELL_SEPARATOR if self._cells_in_row else "")
            self._cells_in_row += 1
        elif tag == "pre":
            self._pre_depth += 1
        elif tag in _HEADINGS and not self._first_heading:
            self._in_heading, self._heading_parts = True, []

    def _end_block(self) -> None:
        raw = "".join(self._inline)
        self._inline = []
        if self._pre_depth:
            text = raw.strip("\n").rstrip()
        else:
            lines = (_collapse(line) for line in raw.split("\n"))
            text = "\n".join(line for line in lines if line)
        if text:
            is_item, self._item_pending = self._item_pending, False
            self._blocks.append(((_LIST_ITEM_PREFIX if is_item else "") + text, is_item))

    def _collect_meta(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "html" and attrs.get("lang"):
            self.meta.setdefault("lang", attrs["lang"] or "")
        elif tag == "link" and "canonical" in (attrs.get("rel") or "").lower().split():
            self.meta.setdefault("canonical", attrs.get("href") or "")
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            if key and attrs.get("content"):
                self.meta.setdefault(key.strip().lower(), attrs["content"] or "")

    def result(self) -> ParsedPage:
        self._end_block()
        title = _collapse("".join(self._title_parts))
        if title:
            self.meta.setdefault("title", title)
        return ParsedPage(_join_blocks(self._blocks), self._first_heading, self.meta)


def _collapse(text: str) -> str:
    return _HTML_WHITESPACE.sub(" ", text).strip()


def _join_blocks(blocks: list[tuple[str, bool]]) -> str:
    parts: list[str] = []
    previous_is_item = False
    for text, is_item in blocks:
        if parts:
            parts.append("\n" if previous_is_item and is_item else "\n\n")
        parts.append(text)
        previous_is_item = is_item
    return "".join(parts)
