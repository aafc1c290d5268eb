"""Markdown (.md, .markdown): rendered with the ``markdown`` package, then to plain text.

Paragraphs and headings become paragraphs separated by blank lines, list
items lines starting with "- ". The title is the front matter's ``title``,
else the first heading, else the first non-empty line. Optional front matter
(between ``---`` lines at the very start, one ``key: value`` a line) gives
title, outlet, author, published (or ``date``), url and language (or ``lang``).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import ArticleDraft
from .decoding import UnreadableFile, read_article_text
from .html_import import parse_page
from .plaintext import has_text, make_draft

MARKDOWN_EXTENSIONS = ("fenced_code", "tables", "sane_lists")
FRONT_MATTER_FIELDS = ("title", "outlet", "author", "published", "url", "language")
_FRONT_MATTER_ALIASES = {"date": "published", "lang": "language", "publisher": "outlet"}

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.DOTALL | re.MULTILINE)
_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z_][\w -]*?)\s*:\s*(.*)$")


def read_markdown(path: Path) -> list[ArticleDraft]:
    source = read_article_text(path).replace("\r\n", "\n").replace("\r", "\n")
    fields, body = split_front_matter(source)
    page = parse_page(render_html(body), skip_page_furniture=False)
    if not has_text(page.text):
        raise UnreadableFile("no text (nothing left after rendering the Markdown)")
    title = fields.pop("title", "") or page.first_heading
    return [make_draft(page.text, title=title, source=str(path), **fields)]


def render_html(body: str) -> str:
    import markdown  # imported on first use: it is not needed to start the program

    return markdown.markdown(body, extensions=list(MARKDOWN_EXTENSIONS))


def split_front_matter(source: str) -> tuple[dict[str, str], str]:
    """The known fields of a leading ``---`` block, and the text after it.

    A leading block whose lines are not all ``key: value`` is not front matter
    (it may be a horizontal rule) and is left in the text.
    """
    match = _FRONT_MATTER.match(source)
    if not match:
        return {}, source
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pair = _FRONT_MATTER_LINE.match(line)
        if not pair:
            return {}, source
        key = pair.group(1).strip().lower()
        key = _FRONT_MATTER_ALIASES.get(key, key)
        if key in FRONT_MATTER_FIELDS:
            fields.setdefault(key, _unquote(pair.group(2).strip()))
    return fields, source[match.end() :]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
