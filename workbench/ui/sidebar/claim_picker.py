"""The denied-claim picker: a search over every claim of the project (any
article) and the claim chosen, shown with its claimant, summary and article.

Focus stays in the search field: Up/Down move through the results, typing
highlights the best match, Enter or a click chooses it (in the tag editor the
highlighted claim is chosen at once, so the line above shows what Enter saves). The list never takes
focus, so Enter still reaches the editor, which then saves.

The claims are read when the list shows (or a search is typed), not before: a
change while it is hidden marks them stale, and they are read again when it shows.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from workbench.core.model import Change, Claim, TagKind
from workbench.core.store import Project
from workbench.ui.models import ID_ROLE, ClaimPickerModel, shorten
from workbench.ui.sidebar.style import MUTED, HintListView

_MOVES = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 4, Qt.Key.Key_PageUp: -4}


class ClaimPicker(QWidget):
    chosen = Signal(object)  # the claim id, or None when cleared, by the analyst

    def __init__(self, project: Project, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.project = project
        self.compact = compact  # in a form the results show only while searching
        self.claim_id: str | None = None
        self.model = ClaimPickerModel(project, self)

        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("✕")
        self.clear_button.setToolTip("Unlink the claim")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(lambda: self.choose(None))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search claims: summary, quote, claimant, article…")
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._search)
        self.search.returnPressed.connect(self._choose_current)
        self.search.installEventFilter(self)
        self.list = HintListView(self)
        self.list.setModel(self.model)
        self.list.set_hint("No claim matches.")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.clicked.connect(self._choose_index)
        self.list.setFrameShape(HintListView.Shape.StyledPanel)
        self.list.setFixedHeight(self.list.fontMetrics().height() * 2 * 4 + 48)
        self.list.setVisible(not compact)
        self.list.installEventFilter(self)  # its Show: read the claims

        chosen = QHBoxLayout()
        chosen.setContentsMargins(0, 0, 0, 0)
        chosen.addWidget(self.label, 1)
        chosen.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(chosen)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.setFocusProxy(self.search)
        self._show_chosen()

    # -- state ---------------------------------------------------------------
    def set_claim(self, claim_id: str | None) -> None:
        """Show a stored choice (no signal)."""
        self.claim_id = claim_id
        self._show_chosen()

    def choose(self, claim_id: str | None) -> None:
        self.claim_id = claim_id
        self._show_chosen()
        self.chosen.emit(claim_id)

    def reset(self) -> None:
        self.search.clear()
        self.model.set_search("", load=self.list.isVisible())
        self.list.clearSelection()
        self.set_claim(None)

    def on_change(self, change: Change) -> None:
        self.model.on_change(change)
        if self.list.isVisible():
            self.model.load()
        if self.claim_id and change.entities & {"claim", "actor", "article"}:
            self._show_chosen()

    # -- keys and clicks -------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.Show:
            self.model.load()  # before its first paint
        if watched is self.search:
            if event.type() == QEvent.Type.KeyPress and event.key() in _MOVES:
                self._move(_MOVES[event.key()])
                return True
            if self.compact and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
                self.list.setVisible(event.type() == QEvent.Type.FocusIn)
        return super().eventFilter(watched, event)

    def _search(self, text: str) -> None:
        self.model.set_search(text)
        if text.strip() and self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))
            self._follow()
        else:
            self.list.clearSelection()
            self.list.setCurrentIndex(QModelIndex())

    def _move(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.list.currentIndex()
        row = current.row() + step if current.isValid() and self.list.selectionModel().isSelected(current) else 0
        index = self.model.index(min(max(row, 0), rows - 1), 0)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        self._follow()

    def _follow(self) -> None:
        """In the tag editor the highlighted claim is the choice: what Enter saves."""
        if not self.compact:
            self._choose_current()

    def highlighted_claim(self) -> str | None:
        index = self.list.currentIndex()
        if index.isValid() and self.list.selectionModel().isSelected(index):
            return index.data(ID_ROLE)
        return None

    def _choose_current(self) -> None:
        claim_id = self.highlighted_claim()
        if claim_id and claim_id != self.claim_id:
            self.choose(claim_id)

    def _choose_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.choose(index.data(ID_ROLE))

    def _show_chosen(self) -> None:
        claim = self.project.get_tag(TagKind.CLAIM, self.claim_id) if self.claim_id else None
        self.clear_button.setVisible(claim is not None)
        if claim is None:
            self.claim_id = None
            self.label.setText(f'<span style="color:{MUTED}">No claim linked. Search to pick one'
                               " (optional).</span>")
            return
        self.label.setText(_describe(claim))


def _describe(claim: Claim) -> str:
    what = escape(claim.summary or f"“{shorten(claim.span.quote, 80)}”")
    return (f"<b>{escape(claim.claimant_name)}</b> → {what}"
            f'<br><span style="color:{MUTED}; font-size:11px">in {escape(shorten(claim.article_title, 70))}</span>')
