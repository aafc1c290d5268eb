"""The real application in a real X window (Xvfb), driven with xdotool as an analyst
would: find, tag a mention, a claim and a denial, undo one, quit; then the CSV.

Needs Debian's xvfb and xdotool (.ci/run installs them). Outside CI the test is
skipped when they are missing; in CI (CI=true) a missing tool is a failure.
"""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import read_article
from workbench.core.store import Project

pytestmark = pytest.mark.e2e

TOOLS = ("Xvfb", "xdotool")


def _require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"needs {', '.join(missing)} (apt-get install xvfb xdotool)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def xvfb(tmp_path: Path):
    _require_tools()
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = ":" + pipe.readline().strip()
    yield display
    server.terminate()
    server.wait(timeout=10)


def _count(db_path: Path, table: str) -> int:
    with sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True) as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _wait_for(condition, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Keyboard:
    def __init__(self, display: str, window: str) -> None:
        self.env = {**os.environ, "DISPLAY": display}
        self.window = window

    def _run(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=30)

    def focus(self) -> None:
        self._run("windowfocus", "--sync", self.window)

    def key(self, *keys: str) -> None:
        self._run("key", "--clearmodifiers", "--delay", "60", *keys)

    def type(self, text: str) -> None:
        self._run("type", "--clearmodifiers", "--delay", "15", text)

    def find(self, text: str) -> None:
        self.key("ctrl+f")
        self.type(text)
        self.key("Return", "Escape")


def _find_window(display: str, app: subprocess.Popen, name: str = "Workbench") -> str:
    env = {**os.environ, "DISPLAY": display}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.poll() is not None:
            raise AssertionError(f"the app exited early with {app.returncode}")
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", name],
            env=env, capture_output=True, text=True,
        )
        if found.returncode == 0 and found.stdout.split():
            return found.stdout.split()[0]
        time.sleep(0.2)
    raise AssertionError("the Workbench window did not appear")


def _screenshot(display: str, path: Path) -> None:
    if shutil.which("import"):
        subprocess.run(["import", "-window", "root", str(path)],
                       env={**os.environ, "DISPLAY": display}, timeout=30, check=False)


def _launch(xvfb: str, tmp_path: Path, project_path: Path) -> subprocess.Popen:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "DISPLAY": xvfb,
        "QT_QPA_PLATFORM": "xcb",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "WORKBENCH_ANALYST": "e2e-analyst",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", "--project", str(project_path)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _new_project(tmp_path: Path) -> Path:
    project_path = tmp_path / "e2e.workbench"
    with Project.create(project_path, analyst="seed") as project:
        project.insert_articles([read_article("article-1-harbour-blast.txt")])
    return project_path


def test_tag_undo_quit_and_export_in_a_real_window(xvfb: str, tmp_path: Path) -> None:
    project_path = _new_project(tmp_path)
    app = _launch(xvfb, tmp_path, project_path)
    try:
        keyboard = Keyboard(xvfb, _find_window(xvfb, app))
        keyboard.focus()

        keyboard.find("Idris Halloun")
        keyboard.key("ctrl+1")
        keyboard.key("Return")  # the actor field is pre-filled with the selection
        _wait_for(lambda: _count(project_path, "mentions") == 1, "the mention")

        keyboard.find("will strike again if the blockade continues")
        keyboard.key("ctrl+2")
        keyboard.type("Idris Halloun")
        keyboard.key("Return")
        _wait_for(lambda: _count(project_path, "claims") == 1, "the claim")

        keyboard.find("denied that the depot had been damaged")
        keyboard.key("ctrl+3")
        keyboard.type("Kessland Interior Ministry")
        keyboard.key("Return")
        _wait_for(lambda: _count(project_path, "denials") == 1, "the denial")
        _screenshot(xvfb, tmp_path / "tagged.png")

        keyboard.key("ctrl+z")  # undo the denial
        _wait_for(lambda: _count(project_path, "denials") == 0, "the undo")

        keyboard.key("ctrl+q")
        app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
        output = app.communicate()[0]
    assert app.returncode == 0, output

    out = tmp_path / "csv"
    subprocess.run(
        [sys.executable, "-m", "workbench", "export", "--project", str(project_path),
         "--out", str(out), "--raw"],
        check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=60,
    )
    mentions = list(csv.DictReader((out / "mentions.csv").open(encoding="utf-8")))
    claims = list(csv.DictReader((out / "claims.csv").open(encoding="utf-8")))
    denials = list(csv.DictReader((out / "denials.csv").open(encoding="utf-8")))
    assert [(m["actor"], m["quote"], m["analyst"]) for m in mentions] == [
        ("Idris Halloun", "Idris Halloun", "e2e-analyst")
    ]
    assert [(c["claimant"], c["quote"]) for c in claims] == [
        ("Idris Halloun", "will strike again if the blockade continues")
    ]
    assert denials == []


def test_a_killed_window_loses_nothing_and_the_project_reopens(xvfb: str, tmp_path: Path) -> None:
    project_path = _new_project(tmp_path)
    app = _launch(xvfb, tmp_path, project_path)
    try:
        keyboard = Keyboard(xvfb, _find_window(xvfb, app))
        keyboard.focus()
        keyboard.find("Mira Solberg")
        keyboard.key("a", "Return")
        _wait_for(lambda: _count(project_path, "mentions") == 1, "the mention")
    finally:
        app.kill()  # SIGKILL: no chance to save anything more
        app.communicate()

    check = subprocess.run(
        [sys.executable, "-m", "workbench", "check", "--project", str(project_path)],
        capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=60,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    with Project.open(project_path) as project:
        (article,) = project.list_articles()
        (mention,) = project.tags_of_article(article.id).mentions
        assert (mention.actor_name, mention.span.quote) == ("Mira Solberg", "Mira Solberg")

    again = _launch(xvfb, tmp_path, project_path)  # the dead process's lock must not block it
    try:
        # the main window's title names the project; a refusal dialog would not
        _find_window(xvfb, again, name=f"{project_path.name} — Workbench")
    finally:
        again.kill()
        again.communicate()
