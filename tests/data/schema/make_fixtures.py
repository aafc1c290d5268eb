"""Build a small project file at every schema version, for tests/core/test_schema.py.

Run from the repository root after adding a migration, and commit the new file:

    .venv/bin/python tests/data/schema/make_fixtures.py

Each file is migrated to exactly its version with ``migrate(db, stop_after=v)``
and filled with raw SQL in the shape of that version (never with the store,
which only knows the current shape): 2 articles, 3 actors (aliases, an
affiliation), a mention, a claim with two actors it is about, and a denial of
that claim. Files are left in rollback-journal mode, so each is complete on
its own. Existing files are kept: an old fixture must stay what an old
Workbench wrote. Pass ``--force`` to rebuild them all.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from workbench.core import schema  # noqa: E402
from workbench.core.rows import name_key  # noqa: E402
from workbench.core.text import sha256_hex  # noqa: E402

HERE = Path(__file__).resolve().parent
STAMP = "2026-01-15T09:30:00.000Z"

ARTICLES = [
    (
        "00000000-0000-4000-8000-00000000a001",
        "Coalition says it struck the Port Varen depot",
        "Coalition says it struck the Port Varen depot\n\n"
        "The Northern Coalition said on Tuesday that it had struck a fuel depot in the harbour. "
        "Kessland's prime minister, Tomas Érdi, blamed Ostria. 🙄",
    ),
    (
        "00000000-0000-4000-8000-00000000a002",
        "Ministry denies damage",
        "Ministry denies damage\n\nKessland's Interior Ministry denied that the depot had been damaged.",
    ),
]
ACTORS = [
    # id, name, kind, aliases, affiliation
    ("00000000-0000-4000-8000-0000000000c1", "Northern Coalition", "armed_group", ["the coalition"], None),
    ("00000000-0000-4000-8000-0000000000c2", "Tomas Érdi", "person", ["Érdi"], None),
    ("00000000-0000-4000-8000-0000000000c3", "Kessland Interior Ministry", "government", [],
     "00000000-0000-4000-8000-0000000000c2"),
]
MENTION_ID = "00000000-0000-4000-8000-0000000000d1"
CLAIM_ID = "00000000-0000-4000-8000-0000000000e1"
DENIAL_ID = "00000000-0000-4000-8000-0000000000f1"


def span(text: str, quote: str) -> tuple[int, int, str, str, str]:
    start = text.index(quote)
    end = start + len(quote)
    return start, end, quote, text[max(0, start - 32) : start], text[end : end + 32]


def fill(db: sqlite3.Connection) -> None:
    """Rows as the store of schemas 1..3 writes them (the tag tables did not change)."""
    for seq, (article_id, title, text) in enumerate(ARTICLES, start=1):
        db.execute(
            "INSERT INTO articles (seq, id, title, text, outlet, published, status, chars, sha256,"
            " source, imported_at, updated_at) VALUES (?, ?, ?, ?, 'Varen Courier', '2026-01-14',"
            " ?, ?, ?, ?, ?, ?)",
            (seq, article_id, title, text, "in_progress" if seq == 1 else "new", len(text),
             sha256_hex(text), f"article-{seq}.txt", STAMP, STAMP),
        )
    for actor_id, name, kind, aliases, affiliation in ACTORS:
        db.execute(
            "INSERT INTO actors (id, name, kind, aliases, affiliation_id, affiliation_kind,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (actor_id, name, kind, json.dumps(aliases, ensure_ascii=False), affiliation,
             "led by" if affiliation else "", STAMP, STAMP),
        )
        db.executemany(
            "INSERT INTO actor_keys (key, actor_id) VALUES (?, ?)",
            sorted({(name_key(n), actor_id) for n in [name, *aliases]}),
        )
    coalition, erdi, ministry = (a[0] for a in ACTORS)
    (a1, _, t1), (a2, _, t2) = ARTICLES
    db.execute(
        "INSERT INTO mentions (id, article_id, actor_id, span_start, span_end, quote, prefix,"
        " suffix, analyst, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'fixture', ?, ?)",
        (MENTION_ID, a1, coalition, *span(t1, "Northern Coalition"), STAMP, STAMP),
    )
    db.execute(
        "INSERT INTO claims (id, article_id, span_start, span_end, quote, prefix, suffix,"
        " claimant_id, anonymous, claim_type, summary, analyst, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 'responsibility', 'Coalition struck the depot',"
        " 'fixture', ?, ?)",
        (CLAIM_ID, a1, *span(t1, "said on Tuesday that it had struck a fuel depot"), coalition, STAMP, STAMP),
    )
    db.executemany(
        "INSERT INTO claim_about (claim_id, actor_id, position) VALUES (?, ?, ?)",
        [(CLAIM_ID, coalition, 0), (CLAIM_ID, erdi, 1)],
    )
    db.execute(
        "INSERT INTO denials (id, article_id, span_start, span_end, quote, prefix, suffix,"
        " denier_id, denied_claim_id, summary, analyst, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Depot not damaged', 'fixture', ?, ?)",
        (DENIAL_ID, a2, *span(t2, "denied that the depot had been damaged"), ministry, CLAIM_ID, STAMP, STAMP),
    )


def build(version: int, path: Path) -> None:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA page_size = 1024")  # keep the committed files small
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA foreign_keys = ON")
        schema.migrate(db, stop_after=version)
        assert schema.schema_version(db) == version
        db.execute("BEGIN")
        fill(db)
        db.execute("COMMIT")
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        db.execute("VACUUM")
    finally:
        db.close()
    for side in ("-journal", "-wal", "-shm"):
        assert not Path(f"{path}{side}").exists(), f"{path}{side} left behind"


def main(argv: list[str]) -> int:
    force = "--force" in argv
    for version in range(1, schema.CURRENT_VERSION + 1):
        path = HERE / f"v{version}.workbench"
        if path.exists() and not force:
            print(f"kept  {path.relative_to(ROOT)}")
            continue
        build(version, path)
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
