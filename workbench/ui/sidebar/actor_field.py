"""A line edit for an actor name, completed from the registry (names and aliases,
any case, matching anywhere in the name).

Every field keeps one QCompleter for its whole life over the one shared
:class:`~workbench.ui.models.ActorCompletionModel` (replacing a completer inside
an Enter handler crashes PySide6 6.11). While the popup shows, Enter accepts the
highlighted name (or keeps what was typed) and emits :attr:`ActorField.submitted`
in the same key press, so one Enter both completes and saves; Tab accepts and
moves on.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from workbench.core.model import ActorName, ActorRef
from workbench.ui.models import ID_ROLE, ActorCompletionModel

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def make_completer(model: ActorCompletionModel, parent: QObject) -> QCompleter:
    completer = QCompleter(model, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setCompletionRole(Qt.ItemDataRole.EditRole)
    completer.setMaxVisibleItems(8)
    return completer


class ActorField(QLineEdit):
    """An actor by name. :meth:`actor_ref` gives the id of the actor picked from
    the completions, or an :class:`ActorName` (the store links a matching name or
    alias, or creates the actor), or None when empty."""

    submitted = Signal()  # Enter pressed while the completion popup was showing
    popupToggled = Signal()  # the completion popup was shown or hidden

    def __init__(self, completions: ActorCompletionModel, parent: QWidget | None = None,
                 placeholder: str = "Actor name") -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self._picked: tuple[str, str] | None = None  # (text, actor id) chosen from the popup
        self._completer = make_completer(completions, self)
        self.setCompleter(self._completer)
        self._completer.activated[QModelIndex].connect(self._pick)
        self._completer.highlighted[QModelIndex].connect(self._pick)
        # installed after the completer's own filter, so it sees keys first
        self._completer.popup().installEventFilter(self)

    @property
    def completer_popup(self):
        return self._completer.popup()

    def popup_visible(self) -> bool:
        return self._completer.popup().isVisible()

    def set_actor(self, name: str, actor_id: str | None = None) -> None:
        """Show an actor (a stored tag's), remembering its id."""
        self._picked = (name, actor_id) if actor_id else None
        if self.text() != name:
            self.setText(name)
            self.setCursorPosition(0)

    def actor_ref(self) -> ActorRef | None:
        text = " ".join(self.text().split())
        if not text:
            return None
        if self._picked and self._picked[0] == text:
            return self._picked[1]
        return ActorName(text)

    def _pick(self, index: QModelIndex) -> None:
        if index.isValid():
            text = index.data(Qt.ItemDataRole.EditRole)
            self._picked = (" ".join(str(text).split()), index.data(ID_ROLE))

    def prefix_completion(self) -> tuple[str, str] | None:
        """The first name or alias that starts with what was typed, when nothing
        matches it exactly: what Enter takes while the popup shows, so "Sorrel"
        links "Sorrel Valley Front" instead of creating a near-duplicate actor.
        (A name merely containing the text, "Calderan army" for "army", is not taken.)"""
        typed = " ".join(self.text().split()).casefold()
        if not typed:
            return None
        model = self._completer.model()
        names = [
            (str(model.index(row, 0).data(Qt.ItemDataRole.EditRole)), model.index(row, 0).data(ID_ROLE))
            for row in range(model.rowCount())
        ]
        if any(name.casefold() == typed for name, _ in names):
            return None
        return next(((name, actor_id) for name, actor_id in names
                     if name.casefold().startswith(typed)), None)

    def _accept_popup(self) -> None:
        popup = self._completer.popup()
        index = popup.currentIndex()
        if index.isValid() and popup.selectionModel().isSelected(index):
            self._pick(index)
            self.setText(self._picked[0])
        elif (candidate := self.prefix_completion()) is not None:
            self._picked = candidate
            self.setText(candidate[0])
        popup.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide) and watched is self._completer.popup():
            self.popupToggled.emit()
        if event.type() == QEvent.Type.KeyPress and watched is self._completer.popup():
            key = event.key()
            if key in _ENTER:
                self._accept_popup()
                self.submitted.emit()
                return True
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self._accept_popup()
                self.focusNextPrevChild(key == Qt.Key.Key_Tab)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # keys sent straight to the field while the popup shows (tests, input methods)
        if event.key() in _ENTER and self.popup_visible():
            self._accept_popup()
            self.submitted.emit()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Down and not self.popup_visible():
            self._completer.setCompletionPrefix(self.text())  # Down lists the names (all, when empty)
            self._completer.complete()
            return
        super().keyPressEvent(event)
