"""The raw state of each entity, as the store snapshots and restores it.

An entity's state is a plain dict of its own columns (for a claim, plus the
ordered list of actors it is about). Derived columns (tag counts, kept by
triggers) and derived tables (actor_keys) are left out: they follow by themselves.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from typing import Any

TABLES = {
    "article": "articles",
    "actor": "actors",
    "mention": "mentions",
    "claim": "claims",
    "denial": "denials",
}

COLUMNS = {
    "article": (
        "id", "seq", "title", "text", "outlet", "author", "published", "url", "language",
        "status", "notes", "chars", "sha256", "source", "imported_at", "updated_at",
    ),
    "actor": (
        "id", "name", "kind", "aliases", "affiliation_id", "affiliation_kind", "notes",
        "created_at", "updated_at",
    ),
    "mention": (
        "id", "article_id", "actor_id", "span_start", "span_end", "quote", "prefix", "suffix",
        "notes", "analyst", "created_at", "updated_at",
    ),
    "claim": (
        "id", "article_id", "span_start", "span_end", "quote", "prefix", "suffix",
        "claimant_id", "anonymous", "reported_via_id", "claim_type", "summary", "notes",
        "analyst", "created_at", "updated_at",
    ),
    "denial": (
        "id", "article_id", "span_start", "span_end", "quote", "prefix", "suffix", "denier_id",
        "denied_claim_id", "summary", "reported_via_id", "notes", "analyst", "created_at",
        "updated_at",
    ),
}

_SELECTS = {
    entity: f"SELECT {', '.join(cols)} FROM {TABLES[entity]} WHERE id = ?"
    for entity, cols in COLUMNS.items()
}


def _upsert_sql(entity: str) -> str:
    cols = COLUMNS[entity]
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c != "id")
    return (
        f"INSERT INTO {TABLES[entity]} ({', '.join(cols)}) "
        f"VALUES ({', '.join('?' for _ in cols)}) ON CONFLICT (id) DO UPDATE SET {updates}"
    )


_UPSERTS = {entity: _upsert_sql(entity) for entity in COLUMNS}


def read_state(db: sqlite3.Connection, entity: str, entity_id: str) -> dict[str, Any] | None:
    row = db.execute(_SELECTS[entity], (entity_id,)).fetchone()
    if row is None:
        return None
    state = dict(zip(COLUMNS[entity], row))
    if entity == "claim":
        state["about"] = [
            r[0]
            for r in db.execute(
                "SELECT actor_id FROM claim_about WHERE claim_id = ? ORDER BY position", (entity_id,)
            )
        ]
    return state


def write_state(
    db: sqlite3.Connection, entity: str, entity_id: str, state: dict[str, Any] | None
) -> None:
    """Make the entity look exactly like ``state`` (None: delete it)."""
    if entity == "claim":
        db.execute("DELETE FROM claim_about WHERE claim_id = ?", (entity_id,))
    if entity == "actor":
        db.execute("DELETE FROM actor_keys WHERE actor_id = ?", (entity_id,))
    if state is None:
        db.execute(f"DELETE FROM {TABLES[entity]} WHERE id = ?", (entity_id,))
        return
    if entity == "article":
        state = _with_free_seq(db, entity_id, state)
    db.execute(_UPSERTS[entity], [state[c] for c in COLUMNS[entity]])
    if entity == "claim":
        db.executemany(
            "INSERT INTO claim_about (claim_id, actor_id, position) VALUES (?, ?, ?)",
            [(entity_id, actor_id, n) for n, actor_id in enumerate(state.get("about", ()))],
        )
    if entity == "actor":
        db.executemany(
            "INSERT OR IGNORE INTO actor_keys (key, actor_id) VALUES (?, ?)",
            [(key, entity_id) for key in actor_keys(state)],
        )


def _with_free_seq(db: sqlite3.Connection, entity_id: str, state: dict[str, Any]) -> dict[str, Any]:
    """The state, with a new ``seq`` (at the end of the list) if another article
    holds its own: SQLite hands the highest free seq to the next import, so an
    article deleted (or added, then undone) may find its seq taken when it comes back."""
    holder = db.execute("SELECT id FROM articles WHERE seq = ?", (state["seq"],)).fetchone()
    if holder is None or holder[0] == entity_id:
        return state
    seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM articles").fetchone()[0]
    return state | {"seq": seq}


def name_key(name: str) -> str:
    """Case- and normalisation-insensitive: "ÉRDI" typed as E + U+0301 finds "Érdi"."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
    return " ".join(folded.split())


def actor_keys(state: dict[str, Any]) -> set[str]:
    names = [state["name"], *json.loads(state["aliases"])]
    return {name_key(n) for n in names if name_key(n)}
