"""The window's figures: the ``gui`` plugin of ``python -m bench``, or alone.

    python -m bench                                  # after the core figures (skip with --no-gui)
    python -m bench.gui_bench --project P            # on an existing project
    python -m bench.gui_bench                        # builds a small project first (2,000 articles)

Every Qt measurement runs in a child process of its own with ``QT_QPA_PLATFORM=offscreen``,
``WORKBENCH_ANALYST`` set (no name dialog) and fresh, empty settings (``XDG_CONFIG_HOME``
points into a temporary folder): the bench's own process never loads Qt.

Figures (medians unless said):

``gui_start_ms``
    From the parent's ``time.time()`` just before it starts the child, to the main window's
    first frame. The child is ``python -c DRIVER app P``: the driver wraps
    ``workbench.ui.app.Application.open`` (to put an event filter on the window it returns)
    and then runs ``python -m workbench --project P`` with :func:`runpy.run_module`, i.e.
    ``workbench.cli.main`` -> ``run_app`` -> ``Application.open`` -> ``MainWindow`` ->
    ``show`` -> ``app.exec()``, unchanged. On the window's first ``QEvent.Expose`` it posts a
    zero timer; when that fires, the expose (and the paint Qt does while handling it: the
    driver counts the window's paint events) is over; the driver prints the time and leaves
    with ``os._exit`` (so no tear-down is timed). The project is the one given.
    Compiled modules come from a bytecode cache folder of the run (``PYTHONPYCACHEPREFIX``),
    as an installed application has them; the driver's marks (interpreter up, imports,
    ``QApplication``, ``Application.open``, ``show()`` returned) are printed as remarks.
``gui_ready_ms``
    The same start-ups, until the window is whole: the sidebar is built just after the
    first frame (:attr:`MainWindow.firstFrameShown`), so this is when every part of the
    window can be used; ``gui_ready_ratio_vs_bare_qt`` against the bare window's first frame.
``gui_start_bare_qt_ms``
    The same driver, ``bare`` mode: ``QApplication`` + an empty 1400x860 ``QMainWindow``.
    Run interleaved with the app (one uncounted round first, which fills the bytecode
    cache, then ``--gui-starts`` rounds); ``gui_start_ratio_vs_bare_qt`` is the ratio of
    the medians. ``gui_start_no_bytecode_cache_ms``: the app in the environment as it is
    (here ``PYTHONDONTWRITEBYTECODE=1``: the project's modules compiled at every start).
``open_article_ms``
    A fresh small project (:func:`build_tagged_project`): 40 corpus articles and one of
    about 20 KB carrying 2,000 overlapping mentions, claims and denials, all written through
    the store. The window is opened as the application does (``Application.open``); then,
    alternately, another article and the big one are selected in the list
    (``ArticleListPanel.select_article``, what a click or the arrow keys do), and the time
    runs until the pane and the sidebar's list have both received a paint event
    (``processEvents`` until then). ``open_article_small_ms`` is the other article's.
``tag_to_visible_ms``
    On the big article (2,000 tags, scrolled to the top): ``session.run(project.add_claim,
    ...)`` with the claimant by name (as the tag editor passes it), on words in the visible
    part, until the new mark is in the pane and the pane has painted. Each write is undone
    afterwards (``undo_to_visible_ms``), so every write sees 2,000 tags. The split (store,
    the ``changed`` handlers, the paint) is printed as remarks. ``tag_editor_enter_ms`` is
    the whole Enter path: ``TagEditor.save`` with the claimant typed in the open editor.
``list_*``
    On the project given (the bench's), in the real window: ``ArticleListModel(session)``
    (the model and its first page); then ``table.scrollToBottom()`` + paint, repeated until
    the model has no more to fetch (each step loads one page of 200): median and max per
    step, and the same after sorting by the Mentions column (descending).
``tag_to_visible_bench_project_ms``
    The write of ``tag_to_visible_ms`` on an ordinary article of the project given: what
    grows with the project rather than with the article.

``--gui-profile`` writes cProfile reports of the start-up, the article opening and the
tag writes next to the project (``profile-gui-*.txt``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import Figure, Report, Target

ROOT = Path(__file__).resolve().parents[1]
BIG_ARTICLE_TAGS = 2_000
BIG_ARTICLE_CORPUS_TAGS = 245  # a corpus article with 245 tagged sentences is about 20 KB
SMALL_ARTICLES = 40
CHILD_TIMEOUT = 900

TARGETS = [
    Target("gui_start_ratio_vs_bare_qt", "<=", 2.0),
    Target("open_article_ms", "<", 100),
    Target("tag_to_visible_ms", "<", 30),
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("window figures (bench.gui_bench)")
    group.add_argument("--gui-starts", type=int, default=5, metavar="N",
                       help="start-ups of the window and of a bare Qt window, interleaved (default %(default)s)")
    group.add_argument("--gui-opens", type=int, default=10, metavar="N",
                       help="openings of the 2,000-tag article (default %(default)s)")
    group.add_argument("--gui-tags", type=int, default=30, metavar="N",
                       help="tag writes on the 2,000-tag article (default %(default)s)")
    group.add_argument("--gui-profile", action="store_true",
                       help="write cProfile reports of the window's start, opening and tagging "
                            "next to the project (profile-gui-*.txt)")


# =============================================================== the parent side

def run(project_path: Path, args: argparse.Namespace, report: Report | None = None) -> list[Figure]:
    """All the window's figures on ``project_path`` (closed, on disk): added to ``report``
    as they come when there is one (and then none are returned), else returned."""
    figures: list[Figure] = []
    if report is None:
        report = Report(out=open(os.devnull, "w"))  # remarks only; the figures are returned

        def add(name: str, value: float, unit: str) -> None:
            figures.append(Figure(name, value, unit))
    else:
        add = report.add

    project_path = Path(project_path).resolve()
    profile_dir = project_path.parent if getattr(args, "gui_profile", False) else None
    if profile_dir is not None and hasattr(args, "keep"):
        args.keep = True  # python -m bench: the profiles are in its folder, keep it (as --profile does)
    scratch = Path(tempfile.mkdtemp(prefix="workbench-gui-bench-"))
    try:
        _measure_start(project_path, args, scratch, add, report, profile_dir)
        _run_worker("interactive", scratch, args, add, report, profile_dir, project_path)
        _run_worker("list", scratch, args, add, report, profile_dir, project_path)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return figures


def _child_env(scratch: Path, name: str, *, bytecode: bool = True) -> dict[str, str]:
    """Offscreen, no name dialog, settings and data folders of its own (empty).

    ``bytecode``: compiled modules are read from (and written to) a cache folder of the
    run (``PYTHONPYCACHEPREFIX``), as an installed application has them; without it the
    environment's own setting stays (this checkout runs with ``PYTHONDONTWRITEBYTECODE=1``,
    so the project's modules are compiled from source at every start)."""
    home = scratch / name
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "data").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", WORKBENCH_ANALYST="bench",
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               PYTHONUNBUFFERED="1")
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    return env


# ---------------------------------------------------------------- start-up

_START_DRIVER = r'''
import time
_marks = {"python": time.time()}  # the interpreter is up and runs the driver
import json, os, sys
_mode, _project, _profile = sys.argv[1], sys.argv[2], os.environ.get("BENCH_GUI_PROFILE")
if _profile:
    import cProfile
    _profiler = cProfile.Profile()
    _profiler.enable()

def _watch(window, widgets, ready_signal=None):
    """Report the time once the first expose of ``window`` (a QWindow) has been handled,
    and, when ``ready_signal`` is given, once it has fired too (``ready``)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    state = {"exposed": None, "paints": 0, "marks": _marks, "ready": None}

    def on_ready():
        state["ready"] = time.time()
        if state.get("painted"):
            report()

    if ready_signal is not None:
        ready_signal.connect(on_ready)

    def done():
        state["painted"] = time.time()
        if ready_signal is None:
            state["ready"] = state["painted"]
        if state["ready"] is not None:
            report()

    def report():
        if _profile:
            _profiler.disable()
            _profiler.dump_stats(_profile)
        sys.stdout.write(json.dumps(state) + "\n")
        sys.stdout.flush()
        os._exit(0)

    class Watch(QObject):
        def eventFilter(self, obj, event):
            kind = event.type()
            if kind == QEvent.Type.Paint:
                state["paints"] += 1
            elif kind == QEvent.Type.Expose and state["exposed"] is None and window.isExposed():
                state["exposed"] = time.time()
                state["paints_before_expose"] = state["paints"]
                state["title"] = window.title()
                QTimer.singleShot(0, done)  # runs once the expose (and its paint) is handled
            return False

    watch = Watch()
    _watch.keep = watch
    window.installEventFilter(watch)
    for widget in widgets:
        widget.installEventFilter(watch)

if _mode == "bare":
    from PySide6.QtWidgets import QApplication, QMainWindow
    _marks["imported"] = time.time()
    app = QApplication(sys.argv[:1])
    _marks["qapplication"] = time.time()
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1400, 860)
    window.show()
    _marks["shown"] = time.time()
    _watch(window.windowHandle(), [window])
    sys.exit(app.exec())
else:
    import runpy
    from importlib.machinery import PathFinder

    def _patch(app):
        """Mark and watch the start through workbench.ui.app.Application."""
        _init, _open = app.Application.__init__, app.Application.open

        def _init_and_mark(self, *args, **kwargs):
            _marks.setdefault("qapplication", time.time())  # run_app made it just before
            _init(self, *args, **kwargs)

        def _open_and_watch(self, *args, **kwargs):
            _marks.setdefault("open", time.time())
            window = _open(self, *args, **kwargs)
            if window is not None and not hasattr(_watch, "keep"):
                _marks["shown"] = time.time()
                _watch(window.windowHandle(), [window, window.view.viewport()], window.firstFrameShown)
            return window

        app.Application.__init__ = _init_and_mark
        app.Application.open = _open_and_watch
        _marks["imported"] = time.time()  # workbench.ui.app is loaded: the command line, the core, QtCore

    class _PatchOnImport:
        """Patches workbench.ui.app as the command line imports it, so that every module
        loads when and in the order ``python -m workbench`` loads it."""

        def find_spec(self, name, path=None, target=None):
            if name != "workbench.ui.app":
                return None
            sys.meta_path.remove(self)
            spec = PathFinder.find_spec(name, path)
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                _patch(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, _PatchOnImport())
    sys.argv = ["workbench", "--project", _project]
    runpy.run_module("workbench", run_name="__main__", alter_sys=True)
    sys.exit("the window closed before it was shown")
'''


@contextmanager
def _watched(child: subprocess.Popen, project_path: Path, timeout_message: str) -> Iterator[None]:
    """Reading a child's output: kill it after CHILD_TIMEOUT whatever it is doing (one
    stuck on, say, a modal error box offscreen neither prints nor exits, so the read
    would wait for ever), and remove the project's lock it may leave (``os._exit``)."""
    watchdog = threading.Timer(CHILD_TIMEOUT, child.kill)
    watchdog.start()
    try:
        yield
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise RuntimeError(timeout_message) from None
    finally:
        watchdog.cancel()
        Path(f"{project_path}.lock").unlink(missing_ok=True)


def start_once(mode: str, project_path: Path, env: dict[str, str]) -> dict[str, Any]:
    """One start-up in a fresh process: ms to the first frame, to the expose, and as the parent saw it."""
    started = time.time()
    child = subprocess.Popen([sys.executable, "-c", _START_DRIVER, mode, str(project_path)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with _watched(child, project_path, f"the {mode} start-up did not show a window in {CHILD_TIMEOUT} s"):
        line = child.stdout.readline()
        seen = time.time()
        _, err = child.communicate(timeout=CHILD_TIMEOUT)
    if not line.strip():
        raise RuntimeError(f"the {mode} start-up printed nothing (status {child.returncode}): {err.strip()[-2000:]}")
    state = json.loads(line)
    marks = {name: (t - started) * 1000 for name, t in state["marks"].items()}
    return {"shown_ms": (state["painted"] - started) * 1000, "exposed_ms": (state["exposed"] - started) * 1000,
            "ready_ms": (max(state["ready"], state["painted"]) - started) * 1000,
            "seen_ms": (seen - started) * 1000, "paints": state["paints"], "title": state.get("title", ""),
            "marks": marks}


def _measure_start(project_path: Path, args: argparse.Namespace, scratch: Path, add: Callable, report: Report,
                   profile_dir: Path | None) -> None:
    runs = max(1, getattr(args, "gui_starts", 5))
    modes = {"bare": ("bare", True), "app": ("app", True), "app, no bytecode cache": ("app", False)}
    samples: dict[str, list[dict[str, Any]]] = {mode: [] for mode in modes}
    for n in range(runs + 1):  # the first round fills the bytecode and file caches and is not counted
        for label, (mode, bytecode) in modes.items():
            env = _child_env(scratch, f"start-{mode}-{int(bytecode)}-{n}", bytecode=bytecode)
            result = start_once(mode, project_path, env)
            if result["paints"] < 1:
                report.remark(f"start-up ({label}): no paint event was seen before the report")
            if n:
                samples[label].append(result)
    medians = {label: statistics.median(r["shown_ms"] for r in runs_) for label, runs_ in samples.items()}
    add("gui_start_ms", medians["app"], "ms")
    add("gui_start_bare_qt_ms", medians["bare"], "ms")
    add("gui_start_ratio_vs_bare_qt", medians["app"] / medians["bare"], "x")
    add("gui_start_no_bytecode_cache_ms", medians["app, no bytecode cache"], "ms")
    ready = statistics.median(r["ready_ms"] for r in samples["app"])
    add("gui_ready_ms", ready, "ms")
    add("gui_ready_ratio_vs_bare_qt", ready / medians["bare"], "x")
    for label, results in samples.items():
        report.remark(f"start-up {label} ({results[0]['title']!r}): first frame "
                      + ", ".join(f"{r['shown_ms']:.0f}" for r in results) + " ms; expose "
                      + ", ".join(f"{r['exposed_ms']:.0f}" for r in results) + " ms; ready "
                      + ", ".join(f"{r['ready_ms']:.0f}" for r in results) + " ms; line read by the parent "
                      + ", ".join(f"{r['seen_ms']:.0f}" for r in results) + " ms")
    for label, results in samples.items():
        phases = _start_phases(results)
        report.remark(f"start-up {label}, medians from the process start (ms): "
                      + ", ".join(f"{name} {value:.0f}" for name, value in phases))
    if profile_dir is not None:
        env = _child_env(scratch, "start-profile")
        raw = scratch / "start.prof"
        env["BENCH_GUI_PROFILE"] = str(raw)
        start_once("app", project_path, env)
        path = profile_dir / "profile-gui-start.txt"
        path.write_text(_profile_text(str(raw)), encoding="utf-8")
        report.remark(f"profile of the window's start-up (bytecode cached): {path}")


_PHASES = (
    ("python", "interpreter up"), ("imported", "workbench.ui.app loaded"), ("qapplication", "QApplication made"),
    ("open", "Application.open called"), ("shown", "window built and show() returned"),
)


def _start_phases(results: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """Median time of each mark the driver took, then the expose and the first frame."""
    phases = [(label, statistics.median(r["marks"][key] for r in results))
              for key, label in _PHASES if all(key in r["marks"] for r in results)]
    phases.append(("exposed", statistics.median(r["exposed_ms"] for r in results)))
    phases.append(("first frame", statistics.median(r["shown_ms"] for r in results)))
    phases.append(("ready", statistics.median(r["ready_ms"] for r in results)))
    return phases


def _profile_text(source: Any, limit: int = 40) -> str:
    import io
    import pstats

    out = io.StringIO()
    stats = pstats.Stats(source, stream=out)
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit // 2)
    return out.getvalue()


# ---------------------------------------------------------------- the workers

def _run_worker(kind: str, scratch: Path, args: argparse.Namespace, add: Callable, report: Report,
                profile_dir: Path | None, project_path: Path) -> None:
    """Run ``python -m bench.gui_bench --worker KIND`` and pass on what it prints."""
    command = [sys.executable, "-m", "bench.gui_bench", "--worker", kind, "--scratch", str(scratch / f"work-{kind}"),
               "--project", str(project_path), "--gui-opens", str(getattr(args, "gui_opens", 10)),
               "--gui-tags", str(getattr(args, "gui_tags", 30)), "--seed", str(getattr(args, "seed", 20240611))]
    if profile_dir is not None:
        command += ["--profile-dir", str(profile_dir)]
    child = subprocess.Popen(command, cwd=ROOT, env=_child_env(scratch, f"worker-{kind}"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with _watched(child, project_path, f"the {kind} worker took more than {CHILD_TIMEOUT} s"):
        for line in child.stdout:
            tag, _, rest = line.rstrip("\n").partition(" ")
            if tag == "FIGURE":
                name, value, unit = json.loads(rest)
                add(name, value, unit)
            elif tag == "REMARK":
                report.remark(rest)
        _, err = child.communicate(timeout=CHILD_TIMEOUT)
    if child.returncode:
        raise RuntimeError(f"the {kind} worker failed (status {child.returncode}):\n{err.strip()[-4000:]}")


# =============================================================== the child side

def _figure(name: str, value: float, unit: str) -> None:
    print("FIGURE " + json.dumps([name, value, unit]), flush=True)


def _remark(text: str) -> None:
    print("REMARK " + text, flush=True)


def _ms(seconds: Iterable[float]) -> list[float]:
    return [s * 1000 for s in seconds]


def _summary(values_ms: list[float]) -> str:
    ordered = sorted(values_ms)
    return (f"median {statistics.median(ordered):.1f}, min {ordered[0]:.1f}, "
            f"p90 {ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]:.1f}, max {ordered[-1]:.1f} ms "
            f"(n={len(ordered)})")


def build_tagged_project(folder: Path, seed: int = 20240611) -> tuple[Path, str, list[str]]:
    """A small project: :data:`SMALL_ARTICLES` corpus articles with their tags, then one
    article of about 20 KB with :data:`BIG_ARTICLE_TAGS` tags, every tag written through
    the store (``add_mention``/``add_claim``/``add_denial``, inside one transaction).

    The big article's tags: its 245 corpus tags (a mention on an actor's name, a claim or a
    denial on a sentence naming its claimant or denier), plus mentions on random runs of
    one to three words and claims and denials on one or two whole sentences, until there
    are 2,000: every sentence is covered by several claims and denials, every third word
    or so by a mention. Returns the path, the big article's id and the others' ids."""
    from bench.corpus import Corpus
    from workbench.core.model import ArticleDraft
    from workbench.core.store import Project

    path = folder / "tagged.workbench"
    folder.mkdir(parents=True, exist_ok=True)
    small = Corpus(SMALL_ARTICLES, SMALL_ARTICLES * 10, seed=seed)
    big = Corpus(1, BIG_ARTICLE_CORPUS_TAGS, seed=seed + 1).article(0)
    articles = [small.article(n) for n in range(SMALL_ARTICLES)] + [big]
    rng = random.Random(seed)
    with Project.create(path, analyst="bench") as project:
        with project.atomic():
            actor_ids = [project.add_actor(a.name, a.kind, aliases=a.aliases).created_ids[0] for a in small.actors]
        ids, _ = project.insert_articles(
            ArticleDraft(title=a.title, text=a.text, outlet=a.outlet, author=a.author, published=a.published,
                         url=a.url, language=a.language, source="gui-bench") for a in articles)
        with project.atomic():
            for article_id, article in zip(ids, articles):
                claim_ids: list[str] = []
                for spec in article.tags:
                    _add_tag(project, article_id, spec.kind, spec.start, spec.end, actor_ids[spec.actor],
                             claim_ids, spec.denied, spec.summary)
            extra = BIG_ARTICLE_TAGS - len(big.tags)
            words = [(m.start(), m.end()) for m in _WORD_RE.finditer(big.text)]
            sentences = [(m.start(), m.end()) for m in _SENTENCE_RE.finditer(big.text)]
            big_claims: list[str] = []
            for n in range(extra):
                roll = rng.random()
                if roll < 0.5:
                    first = rng.randrange(len(words) - 3)
                    start, end, kind = words[first][0], words[first + rng.randrange(3)][1], "mention"
                else:
                    first = rng.randrange(len(sentences) - 1)
                    start, end = sentences[first][0], sentences[first + rng.randrange(2)][1]
                    kind = "claim" if roll < 0.8 else "denial"
                denied = rng.randrange(len(big_claims)) if kind == "denial" and big_claims and rng.random() < 0.6 else -1
                _add_tag(project, ids[-1], kind, start, end, rng.choice(actor_ids), big_claims, denied,
                         f"bench {kind} {n}")
        counts = project.db.execute(
            "SELECT mention_count, claim_count, denial_count, length(text) FROM articles WHERE id = ?",
            (ids[-1],)).fetchone()
    if sum(counts[:3]) != BIG_ARTICLE_TAGS:
        raise RuntimeError(f"the big article has {counts[:3]} tags, not {BIG_ARTICLE_TAGS}")
    _remark(f"tagged project: {SMALL_ARTICLES} articles + one of {counts[3]:,} characters "
            f"({len(big.text.encode()):,} bytes) with {counts[0]} mentions, {counts[1]} claims, {counts[2]} denials")
    return path, ids[-1], ids[:-1]


_WORD_RE = re.compile(r"\w+")
_SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]")


def _add_tag(project: Any, article_id: str, kind: str, start: int, end: int, actor_id: str,
             claim_ids: list[str], denied: int, summary: str) -> None:
    if kind == "mention":
        project.add_mention(article_id, start, end, actor_id)
    elif kind == "claim":
        change = project.add_claim(article_id, start, end, actor_id, summary=summary)
        claim_ids.append(change.ids_of("claim")[0])
    else:
        denied_id = claim_ids[denied] if 0 <= denied < len(claim_ids) else None
        project.add_denial(article_id, start, end, actor_id, denied_claim_id=denied_id, summary=summary)


class _Qt:
    """The application and the real window, as ``run_app`` builds them, and paint counters."""

    def __init__(self, project_path: Path) -> None:
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QApplication

        from workbench.ui import app as app_module

        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        app_module.configure(self.app)
        self.application = app_module.Application()
        self.window = self.application.open(Path(project_path))
        if self.window is None:
            raise RuntimeError(f"the window did not open on {project_path}")
        paints: dict[int, int] = {}
        self.paints = paints

        class Counter(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:
                if event.type() == QEvent.Type.Paint:
                    key = id(obj)
                    paints[key] = paints.get(key, 0) + 1
                return False

        self._counter = Counter()
        self._watched: dict[str, Any] = {}
        deadline = time.perf_counter() + 30
        while not self.window.windowHandle().isExposed():
            self.app.processEvents()
            if time.perf_counter() > deadline:
                raise RuntimeError("the window was never exposed")
        self.settle()

    def watch(self, name: str, widget: Any) -> None:
        widget.installEventFilter(self._counter)
        self._watched[name] = widget

    def count(self, name: str) -> int:
        return self.paints.get(id(self._watched[name]), 0)

    def wait_painted(self, names: Iterable[str], before: dict[str, int], timeout: float = 30.0) -> None:
        """``processEvents`` until every watched widget named has painted since ``before``."""
        names = list(names)
        deadline = time.perf_counter() + timeout
        self.app.processEvents()
        while any(self.count(n) <= before[n] for n in names):
            if time.perf_counter() > deadline:
                raise RuntimeError(f"no paint of {names} within {timeout} s")
            self.app.processEvents()

    def counts(self) -> dict[str, int]:
        return {name: self.count(name) for name in self._watched}

    def settle(self, seconds: float = 0.05) -> None:
        """Let pending events, timers and paints run."""
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.app.processEvents()


def _profiler(profile_dir: Path | None):
    if profile_dir is None:
        return None
    import cProfile
    return cProfile.Profile()


def _write_profile(profiler: Any, profile_dir: Path | None, name: str, what: str) -> None:
    if profiler is None or profile_dir is None:
        return
    path = profile_dir / f"profile-gui-{name}.txt"
    path.write_text(_profile_text(profiler), encoding="utf-8")
    _remark(f"profile of {what}: {path}")


def worker_interactive(args: argparse.Namespace) -> None:
    """open_article_ms, tag_to_visible_ms and friends, on a fresh tagged project."""
    from workbench.core.model import TagKind

    start = time.perf_counter()
    path, big_id, others = build_tagged_project(args.scratch, args.seed)
    _remark(f"tagged project built through the store in {time.perf_counter() - start:.1f} s")
    qt = _Qt(path)
    window, session = qt.window, qt.window.session
    project, view, sidebar = session.project, window.view, window.sidebar
    qt.watch("pane", view.viewport())
    qt.watch("sidebar", sidebar.lists.actor_view.viewport())
    sidebar.tabs.setCurrentIndex(0)  # the Actors tab, as after a start
    big_text = project.get_article(big_id).text
    small_id = others[1]

    def open_article(article_id: str) -> float:
        before = qt.counts()
        t0 = time.perf_counter()
        window.list_panel.select_article(article_id)
        qt.wait_painted(("pane", "sidebar"), before)
        seconds = time.perf_counter() - t0
        if window.article_id != article_id:
            raise RuntimeError("selecting the row did not open the article")
        qt.settle(0.02)
        return seconds

    # -- opening the article -------------------------------------------------------
    opens, small_opens = [], []
    for _ in range(max(1, args.gui_opens)):
        small_opens.append(open_article(small_id))
        opens.append(open_article(big_id))
    marks = len(view.marks())
    listed = sidebar.lists.counts()
    if marks != BIG_ARTICLE_TAGS or view.article_text() != big_text:
        raise RuntimeError(f"the pane shows {marks} marks of the big article, not {BIG_ARTICLE_TAGS}")
    _remark(f"open the 2,000-tag article: {_summary(_ms(opens))} (the first open: {opens[0] * 1000:.1f} ms); "
            f"sidebar: {listed[TagKind.MENTION]} actors, {listed[TagKind.CLAIM]} claims, {listed[TagKind.DENIAL]} denials")
    small_tags = project.tags_of_article(small_id)
    _remark(f"open a {len(project.get_article(small_id).text):,}-character article with "
            f"{len(small_tags.mentions) + len(small_tags.claims) + len(small_tags.denials)} tags: "
            f"{_summary(_ms(small_opens))}")
    _figure("open_article_ms", statistics.median(opens) * 1000, "ms")
    _figure("open_article_ms_max", max(opens) * 1000, "ms")
    _figure("open_article_small_ms", statistics.median(small_opens) * 1000, "ms")

    profiler = _profiler(args.profile_dir)
    if profiler is not None:
        for _ in range(5):
            open_article(small_id)
            profiler.enable()
            open_article(big_id)
            profiler.disable()
        _write_profile(profiler, args.profile_dir, "open", "5 openings of the 2,000-tag article")

    # -- a tag, from the write to the paint ----------------------------------------
    if window.article_id == big_id:
        open_article(small_id)
    open_article(big_id)
    view.verticalScrollBar().setValue(0)
    qt.settle()
    visible_end = min(len(big_text), 600)  # the first lines: on screen at the top of the pane
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(big_text, 0, visible_end)]
    claimant = project.list_actors()[0].name
    rng = random.Random(args.seed)
    write_time: list[float] = []
    original = project.add_claim

    def timed_add_claim(*a: Any, **k: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            write_time.append(time.perf_counter() - t0)

    def tag_once() -> tuple[float, float, float, float]:
        first = rng.randrange(len(words) - 2)
        start, end = words[first][0], words[first + rng.randrange(2)][1]
        if len(view.marks()) != BIG_ARTICLE_TAGS:
            raise RuntimeError("the big article does not show its 2,000 tags")
        return _claim_and_undo(qt, timed_add_claim, big_id, start, end, claimant)

    tag_once()  # warm-up: first use of the statements
    write_time.clear()
    results = [tag_once() for _ in range(max(1, args.gui_tags))]
    totals = [r[0] for r in results]
    handled = [r[1] - w for r, w in zip(results, write_time)]
    _figure("tag_to_visible_ms", statistics.median(totals) * 1000, "ms")
    _figure("tag_to_visible_ms_max", max(totals) * 1000, "ms")
    _figure("undo_to_visible_ms", statistics.median(r[3] for r in results) * 1000, "ms")
    _remark(f"tag to visible (claim, claimant by name, 2,000 tags): {_summary(_ms(totals))}")
    _remark(f"  of which the store write: median {statistics.median(write_time) * 1000:.1f} ms; "
            f"the changed handlers (pane, sidebar, list, ...): median {statistics.median(handled) * 1000:.1f} ms; "
            f"events until the paint: median {statistics.median(r[2] for r in results) * 1000:.1f} ms")
    _remark(f"undo to visible: {_summary(_ms(r[3] for r in results))}")

    if profiler is not None:
        profiler = _profiler(args.profile_dir)
        profiler.enable()
        for _ in range(10):
            tag_once()
        profiler.disable()
        _write_profile(profiler, args.profile_dir, "tag", "10 tag writes + undos on the 2,000-tag article")

    # -- the whole Enter path: the tag editor's save ------------------------------------
    editor = sidebar.editor
    enters = []
    for _ in range(max(3, args.gui_tags // 3)):
        first = rng.randrange(len(words) - 2)
        start, end = words[first][0], words[first + 1][1]
        view.select_code_points(start, end)
        window.request_tag(TagKind.CLAIM)
        qt.settle(0.01)
        if not sidebar.editor_is_open():
            raise RuntimeError("the tag editor did not open")
        editor.claim.claimant.setText(claimant)
        qt.settle(0.01)
        before = qt.counts()
        t0 = time.perf_counter()
        editor.save()
        qt.wait_painted(("pane",), before)
        enters.append(time.perf_counter() - t0)
        if len(view.marks()) != BIG_ARTICLE_TAGS + 1:
            raise RuntimeError("the editor's claim is not in the pane")
        qt.settle(0.01)
        session.undo()
        qt.settle(0.02)
    _figure("tag_editor_enter_ms", statistics.median(enters) * 1000, "ms")
    _remark(f"tag editor Enter to visible (TagEditor.save, then the sidebar selects the new claim): {_summary(_ms(enters))}")
    window.close()


def worker_list(args: argparse.Namespace) -> None:
    """list_first_page_ms and the scrolling, on the project given, in the real window."""
    from PySide6.QtCore import Qt

    qt = _Qt(args.project)
    window, session = qt.window, qt.window.session
    panel = window.list_panel
    table, model = panel.table, panel.model
    total = session.project.count_articles()
    model_class = type(model)  # ArticleListModel, wherever it lives
    page_size = getattr(sys.modules[model_class.__module__], "PAGE_SIZE", 200)
    firsts = []
    for _ in range(7):
        t0 = time.perf_counter()
        fresh = model_class(session)
        firsts.append(time.perf_counter() - t0)
        rows = fresh.rowCount()
        for signal, slot in ((session.changed, fresh.on_change), (session.reset, fresh.reload)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        fresh.deleteLater()
    qt.settle()
    _figure("list_first_page_ms", statistics.median(firsts[1:]) * 1000, "ms")
    _remark(f"list model + first page ({rows} rows of {total:,} articles): {_summary(_ms(firsts[1:]))}; "
            f"the first (the window had made one already): {firsts[0] * 1000:.1f} ms")

    qt.watch("table", table.viewport())
    _remark(f"list view: {table.viewport().height()} px high, {window.width()}x{window.height()} window")

    def scroll(label: str) -> list[float]:
        steps, rows_per_step = [], []
        limit = total // page_size + 20
        while model.canFetchMore() and len(steps) < limit:
            rows = model.rowCount()
            before = qt.counts()
            t0 = time.perf_counter()
            table.scrollToBottom()
            qt.wait_painted(("table",), before)
            steps.append(time.perf_counter() - t0)
            rows_per_step.append(model.rowCount() - rows)
        qt.settle()
        if model.rowCount() != total:
            raise RuntimeError(f"scrolled to the bottom with {model.rowCount()} of {total} rows loaded")
        _remark(f"scroll {label}: {len(steps)} steps to {model.rowCount():,} rows "
                f"({statistics.median(rows_per_step):.0f} rows a step, max {max(rows_per_step, default=0)}), "
                f"{sum(steps):.2f} s in all; per step {_summary(_ms(steps))}; "
                f"the last 10 steps median {statistics.median(steps[-10:]) * 1000:.1f} ms")
        return steps

    steps = scroll("in import order")
    _figure("list_scroll_steps", len(steps), "steps")
    _figure("list_scroll_page_ms_median", statistics.median(steps) * 1000, "ms")
    _figure("list_scroll_page_ms_max", max(steps) * 1000, "ms")
    _figure("list_scroll_total_s", sum(steps), "s")

    mentions = next(c for c in range(model.columnCount())
                    if model.headerData(c, Qt.Orientation.Horizontal) == "Mentions")
    before = qt.counts()
    t0 = time.perf_counter()
    table.sortByColumn(mentions, Qt.SortOrder.DescendingOrder)
    qt.wait_painted(("table",), before)
    _figure("list_sort_first_page_ms", (time.perf_counter() - t0) * 1000, "ms")
    table.scrollToTop()
    qt.settle()
    steps = scroll("sorted by mentions, descending")
    _figure("list_scroll_sorted_page_ms_median", statistics.median(steps) * 1000, "ms")
    _figure("list_scroll_sorted_page_ms_max", max(steps) * 1000, "ms")
    _figure("list_worker_peak_rss_mb", _peak_rss_mb(), "MB")
    _tag_on_big_project(qt, args)
    window.close()


def _tag_on_big_project(qt: "_Qt", args: argparse.Namespace) -> None:
    """tag_to_visible_bench_project_ms: the same write as tag_to_visible_ms, on an ordinary
    article of the big project (what grows with the project, not with the article)."""
    window, session = qt.window, qt.window.session
    view = window.view
    qt.watch("pane", view.viewport())
    article_id = window.list_panel.model.article_id(0)
    window.list_panel.select_article(article_id)
    qt.settle(0.2)
    view.verticalScrollBar().setValue(0)
    qt.settle()
    text = view.article_text()
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(text, 0, min(len(text), 600))]
    claimant = session.project.list_actors()[0].name
    rng = random.Random(args.seed)
    marks = len(view.marks())
    totals, undos = [], []
    for n in range(max(3, args.gui_tags // 3) + 1):
        first = rng.randrange(len(words) - 2)
        total, _, _, undo = _claim_and_undo(qt, session.project.add_claim, article_id, words[first][0],
                                            words[first + 1][1], claimant)
        if n:  # the first is a warm-up
            totals.append(total)
            undos.append(undo)
    claims = session.project.stats().claims
    _figure("tag_to_visible_bench_project_ms", statistics.median(totals) * 1000, "ms")
    _remark(f"tag to visible on the bench project (an article with {marks} tags, {claims:,} claims in the "
            f"project): {_summary(_ms(totals))}; undo {_summary(_ms(undos))}")


def _claim_and_undo(qt: Any, add_claim: Callable, article_id: str, start: int, end: int,
                    claimant: str) -> tuple[float, float, float, float]:
    """Tag a claim through the session, wait until the pane has painted it, then undo
    it and wait until the pane has painted that. Seconds: write to paint, write and
    its ``changed`` handlers, handlers to paint, undo to paint."""
    from workbench.core.model import ActorName

    session, view = qt.window.session, qt.window.view
    shown = len(view.marks())
    before = qt.counts()
    t0 = time.perf_counter()
    change = session.run(add_claim, article_id, start, end, ActorName(claimant), summary="bench claim")
    t_handled = time.perf_counter()
    qt.wait_painted(("pane",), before)
    t1 = time.perf_counter()
    new_id = change.ids_of("claim")[0]
    if not any(m.tag_id == new_id for m in view.marks()):
        raise RuntimeError("the new claim is not in the pane")
    qt.settle(0.01)
    before = qt.counts()
    u0 = time.perf_counter()
    session.undo()
    qt.wait_painted(("pane",), before)
    u1 = time.perf_counter()
    if any(m.tag_id == new_id for m in view.marks()) or len(view.marks()) != shown:
        raise RuntimeError("undo did not take the claim out of the pane")
    qt.settle(0.01)
    return t1 - t0, t_handled - t0, t1 - t_handled, u1 - u0


def _peak_rss_mb() -> float:
    from bench.core_bench import peak_rss_mb

    return peak_rss_mb()


# =============================================================== alone

def _build_small_project(args: argparse.Namespace, folder: Path, report: Report) -> Path:
    """The core bench's build (corpus, import, tags) at a small size."""
    from workbench.core.store import Project  # noqa: F401 (fail early if the package is missing)

    from . import core_bench
    from .corpus import Corpus

    build_args = argparse.Namespace(articles=args.articles, tags=args.tags, seed=args.seed, profile=None)
    bench = core_bench.Bench(build_args, report, folder)
    corpus = Corpus(args.articles, args.tags, seed=args.seed)
    core_bench.write_corpus(bench, corpus)
    project = core_bench.import_corpus(bench)
    try:
        core_bench.build_tags(bench, project, corpus)
    finally:
        project.close()
    return bench.project_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gui_bench", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, help="measure on this project (default: build a small one)")
    parser.add_argument("--articles", type=int, default=2_000, help="articles of the built project (default %(default)s)")
    parser.add_argument("--tags", type=int, default=20_000, help="tags of the built project (default %(default)s)")
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--keep", action="store_true", help="keep the built project's folder")
    parser.add_argument("--worker", choices=("interactive", "list"), help=argparse.SUPPRESS)
    parser.add_argument("--scratch", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-dir", type=Path, help=argparse.SUPPRESS)
    add_arguments(parser)
    args = parser.parse_args(argv)
    if args.worker:
        {"interactive": worker_interactive, "list": worker_list}[args.worker](args)
        return 0

    report = Report()
    report.targets += TARGETS
    folder = None
    if args.project is None:
        folder = Path(tempfile.mkdtemp(prefix="workbench-gui-bench-project-"))
        report.remark(f"building {args.articles} articles and {args.tags} tags in {folder}")
        args.project = _build_small_project(args, folder, report)
    try:
        run(args.project, args, report)
        print("\nSummary")
        print(report.summary(), flush=True)
    finally:
        if folder is not None:
            if args.keep or args.gui_profile:
                print(f"# kept {folder}")
            else:
                shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
