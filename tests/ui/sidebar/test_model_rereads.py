"""The sidebar's models of the current article re-read only for a change that
touched what they show: mentions for a mention of the article, the article or an
actor shown; claims likewise; denials also for a claim one of them denies."""

from __future__ import annotations

from collections import Counter

import pytest

from workbench.core.model import ActorName, TagKind
from workbench.ui.models import SECONDARY_ROLE, ClaimListModel, DenialListModel, MentionTreeModel


@pytest.fixture
def models(session, article_id):
    """The three models over a counting reader; ``reads`` counts their reads by kind."""
    project = session.project
    reads: Counter = Counter()

    def tags(article, kind):
        reads[TagKind(kind)] += 1
        return project.tags_of_kind(article, kind)
    made = (MentionTreeModel(project, tags=tags), ClaimListModel(project, tags=tags), DenialListModel(project, tags=tags))
    for model in made:
        model.set_article(article_id)
        session.changed.connect(model.on_change)
    reads.clear()
    return made, reads


M, C, D = TagKind.MENTION, TagKind.CLAIM, TagKind.DENIAL


def _reads(session, reads: Counter, write, *args, **kwargs) -> Counter:
    reads.clear()
    session.run(write, *args, **kwargs)
    return +reads


def test_each_model_rereads_only_for_what_it_shows(session, models, article_id, other_article, tags, span):
    (mentions, claims, denials), reads = models
    project = session.project
    assert _reads(session, reads, project.add_mention, article_id, *span("Idris Halloun"),
                  ActorName("Idris Halloun")) == Counter({M: 1})
    assert [mentions.index(r, 0).data() for r in range(mentions.rowCount())] == ["Northern Coalition", "Idris Halloun"]
    assert _reads(session, reads, project.add_claim, article_id, *span("Two port workers"),
                  ActorName("Port workers")) == Counter({C: 1})
    assert claims.rowCount() == 2
    assert _reads(session, reads, project.add_denial, article_id, *span("There was no attack"),
                  ActorName("Mira Solberg")) == Counter({D: 1})
    assert denials.rowCount() == 2
    # the claim a denial here denies: claims and denials, not mentions
    assert _reads(session, reads, project.update_tag, TagKind.CLAIM, tags["claim"], summary="Depot hit") == Counter(
        {C: 1, D: 1})
    assert "Depot hit" in denials.index(0, 0).data(SECONDARY_ROLE)
    # actors: only the models whose rows name them
    assert _reads(session, reads, project.update_actor, project.find_actor_id("Idris Halloun"),
                  kind="person") == Counter({M: 1})
    assert mentions.index(1, 0).data(SECONDARY_ROLE) == "Person"
    assert _reads(session, reads, project.update_actor, project.find_actor_id("Mira Solberg"),
                  name="M. Solberg") == Counter({D: 1})
    assert _reads(session, reads, project.update_actor, project.find_actor_id("Northern Coalition"),
                  name="Northern Alliance") == Counter({M: 1, C: 1})  # the mention and the claim's claimant
    # the article's own row: all three
    assert _reads(session, reads, project.set_status, article_id, "done") == Counter({M: 1, C: 1, D: 1})


def test_changes_elsewhere_read_nothing(session, models, article_id, other_article):
    (_mentions, _claims, _denials), reads = models
    project = session.project
    text = project.article_text(other_article)
    start = text.index("Coastwatch")
    assert _reads(session, reads, project.add_mention, other_article, start, start + 10, ActorName("Coastwatch")) == Counter()
    claim = project.search_claims("inconclusive")[0].id
    assert _reads(session, reads, project.update_tag, TagKind.CLAIM, claim, summary="Unclear") == Counter()
    assert _reads(session, reads, project.update_actor, project.find_actor_id("Coastwatch"),
                  name="Coast Watch") == Counter()
    assert _reads(session, reads, project.add_actor, "Nobody here") == Counter()
    assert _reads(session, reads, project.set_status, other_article, "done") == Counter()
    session.undo()
    assert +reads == Counter()


def test_a_denial_follows_a_claim_of_another_article_it_denies(session, models, article_id, other_article, tags):
    (_mentions, _claims, denials), reads = models
    project = session.project
    claim = project.search_claims("inconclusive")[0].id
    assert _reads(session, reads, project.update_tag, TagKind.DENIAL, tags["denial"],
                  denied_claim_id=claim) == Counter({D: 1})
    assert _reads(session, reads, project.update_tag, TagKind.CLAIM, claim, summary="Unclear") == Counter({D: 1})
    assert "denies “Unclear”" in denials.index(0, 0).data(SECONDARY_ROLE)
    assert _reads(session, reads, project.delete_tag, TagKind.CLAIM, claim) == Counter({D: 1})  # unlinked
    assert denials.index(0, 0).data(SECONDARY_ROLE) == "no claim linked"

