"""The item models over the store: structure (Qt's model tester), contents and
refresh through on_change, including undo."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from workbench.core.model import ActorKind, ActorName, TagKind
from workbench.ui.models import (
    COUNT_ROLE,
    ID_ROLE,
    SECONDARY_ROLE,
    ActorCompletionModel,
    ActorRegistryModel,
    ClaimListModel,
    ClaimPickerModel,
    DenialListModel,
    MentionTreeModel,
    context,
    shorten,
)


def _texts(model, parent=QModelIndex()):
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def test_mention_tree_groups_mentions_by_actor(qtmodeltester, session, article_id, tags, span):
    project = session.project
    model = MentionTreeModel(project)
    model.set_article(article_id)
    qtmodeltester.check(model)
    assert _texts(model) == ["Northern Coalition"]
    actor = model.index(0, 0)
    assert actor.data(COUNT_ROLE) == 1 and actor.data(SECONDARY_ROLE) == ActorKind.OTHER.label
    assert model.index(0, 0, actor).data(ID_ROLE) == tags["mention"]

    # a second mention of the same actor joins its group; a new actor gets a row
    session.changed.connect(model.on_change)
    session.run(project.add_mention, article_id, *span("Northern Coalition"),
                ActorName("NORTHERN coalition"))
    assert model.rowCount() == 1 and model.index(0, 0).data(COUNT_ROLE) == 2
    session.run(project.add_mention, article_id, *span("Idris Halloun"),
                ActorName("Idris Halloun"))
    assert _texts(model) == ["Northern Coalition", "Idris Halloun"]
    qtmodeltester.check(model)
    session.undo()
    session.undo()
    assert _texts(model) == ["Northern Coalition"] and model.index(0, 0).data(COUNT_ROLE) == 1
    qtmodeltester.check(model)


def test_mention_tree_keeps_persistent_indexes_when_actors_come_and_go(session, article_id, tags, span):
    project = session.project
    model = MentionTreeModel(project)
    model.set_article(article_id)
    session.changed.connect(model.on_change)
    child = model.index_of_tag(tags["mention"])
    from PySide6.QtCore import QPersistentModelIndex
    kept = QPersistentModelIndex(child)
    # an actor mentioned before the coalition's first mention comes first
    session.run(project.add_mention, article_id, *span("The Northern"),
                ActorName("Somebody"))
    assert _texts(model)[0] == "Somebody"
    assert kept.isValid() and kept.data(ID_ROLE) == tags["mention"]
    assert kept.parent().data() == "Northern Coalition"


def test_claim_and_denial_lists(qtmodeltester, session, article_id, tags):
    project = session.project
    claims, denials = ClaimListModel(project), DenialListModel(project)
    for model in (claims, denials):
        model.set_article(article_id)
        session.changed.connect(model.on_change)
        qtmodeltester.check(model)
    assert _texts(claims) == ["Northern Coalition → Coalition struck Port Varen fuel depot with drones"]
    assert claims.index(0, 0).data(SECONDARY_ROLE) == "Responsibility · about Northern Coalition"
    assert _texts(denials) == ["Kessland Interior Ministry → Depot not damaged"]
    assert "denies “Coalition struck" in denials.index(0, 0).data(SECONDARY_ROLE)

    # editing the claim's summary updates the denial that points at it
    session.run(project.update_tag, TagKind.CLAIM, tags["claim"], summary="Depot hit")
    assert denials.index(0, 0).data(SECONDARY_ROLE) == "denies “Depot hit”"
    assert claims.index(0, 0).data().endswith("→ Depot hit")
    session.undo()
    assert claims.index(0, 0).data().endswith("with drones")
    assert denials.index(0, 0).data(SECONDARY_ROLE).startswith("denies “Coalition struck")


def test_lists_ignore_changes_to_other_articles(session, article_id, other_article):
    project = session.project
    claims = ClaimListModel(project)
    claims.set_article(article_id)
    resets: list[int] = []
    claims.dataChanged.connect(lambda *a: resets.append(1))
    claims.rowsInserted.connect(lambda *a: resets.append(1))
    session.changed.connect(claims.on_change)
    session.run(project.add_claim, other_article, 0, 9, ActorName("Coastwatch"))
    assert resets == [] and claims.rowCount() == 1


def test_registry_model_filters_counts_and_renames(qtmodeltester, session, tags):
    project = session.project
    renamed: list[tuple[str, str]] = []
    model = ActorRegistryModel(project, rename=lambda i, n: renamed.append((i, n)))
    qtmodeltester.check(model)
    names = _texts(model)
    assert names == sorted(names, key=str.casefold) and "Northern Coalition" in names
    row = names.index("Northern Coalition")
    assert [model.index(row, c).data() for c in (2, 3, 4)] == [1, 1, 0]

    model.set_filter("interior")
    assert _texts(model) == ["Kessland Interior Ministry"]
    model.set_filter("", ActorKind.ARMED_GROUP)
    assert _texts(model) == []
    model.set_filter("")
    session.changed.connect(model.on_change)
    coalition = project.find_actor_id("Northern Coalition")
    session.run(project.update_actor, coalition, aliases=["the coalition"], kind="armed_group")
    row = _texts(model).index("Northern Coalition")
    assert model.index(row, 1).data() == "Armed group" and model.index(row, 5).data() == "the coalition"
    model.set_filter("THE COAL")  # aliases, any case
    assert _texts(model) == ["Northern Coalition"]

    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(0, 0), "Northern Alliance")
    assert renamed == [(coalition, "Northern Alliance")]
    qtmodeltester.check(model)


def test_claim_picker_model_searches_the_whole_project(qtmodeltester, session, other_article):
    model = ClaimPickerModel(session.project)
    assert model.rowCount() == 0 and model.stale  # nothing read until the picker shows
    model.load()
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    model.set_search("inconclusive")
    assert _texts(model) == ["Coastwatch → Images inconclusive"]
    assert model.index(0, 0).data(SECONDARY_ROLE).startswith("Follow-up")
    model.set_search("port varen")
    assert _texts(model) == ["Northern Coalition → Coalition struck Port Varen fuel depot with drones"]
    qtmodeltester.check(model)


def test_claim_picker_ranks_what_was_claimed_above_the_article_title(session, article_id, span):
    project = session.project
    # newer, and matching "depot" only through its article's title
    project.add_claim(article_id, *span("will strike again"), ActorName("Idris Halloun"),
                      summary="Coalition will strike again")
    model = ClaimPickerModel(project)
    model.load()
    assert _texts(model)[0].startswith("Idris Halloun")  # no search: newest first
    model.set_search("depot")
    assert _texts(model) == ["Northern Coalition → Coalition struck Port Varen fuel depot with drones",
                             "Idris Halloun → Coalition will strike again"]


def test_actor_completion_model_lists_names_and_aliases(qtmodeltester, session):
    project = session.project
    model = ActorCompletionModel(project)
    session.changed.connect(model.on_change)
    qtmodeltester.check(model)
    coalition = project.find_actor_id("Northern Coalition")
    session.run(project.update_actor, coalition, aliases=["the coalition"])
    texts = [model.index(r, 0).data(Qt.ItemDataRole.EditRole) for r in range(model.rowCount())]
    assert "the coalition" in texts
    row = texts.index("the coalition")
    assert model.index(row, 0).data() == "the coalition  (Northern Coalition)"
    assert model.index(row, 0).data(ID_ROLE) == coalition
    session.undo()
    assert "the coalition" not in [model.index(r, 0).data(Qt.ItemDataRole.EditRole) for r in range(model.rowCount())]
    qtmodeltester.check(model)


def test_shorten_cuts_at_a_word():
    assert shorten("one  two\nthree", 80) == "one two three"
    assert shorten("alpha beta gamma delta", 12) == "alpha beta…"


def test_mention_rows_show_their_context(session, article_id, tags):
    model = MentionTreeModel(session.project)
    model.set_article(article_id)
    mention = model.index_of_tag(tags["mention"])
    assert mention.data() == "“Northern Coalition”"
    assert mention.data(SECONDARY_ROLE) == "The Northern Coalition, an alliance of armed…"
    assert context("and then said the coalition spokesman ", "Idris Halloun", " told the Varen Courier by phone") == (
        "…said the coalition spokesman Idris Halloun told the Varen Courier by…")
