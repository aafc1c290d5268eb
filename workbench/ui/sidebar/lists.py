"""The current article's tags as three lists: actors (with their mentions under
them), claims and denials. Selecting a row (keys or a click, also a second click
on the same row) reports it; :meth:`TagLists.select_tag` selects a row without
reporting it (the pane asked for it)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QObject, Signal
from PySide6.QtWidgets import QAbstractItemView

from workbench.core.model import Change, TagKind
from workbench.ui.models import ID_ROLE, KIND_ROLE, ClaimListModel, DenialListModel, MentionTreeModel
from workbench.ui.session import Session
from workbench.ui.sidebar.style import HintListView, HintTreeView

NO_ARTICLE = "No article open."
HINTS = {
    TagKind.MENTION: "No actors tagged yet.\nSelect text and press A, C or D to tag it.",
    TagKind.CLAIM: "No claims yet.\nSelect text and press C to tag a claim.",
    TagKind.DENIAL: "No denials yet.\nSelect text and press D to tag a denial.",
}


class TagLists(QObject):
    selected = Signal(object, str)  # "actor" or a TagKind, and the id, chosen by the analyst
    countsChanged = Signal()  # noqa: N815

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        project, tags = session.project, session.tags_of_kind  # read once per change with the pane
        self.mentions = MentionTreeModel(project, self, tags=tags)
        self.claims = ClaimListModel(project, self, tags=tags)
        self.denials = DenialListModel(project, self, tags=tags)
        self.actor_view = HintTreeView()
        self.claim_view = HintListView()
        self.denial_view = HintListView()
        self.views: dict[TagKind, QAbstractItemView] = {
            TagKind.MENTION: self.actor_view, TagKind.CLAIM: self.claim_view, TagKind.DENIAL: self.denial_view}
        self._quiet = False
        for kind, view, model in ((TagKind.MENTION, self.actor_view, self.mentions),
                                  (TagKind.CLAIM, self.claim_view, self.claims),
                                  (TagKind.DENIAL, self.denial_view, self.denials)):
            view.setModel(model)
            view.setAccessibleName({TagKind.MENTION: "Actors of the article", TagKind.CLAIM: "Claims",
                                    TagKind.DENIAL: "Denials"}[kind])
            view.selectionModel().selectionChanged.connect(self._selection_changed)
            view.reselected.connect(self._report)
            for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
                signal.connect(self.countsChanged)
        self._show_hints()
        session.changed.connect(self.on_change)

    @property
    def article_id(self) -> str | None:
        return self.claims.article_id

    def set_article(self, article_id: str | None) -> None:
        with self._quietly():
            for model in (self.mentions, self.claims, self.denials):
                model.set_article(article_id)
        self._show_hints()

    def on_change(self, change: Change) -> None:
        # rows that go move the current index: that is not the analyst choosing;
        # a selected row that moved (another actor, another order) is selected again
        selected = {kind: self.selected_item(kind) for kind in self.views}
        with self._quietly():
            for model in (self.mentions, self.claims, self.denials):
                model.on_change(change)
            for kind, item in selected.items():
                if item is not None and self.selected_item(kind) != item:
                    self._reselect(kind, item)

    def _reselect(self, kind: TagKind, item: tuple[object, str]) -> None:
        if kind is not TagKind.MENTION:
            self.select_tag(item[1])
        elif item[0] == "actor":
            index = self.mentions.index_of_actor(item[1])
            if index.isValid():
                self.actor_view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        else:
            self.select_tag(item[1])

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    def counts(self) -> dict[TagKind, int]:
        return {TagKind.MENTION: self.mentions.rowCount(), TagKind.CLAIM: self.claims.rowCount(),
                TagKind.DENIAL: self.denials.rowCount()}

    def selected_item(self, kind: TagKind) -> tuple[object, str] | None:
        view = self.views[kind]
        index = view.currentIndex()
        if not index.isValid() or not view.selectionModel().isSelected(index):
            return None
        return (index.data(KIND_ROLE) or "actor", index.data(ID_ROLE))

    def first_mention_of(self, actor_id: str) -> str | None:
        group = self.mentions.index_of_actor(actor_id)
        child = self.mentions.index(0, 0, group) if group.isValid() else QModelIndex()
        return child.data(ID_ROLE) if child.isValid() else None

    def select_tag(self, tag_id: str) -> TagKind | None:
        """Select the row of a tag without reporting it; its kind, or None if not here."""
        found = (TagKind.MENTION, self.mentions.index_of_tag(tag_id))
        if not found[1].isValid():
            for kind, model in ((TagKind.CLAIM, self.claims), (TagKind.DENIAL, self.denials)):
                row = model.row_of(tag_id)
                if row >= 0:
                    found = (kind, model.index(row, 0))
                    break
            else:
                return None
        kind, index = found
        view = self.views[kind]
        if kind is TagKind.MENTION:
            self.actor_view.expand(index.parent())
        with self._quietly():
            view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        view.scrollTo(index)
        return kind

    def clear_selection(self) -> None:
        with self._quietly():
            for view in self.views.values():
                view.selectionModel().clear()

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._report(indexes[0])

    def _report(self, index: QModelIndex) -> None:
        if self._quiet or not index.isValid():
            return
        self.selected.emit(index.data(KIND_ROLE) or "actor", index.data(ID_ROLE))

    def _show_hints(self) -> None:
        for kind, view in self.views.items():
            view.set_hint(HINTS[kind] if self.article_id else NO_ARTICLE)
