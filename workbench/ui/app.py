"""The application: checks that a window can open, then the window's life.

:func:`run_app` first makes sure Qt's platform plugin can load (on Linux a
missing ``libxcb-cursor0`` makes Qt abort with a cryptic message; we name the
package instead), then opens the project given or the default one, one window
per project file, guarded by a lock file beside the project.

Only QtCore is imported at module level; QtWidgets loads after the checks. So are
``ctypes`` and ``subprocess``, which only the checks use (``subprocess`` alone costs a
start-up about 5 ms).
"""

from __future__ import annotations

import gc
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any

# The standard library and the core before PySide: once loaded, PySide reads the source
# of every module an import statement names for the first time (to see whether it uses
# PySide), 0.1-0.5 ms each.
from workbench.core.model import ArticleDraft
from workbench.core.project_file import ProjectError
from workbench.core.store import Project, default_analyst
from workbench.resources import resources_dir

from PySide6.QtCore import QCryptographicHash, QLockFile, QObject, QRect, QSettings, Qt

ORGANISATION = APPLICATION = "Workbench"
STYLE = "Fusion"  # the same look on every desktop
RESOURCES = resources_dir()  # the source tree's resources/, or a frozen bundle's
SAMPLE_ARTICLE = RESOURCES / "sample-article.txt"
ICONS = RESOURCES / "icons"
MAX_RECENT = 8

# what Qt's xcb platform plugin loads, and the Debian/Ubuntu package that has it
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
}
# what QtGui itself links against (an ImportError names the missing one)
GUI_LIBRARIES = {"libEGL.so.1": "libegl1", "libGL.so.1": "libgl1", "libfontconfig.so.1": "libfontconfig1",
                 "libxkbcommon.so.0": "libxkbcommon0", "libdbus-1.so.3": "libdbus-1-3",
                 "libglib-2.0.so.0": "libglib2.0-0", "libOpenGL.so.0": "libopengl0"}
HEADLESS = {"offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}


# -- can a window open at all? ----------------------------------------------------------
def _loadable(soname: str) -> bool:
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def _qt_starts() -> tuple[bool, str]:
    """Start a QApplication in a child process: Qt aborts there, not here."""
    import subprocess

    probe = "from PySide6.QtWidgets import QApplication; QApplication([])"
    try:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return False, str(error)
    return done.returncode == 0, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


def display_problem(env: dict[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """Why no window can open here, in words with the fix; None when it can (or we cannot tell).

    Cheap checks first (environment variables, ``dlopen`` of the libraries the
    xcb plugin needs); only when one fails is Qt itself tried, in a subprocess."""
    env = dict(os.environ) if env is None else env
    if platform != "linux":
        return None
    qpa = re.split("[:;]", env.get("QT_QPA_PLATFORM", ""))[0].strip().lower()
    x_display, wayland = env.get("DISPLAY", ""), env.get("WAYLAND_DISPLAY", "")
    if qpa in HEADLESS:
        return None
    if qpa.startswith("wayland"):
        if wayland:
            return None
        return ("Workbench cannot open its window: QT_QPA_PLATFORM asks for Wayland, but WAYLAND_DISPLAY "
                "is not set.\nRun it inside a Wayland session, or unset QT_QPA_PLATFORM to use X11.")
    if not x_display and not wayland:
        return ("Workbench cannot open its window: no display was found (neither DISPLAY nor "
                "WAYLAND_DISPLAY is set).\nRun it from a desktop session, or with `ssh -X`, or under "
                "`xvfb-run workbench`. The commands `workbench import|export|stats|check` work without a display.")
    if not x_display and qpa == "xcb":
        return ("Workbench cannot open its window: QT_QPA_PLATFORM asks for X11 (xcb), but DISPLAY is not "
                "set.\nUnset QT_QPA_PLATFORM to use Wayland, or set DISPLAY.")
    if not x_display or (qpa == "" and wayland):
        return None  # Qt will use Wayland
    missing = [name for name in XCB_LIBRARIES if not _loadable(name)]
    local = re.fullmatch(r":(\d+)(\.\d+)?", x_display)
    no_socket = bool(local) and not Path(f"/tmp/.X11-unix/X{local.group(1)}").exists()
    if not missing and not no_socket:
        return None
    started, qt_said = _qt_starts()
    if started:
        return None
    if missing:
        packages = " ".join(XCB_LIBRARIES[name] for name in missing)
        return ("Workbench cannot open its window: Qt's X11 (xcb) platform plugin needs system libraries "
                f"that are missing: {', '.join(missing)}.\nOn Debian or Ubuntu install them with:\n\n"
                f"    sudo apt install {packages}\n\n(Other systems: install the xcb-util-cursor package.)"
                + (f"\nQt said: {qt_said}" if qt_said else ""))
    return (f"Workbench cannot open its window: it cannot connect to the X display {x_display}.\n"
            "Check that the display is running and that DISPLAY is right." + (f"\nQt said: {qt_said}" if qt_said else ""))


def gui_library_problem(error: ImportError) -> str:
    text = str(error)
    package = next((pkg for name, pkg in GUI_LIBRARIES.items() if name in text), None)
    fix = f"\nOn Debian or Ubuntu install it with:\n\n    sudo apt install {package}\n" if package else ""
    return f"Workbench cannot load Qt's graphics libraries: {text}.{fix}"


# -- projects -----------------------------------------------------------------------------
def default_project_path() -> Path:
    from platformdirs import user_data_dir
    return Path(user_data_dir(APPLICATION, appauthor=False)) / "default.workbench"


def sample_draft() -> ArticleDraft | None:
    """The fictional sample article of ``resources/``, or None if it is not installed."""
    try:
        text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    except OSError:
        return None
    title = next((line.strip() for line in text.splitlines() if line.strip()), "Sample article")
    return ArticleDraft(title=title, text=text, outlet="The Lessing Herald (sample)", published="2026-03-13",
                        language="en", source=SAMPLE_ARTICLE.name)


def create_default_project(path: Path, analyst: str | None = None) -> None:
    """A new project holding the sample article, so a new user has something to tag."""
    with Project.create(path, analyst=analyst) as project:
        draft = sample_draft()
        if draft is not None:
            project.insert_articles([draft])


class ProjectLock:
    """``<project>.lock``: one window per project file, in any process.

    A lock left by a process that died is stale and taken over (QLockFile checks
    the process id). Where no lock file can be written (a read-only folder) the
    lock is skipped: opening the project will explain what is wrong."""

    def __init__(self, path: Path) -> None:
        self.path = Path(f"{path}.lock")
        self.file = QLockFile(str(self.path))
        self.file.setStaleLockTime(0)  # only a dead owner makes a lock stale, never its age

    def acquire(self) -> bool:
        if self.file.tryLock(0):
            return True
        return self.file.error() != QLockFile.LockError.LockFailedError

    def release(self) -> None:
        if self.file.isLocked():
            self.file.unlock()


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


# -- what a window remembers ---------------------------------------------------------------
def project_key(path: Path, name: str) -> str:
    """A settings key for one project file (its last article, ...)."""
    # QtCore's SHA-1 rather than hashlib's, which loads OpenSSL (2-3 ms of every start)
    data = str(Path(path).resolve()).encode()
    digest = bytes(QCryptographicHash.hash(data, QCryptographicHash.Algorithm.Sha1).toHex()).decode()[:16]
    return f"projects/{digest}/{name}"


def recent_projects(settings: QSettings) -> list[Path]:
    # type=list: a one-entry list reads back from the settings file as a bare string,
    # which would be taken for a list of one-letter paths
    return [Path(p) for p in settings.value("recentProjects", [], type=list) if p]


def restore_geometry(window: Any, rect: Any, maximized: bool = False) -> None:
    """The saved size, and position while it is on a screen (else where the system puts it)."""
    from PySide6.QtGui import QGuiApplication

    if not isinstance(rect, QRect) or rect.isEmpty():
        window.resize(1400, 860)
        return
    window.resize(rect.size())
    if any(screen.availableGeometry().intersects(rect) for screen in QGuiApplication.screens()):
        window.move(rect.topLeft())
    if maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def restore_window(window: Any) -> None:
    """Geometry, splitter, list columns and the project's last article, as they were."""
    s = window.settings
    restore_geometry(window, s.value("window/rect"), str(s.value("window/maximized", "false")) == "true")
    for key, target in (("window/state", window), ("window/splitter", window.splitter),
                        ("list/header", window.list_panel.table.horizontalHeader())):
        if state := s.value(key):
            target.restoreState(state)
    last = s.value(project_key(window.session.project.path, "lastArticle"))
    panel = window.list_panel
    if not (last and panel.select_article(str(last))):
        if last and window.session.project.get_article(str(last)):
            window.show_article(str(last))
        elif panel.model.rowCount():
            panel.select_article(panel.model.article_id(0))


def save_window(window: Any) -> None:
    s = window.settings
    s.setValue("window/rect", window.normalGeometry() if window.isMaximized() else window.geometry())
    s.setValue("window/maximized", window.isMaximized())
    s.setValue("window/state", window.saveState())
    s.setValue("window/splitter", window.splitter.saveState())
    s.setValue("list/header", window.list_panel.table.horizontalHeader().saveState())
    s.sync()


# -- the application ---------------------------------------------------------------------
class Application(QObject):
    """Opens projects into windows, one window per project; asks the analyst's name once."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.windows: list[Any] = []  # MainWindow
        self._open: dict[int, tuple[Project, ProjectLock]] = {}

    def analyst(self) -> str:
        """$WORKBENCH_ANALYST (as for the command line), else the saved name, else ask."""
        name = os.environ.get("WORKBENCH_ANALYST", "").strip()
        if name:
            return name
        name = str(self.settings.value("analyst", "") or "")
        if not name:
            from workbench.ui.dialogs import ask_analyst_name
            name = ask_analyst_name(None, default_analyst(), first_time=True) or default_analyst()
            self.settings.setValue("analyst", name)
        return name

    def start(self, project: Path | None) -> bool:
        """Open the first window; False when the analyst chose to quit instead."""
        path = Path(project).expanduser() if project else default_project_path()
        return self.open(path, create=True) is not None

    def open(self, path: Path, *, create: bool = False, parent: Any = None) -> Any:
        """A window on the project, or None (the reason was shown, a choice made)."""
        from workbench.ui.main_window import MainWindow
        from workbench.ui.session import Session

        for _ in range(5):  # a few tries: Open Another, New, Default after a bad file
            for window in self.windows:
                if same_file(window.session.project.path, path):
                    window.raise_()
                    window.activateWindow()
                    return window
            lock = ProjectLock(path)
            if create:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError:
                    pass  # Project.create says why it cannot write there
            if not lock.acquire():
                from workbench.ui.dialogs import show_already_open

                show_already_open(parent, path)
                return None
            try:
                if create and not path.exists() and same_file(path, default_project_path()):
                    create_default_project(path, self.analyst())
                project = Project.open(path, create=create, analyst=self.analyst())
            except ProjectError as error:
                from workbench.ui.dialogs import AfterError, ask_after_project_error

                lock.release()
                choice = ask_after_project_error(parent, error, window_open=parent is not None)
                if choice in (AfterError.QUIT, AfterError.STAY):
                    return None
                path, create = self._choose(choice, parent)
                if path is None:
                    return None
                continue
            except BaseException:
                lock.release()
                raise
            window = MainWindow(Session(project), self.settings)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.projectRequested.connect(lambda p, new, w=window: self.switch(w, Path(p), new))
            window.firstFrameShown.connect(set_app_icon)
            window.firstFrameShown.connect(collect_from_now_on)
            window.destroyed.connect(lambda _=None, w=window, pr=project, lk=lock: self._closed(w, pr, lk))
            self.windows.append(window)
            self._open[id(window)] = (project, lock)
            self._remember(path)
            window.show()
            return window
        return None

    def _choose(self, choice: Any, parent: Any) -> tuple[Path | None, bool]:
        from PySide6.QtWidgets import QFileDialog

        from workbench.ui.dialogs import AfterError
        from workbench.ui.main_window import PROJECT_FILTER

        if choice is AfterError.DEFAULT:
            return default_project_path(), True
        if choice is AfterError.NEW:
            name, _ = QFileDialog.getSaveFileName(parent, "New project", str(Path.home()), PROJECT_FILTER)
            return (Path(name).with_suffix(".workbench") if name else None), True
        name, _ = QFileDialog.getOpenFileName(parent, "Open project", str(Path.home()), PROJECT_FILTER)
        return (Path(name) if name else None), False

    def switch(self, window: Any, path: Path, create: bool) -> None:
        """File > Open/New/Recent: the window makes way for one on the other project."""
        if same_file(window.session.project.path, path):
            window.hint(f"{path.name} is already open in this window.")
            return
        save_window(window)
        new = self.open(path, create=create, parent=window)
        if new is not None and new is not window:
            restore_geometry(new, window.geometry(), window.isMaximized())
            window.close()

    def _closed(self, window: Any, project: Project, lock: ProjectLock) -> None:
        if window in self.windows:
            self.windows.remove(window)
        self._open.pop(id(window), None)
        project.close()
        lock.release()

    def shutdown(self) -> None:
        """Close every project and release its lock (the event loop has ended)."""
        for project, lock in list(self._open.values()):
            project.close()
            lock.release()
        self._open.clear()
        self.windows.clear()

    def _remember(self, path: Path) -> None:
        entry = str(path.resolve())
        recent = [str(p) for p in recent_projects(self.settings) if str(p) != entry]
        self.settings.setValue("recentProjects", [entry, *recent][:MAX_RECENT])


def app_icon() -> Any:
    """The application's icon from ``resources/icons`` (the packaging uses the same files)."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for name in ("workbench.svg", "workbench-256.png"):
        if (ICONS / name).exists():
            icon.addFile(str(ICONS / name))
    return icon


def configure(app: Any, *, set_style: bool = True) -> None:
    """Names and style; ``set_style=False`` when the application was made with
    :func:`new_application`, which asked Qt for the style already."""
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setDesktopFileName("workbench")
    if set_style:
        app.setStyle(STYLE)


def new_application() -> Any:
    """The QApplication, told its style on its command line: ``app.setStyle()`` would
    return the style to Python, and PySide would build the QStyle class and its dozen
    enums for it, about 5 ms before the first frame that nothing else needs."""
    from PySide6.QtWidgets import QApplication

    return QApplication([*(sys.argv[:1] or ["workbench"]), "-style", STYLE])


def set_app_icon() -> None:
    """The windows' icon, set once the first window has been painted: loading it (the
    SVG engine) is 4 ms that need not come before the window is on screen."""
    from PySide6.QtWidgets import QApplication

    if QApplication.windowIcon().isNull():
        QApplication.setWindowIcon(app_icon())


def collect_from_now_on() -> None:
    """Switch Python's cyclic garbage collector back on once the first window is on
    screen, when :func:`workbench.cli.run_window` switched it off for the start.

    The start makes a few hundred thousand objects that live as long as the process
    (PySide's classes and enums, modules, the window); collecting among them as they
    come took 53 passes and 7-10 ms before the first frame, and found about 400
    objects to free. ``gc.freeze()`` leaves them out of the collections to come too."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def load_fonts_meanwhile() -> None:
    """Have Qt read the system's fonts (fontconfig: 5-6 ms) on another thread while
    this one imports and builds the window, which needs them only to measure its text.
    QFontDatabase is thread-safe, and PySide lets go of the GIL while Qt works."""
    from PySide6.QtGui import QFontDatabase

    threading.Thread(target=QFontDatabase.families, name="fonts", daemon=True).start()


def run_app(project: Path | None) -> int:
    """Open the window on ``project`` (or the default project); the exit status."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError as error:
        print(gui_library_problem(error), file=sys.stderr)
        return 1
    app = QApplication.instance()
    made = app is None
    app = app or new_application()
    if made:  # a fresh start: nothing has read the fonts yet
        load_fonts_meanwhile()
    configure(app, set_style=not made)
    application = Application()
    if not application.start(project):
        return 0
    try:
        return app.exec()
    finally:
        application.shutdown()
