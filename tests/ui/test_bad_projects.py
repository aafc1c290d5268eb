"""Bad project files: a clear message naming the file, the problem and what to do;
the file is left byte-for-byte unchanged; the application stays usable."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from workbench.core.model import ActorName, ArticleDraft
from workbench.core.project_file import ProjectError
from workbench.core.store import Project
from workbench.ui.app import Application, default_project_path

pytest.importorskip("workbench.ui.sidebar")


def _text(path: Path) -> None:
    path.write_text("Dear colleague, here are my notes.\n", encoding="utf-8")


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _folder(path: Path) -> None:
    path.mkdir()


def _garbage_after_header(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 32)


def _truncated(path: Path) -> None:
    with Project.create(path) as project:
        project.insert_articles(
            ArticleDraft(title=f"T{i}", text=f"Article {i} " + "words " * 400) for i in range(200))
    data = path.read_bytes()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(data[: len(data) // 3])


def _newer(path: Path) -> None:
    Project.create(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 999")
    db.close()


def _foreign_sqlite(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.execute("INSERT INTO recipes VALUES ('soup')")
    db.commit()
    db.close()


BAD = {
    "plain text": _text,
    "empty file": _empty,
    "folder": _folder,
    "garbage after a SQLite header": _garbage_after_header,
    "truncated project": _truncated,
    "newer schema": _newer,
    "another program's database": _foreign_sqlite,
}


def fingerprint(path: Path) -> str:
    if path.is_dir():
        return "folder:" + ",".join(sorted(p.name for p in path.iterdir()))
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected_error(path: Path) -> ProjectError:
    with pytest.raises(ProjectError) as caught:
        Project.open(path)
    return caught.value


@pytest.fixture
def application(qtbot):
    made: list[Application] = []

    def make() -> Application:
        made.append(Application(QSettings()))
        return made[-1]

    yield make
    for app in made:
        for window in list(app.windows):
            window.close()
    qtbot.waitUntil(lambda: all(not a.windows for a in made))


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_project_at_startup_shows_the_message_and_falls_back(kind, tmp_path, application, message_boxes):
    path = tmp_path / "bad.workbench"
    BAD[kind](path)
    before = fingerprint(path)
    error = expected_error(path)
    app = application()
    assert app.start(path)  # the box was closed without a choice: the default project opens
    assert len(message_boxes) == 1
    box = message_boxes[0]
    assert box["name"] == "project_error"
    assert "bad.workbench" in box["text"]
    assert error.problem[1:] in box["info"] and error.advice in box["info"]
    assert str(path) in box["info"]
    assert set(box["buttons"]) == {"Open Another…", "New Project…", "Open Default Project", "Quit"}
    assert fingerprint(path) == before  # the file is unchanged
    assert not Path(f"{path}.lock").exists() or path.is_dir()
    assert [w.session.project.path for w in app.windows] == [default_project_path()]


def test_a_locked_project_is_reported_and_unchanged(tmp_path, application, message_boxes):
    path = tmp_path / "busy.workbench"
    Project.create(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        before = fingerprint(path)
        app = application()
        assert app.start(path)
        assert "busy.workbench" in message_boxes[0]["text"]
        assert "locked" in message_boxes[0]["info"]
        assert fingerprint(path) == before
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_read_only_project_is_reported(tmp_path, application, message_boxes, monkeypatch):
    path = tmp_path / "readonly.workbench"
    Project.create(path).close()
    path.chmod(0o444)
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # root may write anything: say it cannot
        import workbench.core.project_file as project_file
        real_access = os.access
        monkeypatch.setattr(project_file.os, "access",
                            lambda p, mode: False if Path(p) == path and mode == os.W_OK else real_access(p, mode))
    before = fingerprint(path)
    assert application().start(path)
    assert "read-only" in message_boxes[0]["info"]
    assert fingerprint(path) == before


def test_quit_after_a_bad_project(tmp_path, application, message_boxes):
    path = tmp_path / "bad.workbench"
    _text(path)
    message_boxes.answers.append("Quit")
    app = application()
    assert not app.start(path)
    assert app.windows == []


def test_open_another_after_a_bad_project(tmp_path, application, message_boxes, monkeypatch, harbour):
    project, _, _ = harbour
    path = tmp_path / "bad.workbench"
    _empty(path)
    message_boxes.answers.append("Open Another…")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(project.path), "")))
    app = application()
    assert app.start(path)
    assert app.windows[0].session.project.path == project.path


def test_new_project_after_a_bad_project(tmp_path, application, message_boxes, monkeypatch):
    path = tmp_path / "bad.workbench"
    _empty(path)
    fresh = tmp_path / "fresh"
    message_boxes.answers.append("New Project…")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(fresh), "")))
    app = application()
    assert app.start(path)
    assert app.windows[0].session.project.path == fresh.with_suffix(".workbench")


def test_a_bad_project_opened_from_the_window_leaves_it_working(tmp_path, application, message_boxes,
                                                                   harbour, qtbot):
    project, article_id, _ = harbour
    bad = tmp_path / "bad.workbench"
    _garbage_after_header(bad)
    before = fingerprint(bad)
    app = application()
    window = app.open(project.path)
    window.projectRequested.emit(bad, False)
    assert set(message_boxes[-1]["buttons"]) == {"Open Another…", "OK"}
    assert "bad.workbench" in message_boxes[-1]["text"]
    assert fingerprint(bad) == before
    assert app.windows == [window] and window.isVisible()
    # still usable: tag something, undo it
    text = window.session.project.article_text(article_id)
    start = text.index("Coastwatch")
    window.session.run(window.session.project.add_mention, article_id, start, start + 10, ActorName("Coastwatch"))
    assert len(window.view.marks()) == 4
    window.undo()
    assert len(window.view.marks()) == 3
