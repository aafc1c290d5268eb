"""The application: display checks, the default project, one window per project,
the analyst's name and settings that outlive the window."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog

from workbench.core.store import Project
from workbench.ui import app as app_module
from workbench.ui.app import Application, ProjectLock, default_project_path, display_problem, sample_draft

pytest.importorskip("workbench.ui.sidebar")


@pytest.fixture
def application(qtbot):
    made: list[Application] = []

    def make() -> Application:
        made.append(Application(QSettings()))
        return made[-1]

    yield make
    for application in made:
        for window in list(application.windows):
            window.close()
    qtbot.waitUntil(lambda: all(not a.windows for a in made))


# -- can a window open? ----------------------------------------------------------------------
def test_no_display_is_said_plainly():
    message = display_problem({}, "linux")
    assert "no display" in message and "xvfb-run" in message


def test_headless_and_wayland_platforms_need_no_x_libraries(monkeypatch):
    monkeypatch.setattr(app_module, "_loadable", lambda name: pytest.fail("must not probe"))
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({}, "darwin") is None
    assert "WAYLAND_DISPLAY" in display_problem({"QT_QPA_PLATFORM": "wayland"}, "linux")


def test_a_missing_xcb_cursor_names_the_package(monkeypatch):
    monkeypatch.setattr(app_module, "_loadable", lambda name: name != "libxcb-cursor.so.0")
    monkeypatch.setattr(app_module, "_qt_starts", lambda: (False, "qt.qpa.plugin: Could not load the Qt platform plugin"))
    message = display_problem({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux")
    assert "sudo apt install libxcb-cursor0" in message
    assert "libxcb-cursor.so.0" in message


def test_the_subprocess_probe_runs_only_when_a_check_fails(monkeypatch):
    monkeypatch.setattr(app_module, "_loadable", lambda name: True)
    monkeypatch.setattr(app_module, "_qt_starts", lambda: pytest.fail("must not start Qt"))
    assert display_problem({"DISPLAY": "localhost:10.0"}, "linux") is None


def test_an_unreachable_local_display_is_confirmed_then_reported(monkeypatch):
    monkeypatch.setattr(app_module, "_loadable", lambda name: True)
    monkeypatch.setattr(app_module, "_qt_starts", lambda: (False, "could not connect to display :97"))
    message = display_problem({"DISPLAY": ":97"}, "linux")  # no /tmp/.X11-unix/X97 socket
    assert "cannot connect to the X display :97" in message


def test_a_missing_library_that_qt_does_not_need_is_no_problem(monkeypatch):
    monkeypatch.setattr(app_module, "_loadable", lambda name: name != "libxcb-shape.so.0")
    monkeypatch.setattr(app_module, "_qt_starts", lambda: (True, ""))
    assert display_problem({"DISPLAY": ":0"}, "linux") is None


def test_run_app_prints_the_problem_instead_of_aborting(monkeypatch, capsys):
    monkeypatch.setattr(app_module, "display_problem", lambda: "Workbench cannot open its window: test")
    assert app_module.run_app(None) == 1
    assert "cannot open its window: test" in capsys.readouterr().err


def test_a_gui_library_error_names_the_package():
    message = app_module.gui_library_problem(ImportError("libEGL.so.1: cannot open shared object file"))
    assert "sudo apt install libegl1" in message


def test_the_way_to_the_window_skips_what_only_checks_and_version_need(tmp_path):
    """Start-up time: importlib.metadata (``--version``) costs about 25 ms, subprocess
    (the display probe) about 5 ms, the dialogs about 4 ms; none is loaded on the way
    to a shown window."""
    code = textwrap.dedent("""
        import os, sys
        import workbench.ui.app as app
        opened = app.Application.open
        def open_and_report(self, *args, **kwargs):
            window = opened(self, *args, **kwargs)
            print(window is not None and window.isVisible(),
                  sorted(m for m in ("importlib.metadata", "subprocess", "workbench.ui.dialogs",
                                     "workbench.ui.sidebar.merge_dialog") if m in sys.modules), flush=True)
            os._exit(0)
        app.Application.open = open_and_report
        from workbench.cli import main
        main(["--project", sys.argv[1]])
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_ANALYST": "tester",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "p.workbench")], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.stdout.strip() == "True []", done.stderr


# -- the default project ----------------------------------------------------------------------------
def test_default_project_is_created_with_the_sample_article(application, tmp_path):
    path = default_project_path()
    assert tmp_path in path.parents  # never the analyst's real data folder
    window = application().open(path, create=True)
    assert window is not None and path.exists()
    project = window.session.project
    assert project.count_articles() == 1
    assert window.article_id is not None
    assert window.header.title.text() == sample_draft().title
    assert window.windowTitle() == "default.workbench — Workbench"


def test_start_without_a_project_opens_the_default(application):
    app = application()
    assert app.start(None)
    assert app.windows[0].session.project.path == default_project_path()


def test_the_sample_article_has_a_claim_and_a_denial_worth_tagging():
    draft = sample_draft()
    assert draft is not None and draft.title
    text = draft.text
    assert "said on Friday that its fighters had blown up" in text
    assert "denied that rebels were behind the collapse" in text
    assert "Port Varen" not in text  # not the tests' own example


# -- one window per project -------------------------------------------------------------------------------
def test_a_second_window_on_the_same_project_is_refused(application, harbour, message_boxes):
    project, _, _ = harbour
    path = project.path
    first = application().open(path)
    assert first is not None
    assert application().open(path) is None  # as another process would
    assert "already open in another Workbench window" in message_boxes[-1]["text"]
    assert str(path) in message_boxes[-1]["info"]


def test_the_same_application_raises_its_window_instead(application, harbour):
    project, _, _ = harbour
    app = application()
    first = app.open(project.path)
    assert app.open(project.path) is first
    assert len(app.windows) == 1


def test_another_process_holding_the_project_is_refused(application, harbour, message_boxes):
    project, _, _ = harbour
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import sys
            from PySide6.QtCore import QLockFile
            lock = QLockFile(sys.argv[1]); lock.setStaleLockTime(0)
            print("locked" if lock.tryLock(0) else "failed", flush=True)
            sys.stdin.read()
        """), f"{project.path}.lock"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert not application().start(project.path)
        assert "already open in another Workbench window" in message_boxes[-1]["text"]
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert application().start(project.path)  # free once the other one is gone


def test_a_stale_lock_of_a_dead_process_is_taken_over(application, harbour):
    project, _, _ = harbour
    subprocess.run(
        [sys.executable, "-c", textwrap.dedent("""
            import os, sys
            from PySide6.QtCore import QLockFile
            lock = QLockFile(sys.argv[1]); lock.setStaleLockTime(0)
            assert lock.tryLock(0)
            os._exit(0)  # dies holding the lock
        """), f"{project.path}.lock"], check=True)
    assert Path(f"{project.path}.lock").exists()
    assert application().start(project.path)


def test_closing_the_window_releases_the_lock(application, harbour, qtbot):
    project, _, _ = harbour
    app = application()
    window = app.open(project.path)
    window.close()
    qtbot.waitUntil(lambda: not app.windows)
    lock = ProjectLock(project.path)
    assert lock.acquire()
    lock.release()


# -- the analyst and settings -----------------------------------------------------------------------------
def test_the_analyst_is_asked_once(application, harbour, monkeypatch, qtbot):
    project, _, _ = harbour
    QSettings().remove("analyst")
    asked = []
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: asked.append(a) or ("Ada Lovelace", True)))
    app = application()
    window = app.open(project.path)
    assert window.session.project.analyst == "Ada Lovelace"
    window.close()
    qtbot.waitUntil(lambda: not app.windows)
    window = application().open(project.path)
    assert window.session.project.analyst == "Ada Lovelace"
    assert len(asked) == 1


def test_settings_are_restored_per_project(application, harbour, drafts, qtbot, tmp_path):
    project, _, _ = harbour
    ids, _ = project.insert_articles(drafts(3))
    other = tmp_path / "other.workbench"
    Project.create(other).close()
    app = application()
    window = app.open(project.path)
    window.list_panel.select_article(ids[2])
    window.resize(1234, 789)
    sizes = window.splitter.sizes()
    window.close()
    qtbot.waitUntil(lambda: not app.windows)
    app.open(other).close()
    qtbot.waitUntil(lambda: not app.windows)
    window = application().open(project.path)
    assert window.article_id == ids[2]  # the last article of this project
    assert (window.width(), window.height()) == (1234, 789)
    assert window.splitter.sizes() == sizes
    recent = QSettings().value("recentProjects")
    assert recent[:2] == [str(project.path.resolve()), str(other.resolve())]


def test_file_open_switches_the_window_to_another_project(application, harbour, qtbot, tmp_path):
    project, _, _ = harbour
    other = tmp_path / "second.workbench"
    Project.create(other).close()
    app = application()
    window = app.open(project.path)
    window.projectRequested.emit(other, False)
    qtbot.waitUntil(lambda: len(app.windows) == 1 and app.windows[0] is not window)
    assert app.windows[0].windowTitle() == "second.workbench — Workbench"
    lock = ProjectLock(project.path)  # the first project is free again
    assert lock.acquire()
    lock.release()


def test_run_app_opens_the_default_project_and_cleans_up(monkeypatch, qapp, qtbot):
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication
    seen = {}
    QApplication.setWindowIcon(QIcon())

    def fake_exec(app) -> int:  # instead of the event loop: look, then quit
        window = QApplication.activeWindow() or next(
            w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window" and w.isVisible())
        seen["title"] = window.windowTitle()
        seen["icon before the first frame"] = not QApplication.windowIcon().isNull()
        qtbot.waitUntil(lambda: window._sidebar is not None)  # painted, then the sidebar and the icon
        seen["icon"] = not QApplication.windowIcon().isNull()
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("tester", True)))
    assert app_module.run_app(None) == 0
    assert seen == {"title": "default.workbench — Workbench", "icon before the first frame": False, "icon": True}
    assert not Path(f"{default_project_path()}.lock").exists()  # the lock was released


def test_one_recent_project_comes_back_as_one_entry_after_a_restart(tmp_path):
    # what the settings file holds after the first run: Qt writes a one-entry list as a bare value
    conf = tmp_path / "Workbench.conf"
    conf.write_text("[General]\nrecentProjects=/home/analyst/case.workbench\n", encoding="utf-8")
    settings = QSettings(str(conf), QSettings.Format.IniFormat)
    assert app_module.recent_projects(settings) == [Path("/home/analyst/case.workbench")]
    conf.write_text("[General]\nrecentProjects=/a/one.workbench, /b/two.workbench\n", encoding="utf-8")
    assert app_module.recent_projects(QSettings(str(conf), QSettings.Format.IniFormat)) == [
        Path("/a/one.workbench"), Path("/b/two.workbench")]


def test_the_collector_comes_back_with_the_first_frame(monkeypatch):
    import gc

    from workbench.ui import app as app_module

    frozen = []
    monkeypatch.setattr(app_module.gc, "freeze", lambda: frozen.append(True))  # not this test process's objects
    gc.disable()
    try:
        app_module.collect_from_now_on()
        assert gc.isenabled() and frozen == [True]
        app_module.collect_from_now_on()  # when it was on already: nothing changes
        assert frozen == [True]
    finally:
        gc.enable()
