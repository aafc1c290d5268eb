"""Readers of article files, chosen by file suffix.

- :func:`discover` turns the paths a user named (files and folders) into the
  files to import, plus problems for what cannot be imported at all.
- :func:`iter_file` streams one file's articles (and, for tables, per-row
  problems); :func:`read_file` collects them.

A file that cannot be read as a whole raises :class:`UnreadableFile` with a
short reason. No reader touches the network or the project.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model import ArticleDraft, ImportProblem
from .decoding import UnreadableFile, unreadable_from_os_error
from .html_import import read_html
from .markdown_import import read_markdown
from .plaintext import read_plaintext
from .table import RowProblem, TableItem, read_csv, read_jsonl

__all__ = [
    "SUPPORTED_SUFFIXES",
    "FileContents",
    "RowProblem",
    "UnreadableFile",
    "discover",
    "is_supported",
    "iter_file",
    "read_file",
]

log = logging.getLogger(__name__)

Reader = Callable[[Path], Iterable[TableItem]]

_READERS: dict[str, Reader] = {
    ".txt": read_plaintext,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".csv": read_csv,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(_READERS))
MAX_ERROR_DETAIL_CHARS = 200


@dataclass(slots=True)
class FileContents:
    """What one file holds: its articles, and the rows that could not become one."""

    drafts: list[ArticleDraft] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in _READERS


def discover(paths: Iterable[Path | str]) -> tuple[list[Path], list[ImportProblem]]:
    """The files to import, in order, without repeats; and what was named but
    cannot be imported. Folders are walked recursively in natural sort order,
    skipping hidden files and folders and, silently, unsupported files."""
    files: list[Path] = []
    problems: list[ImportProblem] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = _walk(path, problems)
            if not found:
                problems.append(ImportProblem(str(path), _no_files_reason()))
            files.extend(found)
        elif not path.exists():
            problems.append(ImportProblem(str(path), "no such file or folder"))
        elif not path.is_file():
            problems.append(ImportProblem(str(path), "not a regular file"))
        elif not is_supported(path):
            problems.append(ImportProblem(str(path), _unsupported_reason(path)))
        else:
            files.append(path)
    return _without_repeats(files), problems


def iter_file(path: Path) -> Iterator[TableItem]:
    """Stream one file's articles and row problems; raises :class:`UnreadableFile`
    (possibly after some items, for a table that breaks halfway) and nothing else."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFile(_unsupported_reason(path))
    try:
        yield from reader(path)
    except UnreadableFile:
        raise
    except OSError as error:
        raise unreadable_from_os_error(error) from error
    except Exception as error:  # a reader bug or a library's failure on odd input
        log.exception("could not read %s", path)
        raise UnreadableFile(_unexpected_reason(error)) from error


def read_file(path: Path) -> FileContents:
    """All of one file's articles and row problems; raises :class:`UnreadableFile`."""
    contents = FileContents()
    for item in iter_file(path):
        if isinstance(item, RowProblem):
            contents.problems.append(item)
        else:
            contents.drafts.append(item)
    return contents


def _walk(folder: Path, problems: list[ImportProblem]) -> list[Path]:
    def on_error(error: OSError) -> None:
        where = error.filename or str(folder)
        problems.append(ImportProblem(str(where), unreadable_from_os_error(error).reason))

    found: list[Path] = []
    for directory, subdirectories, filenames in os.walk(folder, onerror=on_error):
        subdirectories[:] = [name for name in subdirectories if not _is_hidden(name)]
        found.extend(
            Path(directory, name)
            for name in filenames
            if not _is_hidden(name) and is_supported(Path(name))
        )
    return sorted(found, key=_natural_key)


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _natural_key(path: Path) -> tuple[tuple[int, int | str], ...]:
    """Sorts "article-2" before "article-10", and case-insensitively."""
    parts = re.split(r"(\d+)", str(path).casefold())
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts)


def _without_repeats(files: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _unsupported_reason(path: Path) -> str:
    kind = f"'{path.suffix}' files" if path.suffix else "files without a suffix"
    return f"cannot import {kind} (supported: {', '.join(SUPPORTED_SUFFIXES)})"


def _no_files_reason() -> str:
    return f"no files to import in this folder (looked for {', '.join(SUPPORTED_SUFFIXES)})"


def _unexpected_reason(error: Exception) -> str:
    detail = str(error)[:MAX_ERROR_DETAIL_CHARS]
    name = type(error).__name__
    return f"could not be read ({name}: {detail})" if detail else f"could not be read ({name})"
