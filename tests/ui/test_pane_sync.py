"""The pane applies a change to the marks it touched instead of re-reading the
article: after any sequence of tags, edits, undos, redos, deletions, renames and
merges its marks (and their lanes) must equal a fresh read of the article's tags,
and the sidebar's lists must show the same tags. One read of each kind per open
and per change, shared by the pane and the sidebar."""

from __future__ import annotations

import random

import pytest

from workbench.core.model import ActorName, ArticleDraft, TagKind
from workbench.ui.span_marks import SpanIndex, SpanMark, marks_of

pytest.importorskip("workbench.ui.sidebar")

from workbench.ui.article_models import MentionTreeModel  # noqa: E402


def _list_rows(model) -> list:
    return [model.row(model.index(r, 0)) for r in range(model.rowCount())]


def _tree(model: MentionTreeModel) -> list[tuple]:
    groups = [model.item(model.index(r, 0)) for r in range(model.rowCount())]
    return [(g.actor_id, g.name, g.kind, tuple(g.mentions)) for g in groups]


def assert_in_step(window) -> None:
    """The pane and the sidebar show exactly what a fresh read of the store gives."""
    project, article_id = window.session.project, window.article_id
    tags = project.tags_of_article(article_id)
    shown = window.view.marks()
    assert sorted(shown, key=lambda m: m.tag_id) == sorted(marks_of(tags), key=lambda m: m.tag_id)
    fresh = SpanIndex()
    fresh.reset(shown)
    assert list(shown) == fresh.ordered and window.view._index.lanes == fresh.lanes
    lists = window.sidebar.lists
    assert _list_rows(lists.claims) == list(tags.claims)
    assert _list_rows(lists.denials) == list(tags.denials)
    reread = MentionTreeModel(project)
    reread.set_article(article_id)
    assert _tree(lists.mentions) == _tree(reread)


def _span(window, quote: str, nth: int = 0) -> tuple[int, int]:
    text = window.view.article_text()
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def test_pane_and_sidebar_follow_tags_edits_undo_redo_renames_and_merges(window):
    session, project, article_id = window.session, window.session.project, window.article_id
    run = session.run
    steps = 0

    def check() -> None:
        nonlocal steps
        steps += 1
        assert_in_step(window)

    coastwatch = run(project.add_mention, article_id, *_span(window, "Coastwatch"), ActorName("Coastwatch"))
    check()
    claim = run(project.add_claim, article_id, *_span(window, "Satellite images"), ActorName("Coastwatch"),
                summary="Images show smoke").ids_of("claim")[0]
    check()
    denial = run(project.add_denial, article_id, *_span(window, "Kessland"), ActorName("Kessland Interior Ministry"),
                 denied_claim_id=claim).ids_of("denial")[0]
    check()
    assert any(m.label.endswith("Images show smoke") for m in window.view.marks() if m.tag_id == denial)
    run(project.update_tag, TagKind.CLAIM, claim, summary="Images show a fire")  # the denial's label follows
    check()
    assert [m.label for m in window.view.marks() if m.tag_id == denial] == [
        "Denial · Kessland Interior Ministry → Images show a fire"]
    run(project.update_tag, TagKind.MENTION, coastwatch.ids_of("mention")[0], span=_span(window, "Idris Halloun"))
    check()
    run(project.delete_tag, TagKind.CLAIM, claim)  # unlinks the denial
    check()
    session.undo()
    check()
    run(project.update_actor, project.find_actor_id("Northern Coalition"), name="Northern Alliance")  # a rename
    check()
    assert "Mention · Northern Alliance" in {m.label for m in window.view.marks()}
    run(project.update_actor, project.find_actor_id("Coastwatch"), kind="media")  # the tree shows kinds
    check()
    run(project.merge_actors, project.find_actor_id("Coastwatch"), project.find_actor_id("Kessland Interior Ministry"))
    check()
    run(project.set_status, article_id, "in_progress")
    check()
    while session.undo_stack.canUndo():
        session.undo()
        check()
    assert window.view.marks() and len(window.view.marks()) == 3
    while session.undo_stack.canRedo():
        session.redo()
        check()
    assert steps > 25


def test_a_claim_edited_in_another_article_relabels_the_denial_here(window, tags_of_harbour):
    session, project, article_id = window.session, window.session.project, window.article_id
    (other,), _ = project.insert_articles([ArticleDraft("Follow-up", "Follow-up\n\nCoastwatch saw no fire.")])
    session.notify_reset()
    assert window.article_id == article_id
    claim = session.run(project.add_claim, other, 11, 21, ActorName("Coastwatch"), summary="No fire").ids_of("claim")[0]
    session.run(project.update_tag, TagKind.DENIAL, tags_of_harbour["denial"], denied_claim_id=claim, summary="")
    assert_in_step(window)
    session.run(project.update_tag, TagKind.CLAIM, claim, summary="No fire seen")  # a change of the other article
    assert_in_step(window)
    assert "Denial · Kessland Interior Ministry → No fire seen" in {m.label for m in window.view.marks()}
    session.run(project.delete_tag, TagKind.CLAIM, claim)
    assert_in_step(window)
    session.undo()
    assert_in_step(window)


@pytest.fixture
def tags_of_harbour(harbour) -> dict[str, str]:
    return {kind: change.ids_of(kind)[0] for kind, change in harbour[2].items()}


@pytest.fixture
def counted_reads(window, monkeypatch) -> list[TagKind]:
    """The kinds of every read of the article's tags from the store, in order."""
    project = window.session.project
    reads: list[TagKind] = []
    real = project.tags_of_kind

    def tags_of_kind(article_id, kind):
        reads.append(TagKind(kind))
        return real(article_id, kind)
    monkeypatch.setattr(project, "tags_of_kind", tags_of_kind)
    return reads


def test_one_read_of_each_kind_per_open_and_per_change(window, counted_reads, drafts, tags_of_harbour):
    session, project, article_id = window.session, window.session.project, window.article_id
    M, C, D = TagKind.MENTION, TagKind.CLAIM, TagKind.DENIAL

    def reads_of(write, *args, **kwargs) -> list[TagKind]:
        counted_reads.clear()
        session.run(write, *args, **kwargs)
        return sorted(counted_reads, key=list(TagKind).index)

    (other,), _ = project.insert_articles(drafts(1))
    session.notify_reset()
    counted_reads.clear()
    window.list_panel.select_article(other)
    window.list_panel.select_article(article_id)
    assert counted_reads == [M, C, D, M, C, D]  # once each per open

    # a tag write: the pane applies it, only the list of its kind re-reads
    assert reads_of(project.add_claim, article_id, *_span(window, "Satellite images"), ActorName("Coastwatch")) == [C]
    assert reads_of(project.add_mention, article_id, *_span(window, "Coastwatch"), ActorName("Coastwatch")) == [M]
    # the claim the denial denies: both lists
    assert reads_of(project.update_tag, TagKind.CLAIM, tags_of_harbour["claim"], summary="Depot hit") == [C, D]
    # elsewhere: nothing
    assert reads_of(project.add_mention, other, 0, 6, ActorName("Someone")) == []
    assert reads_of(project.update_actor, project.find_actor_id("Someone"), name="Somebody else") == []
    # a rename of an actor shown: the pane re-reads everything, the lists share that read
    assert reads_of(project.update_actor, project.find_actor_id("Coastwatch"), name="Coast Watch") == [M, C, D]
    counted_reads.clear()
    session.undo()
    assert sorted(counted_reads, key=list(TagKind).index) == [M, C, D]
    assert_in_step(window)


def test_span_index_changes_give_the_lanes_of_a_full_rebuild():
    rng = random.Random(7)
    marks: dict[str, SpanMark] = {}
    index = SpanIndex()
    kinds = list(TagKind)

    def random_mark(tag_id: str) -> SpanMark:
        start = rng.randrange(0, 2000)
        length = rng.choice((3, 5, 8, 12, 40, 90, 200))
        return SpanMark(tag_id, rng.choice(kinds), start, start + length)

    for n in range(400):
        marks[f"t{n}"] = random_mark(f"t{n}")
    index.reset(marks.values())
    for step in range(400):
        before = dict(index.lanes)
        action = rng.random()
        if action < 0.4:
            new = [random_mark(f"n{step}-{i}") for i in range(rng.choice((1, 1, 2, 5)))]
            old: list[SpanMark] = []
        elif action < 0.7:
            old = [marks[t] for t in rng.sample(sorted(marks), rng.choice((1, 1, 3)))]
            new = []
        else:  # moved or relabelled
            old = [marks[t] for t in rng.sample(sorted(marks), 1)]
            new = [random_mark(old[0].tag_id)]
        lanes_before, moved = index.change(old, new)
        for m in old:
            marks.pop(m.tag_id, None)
        marks.update((m.tag_id, m) for m in new)
        full = SpanIndex()
        full.reset(marks.values())
        assert index.ordered == full.ordered and index.lanes == full.lanes
        assert index.by_id == full.by_id
        assert index.intersecting(500, 700) == full.intersecting(500, 700)
        # what the pane repaints: the old places of the marks removed, the marks whose lane moved
        assert all(lanes_before[m.tag_id] == before[m.tag_id] for m in old)
        new_ids = {m.tag_id for m in new}
        really_moved = {t for t, lane in full.lanes.items() if t in before and t not in new_ids and before[t] != lane}
        assert {m.tag_id for m in moved} == really_moved
