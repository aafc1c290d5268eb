"""Opening project files: every refusal names the file, says what to do, and
leaves the file exactly as it was (same bytes, no -wal/-shm left beside it)."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from workbench.core import project_file, schema
from workbench.core.model import ArticleDraft, ArticleQuery
from workbench.core.project_file import (
    NewerProject,
    NotAProject,
    ProjectCorrupt,
    ProjectError,
    ProjectLocked,
    ProjectNotFound,
    ProjectReadOnly,
)
from workbench.core.store import Project

SIDE_FILES = ("-wal", "-shm", "-journal")


def fingerprint(path: Path) -> tuple[int, str] | str:
    if path.is_dir():
        return "dir:" + ",".join(sorted(os.listdir(path)))
    data = path.read_bytes()
    return len(data), hashlib.sha256(data).hexdigest()


def side_files(path: Path) -> list[str]:
    return [suffix for suffix in SIDE_FILES if Path(f"{path}{suffix}").exists()]


def folder_listing(path: Path) -> list[str]:
    return sorted(os.listdir(path.parent))


def open_and_read(path: Path) -> None:
    """What the window does first: open, then read the list, the texts and a search."""
    with Project.open(path) as opened:
        summaries = opened.list_articles(limit=100_000)
        for summary in summaries:
            opened.article_text(summary.id)
        opened.count_articles(ArticleQuery(search="harbour"))
        opened.list_actors()


def assert_refused(path: Path, expected: type[ProjectError], advice_words: tuple[str, ...]) -> ProjectError:
    before, listing = fingerprint(path), folder_listing(path)
    with pytest.raises(ProjectError) as caught:
        open_and_read(path)
    error = caught.value
    assert isinstance(error, expected), f"{type(error).__name__}: {error}"
    message = str(error)
    assert str(path) in message, message
    assert error.advice and any(word.lower() in error.advice.lower() for word in advice_words), message
    assert fingerprint(path) == before, "the refused file was changed"
    assert side_files(path) == [], "files were left beside the refused project"
    assert folder_listing(path) == listing
    return error


# ----------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real project with a few hundred articles (about 1 MB), closed cleanly."""
    path = tmp_path_factory.mktemp("big") / "big.workbench"
    rnd = random.Random(7)
    words = [f"harbour{n}" for n in range(3000)]
    with Project.create(path, analyst="tester") as made:
        made.insert_articles(
            ArticleDraft(title=f"Article {n}", text=" ".join(rnd.choices(words, k=400)))
            for n in range(300)
        )
    assert side_files(path) == []
    return path


@pytest.fixture
def healthy(tmp_path: Path, big_project: Path) -> Path:
    path = tmp_path / "copy.workbench"
    shutil.copyfile(big_project, path)
    return path


def make_sqlite(path: Path, *statements: str) -> Path:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return path


# ----------------------------------------------------------------- refusals


def test_missing_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.workbench"
    with pytest.raises(ProjectNotFound) as caught:
        Project.open(path)
    assert str(path) in str(caught.value)
    assert "create" in caught.value.advice.lower()
    assert not path.exists()
    assert os.listdir(tmp_path) == []


def test_text_file_is_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "notes.workbench"
    path.write_text("Just some notes, not a database.\n" * 20)
    error = assert_refused(path, NotAProject, ("choose", "import"))
    assert "not a sqlite database" in error.problem.lower()


def test_binary_garbage_is_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "noise.workbench"
    path.write_bytes(random.Random(1).randbytes(9000))
    assert_refused(path, NotAProject, ("choose",))


def test_empty_file_is_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "empty.workbench"
    path.touch()
    error = assert_refused(path, NotAProject, ("choose", "create"))
    assert "empty" in error.problem


def test_folder_is_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "folder.workbench"
    path.mkdir()
    (path / "inside.txt").write_text("x")
    error = assert_refused(path, NotAProject, ("choose",))
    assert "folder" in error.problem


def test_other_sqlite_database_is_not_a_project(tmp_path: Path) -> None:
    path = make_sqlite(
        tmp_path / "other.sqlite",
        "CREATE TABLE people (name TEXT)",
        "INSERT INTO people VALUES ('Ada')",
    )
    error = assert_refused(path, NotAProject, ("choose", "create"))
    assert "not a workbench project" in error.problem.lower()


def test_other_wal_sqlite_database_is_not_a_project(tmp_path: Path) -> None:
    path = make_sqlite(
        tmp_path / "other-wal.sqlite",
        "PRAGMA journal_mode = WAL",
        "CREATE TABLE people (name TEXT)",
        "INSERT INTO people VALUES ('Ada')",
    )
    assert_refused(path, NotAProject, ("choose", "create"))


def test_empty_sqlite_database_is_not_a_project(tmp_path: Path) -> None:
    path = make_sqlite(tmp_path / "blank.sqlite", "CREATE TABLE t (x)", "DROP TABLE t")
    assert path.stat().st_size > 0
    error = assert_refused(path, NotAProject, ("create",))
    assert "empty sqlite database" in error.problem.lower()


def test_newer_schema_is_refused(healthy: Path) -> None:
    make_sqlite(healthy, "PRAGMA user_version = 99")
    assert side_files(healthy) == []
    error = assert_refused(healthy, NewerProject, ("update workbench",))
    assert "99" in error.problem and str(schema.CURRENT_VERSION) in error.problem


def corrupt_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = (len(data) // 2) // 4096 * 4096
    data[middle : middle + 3 * 4096] = random.Random(3).randbytes(3 * 4096)
    path.write_bytes(bytes(data))


def truncate_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("damage", [corrupt_middle, truncate_half], ids=["garbage", "truncated"])
def test_damaged_project_is_refused_not_crashed(healthy: Path, damage) -> None:
    damage(healthy)
    # anything but a ProjectError escaping open or the first reads is a crash
    error = assert_refused(healthy, ProjectError, ("backup", ".bak"))
    assert isinstance(error, ProjectCorrupt)
    assert "damaged" in str(error)


def allow_only(denied: set[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, who may write anything: pretend some paths are read-only."""
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and str(path) in denied:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(project_file.os, "access", access)


def test_read_only_file_is_refused(healthy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    allow_only({str(healthy)}, monkeypatch)
    error = assert_refused(healthy, ProjectReadOnly, ("writable", "copy"))
    assert "read-only" in error.problem


def test_read_only_folder_is_refused(healthy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    allow_only({str(healthy.parent)}, monkeypatch)
    error = assert_refused(healthy, ProjectReadOnly, ("copy",))
    assert "folder" in error.problem


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_locked_project_is_refused_quickly(healthy: Path, journal_mode: str) -> None:
    make_sqlite(healthy, f"PRAGMA journal_mode = {journal_mode}")
    before = fingerprint(healthy)
    holder = sqlite3.connect(healthy, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(ProjectError) as caught:
            open_and_read(healthy)
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    error = caught.value
    assert isinstance(error, ProjectLocked), f"{type(error).__name__}: {error}"
    assert elapsed < 3.0, f"took {elapsed:.1f} s to report the lock"
    assert str(healthy) in str(error) and "close" in error.advice.lower()
    assert fingerprint(healthy) == before
    assert side_files(healthy) == [], "the refused open left files behind"


# ------------------------------------------------------------- healthy files


def test_healthy_project_opens_and_closes_without_change(healthy: Path) -> None:
    before = fingerprint(healthy)
    with Project.open(healthy) as opened:
        assert opened.count_articles() == 300
    assert side_files(healthy) == []
    assert fingerprint(healthy) == before


def test_check_openable_leaves_no_side_files(healthy: Path) -> None:
    before = fingerprint(healthy)
    assert project_file.check_openable(healthy) == schema.CURRENT_VERSION
    assert side_files(healthy) == []
    assert fingerprint(healthy) == before


def test_two_projects_on_one_file_see_each_others_writes(healthy: Path) -> None:
    first = Project.open(healthy, analyst="first")
    second = Project.open(healthy, analyst="second")
    try:
        added = first.add_article(ArticleDraft(title="From the first", text="Written by the first window."))
        (article_id,) = added.ids_of("article")
        assert second.get_article(article_id).title == "From the first"
        actor = second.add_actor("Coastwatch").ids_of("actor")[0]
        second.add_mention(article_id, 11, 16, actor)
        assert first.get_actor(actor).mentions == 1
        assert first.article_summary(article_id).mentions == 1
        assert [t.analyst for t in first.tags_of_article(article_id).mentions] == ["second"]
    finally:
        first.close()
        second.close()
    assert side_files(healthy) == []
    with Project.open(healthy) as again:
        assert again.count_articles() == 301
