"""Keeping the article pane's marks in step with the store after a change.

A change that wrote a few tags is applied to the marks of those tags (and of the
article's denials whose label shows a claim the change wrote): a read of each
tag, not of the article's 2,000. A change of the name of an actor the labels
show (a rename, a merge) changes labels across the article: then the article's
tags are read again, through ``Session.tags_of_kind`` (shared with the sidebar).
"""

from __future__ import annotations

from typing import Iterable

from workbench.core.model import ArticleTags, Change, Tag, TagKind
from workbench.ui.change_scope import TAG_ENTITIES, tag_ids_in
from workbench.ui.session import Session
from workbench.ui.span_marks import SpanMark, marks_of

PATCH_LIMIT = 64  # more tags than this in one change: re-read the article's tags instead


def renamed_actors(change: Change) -> set[str]:
    """Actors whose name changed or that went (a merge): labels showing them change."""
    return {step.id for step in change.steps if step.entity == "actor" and step.before is not None
            and (step.after is None or step.after.get("name") != step.before.get("name"))}


def named_actors(tags: ArticleTags) -> set[str]:
    """The actors whose names the marks' labels show (:func:`~workbench.ui.span_marks.marks_of`)."""
    return ({m.actor_id for m in tags.mentions} | {c.claimant_id for c in tags.claims}
            | {d.denier_id for d in tags.denials})


def diff_marks(shown: Iterable[SpanMark], fresh: Iterable[SpanMark]) -> tuple[list[SpanMark], list[str]]:
    """What turns the marks shown into ``fresh``: marks to add or replace, tag ids to remove."""
    new = {m.tag_id: m for m in fresh}
    old = {m.tag_id: m for m in shown}
    return [m for tag_id, m in new.items() if old.get(tag_id) != m], [tag_id for tag_id in old if tag_id not in new]


class PaneMarks:
    """The marks of the article the pane shows: all of them for an opening, and
    what a change makes of them (:meth:`update`)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._named: set[str] = set()  # actors the labels may show (never fewer)

    def of_article(self, article_id: str) -> list[SpanMark]:
        tags = self.session.article_tags(article_id)
        self._named = named_actors(tags)
        return marks_of(tags)

    def concerns(self, change: Change) -> bool:
        """The change may change the marks: it wrote tags, or renamed an actor a label shows."""
        return bool(change.entities & TAG_ENTITIES) or not renamed_actors(change).isdisjoint(self._named)

    def update(self, change: Change | None, article_id: str,
               shown: Iterable[SpanMark]) -> tuple[list[SpanMark], list[str]]:
        """The marks to add or replace and the tag ids to remove after ``change``
        (None: whatever happened, compare with a re-read)."""
        patch = None if change is None else self._patch(change, article_id)
        return patch if patch is not None else diff_marks(shown, self.of_article(article_id))

    def _patch(self, change: Change, article_id: str) -> tuple[list[SpanMark], list[str]] | None:
        if not renamed_actors(change).isdisjoint(self._named):
            return None
        project = self.session.project
        touched = {kind: tag_ids_in(change, article_id, kind.value) for kind in TagKind}
        claim_ids = change.ids_of("claim")
        if len(claim_ids) > PATCH_LIMIT:
            return None
        for claim_id in claim_ids:  # a denial's label may show the claim's summary
            touched[TagKind.DENIAL].update(d.id for d in project.denials_of_claim(claim_id)
                                           if d.article_id == article_id)
        if sum(len(ids) for ids in touched.values()) > PATCH_LIMIT:
            return None
        found: dict[TagKind, list[Tag]] = {kind: [] for kind in TagKind}
        for kind, ids in touched.items():
            for tag_id in ids:
                tag = project.get_tag(kind, tag_id)
                if tag is not None and tag.article_id == article_id:
                    found[kind].append(tag)
        tags = ArticleTags(mentions=tuple(found[TagKind.MENTION]), claims=tuple(found[TagKind.CLAIM]),
                           denials=tuple(found[TagKind.DENIAL]))
        self._named |= named_actors(tags)
        marks = marks_of(tags)
        kept = {m.tag_id for m in marks}
        return marks, [tag_id for ids in touched.values() for tag_id in ids if tag_id not in kept]
