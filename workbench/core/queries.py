"""Reads: everything the article list, the pane, the sidebar and the command line ask.

A mixin of :class:`workbench.core.store.Project`; it only reads, so it needs no
transaction of its own (each statement sees a consistent snapshot).
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any, Iterable

from . import schema
from .model import (
    Actor,
    ActorKind,
    Article,
    ArticleQuery,
    ArticleStatus,
    ArticleSummary,
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
from .rows import name_key

_ARTICLE_ORDER = {
    "seq": "a.seq",
    "title": "a.title COLLATE NOCASE",
    "outlet": "a.outlet COLLATE NOCASE",
    "published": "a.published",
    "status": "a.status",
    "mentions": "a.mention_count",
    "claims": "a.claim_count",
    "denials": "a.denial_count",
}

_SUMMARY_COLUMNS = (
    "a.id, a.seq, a.title, a.outlet, a.published, a.status, "
    "a.mention_count, a.claim_count, a.denial_count"
)

# an actor in at most this many articles filters the list by looking each of
# them up and sorting them (2,000: about 5 ms a page); one in more, by the
# order's index, testing each row (a page reads about 200 / its share of rows)
_ACTOR_ARTICLES_LEAD_MAX = 2_000


PREFIX_MIN_CHARS = 3


def fts_query(search: str) -> str:
    """Turn what an analyst types into a safe FTS5 query: every word must occur,
    the last one as a prefix (so results follow typing) once it has three letters:
    a one-letter prefix matches most of the index (0.8 s on 100,000 articles)."""
    words = re.findall(r"\w+", search)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    if len(words[-1]) >= PREFIX_MIN_CHARS:
        quoted[-1] += "*"
    return " ".join(quoted)


class Queries:
    db: sqlite3.Connection
    path: Path

    # ---------------------------------------------------------------- articles

    def article_text(self, article_id: str) -> str:
        row = self.db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(f"no article with id {article_id}")
        return row[0]

    def get_article(self, article_id: str) -> Article | None:
        row = self.db.execute(
            "SELECT id, title, text, outlet, author, published, url, language, status, notes,"
            " chars, sha256, source, imported_at, updated_at FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        return Article(*row[:8], ArticleStatus(row[8]), *row[9:])

    def _article_from(
        self, query: ArticleQuery, seek: str = "", seek_params: tuple[Any, ...] = ()
    ) -> tuple[str, list[Any]]:
        """FROM and WHERE for a query (and ``seek``, a condition on the sort key).
        A search joins the FTS table rather than filtering with IN (...): ten
        times faster on 100,000 articles."""
        clauses: list[str] = []
        params: list[Any] = []
        source = "articles a"
        match = fts_query(query.search)
        if match:
            source = "articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
            clauses.append("articles_fts MATCH ?")
            params.append(match)
        if query.status is not None:
            clauses.append("a.status = ?")
            params.append(ArticleStatus(query.status).value)
        led = self._actor_leads(query)
        if led is not None:
            # the actor's articles, read once (see _actor_articles). A few lead:
            # each is looked up by seq, and they are sorted. Of many, the order's
            # index (or the search) leads and each row is looked up in them by
            # seq, from the index alone ("+" keeps SQLite from the other way)
            clauses.append(f"{'' if led else '+'}a.seq IN temp.list_actor_articles")
        elif query.actor_id:
            clauses.append(
                "a.id IN (SELECT article_id FROM mentions WHERE actor_id = ?"
                " UNION SELECT article_id FROM claims WHERE claimant_id = ?"
                " UNION SELECT article_id FROM denials WHERE denier_id = ?)"
            )
            params += [query.actor_id] * 3
        if seek:
            clauses.append(seek)
            params += seek_params
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return source + where, params

    def _actor_leads(self, query: ArticleQuery) -> bool | None:
        """Whether the actor's articles (``temp.list_actor_articles``, see
        :meth:`_actor_articles`) lead the query: if they are few (each page then
        looks them all up and sorts them: 5 ms for 2,000), not if they are many
        (the order's index leads and a page reads about 200 / their share of
        its rows: the other way round would sort them all on every page, and
        this way one article of 100,000 would cost a walk over all of them).
        None: no actor, or a connection that cannot keep them."""
        if not query.actor_id:
            return None
        count = self._actor_articles(query.actor_id)
        if count is None:
            return None
        return count <= _ACTOR_ARTICLES_LEAD_MAX and not fts_query(query.search)

    def _actor_articles(self, actor_id: str) -> int | None:
        """Fill ``temp.list_actor_articles`` with the seqs of the articles the actor
        is tagged in; returns how many, or None on a connection that cannot (in a
        transaction, or read-only: the filter then reads the tags every time).

        Reading them takes the actor's tags and a lookup of each article (330 ms
        for an actor in 54,000 of 100,000 articles): the filter did that on
        every page. Now once, kept until a write, of this connection
        (``total_changes``) or of another (``data_version``). Filling the temp
        table is not a write of the project: :attr:`write_count` leaves it out."""
        key = (actor_id, self.db.total_changes, self.db.execute("PRAGMA data_version").fetchone()[0])
        cached = getattr(self, "_actor_articles_kept", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        if self.db.in_transaction:
            return None
        before = self.db.total_changes
        try:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS list_actor_articles (seq INTEGER PRIMARY KEY)")
            self.db.execute("DELETE FROM temp.list_actor_articles")
            count = self.db.execute(
                "INSERT INTO temp.list_actor_articles SELECT a.seq FROM articles a WHERE a.id IN"
                " (SELECT article_id FROM mentions WHERE actor_id = ?1"
                " UNION SELECT article_id FROM claims WHERE claimant_id = ?1"
                " UNION SELECT article_id FROM denials WHERE denier_id = ?1)",
                (actor_id,),
            ).rowcount
        except sqlite3.OperationalError:  # query_only, or a read-only file
            self._actor_articles_kept = None
            return None
        finally:
            self._list_writes = getattr(self, "_list_writes", 0) + self.db.total_changes - before
        self._actor_articles_kept = ((actor_id, self.db.total_changes, key[2]), count)
        return count

    @staticmethod
    def _article_seq(query: ArticleQuery) -> str:
        """``a.seq``, or in a search the FTS row id it is joined on: FTS5 then
        takes the seek and the order by ``seq`` itself and stops after a page,
        where ``a.seq`` had it collect and sort every match."""
        return "articles_fts.rowid" if fts_query(query.search) else "a.seq"

    @classmethod
    def _article_order(cls, query: ArticleQuery) -> str:
        direction = "DESC" if query.descending else "ASC"
        seq = cls._article_seq(query)
        if query.order_by == "seq":
            return f"{seq} {direction}"
        return f"{_ARTICLE_ORDER[query.order_by]} {direction}, {seq} {direction}"

    def count_articles(self, query: ArticleQuery = ArticleQuery()) -> int:
        if query.search and query.status is None and not query.actor_id:
            match = fts_query(query.search)
            if match:
                sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
                return self.db.execute(sql, (match,)).fetchone()[0]
        if query.actor_id and query.status is None and not fts_query(query.search):
            count = self._actor_articles(query.actor_id)
            if count is not None:
                return count
        source, params = self._article_from(query)
        return self.db.execute(f"SELECT count(*) FROM {source}", params).fetchone()[0]

    def list_articles(
        self,
        query: ArticleQuery = ArticleQuery(),
        offset: int = 0,
        limit: int = 200,
        *,
        after: ArticleSummary | None = None,
    ) -> list[ArticleSummary]:
        """Up to ``limit`` rows in the query's order (a negative limit: all of them),
        after the row ``after`` (the last row of the page before) or else after
        the first ``offset`` rows.

        ``after`` pages by key (the seek method): the order is the sort column
        then ``seq``, and the page starts just past ``after``'s pair of them, so
        it costs the same at the end of 100,000 articles as at the start, where
        an offset makes SQLite step over every row before it (20 ms at 99,800).
        Only those two fields of ``after`` are read: a row changed since it was
        listed still marks where the next page starts. The sort columns are all
        NOT NULL (an unknown date is ``''``), so the key needs no NULL cases."""
        if after is not None and offset:
            raise ValueError("list_articles takes an offset or an article to page after, not both")
        if (query.order_by == "seq" and query.status is None and not fts_query(query.search)
                and self._actor_leads(query) is False):
            return self._actor_window(query, offset, limit, after)
        if after is None:
            return self._article_page(query, "", (), limit, offset)
        seq, op = self._article_seq(query), ("<" if query.descending else ">")
        if query.order_by == "seq":
            return self._article_page(query, f"{seq} {op} ?", (after.seq,), limit)
        # (column, seq) > (value, after.seq), as two index ranges: SQLite 3.40
        # seeks a row value on its first column only, then steps over the ties
        # (all 100,000 rows of a status); first the rest of after's tie, by seq
        column = _ARTICLE_ORDER[query.order_by]
        value = getattr(after, query.order_by)  # each order is named as its ArticleSummary field
        value = value.value if isinstance(value, ArticleStatus) else value
        direction = "DESC" if query.descending else "ASC"
        page = self._article_page(
            query, f"{column} = ? AND {seq} {op} ?", (value, after.seq), limit,
            order=f"{seq} {direction}",
        )
        if limit < 0 or len(page) < limit:
            rest = limit - len(page) if limit >= 0 else -1
            page += self._article_page(query, f"{column} {op} ?", (value,), rest)
        return page

    def _actor_window(
        self, query: ArticleQuery, offset: int, limit: int, after: ArticleSummary | None
    ) -> list[ArticleSummary]:
        """A page of an actor in many articles, in import order and nothing else
        filtering: the next ``limit`` of the actor's articles, a seek in them.
        (The table leading would read every article, text and all, between two
        of the actor's: 41 ms to the first of one in the last 3,000 of 100,000.)"""
        direction, op = ("DESC", "<") if query.descending else ("ASC", ">")
        bound, params = (f" WHERE seq {op} ?", (after.seq,)) if after is not None else ("", ())
        window = (
            f"a.seq IN (SELECT seq FROM temp.list_actor_articles{bound} ORDER BY seq {direction} LIMIT ? OFFSET ?)"
        )
        return self._article_page(query, window, (*params, limit, offset), limit)

    def _article_page(
        self, query: ArticleQuery, seek: str, seek_params: tuple[Any, ...], limit: int,
        offset: int = 0, order: str = "",
    ) -> list[ArticleSummary]:
        source, params = self._article_from(query, seek, seek_params)
        rows = self.db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM {source} ORDER BY {order or self._article_order(query)}"
            " LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [ArticleSummary(*r[:5], ArticleStatus(r[5]), *r[6:]) for r in rows]

    def article_summary(self, article_id: str) -> ArticleSummary | None:
        row = self.db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)
        ).fetchone()
        return None if row is None else ArticleSummary(*row[:5], ArticleStatus(row[5]), *row[6:])

    def article_ids(self, query: ArticleQuery = ArticleQuery()) -> list[str]:
        """All ids in list order (for next/previous article)."""
        source, params = self._article_from(query)
        sql = f"SELECT a.id FROM {source} ORDER BY {self._article_order(query)}"
        return [r[0] for r in self.db.execute(sql, params)]

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
        reader = {TagKind.MENTION: self._mentions, TagKind.CLAIM: self._claims, TagKind.DENIAL: self._denials}[kind]
        return tuple(reader(f"{kind.value[0]}.article_id = ?", (article_id,)))

    @property
    def write_count(self) -> int:
        """Rows written through this connection since it opened: any write changes it,
        so a cache of reads keyed on it is never stale for this connection's writes.
        (Not the rows of the actor filter's temp table: they are no write of the project.)"""
        return self.db.total_changes - getattr(self, "_list_writes", 0)

    def get_tag(self, kind: TagKind | str, tag_id: str) -> Tag | None:
        kind = TagKind(kind)
        reader = {TagKind.MENTION: self._mentions, TagKind.CLAIM: self._claims, TagKind.DENIAL: self._denials}[kind]
        alias = kind.value[0]
        found = reader(f"{alias}.id = ?", (tag_id,))
        return found[0] if found else None

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
