"""Item models over the store, for the sidebar's lists, registry and pickers.

Each model reads through the :class:`~workbench.core.store.Project` query
methods (never SQL) and has one ``on_change(change)`` handler that re-reads only
when the :class:`~workbench.core.model.Change` touched what it shows. Re-reads
are applied as row inserts, removals and ``dataChanged`` (see :func:`sync_rows`),
never as a reset, so views keep their selection and scroll position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from workbench.core.model import Actor, ActorKind, Change, Claim, Denial, Mention, TagKind
from workbench.core.store import Project

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the tag's or actor's id
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # TagKind of a tag row; None for an actor row
SECONDARY_ROLE = Qt.ItemDataRole.UserRole + 3  # the grey second line under the text
SORT_ROLE = Qt.ItemDataRole.UserRole + 4  # what the registry sorts a column by
COUNT_ROLE = Qt.ItemDataRole.UserRole + 5  # a number drawn as a pill at the right

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TIP = Qt.ItemDataRole.ToolTipRole


def shorten(text: str, limit: int = 80) -> str:
    """One line of at most ``limit`` characters, cut at a word with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] if " " in line[: limit - 1] else line[: limit - 1]
    return cut.rstrip(",;:.") + "…"


def counted(n: int, noun: str) -> str:
    """"1 mention", "3 mentions"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def context(prefix: str, quote: str, suffix: str, around: int = 28) -> str:
    """A quote with a few whole words either side, within its paragraph:
    "…coalition spokesman Idris Halloun told the Varen…"."""
    before, after = prefix.rsplit("\n", 1)[-1], suffix.split("\n", 1)[0]
    lead = " " if before[-1:].isspace() else ""
    trail = " " if after[:1].isspace() else ""
    before, after = " ".join(before.split()), " ".join(after.split())
    if len(before) > around:  # whole words only
        cut = before[-around:]
        before = "…" + (cut if before[-around - 1] == " " else cut.split(" ", 1)[-1])
    if len(after) > around:
        cut = after[:around]
        after = (cut if after[around] == " " else cut.rsplit(" ", 1)[0]) + "…"
    return f"{before}{lead}{' '.join(quote.split())}{trail}{after}"


def quoted(text: str, limit: int = 80) -> str:
    return f"“{shorten(text, limit)}”"


def sync_rows(model: QAbstractItemModel, rows: list, new: list, key: Callable[[Any], Any],
              parent: QModelIndex = QModelIndex(),
              same: Callable[[int, Any, Any], None] | None = None) -> None:
    """Turn ``rows`` into ``new`` in place with the fewest row removals and inserts.

    Rows whose key stays are passed to ``same(row, old, new)`` (by default: replaced,
    with ``dataChanged`` when they differ). Opcodes run back to front, so the rows
    before each one keep their indexes while it is applied."""
    ops = SequenceMatcher(None, [key(r) for r in rows], [key(r) for r in new], autojunk=False).get_opcodes()
    last = 0 if isinstance(model, QAbstractListModel) else model.columnCount(parent) - 1
    for op, i1, i2, j1, j2 in reversed(ops):
        if op == "equal":
            for offset in range(i2 - i1):
                row, value = i1 + offset, new[j1 + offset]
                if same is not None:
                    same(row, rows[row], value)
                elif rows[row] != value:
                    rows[row] = value
                    model.dataChanged.emit(model.index(row, 0, parent), model.index(row, last, parent))
            continue
        if i2 > i1:
            model.beginRemoveRows(parent, i1, i2 - 1)
            del rows[i1:i2]
            model.endRemoveRows()
        if j2 > j1:
            model.beginInsertRows(parent, i1, i1 + j2 - j1 - 1)
            rows[i1:i1] = new[j1:j2]
            model.endInsertRows()


class _ListModel(QAbstractListModel):
    """A flat list of rows kept in step with the store by :func:`sync_rows`."""

    def __init__(self, project: Project, parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self._rows: list = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def row(self, index: Index) -> Any:
        return self._rows[index.row()] if index.isValid() and index.row() < len(self._rows) else None

    def row_of(self, row_id: str) -> int:
        return next((n for n, r in enumerate(self._rows) if self._key(r) == row_id), -1)

    def refresh(self) -> None:
        sync_rows(self, self._rows, self._read(), self._key)

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._read()
        self.endResetModel()

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        row = self.row(index)
        return None if row is None else self._roles(row).get(role)

    def _key(self, row: Any) -> Any:
        return row.id

    def _read(self) -> list:
        raise NotImplementedError

    def _roles(self, row: Any) -> dict[int, Any]:
        """Every role's value for one row."""
        raise NotImplementedError


# ---------------------------------------------------------- the current article


class _ArticleTagList(_ListModel):
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


# ------------------------------------------------------------- project-wide


REGISTRY_COLUMNS = ("Name", "Kind", "M", "C", "D", "Aliases", "Affiliation")
_COLUMN_TIPS = ("Name", "Kind of actor", "Mentions", "Claims made", "Denials made",
                "Other names", "Affiliation")


class ActorRegistryModel(QAbstractTableModel):
    """Every actor of the project with its tag counts; filtered by a search over
    names and aliases and by kind. ``rename(actor_id, name)`` makes the name editable."""

    def __init__(self, project: Project, rename: Callable[[str, str], None] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self._rename = rename
        self.search = ""
        self.kind: ActorKind | None = None
        self._rows: list[Actor] = self.project.list_actors()

    def set_filter(self, search: str = "", kind: ActorKind | None = None) -> None:
        self.search, self.kind = search, kind
        self.refresh()

    def refresh(self) -> None:
        sync_rows(self, self._rows, self.project.list_actors(self.search, self.kind), lambda a: a.id)

    def on_change(self, change: Change) -> None:
        if change.touches_registry:
            self.refresh()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(REGISTRY_COLUMNS)

    def actor(self, index: Index) -> Actor | None:
        return self._rows[index.row()] if index.isValid() and index.row() < len(self._rows) else None

    def row_of(self, actor_id: str) -> int:
        return next((n for n, a in enumerate(self._rows) if a.id == actor_id), -1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(REGISTRY_COLUMNS):
            return None
        if role == _DISPLAY:
            return REGISTRY_COLUMNS[section]
        if role == _TIP:
            return _COLUMN_TIPS[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        actor = self.actor(index)
        if actor is None:
            return None
        column = index.column()
        counts = (actor.mentions, actor.claims, actor.denials)
        if role in (_DISPLAY, Qt.ItemDataRole.EditRole):
            return (actor.name, actor.kind.label, *counts, ", ".join(actor.aliases),
                    _affiliation(actor))[column]
        if role == SORT_ROLE:
            return counts[column - 2] if 2 <= column <= 4 else str(self.data(index)).casefold()
        if role == ID_ROLE:
            return actor.id
        if role == SECONDARY_ROLE and column == 0:
            return f"{actor.kind.label} · {counted(sum(counts), 'tag')}" + (f" · {_affiliation(actor)}" if actor.affiliation_id else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column <= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == _TIP and column == 0:
            return actor.name + (f"\nalso: {' | '.join(actor.aliases)}" if actor.aliases else "")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0 and self._rename is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        actor = self.actor(index)
        if actor is None or index.column() != 0 or role != Qt.ItemDataRole.EditRole or self._rename is None:
            return False
        name = " ".join(str(value).split())
        if name and name != actor.name:
            self._rename(actor.id, name)
        return bool(name)


def _affiliation(actor: Actor) -> str:
    if not actor.affiliation_id:
        return ""
    return f"{actor.affiliation_kind} {actor.affiliation_name}".strip()


class ClaimPickerModel(_ListModel):
    """Claims of the whole project matching a search, for the denied-claim picker."""

    def __init__(self, project: Project, parent=None) -> None:
        super().__init__(project, parent)
        self.search = ""
        self._rows = self._read()

    def set_search(self, search: str) -> None:
        self.search = search
        self.refresh()

    def on_change(self, change: Change) -> None:
        if change.entities & {"claim", "actor", "article"}:
            self.refresh()

    def _read(self) -> list[Claim]:
        """The store's matches, those that match on what was claimed first, then
        on the claimant, then only on the article's title (newest first in each)."""
        found = self.project.search_claims(self.search)
        needle = " ".join(self.search.casefold().split())

        def rank(claim: Claim) -> int:
            if needle in claim.summary.casefold() or needle in claim.span.quote.casefold():
                return 0
            return 1 if needle in claim.claimant_name.casefold() else 2
        return sorted(found, key=rank) if needle else found

    def _roles(self, claim: Claim) -> dict[int, Any]:
        kind = claim.claim_type.label if claim.claim_type else "No type"
        return {_DISPLAY: f"{claim.claimant_name} → {claim.summary or quoted(claim.span.quote, 60)}",
                SECONDARY_ROLE: f"{shorten(claim.article_title, 50)} · {kind}", ID_ROLE: claim.id,
                KIND_ROLE: TagKind.CLAIM, _TIP: f"{claim.article_title}\n{quoted(claim.span.quote, 400)}"}


@dataclass(frozen=True)
class Completion:
    text: str  # a name or an alias, as the analyst may type it
    actor_id: str
    actor_name: str  # the actor's own name (differs from text for an alias)


class ActorCompletionModel(_ListModel):
    """Every name and alias -> actor id, for a QCompleter (match anywhere, any case).

    EditRole is the name or alias itself (what the completer matches and inserts);
    DisplayRole adds the actor's name after an alias."""

    def __init__(self, project: Project, parent=None) -> None:
        super().__init__(project, parent)
        self._rows = self._read()

    def on_change(self, change: Change) -> None:
        if "actor" in change.entities:
            self.refresh()

    def _key(self, row: Completion) -> Any:
        return (row.text, row.actor_id)

    def _read(self) -> list[Completion]:
        names: dict[str, str] = {}
        rows = []
        for text, actor_id in self.project.actor_completions():
            names.setdefault(actor_id, text)  # an actor's own name comes before its aliases
            rows.append(Completion(text, actor_id, names[actor_id]))
        return rows

    def _roles(self, row: Completion) -> dict[int, Any]:
        shown = row.text if row.text == row.actor_name else f"{row.text}  ({row.actor_name})"
        return {Qt.ItemDataRole.EditRole: row.text, _DISPLAY: shown, ID_ROLE: row.actor_id}
