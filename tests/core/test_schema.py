"""Migrations: every past schema has a committed project file, and each one
opens, is backed up, migrates to the current schema and keeps its data."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from workbench.core import project_file, schema
from workbench.core.model import ActorName, ArticleQuery
from workbench.core.store import Project

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "schema"
FIXTURE_FILES = sorted(FIXTURES.glob("v*.workbench"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))

# what make_fixtures.py writes into every file
A1 = "00000000-0000-4000-8000-00000000a001"
A2 = "00000000-0000-4000-8000-00000000a002"
COALITION = "00000000-0000-4000-8000-0000000000c1"
ERDI = "00000000-0000-4000-8000-0000000000c2"
MINISTRY = "00000000-0000-4000-8000-0000000000c3"
CLAIM = "00000000-0000-4000-8000-0000000000e1"
DENIAL = "00000000-0000-4000-8000-0000000000f1"
MENTION = "00000000-0000-4000-8000-0000000000d1"
DATA_TABLES = ("articles", "actors", "actor_keys", "mentions", "claims", "claim_about", "denials")


def fixture_version(path: Path) -> int:
    match = re.fullmatch(r"v(\d+)\.workbench", path.name)
    assert match, f"unexpected fixture name {path.name}"
    return int(match.group(1))


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def table_rows(db: sqlite3.Connection, columns_of: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Rows of the data tables; ``columns_of`` limits each table to some columns."""
    out = {}
    for table in DATA_TABLES:
        columns = ", ".join(columns_of[table]) if columns_of else "*"
        out[table] = sorted(db.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
    return out


def column_names(db: sqlite3.Connection) -> dict[str, list[str]]:
    return {t: [r[1] for r in db.execute(f"PRAGMA table_info({t})")] for t in DATA_TABLES}


def schema_of(db: sqlite3.Connection) -> list[tuple]:
    return sorted(
        (kind, name, " ".join((sql or "").split()))
        for kind, name, sql in db.execute("SELECT type, name, sql FROM sqlite_master")
    )


def side_files(path: Path) -> list[str]:
    return [s for s in ("-wal", "-shm", "-journal") if Path(f"{path}{s}").exists()]


# ------------------------------------------------------------ the fixture set


def test_every_schema_version_has_a_fixture() -> None:
    versions = [fixture_version(p) for p in FIXTURE_FILES]
    missing = sorted(set(range(1, schema.CURRENT_VERSION + 1)) - set(versions))
    assert not missing, (
        f"no project file for schema version(s) {missing} in {FIXTURES}: "
        "run tests/data/schema/make_fixtures.py and commit the new file"
    )
    assert max(versions) == schema.CURRENT_VERSION, "a fixture is newer than this Workbench"


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_is_a_complete_file_at_its_version(fixture: Path) -> None:
    assert side_files(fixture) == [], "a committed fixture must not need -wal/-shm files"
    assert fixture.stat().st_size < 200_000
    db = read_only(fixture)
    try:
        assert schema.schema_version(db) == fixture_version(fixture)
        assert db.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        counts = {t: len(rows) for t, rows in table_rows(db).items()}
    finally:
        db.close()
    assert counts == {"articles": 2, "actors": 3, "actor_keys": 5, "mentions": 1, "claims": 1,
                      "claim_about": 2, "denials": 1}


# ----------------------------------------------------------------- migrating


@pytest.fixture(params=FIXTURE_FILES, ids=lambda p: p.stem)
def old_project(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, int, dict, dict]:
    """A copy of one fixture, with its version, columns and rows as committed."""
    source: Path = request.param
    copy = tmp_path / "project.workbench"
    shutil.copyfile(source, copy)
    db = read_only(source)
    try:
        columns = column_names(db)
        rows = table_rows(db, columns)
    finally:
        db.close()
    return copy, fixture_version(source), columns, rows


def test_old_project_is_backed_up_then_migrated(old_project) -> None:
    path, version, columns, rows = old_project
    with Project.open(path, analyst="tester") as opened:
        assert schema.schema_version(opened.db) == schema.CURRENT_VERSION
        assert opened.stats().schema_version == schema.CURRENT_VERSION
        # the old columns still hold the old values
        assert table_rows(opened.db, columns) == rows
    backups = sorted(path.parent.glob(f"{path.name}.schema{version}-*.bak"))
    all_backups = sorted(path.parent.glob("*.bak"))
    if version == schema.CURRENT_VERSION:
        assert all_backups == []
        return
    assert len(backups) == 1 and all_backups == backups
    assert re.fullmatch(rf"project\.workbench\.schema{version}-\d{{8}}T\d{{6}}Z\.bak", backups[0].name)
    assert side_files(backups[0]) == []
    # every page as committed; only the 100-byte file header may differ (journal mode, counters)
    original = (FIXTURES / f"v{version}.workbench").read_bytes()
    copied = backups[0].read_bytes()
    assert len(copied) == len(original) and copied[100:] == original[100:]
    db = sqlite3.connect(f"{backups[0].resolve().as_uri()}?mode=rw", uri=True)
    try:
        assert schema.schema_version(db) == version
        assert column_names(db) == columns
        assert table_rows(db) == rows  # the same data, row for row
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        db.close()
    # opening the migrated file again needs no second backup
    with Project.open(path):
        pass
    assert sorted(path.parent.glob("*.bak")) == backups
    assert side_files(path) == []


def test_migrated_project_counts_and_search(old_project) -> None:
    path, _, _, _ = old_project
    with Project.open(path, analyst="tester") as opened:
        a1, a2 = opened.article_summary(A1), opened.article_summary(A2)
        assert (a1.mentions, a1.claims, a1.denials) == (1, 1, 0)
        assert (a2.mentions, a2.claims, a2.denials) == (0, 0, 1)
        coalition = opened.get_actor(COALITION)
        assert (coalition.mentions, coalition.claims, coalition.denials) == (1, 1, 0)
        assert opened.get_actor(MINISTRY).denials == 1
        assert opened.get_actor(ERDI).mentions == 0
        for table, actor_col, count in (("mentions", "actor_id", "mention_count"),
                                        ("claims", "claimant_id", "claim_count"),
                                        ("denials", "denier_id", "denial_count")):
            assert opened.db.execute(
                f"SELECT count(*) FROM articles WHERE {count} <> (SELECT count(*) FROM {table} t"
                f" WHERE t.article_id = articles.id)").fetchone() == (0,)
            assert opened.db.execute(
                f"SELECT count(*) FROM actors WHERE {count} <> (SELECT count(*) FROM {table} t"
                f" WHERE t.{actor_col} = actors.id)").fetchone() == (0,)
        search = lambda words: [a.id for a in opened.list_articles(ArticleQuery(search=words))]  # noqa: E731
        assert search("harbour") == [A1]
        assert search("Erdi") == [A1]
        assert search("depot") == [A1, A2]
        assert search("ministry den") == [A2]
        assert opened.list_articles(ArticleQuery(order_by="denials", descending=True))[0].id == A2
        opened.db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")


def test_migrated_project_sorts_titles_and_outlets_by_index(old_project) -> None:
    """Migration 5: the list's case-blind orders read an index, not every article."""
    path, _, _, _ = old_project
    with Project.open(path, analyst="tester") as opened:
        for column in ("title", "outlet"):
            sql = f"SELECT a.id FROM articles a ORDER BY a.{column} COLLATE NOCASE, a.seq LIMIT 200"
            plan = [row[3] for row in opened.db.execute(f"EXPLAIN QUERY PLAN {sql}")]
            assert plan == [f"SCAN a USING INDEX articles_{column}"]
        assert [a.id for a in opened.list_articles(ArticleQuery(order_by="title"))] == [A1, A2]
        (a1,) = opened.list_articles(ArticleQuery(order_by="title"), limit=1)
        assert [a.id for a in opened.list_articles(ArticleQuery(order_by="title"), after=a1)] == [A2]


def test_migrated_project_data_round_trips(old_project) -> None:
    path, _, _, _ = old_project
    with Project.open(path, analyst="tester") as opened:
        article = opened.get_article(A1)
        assert article.title == "Coalition says it struck the Port Varen depot"
        assert article.text.endswith("blamed Ostria. 🙄") and article.chars == len(article.text)
        assert article.status.value == "in_progress" and article.outlet == "Varen Courier"
        tags = opened.tags_of_article(A1)
        (mention,) = tags.mentions
        assert (mention.id, mention.actor_name, mention.span.quote) == (MENTION, "Northern Coalition",
                                                                        "Northern Coalition")
        (claim,) = tags.claims
        assert claim.id == CLAIM and claim.about_ids == (COALITION, ERDI)
        assert claim.about_names == ("Northern Coalition", "Tomas Érdi")
        (denial,) = opened.denials_of_claim(CLAIM)
        assert (denial.id, denial.denier_name, denial.article_id) == (DENIAL, "Kessland Interior Ministry", A2)
        assert opened.get_actor(MINISTRY).affiliation_name == "Tomas Érdi"
        assert opened.find_actor_id("ÉRDI") == ERDI
        assert opened.find_actor_id("The Coalition") == COALITION
        assert opened.check().ok

        # the migrated project takes new writes, and they undo cleanly
        text = opened.article_text(A1)
        start = text.index("Tomas Érdi")
        change = opened.add_mention(A1, start, start + len("Tomas Érdi"), ActorName("érdi"))
        assert opened.get_actor(ERDI).mentions == 1
        assert opened.article_summary(A1).mentions == 2
        opened.revert(change)
        assert opened.get_actor(ERDI).mentions == 0
        merged = opened.merge_actors(COALITION, ERDI)
        assert opened.get_tag("claim", CLAIM).about_ids == (COALITION,)
        opened.revert(merged)
        assert opened.get_tag("claim", CLAIM).about_ids == (COALITION, ERDI)


def test_migrated_schema_equals_a_new_projects(old_project, tmp_path: Path) -> None:
    path, _, _, _ = old_project
    with Project.open(path) as migrated, Project.create(tmp_path / "new.workbench") as new:
        assert schema_of(migrated.db) == schema_of(new.db)
        assert migrated.db.execute("PRAGMA application_id").fetchone() == new.db.execute(
            "PRAGMA application_id").fetchone()


# -------------------------------------------------------- one step, one transaction


class FailingConnection:
    """Passes statements on to SQLite, and raises instead of the n-th one."""

    def __init__(self, db: sqlite3.Connection, fail_at: int) -> None:
        self.db, self.fail_at, self.calls = db, fail_at, 0

    def execute(self, *args):
        self.calls += 1
        if self.calls == self.fail_at:
            raise RuntimeError("power cut in the middle of a migration")
        return self.db.execute(*args)

    def __getattr__(self, name):
        return getattr(self.db, name)


def with_step(number: int, step) -> list:
    steps = list(schema.MIGRATIONS)
    steps[number - 1] = step
    return steps


def migrated_to(path: Path, version: int) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    schema.migrate(db, stop_after=version)
    assert schema.schema_version(db) == version
    return db


def snapshot(db: sqlite3.Connection) -> tuple:
    tables = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%'")]
    return (
        schema.schema_version(db),
        db.execute("PRAGMA application_id").fetchone()[0],
        schema_of(db),
        {t: db.execute(f"SELECT * FROM {t}").fetchall() for t in tables},
    )


def statements_in(step, number: int, tmp_path: Path) -> int:
    scratch = migrated_to(tmp_path / "count.workbench", number - 1)
    try:
        counter = FailingConnection(scratch, fail_at=0)  # counts, never fails
        scratch.execute("BEGIN")
        step(counter)
        scratch.execute("ROLLBACK")
        return counter.calls
    finally:
        scratch.close()


@pytest.mark.parametrize("number", range(1, schema.CURRENT_VERSION + 1))
@pytest.mark.parametrize("fail_at", [1, 2, "after"])
def test_failed_migration_leaves_the_file_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, fail_at
) -> None:
    if fail_at != "after" and statements_in(schema.MIGRATIONS[number - 1], number, tmp_path) < fail_at:
        pytest.skip(f"migration {number} has fewer than {fail_at} statements")
    db = migrated_to(tmp_path / "p.workbench", number - 1)
    try:
        before = snapshot(db)
        real = schema.MIGRATIONS[number - 1]

        def failing(conn):
            if fail_at == "after":  # the whole step ran, the version bump did not
                real(conn)
                raise RuntimeError("power cut in the middle of a migration")
            real(FailingConnection(conn, fail_at))

        failing.__name__ = real.__name__
        monkeypatch.setattr(schema, "MIGRATIONS", with_step(number, failing))
        with pytest.raises(RuntimeError, match="power cut"):
            schema.migrate(db)
        assert not db.in_transaction
        assert snapshot(db) == before
        monkeypatch.undo()
        assert schema.migrate(db)[0] == real.__name__
        assert schema.schema_version(db) == schema.CURRENT_VERSION
    finally:
        db.close()


def test_failed_migration_on_open_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = FIXTURES / f"v{schema.CURRENT_VERSION - 1}.workbench" if schema.CURRENT_VERSION > 1 else None
    if source is None or not source.exists():
        pytest.skip("needs a fixture one version behind the current schema")
    path = tmp_path / "old.workbench"
    shutil.copyfile(source, path)
    real = schema.MIGRATIONS[-1]

    def failing(conn):
        real(conn)
        raise RuntimeError("power cut in the middle of a migration")

    monkeypatch.setattr(schema, "MIGRATIONS", with_step(schema.CURRENT_VERSION, failing))
    with pytest.raises(RuntimeError):
        Project.open(path)
    assert side_files(path) == []
    db = read_only(path)
    try:
        assert schema.schema_version(db) == schema.CURRENT_VERSION - 1
        committed = read_only(source)
        assert table_rows(db) == table_rows(committed)
        committed.close()
    finally:
        db.close()
    assert len(list(tmp_path.glob("*.bak"))) == 1
    monkeypatch.undo()
    with Project.open(path) as opened:
        assert opened.count_articles() == 2


# ----------------------------------------------------------------- the runner


def test_blank_file_migrates_from_zero(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "blank.workbench", isolation_level=None)
    try:
        assert schema.schema_version(db) == 0
        applied = schema.migrate(db)
        assert applied == [m.__name__ for m in schema.MIGRATIONS]
        assert all(re.fullmatch(r"m\d{3}_\w+", name) for name in applied)
        assert [int(name[1:4]) for name in applied] == list(range(1, schema.CURRENT_VERSION + 1))
        assert schema.schema_version(db) == schema.CURRENT_VERSION
        assert db.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        assert schema.migrate(db) == []
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()
    assert project_file.check_openable(tmp_path / "blank.workbench") == schema.CURRENT_VERSION


@pytest.mark.parametrize("stop_after", range(0, schema.CURRENT_VERSION + 1))
def test_migrate_stops_after_the_given_version(tmp_path: Path, stop_after: int) -> None:
    db = sqlite3.connect(tmp_path / "p.workbench", isolation_level=None)
    try:
        assert len(schema.migrate(db, stop_after=stop_after)) == stop_after
        assert schema.schema_version(db) == stop_after
        assert len(schema.migrate(db)) == schema.CURRENT_VERSION - stop_after
    finally:
        db.close()


def test_run_script_keeps_the_callers_transaction(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "p.sqlite", isolation_level=None)
    try:
        db.execute("BEGIN")
        schema.run_script(db, "CREATE TABLE t (x);\nINSERT INTO t VALUES (';');\nINSERT INTO t VALUES (2);")
        assert db.in_transaction
        db.execute("ROLLBACK")
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
        with pytest.raises(ValueError, match="incomplete"):
            schema.run_script(db, "CREATE TABLE u (x)")
    finally:
        db.close()
