"""CSV export: five files, one consistent snapshot, written atomically and fast.

Choices, so that callers know what to expect:

* **Snapshot.** The export opens its own connection (``PRAGMA query_only``: it
  cannot write) and reads all five files inside one read transaction, so a window
  (or anything else) that keeps writing meanwhile never mixes into the export.
* **Atomic.** Every file is first written to a hidden temporary file in the output
  folder; only when all five are complete are they renamed over their final names
  (``os.replace``). On cancel or error the temporary files are removed and no file
  in the folder is touched. Only a failure *during* the five renames themselves
  (a rename error, rare on one file system) can leave some files replaced.
* **Format.** UTF-8 (optionally with a byte-order mark), RFC 4180: a header row,
  fields quoted only when they must be, records ending in ``\\r\\n``.
* **Formula neutralisation** (OWASP "CSV injection"): a text cell that starts with
  ``= + - @``, tab, CR or LF gets one leading apostrophe.
  ``raw=True`` turns it off; only a raw export keeps ``text[start:end] == quote``
  (and, with ``with_text``, each text's ``sha256``) true for every row.
* **Speed.** SQLite builds each record (neutralised, quoted, joined, ``\\r\\n``)
  and Python only joins a chunk of records and writes it: no Python touches a cell.
  The records are byte for byte what ``csv.writer`` makes of the same cells
  (``tests/core/test_csv_records.py``).
"""

from __future__ import annotations

import csv
import os
import secrets
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .. import project_file, schema
from ..project_file import ProjectError

ProgressCallback = Callable[[str, int, int], None]
CancelCheck = Callable[[], bool]

CHUNK_ROWS = 1_000
CHUNK_ROWS_WITH_TEXT = 100  # whole article texts: keep a chunk's memory small
BUFFER_BYTES = 1 << 20
LINE_END = "\r\n"

# First characters a spreadsheet reads as the start of a formula:
# = + - @ tab CR LF, as code points for SQLite's unicode().
_FORMULA_STARTS = "61, 43, 45, 64, 9, 13, 10"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a CSV file: its header and the SQL expression of its cell.

    ``free`` marks text that people typed or imported (titles, names, quotes,
    summaries, the analyst's name): it is neutralised, and quoted when it must be.
    The other cells are written by the store itself (UUIDs, ISO timestamps, hex
    digests, enums the schema checks, integers): they never start like a formula
    and never need quotes, so they go out as they are.
    """

    header: str
    sql: str
    free: bool = False
    nullable: bool = False


def free(header: str, sql: str) -> Column:
    return Column(header, sql, free=True, nullable=True)


def plain(header: str, sql: str, nullable: bool = False) -> Column:
    return Column(header, sql, nullable=nullable)


@dataclass(frozen=True, slots=True)
class CsvFile:
    """One file of the export: its columns and the rest of the query that yields its rows."""

    name: str
    columns: tuple[Column, ...]
    from_sql: str  # "FROM ... ORDER BY ...": the same for both forms of the query
    count_sql: str
    with_sql: str = ""  # a leading "WITH ... " that the columns may use
    chunk_rows: int = CHUNK_ROWS

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(column.header for column in self.columns)

    def column_sql(self, raw: bool = False) -> str:
        """The query with one SQL column per CSV column (what the ``sqlite3`` shell runs in the benchmark)."""
        cells = ", ".join(safe(column.sql) if column.free and not raw else column.sql for column in self.columns)
        return f"{self.with_sql}SELECT {cells} {self.from_sql}"

    def record_sql(self, raw: bool = False) -> str:
        """The query whose one column is each row's whole CSV record, ``\\r\\n`` included.

        SQLite quotes and joins the cells, so Python only joins records: no Python
        call per row (``csv.writer`` makes one ``write`` per row) and one string per
        row instead of a tuple of cells; see docs/benchmarks.md for the figures.
        ``||``, ``instr`` and ``replace`` count bytes, so a NUL inside a cell is kept,
        as ``csv.writer`` keeps it.
        """
        cells = " || ',' || ".join(_record_cell(column, raw) for column in self.columns)
        return f"{self.with_sql}SELECT {cells} || char(13, 10) {self.from_sql}"


def safe(expression: str) -> str:
    """SQL that prefixes an apostrophe to a cell a spreadsheet would run as a formula."""
    return f"{_formula_prefix(expression)} || {expression}"


def _formula_prefix(expression: str) -> str:
    return f"CASE WHEN unicode({expression}) IN ({_FORMULA_STARTS}) THEN '''' ELSE '' END"


def _record_cell(column: Column, raw: bool) -> str:
    """One cell as RFC 4180 text, quoted only when it must be (as ``csv.QUOTE_MINIMAL`` does)."""
    value = column.sql
    if column.free:
        prefix = "" if raw else f"{_formula_prefix(value)} || "
        must_quote = " OR ".join(f"instr({value}, {char})" for char in ("','", "'\"'", "char(10)", "char(13)"))
        # the apostrophe goes inside the quotes; it is never itself a reason to quote
        value = (
            f"CASE WHEN {must_quote} THEN '\"' || {prefix}replace({value}, '\"', '\"\"') || '\"'"
            f" ELSE {prefix}{value} END"
        )
    return f"ifnull({value}, '')" if column.nullable else value


@dataclass(slots=True)
class ExportReport:
    """What an export wrote: the files (in order) and the rows of each (header not counted)."""

    out_dir: Path
    files: list[Path] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    cancelled: bool = False

    def summary(self) -> str:
        if self.cancelled:
            return "export cancelled: no file was written"
        counts = ", ".join(f"{name} {count}" for name, count in self.rows.items())
        return f"{len(self.files)} files written to {self.out_dir} (rows: {counts})"


class ExportCancelled(Exception):
    pass


_ARTICLE_COLUMNS = (
    plain("article_id", "a.id"), free("title", "a.title"), free("outlet", "a.outlet"),
    free("author", "a.author"), free("published", "a.published"), free("url", "a.url"),
    free("language", "a.language"), plain("status", "a.status"), plain("chars", "a.chars"),
    plain("sha256", "a.sha256"), plain("imported_at", "a.imported_at"),
    plain("mentions", "a.mention_count"), plain("claims", "a.claim_count"),
    plain("denials", "a.denial_count"),
)
ARTICLES_HEADER = tuple(column.header for column in _ARTICLE_COLUMNS)


def _articles_file(with_text: bool) -> CsvFile:
    return CsvFile(
        "articles.csv",
        _ARTICLE_COLUMNS + ((free("text", "a.text"),) if with_text else ()),
        "FROM articles a ORDER BY a.seq",
        "SELECT count(*) FROM articles",
        chunk_rows=CHUNK_ROWS_WITH_TEXT if with_text else CHUNK_ROWS,
    )


ACTORS = CsvFile(
    "actors.csv",
    (
        plain("actor_id", "a.id"), free("name", "a.name"), plain("kind", "a.kind"),
        free("aliases", "(SELECT group_concat(value, ' | ') FROM"
                        " (SELECT value FROM json_each(a.aliases) ORDER BY key))"),
        free("affiliation", "f.name"), free("affiliation_kind", "a.affiliation_kind"),
        free("notes", "a.notes"), plain("mentions", "a.mention_count"),
        plain("claims", "a.claim_count"), plain("denials", "a.denial_count"),
    ),
    "FROM actors a LEFT JOIN actors f ON f.id = a.affiliation_id ORDER BY a.name COLLATE NOCASE, a.id",
    "SELECT count(*) FROM actors",
)

MENTIONS = CsvFile(
    "mentions.csv",
    (
        plain("mention_id", "m.id"), plain("article_id", "m.article_id"),
        free("article_title", "art.title"), plain("actor_id", "m.actor_id"),
        free("actor", "ac.name"), plain("actor_kind", "ac.kind"), plain("start", "m.span_start"),
        plain("end", "m.span_end"), free("quote", "m.quote"), free("analyst", "m.analyst"),
        plain("created_at", "m.created_at"),
    ),
    "FROM articles art CROSS JOIN mentions m ON m.article_id = art.id"
    " JOIN actors ac ON ac.id = m.actor_id"
    " ORDER BY art.seq, m.span_start",
    "SELECT count(*) FROM mentions",
)

# The names of the actors a claim is about, in the analyst's order, computed once
# per claim (a materialised CTE) so that quoting and neutralising them does not
# run the aggregate again.
_ABOUT_NAMES = (
    "WITH about AS MATERIALIZED ("
    " SELECT claim_id, group_concat(name, ' | ') AS names FROM"
    "  (SELECT ca.claim_id, ab.name FROM claim_about ca JOIN actors ab ON ab.id = ca.actor_id"
    "   ORDER BY ca.claim_id, ca.position)"
    " GROUP BY claim_id) "
)

CLAIMS = CsvFile(
    "claims.csv",
    (
        plain("claim_id", "c.id"), plain("article_id", "c.article_id"),
        free("article_title", "art.title"), plain("start", "c.span_start"),
        plain("end", "c.span_end"), free("quote", "c.quote"), plain("claimant_id", "c.claimant_id"),
        free("claimant", "cl.name"),
        plain("anonymous", "CASE c.anonymous WHEN 1 THEN 'true' ELSE 'false' END"),
        free("reported_via", "rv.name"), plain("claim_type", "c.claim_type", nullable=True),
        free("about", "about.names"), free("summary", "c.summary"), free("analyst", "c.analyst"),
        plain("created_at", "c.created_at"),
    ),
    "FROM articles art CROSS JOIN claims c ON c.article_id = art.id"
    " JOIN actors cl ON cl.id = c.claimant_id"
    " LEFT JOIN actors rv ON rv.id = c.reported_via_id"
    " LEFT JOIN about ON about.claim_id = c.id"
    " ORDER BY art.seq, c.span_start",
    "SELECT count(*) FROM claims",
    with_sql=_ABOUT_NAMES,
)

DENIALS = CsvFile(
    "denials.csv",
    (
        plain("denial_id", "d.id"), plain("article_id", "d.article_id"),
        free("article_title", "art.title"), plain("start", "d.span_start"),
        plain("end", "d.span_end"), free("quote", "d.quote"), plain("denier_id", "d.denier_id"),
        free("denier", "dn.name"), plain("denied_claim_id", "d.denied_claim_id", nullable=True),
        free("denied_claim_summary", "dc.summary"), free("summary", "d.summary"),
        free("reported_via", "rv.name"), free("analyst", "d.analyst"),
        plain("created_at", "d.created_at"),
    ),
    "FROM articles art CROSS JOIN denials d ON d.article_id = art.id"
    " JOIN actors dn ON dn.id = d.denier_id"
    " LEFT JOIN claims dc ON dc.id = d.denied_claim_id"
    " LEFT JOIN actors rv ON rv.id = d.reported_via_id"
    " ORDER BY art.seq, d.span_start",
    "SELECT count(*) FROM denials",
)


def csv_files(with_text: bool = False) -> tuple[CsvFile, ...]:
    """The five files of an export, in the order they are written."""
    return (_articles_file(with_text), ACTORS, MENTIONS, CLAIMS, DENIALS)


def export_csv(
    project_path: Path,
    out_dir: Path,
    *,
    raw: bool = False,
    bom: bool = False,
    with_text: bool = False,
    progress: ProgressCallback | None = None,
    should_cancel: CancelCheck | None = None,
) -> ExportReport:
    """Write articles.csv, actors.csv, mentions.csv, claims.csv and denials.csv to ``out_dir``.

    ``progress(file_name, rows_done, rows_total)`` is called as each file starts,
    after every chunk of rows (:data:`CHUNK_ROWS`) and at the end; rows count over all five files.
    ``should_cancel()`` is asked as often; when it says yes, the export stops, leaves
    the folder as it was and returns a report with ``cancelled=True``.
    Raises :class:`ProjectError` for a project that cannot be read, ``OSError`` for
    an output folder that cannot be written.
    """
    project_path, out_dir = Path(project_path), Path(out_dir)
    db = _open_snapshot_connection(project_path)
    report = ExportReport(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        files = csv_files(with_text)
        ticker = _Ticker(progress, should_cancel, _count_rows(db, files))
        with _TemporaryFiles(out_dir) as temporary:
            for spec in files:
                report.rows[spec.name] = _write_file(db, spec, temporary.new(spec.name), raw, bom, ticker)
            report.files = temporary.publish()
        ticker.finish()
    except ExportCancelled:
        return ExportReport(out_dir, cancelled=True)
    except sqlite3.Error as error:
        raise project_file.classify_sqlite_error(project_path, error) from error
    finally:
        _close(db)
    return report


def _open_snapshot_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, inside a read transaction pinned to the current state."""
    version = project_file.check_openable(path, need_write=False)
    if version < schema.CURRENT_VERSION:
        raise ProjectError(
            path,
            f"the project was saved by an older Workbench (schema {version})",
            "Open it once in Workbench to upgrade it (a backup is kept beside it), then export.",
        )
    try:
        # query_only rather than mode=ro: a mode=ro connection cannot remove the
        # -wal/-shm files it creates beside a WAL project when it closes
        db = project_file.connect(path)
        db.execute("PRAGMA query_only = ON")
        db.execute("BEGIN")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
    except sqlite3.Error as error:
        raise project_file.classify_sqlite_error(path, error) from error
    return db


def _close(db: sqlite3.Connection) -> None:
    try:
        if db.in_transaction:
            db.execute("ROLLBACK")
    finally:
        db.close()


def _count_rows(db: sqlite3.Connection, files: Sequence[CsvFile]) -> int:
    return sum(db.execute(spec.count_sql).fetchone()[0] for spec in files)


def _write_file(
    db: sqlite3.Connection, spec: CsvFile, path: Path, raw: bool, bom: bool, ticker: "_Ticker"
) -> int:
    ticker.tick(spec.name, 0)
    encoding = "utf-8-sig" if bom else "utf-8"
    with path.open("x", encoding=encoding, newline="", buffering=BUFFER_BYTES) as handle:
        csv.writer(handle, lineterminator=LINE_END).writerow(spec.header)
        written = 0
        for chunk in _chunks(db.execute(spec.record_sql(raw)), spec.chunk_rows):
            handle.write("".join([record for record, in chunk]))
            written += len(chunk)
            ticker.tick(spec.name, len(chunk))
    return written


def _chunks(cursor: sqlite3.Cursor, size: int) -> Iterator[list[tuple]]:
    cursor.arraysize = size
    while chunk := cursor.fetchmany():
        yield chunk


class _Ticker:
    """Reports progress and asks whether to stop, between chunks of rows."""

    def __init__(self, progress: ProgressCallback | None, should_cancel: CancelCheck | None, total: int) -> None:
        self.progress = progress
        self.should_cancel = should_cancel
        self.total = total
        self.done = 0
        self.current = ""

    def tick(self, name: str, rows: int) -> None:
        self.done += rows
        self.current = name
        if self.should_cancel is not None and self.should_cancel():
            raise ExportCancelled()
        if self.progress is not None:
            self.progress(name, self.done, self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.current, self.total, self.total)


class _TemporaryFiles:
    """Hidden temporary files in the output folder, renamed over their final names
    together by :meth:`publish`, or all removed when anything goes wrong first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pending: list[tuple[Path, Path]] = []

    def __enter__(self) -> "_TemporaryFiles":
        return self

    def new(self, name: str) -> Path:
        # created by the writer with mode "x", so it gets the user's usual permissions
        temp = self.folder / f".{name}.{secrets.token_hex(6)}.part"
        self.pending.append((temp, self.folder / name))
        return temp

    def publish(self) -> list[Path]:
        published = []
        for temp, final in self.pending:
            os.replace(temp, final)
            published.append(final)
        self.pending = []
        return published

    def __exit__(self, *exc: object) -> None:
        for temp, _ in self.pending:
            temp.unlink(missing_ok=True)
