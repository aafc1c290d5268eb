"""Asks which actor to merge into which: the selected actor goes, the one picked
from a searchable list stays (or the other way round, with "Swap")."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, QRegularExpression, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from workbench.core.store import Project
from workbench.ui.models import ID_ROLE, ActorRegistryModel, counted
from workbench.ui.sidebar.style import PAD, HintListView, muted_label

_MOVES = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 6, Qt.Key.Key_PageUp: -6}


class MergeDialog(QDialog):
    def __init__(self, project: Project, actor_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge actors")
        self.project = project
        self.actor = project.get_actor(actor_id)
        self.swapped = False
        self.model = ActorRegistryModel(project, parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(ID_ROLE)  # everyone but the actor itself
        pattern = f"^(?!{QRegularExpression.escape(actor_id)}$)"
        self.proxy.setFilterRegularExpression(QRegularExpression(pattern))

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Find the other actor by name or alias")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search)
        self.search.installEventFilter(self)
        self.list = HintListView(self)
        self.list.setModel(self.proxy)
        self.list.set_hint("No other actor matches.")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setFrameShape(HintListView.Shape.StyledPanel)
        self.list.selectionModel().currentChanged.connect(self._update)
        self.list.doubleClicked.connect(self.accept)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        swap = QPushButton("Swap", self)
        swap.setToolTip("Keep the selected actor and merge the other one into it")
        swap.setAutoDefault(False)
        swap.clicked.connect(self._swap)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.merge_button = self.buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(swap, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        intro = QLabel(f"Merge <b>{escape(self.actor.name)}</b> with:", self)
        layout = QVBoxLayout(self)
        layout.setSpacing(PAD)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        layout.addWidget(muted_label("The actor that goes is deleted; its tags, affiliates, name and aliases"
                                     " move to the one that stays. Undo restores both.", self))
        layout.addWidget(self.buttons)
        self.resize(420, 460)
        self._update()

    def other_id(self) -> str | None:
        index = self.list.currentIndex()
        if index.isValid() and self.list.selectionModel().isSelected(index):
            return index.data(ID_ROLE)
        return None

    def choice(self) -> tuple[str, str] | None:
        """(keep, merge away), or None until another actor is picked."""
        other = self.other_id()
        if other is None:
            return None
        return (self.actor.id, other) if self.swapped else (other, self.actor.id)

    def accept(self) -> None:
        if self.choice() is not None:
            super().accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() in _MOVES:
            rows = self.proxy.rowCount()
            if rows:
                current = self.list.currentIndex()
                row = current.row() + _MOVES[event.key()] if current.isValid() else 0
                self.list.setCurrentIndex(self.proxy.index(min(max(row, 0), rows - 1), 0))
            return True
        return super().eventFilter(watched, event)

    def _search(self, text: str) -> None:
        self.model.set_filter(text)
        if text.strip() and self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self._update()

    def _swap(self) -> None:
        self.swapped = not self.swapped
        self._update()

    def _update(self, *_: object) -> None:
        choice = self.choice()
        self.merge_button.setEnabled(choice is not None)
        if choice is None:
            self.summary.setText("Pick the other actor above.")
            return
        keep, gone = (self.project.get_actor(i) for i in choice)
        self.summary.setText(
            f"<b>{escape(keep.name)}</b> stays; <b>{escape(gone.name)}</b> goes and becomes its alias"
            f" (its {counted(gone.mentions, 'mention')}, {counted(gone.claims, 'claim')} and"
            f" {counted(gone.denials, 'denial')} move over).")
