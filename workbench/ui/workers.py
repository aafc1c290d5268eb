"""Long imports and exports, off the GUI thread, with progress and cancel.

Each job is a :class:`Job` (a QObject moved to its own QThread). It never
touches the window's connection: an import opens a second :class:`Project` on
the same file inside the thread (SQLite's WAL lets both work), an export opens
its own read-only snapshot. :class:`JobRunner` shows a cancellable
``QProgressDialog`` and hands the result back on the GUI thread;
:class:`Transfers` is what the window's Import and Export commands call.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from PySide6.QtCore import QObject, QSettings, QThread, Qt, Signal, Slot
from PySide6.QtWidgets import QWidget

from workbench.core.project_file import ProjectError
from workbench.ui.session import Session

if TYPE_CHECKING:  # the dialogs are imported when one opens: not needed for the window's first frame
    from workbench.ui.dialogs import ExportDialog

IMPORT_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm *.csv *.jsonl);;All files (*)"


class Job(QObject):
    """Runs :meth:`work` in a thread; emits ``progress``, then ``finished`` or ``failed``."""

    progress = Signal(int, int, str)  # done, total, what is being done
    finished = Signal(object)  # the report
    failed = Signal(str)  # a message for the analyst

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            report = self.work()
        except ProjectError as error:
            self.failed.emit(f"{error.problem}. {error.advice}")
        except OSError as error:
            self.failed.emit(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
        except Exception as error:  # a bug must not kill the thread silently
            self.failed.emit(f"{type(error).__name__}: {error}")
        else:
            self.finished.emit(report)

    def work(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


class ImportJob(Job):
    """Imports files and folders through a second connection to the project."""

    def __init__(self, project_path: Path, paths: Sequence[Path], analyst: str) -> None:
        super().__init__()
        self.project_path = Path(project_path)
        self.paths = [Path(p) for p in paths]
        self.analyst = analyst

    def work(self) -> Any:
        from workbench.core.importing import import_paths
        from workbench.core.store import Project

        with Project.open(self.project_path, analyst=self.analyst) as project:
            return import_paths(
                project, self.paths,
                progress=lambda done, total, path: self.progress.emit(done, total, Path(path).name if path else ""),
                should_cancel=self.cancelled,
            )


class ExportJob(Job):
    """Writes the CSV files from a read-only snapshot of the project."""

    def __init__(self, project_path: Path, out_dir: Path, *, raw: bool, bom: bool, with_text: bool) -> None:
        super().__init__()
        self.project_path = Path(project_path)
        self.out_dir = Path(out_dir)
        self.options = {"raw": raw, "bom": bom, "with_text": with_text}

    def work(self) -> Any:
        from workbench.core.exporters.csv_export import export_csv

        return export_csv(
            self.project_path, self.out_dir, **self.options,
            progress=lambda name, done, total: self.progress.emit(done, total, name),
            should_cancel=self.cancelled,
        )


class JobRunner(QObject):
    """Runs one job in a thread behind a cancellable progress dialog.

    ``done(report)`` or ``error(message)`` arrive on the GUI thread once the
    thread has stopped."""

    done = Signal(object)
    error = Signal(str)

    def __init__(self, job: Job, title: str, parent: QWidget, unit: str = "files") -> None:
        super().__init__()
        self.job = job
        self.unit = unit
        self.thread = QThread(self)
        self.thread.setObjectName(f"workbench-{title.lower().split()[0]}")
        job.moveToThread(self.thread)
        self._outcome: tuple[Callable[..., None], Any] | None = None
        from PySide6.QtWidgets import QProgressDialog  # (the dialogs' classes: not needed for the first frame)

        self.dialog = QProgressDialog(f"{title}…", "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        self.dialog.canceled.connect(self.cancel)
        self.thread.started.connect(job.run)
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        self.thread.finished.connect(self._deliver)

    def start(self) -> None:
        self.thread.start()

    def is_running(self) -> bool:
        return self.thread.isRunning()

    def cancel(self) -> None:
        self.job.cancel()
        self.dialog.setLabelText("Cancelling…")

    def wait(self, ms: int = 10_000) -> bool:
        """Cancel and wait for the thread (closing the window)."""
        self.job.cancel()
        return self.thread.wait(ms)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, what: str) -> None:
        if self.job.cancelled():
            return
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        noun = self.unit if total != 1 else self.unit.rstrip("s")
        text = f"{done:,} of {total:,} {noun}"
        self.dialog.setLabelText(f"{text}\n{what}" if what else text)

    @Slot(object)
    def _on_finished(self, report: Any) -> None:
        self._outcome = (self.done.emit, report)
        self.thread.quit()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._outcome = (self.error.emit, message)
        self.thread.quit()

    @Slot()
    def _deliver(self) -> None:
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()
        if self._outcome is not None:
            emit, value = self._outcome
            emit(value)


class Transfers(QObject):
    """Import and export as the window offers them: the file dialogs, one job at a
    time behind a progress dialog, and the outcome (summary dialog, status text)."""

    imported = Signal(object)  # the ImportReport, or None when the import failed
    exported = Signal(object)  # the ExportReport, or the error message
    message = Signal(str)  # for the status bar

    def __init__(self, window: QWidget, session: Session, settings: QSettings) -> None:
        super().__init__(window)
        self.window, self.session, self.settings = window, session, settings
        self.runner: JobRunner | None = None

    def busy(self) -> bool:
        if self.runner is not None and self.runner.is_running():
            self.message.emit("Wait for the running import or export to finish (or cancel it).")
            return True
        return False

    def wait(self) -> None:
        """Cancel a running job and wait for it (the window is closing)."""
        if self.runner is not None and self.runner.is_running():
            self.runner.wait()

    def import_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.settings.value("import/folder", str(Path.home())))
        paths, _ = QFileDialog.getOpenFileNames(self.window, "Import articles", start, IMPORT_FILTER)
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.settings.value("import/folder", str(Path.home())))
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder of articles", start)
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: Sequence[Path]) -> None:
        if not paths or self.busy():
            return
        self.settings.setValue("import/folder", str(paths[0].parent if paths[0].is_file() else paths[0]))
        project = self.session.project
        self._start(ImportJob(project.path, paths, project.analyst), "Importing articles", "files",
                    self._imported, lambda message: self._failed("Import failed", message, self.imported, None))

    def _imported(self, report: Any) -> None:
        from workbench.ui.dialogs import ImportSummaryDialog

        self.session.notify_reset()
        self.message.emit(f"Import: {report.summary()}")
        ImportSummaryDialog(report, self.window).open()
        self.imported.emit(report)

    def export_csv(self) -> None:
        from workbench.ui.dialogs import ExportDialog

        if self.busy():
            return
        project = self.session.project.path
        folder = self.settings.value("export/folder", str(project.parent / f"{project.stem}-csv"))
        flag = lambda key: str(self.settings.value(f"export/{key}", "false")).lower() == "true"  # noqa: E731
        dialog = ExportDialog(Path(folder), self.window, raw=flag("raw"), bom=flag("bom"),
                              with_text=flag("withText"))
        dialog.accepted.connect(lambda: self._export(dialog))
        dialog.open()

    def _export(self, dialog: ExportDialog) -> None:
        options = dialog.options()
        for key, value in (("folder", str(options.folder)), ("raw", options.raw), ("bom", options.bom),
                           ("withText", options.with_text)):
            self.settings.setValue(f"export/{key}", value)
        job = ExportJob(self.session.project.path, options.folder, raw=options.raw, bom=options.bom,
                        with_text=options.with_text)
        self._start(job, "Exporting CSV", "rows", self._exported,
                    lambda message: self._failed("Export failed", message, self.exported, message))

    def _exported(self, report: Any) -> None:
        self.message.emit(f"Export: {report.summary()}")
        self.exported.emit(report)

    def _start(self, job: Job, title: str, unit: str, done: Callable[[Any], None],
               error: Callable[[str], None]) -> None:
        self.runner = JobRunner(job, title, self.window, unit=unit)
        self.runner.setParent(self)
        for signal, handler in ((self.runner.done, done), (self.runner.error, error)):
            signal.connect(self._release)
            signal.connect(handler)
        self.runner.start()

    def _release(self, *_: object) -> None:
        """The job is over: forget its runner (deleted once its signal has been handled)."""
        if self.runner is not None:
            self.runner.deleteLater()
            self.runner = None

    def _failed(self, title: str, message: str, signal: Any, value: Any) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, f"{title}.", parent=self.window)
        box.setObjectName("transfer_failed")
        box.setInformativeText(message)
        box.open()
        signal.emit(value)
