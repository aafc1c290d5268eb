"""Where the article pane's text lies on screen: a QTextEdit's lines, column and scrolling.

Positions here are Qt's UTF-16 document positions; the pane converts its code
points with :class:`~workbench.core.text.OffsetMap` before calling in.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF
from PySide6.QtGui import QFontMetricsF, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from workbench.ui.tag_style import LineBox


def tighten_empty_lines(edit: QTextEdit, block_format: QTextBlockFormat) -> None:
    """Empty lines between paragraphs need no room for tags: make them shorter."""
    fmt = QTextBlockFormat(block_format)
    fmt.setLineHeight(60, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    cursor = QTextCursor(edit.document())
    cursor.beginEditBlock()
    block = edit.document().firstBlock()
    while block.isValid():
        if block.length() == 1 and block.next().isValid():
            cursor.setPosition(block.position())
            cursor.setBlockFormat(fmt)
        block = block.next()
    cursor.endEditBlock()


def visible_range(edit: QTextEdit, rect: QRect, pad: int) -> tuple[int, int]:
    """UTF-16 range of the whole lines that touch ``rect`` of the viewport (and
    those up to ``pad`` pixels above it, whose tag lanes reach down into it)."""
    lo, hi = None, None
    for pt in (QPoint(rect.left(), rect.top() - pad), QPoint(rect.right(), rect.top() - pad),
               QPoint(rect.left(), rect.bottom() + 1), QPoint(rect.right(), rect.bottom() + 1)):
        c = edit.cursorForPosition(pt)
        block, pos = c.block(), c.position()
        line = block.layout().lineForTextPosition(pos - block.position())
        if line.isValid():
            a = block.position() + line.textStart()
            b = a + line.textLength()
        else:
            a, b = block.position(), block.position() + block.length()
        lo = a if lo is None else min(lo, a)
        hi = b if hi is None else max(hi, b)
    return lo or 0, (hi or 0) + 1


def scroll_into_view(edit: QTextEdit, u0: int, u1: int, line_spacing: float) -> None:
    """Scroll vertically so that UTF-16 range [u0, u1] is in view: centred if it
    fits, else from its first line. Nothing moves when it is in view already."""
    cursor = QTextCursor(edit.document())
    cursor.setPosition(u0)
    r0 = edit.cursorRect(cursor)
    cursor.setPosition(u1)
    r1 = edit.cursorRect(cursor)
    top, bottom = min(r0.top(), r1.top()), max(r0.bottom(), r1.bottom()) + int(line_spacing)
    height = edit.viewport().height()
    if top >= 0 and bottom <= height:
        return
    bar = edit.verticalScrollBar()
    if bottom - top < height:
        bar.setValue(bar.value() + (top + bottom) // 2 - height // 2)
    else:
        bar.setValue(bar.value() + top - int(line_spacing))


def centre_column(edit: QTextEdit, measure_chars: int) -> None:
    """Keep lines at a readable length: centre a column of at most ``measure_chars``."""
    m = edit.viewportMargins()
    total = edit.viewport().width() + m.left() + m.right()
    measure = QFontMetricsF(edit.font()).averageCharWidth() * measure_chars
    measure += 2 * edit.document().documentMargin()
    side = max(0, int((total - measure) / 2))
    if side != m.left():
        edit.setViewportMargins(side, 0, side, 0)


def box_rect(b: LineBox, grow: float = 0) -> QRectF:
    """A line piece's rectangle, grown by ``grow`` on every side."""
    return QRectF(b.x0 - grow, b.top - grow, b.x1 - b.x0 + 2 * grow, b.bottom - b.top + 2 * grow)
