"""Project-wide item models: the actor registry, the denied-claim picker and the
actor-name completions.

Each reads through the :class:`~workbench.core.store.Project` query methods and
re-reads in its ``on_change(change)`` only when the change touched what it shows,
applied with :func:`~workbench.ui.model_base.sync_rows` (the claim picker's model
only notes that it is stale: its picker re-reads when shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from workbench.core.model import Actor, ActorKind, Change, Claim, TagKind
from workbench.core.store import Project
from workbench.ui.model_base import (ID_ROLE, KIND_ROLE, SECONDARY_ROLE, SORT_ROLE, Index, ListModel, counted,
                                     quoted, shorten, sync_rows)

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TIP = Qt.ItemDataRole.ToolTipRole


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


class ClaimPickerModel(ListModel):
    """Claims of the whole project matching a search, for the denied-claim picker.

    It reads nothing until asked: the picker calls :meth:`load` when its list
    shows, and a search reads at once. A change only marks it ``stale``: the next
    :meth:`load` re-reads (the picker loads at once while its list is shown)."""

    def __init__(self, project: Project, parent=None) -> None:
        super().__init__(project, parent)
        self.search = ""
        self.stale = True  # nothing read yet

    def load(self) -> None:
        """Read the matches if a change or a search came since the last read."""
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        self.stale = False
        super().refresh()

    def set_search(self, search: str, *, load: bool = True) -> None:
        """Search (``load=False``: read when next loaded)."""
        if search != self.search:
            self.search, self.stale = search, True
        if load:
            self.load()

    def on_change(self, change: Change) -> None:
        if change.entities & {"claim", "actor", "article"}:
            self.stale = True

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


class ActorCompletionModel(ListModel):
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
