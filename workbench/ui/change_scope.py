"""What a :class:`~workbench.core.model.Change` touched, as the parts that show one
article's tags ask it: which of the article's tags, which actors, which claims.

A part re-reads (or patches) only when a change touched something it shows; these
helpers read the change's steps and nothing else (no store access).
"""

from __future__ import annotations

from typing import Iterable

from workbench.core.model import Change, RowState

TAG_ENTITIES = frozenset({"mention", "claim", "denial"})


def in_article(step: RowState, article_id: str) -> bool:
    """The step's row belongs (or belonged) to the article."""
    return any(state is not None and state.get("article_id") == article_id for state in (step.before, step.after))


def tag_ids_in(change: Change, article_id: str, entity: str) -> set[str]:
    """Ids of the ``entity`` rows ("mention", "claim", "denial") the change wrote in the article."""
    return {step.id for step in change.steps if step.entity == entity and in_article(step, article_id)}


def touches_article_row(change: Change, article_id: str) -> bool:
    """The change wrote the article's own row (status, notes, deletion)."""
    return any(step.entity == "article" and step.id == article_id for step in change.steps)


def touches_any(change: Change, entity: str, ids: Iterable[str | None]) -> bool:
    """The change wrote one of these rows of ``entity``."""
    written = {step.id for step in change.steps if step.entity == entity}
    return bool(written) and not written.isdisjoint(ids)

