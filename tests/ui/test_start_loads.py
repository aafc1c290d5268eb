"""What the window's start loads before its first frame, and what it leaves for later.

The start-up figure (bench/gui_bench.py, docs/benchmarks.md) is measured, not
timed here; these checks keep the cuts that got it under 2x a bare Qt window
from coming undone one import at a time. They run in a fresh interpreter: the
test process has loaded everything long ago.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from workbench.core.model import ArticleDraft
from workbench.core.store import Project

ROOT = Path(__file__).resolve().parents[2]

# The command line's own path to a window, up to the frame before the first paint
# (the sidebar is built just after it).
PROBE = r"""
import json, sys
sys.argv = ["workbench"]
from workbench.ui.app import new_application, configure
app = new_application()
configure(app, set_style=False)
from PySide6.QtCore import QSettings
from workbench.core.store import Project
from workbench.ui.main_window import MainWindow
from workbench.ui.session import Session
project = Project.open(PATH, analyst="probe")
window = MainWindow(Session(project), QSettings(SETTINGS, QSettings.Format.IniFormat))
window.show()
import PySide6.QtGui as gui, PySide6.QtWidgets as widgets
print(json.dumps({
    "modules": sorted(sys.modules),
    "qt_classes": sorted(set(vars(gui)) | set(vars(widgets))),
    "sidebar_built": window._sidebar is not None,
}))
"""


def _probe(tmp_path: Path) -> dict:
    with Project.open(tmp_path / "p.workbench", create=True, analyst="probe") as project:
        project.add_article(ArticleDraft(title="A", text="Words to read and 😀 to tag."))
    code = PROBE.replace("PATH", repr(str(tmp_path / "p.workbench"))).replace(
        "SETTINGS", repr(str(tmp_path / "settings.ini")))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WORKBENCH_ANALYST="probe")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_first_frame_leaves_import_export_and_the_sidebar_for_later(tmp_path):
    loaded = _probe(tmp_path)
    assert not loaded["sidebar_built"]
    later = {"workbench.ui.sidebar", "workbench.ui.workers", "workbench.ui.find_bar", "workbench.ui.dialogs",
             "workbench.core.importing", "workbench.core.import_report", "workbench.core.exporters"}
    assert later.isdisjoint(loaded["modules"])
    # hashlib loads OpenSSL, signal builds IntEnums, getpass is for a name not yet saved
    assert {"hashlib", "signal", "getpass", "uuid"}.isdisjoint(loaded["modules"])


def test_the_first_frame_needs_no_qicon_qstyle_or_qsizepolicy(tmp_path):
    """PySide builds a Qt class, enums and all, the first time Python touches it:
    QIcon (a status icon, or QAction(text, parent) telling its overloads apart),
    QStyle (app.setStyle() returns one) and QSizePolicy cost about 8 ms together."""
    classes = set(_probe(tmp_path)["qt_classes"])
    assert {"QIcon", "QStyle", "QSizePolicy"}.isdisjoint(classes)
    assert {"QTextEdit", "QTableView", "QMainWindow"} <= classes  # the check sees what is built
