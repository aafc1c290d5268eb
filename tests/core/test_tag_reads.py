"""The reads the window shares between the pane and the sidebar: one kind of an
article's tags, several actors at once, and the write counter a cache keys on."""

from __future__ import annotations

from workbench.core.model import ActorKind, TagKind


def test_tags_of_kind_is_one_kind_of_tags_of_article(harbour):
    project, article_id, _ = harbour
    tags = project.tags_of_article(article_id)
    assert project.tags_of_kind(article_id, TagKind.MENTION) == tags.mentions
    assert project.tags_of_kind(article_id, "claim") == tags.claims
    assert project.tags_of_kind(article_id, TagKind.DENIAL) == tags.denials
    assert project.tags_of_kind("no such article", TagKind.CLAIM) == ()


def test_get_actors_reads_several_at_once(harbour):
    project, _, _ = harbour
    coalition = project.find_actor_id("Northern Coalition")
    ministry = project.find_actor_id("Kessland Interior Ministry")
    found = project.get_actors([coalition, ministry, coalition, "missing"])
    assert set(found) == {coalition, ministry}
    assert found[coalition] == project.get_actor(coalition)
    assert found[ministry].kind is ActorKind.OTHER
    assert project.get_actors([]) == {}


def test_write_count_moves_with_every_write_and_never_with_a_read(harbour):
    project, article_id, _ = harbour
    count = project.write_count
    project.tags_of_article(article_id)
    project.search_claims("")
    assert project.write_count == count
    change = project.set_status(article_id, "done")
    assert project.write_count > count
    count = project.write_count
    project.revert(change)  # an undo writes too
    assert project.write_count > count
