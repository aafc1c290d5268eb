"""The open project as the window sees it: one store, one undo stack, one signal.

Every write from the UI goes through :meth:`Session.run`: it calls one store
method (which commits before returning), pushes the returned Change on the undo
stack and emits :attr:`Session.changed`, which every model and widget listens to.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workbench.core.model import Change
from workbench.core.store import Project


class ChangeCommand(QUndoCommand):
    """Wraps a Change the store has already applied: the first redo does nothing."""

    def __init__(self, session: "Session", change: Change) -> None:
        super().__init__(change.label)
        self.session = session
        self.change = change
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.session.project.apply(self.change)
        self.session.changed.emit(self.change)

    def undo(self) -> None:
        self.session.project.revert(self.change)
        self.session.changed.emit(self.change)


class Session(QObject):
    changed = Signal(object)  # the Change that was applied, reverted or re-applied
    reset = Signal()  # everything may have changed (import, project switch)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)

    def run(self, write: Callable[..., Change], *args: Any, **kwargs: Any) -> Change:
        """Call one store write, make it undoable and tell everyone."""
        change = write(*args, **kwargs)
        if not change.is_empty():
            self.undo_stack.push(ChangeCommand(self, change))
            self.changed.emit(change)
        return change

    def undo(self) -> None:
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    def notify_reset(self) -> None:
        self.reset.emit()
