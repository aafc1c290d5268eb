"""The export's records are built by SQLite; they must be byte for byte what
``csv.writer`` (RFC 4180, minimal quoting, ``\\r\\n``) makes of the same cells."""

from __future__ import annotations

import csv
import io
import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.test_csv_export import add_tricky_article
from workbench.core.exporters.csv_export import CsvFile, csv_files, free, plain
from workbench.core.model import ActorName
from workbench.core.project_file import connect
from workbench.core.store import Project

# Characters that decide quoting and neutralisation, mixed into arbitrary text.
_SPECIAL = st.sampled_from([",", '"', "\n", "\r", "\r\n", "=", "+", "-", "@", "\t", "'", " ", "\x00", "👋🏽", "é", "ש"])
CELL_TEXT = st.lists(st.one_of(_SPECIAL, st.text(max_size=6)), max_size=8).map("".join)

TABLE = CsvFile(
    "t.csv",
    (plain("id", "id"), free("note", "note"), plain("n", "n", nullable=True), free("maybe", "maybe")),
    "FROM t ORDER BY id",
    "SELECT count(*) FROM t",
)


def csv_writer_output(db: sqlite3.Connection, spec: CsvFile, raw: bool) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(db.execute(spec.column_sql(raw)))
    return out.getvalue()


def record_output(db: sqlite3.Connection, spec: CsvFile, raw: bool) -> str:
    return "".join(record for record, in db.execute(spec.record_sql(raw)))


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.tuples(CELL_TEXT, st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), st.one_of(st.none(), CELL_TEXT)),
        max_size=6,
    ),
    raw=st.booleans(),
)
def test_records_equal_csv_writer_for_any_cells(rows, raw: bool) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT NOT NULL, n INTEGER, maybe TEXT)")
    db.executemany("INSERT INTO t (note, n, maybe) VALUES (?, ?, ?)", rows)
    assert record_output(db, TABLE, raw) == csv_writer_output(db, TABLE, raw)


def test_records_of_every_export_file_equal_csv_writer(harbour) -> None:
    """On a real project: tricky cells, NULL affiliations and claim types, aliases, about lists."""
    project: Project = harbour[0]
    article_id = add_tricky_article(project)
    text = project.article_text(article_id)
    start = text.index("Hakim")
    project.add_claim(article_id, start, start + 5, ActorName('"Hakim", the clerk'), summary="=cmd|' /C calc'!A0 \x00, \"nul\"")
    db = connect(project.path)
    try:
        for spec in csv_files(with_text=True):
            for raw in (False, True):
                records = record_output(db, spec, raw)
                assert records == csv_writer_output(db, spec, raw), (spec.name, raw)
                assert records.count("\r\n") >= db.execute(spec.count_sql).fetchone()[0]
    finally:
        db.close()
