"""Fixtures for the window's tests: isolated settings and data folders, and a
MainWindow over a fresh project seeded like the root conftest's ``harbour``."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench.core.model import ArticleDraft


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp):
    """Every test gets its own QSettings file and user data folder: the analyst's
    real settings and default project are never touched."""
    QStandardPaths.setTestModeEnabled(True)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    qapp.setOrganizationName("WorkbenchTests")
    qapp.setApplicationName("WorkbenchTests")
    settings = QSettings()
    settings.clear()
    settings.setValue("analyst", "tester")  # never ask in tests
    settings.sync()
    yield settings


class MessageRecorder(list):
    """The message boxes shown, as dicts; ``answers`` queues buttons to click, by text."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[str] = []

    def texts(self) -> str:
        return "\n".join(f"{m.get('text', '')}\n{m.get('info', '')}" for m in self)


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageRecorder:
    """Record every QMessageBox.exec instead of blocking."""
    shown = MessageRecorder()

    def fake_exec(box: QMessageBox) -> int:
        shown.append({"title": box.windowTitle(), "text": box.text(), "info": box.informativeText(),
                      "buttons": [b.text() for b in box.buttons()], "name": box.objectName()})
        if shown.answers:
            wanted = shown.answers.pop(0)
            for button in box.buttons():
                if button.text() == wanted:
                    button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda parent, title, text: shown.append(
        {"title": title, "text": text, "info": "", "buttons": [], "name": "about"})))
    return shown


def make_drafts(n: int, start: int = 0) -> list[ArticleDraft]:
    """Small distinct articles for list tests."""
    outlets = ("Courier", "Ledger", "Post")
    return [
        ArticleDraft(
            title=f"Report {i:05d} on the {('harbour', 'border', 'convoy')[i % 3]}",
            text=f"Report {i:05d}\n\nBody of report {i} about the {('harbour', 'border', 'convoy')[i % 3]}.",
            outlet=outlets[i % 3],
            published=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
        )
        for i in range(start, start + n)
    ]


@pytest.fixture
def drafts():
    """``drafts(n)``: n small distinct articles."""
    return make_drafts


@pytest.fixture
def window(harbour, qtbot, isolated_settings):
    """The real main window over the harbour project, shown and active."""
    pytest.importorskip("workbench.ui.sidebar")
    from workbench.ui.main_window import MainWindow
    from workbench.ui.session import Session

    project, article_id, _ = harbour
    win = MainWindow(Session(project), QSettings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    assert win.article_id == article_id
    yield win
    win.transfers.wait()
    win.close()
