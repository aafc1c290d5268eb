"""Reads: everything the pane, the sidebar and the command line ask (the article
list's reads are in :mod:`workbench.core.article_queries`, a base of this class).

A mixin of :class:`workbench.core.store.Project`; it only reads, so it needs no
transaction of its own (each statement sees a consistent snapshot).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, Callable, Iterable

from . import schema
from .model import (
    Actor,
    ActorKind,
    ArticleStatus,
    ArticleTags,
    CheckReport,
    Claim,
    ClaimType,
    Denial,
    Mention,
    QuoteMismatch,
    Span,
    Stats,
    Tag,
    TagKind,
)
from .article_queries import ArticleQueries
from .rows import name_key


class Queries(ArticleQueries):
    db: sqlite3.Connection
    path: Path

    # ------------------------------------------------------------------ actors

    def _actor_from_row(self, row: tuple) -> Actor:
        return Actor(
            id=row[0], name=row[1], kind=ActorKind(row[2]), aliases=tuple(json.loads(row[3])),
            affiliation_id=row[4], affiliation_kind=row[5], notes=row[6], created_at=row[7],
            updated_at=row[8], mentions=row[9], claims=row[10], denials=row[11],
            affiliation_name=row[12] or "",
        )

    _ACTOR_SELECT = (
        "SELECT a.id, a.name, a.kind, a.aliases, a.affiliation_id, a.affiliation_kind, a.notes,"
        " a.created_at, a.updated_at, a.mention_count, a.claim_count, a.denial_count, f.name"
        " FROM actors a LEFT JOIN actors f ON f.id = a.affiliation_id"
    )

    def get_actor(self, actor_id: str) -> Actor | None:
        row = self.db.execute(f"{self._ACTOR_SELECT} WHERE a.id = ?", (actor_id,)).fetchone()
        return None if row is None else self._actor_from_row(row)

    def get_actors(self, actor_ids: Iterable[str]) -> dict[str, Actor]:
        """Several actors by id in one statement (ids not found are left out)."""
        ids = json.dumps(list(dict.fromkeys(actor_ids)))
        rows = self.db.execute(f"{self._ACTOR_SELECT} WHERE a.id IN (SELECT value FROM json_each(?))", (ids,))
        return {actor.id: actor for actor in map(self._actor_from_row, rows)}

    def find_actor_id(self, name: str) -> str | None:
        """The actor whose name or alias matches, case-insensitively (names first)."""
        rows = self.db.execute(
            "SELECT k.actor_id, a.name FROM actor_keys k JOIN actors a ON a.id = k.actor_id"
            " WHERE k.key = ? ORDER BY a.created_at",
            (name_key(name),),
        ).fetchall()
        for actor_id, actor_name in rows:
            if name_key(actor_name) == name_key(name):
                return actor_id
        return rows[0][0] if rows else None

    def find_actor(self, name: str) -> Actor | None:
        actor_id = self.find_actor_id(name)
        return None if actor_id is None else self.get_actor(actor_id)

    def list_actors(self, search: str = "", kind: ActorKind | str | None = None) -> list[Actor]:
        clauses, params = [], []
        if search.strip():
            clauses.append("a.id IN (SELECT actor_id FROM actor_keys WHERE key LIKE ? ESCAPE '\\')")
            params.append("%" + _like_escape(name_key(search)) + "%")
        if kind:
            clauses.append("a.kind = ?")
            params.append(ActorKind(kind).value)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.db.execute(f"{self._ACTOR_SELECT}{where} ORDER BY a.name COLLATE NOCASE", params)
        return [self._actor_from_row(r) for r in rows]

    def count_actors(self) -> int:
        """``len(list_actors())`` without reading the actors or their tag counts."""
        return self.db.execute("SELECT count(*) FROM actors").fetchone()[0]

    def actor_completions(self) -> list[tuple[str, str]]:
        """(name or alias, actor id) for every name an analyst may type."""
        out = []
        for actor_id, name, aliases in self.db.execute("SELECT id, name, aliases FROM actors ORDER BY name"):
            out.append((name, actor_id))
            out.extend((alias, actor_id) for alias in json.loads(aliases))
        return out

    def actor_uses(self, actor_id: str) -> int:
        """How many tags, claim subjects and affiliations refer to the actor."""
        return self.db.execute(
            "SELECT (SELECT count(*) FROM mentions WHERE actor_id = :a)"
            " + (SELECT count(*) FROM claims WHERE claimant_id = :a OR reported_via_id = :a)"
            " + (SELECT count(*) FROM denials WHERE denier_id = :a OR reported_via_id = :a)"
            " + (SELECT count(*) FROM claim_about WHERE actor_id = :a)"
            " + (SELECT count(*) FROM actors WHERE affiliation_id = :a)",
            {"a": actor_id},
        ).fetchone()[0]

    # -------------------------------------------------------------------- tags

    def tags_of_article(self, article_id: str) -> ArticleTags:
        return ArticleTags(
            mentions=tuple(self._mentions("m.article_id = ?", (article_id,))),
            claims=tuple(self._claims("c.article_id = ?", (article_id,))),
            denials=tuple(self._denials("d.article_id = ?", (article_id,))),
        )

    def tags_of_kind(self, article_id: str, kind: TagKind | str) -> tuple[Tag, ...]:
        """One kind of an article's tags (by span), as :meth:`tags_of_article` has them."""
        kind = TagKind(kind)
        return tuple(self._reader(kind)(f"{kind.value[0]}.article_id = ?", (article_id,)))

    @property
    def write_count(self) -> int:
        """Rows written through this connection since it opened: any write changes it,
        so a cache of reads keyed on it is never stale for this connection's writes.
        (Not the rows of the actor filter's temp table: they are no write of the project.)"""
        return self.db.total_changes - self._list_writes

    def get_tag(self, kind: TagKind | str, tag_id: str) -> Tag | None:
        kind = TagKind(kind)
        found = self._reader(kind)(f"{kind.value[0]}.id = ?", (tag_id,))
        return found[0] if found else None

    def _reader(self, kind: TagKind) -> Callable[[str, Any], list[Any]]:
        """The reader of one kind of tag; its table's alias is the kind's initial."""
        return {TagKind.MENTION: self._mentions, TagKind.CLAIM: self._claims, TagKind.DENIAL: self._denials}[kind]

    def claims_by_actor(self, actor_id: str) -> list[Claim]:
        return self._claims("c.claimant_id = ?", (actor_id,))

    def denials_of_claim(self, claim_id: str) -> list[Denial]:
        return self._denials("d.denied_claim_id = ?", (claim_id,))

    def search_claims(self, search: str = "", limit: int = 200) -> list[Claim]:
        """Claims of the whole project for the denied-claim picker: by summary,
        quote, claimant or article title."""
        if not search.strip():
            return self._claims("1", (), order="c.created_at DESC", limit=limit)
        pattern = "%" + _like_escape(search.strip()) + "%"
        return self._claims(
            "(c.summary LIKE :p ESCAPE '\\' OR c.quote LIKE :p ESCAPE '\\'"
            " OR cl.name LIKE :p ESCAPE '\\' OR art.title LIKE :p ESCAPE '\\')",
            {"p": pattern}, order="c.created_at DESC", limit=limit,
        )

    def _mentions(self, where: str, params: Any) -> list[Mention]:
        rows = self.db.execute(
            "SELECT m.id, m.article_id, m.span_start, m.span_end, m.quote, m.prefix, m.suffix,"
            " m.actor_id, a.name, m.analyst, m.created_at, m.updated_at, m.notes"
            f" FROM mentions m JOIN actors a ON a.id = m.actor_id WHERE {where}"
            " ORDER BY m.span_start, m.span_end",
            params,
        )
        return [Mention(r[0], r[1], Span(*r[2:7]), *r[7:]) for r in rows]

    def _claims(self, where: str, params: Any, order: str = "c.span_start, c.span_end", limit: int = -1) -> list[Claim]:
        rows = self.db.execute(
            "SELECT c.id, c.article_id, c.span_start, c.span_end, c.quote, c.prefix, c.suffix,"
            " c.claimant_id, cl.name, c.anonymous, c.reported_via_id, rv.name, c.claim_type,"
            " (SELECT json_group_array(actor_id) FROM (SELECT ca.actor_id FROM claim_about ca"
            "   WHERE ca.claim_id = c.id ORDER BY ca.position)),"
            " (SELECT json_group_array(name) FROM (SELECT ab.name FROM claim_about ca"
            "   JOIN actors ab ON ab.id = ca.actor_id WHERE ca.claim_id = c.id ORDER BY ca.position)),"
            " c.summary, c.notes, c.analyst, c.created_at, c.updated_at, art.title"
            " FROM claims c JOIN actors cl ON cl.id = c.claimant_id"
            " LEFT JOIN actors rv ON rv.id = c.reported_via_id"
            f" JOIN articles art ON art.id = c.article_id WHERE {where} ORDER BY {order} LIMIT {int(limit)}",
            params,
        )
        return [
            Claim(
                id=r[0], article_id=r[1], span=Span(*r[2:7]), claimant_id=r[7], claimant_name=r[8],
                anonymous=bool(r[9]), reported_via_id=r[10], reported_via_name=r[11] or "",
                claim_type=ClaimType(r[12]) if r[12] else None,
                about_ids=tuple(json.loads(r[13])), about_names=tuple(json.loads(r[14])),
                summary=r[15], notes=r[16], analyst=r[17], created_at=r[18], updated_at=r[19],
                article_title=r[20],
            )
            for r in rows
        ]

    def _denials(self, where: str, params: Any) -> list[Denial]:
        rows = self.db.execute(
            "SELECT d.id, d.article_id, d.span_start, d.span_end, d.quote, d.prefix, d.suffix,"
            " d.denier_id, dn.name, d.denied_claim_id, coalesce(c.summary, ''), d.summary,"
            " d.reported_via_id, coalesce(rv.name, ''), d.notes, d.analyst, d.created_at, d.updated_at"
            " FROM denials d JOIN actors dn ON dn.id = d.denier_id"
            " LEFT JOIN claims c ON c.id = d.denied_claim_id"
            f" LEFT JOIN actors rv ON rv.id = d.reported_via_id WHERE {where}"
            " ORDER BY d.span_start, d.span_end",
            params,
        )
        return [Denial(r[0], r[1], Span(*r[2:7]), *r[7:]) for r in rows]

    # ---------------------------------------------------------- stats and check

    def stats(self) -> Stats:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        by_status = {s.value: 0 for s in ArticleStatus}
        by_status.update(dict(self.db.execute("SELECT status, count(*) FROM articles GROUP BY status")))
        analysts = [
            r[0]
            for r in self.db.execute(
                "SELECT analyst FROM mentions UNION SELECT analyst FROM claims"
                " UNION SELECT analyst FROM denials ORDER BY 1"
            )
        ]
        return Stats(
            articles=one("SELECT count(*) FROM articles"),
            articles_by_status=by_status,
            actors=one("SELECT count(*) FROM actors"),
            mentions=one("SELECT count(*) FROM mentions"),
            claims=one("SELECT count(*) FROM claims"),
            denials=one("SELECT count(*) FROM denials"),
            analysts=tuple(analysts),
            schema_version=schema.schema_version(self.db),
            file_bytes=self.path.stat().st_size if self.path.exists() else 0,
        )

    def check(self) -> CheckReport:
        """SQLite's own checks, then every tag's quote against its article's text.

        ``substr`` counts code points in SQLite, as Python slicing does, so SQL finds
        the candidates fast; Python has the last word on each, because SQLite's
        string functions stop at a NUL character (which a JSON escape can import).
        Damage that SQLite raises on while checking is reported, not raised: this
        is what an analyst runs to find out what is wrong with a file."""
        problems: list[str] = []
        mismatches: list[QuoteMismatch] = []
        checked = 0
        try:
            problems += [r[0] for r in self.db.execute("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [
                f"foreign key: {table} row {rowid} refers to a missing row of {parent}"
                for table, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check")
            ]
            for kind, table in ((TagKind.MENTION, "mentions"), (TagKind.CLAIM, "claims"), (TagKind.DENIAL, "denials")):
                checked += self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                rows = self.db.execute(
                    f"SELECT t.id, t.article_id, t.span_start, t.span_end, t.quote, a.text"
                    f" FROM {table} t JOIN articles a ON a.id = t.article_id"
                    f" WHERE substr(a.text, t.span_start + 1, t.span_end - t.span_start) IS NOT t.quote"
                )
                for tag_id, article_id, start, end, quote, text in rows:
                    there = text[start:end] if 0 <= start < end <= len(text) else None
                    if there != quote:
                        mismatches.append(QuoteMismatch(kind, tag_id, article_id, start, end, quote, there))
        except sqlite3.DatabaseError as error:
            problems.append(f"the check stopped: {error}")
        return CheckReport(tuple(problems), tuple(mismatches), checked)


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
