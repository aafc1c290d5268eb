"""Properties of the importers, over arbitrary Unicode text and arbitrary bytes.

- Any text (astral characters, combining marks, right-to-left scripts, CRLF
  and CR line ends), written as UTF-8 or UTF-16 in a .txt, .csv or .jsonl
  file, comes back with the same canonical text.
- No bytes make a reader raise anything but UnreadableFile.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.importers import RowProblem, UnreadableFile, read_file
from workbench.core.importers.decoding import decode_bytes
from workbench.core.importers.html_import import read_html
from workbench.core.importers.markdown_import import read_markdown
from workbench.core.importers.plaintext import MAX_TITLE_CHARS, has_text, make_draft, read_plaintext
from workbench.core.importers.table import read_csv, read_jsonl
from workbench.core.model import ArticleDraft
from workbench.core.text import canonical

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Text as articles have it: any character but surrogates and control characters
# (other than tab and line ends), with extra weight on the hard cases.
HARD_PIECES = [
    "\r\n", "\r", "\n", "\t", " ", "\u00a0", "\u2028",
    "e\u0301", "\u0301", "\u05d0\u05b8", "\u05e9\u05e8",
    "\u0627\u0644\u0648\u0632\u0627\u0631\u0629",
    "\U0001F1FA\U0001F1F8", "\U0001F44D\U0001F3FD", "\U0001F468\u200d\U0001F469\u200d\U0001F467",
    "\U00020000", "\ufeff", "\u200f", '"', ",", ";",
]
article_characters = st.characters(blacklist_categories=("Cs", "Cc"))
article_text = st.lists(
    st.one_of(article_characters, st.sampled_from(HARD_PIECES)), max_size=60
).map("".join)
UNICODE_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"]


def encode(text: str, encoding: str) -> bytes:
    if encoding.endswith("-bom"):
        return ("\ufeff" + text).encode(encoding.removesuffix("-bom"))
    return text.encode(encoding)


@contextmanager
def file_with(name: str, data: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, name)
        path.write_bytes(data)
        yield path


def read_items(name: str, data: bytes) -> list[ArticleDraft | RowProblem]:
    with file_with(name, data) as path:
        contents = read_file(path)
    return [*contents.drafts, *contents.problems]


@PROPERTY_SETTINGS
@given(text=article_text, encoding=st.sampled_from(UNICODE_ENCODINGS))
def test_txt_round_trips_to_the_canonical_text(text: str, encoding: str) -> None:
    if encoding == "utf-8" and text.startswith("\ufeff"):
        text = "x" + text  # a leading U+FEFF in UTF-8 is indistinguishable from a BOM
    with file_with("article.txt", encode(text, encoding)) as path:
        try:
            (draft,) = read_file(path).drafts
        except UnreadableFile as error:
            assert error.reason == "empty file"
            assert not has_text(text)
            return
    # (a text of only U+FEFF after a BOM is read, and import_paths reports "no text")
    assert canonical(draft.text) == canonical(text)


def csv_bytes(rows: list[tuple[str, str]], encoding: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["title", "text"])
    writer.writerows(rows)
    return encode(buffer.getvalue(), encoding)


def jsonl_bytes(rows: list[tuple[str, str]], encoding: str, ensure_ascii: bool) -> bytes:
    lines = (json.dumps({"title": t, "text": x}, ensure_ascii=ensure_ascii) for t, x in rows)
    return encode("".join(line + "\r\n" for line in lines), encoding)


def assert_rows_round_trip(
    items: list[ArticleDraft | RowProblem], rows: list[tuple[str, str]]
) -> None:
    drafts = [item for item in items if isinstance(item, ArticleDraft)]
    expected = [text for _, text in rows if has_text(text)]
    assert [canonical(draft.text) for draft in drafts] == [canonical(text) for text in expected]
    problems = [item for item in items if isinstance(item, RowProblem)]
    assert all(problem.reason == "no text" for problem in problems)


rows_strategy = st.lists(st.tuples(article_text, article_text), min_size=1, max_size=5)


@PROPERTY_SETTINGS
@given(rows=rows_strategy, encoding=st.sampled_from(UNICODE_ENCODINGS))
def test_csv_round_trips_to_the_canonical_text(rows: list[tuple[str, str]], encoding: str) -> None:
    try:
        items = read_items("articles.csv", csv_bytes(rows, encoding))
    except UnreadableFile as error:  # only when no row has anything in it
        assert error.reason == "no rows after the header row"
        assert not any(title or text for title, text in rows)
        return
    assert_rows_round_trip(items, rows)


@PROPERTY_SETTINGS
@given(rows=rows_strategy, encoding=st.sampled_from(UNICODE_ENCODINGS), ensure_ascii=st.booleans())
def test_jsonl_round_trips_to_the_canonical_text(
    rows: list[tuple[str, str]], encoding: str, ensure_ascii: bool
) -> None:
    items = read_items("articles.jsonl", jsonl_bytes(rows, encoding, ensure_ascii))
    assert_rows_round_trip(items, rows)


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=2000))
def test_decoding_arbitrary_bytes_raises_only_unreadable_file(data: bytes) -> None:
    try:
        decoded = decode_bytes(data, declared_encoding="shift_jis")
    except UnreadableFile as error:
        assert error.reason
    else:
        assert decoded.text.strip()


# Bytes that look like the formats, so readers get past decoding more often.
format_bytes = st.one_of(
    st.binary(max_size=500),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from(['title,text\n', '"', ',', '\r\n', 'a', '{"text": ', '}', '\n', '<p>',
                              '</p>', '<script>', '# ', '---\n', 'title: x\n', '\x00', '\xe9', '[',
                              '\\ud800', '- ', '&amp;', '&#0;', '<!--', '<![CDATA[', '</'])).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
    ),
)


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("a.txt", read_plaintext),
        ("a.md", read_markdown),
        ("a.csv", read_csv),
        ("a.jsonl", read_jsonl),
    ],
)
@PROPERTY_SETTINGS
@given(data=format_bytes)
def test_readers_raise_only_unreadable_file(name: str, reader, data: bytes) -> None:
    with file_with(name, data) as path:
        try:
            items = list(reader(path))
        except UnreadableFile as error:
            assert error.reason
            return
    for item in items:
        assert isinstance(item, (ArticleDraft, RowProblem))
        if isinstance(item, ArticleDraft):
            assert has_text(item.text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=format_bytes)
def test_html_reader_raises_only_unreadable_file(data: bytes) -> None:
    with file_with("a.html", data) as path:
        try:
            (draft,) = read_html(path)
        except UnreadableFile as error:
            assert error.reason
            return
    assert has_text(draft.text)


@PROPERTY_SETTINGS
@given(text=st.text(alphabet=st.one_of(st.characters(), st.sampled_from("\ufeff\u2000\r\n \t"))))
def test_has_text_agrees_with_canonical(text: str) -> None:
    assert has_text(text) == bool(canonical(text))


@PROPERTY_SETTINGS
@given(text=article_text, title=article_text)
def test_titles_are_one_clean_line(text: str, title: str) -> None:
    draft = make_draft(text, title=title)
    assert len(draft.title) <= MAX_TITLE_CHARS
    assert draft.title == draft.title.strip()
    assert not any(line_end in draft.title for line_end in "\r\n\u2028")
