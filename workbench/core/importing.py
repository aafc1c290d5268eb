"""Importing files and folders of articles into a project.

:func:`import_paths` is what the command line and the window both call. It
streams: articles go to the project in batches of ``batch_size`` (one
transaction each), across file boundaries, so neither a folder of many small
files nor one CSV of many rows is held in memory at once.

A bad file never stops an import: it becomes an :class:`ImportProblem` (path
and reason) and the next file is read. An error of the project itself (from
``insert_articles``) is not the file's fault and propagates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path
from typing import Protocol

from .importers import RowProblem, UnreadableFile, discover, iter_file
from .importers.plaintext import has_text
from .import_report import ImportReport
from .model import ArticleDraft, ImportProblem

DEFAULT_BATCH_SIZE = 500
MAX_ROW_PROBLEMS_PER_FILE = 100
"""Beyond this, one more problem says how many further rows failed."""

Progress = Callable[[int, int, str], None]
ShouldCancel = Callable[[], bool]


class ArticleSink(Protocol):
    """The part of a project that importing needs."""

    def insert_articles(self, drafts: Iterable[ArticleDraft]) -> tuple[list[str], int]:
        """Insert in one transaction; (ids of new articles, number of duplicates skipped)."""
        ...


def import_paths(
    project: ArticleSink,
    paths: Iterable[Path | str],
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> ImportReport:
    """Import files and folders; ``progress(done_files, total_files, current_path)``
    is called before each file, after each batch and once at the end;
    ``should_cancel()`` is asked between files and batches."""
    files, problems = discover(paths)
    report = ImportReport(failed=list(problems))
    run = _ImportRun(project, report, progress, should_cancel, max(1, batch_size), len(files))
    for done, path in enumerate(files):
        if run.cancel_requested():
            break
        run.report_progress(done, str(path))
        run.import_file(path)
        if report.cancelled:
            break
    run.flush()
    if not report.cancelled:
        run.report_progress(len(files), "")
    return report


class _ImportRun:
    """The state of one import: the pending batch and the report."""

    def __init__(
        self,
        project: ArticleSink,
        report: ImportReport,
        progress: Progress | None,
        should_cancel: ShouldCancel | None,
        batch_size: int,
        total_files: int,
    ) -> None:
        self.project = project
        self.report = report
        self.progress = progress
        self.should_cancel = should_cancel
        self.batch_size = batch_size
        self.total_files = total_files
        self.batch: list[ArticleDraft] = []
        self.done_files = 0
        self.current = ""

    def import_file(self, path: Path) -> None:
        """Send a file's articles to the project; its problems to the report."""
        row_problems = 0
        try:
            with closing(iter_file(path)) as items:
                for item in items:
                    if isinstance(item, RowProblem):
                        row_problems += 1
                        self._add_row_problem(path, item, row_problems)
                    elif not has_text(item.text):
                        self.report.failed.append(ImportProblem(str(path), "no text"))
                    elif not self._add(item):
                        return  # cancelled
        except UnreadableFile as error:
            self.report.failed.append(ImportProblem(str(path), error.reason))
        finally:
            self._summarise_row_problems(path, row_problems)

    def _add(self, draft: ArticleDraft) -> bool:
        """Queue a draft; False when the import was cancelled at a batch boundary."""
        self.batch.append(draft)
        if len(self.batch) < self.batch_size:
            return True
        self.flush()
        self.report_progress(self.done_files, self.current)
        return not self.cancel_requested()

    def flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        ids, duplicates = self.project.insert_articles(batch)
        self.report.imported += len(ids)
        self.report.duplicates += duplicates
        self.report.article_ids.extend(ids)

    def cancel_requested(self) -> bool:
        if self.should_cancel is not None and self.should_cancel():
            self.report.cancelled = True
        return self.report.cancelled

    def report_progress(self, done_files: int, current: str) -> None:
        self.done_files, self.current = done_files, current
        if self.progress is not None:
            self.progress(done_files, self.total_files, self.current)

    def _add_row_problem(self, path: Path, problem: RowProblem, count: int) -> None:
        if count <= MAX_ROW_PROBLEMS_PER_FILE:
            self.report.failed.append(ImportProblem(str(path), problem.describe()))

    def _summarise_row_problems(self, path: Path, count: int) -> None:
        if count > MAX_ROW_PROBLEMS_PER_FILE:
            more = count - MAX_ROW_PROBLEMS_PER_FILE
            reason = f"{more} more rows could not be imported (not listed)"
            self.report.failed.append(ImportProblem(str(path), reason))
