"""Keyset paging of the article list: ``list_articles(query, after=row)`` pages
through exactly the rows, in exactly the order, of one unpaged query, for every
order, direction, filter and page size, ties and undated articles included; and
each page is an index seek, not a walk over the rows before it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core import schema
from workbench.core.model import (ARTICLE_SORT_KEYS, ActorName, ArticleDraft, ArticleQuery, ArticleStatus,
                                  ArticleSummary)
from workbench.core.queries import Queries
from workbench.core.store import Project

from tests.conftest import quote_span

# titles and outlets that differ only by case, or sort differently with and
# without it ("_" lies between "Z" and "a"), or by letters NOCASE does not fold
TITLES = ("alpha", "Alpha", "ALPHA", "beta", "Beta", "_under", "[bracket", "Zulu", "zulu", "émile", "Émile", "")
OUTLETS = ("Courier", "courier", "", "Wire", "wire", "_wire", "Zeta")
DATES = ("", "2026-01-02", "2026-01-02", "2025-12-31", "", "2026-03-01")
PAGE_SIZES = (1, 2, 200)


def walk(lister, query: ArticleQuery, size: int, total: int) -> list[ArticleSummary]:
    """Every row of the query, a page of ``size`` at a time, each page after the last."""
    rows: list[ArticleSummary] = []
    after = None
    for _ in range(total // size + 2):
        page = lister.list_articles(query, limit=size, after=after)
        assert len(page) <= size
        rows += page
        if len(page) < size:
            return rows
        after = page[-1]
    raise AssertionError(f"paging did not end after {total} rows")


def nocase(value: str) -> str:
    """SQLite's NOCASE: only the 26 ASCII capitals fold."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in value)


SORT_VALUE = {
    "seq": lambda a: a.seq,
    "title": lambda a: nocase(a.title),
    "outlet": lambda a: nocase(a.outlet),
    "published": lambda a: a.published,
    "status": lambda a: a.status.value,
    "mentions": lambda a: a.mentions,
    "claims": lambda a: a.claims,
    "denials": lambda a: a.denials,
}


# ----------------------------------------------- a project written by the store


@pytest.fixture(scope="module")
def listed(tmp_path_factory) -> tuple[Project, str]:
    """48 articles with many ties in every column, some undated, some deleted
    (gaps in seq), three statuses, and tags of one actor on some of them."""
    path = tmp_path_factory.mktemp("paging") / "paging.workbench"
    project = Project.create(path, analyst="tester")
    drafts = [
        ArticleDraft(
            title=TITLES[k % len(TITLES)],
            text=f"Article {k}. " + ("The harbour was hit. " if k % 3 else "Nothing happened. ")
            + "Érdi spoke.",
            outlet=OUTLETS[k % len(OUTLETS)],
            published=DATES[k % len(DATES)],
        )
        for k in range(52)
    ]
    ids, _ = project.insert_articles(drafts)
    for k in (5, 17, 30, 51):
        project.delete_article(ids[k])
    for k, article_id in enumerate(ids):
        if k in (5, 17, 30, 51):
            continue
        text = project.article_text(article_id)
        for _ in range(k % 4 if k % 5 else 0):
            project.add_mention(article_id, *quote_span(text, "Érdi"), ActorName("Tomas Érdi"))
        if k % 7 == 0:
            project.add_claim(article_id, *quote_span(text, "spoke"), ActorName("Tomas Érdi"))
        if k % 11 == 0:
            project.add_denial(article_id, *quote_span(text, f"Article {k}"), ActorName("Ministry"))
        if k % 3 == 1:
            project.set_status(article_id, ArticleStatus.DONE)
        elif k % 6 == 2:
            project.set_status(article_id, ArticleStatus.IN_PROGRESS)
    erdi = project.find_actor_id("Tomas Érdi")
    yield project, erdi
    project.close()


FILTERS = {
    "all": {},
    "new": {"status": ArticleStatus.NEW},
    "done": {"status": ArticleStatus.DONE},
    "actor": {"actor_id": "ERDI"},
    "search": {"search": "harbour"},
    "search+actor+status": {"search": "harb", "actor_id": "ERDI", "status": ArticleStatus.DONE},
}


@pytest.mark.parametrize("size", PAGE_SIZES)
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("order_by", ARTICLE_SORT_KEYS)
@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_keyset_pages_equal_one_ordered_query(listed, filters: str, order_by: str, descending: bool,
                                              size: int) -> None:
    project, erdi = listed
    fields = {k: (erdi if v == "ERDI" else v) for k, v in FILTERS[filters].items()}
    query = ArticleQuery(order_by=order_by, descending=descending, **fields)
    everything = project.list_articles(query, limit=-1)
    assert len(everything) == project.count_articles(query)
    assert walk(project, query, size, len(everything)) == everything
    assert [a.id for a in everything] == project.article_ids(query)
    # and the unpaged order is the documented one: the column (titles and
    # outlets without ASCII case), then seq, both in the query's direction
    key = SORT_VALUE[order_by]
    assert everything == sorted(everything, key=lambda a: (key(a), a.seq), reverse=descending)
    assert len({a.id for a in everything}) == len(everything)


def test_the_fixture_has_the_ties_and_filters_it_claims(listed) -> None:
    project, erdi = listed
    rows = project.list_articles(limit=-1)
    assert len(rows) == 48
    assert max(b.seq - a.seq for a, b in zip(rows, rows[1:])) > 1  # deleted articles leave gaps
    assert sum(a.published == "" for a in rows) >= 10  # undated
    assert len({nocase(a.title) for a in rows}) < len({a.title for a in rows})  # case-only ties
    assert {a.status for a in rows} == set(ArticleStatus)
    assert {a.mentions for a in rows} == {0, 1, 2, 3}
    for name, fields in FILTERS.items():
        fields = {k: (erdi if v == "ERDI" else v) for k, v in fields.items()}
        assert 3 < project.count_articles(ArticleQuery(**fields)) <= 48, name


def test_sort_columns_are_not_null() -> None:
    """The seek has no NULL cases because no sort column can hold one: an
    unknown date is ''. A nullable sort column would need them."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    schema.migrate(db)
    notnull = {row[1]: row[3] for row in db.execute("PRAGMA table_info(articles)")}
    columns = ("seq", "title", "outlet", "published", "status", "mention_count", "claim_count", "denial_count")
    assert all(notnull[c] or c == "seq" for c in columns)  # seq is the INTEGER PRIMARY KEY (the rowid)


def test_the_key_is_the_row_as_it_was_listed(project: Project) -> None:
    """``after`` is read, not looked up: the row as the list received it marks
    where the next page starts, even when the article has changed since (as
    the list model keeps it); the article as it is now would start elsewhere."""
    ids, _ = project.insert_articles(ArticleDraft(title=f"T{k}", text=f"Text {k}.") for k in range(5))
    query = ArticleQuery(order_by="status")
    first = project.list_articles(query, limit=2)
    assert [a.id for a in first] == ids[:2]
    project.set_status(ids[1], ArticleStatus.DONE)  # now sorts before every "new"
    assert [a.id for a in project.list_articles(query, limit=-1, after=first[-1])] == ids[2:]
    now = project.article_summary(ids[1])
    assert [a.id for a in project.list_articles(query, limit=-1, after=now)] == [ids[0], *ids[2:]]


def test_offset_and_after_exclude_each_other(listed) -> None:
    project, _ = listed
    first = project.list_articles(limit=1)[0]
    with pytest.raises(ValueError):
        project.list_articles(ArticleQuery(), 3, 10, after=first)
    assert project.list_articles(limit=0, after=first) == []


# -------------------------------------------------------------- query plans


def statements_of(project: Project, call) -> list[str]:
    seen: list[str] = []
    project.db.set_trace_callback(seen.append)
    try:
        call()
    finally:
        project.db.set_trace_callback(None)
    return [sql for sql in seen if sql.startswith("SELECT a.id")]  # not FTS5's own reads


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("order_by", ARTICLE_SORT_KEYS)
def test_each_page_is_an_index_seek(listed, order_by: str, descending: bool) -> None:
    """No page reads the table from its start, and none sorts: every order has
    an index with seq as its last column (titles and outlets without case,
    migration 5), so each of the (at most two) statements is a range of it."""
    project, _ = listed
    query = ArticleQuery(order_by=order_by, descending=descending)
    middle = project.list_articles(query, limit=-1)[20]
    statements = statements_of(project, lambda: project.list_articles(query, limit=200, after=middle))
    assert 1 <= len(statements) <= 2
    for sql in statements:
        plan = [row[3] for row in project.db.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert len(plan) == 1 and plan[0].startswith("SEARCH a USING "), (sql, plan)
        assert "TEMP B-TREE" not in " ".join(plan)


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_a_search_in_import_order_pages_inside_the_full_text_index(listed, descending: bool) -> None:
    """In import order FTS5 takes the seek and the order itself (its row ids are
    seq): a page stops after its rows instead of sorting every match."""
    project, _ = listed
    query = ArticleQuery(search="harbour", descending=descending)
    middle = project.list_articles(query, limit=-1)[10]
    (sql,) = statements_of(project, lambda: project.list_articles(query, limit=200, after=middle))
    plan = " | ".join(row[3] for row in project.db.execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert "VIRTUAL TABLE INDEX" in plan and ("M2>" in plan or "M2<" in plan), plan
    assert "TEMP B-TREE" not in plan, plan


# ------------------------------------------------------------ property test


class _Lists(Queries):
    """The read queries over a bare in-memory database of the current schema."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.path = Path(":memory:")


ACTOR = "00000000-0000-4000-8000-0000000000c1"
STAMP = "2026-01-15T09:30:00.000Z"

article_rows = st.lists(
    st.tuples(
        st.sampled_from(TITLES), st.sampled_from(OUTLETS), st.sampled_from(DATES),
        st.sampled_from([s.value for s in ArticleStatus]),
        st.integers(0, 3), st.integers(0, 2), st.integers(0, 1),
        st.booleans(),  # tagged with the actor
        st.booleans(),  # "harbour" in the text
        st.integers(1, 3),  # gap before this seq
    ),
    max_size=30,
)
queries = st.builds(
    ArticleQuery,
    search=st.sampled_from(["", "harbour", "harb"]),
    status=st.sampled_from([None, *ArticleStatus]),
    actor_id=st.sampled_from([None, ACTOR]),
    order_by=st.sampled_from(ARTICLE_SORT_KEYS),
    descending=st.booleans(),
)


def build_lists(rows) -> _Lists:
    db = sqlite3.connect(":memory:", isolation_level=None)
    schema.migrate(db)
    db.execute("INSERT INTO actors (id, name, created_at, updated_at) VALUES (?, 'Érdi', ?, ?)",
               (ACTOR, STAMP, STAMP))
    seq = 0
    for k, (title, outlet, date, status, mentions, claims, denials, tagged, word, gap) in enumerate(rows):
        seq += gap
        text = f"Article {k}. " + ("The harbour was hit." if word else "Nothing happened.")
        article_id = f"article-{k}"
        db.execute(
            "INSERT INTO articles (seq, id, title, text, outlet, published, status, chars, sha256,"
            " imported_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, article_id, title, text, outlet, date, status, len(text), f"sha-{k}", STAMP, STAMP),
        )
        if tagged:
            db.execute(
                "INSERT INTO mentions (id, article_id, actor_id, span_start, span_end, quote, analyst,"
                " created_at, updated_at) VALUES (?, ?, ?, 0, 7, 'Article', 't', ?, ?)",
                (f"mention-{k}", article_id, ACTOR, STAMP, STAMP),
            )
        db.execute("UPDATE articles SET mention_count = ?, claim_count = ?, denial_count = ? WHERE seq = ?",
                   (mentions, claims, denials, seq))
    return _Lists(db)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=article_rows, query=queries, size=st.sampled_from([1, 2, 3, 200]))
def test_keyset_paging_equals_the_unpaged_query_property(rows, query: ArticleQuery, size: int) -> None:
    check_paging_on(rows, query, (size,))


def check_paging_on(rows, query: ArticleQuery, sizes) -> None:
    """On a list of ``rows``: pages of each size walk to the unpaged query, which
    is in the query's order (by a Python reference) and as long as its count."""
    lists = build_lists(rows)
    try:
        everything = lists.list_articles(query, limit=-1)
        for size in sizes:
            assert walk(lists, query, size, len(everything)) == everything
        key = SORT_VALUE[query.order_by]
        assert everything == sorted(everything, key=lambda a: (key(a), a.seq), reverse=query.descending)
        assert len(everything) == lists.count_articles(query)
    finally:
        lists.db.close()
