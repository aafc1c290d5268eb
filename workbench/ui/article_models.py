"""Item models of the current article's tags, for the sidebar's lists: its claims,
its denials, and its actors with their mentions.

Each reads through the :class:`~workbench.core.store.Project` query methods and
re-reads in its ``on_change(change)`` only when the change touched the article
(or what its rows show), applied with :func:`~workbench.ui.model_base.sync_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from workbench.core.model import ActorKind, Change, Claim, Denial, Mention, TagKind
from workbench.core.store import Project
from workbench.ui.model_base import (COUNT_ROLE, ID_ROLE, KIND_ROLE, SECONDARY_ROLE, Index, ListModel, context,
                                     counted, quoted, shorten, sync_rows)

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TIP = Qt.ItemDataRole.ToolTipRole


class _ArticleTagList(ListModel):
    watches: frozenset[str] = frozenset({"actor"})  # entities whose edits change the text

    def __init__(self, project: Project, parent=None) -> None:
        super().__init__(project, parent)
        self.article_id: str | None = None

    def set_article(self, article_id: str | None) -> None:
        self.article_id = article_id
        self.reload()

    def on_change(self, change: Change) -> None:
        if self.article_id and (self.article_id in change.article_ids or change.entities & self.watches):
            self.refresh()


class ClaimListModel(_ArticleTagList):
    """Claims of the current article: "claimant → summary", type and who relays it."""

    def _read(self) -> list[Claim]:
        return list(self.project.tags_of_article(self.article_id).claims) if self.article_id else []

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

    watches = frozenset({"actor", "claim"})  # a denied claim may sit in another article

    def _read(self) -> list[Denial]:
        return list(self.project.tags_of_article(self.article_id).denials) if self.article_id else []

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

    def __init__(self, project: Project, parent=None) -> None:
        super().__init__(parent)
        self.project = project
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
        if self.article_id and (self.article_id in change.article_ids or "actor" in change.entities):
            sync_rows(self, self._groups, self._read(), lambda g: g.actor_id, same=self._update_group)

    def _read(self) -> list[_ActorGroup]:
        if not self.article_id:
            return []
        groups: dict[str, _ActorGroup] = {}
        for mention in self.project.tags_of_article(self.article_id).mentions:
            if mention.actor_id not in groups:
                actor = self.project.get_actor(mention.actor_id)
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
