"""A compact legend for the article pane: a sample of each tag style, drawn by
the same :class:`~workbench.ui.tag_style.TagPainter` the pane uses, with its
name and keys, and the hint about Alt (exact selections)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench.core.model import TagKind
from workbench.ui.tag_style import ALT_HINT, STYLES, TagPainter, sample_box, style

LINE_HEIGHT = 1.85  # as the article pane's line height, so the lanes look the same


class TagSwatch(QWidget):
    """A sample word drawn as a tag of one kind."""

    def __init__(self, kind: TagKind, sample: str = "text", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = TagKind(kind)
        self.sample = sample
        font = QFont("DejaVu Serif")
        font.setPointSizeF(max(9.0, self.font().pointSizeF() + 1))
        self.setFont(font)
        self.setToolTip(f"{style(kind).name}: {style(kind).look}")
        self.setAccessibleName(self.toolTip())

    def _metrics(self) -> tuple[QFontMetricsF, TagPainter]:
        fm = QFontMetricsF(self.font())
        return fm, TagPainter(fm.ascent(), fm.descent(), fm.height() * LINE_HEIGHT)

    def sizeHint(self) -> QSize:
        fm, tp = self._metrics()
        width = fm.horizontalAdvance(self.sample) + 20
        height = fm.height() + tp.first_lane + tp.lane_gap * 2 + 8
        return QSize(int(width + 0.5), int(height + 0.5))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        fm, tp = self._metrics()
        width = fm.horizontalAdvance(self.sample)
        x = (self.width() - width) / 2
        box = sample_box(x, width, 4.0, fm.ascent(), fm.descent())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        tp.fill(p, box, self.kind)
        p.setPen(self.palette().color(self.foregroundRole()))
        p.setFont(self.font())
        p.drawText(x, box.baseline, self.sample)
        tp.decorate(p, box, self.kind, 0)
        p.end()


class Legend(QWidget):
    """One row: a swatch, name and keys per tag kind; the Alt hint below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 6, 10, 6)
        outer.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.labels: dict[TagKind, QLabel] = {}
        for kind, st in STYLES.items():
            row.addWidget(TagSwatch(kind, parent=self))
            label = QLabel(f"<b>{st.name}</b>&nbsp;&nbsp;<span style='color:#5f6368'>{st.keys}</span>", self)
            label.setAccessibleName(f"{st.name}  {st.keys}")
            label.setToolTip(f"{st.name}: {st.look}. Select text, then press {st.keys}.")
            self.labels[kind] = label
            row.addWidget(label)
            row.addSpacing(14)
        row.addStretch(1)
        outer.addLayout(row)
        self.hint = QLabel(ALT_HINT, self)
        self.hint.setStyleSheet("color: #5f6368;")
        self.hint.setWordWrap(True)
        hint_font = self.hint.font()
        hint_font.setItalic(True)
        self.hint.setFont(hint_font)
        outer.addWidget(self.hint)
        # its height is its size hint: the article view above it in the column is Expanding

    def entry_text(self, kind: TagKind) -> str:
        """The legend's plain text for one kind, e.g. "Actor mention  A / Ctrl+1"."""
        return self.labels[TagKind(kind)].accessibleName()

