"""Opening a project file safely: every refusal leaves the file byte-for-byte unchanged.

The checks run before anything could write: the header is read as bytes, then
a read-only connection reads the schema version. Only a file that passes is
opened for writing (and, if older, backed up and migrated).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from . import schema

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 1500
# quick_check reads the whole file (about 1 GB/s here): on open it runs only up to
# this size, so opening stays under 100 ms; larger files are checked by
# `workbench check`, and damage met while reading is reported as ProjectCorrupt.
QUICK_CHECK_ON_OPEN_MAX_BYTES = 48 * 1024 * 1024


class ProjectError(Exception):
    """A problem with a project file that the user can fix; the message says how."""

    def __init__(self, path: Path | str, problem: str, advice: str) -> None:
        self.path = Path(path)
        self.problem = problem
        self.advice = advice
        super().__init__(f"{self.path}: {problem}. {advice}")


class ProjectNotFound(ProjectError):
    pass


class NotAProject(ProjectError):
    pass


class ProjectCorrupt(ProjectError):
    pass


class NewerProject(ProjectError):
    pass


class ProjectReadOnly(ProjectError):
    pass


class ProjectLocked(ProjectError):
    pass


def connect(path: Path, *, read_only: bool = False, timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    mode = "ro" if read_only else "rw"
    db = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode={mode}",
        uri=True,
        isolation_level=None,
        timeout=timeout_ms / 1000,
        check_same_thread=False,
    )
    db.execute("PRAGMA foreign_keys = ON")
    return db


def check_openable(path: Path, *, need_write: bool = True) -> int:
    """Refuse files that are not projects we can use. Returns the schema version.

    Nothing here writes to the file.
    """
    if not path.exists():
        raise ProjectNotFound(path, "no such file", "Check the path, or create a new project.")
    if not path.is_file():
        raise NotAProject(path, "this is a folder, not a project file", "Choose a .workbench file.")
    _check_header(path)
    version = _probe_version(path)
    if version > schema.CURRENT_VERSION:
        raise NewerProject(
            path,
            f"the project was saved by a newer Workbench (schema {version}; "
            f"this version knows up to {schema.CURRENT_VERSION})",
            "Update Workbench to open it. The file was not changed.",
        )
    if need_write:
        _check_writable(path)
    return version


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError:
        raise ProjectReadOnly(
            path, "the file cannot be read (permission denied)", "Check the file's permissions."
        ) from None
    except OSError as error:
        raise NotAProject(path, f"the file cannot be read ({error.strerror})", "Check the path.") from None
    if not header:
        raise NotAProject(path, "the file is empty, not a Workbench project", "Choose a project file.")
    if header != SQLITE_HEADER:
        raise NotAProject(
            path,
            "this is not a Workbench project (not a SQLite database)",
            "Choose a project file; to bring in articles, use Import instead.",
        )


def _probe_version(path: Path) -> int:
    absent = [side for side in _side_files(path) if not side.exists()]
    try:
        db = connect(path, read_only=True)
    except sqlite3.Error as error:
        raise _classify(path, error) from None
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = schema.schema_version(db)
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != schema.APPLICATION_ID and not (app_id == 0 and version == 0 and tables == 0):
            raise NotAProject(
                path,
                "this SQLite database is not a Workbench project",
                "Choose a project file, or create a new project.",
            )
        if app_id == 0:
            raise NotAProject(
                path, "this is an empty SQLite database, not a Workbench project", "Create a new project."
            )
        return version
    except sqlite3.Error as error:
        raise _classify(path, error) from None
    finally:
        db.close()
        if any(side.exists() for side in absent):
            _remove_side_files(path)


def _side_files(path: Path) -> tuple[Path, Path]:
    return Path(f"{path}-wal"), Path(f"{path}-shm")


def _remove_side_files(path: Path) -> None:
    """A read-only connection to a WAL project creates -wal/-shm but cannot delete
    them on close. A read-write connection that reads once deletes them when it is
    the last one to close (SQLite decides, under its locks); it writes nothing."""
    try:
        db = connect(path)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        pass


def _check_writable(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(path, os.W_OK):
        raise ProjectReadOnly(
            path,
            "the project file is read-only",
            "Make it writable, or copy it to a folder where you can write.",
        )
    if not os.access(folder, os.W_OK):
        raise ProjectReadOnly(
            path,
            f"the folder {folder} is read-only, and SQLite needs to write its journal there",
            "Copy the project to a folder where you can write.",
        )


def _classify(path: Path, error: sqlite3.Error) -> ProjectError:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return ProjectLocked(
            path,
            "the project is locked by another program",
            "Close the other Workbench window or program using it, then try again.",
        )
    if "readonly" in text or "read-only" in text:
        return ProjectReadOnly(path, "the project cannot be written", "Check the file's permissions.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return ProjectCorrupt(
            path,
            "the project file is damaged",
            "Open a backup copy (*.bak beside it), or run `workbench check` for details. "
            "The file was not changed.",
        )
    return ProjectCorrupt(path, f"the project cannot be read ({error})", "The file was not changed.")


def classify_sqlite_error(path: Path, error: sqlite3.Error) -> ProjectError:
    return _classify(path, error)


def _worth_checking_on_open(path: Path) -> bool:
    return path.stat().st_size <= QUICK_CHECK_ON_OPEN_MAX_BYTES


def open_for_writing(path: Path, version: int) -> sqlite3.Connection:
    """Open a checked file read-write, taking a write lock once to prove nobody holds it,
    then back it up and migrate it if it is older than this Workbench."""
    try:
        db = connect(path)
    except sqlite3.Error as error:
        raise _classify(path, error) from None
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        # before anything writes: a damaged file is refused, not made worse
        if _worth_checking_on_open(path) and db.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("database disk image is malformed")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        if version < schema.CURRENT_VERSION:
            schema.backup_before_migrating(db, path, version)
            schema.migrate(db)
        return db
    except sqlite3.Error as error:
        db.close()  # else the open connection keeps -wal/-shm beside a refused file
        raise _classify(path, error) from None
    except BaseException:
        db.close()
        raise


def create_project_file(path: Path) -> sqlite3.Connection:
    if path.exists():
        raise ProjectError(path, "a file with this name exists already", "Choose another name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    schema.migrate(db)
    return db
