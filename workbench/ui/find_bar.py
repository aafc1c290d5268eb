"""The find field above the article pane.

Keys (in the field): Enter selects the next match in the view, Shift+Enter
the previous one (both wrap around); Escape hides the bar and puts the focus
back in the view, keeping the selected match. :meth:`FindBar.activate` is the
Ctrl+F behaviour: show, focus, and select the previous text so typing
replaces it.

Matching is case-insensitive on the article's canonical text (Python's
``re.IGNORECASE``, so offsets stay code points of that text). A match is
selected with :meth:`ArticleView.select_code_points`, i.e. *exactly*: no
snapping to whole words, so ``selection_code_points()`` returns the match and
searching "coalit" then pressing C tags "coalit", not "coalition". Typing
does not move the selection; Enter does.
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from workbench.ui.article_view import ArticleView

_NO_MATCH_STYLE = "QLineEdit { background: #fde8e4; }"


class _FindField(QLineEdit):
    """A line edit that tells Enter from Shift+Enter and reports Escape."""

    nextRequested = Signal()
    previousRequested = Signal()
    escapePressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previousRequested.emit()
            else:
                self.nextRequested.emit()
            return event.accept()
        if event.key() == Qt.Key.Key_Escape:
            self.escapePressed.emit()
            return event.accept()
        super().keyPressEvent(event)


class FindBar(QWidget):
    """Find in the attached :class:`ArticleView`. ``closed()`` is emitted when
    Escape (or the close button) hides the bar."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view: ArticleView | None = None
        self._cache: tuple[str, str, list[tuple[int, int]]] | None = None  # text, query, matches
        self.field = _FindField(self)
        self.field.setPlaceholderText("Find in article")
        self.field.setToolTip(
            "Enter: next match · Shift+Enter: previous · Esc: close and keep the selection\n"
            "Case-insensitive. A match is selected exactly (no snapping to whole words)."
        )
        self.field.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.status.setMinimumWidth(90)
        self.status.setStyleSheet("color: palette(mid);")
        prev_btn, next_btn, close_btn = (QToolButton(self) for _ in range(3))
        for btn, text, tip, slot in (
            (prev_btn, "▲", "Previous match (Shift+Enter)", self.find_previous),
            (next_btn, "▼", "Next match (Enter)", self.find_next),
            (close_btn, "✕", "Close (Esc)", self.close_bar),
        ):
            btn.setText(text)
            btn.setToolTip(tip)
            btn.setAutoRaise(True)
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            btn.clicked.connect(slot)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.status)
        layout.addWidget(prev_btn)
        layout.addWidget(next_btn)
        layout.addWidget(close_btn)
        self.field.textChanged.connect(self._update_status)
        self.field.nextRequested.connect(self.find_next)
        self.field.previousRequested.connect(self.find_previous)
        self.field.escapePressed.connect(self.close_bar)

    # -- API ----------------------------------------------------------------------
    def attach(self, view: ArticleView) -> None:
        if self._view is not None:
            self._view.articleChanged.disconnect(self._update_status)
            self._view.selectionChangedCodePoints.disconnect(self._update_status)
        self._view = view
        view.articleChanged.connect(self._update_status)
        view.selectionChangedCodePoints.connect(self._update_status)
        self._update_status()

    def activate(self) -> None:
        """Ctrl+F: show the bar, focus the field and select its text."""
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self._update_status()

    def close_bar(self) -> None:
        """Escape: hide, give the focus back to the view; the selection stays."""
        self.hide()
        if self._view is not None:
            self._view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def matches(self) -> list[tuple[int, int]]:
        """Code-point spans of every match of the field's text in the view's article."""
        if self._view is None:
            return []
        text, query = self._view.article_text(), unicodedata.normalize("NFC", self.field.text())
        if self._cache is None or self._cache[0] is not text or self._cache[1] != query:
            found = [(m.start(), m.end()) for m in re.finditer(re.escape(query), text, re.IGNORECASE)
                     if m.end() > m.start()] if query else []
            self._cache = (text, query, found)
        return self._cache[2]

    def find_next(self) -> tuple[int, int] | None:
        """Select the first match after the selection (or cursor), wrapping around."""
        return self._find(forward=True)

    def find_previous(self) -> tuple[int, int] | None:
        return self._find(forward=False)

    # -- internals ------------------------------------------------------------------
    def _find(self, forward: bool) -> tuple[int, int] | None:
        found = self.matches()
        if self._view is None or not found:
            self._update_status()
            return None
        start, end = self._view_selection()
        if forward:
            hit = next((m for m in found if m[0] >= end), found[0])
        else:
            hit = next((m for m in reversed(found) if m[1] <= start), found[-1])
        self._view.select_code_points(*hit)
        self._update_status()
        return hit

    def _view_selection(self) -> tuple[int, int]:
        """The view's selection (as A/C/D would tag it), or its cursor, in code points."""
        assert self._view is not None
        sel = self._view.selection_code_points()
        if sel is None:
            pos = self._view.cursor_code_point()
            return pos, pos
        return sel

    def _update_status(self, *_: object) -> None:
        found = self.matches()
        query = self.field.text()
        sheet = _NO_MATCH_STYLE if query and not found else ""
        if self.field.styleSheet() != sheet:
            self.field.setStyleSheet(sheet)
        if not query:
            self.status.setText("")
        elif not found:
            self.status.setText("No matches")
        else:
            sel = self._view.selection_code_points() if self._view is not None else None
            if sel in found:
                self.status.setText(f"{found.index(sel) + 1} of {len(found)}")
            else:
                self.status.setText(f"{len(found)} match{'es' if len(found) != 1 else ''}")
