"""The article list filtered by status or by actor pages by index, whatever the
data: a status filter seeks an index of (status, sort column) for every order
(migration 5), and an actor filter reads the actor's articles once into
``temp.list_actor_articles``, then either looks those up (an actor in few
articles) or lets the order's index lead and tests each row against them (one
in many). Both ways give exactly the rows, in exactly the order, of one
unpaged query, as does a connection that cannot keep them (in a transaction,
read-only), which reads the tags on every query as before."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings

import workbench.core.article_queries as queries_module
from workbench.core.model import ARTICLE_SORT_KEYS, ActorName, ArticleDraft, ArticleQuery, ArticleStatus
from workbench.core.store import Project

from tests.conftest import quote_span
from tests.core.test_article_paging import (  # noqa: F401 (listed is a fixture)
    FILTERS,
    PAGE_SIZES,
    SORT_VALUE,
    article_rows,
    check_paging_on,
    listed,
    queries,
    statements_of,
    walk,
)

ACTOR_FILTERS = {name: fields for name, fields in FILTERS.items() if "actor_id" in fields}
ACTOR_FILTERS["actor+new"] = {"actor_id": "ERDI", "status": ArticleStatus.NEW}
ACTOR_FILTERS["actor+done"] = {"actor_id": "ERDI", "status": ArticleStatus.DONE}


@pytest.fixture(params=["few", "many"])
def actor_plan(request, monkeypatch) -> str:
    """Both ways of an actor filter: its articles lead ("few", as the fixture's
    actor really is) or the order's index does ("many": the bound set to 0)."""
    if request.param == "many":
        monkeypatch.setattr(queries_module, "_ACTOR_ARTICLES_LEAD_MAX", 0)
    return request.param


def query_of(filters: dict, erdi: str, **order) -> ArticleQuery:
    return ArticleQuery(**{k: (erdi if v == "ERDI" else v) for k, v in filters.items()}, **order)


def plan_of(project: Project, sql: str) -> list[str]:
    return [row[3] for row in project.db.execute(f"EXPLAIN QUERY PLAN {sql}")]


# ------------------------------------------------------------- equivalence


@pytest.mark.parametrize("size", PAGE_SIZES)
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("order_by", ARTICLE_SORT_KEYS)
@pytest.mark.parametrize("filters", ACTOR_FILTERS, ids=str)
def test_actor_pages_equal_one_ordered_query_both_ways(listed, actor_plan: str, filters: str, order_by: str,
                                                       descending: bool, size: int) -> None:
    project, erdi = listed
    query = query_of(ACTOR_FILTERS[filters], erdi, order_by=order_by, descending=descending)
    everything = project.list_articles(query, limit=-1)
    assert everything, filters
    assert walk(project, query, size, len(everything)) == everything
    assert [a.id for a in everything] == project.article_ids(query)
    assert len(everything) == project.count_articles(query)
    key = SORT_VALUE[order_by]
    assert everything == sorted(everything, key=lambda a: (key(a), a.seq), reverse=descending)
    # the same rows as the tags say, by the query a connection that cannot keep
    # the actor's articles runs (it reads the tags on every query); one that
    # kept them before its transaction began still reads them
    project.db.execute("BEGIN")
    assert project._actor_leads(query) is not None
    project._actor_articles_kept = None
    try:
        assert project._actor_leads(query) is None
        assert project.list_articles(query, limit=-1) == everything
        assert walk(project, query, size, len(everything)) == everything
        assert project.count_articles(query) == len(everything)
    finally:
        project.db.execute("ROLLBACK")


def test_offsets_of_an_actor_in_many_articles_in_import_order(listed, actor_plan: str) -> None:
    project, erdi = listed
    for descending in (False, True):
        query = ArticleQuery(actor_id=erdi, descending=descending)
        everything = project.list_articles(query, limit=-1)
        assert [project.list_articles(query, k, 1)[0] for k in range(len(everything))] == everything
        assert project.list_articles(query, 3, -1) == everything[3:]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(rows=article_rows, query=queries)
def test_keyset_paging_equals_the_unpaged_query_when_the_order_leads(monkeypatch, rows,
                                                                      query: ArticleQuery) -> None:
    monkeypatch.setattr(queries_module, "_ACTOR_ARTICLES_LEAD_MAX", 0)
    check_paging_on(rows, query, (1, 3))


# ------------------------------------------- the actor's articles, kept once


def test_the_actors_articles_are_read_once_and_again_after_a_write(project: Project) -> None:
    ids, _ = project.insert_articles(ArticleDraft(title=f"T{k}", text=f"Érdi spoke {k}.") for k in range(6))
    for article_id in ids[:3]:
        project.add_mention(article_id, *quote_span(project.article_text(article_id), "Érdi"), ActorName("Érdi"))
    erdi = project.find_actor_id("Érdi")
    query = ArticleQuery(actor_id=erdi)
    assert [a.id for a in project.list_articles(query)] == ids[:3]
    statements: list[str] = []
    project.db.set_trace_callback(statements.append)
    try:
        count = project.write_count
        assert [a.id for a in project.list_articles(query)] == ids[:3]
        assert project.count_articles(query) == 3
        assert project.write_count == count  # keeping them is not a write of the project
    finally:
        project.db.set_trace_callback(None)
    reads = [sql for sql in statements if "FROM mentions" in sql]
    assert reads == []  # the tags were not read again
    # a write of this connection: read again
    text = project.article_text(ids[4])
    project.add_mention(ids[4], *quote_span(text, "Érdi"), ActorName("Érdi"))
    assert [a.id for a in project.list_articles(query)] == [*ids[:3], ids[4]]
    # a write of another connection: read again
    other = sqlite3.connect(project.path, isolation_level=None)
    try:
        other.execute("DELETE FROM mentions WHERE article_id = ?", (ids[0],))
    finally:
        other.close()
    assert [a.id for a in project.list_articles(query)] == [ids[1], ids[2], ids[4]]
    assert project.count_articles(query) == 3


def test_a_read_only_connection_reads_the_tags(project: Project) -> None:
    ids, _ = project.insert_articles(ArticleDraft(title=f"T{k}", text=f"Érdi spoke {k}.") for k in range(3))
    project.add_mention(ids[1], *quote_span(project.article_text(ids[1]), "Érdi"), ActorName("Érdi"))
    query = ArticleQuery(actor_id=project.find_actor_id("Érdi"))
    project.db.execute("PRAGMA query_only = ON")
    try:
        assert project._actor_leads(query) is None
        assert [a.id for a in project.list_articles(query)] == [ids[1]]
        assert project.count_articles(query) == 1
    finally:
        project.db.execute("PRAGMA query_only = OFF")


# -------------------------------------------------------------- query plans


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("order_by", ARTICLE_SORT_KEYS)
@pytest.mark.parametrize("status", list(ArticleStatus), ids=str)
def test_a_status_filter_seeks_an_index_of_status_and_order(listed, status, order_by: str,
                                                           descending: bool) -> None:
    """Migration 5: every order has an index after the status, so a page of
    one status is a seek, wherever that status's articles lie in the order
    (without one, SQLite walked the order's index over every other status, or
    read every article of the status and sorted them: 60-400 ms a page)."""
    project, _ = listed
    query = ArticleQuery(status=status, order_by=order_by, descending=descending)
    middle = project.list_articles(query, limit=-1)[3]
    for after in (None, middle):
        statements = statements_of(project, lambda: project.list_articles(query, limit=200, after=after))
        assert 1 <= len(statements) <= 2
        for sql in statements:
            plan = plan_of(project, sql)
            assert len(plan) == 1 and plan[0].startswith("SEARCH a USING "), (sql, plan)
            assert "(status=?" in plan[0], plan
            assert "TEMP B-TREE" not in " ".join(plan)


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("order_by", ARTICLE_SORT_KEYS)
@pytest.mark.parametrize("filters", ["actor", "actor+new"])
def test_an_actor_in_many_articles_pages_by_the_orders_index(listed, monkeypatch, filters: str, order_by: str,
                                                            descending: bool) -> None:
    """The order's index leads (in import order without a status, the actor's
    articles do, by seq), each row tested against the actor's articles by seq:
    no sort, no reading of the tags."""
    monkeypatch.setattr(queries_module, "_ACTOR_ARTICLES_LEAD_MAX", 0)
    project, erdi = listed
    query = query_of(ACTOR_FILTERS[filters], erdi, order_by=order_by, descending=descending)
    middle = project.list_articles(query, limit=-1)[2]
    for after in (None, middle):
        statements = statements_of(project, lambda: project.list_articles(query, limit=200, after=after))
        assert 1 <= len(statements) <= 2
        for sql in statements:
            plan = " | ".join(plan_of(project, sql))
            assert "TEMP B-TREE" not in plan and "mentions" not in sql, (sql, plan)
            assert "list_actor_articles FOR IN-OPERATOR" in plan, plan
            if order_by == "seq" and "status" not in ACTOR_FILTERS[filters]:
                assert "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
                assert "SEARCH temp.list_actor_articles USING INTEGER PRIMARY KEY" in plan or after is None, plan
            else:
                assert plan.startswith("SEARCH a USING INDEX") or plan.startswith("SCAN a USING INDEX"), plan


@pytest.mark.parametrize("order_by", ARTICLE_SORT_KEYS)
def test_an_actor_in_few_articles_pages_over_them_only(listed, order_by: str) -> None:
    """Its articles lead, each looked up by seq, and a sort, if any, is of them
    alone (at most _ACTOR_ARTICLES_LEAD_MAX rows), not of the table; or (the
    rest of a tie) a range of the order's index. Never a scan."""
    project, erdi = listed
    query = ArticleQuery(actor_id=erdi, order_by=order_by)
    assert project._actor_leads(query) is True
    middle = project.list_articles(query, limit=-1)[2]
    for sql in statements_of(project, lambda: project.list_articles(query, limit=200, after=middle)):
        plan = plan_of(project, sql)
        assert "list_actor_articles FOR IN-OPERATOR" in " ".join(plan) and "mentions" not in sql, plan
        assert not any(step.startswith("SCAN") for step in plan), plan
        if plan[0] != "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)":
            assert plan[0].startswith("SEARCH a USING INDEX") and "=? AND rowid" in plan[0], plan
            assert "TEMP B-TREE" not in " ".join(plan), plan
