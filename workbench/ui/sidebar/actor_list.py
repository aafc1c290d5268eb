"""Several actors in one field (what a claim is about): removable chips and an
input with completion.

Keys in the input: ``,`` or ``;`` turns the typed name into a chip; Backspace on
an empty input removes the last chip; Enter (also in the completion popup) takes
the typed name and lets the form save. :meth:`refs` includes a name still being
typed, so nothing typed is lost.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QToolButton, QWidget

from workbench.core.model import ActorName, ActorRef
from workbench.ui.models import ActorCompletionModel
from workbench.ui.sidebar.actor_field import ActorField

_CHIP_STYLE = (
    "QToolButton { border: 1px solid #C9D3DD; border-radius: 9px; padding: 1px 6px;"
    " background: #EEF3F8; color: #1F2937; }"
    "QToolButton:hover { border-color: #8AA1B8; background: #E2EAF2; }"
)


class FlowLayout(QLayout):
    """Lays items left to right and wraps them onto new lines (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        last = len(self._items) - 1
        for n, item in enumerate(self._items):
            hint = item.sizeHint()
            if n == last:  # the input takes the rest of the line, at least its minimum
                hint = QSize(max(item.minimumSize().width(), rect.right() - x), hint.height())
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y = rect.x(), y + line + self._spacing
                line = 0
                if n == last:
                    hint.setWidth(rect.width())
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


class ActorListField(QWidget):
    changed = Signal()  # a chip was added or removed by the analyst
    submitted = Signal()  # Enter in the completion popup

    def __init__(self, completions: ActorCompletionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actors: list[tuple[str | None, str]] = []  # (actor id or None for a new name, name)
        self._chips: list[QToolButton] = []
        self._layout = FlowLayout(self)
        self.input = _ChipInput(completions, self)
        self.input.setPlaceholderText("Add actor…")
        self.input.setToolTip("Type a name; a comma adds it and starts another; Backspace removes the last")
        self.input.setMinimumWidth(110)
        self.input.submitted.connect(self._submit)
        self.input.editingFinished.connect(self.take_pending)
        self._layout.addWidget(self.input)
        self.setFocusProxy(self.input)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def names(self) -> list[str]:
        return [name for _, name in self._actors]

    def set_actors(self, actors: list[tuple[str | None, str]]) -> None:
        if actors != self._actors:
            self._actors = list(actors)
            self._rebuild()

    def refs(self) -> list[ActorRef]:
        refs: list[ActorRef] = [actor_id or ActorName(name) for actor_id, name in self._actors]
        pending = self.input.actor_ref()
        return refs + ([pending] if pending is not None else [])

    def take_pending(self) -> bool:
        """Turn a typed name into a chip; True when one was added."""
        ref = self.input.actor_ref()
        if ref is None:
            return False
        name = " ".join(self.input.text().split())
        self.input.clear()
        if any(n.casefold() == name.casefold() for _, n in self._actors):
            return False
        self._actors.append((ref if isinstance(ref, str) else None, name))
        self._rebuild()
        self.changed.emit()
        return True

    def remove_at(self, position: int) -> None:
        if 0 <= position < len(self._actors):
            del self._actors[position]
            self._rebuild()
            self.changed.emit()
            self.input.setFocus()

    def _submit(self) -> None:
        self.take_pending()
        self.submitted.emit()

    def _rebuild(self) -> None:
        for chip in self._chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        self._layout.takeAt(0)  # the input goes back at the end
        for position, (_, name) in enumerate(self._actors):
            chip = QToolButton(self)
            chip.setText(f"{name}  ✕")
            chip.setToolTip(f"Remove {name}")
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.setStyleSheet(_CHIP_STYLE)
            chip.clicked.connect(lambda _=False, p=position: self.remove_at(p))
            self._layout.addWidget(chip)
            self._chips.append(chip)
        self._layout.addWidget(self.input)
        self.updateGeometry()


class _ChipInput(ActorField):
    def keyPressEvent(self, event: QKeyEvent) -> None:
        owner: ActorListField = self.parentWidget()  # type: ignore[assignment]
        if event.text() in (",", ";"):
            if self.popup_visible():
                self._accept_popup()
            owner.take_pending()
            return
        if event.key() == Qt.Key.Key_Backspace and not self.text() and owner.names():
            owner.remove_at(len(owner.names()) - 1)
            return
        super().keyPressEvent(event)
