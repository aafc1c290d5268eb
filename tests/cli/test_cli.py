"""The command line, as a user runs it: `python -m workbench ...` in a subprocess.

Exit status 0 / 1 / 2 / 130 as in SPEC.md ("Command line", "Bad input"). A few
cases that cannot be staged from outside (read-only as root, Ctrl+C at a given
moment) call :func:`workbench.cli.main` in-process instead.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from workbench import cli
from workbench.core import project_file
from workbench.core.exporters import ExportReport
from workbench.core.import_report import ImportReport
from workbench.core.model import ActorName, ArticleDraft
from workbench.core.store import Project

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO / "tests" / "data" / "articles" / "article-1-harbour-blast.txt"
CSV_FILES = ("articles.csv", "actors.csv", "mentions.csv", "claims.csv", "denials.csv")


def run_cli(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_ANALYST": "cli-tester",
           "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=timeout)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_clean_refusal(result: subprocess.CompletedProcess[str], path: Path, *words: str) -> None:
    """Exit 2 and one line on stderr that names the file and says what is wrong."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"workbench: {path}: ")
    for word in words:
        assert word in lines[0].lower()


def make_project(path: Path) -> Path:
    """A project with one article, a mention, a claim and a denial."""
    with Project.create(path, analyst="maker") as project:
        (article_id,), _ = project.insert_articles([ArticleDraft(title="", text=ARTICLE.read_text("utf-8"))])
        text = project.article_text(article_id)
        start = text.index("Northern Coalition")
        project.add_mention(article_id, start, start + 18, ActorName("Northern Coalition"))
        start = text.index("said on Tuesday")
        claim = project.add_claim(article_id, start, start + 15, ActorName("Northern Coalition"),
                                  claim_type="responsibility", summary="struck the depot")
        start = text.index("denied that")
        project.add_denial(article_id, start, start + 11, ActorName("Kessland Interior Ministry"),
                           denied_claim_id=claim.ids_of("claim")[0])
    return path


@pytest.fixture(scope="module")
def template_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("template") / "template.workbench")


@pytest.fixture
def tagged_project(template_project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "tagged.workbench"
    shutil.copyfile(template_project, copy)
    return copy


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder of six articles in four formats (one in a subfolder)."""
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text("Port Varen blast\n\nA depot burned on Tuesday.\n", encoding="utf-8")
    (folder / "sub" / "two.md").write_text("# Ceasefire talks\n\nDelegates met in *Ostria*.\n", encoding="utf-8")
    (folder / "table.csv").write_text(
        'title,text,outlet\nFirst row,"Text, with a comma",Courier\nSecond row,"Line one\nline two",Wire\n',
        encoding="utf-8")
    (folder / "lines.jsonl").write_text(
        json.dumps({"title": "JSON one", "text": "Drones over the harbour 🚁"}) + "\n"
        + json.dumps({"title": "JSON two", "text": "Ministry denies losses"}) + "\n", encoding="utf-8")
    return folder


# ---------------------------------------------------------------------- import


def test_import_reports_failures_and_then_skips_duplicates(articles: Path, tmp_path: Path) -> None:
    binary, empty = tmp_path / "binary.txt", tmp_path / "empty.txt"
    binary.write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    empty.write_bytes(b"")
    project = tmp_path / "new.workbench"

    first = run_cli("import", "--project", project, articles, binary, empty)
    assert first.returncode == 1, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == "6 imported, 0 duplicates skipped, 2 failed"
    assert sorted(line.split(": ")[0] for line in lines[1:]) == [f"  {binary}", f"  {empty}"]
    assert "Traceback" not in first.stderr

    again = run_cli("import", "--project", project, articles)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == ["0 imported, 6 duplicates skipped, 0 failed"]
    assert again.stderr == ""  # not a terminal: no progress bar


def test_import_of_one_good_file_exits_0(tmp_path: Path) -> None:
    result = run_cli("import", "--project", tmp_path / "p.workbench", ARTICLE)
    assert (result.returncode, result.stdout.strip()) == (0, "1 imported, 0 duplicates skipped, 0 failed")


# ------------------------------------------------------- export, stats, check


def test_export_writes_the_five_files_and_leaves_the_project_alone(tagged_project: Path, tmp_path: Path) -> None:
    before = digest(tagged_project)
    result = run_cli("export", "--project", tagged_project, "--out", tmp_path / "csv", "--bom", "--with-text")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(CSV_FILES)
    articles_csv = (tmp_path / "csv" / "articles.csv").read_bytes()
    assert articles_csv.startswith(b"\xef\xbb\xbfarticle_id,title,") and b",denials,text\r\n" in articles_csv
    assert "claims.csv" in result.stdout and "1 rows" in result.stdout
    assert digest(tagged_project) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "tagged.workbench"]


def test_stats_prints_aligned_counts(tagged_project: Path) -> None:
    result = run_cli("stats", "--project", tagged_project)
    assert result.returncode == 0, result.stderr
    lines = dict(line.rsplit(None, 1) for line in result.stdout.splitlines() if line.startswith(("Art", "Men", "Cla", "Den", "Act")))
    assert lines == {"Articles": "1", "Actors": "2", "Mentions": "1", "Claims": "1", "Denials": "1"}
    value_columns = {line.index(line.split()[-1]) + len(line.split()[-1]) for line in result.stdout.splitlines()
                     if line.split()[-1].isdigit()}
    assert len(value_columns) == 1  # numbers are right-aligned in one column
    assert "maker" in result.stdout and "Schema version" in result.stdout


def test_stats_json_is_for_machines(tagged_project: Path) -> None:
    result = run_cli("stats", "--project", tagged_project, "--json")
    data = json.loads(result.stdout)
    assert (data["articles"], data["mentions"], data["claims"], data["denials"]) == (1, 1, 1, 1)
    assert data["articles_by_status"] == {"new": 1, "in_progress": 0, "done": 0}
    assert data["analysts"] == ["maker"] and data["file_bytes"] > 0


def test_check_passes_then_finds_a_changed_quote(tagged_project: Path) -> None:
    good = run_cli("check", "--project", tagged_project)
    assert (good.returncode, good.stderr) == (0, "")
    assert "3 tags checked" in good.stdout

    db = sqlite3.connect(tagged_project)
    (mention_id,) = db.execute("SELECT id FROM mentions").fetchone()
    with db:
        db.execute("UPDATE mentions SET quote = 'x'")
    db.close()
    bad = run_cli("check", "--project", tagged_project)
    assert bad.returncode == 1
    (line,) = [line for line in bad.stdout.splitlines() if mention_id in line]
    assert line.startswith("mention ") and "'x'" in line and "'Northern Coalition'" in line


# ----------------------------------------------------------------- bad files


def _text_file(path: Path) -> None:
    path.write_text("Just some notes, not a project.\n")


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _other_database(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    db.close()


def _newer_project(path: Path) -> None:
    make_project(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()


def _garbage_inside(path: Path) -> None:
    make_project(path)
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 4)
        handle.write(bytes(range(256)) * (size // 512))


def _truncated(path: Path) -> None:
    make_project(path)
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


BAD_PROJECTS = {
    "text-file": (_text_file, ("not a workbench project",)),
    "empty-file": (_empty_file, ("empty",)),
    "other-sqlite-database": (_other_database, ("not a workbench project",)),
    "newer-schema": (_newer_project, ("newer", "99")),
    "garbage-inside": (_garbage_inside, ("damaged",)),
    "truncated": (_truncated, ("damaged",)),
}


@pytest.mark.parametrize("case", BAD_PROJECTS)
def test_a_bad_project_is_refused_cleanly_and_left_unchanged(case: str, tmp_path: Path) -> None:
    make_bad, words = BAD_PROJECTS[case]
    path = tmp_path / "bad.workbench"
    make_bad(path)
    before = digest(path)
    result = run_cli("import", "--project", path, ARTICLE)
    assert_clean_refusal(result, path, *words)
    assert digest(path) == before


@pytest.mark.parametrize("command", ["stats", "check", "export"])
def test_reading_commands_refuse_a_non_project_too(command: str, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    _text_file(path)
    extra = ["--out", tmp_path / "csv"] if command == "export" else []
    result = run_cli(command, "--project", path, *extra)
    assert_clean_refusal(result, path, "not a workbench project")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert path.read_text() == "Just some notes, not a project.\n"


def test_a_locked_project_is_refused_cleanly(tagged_project: Path) -> None:
    before = digest(tagged_project)
    holder = sqlite3.connect(tagged_project, isolation_level=None, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run_cli("import", "--project", tagged_project, ARTICLE)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_clean_refusal(result, tagged_project, "locked")
    assert digest(tagged_project) == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root may write a read-only file; see the in-process test below")
def test_a_read_only_file_is_refused_cleanly(tagged_project: Path) -> None:
    tagged_project.chmod(0o444)
    before = digest(tagged_project)
    result = run_cli("import", "--project", tagged_project, ARTICLE)
    assert_clean_refusal(result, tagged_project, "read-only")
    assert digest(tagged_project) == before


def test_a_read_only_project_is_refused_in_process(tagged_project: Path, monkeypatch, capsys) -> None:
    """As root the permission bits do not stop writes, so pretend the OS says no."""
    real_access = os.access
    monkeypatch.setattr(project_file.os, "access",
                        lambda path, mode: False if mode == os.W_OK else real_access(path, mode))
    before = digest(tagged_project)
    assert cli.main(["import", "--project", str(tagged_project), str(ARTICLE)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"workbench: {tagged_project}: ") and "read-only" in err
    assert digest(tagged_project) == before


# ------------------------------------------------------------ usage, Ctrl+C


def test_version_and_usage_errors(tmp_path: Path, capsys) -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("workbench ")
    assert cli.main(["stats"]) == 2
    assert "--project" in capsys.readouterr().err
    assert cli.main(["export", "--project", str(tmp_path / "p.workbench")]) == 2  # no --out
    assert cli.main(["frobnicate"]) == 2


def test_the_command_line_never_loads_qt(tagged_project: Path) -> None:
    code = ("import sys; from workbench.cli import main; "
            f"main(['stats', '--project', {str(tagged_project)!r}]); "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_the_version_is_looked_up_only_for_version() -> None:
    """importlib.metadata costs about 25 ms: not on the way to the window."""
    code = ("import sys; from workbench.cli import build_parser; "
            "args = build_parser().parse_args(['--project', 'p.workbench']); "
            "print('importlib.metadata' in sys.modules, args.command)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert result.stdout.split() == ["False", "None"], result.stderr


def test_no_arguments_but_a_project_opens_the_window(monkeypatch, tmp_path: Path) -> None:
    opened = []
    fake_app = types.ModuleType("workbench.ui.app")
    fake_app.run_app = lambda project: opened.append(project) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "workbench.ui.app", fake_app)
    assert cli.main(["--project", str(tmp_path / "p.workbench")]) == 0
    assert opened == [tmp_path / "p.workbench"]


def test_the_window_starts_without_the_garbage_collector_and_gets_it_back(monkeypatch, tmp_path: Path) -> None:
    """Collecting among the start's long-lived objects is 7-10 ms of the start
    (workbench.ui.app.collect_from_now_on); the collector is back afterwards whatever happens."""
    import gc

    seen = []
    fake_app = types.ModuleType("workbench.ui.app")

    def run_app(project):
        seen.append(gc.isenabled())
        raise RuntimeError("the window failed")

    fake_app.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "workbench.ui.app", fake_app)
    with pytest.raises(RuntimeError):
        cli.main(["--project", str(tmp_path / "p.workbench")])
    assert seen == [False]
    assert gc.isenabled()


def _press_ctrl_c_until(cancelled) -> bool:
    os.kill(os.getpid(), signal.SIGINT)
    deadline = time.monotonic() + 5
    while not cancelled() and time.monotonic() < deadline:
        time.sleep(0.01)
    return cancelled()


def test_ctrl_c_during_import_stops_cleanly_with_130(monkeypatch, capsys, tmp_path: Path) -> None:
    def import_until_ctrl_c(project, paths, *, progress=None, should_cancel=None):
        return ImportReport(imported=3, cancelled=_press_ctrl_c_until(should_cancel))

    monkeypatch.setattr("workbench.core.importing.import_paths", import_until_ctrl_c)
    assert cli.main(["import", "--project", str(tmp_path / "p.workbench"), str(ARTICLE)]) == 130
    captured = capsys.readouterr()
    assert captured.out.startswith("3 imported, 0 duplicates skipped, 0 failed")
    assert captured.err.startswith("workbench: interrupted") and "Traceback" not in captured.err


def test_ctrl_c_during_export_writes_nothing_and_exits_130(monkeypatch, capsys, tagged_project: Path) -> None:
    def export_until_ctrl_c(project_path, out_dir, *, should_cancel=None, **options):
        return ExportReport(out_dir, cancelled=_press_ctrl_c_until(should_cancel))

    monkeypatch.setattr("workbench.core.exporters.export_csv", export_until_ctrl_c)
    assert cli.main(["export", "--project", str(tagged_project), "--out", str(tagged_project.parent / "csv")]) == 130
    assert "no file was written" in capsys.readouterr().err


def test_a_second_ctrl_c_interrupts_at_once(monkeypatch, capsys, tagged_project: Path) -> None:
    def stubborn_export(project_path, out_dir, **options):
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
        raise AssertionError("the second Ctrl+C did not interrupt")

    monkeypatch.setattr("workbench.core.exporters.export_csv", stubborn_export)
    handler_before = signal.getsignal(signal.SIGINT)
    assert cli.main(["export", "--project", str(tagged_project), "--out", str(tagged_project.parent / "csv")]) == 130
    assert capsys.readouterr().err == "workbench: interrupted.\n"
    assert signal.getsignal(signal.SIGINT) is handler_before


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("command", ["import", "export"])
def test_a_terminal_gets_a_progress_bar(command: str, tagged_project: Path, tmp_path: Path, monkeypatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    extra = [str(ARTICLE)] if command == "import" else ["--out", str(tmp_path / "csv")]
    assert cli.main([command, "--project", str(tagged_project), *extra]) == 0
    assert ("Importing" if command == "import" else "Exporting") in terminal.getvalue()


def test_an_output_folder_that_cannot_be_made_is_reported(tagged_project: Path, tmp_path: Path, capsys) -> None:
    in_the_way = tmp_path / "csv"
    in_the_way.write_text("a file, not a folder")
    assert cli.main(["export", "--project", str(tagged_project), "--out", str(in_the_way)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"workbench: {in_the_way}: cannot write the export") and "Traceback" not in err
    assert in_the_way.read_text() == "a file, not a folder"


# ------------------------------------------------------------- review findings


def test_a_file_of_byte_order_marks_fails_alone_without_a_traceback(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Port Varen blast\n\nA depot burned.\n", encoding="utf-8")
    boms = tmp_path / "boms.txt"
    boms.write_bytes(b"\xef\xbb\xbf" * 3)
    project = tmp_path / "p.workbench"
    result = run_cli("import", "--project", project, good, boms)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0] == "1 imported, 0 duplicates skipped, 1 failed"
    assert result.stdout.splitlines()[1].startswith(f"  {boms}: ")


@pytest.mark.parametrize("case", ["garbage-inside", "truncated"])
def test_check_of_a_damaged_project_does_not_send_the_user_to_check(case: str, tmp_path: Path) -> None:
    make_bad, _ = BAD_PROJECTS[case]
    path = tmp_path / "bad.workbench"
    make_bad(path)
    before = digest(path)
    result = run_cli("check", "--project", path)
    assert "Traceback" not in result.stderr
    assert result.returncode in (1, 2)
    out = result.stdout + result.stderr
    assert "damaged" in out or "malformed" in out
    assert "workbench check" not in out  # the advice was "run `workbench check` for details"
    assert digest(path) == before


def test_check_reports_damage_found_while_checking_with_exit_1(tagged_project: Path, monkeypatch, capsys) -> None:
    from workbench.core import queries

    real_check = queries.Queries.check

    def check(self):
        monkeypatch.setattr(self, "db", _RaisingOn(self.db, "PRAGMA integrity_check"))
        return real_check(self)

    monkeypatch.setattr(queries.Queries, "check", check)
    assert cli.main(["check", "--project", str(tagged_project)]) == 1
    out = capsys.readouterr()
    assert "malformed" in out.out and "Traceback" not in out.err


class _RaisingOn:
    def __init__(self, db: sqlite3.Connection, prefix: str) -> None:
        self._db, self._prefix = db, prefix

    def execute(self, sql: str, *args):
        if sql.startswith(self._prefix):
            raise sqlite3.DatabaseError("database disk image is malformed")
        return self._db.execute(sql, *args)

    def close(self) -> None:
        self._db.close()
