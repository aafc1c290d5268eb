"""How the sidebar looks: a two-line item delegate with the tag markers of
:mod:`workbench.ui.tag_style`, views that show a hint when empty, and the small
labels the forms share."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
    QWidget,
)

from workbench.core.model import TagKind
from workbench.ui.models import COUNT_ROLE, KIND_ROLE, SECONDARY_ROLE
from workbench.ui.tag_style import marker_width, paint_marker, tag_colour

TAG_NAMES = {TagKind.MENTION: "Mention", TagKind.CLAIM: "Claim", TagKind.DENIAL: "Denial"}

MUTED = "#6B7280"
ERROR = "#B42318"
OK = "#1E7B4F"
NEW_ACTOR = "#9A5B00"  # "a new actor will be created": noticeable, not an error
PAD = 6  # spacing inside rows and between form rows


def quote_style(kind: TagKind) -> str:
    """The quoted span at the top of the form and the editor: a bar in the tag's colour."""
    return (f"QLabel {{ border: none; border-left: 3px solid {tag_colour(kind).name()};"
            " padding: 2px 0 2px 8px; color: #374151; font-style: italic; }")


class MarkerLabel(QLabel):
    """A label with the tag marker painted before its text (form and editor headers)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.kind: TagKind | None = None

    def set_kind(self, kind: TagKind | None, text: str) -> None:
        self.kind = kind
        height = self.fontMetrics().height() + 4
        self.setContentsMargins(marker_width(height) + 4 if kind else 0, 0, 0, 0)
        self.setMinimumHeight(height + 4)
        self.setText(text)

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.kind is not None:
            height = self.fontMetrics().height() + 4
            top = (self.height() - height) // 2
            painter = QPainter(self)
            paint_marker(painter, QRect(0, top, marker_width(height), height), self.kind)
            painter.end()


class TwoLineDelegate(QStyledItemDelegate):
    """Marker, the display text, and a muted second line (SECONDARY_ROLE); a
    count pill at the right (COUNT_ROLE) for actor rows."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        lines = 2 if index.data(SECONDARY_ROLE) else 1
        height = option.fontMetrics.height() * lines + (lines + 1) * 3 + 4
        return QSize(200, max(height, 24))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        rect = opt.rect.adjusted(PAD, 3, -PAD, -3)
        fm = opt.fontMetrics
        kind = index.data(KIND_ROLE)
        if kind is not None:
            height = fm.height() + 3
            paint_marker(painter, QRect(rect.left(), rect.top() - 1, marker_width(height), height), kind)
            rect.setLeft(rect.left() + marker_width(height) + PAD)
        count = index.data(COUNT_ROLE)
        painter.save()
        if count is not None:
            pill = self._paint_count(painter, rect, str(count), selected, opt)
            rect.setRight(pill.left() - PAD)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(opt.palette.color(role))
        line = QRect(rect.left(), rect.top(), rect.width(), fm.height())
        self._paint_primary(painter, line, text, opt)
        secondary = index.data(SECONDARY_ROLE)
        if secondary:
            painter.setPen(opt.palette.color(role) if selected else QColor(MUTED))
            line.translate(0, fm.height() + 3)
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(secondary, Qt.TextElideMode.ElideRight, line.width()))
        painter.restore()

    @staticmethod
    def _paint_primary(painter: QPainter, line: QRect, text: str, opt: QStyleOptionViewItem) -> None:
        """The actor before " → " in semibold, so a list reads by who says what."""
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        head, arrow, rest = text.partition(" → ")
        if not arrow:
            painter.drawText(line, align, opt.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, line.width()))
            return
        bold = QFont(opt.font)
        bold.setWeight(QFont.Weight.DemiBold)
        bold_metrics = QFontMetrics(bold)
        head = bold_metrics.elidedText(head, Qt.TextElideMode.ElideRight, int(line.width() * 0.6))
        painter.save()
        painter.setFont(bold)
        painter.drawText(line, align, head)
        painter.restore()
        rest_line = line.adjusted(bold_metrics.horizontalAdvance(head), 0, 0, 0)
        tail = opt.fontMetrics.elidedText(f" → {rest}", Qt.TextElideMode.ElideRight, rest_line.width())
        painter.drawText(rest_line, align, tail)

    @staticmethod
    def _paint_count(painter: QPainter, rect: QRect, text: str, selected: bool,
                     opt: QStyleOptionViewItem) -> QRect:
        fm = opt.fontMetrics
        width = fm.horizontalAdvance(text) + 12
        pill = QRect(rect.right() - width, rect.top() + 1, width, fm.height())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 70) if selected else tag_colour(TagKind.MENTION).lighter(185))
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText) if selected else QColor("#1F3B57"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        return pill


class _HintMixin:
    """Draws a centred, muted hint in the viewport while the model has no rows."""

    hint = ""

    def set_hint(self, hint: str) -> None:
        self.hint = hint
        self.viewport().update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().paintEvent(event)
        model = self.model()
        if model is None or model.rowCount() or not self.hint:
            return
        painter = QPainter(self.viewport())
        painter.setPen(QColor(MUTED))
        area = self.viewport().rect().adjusted(18, 24, -18, -18)
        painter.drawText(area, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                         self.hint)


    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        # Qt makes the first row current (not selected) on focus, so Down would
        # skip it; with no current row, Down selects the first one.
        current = self.currentIndex()
        if current.isValid() and not self.selectionModel().isSelected(current):
            self.selectionModel().setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        before = self.currentIndex()
        super().mousePressEvent(event)
        after = self.currentIndex()
        if after.isValid() and after == before and event.button() == Qt.MouseButton.LeftButton:
            self.reselected.emit(after)  # a click on the current item: show it again


class HintListView(_HintMixin, QListView):
    reselected = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(TwoLineDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QListView.Shape.NoFrame)


class HintTreeView(_HintMixin, QTreeView):
    reselected = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(TwoLineDelegate(self))
        self.setHeaderHidden(True)
        self.setIndentation(14)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFrameShape(QTreeView.Shape.NoFrame)


class HintTableView(_HintMixin, QTableView):
    reselected = Signal(QModelIndex)


class StatusLabel(QLabel):
    """A one-line muted label: "Saved" for a moment after a write, or an error
    that stays until the next edit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.hide()  # takes no room while it has nothing to say
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_status)

    def saved(self, text: str = "Saved") -> None:
        self.setStyleSheet(f"color: {OK};")
        self.setText(f"✓ {text}")
        self.show()
        self._timer.start(1800)

    def error(self, text: str) -> None:
        self._timer.stop()
        self.setStyleSheet(f"color: {ERROR};")
        self.setText(text)
        self.show()

    def note(self, text: str) -> None:
        self._timer.stop()
        self.setStyleSheet(f"color: {MUTED};")
        self.setText(text)
        self.show()

    def is_error(self) -> bool:
        return ERROR in self.styleSheet() and bool(self.text())

    def clear_status(self) -> None:
        self._timer.stop()
        self.setText("")
        self.hide()


def muted_label(text: str = "", parent: QWidget | None = None, *, small: bool = True) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {MUTED};" + (" font-size: 11px;" if small else ""))
    return label


def section_title(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
