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
* **Formula neutralisation** (OWASP "CSV injection") happens in SQL: a text cell that
  starts with ``= + - @``, tab, CR or LF gets one leading apostrophe. No Python
  touches a cell, so the rows go from SQLite to ``csv.writer.writerows`` in C.
  ``raw=True`` turns it off; only a raw export keeps ``text[start:end] == quote``
  (and, with ``with_text``, each text's ``sha256``) true for every row.
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
class CsvFile:
    """One file of the export: its header and the query that yields its rows.

    ``sql`` marks every free-text cell as ``SAFE(expr)``; :func:`_render` turns the
    marker into the neutralising CASE, or into plain ``expr`` for a raw export.
    """

    name: str
    header: tuple[str, ...]
    count_sql: str
    sql: str
    chunk_rows: int = CHUNK_ROWS


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


def safe(expression: str) -> str:
    """SQL that prefixes an apostrophe to a cell a spreadsheet would run as a formula."""
    return (
        f"CASE WHEN unicode({expression}) IN ({_FORMULA_STARTS})"
        f" THEN '''' || {expression} ELSE {expression} END"
    )


def _render(sql: str, raw: bool) -> str:
    """Expand ``SAFE(expr)`` markers: neutralised, or left as they are for a raw export."""
    out, rest = [], sql
    while "SAFE(" in rest:
        before, _, after = rest.partition("SAFE(")
        expression, after = _split_call(after)
        out.append(before + (expression if raw else safe(expression)))
        rest = after
    return "".join(out) + rest


def _split_call(text: str) -> tuple[str, str]:
    """Split ``expr) rest`` at the parenthesis that closes ``SAFE(``."""
    depth = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return text[:index], text[index + 1 :]
            depth -= 1
    raise ValueError(f"unbalanced SAFE( in {text[:40]!r}")


ARTICLES_HEADER = (
    "article_id", "title", "outlet", "author", "published", "url", "language", "status",
    "chars", "sha256", "imported_at", "mentions", "claims", "denials",
)

_ARTICLE_COLUMNS = (
    "a.id, SAFE(a.title), SAFE(a.outlet), SAFE(a.author), SAFE(a.published), SAFE(a.url),"
    " SAFE(a.language), a.status, a.chars, a.sha256, a.imported_at,"
    " a.mention_count, a.claim_count, a.denial_count"
)


def _articles_file(with_text: bool) -> CsvFile:
    text = ", SAFE(a.text)" if with_text else ""
    return CsvFile(
        "articles.csv",
        ARTICLES_HEADER + (("text",) if with_text else ()),
        "SELECT count(*) FROM articles",
        f"SELECT {_ARTICLE_COLUMNS}{text} FROM articles a ORDER BY a.seq",
        CHUNK_ROWS_WITH_TEXT if with_text else CHUNK_ROWS,
    )


ACTORS = CsvFile(
    "actors.csv",
    ("actor_id", "name", "kind", "aliases", "affiliation", "affiliation_kind", "notes",
     "mentions", "claims", "denials"),
    "SELECT count(*) FROM actors",
    "SELECT a.id, SAFE(a.name), a.kind,"
    " SAFE((SELECT group_concat(value, ' | ') FROM"
    "  (SELECT value FROM json_each(a.aliases) ORDER BY key))),"
    " SAFE(f.name), SAFE(a.affiliation_kind), SAFE(a.notes),"
    " a.mention_count, a.claim_count, a.denial_count"
    " FROM actors a LEFT JOIN actors f ON f.id = a.affiliation_id"
    " ORDER BY a.name COLLATE NOCASE, a.id",
)

MENTIONS = CsvFile(
    "mentions.csv",
    ("mention_id", "article_id", "article_title", "actor_id", "actor", "actor_kind",
     "start", "end", "quote", "analyst", "created_at"),
    "SELECT count(*) FROM mentions",
    "SELECT m.id, m.article_id, SAFE(art.title), m.actor_id, SAFE(ac.name), ac.kind,"
    " m.span_start, m.span_end, SAFE(m.quote), SAFE(m.analyst), m.created_at"
    " FROM articles art CROSS JOIN mentions m ON m.article_id = art.id"
    " JOIN actors ac ON ac.id = m.actor_id"
    " ORDER BY art.seq, m.span_start",
)

# The names of the actors a claim is about, in the analyst's order, computed once
# per claim (a materialised CTE) so that neutralising them does not run it twice.
_ABOUT_NAMES = (
    "WITH about AS MATERIALIZED ("
    " SELECT claim_id, group_concat(name, ' | ') AS names FROM"
    "  (SELECT ca.claim_id, ab.name FROM claim_about ca JOIN actors ab ON ab.id = ca.actor_id"
    "   ORDER BY ca.claim_id, ca.position)"
    " GROUP BY claim_id) "
)

CLAIMS = CsvFile(
    "claims.csv",
    ("claim_id", "article_id", "article_title", "start", "end", "quote", "claimant_id",
     "claimant", "anonymous", "reported_via", "claim_type", "about", "summary", "analyst",
     "created_at"),
    "SELECT count(*) FROM claims",
    _ABOUT_NAMES
    + "SELECT c.id, c.article_id, SAFE(art.title), c.span_start, c.span_end, SAFE(c.quote),"
    " c.claimant_id, SAFE(cl.name), CASE c.anonymous WHEN 1 THEN 'true' ELSE 'false' END,"
    " SAFE(rv.name), c.claim_type, SAFE(about.names), SAFE(c.summary), SAFE(c.analyst),"
    " c.created_at"
    " FROM articles art CROSS JOIN claims c ON c.article_id = art.id"
    " JOIN actors cl ON cl.id = c.claimant_id"
    " LEFT JOIN actors rv ON rv.id = c.reported_via_id"
    " LEFT JOIN about ON about.claim_id = c.id"
    " ORDER BY art.seq, c.span_start",
)

DENIALS = CsvFile(
    "denials.csv",
    ("denial_id", "article_id", "article_title", "start", "end", "quote", "denier_id",
     "denier", "denied_claim_id", "denied_claim_summary", "summary", "reported_via",
     "analyst", "created_at"),
    "SELECT count(*) FROM denials",
    "SELECT d.id, d.article_id, SAFE(art.title), d.span_start, d.span_end, SAFE(d.quote),"
    " d.denier_id, SAFE(dn.name), d.denied_claim_id, SAFE(dc.summary), SAFE(d.summary),"
    " SAFE(rv.name), SAFE(d.analyst), d.created_at"
    " FROM articles art CROSS JOIN denials d ON d.article_id = art.id"
    " JOIN actors dn ON dn.id = d.denier_id"
    " LEFT JOIN claims dc ON dc.id = d.denied_claim_id"
    " LEFT JOIN actors rv ON rv.id = d.reported_via_id"
    " ORDER BY art.seq, d.span_start",
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
        writer = csv.writer(handle, lineterminator=LINE_END)
        writer.writerow(spec.header)
        written = 0
        for chunk in _chunks(db.execute(_render(spec.sql, raw)), spec.chunk_rows):
            writer.writerows(chunk)
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
