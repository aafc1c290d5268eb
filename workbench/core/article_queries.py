"""Reads of the article list: one article, a page of summaries in any order with
any filter (search, status, actor), their count, and the ids in list order.

A mixin of :class:`workbench.core.queries.Queries` (and so of the Project). Pages
go by key (:meth:`ArticleQueries.list_articles` with ``after``), so a page at the
end of 100,000 articles costs what the first does.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from .model import Article, ArticleQuery, ArticleStatus, ArticleSummary

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

# the articles an actor is tagged in (three times the actor's id)
_ACTOR_ARTICLE_IDS = (
    "SELECT article_id FROM mentions WHERE actor_id = ?"
    " UNION SELECT article_id FROM claims WHERE claimant_id = ?"
    " UNION SELECT article_id FROM denials WHERE denier_id = ?"
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


class ArticleQueries:
    db: sqlite3.Connection
    path: Path
    # the actor filter's kept article set: (key, count), and the rows its temp
    # table took, which are no write of the project (see Queries.write_count)
    _actor_articles_kept: tuple[tuple[str, int, int], int] | None = None
    _list_writes: int = 0

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
            clauses.append(f"a.id IN ({_ACTOR_ARTICLE_IDS})")
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
        if self._actor_articles_kept is not None and self._actor_articles_kept[0] == key:
            return self._actor_articles_kept[1]
        if self.db.in_transaction:
            return None
        before = self.db.total_changes
        try:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS list_actor_articles (seq INTEGER PRIMARY KEY)")
            self.db.execute("DELETE FROM temp.list_actor_articles")
            count = self.db.execute(
                f"INSERT INTO temp.list_actor_articles SELECT a.seq FROM articles a WHERE a.id IN ({_ACTOR_ARTICLE_IDS})",
                (actor_id,) * 3,
            ).rowcount
        except sqlite3.OperationalError:  # query_only, or a read-only file
            self._actor_articles_kept = None
            return None
        finally:
            self._list_writes += self.db.total_changes - before
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
