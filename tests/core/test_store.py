"""The store: every write is one transaction and returns a Change that undoes
(revert) and redoes (apply) itself exactly, down to derived tables and counts."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import Callable

import pytest

from tests.conftest import quote_span, read_article
from workbench.core import store, writer
from workbench.core.model import (
    ActorName,
    ArticleDraft,
    ArticleQuery,
    ArticleStatus,
    Change,
    TagKind,
)
from workbench.core.rows import name_key
from workbench.core.store import Project, TagError

# ------------------------------------------------------------------ helpers

EXPECTED_TABLES = {"articles", "actors", "actor_keys", "mentions", "claims", "claim_about", "denials"}
COUNT_COLUMNS = ("mention_count", "claim_count", "denial_count")
FTS_PROBES = ("harbour", "coalition", "ostria", "depot", "erdi", "ministry", "pasted")


def dump(project: Project) -> dict[str, list[tuple]]:
    """Every row of every table (counts and derived tables included), plus what
    full-text search finds, in an order that does not depend on rowids."""
    db = project.db
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'articles_fts%' ORDER BY name"
        )
    ]
    assert EXPECTED_TABLES <= set(tables)
    out: dict[str, list[tuple]] = {}
    for table in tables:
        cursor = db.execute(f"SELECT * FROM {table}")
        columns = tuple(d[0] for d in cursor.description)
        out[table] = [columns, *sorted(cursor.fetchall(), key=repr)]
    for table in ("articles", "actors"):
        assert set(COUNT_COLUMNS) <= set(out[table][0])
    out["fts"] = [
        (word, tuple(sorted(r[0] for r in db.execute(
            "SELECT a.id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
            " WHERE articles_fts MATCH ?", (f'"{word}"*',)))))
        for word in FTS_PROBES
    ]
    return out


def assert_consistent(project: Project) -> None:
    """Count columns equal COUNT(*), actor_keys follow names and aliases, the FTS
    index matches the articles, and no foreign key dangles."""
    db = project.db
    for table, actor_col, count in (
        ("mentions", "actor_id", "mention_count"),
        ("claims", "claimant_id", "claim_count"),
        ("denials", "denier_id", "denial_count"),
    ):
        wrong = db.execute(
            f"SELECT id, {count}, (SELECT count(*) FROM {table} t WHERE t.article_id = articles.id)"
            f" FROM articles WHERE {count} IS NOT"
            f" (SELECT count(*) FROM {table} t WHERE t.article_id = articles.id)"
        ).fetchall()
        assert wrong == [], f"articles.{count} wrong: {wrong}"
        wrong = db.execute(
            f"SELECT id, name, {count}, (SELECT count(*) FROM {table} t WHERE t.{actor_col} = actors.id)"
            f" FROM actors WHERE {count} IS NOT"
            f" (SELECT count(*) FROM {table} t WHERE t.{actor_col} = actors.id)"
        ).fetchall()
        assert wrong == [], f"actors.{count} wrong: {wrong}"
    keys = sorted(db.execute("SELECT key, actor_id FROM actor_keys"))
    expected = sorted(
        {
            (name_key(n), actor_id)
            for actor_id, name, aliases in db.execute("SELECT id, name, aliases FROM actors")
            for n in [name, *json.loads(aliases)]
        }
    )
    assert keys == expected, "actor_keys out of step with names and aliases"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")


# ------------------------------------------------------------------ seed data


@dataclass
class Seed:
    project: Project
    a1: str  # the harbour blast
    a2: str  # the follow-up
    a3: str  # unicode stress
    coalition: str
    ostria: str
    ministry: str
    erdi: str
    halloun: str
    courier: str
    unused: str
    m1: str
    m_erdi: str
    c1: str
    c2: str
    c3: str
    d1: str
    d2: str
    d3: str

    def text(self, article_id: str) -> str:
        return self.project.article_text(article_id)

    def span(self, article_id: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
        return quote_span(self.text(article_id), quote, occurrence)


def first_id(change: Change, entity: str) -> str:
    ids = change.ids_of(entity)
    assert ids, f"{change.label} touched no {entity}"
    return ids[0]


@pytest.fixture
def seed(project: Project) -> Seed:
    p = project
    ids, dupes = p.insert_articles(
        [read_article(n) for n in ("article-1-harbour-blast.txt", "article-2-follow-up.txt", "unicode-stress.txt")]
    )
    assert dupes == 0
    a1, a2, a3 = ids
    t1, t2 = p.article_text(a1), p.article_text(a2)
    ostria = first_id(p.add_actor("Republic of Ostria", "state", aliases=["Ostria"]), "actor")
    coalition = first_id(
        p.add_actor("Northern Coalition", "armed_group", aliases=["the coalition"],
                    affiliation_id=ostria, affiliation_kind="backed by"), "actor")
    ministry = first_id(p.add_actor("Kessland Interior Ministry", "government"), "actor")
    erdi = first_id(p.add_actor("Tomas Érdi", "person", aliases=["Érdi"]), "actor")
    halloun = first_id(
        p.add_actor("Idris Halloun", "person", affiliation_id=coalition, affiliation_kind="spokesman of"), "actor")
    courier = first_id(p.add_actor("Varen Courier", "media"), "actor")
    unused = first_id(p.add_actor("Coastwatch", "other", notes="monitoring group"), "actor")

    m1 = first_id(p.add_mention(a1, *quote_span(t1, "Northern Coalition"), coalition), "mention")
    p.add_mention(a1, *quote_span(t1, "Idris Halloun"), halloun)
    m_erdi = first_id(p.add_mention(a1, *quote_span(t1, "Tomas Érdi"), erdi), "mention")
    p.add_mention(a2, *quote_span(t2, "Northern Coalition"), coalition)
    p.add_mention(a2, *quote_span(t2, "Interior Ministry"), ministry)

    c1 = first_id(p.add_claim(
        a1, *quote_span(t1, "said on Tuesday that it had struck a fuel depot"), coalition,
        claim_type="responsibility", about=[coalition], summary="Coalition struck the depot"), "claim")
    c2 = first_id(p.add_claim(
        a1, *quote_span(t1, "Our fighters hit the depot at dawn"), halloun, reported_via=courier,
        claim_type="threat", about=[coalition, ministry], summary="Will strike again"), "claim")
    c3 = first_id(p.add_claim(
        a2, *quote_span(t2, "repeated that its drones had destroyed"), coalition, anonymous=True,
        about=[ostria, coalition], summary="Most fuel destroyed"), "claim")
    d1 = first_id(p.add_denial(
        a1, *quote_span(t1, "denied that the depot had been damaged"), ministry,
        denied_claim_id=c1, summary="Depot not damaged"), "denial")
    d2 = first_id(p.add_denial(
        a2, *quote_span(t2, "again denied any damage"), ministry, denied_claim_id=c1,
        reported_via=courier), "denial")
    d3 = first_id(p.add_denial(
        a1, *quote_span(t1, "rejected what it called"), ostria, summary="Does not arm the coalition"), "denial")
    assert_consistent(p)
    return Seed(p, a1, a2, a3, coalition, ostria, ministry, erdi, halloun, courier, unused,
                m1, m_erdi, c1, c2, c3, d1, d2, d3)


# ------------------------------------------------------ every write, undone


def _update_claim_span(s: Seed) -> Change:
    return s.project.update_tag("claim", s.c1, span=s.span(s.a1, "it had struck a fuel depot"))


WRITES: dict[str, Callable[[Seed], Change]] = {
    "add article": lambda s: s.project.add_article(
        ArticleDraft(title="Pasted", text="Pasted text about the harbour\r\nand Érdi.  \n", outlet="Wire")),
    "edit article": lambda s: s.project.update_article(
        s.a1, title="Depot struck, says coalition", notes="**checked**", published="2026-05-01"),
    "set status": lambda s: s.project.set_status(s.a2, ArticleStatus.DONE),
    "delete article with denied claims": lambda s: s.project.delete_article(s.a1),
    "delete article with cross-article denial": lambda s: s.project.delete_article(s.a2),
    "delete untagged article": lambda s: s.project.delete_article(s.a3),
    "add actor": lambda s: s.project.add_actor(
        "Coalition Media Office", "media", aliases=["CMO", " press  office "],
        affiliation_id=s.coalition, affiliation_kind="part of", notes="x"),
    "rename actor": lambda s: s.project.update_actor(s.erdi, name="Tomás Érdi"),
    "edit actor": lambda s: s.project.update_actor(
        s.ministry, kind="state", aliases=["MoI", "Innenministerium"], affiliation_id=s.erdi,
        affiliation_kind="led by", notes="new"),
    "delete actor": lambda s: s.project.delete_actor(s.unused),
    "merge actors": lambda s: s.project.merge_actors(s.ostria, s.coalition),
    "merge actors, other way": lambda s: s.project.merge_actors(s.coalition, s.ostria),
    "add mention": lambda s: s.project.add_mention(s.a2, *s.span(s.a2, "Coastwatch"), s.unused),
    "add mention creating actor": lambda s: s.project.add_mention(
        s.a1, *s.span(s.a1, "Mira Solberg"), ActorName("Mira Solberg")),
    "add mention by alias": lambda s: s.project.add_mention(
        s.a1, *s.span(s.a1, "Ostria", 1), ActorName("OSTRIA")),
    "add claim creating actors": lambda s: s.project.add_claim(
        s.a1, *s.span(s.a1, "blamed Ostria for attacks"), ActorName("érdi"),
        reported_via=ActorName("Wire Service"), claim_type="attribution",
        about=[ActorName("Ostria"), ActorName("Coast Guard"), ActorName("ostria")], summary=" Ostria  to blame "),
    "add denial": lambda s: s.project.add_denial(
        s.a2, *s.span(s.a2, "ships were refuelling normally"), ActorName("harbour official"),
        denied_claim_id=s.c3, summary="No damage", reported_via=s.courier),
    "edit mention actor": lambda s: s.project.update_tag("mention", s.m1, actor=s.ostria, notes="re-linked"),
    "edit claim": lambda s: s.project.update_tag(
        "claim", s.c2, claimant=ActorName("Mira Solberg"), anonymous=True, reported_via=None,
        claim_type=None, about=[s.erdi], summary="changed"),
    "move claim span": _update_claim_span,
    "edit denial": lambda s: s.project.update_tag(
        TagKind.DENIAL, s.d1, denier=s.erdi, denied_claim_id=None, summary="s", reported_via=s.courier),
    "relink denial": lambda s: s.project.update_tag("denial", s.d3, denied_claim_id=s.c3),
    "delete mention": lambda s: s.project.delete_tag("mention", s.m_erdi),
    "delete claim with denials": lambda s: s.project.delete_tag("claim", s.c1),
    "delete denial": lambda s: s.project.delete_tag(TagKind.DENIAL, s.d2),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_write_reverts_and_reapplies_exactly(seed: Seed, name: str) -> None:
    project = seed.project
    before = dump(project)
    change = WRITES[name](seed)
    assert isinstance(change, Change) and not change.is_empty() and change.label
    after = dump(project)
    assert after != before
    assert_consistent(project)

    project.revert(change)
    assert dump(project) == before
    assert_consistent(project)

    project.apply(change)
    assert dump(project) == after
    assert_consistent(project)

    project.revert(change)
    assert dump(project) == before
    project.apply(change)
    assert dump(project) == after


def test_change_says_what_it_touched(seed: Seed) -> None:
    p = seed.project
    tagged = p.add_mention(seed.a2, *seed.span(seed.a2, "Coastwatch"), ActorName("Coastwatch Group"))
    assert tagged.label == "Tag mention"
    assert tagged.entities == {"actor", "mention"} and tagged.touches_registry
    assert tagged.article_ids == {seed.a2}
    status = p.set_status(seed.a1, "done")
    assert status.label == "Set status" and status.entities == {"article"}
    assert not status.touches_registry and status.created_ids == ()
    assert p.update_actor(seed.erdi, name="T. Érdi").label == "Rename actor"
    merged = p.merge_actors(seed.ministry, seed.courier)
    assert merged.article_ids == {seed.a1, seed.a2}
    assert set(merged.ids_of("actor")) == {seed.ministry, seed.courier}


def test_bulk_import_is_not_an_undoable_change_but_keeps_counts(seed: Seed) -> None:
    ids, dupes = seed.project.insert_articles(
        [read_article("article-1-harbour-blast.txt"), ArticleDraft(title="", text="New one\n\nbody")]
    )
    assert dupes == 1 and len(ids) == 1
    assert seed.project.get_article(ids[0]).title == "New one"
    assert_consistent(seed.project)


def test_no_op_edit_is_an_empty_change(seed: Seed) -> None:
    before = dump(seed.project)
    title = seed.project.get_article(seed.a1).title
    change = seed.project.update_article(seed.a1, title=title)
    assert change.is_empty()
    assert dump(seed.project) == before


def test_undo_redo_chain_in_order(seed: Seed) -> None:
    p = seed.project
    states = [dump(p)]
    changes = []
    t1 = seed.text(seed.a1)
    steps = [
        lambda: p.add_mention(seed.a1, *quote_span(t1, "Mira Solberg"), ActorName("Mira Solberg")),
        lambda: p.update_actor(p.find_actor_id("mira solberg"), kind="person", aliases=["Solberg"]),
        lambda: p.add_claim(seed.a1, *quote_span(t1, "this is coalition propaganda"), ActorName("Solberg"),
                            about=[seed.coalition], summary="Propaganda"),
        lambda: p.add_denial(seed.a2, *seed.span(seed.a2, "again denied any damage"), ActorName("Mira Solberg"),
                             denied_claim_id=p.claims_by_actor(p.find_actor_id("Solberg"))[0].id),
        lambda: p.merge_actors(seed.ministry, p.find_actor_id("Mira Solberg")),
        lambda: p.delete_tag("claim", seed.c1),
        lambda: p.set_status(seed.a1, "in_progress"),
        lambda: p.delete_article(seed.a2),
    ]
    for step in steps:
        changes.append(step())
        states.append(dump(p))
        assert_consistent(p)
    assert len({repr(s) for s in states}) == len(states), "every step changed something"

    for n in range(len(changes) - 1, -1, -1):
        p.revert(changes[n])
        assert dump(p) == states[n], f"undo of {changes[n].label}"
        assert_consistent(p)
    for n, change in enumerate(changes):
        p.apply(change)
        assert dump(p) == states[n + 1], f"redo of {change.label}"
        assert_consistent(p)
    # undo half, redo again
    for change in reversed(changes[4:]):
        p.revert(change)
    assert dump(p) == states[4]
    for change in changes[4:]:
        p.apply(change)
    assert dump(p) == states[-1]


# ------------------------------------------------------------ specific writes


def test_merge_moves_everything_and_undo_restores_it(seed: Seed) -> None:
    p = seed.project
    before = dump(p)
    gone = p.get_actor(seed.coalition)
    keep_before = p.get_actor(seed.ostria)
    change = p.merge_actors(seed.ostria, seed.coalition)

    assert p.get_actor(seed.coalition) is None
    keep = p.get_actor(seed.ostria)
    assert keep.mentions == keep_before.mentions + gone.mentions == 2
    assert keep.claims == keep_before.claims + gone.claims == 2
    assert "Northern Coalition" in keep.aliases and "the coalition" in keep.aliases
    assert keep.aliases.count("Ostria") == 1
    # the coalition was backed by Ostria: the merged actor must not be affiliated with itself
    assert keep.affiliation_id is None
    assert p.get_actor(seed.halloun).affiliation_id == seed.ostria
    assert {c.claimant_id for c in p.claims_by_actor(seed.ostria)} == {seed.ostria}
    about = {c.id: c.about_ids for c in p.tags_of_article(seed.a1).claims + p.tags_of_article(seed.a2).claims}
    assert about[seed.c1] == (seed.ostria,)
    assert about[seed.c2] == (seed.ostria, seed.ministry)
    assert about[seed.c3] == (seed.ostria,)  # both were about it: once
    assert p.find_actor_id("northern coalition") == seed.ostria
    assert p.find_actor_id("The Coalition") == seed.ostria
    assert p.list_articles(ArticleQuery(actor_id=seed.coalition)) == []
    assert_consistent(p)

    p.revert(change)
    assert dump(p) == before
    assert p.get_actor(seed.coalition) == gone
    assert p.find_actor_id("northern coalition") == seed.coalition


def test_merge_carries_over_denials_and_reported_via(seed: Seed) -> None:
    p = seed.project
    change = p.merge_actors(seed.ministry, seed.courier)
    claim2 = p.get_tag("claim", seed.c2)
    assert claim2.reported_via_id == seed.ministry
    assert p.get_tag("denial", seed.d2).reported_via_id == seed.ministry
    assert p.get_actor(seed.ministry).denials == 2
    with pytest.raises(TagError):
        p.delete_actor(seed.ministry)
    p.revert(change)
    assert p.get_tag("claim", seed.c2).reported_via_id == seed.courier


def test_deleting_a_claim_unlinks_denials_and_undo_relinks(seed: Seed) -> None:
    p = seed.project
    assert {d.id for d in p.denials_of_claim(seed.c1)} == {seed.d1, seed.d2}
    change = p.delete_tag("claim", seed.c1)
    assert p.get_tag("claim", seed.c1) is None
    assert p.denials_of_claim(seed.c1) == []
    for denial_id in (seed.d1, seed.d2):
        denial = p.get_tag("denial", denial_id)
        assert denial is not None and denial.denied_claim_id is None
    assert p.db.execute("SELECT count(*) FROM claim_about WHERE claim_id = ?", (seed.c1,)).fetchone()[0] == 0
    assert set(change.article_ids) == {seed.a1, seed.a2}
    p.revert(change)
    assert {d.id for d in p.denials_of_claim(seed.c1)} == {seed.d1, seed.d2}
    assert p.get_tag("claim", seed.c1).about_ids == (seed.coalition,)


def test_deleting_an_article_unlinks_denials_elsewhere(seed: Seed) -> None:
    p = seed.project
    change = p.delete_article(seed.a1)
    assert p.get_article(seed.a1) is None
    assert p.tags_of_article(seed.a1).all() == ()
    survivor = p.get_tag("denial", seed.d2)  # in article 2, denied a claim of article 1
    assert survivor is not None and survivor.denied_claim_id is None
    assert p.get_tag("denial", seed.d1) is None
    assert p.count_articles(ArticleQuery(search="Halloun")) == 0
    assert seed.a2 in change.article_ids
    p.revert(change)
    assert p.get_tag("denial", seed.d2).denied_claim_id == seed.c1
    assert p.count_articles(ArticleQuery(search="Halloun")) == 1
    assert len(p.tags_of_article(seed.a1).all()) == 3 + 2 + 2


def test_deleting_the_denying_article_keeps_the_claim(seed: Seed) -> None:
    p = seed.project
    p.delete_article(seed.a2)
    assert [d.id for d in p.denials_of_claim(seed.c1)] == [seed.d1]
    assert p.get_actor(seed.ministry).denials == 1
    assert_consistent(p)


def test_actor_created_by_name_is_undone_with_the_tag(seed: Seed) -> None:
    p = seed.project
    change = p.add_mention(seed.a1, *seed.span(seed.a1, "Mira Solberg"), ActorName("  Mira   Solberg "))
    actor_id = first_id(change, "actor")
    assert change.created_ids == (actor_id, first_id(change, "mention"))
    actor = p.get_actor(actor_id)
    assert actor.name == "Mira Solberg" and actor.kind.value == "other" and actor.mentions == 1
    p.revert(change)
    assert p.get_actor(actor_id) is None
    assert p.find_actor_id("Mira Solberg") is None
    p.apply(change)
    assert p.find_actor_id("mira solberg") == actor_id
    assert p.get_actor(actor_id).mentions == 1


def test_count_actors_follows_writes_and_undo(seed: Seed) -> None:
    p = seed.project
    n_actors = len(p.list_actors())
    assert p.count_actors() == n_actors == p.stats().actors
    change = p.add_mention(seed.a1, *seed.span(seed.a1, "Mira Solberg"), ActorName("Mira Solberg"))
    assert p.count_actors() == n_actors + 1
    p.revert(change)
    assert p.count_actors() == n_actors


def test_existing_actor_by_name_is_linked_not_duplicated(seed: Seed) -> None:
    p = seed.project
    n_actors = p.stats().actors
    change = p.add_claim(seed.a1, *seed.span(seed.a1, "blamed Ostria"), ActorName("TOMAS ÉRDI"),
                         about=[ActorName("ostria")])
    assert change.ids_of("actor") == ()
    claim = p.get_tag("claim", first_id(change, "claim"))
    assert claim.claimant_id == seed.erdi and claim.about_ids == (seed.ostria,)
    assert p.stats().actors == n_actors


@pytest.mark.parametrize(
    "typed",
    ["Tomas Érdi", "TOMAS ÉRDI", "tomas érdi", "  Tomas   Érdi ", "ÉRDI", "érdi", "Érdi",
     unicodedata.normalize("NFD", "ÉRDI"), unicodedata.normalize("NFD", "Tomas Érdi")],
)
def test_actor_lookup_by_name_or_alias_ignores_case(seed: Seed, typed: str) -> None:
    assert seed.project.find_actor_id(typed) == seed.erdi
    assert seed.project.find_actor(typed).name == "Tomas Érdi"


def test_actor_lookup_prefers_a_name_over_an_alias(seed: Seed) -> None:
    p = seed.project
    p.add_actor("Varen", "other", aliases=["Ostria"])
    assert p.find_actor_id("OSTRIA") == seed.ostria  # alias of two, created first wins
    named = first_id(p.add_actor("The Coalition", "party"), "actor")
    assert p.find_actor_id("the coalition") == named  # a name beats an older alias
    assert p.find_actor_id("Erdi") is None  # no diacritics folding for names
    assert p.find_actor_id("") is None


def test_actor_renames_and_alias_edits_update_lookup(seed: Seed) -> None:
    p = seed.project
    change = p.update_actor(seed.erdi, name="Tomas Erdélyi", aliases=["T. E."])
    assert p.find_actor_id("érdi") is None
    assert p.find_actor_id("t. e.") == seed.erdi
    assert [a.id for a in p.list_actors("erdél")] == [seed.erdi]
    p.revert(change)
    assert p.find_actor_id("ÉRDI") == seed.erdi
    assert p.find_actor_id("t. e.") is None


# ------------------------------------------------------------------ reads


def make_list(project: Project, n: int = 30) -> list[str]:
    drafts = [
        ArticleDraft(
            title=f"{'Harbour' if k % 3 == 0 else 'Border'} report {k:02d}",
            text=f"Report {k}. " + ("Minister Érdi spoke. " if k % 4 == 0 else "Nobody spoke. ")
            + ("Coalition drones. " if k % 5 == 0 else ""),
            outlet=["Courier", "wire", "Anadolu", "zeta"][k % 4],
            published=f"2026-0{1 + k % 9}-{10 + k % 17}",
        )
        for k in range(n)
    ]
    ids, _ = project.insert_articles(drafts)
    return ids


def test_list_articles_pages_sorts_and_filters(project: Project) -> None:
    ids = make_list(project)
    actor = first_id(project.add_actor("Érdi"), "actor")
    for k in (0, 4, 8):
        text = project.article_text(ids[k])
        for _ in range(k // 4 + 1):
            project.add_mention(ids[k], *quote_span(text, "Érdi"), actor)
    project.add_claim(ids[8], *quote_span(project.article_text(ids[8]), "spoke"), actor)
    project.set_status(ids[3], "done")
    project.set_status(ids[5], ArticleStatus.IN_PROGRESS)
    project.set_status(ids[7], "done")

    everything = project.list_articles(limit=1000)
    assert [a.id for a in everything] == ids
    assert [a.seq for a in everything] == sorted(a.seq for a in everything)
    pages = [a for offset in range(0, 30, 7) for a in project.list_articles(offset=offset, limit=7)]
    assert pages == everything
    assert project.list_articles(offset=30, limit=7) == []

    key_of = {
        "title": lambda a: a.title.casefold(),
        "outlet": lambda a: a.outlet.casefold(),
        "published": lambda a: a.published,
        "status": lambda a: a.status.value,
        "mentions": lambda a: a.mentions,
        "claims": lambda a: a.claims,
        "seq": lambda a: a.seq,
    }
    for order_by, key in key_of.items():
        for descending in (False, True):
            query = ArticleQuery(order_by=order_by, descending=descending)
            got = project.list_articles(query, limit=1000)
            expected = sorted(everything, key=lambda a: (key(a), a.seq), reverse=descending)
            assert [a.id for a in got] == [a.id for a in expected], (order_by, descending)
            assert project.article_ids(query) == [a.id for a in got]
            paged = [a for offset in range(0, 30, 4) for a in project.list_articles(query, offset, 4)]
            assert paged == got

    done = project.list_articles(ArticleQuery(status=ArticleStatus.DONE))
    assert [a.id for a in done] == [ids[3], ids[7]]
    assert project.count_articles(ArticleQuery(status="in_progress")) == 1
    by_actor = project.list_articles(ArticleQuery(actor_id=actor, order_by="mentions", descending=True))
    assert [a.id for a in by_actor] == [ids[8], ids[4], ids[0]]
    assert [a.mentions for a in by_actor] == [3, 2, 1]
    assert by_actor[0].claims == 1
    both = ArticleQuery(actor_id=actor, status="done", search="report")
    assert project.list_articles(both) == [] and project.count_articles(both) == 0


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("Erdi", {0, 4, 8, 12, 16, 20, 24, 28}),  # no diacritics typed, "Érdi" in the text
        ("ÉRDI", {0, 4, 8, 12, 16, 20, 24, 28}),
        ("harb", {0, 3, 6, 9, 12, 15, 18, 21, 24, 27}),  # the last word is a prefix
        ("harbour report 12", {12}),
        ("harbour report 1", set()),  # a last word under 3 characters is a whole word, not a prefix
        ("harbour repo", {0, 3, 6, 9, 12, 15, 18, 21, 24, 27}),
        ("minister coal", {0, 20}),
        ("drones érdi", {0, 20}),
        ("Nobody Coalition", {5, 10, 15, 25}),
        ("zzz", set()),
    ],
)
def test_full_text_search(project: Project, search: str, expected: set[int]) -> None:
    ids = make_list(project)
    found = {ids.index(a.id) for a in project.list_articles(ArticleQuery(search=search), limit=1000)}
    assert found == expected
    assert project.count_articles(ArticleQuery(search=search)) == len(expected)


@pytest.mark.parametrize(
    "search",
    ['"', '""', "NEAR(", "NEAR(a b", "*", "report*", "-report", "title:harbour", "a AND", "OR",
     "NOT", "(", ")", "^", "'", "report\"", "%", "_", "\\", "\x00", "'; DROP TABLE articles; --",
     "   ", "🙂", "Ér*", "a:b:c", "{title}: x"],
)
def test_search_input_never_raises(project: Project, search: str) -> None:
    make_list(project)
    listed = project.list_articles(ArticleQuery(search=search), limit=1000)
    assert project.count_articles(ArticleQuery(search=search)) == len(listed)
    assert project.count_articles() == 30
    if search.strip() in {"", "*", '"', '""', "(", ")", "^", "'", "%", "\\", "\x00", "🙂"}:
        assert len(listed) == 30  # nothing to search for: everything is listed
    project.search_claims(search)
    project.list_actors(search)


def test_tags_of_article_carry_actor_names(seed: Seed) -> None:
    tags = seed.project.tags_of_article(seed.a1)
    assert [m.actor_name for m in tags.mentions] == ["Northern Coalition", "Idris Halloun", "Tomas Érdi"]
    for mention in tags.mentions:
        assert seed.text(seed.a1)[mention.span.start : mention.span.end] == mention.span.quote
        assert mention.analyst == "tester"
    claims = {c.id: c for c in tags.claims}
    assert claims[seed.c2].claimant_name == "Idris Halloun"
    assert claims[seed.c2].reported_via_name == "Varen Courier"
    assert claims[seed.c2].about_names == ("Northern Coalition", "Kessland Interior Ministry")
    assert claims[seed.c2].article_title.startswith("Northern Coalition says")
    assert claims[seed.c1].claim_type.value == "responsibility"
    denials = {d.id: d for d in tags.denials}
    assert denials[seed.d1].denier_name == "Kessland Interior Ministry"
    assert denials[seed.d1].denied_claim_summary == "Coalition struck the depot"
    assert denials[seed.d3].denied_claim_id is None and denials[seed.d3].denied_claim_summary == ""
    assert [t.span.start for t in tags.all()[:3]] == sorted(t.span.start for t in tags.mentions)
    assert seed.project.tags_of_article(seed.a3).all() == ()


def test_claims_by_actor_and_denials_of_claim(seed: Seed) -> None:
    p = seed.project
    assert {c.id for c in p.claims_by_actor(seed.coalition)} == {seed.c1, seed.c3}
    assert [c.id for c in p.claims_by_actor(seed.halloun)] == [seed.c2]
    assert p.claims_by_actor(seed.ministry) == []
    assert {d.id for d in p.denials_of_claim(seed.c1)} == {seed.d1, seed.d2}
    assert p.denials_of_claim(seed.c2) == []
    assert p.denials_of_claim("no-such-claim") == []


def test_search_claims(seed: Seed) -> None:
    p = seed.project
    ids = lambda found: {c.id for c in found}  # noqa: E731
    assert ids(p.search_claims("")) == {seed.c1, seed.c2, seed.c3}
    assert ids(p.search_claims("hit the DEPOT")) == {seed.c2}  # quote
    assert ids(p.search_claims("will strike")) == {seed.c2}  # summary
    assert ids(p.search_claims("halloun")) == {seed.c2}  # claimant
    assert ids(p.search_claims("Coastwatch revises")) == {seed.c3}  # article title
    assert ids(p.search_claims("fuel")) == {seed.c1, seed.c3}
    assert ids(p.search_claims("%")) == set()
    assert ids(p.search_claims("nothing like this")) == set()
    assert len(p.search_claims("", limit=2)) == 2


def test_check_reports_all_good_then_a_mismatched_quote(seed: Seed) -> None:
    p = seed.project
    report = p.check()
    assert report.ok and report.sqlite_problems == () and report.mismatches == ()
    assert report.tags_checked == 5 + 3 + 3
    p.db.execute("UPDATE claims SET quote = 'not in the text' WHERE id = ?", (seed.c2,))
    report = p.check()
    assert not report.ok
    (bad,) = report.mismatches
    assert (bad.kind, bad.tag_id, bad.article_id) == (TagKind.CLAIM, seed.c2, seed.a1)
    assert bad.stored_quote == "not in the text"
    assert bad.text_quote == "Our fighters hit the depot at dawn"


def test_check_counts_code_points_not_bytes(project: Project) -> None:
    (article_id,), _ = project.insert_articles([read_article("unicode-stress.txt")])
    text = project.article_text(article_id)
    for quote in ("أحمد الحكيم", "🙄", "José Núñez", "הכחיש", "🇺🇸 officials", "combining"):
        project.add_mention(article_id, *quote_span(text, quote), ActorName(quote))
    assert project.check().ok
    project.db.execute("UPDATE mentions SET span_start = span_start + 1, span_end = span_end + 1 WHERE quote = '🙄'")
    assert [m.stored_quote for m in project.check().mismatches] == ["🙄"]


# ------------------------------------------------------------ transactions


def failing_on_call(n: int, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    real = store.write_state

    def write_state(*args, **kwargs):
        calls[0] += 1
        if calls[0] == n:
            raise RuntimeError("disk pulled out")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "write_state", write_state)  # undo and redo
    monkeypatch.setattr(writer, "write_state", write_state)  # every other write
    return calls


FAILING_WRITES: dict[str, Callable[[Seed], object]] = {
    "mention creating actor": WRITES["add mention creating actor"],
    "claim creating actors": WRITES["add claim creating actors"],
    "merge": WRITES["merge actors"],
    "delete article": WRITES["delete article with denied claims"],
    "delete claim": WRITES["delete claim with denials"],
}


@pytest.mark.parametrize("name", list(FAILING_WRITES))
def test_failure_in_the_middle_of_a_write_leaves_no_trace(
    seed: Seed, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(seed.project)
    calls = failing_on_call(2, monkeypatch)
    with pytest.raises(RuntimeError, match="disk pulled out"):
        FAILING_WRITES[name](seed)
    assert calls[0] == 2
    assert not seed.project.db.in_transaction
    assert dump(seed.project) == before
    assert_consistent(seed.project)
    monkeypatch.undo()
    change = FAILING_WRITES[name](seed)  # the project still works
    assert not change.is_empty()


@pytest.mark.parametrize("direction", ["revert", "apply"])
def test_failure_in_the_middle_of_undo_or_redo_leaves_no_trace(
    seed: Seed, direction: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    change = seed.project.merge_actors(seed.ostria, seed.coalition)
    if direction == "apply":
        seed.project.revert(change)
    before = dump(seed.project)
    failing_on_call(3, monkeypatch)
    with pytest.raises(RuntimeError):
        getattr(seed.project, direction)(change)
    assert dump(seed.project) == before
    monkeypatch.undo()
    getattr(seed.project, direction)(change)
    assert dump(seed.project) != before


def test_nested_atomic_rolls_back_inner_only(seed: Seed) -> None:
    p = seed.project
    before = dump(p)
    with p.atomic():
        p.set_status(seed.a1, "done")
        with pytest.raises(TagError):
            p.delete_actor(seed.coalition)
        with pytest.raises(TagError):
            p.add_mention(seed.a1, 0, 10**6, ActorName("Half written"))
    assert p.get_article(seed.a1).status is ArticleStatus.DONE
    assert dump(p) != before
    with pytest.raises(ZeroDivisionError):
        with p.atomic():
            p.set_status(seed.a2, "done")
            1 / 0
    assert p.get_article(seed.a2).status is ArticleStatus.NEW


def test_each_write_commits_before_returning(seed: Seed) -> None:
    seed.project.set_status(seed.a3, "done")
    assert not seed.project.db.in_transaction
    other = sqlite3.connect(seed.project.path)
    try:
        assert other.execute("SELECT status FROM articles WHERE id = ?", (seed.a3,)).fetchone() == ("done",)
    finally:
        other.close()


# ------------------------------------------------------------------ bad input


def _end(s: Seed) -> int:
    return len(s.text(s.a1))


BAD_INPUTS: dict[str, Callable[[Seed], object]] = {
    "end past text": lambda s: s.project.add_mention(s.a1, _end(s) - 2, _end(s) + 1, s.coalition),
    "negative start": lambda s: s.project.add_mention(s.a1, -1, 4, s.coalition),
    "start == end": lambda s: s.project.add_mention(s.a1, 5, 5, s.coalition),
    "start > end": lambda s: s.project.add_claim(s.a1, 9, 5, s.coalition),
    "unknown actor id": lambda s: s.project.add_mention(s.a1, 0, 5, "no-such-actor"),
    "unknown claimant": lambda s: s.project.add_claim(s.a1, 0, 5, "no-such-actor"),
    "unknown about": lambda s: s.project.add_claim(s.a1, 0, 5, s.coalition, about=[ActorName("New"), "nope"]),
    "unknown reported via": lambda s: s.project.add_denial(s.a1, 0, 5, s.ministry, reported_via="nope"),
    "blank actor name": lambda s: s.project.add_mention(s.a1, 0, 5, ActorName("   ")),
    "unknown denied claim": lambda s: s.project.add_denial(s.a1, 0, 5, s.ministry, denied_claim_id="nope"),
    "unknown article": lambda s: s.project.add_mention("no-such-article", 0, 5, ActorName("New actor")),
    "self merge": lambda s: s.project.merge_actors(s.coalition, s.coalition),
    "merge unknown": lambda s: s.project.merge_actors(s.coalition, "nope"),
    "merge an article id": lambda s: s.project.merge_actors(s.a1, s.coalition),
    "delete actor with tags": lambda s: s.project.delete_actor(s.coalition),
    "delete actor in about and affiliation": lambda s: s.project.delete_actor(s.ostria),
    "delete actor only reported via": lambda s: s.project.delete_actor(s.courier),
    "affiliated with itself": lambda s: s.project.update_actor(s.erdi, affiliation_id=s.erdi),
    "affiliated with unknown": lambda s: s.project.update_actor(s.erdi, affiliation_id="nope"),
    "empty actor name": lambda s: s.project.update_actor(s.erdi, name="  "),
    "new actor without name": lambda s: s.project.add_actor(" \t "),
    "unknown actor field": lambda s: s.project.update_actor(s.erdi, colour="red"),
    "unknown actor": lambda s: s.project.update_actor("nope", name="x"),
    "unknown article field": lambda s: s.project.update_article(s.a1, text="rewritten"),
    "unknown tag field": lambda s: s.project.update_tag("mention", s.m1, summary="x"),
    "tag span out of range": lambda s: s.project.update_tag("claim", s.c1, span=(0, _end(s) + 10)),
    "unknown tag": lambda s: s.project.delete_tag("denial", "nope"),
    "edit unknown tag": lambda s: s.project.update_tag("claim", "nope", summary="x"),
    "unknown article status": lambda s: s.project.update_article("nope", status="done"),
    "delete unknown article": lambda s: s.project.delete_article("nope"),
    "empty article": lambda s: s.project.add_article(ArticleDraft(title="x", text=" \r\n \t")),
    "duplicate article": lambda s: s.project.add_article(read_article("article-2-follow-up.txt")),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_raises_tag_error_and_changes_nothing(seed: Seed, name: str) -> None:
    before = dump(seed.project)
    with pytest.raises(TagError):
        BAD_INPUTS[name](seed)
    assert not seed.project.db.in_transaction
    assert dump(seed.project) == before


@pytest.mark.parametrize("use", ["about", "affiliation"])
def test_actor_used_only_as_subject_or_affiliation_cannot_be_deleted(seed: Seed, use: str) -> None:
    p = seed.project
    actor = first_id(p.add_actor("Coast Guard"), "actor")
    if use == "about":
        p.add_claim(seed.a2, 0, 10, seed.ministry, about=[actor])
    else:
        p.update_actor(seed.courier, affiliation_id=actor, affiliation_kind="owned by")
    with pytest.raises(TagError, match="merge"):
        p.delete_actor(actor)
    assert p.get_actor(actor) is not None
