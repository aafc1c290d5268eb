"""The window's dialogs: a bad project file, an import's summary, export options,
the keyboard shortcuts and the analyst's name."""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QHeaderView, QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from workbench.core.import_report import ImportReport
from workbench.core.project_file import ProjectError
from workbench.ui.actions import ACTIONS


class AfterError(str, Enum):
    """What the analyst chose after a project could not be opened."""

    OPEN_ANOTHER = "open"
    NEW = "new"
    DEFAULT = "default"
    QUIT = "quit"
    STAY = "stay"  # keep working in the project already open


def project_error_text(error: ProjectError) -> tuple[str, str]:
    """(main text, informative text) of the message for a bad project file."""
    problem = error.problem[:1].upper() + error.problem[1:]
    return (f"Workbench cannot open “{error.path.name}”.",
            f"{problem}.\n\n{error.advice}\n\nFile: {error.path}")


def ask_after_project_error(parent: QWidget | None, error: ProjectError, *, window_open: bool) -> AfterError:
    """Say what is wrong with the file and offer a way on. The file is never changed.

    With a window open the choices are OK (stay) and Open Another; at startup,
    Open Another, New Project, Open Default Project and Quit. A box closed without
    a choice falls back to staying (or to the default project at startup)."""
    box = QMessageBox(parent)
    box.setObjectName("project_error")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Cannot open project")
    text, info = project_error_text(error)
    box.setText(text)
    box.setInformativeText(info)
    buttons: dict[object, AfterError] = {}
    add = lambda label, role, choice: buttons.setdefault(box.addButton(label, role), choice)  # noqa: E731
    add("Open Another…", QMessageBox.ButtonRole.ActionRole, AfterError.OPEN_ANOTHER)
    if window_open:
        ok = box.addButton(QMessageBox.StandardButton.Ok)
        buttons[ok] = AfterError.STAY
        box.setDefaultButton(ok)
        box.setEscapeButton(ok)
    else:
        add("New Project…", QMessageBox.ButtonRole.ActionRole, AfterError.NEW)
        default = box.addButton("Open Default Project", QMessageBox.ButtonRole.AcceptRole)
        buttons[default] = AfterError.DEFAULT
        quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        buttons[quit_button] = AfterError.QUIT
        box.setDefaultButton(default)
        box.setEscapeButton(quit_button)
    box.exec()
    fallback = AfterError.STAY if window_open else AfterError.DEFAULT
    return buttons.get(box.clickedButton(), fallback)


def show_already_open(parent: QWidget | None, path: Path) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "Project already open",
                      f"“{path.name}” is already open in another Workbench window.", parent=parent)
    box.setObjectName("already_open")
    box.setInformativeText("Switch to that window, or close it first. Command-line import and "
                           f"export still work while it is open.\n\nFile: {path}")
    box.exec()


class ImportSummaryDialog(QDialog):
    """What an import did: counts, and every file that failed with its reason."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_summary")
        self.setWindowTitle("Import finished" if not report.cancelled else "Import cancelled")
        self.report = report
        layout = QVBoxLayout(self)
        head = QLabel(self._headline(report))
        head.setTextFormat(Qt.TextFormat.RichText)
        head.setWordWrap(True)
        layout.addWidget(head)
        self.problems = QTableWidget(len(report.failed), 2)
        self.problems.setObjectName("import_problems")
        self.problems.setHorizontalHeaderLabels(["File", "Reason"])
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(False)
        self.problems.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, problem in enumerate(report.failed):
            name = QTableWidgetItem(Path(problem.path).name)
            name.setToolTip(problem.path)
            reason = QTableWidgetItem(problem.reason)
            reason.setToolTip(problem.reason)
            self.problems.setItem(row, 0, name)
            self.problems.setItem(row, 1, reason)
        self.problems.resizeColumnToContents(0)
        self.problems.setShowGrid(False)
        self.problems.setAlternatingRowColors(True)
        self.problems.setCurrentCell(-1, -1)
        self.problems.setVisible(bool(report.failed))
        layout.addWidget(self.problems, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        if report.failed:
            copy = buttons.addButton("Copy Problems", QDialogButtonBox.ButtonRole.ActionRole)
            copy.clicked.connect(self.copy_problems)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(640, 380 if report.failed else 160)

    @staticmethod
    def _headline(report: ImportReport) -> str:
        parts = [f"<b>{report.imported:,}</b> article{'s' if report.imported != 1 else ''} imported",
                 f"<b>{report.duplicates:,}</b> skipped (already in the project)",
                 f"<b>{len(report.failed):,}</b> failed"]
        text = "<br>".join(parts)
        if report.cancelled:
            text = "The import was cancelled; what was read before is kept.<br><br>" + text
        if report.failed:
            text += "<br><br>These files (or rows) could not be imported; the others were:"
        return text

    def copy_problems(self) -> None:
        lines = [f"{p.path}\t{p.reason}" for p in self.report.failed]
        QGuiApplication.clipboard().setText("\n".join(lines))


@dataclass(frozen=True)
class ExportOptions:
    folder: Path
    raw: bool = False
    bom: bool = False
    with_text: bool = False


class ExportDialog(QDialog):
    """Choose the folder and options of a CSV export."""

    def __init__(self, folder: Path | None, parent: QWidget | None = None, *,
                 raw: bool = False, bom: bool = False, with_text: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle("Export CSV")
        intro = QLabel("Writes articles.csv, actors.csv, mentions.csv, claims.csv and denials.csv "
                       "(UTF-8, one header row) into the folder. Files of an earlier export there are replaced.")
        intro.setWordWrap(True)
        self.folder = QLineEdit(str(folder) if folder else "")
        self.folder.setObjectName("export_folder")
        self.folder.setPlaceholderText("Folder for the CSV files")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.bom = QCheckBox("Byte-order mark, for Excel")
        self.bom.setChecked(bom)
        self.with_text = QCheckBox("Include each article’s text (a last column of articles.csv)")
        self.with_text.setChecked(with_text)
        self.raw = QCheckBox("Raw cells for data pipelines (no apostrophe before cells starting = + - @)")
        self.raw.setChecked(raw)
        self.raw.setToolTip("By default a cell that a spreadsheet would run as a formula gets one leading "
                            "apostrophe. Raw keeps every cell as it is, so text[start:end] == quote holds.")
        form = QFormLayout()
        form.addRow("Folder:", row)
        form.addRow("Options:", self.bom)
        form.addRow("", self.with_text)
        form.addRow("", self.raw)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.folder.textChanged.connect(lambda text: self.export_button.setEnabled(bool(text.strip())))
        self.export_button.setEnabled(bool(self.folder.text().strip()))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Export CSV into folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def options(self) -> ExportOptions:
        return ExportOptions(Path(self.folder.text().strip()).expanduser(), raw=self.raw.isChecked(),
                             bom=self.bom.isChecked(), with_text=self.with_text.isChecked())


class ShortcutsDialog(QDialog):
    """Every key of the keyboard contract, from the one table in ``actions.py``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts")
        self.setWindowTitle("Keyboard shortcuts")
        rows = [a for a in ACTIONS if a.shortcut]
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels(["Keys", "Where", "Does"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        for row, action in enumerate(rows):
            keys = QTableWidgetItem(action.shortcut)
            font = keys.font()
            font.setBold(True)
            keys.setFont(font)
            table.setItem(row, 0, keys)
            table.setItem(row, 1, QTableWidgetItem(action.where))
            table.setItem(row, 2, QTableWidgetItem(action.does))
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        note = QLabel("Hold <b>Alt</b> while selecting to keep the exact selection instead of whole words.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(700, 600)


def ask_analyst_name(parent: QWidget | None, current: str, *, first_time: bool) -> str | None:
    """The name recorded with every tag; None when the analyst cancelled."""
    prompt = ("Your name is recorded with every tag you make, so that the work of several\n"
              "analysts can be told apart and merged. You can change it in File > Analyst Name."
              if first_time else "Name recorded with the tags you make from now on:")
    name, ok = QInputDialog.getText(parent, "Analyst name", prompt, QLineEdit.EchoMode.Normal, current)
    name = " ".join(name.split())
    return name if ok and name else None


def about_text(version: str) -> str:
    return (f"<h3>Workbench {html.escape(version)}</h3>"
            "<p>Tag who is mentioned, who claims what and who denies what in news articles, "
            "offline, and hand the result on as CSV.</p>"
            "<p>Everything is saved to the project file the moment it happens.</p>")
