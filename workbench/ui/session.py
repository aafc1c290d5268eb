"""The open project as the window sees it: one store, one undo stack, one signal.

Every write from the UI goes through :meth:`Session.run`: it calls one store
method (which commits before returning), pushes the returned Change on the undo
stack and emits :attr:`Session.changed`, which every model and widget listens to.

The pane and the sidebar's lists show the same article's tags: they read them
through :meth:`Session.tags_of_kind`, which reads each kind once per change.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workbench.core.model import ArticleTags, Change, Tag, TagKind
from workbench.core.project_file import ProjectError
from workbench.core.store import Project, TagError


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
        self._replay(self.session.project.apply)

    def undo(self) -> None:
        self._replay(self.session.project.revert)

    def _replay(self, replay: Callable[[Change], None]) -> None:
        """A replay the project no longer allows wrote nothing: the command is
        dropped from the stack (obsolete) and the window says why."""
        try:
            replay(self.change)
        except (TagError, ProjectError) as error:
            self.setObsolete(True)
            self.session.failed.emit(str(error))
            return
        self.session.changed.emit(self.change)


class Session(QObject):
    changed = Signal(object)  # the Change that was applied, reverted or re-applied
    reset = Signal()  # everything may have changed (import, project switch)
    failed = Signal(str)  # an undo or redo could not be carried out; nothing was written

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self._resets = 0  # writes through other connections (an import) come with a reset
        self._tags: dict[TagKind, tuple[tuple[str, int, int], tuple[Tag, ...]]] = {}

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
        self._resets += 1
        self.reset.emit()

    # -- the open article's tags, read once per change -------------------------------
    def tags_of_kind(self, article_id: str, kind: TagKind) -> tuple[Tag, ...]:
        """``project.tags_of_kind``, kept until the next write (of this connection:
        the project's ``write_count``) or reset: whoever asks after a change reads,
        the other parts that show the article get the same tuple."""
        key = (article_id, self.project.write_count, self._resets)
        cached = self._tags.get(kind)
        if cached is None or cached[0] != key:
            cached = self._tags[kind] = (key, self.project.tags_of_kind(article_id, kind))
        return cached[1]

    def article_tags(self, article_id: str) -> ArticleTags:
        """All of an article's tags, as ``project.tags_of_article``, through the same cache."""
        return ArticleTags(mentions=self.tags_of_kind(article_id, TagKind.MENTION),  # type: ignore[arg-type]
                           claims=self.tags_of_kind(article_id, TagKind.CLAIM),  # type: ignore[arg-type]
                           denials=self.tags_of_kind(article_id, TagKind.DENIAL))  # type: ignore[arg-type]
