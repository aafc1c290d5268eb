"""Item models of the current article's tags, for the sidebar's lists: its claims,
its denials, and its actors with their mentions.

Each reads its kind of the article's tags through a reader (``Session.tags_of_kind``
in the sidebar, which reads once per change for every part that shows the article;
``project.tags_of_kind`` by default) and re-reads in its ``on_change(change)`` only
when the change touched what it shows (:meth:`concerns`): a tag of its kind in the
article, the article's row, an actor its rows name and, for denials, a claim they
deny. A re-read is applied with :func:`~workbench.ui.model_base.sync_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from workbench.core.model import ActorKind, Change, Claim, Denial, Mention, Tag, TagKind
from workbench.core.store import Project
from workbench.ui.change_scope import tag_ids_in, touches_any, touches_article_row
from workbench.ui.model_base import (COUNT_ROLE, ID_ROLE, KIND_ROLE, SECONDARY_ROLE, Index, ListModel, context,
                                     counted, quoted, shorten, sync_rows)

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TIP = Qt.ItemDataRole.ToolTipRole

TagReader = Callable[[str, TagKind], Sequence[Tag]]  # (article id, kind) -> its tags of that kind


def _concerns(change: Change, article_id: str, kind: TagKind, actor_ids: Iterator[str | None]) -> bool:
    return bool(touches_article_row(change, article_id) or tag_ids_in(change, article_id, kind.value)
                or touches_any(change, "actor", actor_ids))


class _ArticleTagList(ListModel):
    kind: TagKind

    def __init__(self, project: Project, parent=None, tags: TagReader | None = None) -> None:
        super().__init__(project, parent)
        self.article_id: str | None = None
        self._tags = tags or project.tags_of_kind

    def set_article(self, article_id: str | None) -> None:
        self.article_id = article_id
        self.reload()

    def on_change(self, change: Change) -> None:
        if self.article_id and self.concerns(change):
            self.refresh()

    def concerns(self, change: Change) -> bool:
        """The change wrote something the rows show (or may now show)."""
        return bool(self.article_id) and _concerns(change, self.article_id, self.kind, self._actor_ids())

    def _actor_ids(self) -> Iterator[str | None]:
        raise NotImplementedError

    def _read(self) -> list:
        return list(self._tags(self.article_id, self.kind)) if self.article_id else []


class ClaimListModel(_ArticleTagList):
    """Claims of the current article: "claimant → summary", type and who relays it."""

    kind = TagKind.CLAIM

    def _actor_ids(self) -> Iterator[str | None]:
        for claim in self._rows:
            yield claim.claimant_id
            yield claim.reported_via_id
            yield from claim.about_ids

    def _roles(self, claim: Claim) -> dict[int, Any]:
        who = claim.claimant_name + (" (anonymous)" if claim.anonymous else "")
        parts = [claim.claim_type.label if claim.claim_type else "No type"]
        if claim.reported_via_name:
            parts.append(f"via {claim.reported_via_name}")
        if claim.about_names:
            parts.append("about " + ", ".join(claim.about_names))
        return {_DISPLAY: f"{who} → {claim.summary or quoted(claim.span.quote, 60)}",
                SECONDARY_ROLE: " · ".join(parts), ID_ROLE: claim.id, KIND_ROLE: TagKind.CLAIM,
                _TIP: quoted(claim.span.quote, 400) + (f"\n\n{claim.notes}" if claim.notes else "")}


class DenialListModel(_ArticleTagList):
    """Denials of the current article: "denier → summary" and the claim denied."""

    kind = TagKind.DENIAL

    def concerns(self, change: Change) -> bool:
        # a denied claim (its summary is shown) may sit in another article
        return super().concerns(change) or touches_any(change, "claim", (d.denied_claim_id for d in self._rows))

    def _actor_ids(self) -> Iterator[str | None]:
        for denial in self._rows:
            yield denial.denier_id
            yield denial.reported_via_id

    def _roles(self, denial: Denial) -> dict[int, Any]:
        denied = f"denies “{shorten(denial.denied_claim_summary, 60)}”" if denial.denied_claim_id else "no claim linked"
        via = f" · via {denial.reported_via_name}" if denial.reported_via_name else ""
        return {_DISPLAY: f"{denial.denier_name} → {denial.summary or quoted(denial.span.quote, 60)}",
                SECONDARY_ROLE: denied + via, ID_ROLE: denial.id, KIND_ROLE: TagKind.DENIAL,
                _TIP: quoted(denial.span.quote, 400) + (f"\n\n{denial.notes}" if denial.notes else "")}


@dataclass
class _ActorGroup:
    uid: int  # stable for the group's life: its children's internalId
    actor_id: str
    name: str
    kind: ActorKind
    mentions: list[Mention] = field(default_factory=list)


class MentionTreeModel(QAbstractItemModel):
    """Actors of the current article (in order of first mention) with their
    mention counts; each actor's mentions are its children."""

    def __init__(self, project: Project, parent=None, tags: TagReader | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._tags = tags or project.tags_of_kind
        self.article_id: str | None = None
        self._groups: list[_ActorGroup] = []
        self._next_uid = 1

    # reading
    def set_article(self, article_id: str | None) -> None:
        self.beginResetModel()
        self.article_id = article_id
        self._groups = self._read()
        self.endResetModel()

    def on_change(self, change: Change) -> None:
        if self.article_id and self.concerns(change):
            sync_rows(self, self._groups, self._read(), lambda g: g.actor_id, same=self._update_group)

    def concerns(self, change: Change) -> bool:
        """The change wrote a mention of the article, the article or an actor shown."""
        return bool(self.article_id) and _concerns(change, self.article_id, TagKind.MENTION,
                                                   (g.actor_id for g in self._groups))

    def _read(self) -> list[_ActorGroup]:
        if not self.article_id:
            return []
        groups: dict[str, _ActorGroup] = {}
        mentions: Sequence[Mention] = self._tags(self.article_id, TagKind.MENTION)  # type: ignore[assignment]
        actors = self.project.get_actors({m.actor_id for m in mentions})  # their kinds, in one read
        for mention in mentions:
            if mention.actor_id not in groups:
                actor = actors.get(mention.actor_id)
                kind = actor.kind if actor else ActorKind.OTHER
                groups[mention.actor_id] = _ActorGroup(self._next_uid, mention.actor_id, mention.actor_name, kind)
                self._next_uid += 1
            groups[mention.actor_id].mentions.append(mention)
        return list(groups.values())

    def _update_group(self, row: int, group: _ActorGroup, new: _ActorGroup) -> None:
        parent = self.index(row, 0)
        header_changed = (group.name, group.kind, len(group.mentions)) != (new.name, new.kind, len(new.mentions))
        sync_rows(self, group.mentions, new.mentions, lambda m: m.id, parent=parent)
        if header_changed:
            group.name, group.kind = new.name, new.kind
            self.dataChanged.emit(parent, parent)

    # structure
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or parent.row() >= len(self._groups):
            return QModelIndex()
        group = self._groups[parent.row()]
        return self.createIndex(row, 0, group.uid) if row < len(group.mentions) else QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        row = next((n for n, g in enumerate(self._groups) if g.uid == index.internalId()), -1)
        return self.createIndex(row, 0, 0) if row >= 0 else QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._groups):
            return len(self._groups[parent.row()].mentions)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def item(self, index: Index) -> _ActorGroup | Mention | None:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._groups[index.row()] if index.row() < len(self._groups) else None
        group = next((g for g in self._groups if g.uid == index.internalId()), None)
        return group.mentions[index.row()] if group and index.row() < len(group.mentions) else None

    def index_of_tag(self, mention_id: str) -> QModelIndex:
        for group in self._groups:
            for n, mention in enumerate(group.mentions):
                if mention.id == mention_id:
                    return self.createIndex(n, 0, group.uid)
        return QModelIndex()

    def index_of_actor(self, actor_id: str) -> QModelIndex:
        row = next((n for n, g in enumerate(self._groups) if g.actor_id == actor_id), -1)
        return self.createIndex(row, 0, 0) if row >= 0 else QModelIndex()

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        item = self.item(index)
        if isinstance(item, _ActorGroup):
            return {
                _DISPLAY: item.name, ID_ROLE: item.actor_id, KIND_ROLE: None,
                SECONDARY_ROLE: item.kind.label, COUNT_ROLE: len(item.mentions),
                _TIP: f"{item.name}: {counted(len(item.mentions), 'mention')} in this article",
            }.get(role)
        if isinstance(item, Mention):
            return {
                _DISPLAY: quoted(item.span.quote, 70), ID_ROLE: item.id, KIND_ROLE: TagKind.MENTION,
                SECONDARY_ROLE: context(item.span.prefix, item.span.quote, item.span.suffix),
                _TIP: f"…{item.span.prefix}[{item.span.quote}]{item.span.suffix}…"
                + (f"\n\n{item.notes}" if item.notes else ""),
            }.get(role)
        return None
