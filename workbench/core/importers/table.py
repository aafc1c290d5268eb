"""Tables of articles, one a row: .csv (with a header row) and .jsonl.

Both are streamed: rows are yielded one at a time, so a file of any size is
read in constant memory (apart from the row being read). A row that cannot
become an article yields a :class:`RowProblem` and the next row is read;
only a file that is unusable as a whole raises :class:`UnreadableFile`.

Columns (CSV headers and JSON keys, matched case-insensitively): ``text``
(required), ``title`` (else the first line of the text), and optionally
``outlet``, ``author``, ``published``, ``url``, ``language``. Other columns
are ignored.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, Iterator, TextIO

from ..model import ArticleDraft
from .decoding import MAX_ROW_TEXT_BYTES, MiB, UnreadableFile, open_table_text
from .plaintext import has_text, make_draft

COLUMNS = ("title", "text", "outlet", "author", "published", "url", "language")
REQUIRED_COLUMNS = ("text",)
CSV_DELIMITERS = (",", ";", "\t")
"""Tried on the header row; the one that finds the most known columns wins."""
CSV_FIELD_SIZE_LIMIT = min(sys.maxsize, 2**31 - 1)
"""Large fields are refused per row by size, not by the csv module."""

NO_TEXT = "no text"
TEXT_TOO_LARGE = f"text larger than the {MAX_ROW_TEXT_BYTES // MiB} MiB limit for one article"

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One row of a table file that could not become an article."""

    where: str  # "row 17" (CSV, counting the header as row 1) or "line 3" (JSONL)
    reason: str

    def describe(self) -> str:
        return f"{self.where}: {self.reason}"


TableItem = ArticleDraft | RowProblem


def read_csv(path: Path) -> Iterator[TableItem]:
    csv.field_size_limit(CSV_FIELD_SIZE_LIMIT)
    with open_table_text(path, newline="") as handle:
        yield from _csv_items(handle, str(path))


def read_jsonl(path: Path) -> Iterator[TableItem]:
    with open_table_text(path, newline="\n") as handle:
        for line_number, line in enumerate(handle, start=1):
            if line.strip():
                yield _jsonl_item(line, f"line {line_number}", str(path))


def _csv_items(handle: TextIO, source: str) -> Iterator[TableItem]:
    header_line = handle.readline()
    delimiter = _best_delimiter(header_line)
    rows = csv.reader(chain([header_line], handle), delimiter=delimiter)
    try:
        indexes = _column_indexes(next(rows))
        found_rows = False
        for row_number, row in enumerate(rows, start=2):
            if any(row):
                found_rows = True
                fields = {name: row[i] for name, i in indexes.items() if i < len(row)}
                yield _item(fields, f"row {row_number}", source)
    except csv.Error as error:
        raise UnreadableFile(f"line {rows.line_num}: invalid CSV ({error})") from error
    if not found_rows:
        raise UnreadableFile("no rows after the header row")


def _best_delimiter(header_line: str) -> str:
    def known_columns(delimiter: str) -> int:
        names = next(csv.reader([header_line], delimiter=delimiter), [])
        return len({_column_name(name) for name in names} & set(COLUMNS))

    return max(CSV_DELIMITERS, key=known_columns)  # max keeps the first of equals: ","


def _column_indexes(header: list[str]) -> dict[str, int]:
    indexes: dict[str, int] = {}
    for index, name in enumerate(header):
        name = _column_name(name)
        if name in COLUMNS and name not in indexes:
            indexes[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in indexes]
    if missing:
        found = ", ".join(name.strip() for name in header if name.strip()) or "none"
        raise UnreadableFile(f"no '{missing[0]}' column in the header row (found: {found})")
    return indexes


def _column_name(header_cell: str) -> str:
    return header_cell.strip().lstrip("\ufeff").lower()


def _jsonl_item(line: str, where: str, source: str) -> TableItem:
    try:
        value = json.loads(line)
    except RecursionError:
        return RowProblem(where, "invalid JSON (nested too deeply)")
    except ValueError as error:  # JSONDecodeError, or an integer too long to convert
        return RowProblem(where, f"invalid JSON ({_json_error(error)})")
    if not isinstance(value, dict):
        return RowProblem(where, "not a JSON object")
    try:
        fields = _json_fields(value, check_surrogates=_may_escape_a_surrogate(line))
    except _BadValue as error:
        return RowProblem(where, error.reason)
    return _item(fields, where, source)


def _json_error(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg.removesuffix(' at')} at column {error.colno}"
    return str(error)


def _may_escape_a_surrogate(line: str) -> bool:
    """Decoded text never holds surrogates; only a JSON escape can make one."""
    return "\\ud" in line or "\\uD" in line


class _BadValue(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _json_fields(record: dict[str, Any], *, check_surrogates: bool) -> dict[str, str]:
    """The known fields of a JSON object as text; raises _BadValue."""
    fields: dict[str, str] = {}
    for key, value in record.items():
        name = key.strip().lower()
        if name not in COLUMNS or name in fields:
            continue
        text = _json_scalar_text(value)
        if text is None:
            raise _BadValue(f"'{key}' is not text")
        if check_surrogates and _SURROGATE.search(text):
            raise _BadValue(f"'{key}' is not valid Unicode (lone surrogate)")
        fields[name] = text
    return fields


def _json_scalar_text(value: Any) -> str | None:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)
    return None


def _item(fields: dict[str, str], where: str, source: str) -> TableItem:
    text = fields.pop("text", "")
    if not has_text(text):
        return RowProblem(where, NO_TEXT)
    if _utf8_size_exceeds(text, MAX_ROW_TEXT_BYTES):
        return RowProblem(where, TEXT_TOO_LARGE)
    return make_draft(text, source=f"{source} {where}", **fields)


def _utf8_size_exceeds(text: str, limit: int) -> bool:
    if len(text) * 4 <= limit:  # no character takes more than 4 bytes
        return False
    return len(text) > limit or len(text.encode("utf-8")) > limit

