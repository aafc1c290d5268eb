"""The article pane: read-only text with every tag drawn over its span.

Offsets crossing this module's API are Python code points into the canonical
text (``text[start:end]``); Qt's UTF-16 positions stay inside, converted once
with :class:`~workbench.core.text.OffsetMap`.

Why a QTextEdit and not a QPlainTextEdit: tags are drawn as underlines stacked
below the text, which needs extra line spacing. QPlainTextEdit's layout
ignores ``QTextBlockFormat.lineHeight`` (measured: lines stay 14 px apart at
160 %), QTextEdit's honours it. Tags are never text formats or extra
selections (2,000 extra selections take 300+ ms): :meth:`paintEvent` paints
only the tags that intersect the repainted area, from the block layouts'
line geometry, so changing tags never re-lays out the document.

Selections: :meth:`ArticleView.selection_code_points` snaps the selection to
whole words (:func:`~workbench.core.text.snap_to_words`) unless the analyst
held Alt while making it (Alt+drag, or Alt+Shift+arrow keys). Selections set
with :meth:`ArticleView.select_code_points` (the find bar uses it) are exact.
While a snapped selection differs from the raw one, a dotted outline previews
what A/C/D would tag.

The marks and their index live in :mod:`workbench.ui.span_marks`; where lines
lie on screen (visible range, scrolling, the centred column) in
:mod:`workbench.ui.article_geometry`.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QKeyEvent, QPainter, QPalette, QPen,
                           QRegion, QTextBlockFormat, QTextCursor, QTextOption)
from PySide6.QtWidgets import QApplication, QTextEdit, QToolTip, QWidget

from workbench.core.model import TagKind
from workbench.core.text import OffsetMap, snap_to_words
from workbench.ui.article_geometry import (box_rect, centre_column, scroll_into_view, tighten_empty_lines,
                                           visible_range)
from workbench.ui.span_marks import SpanIndex, SpanMark, clip_marks, innermost_first
from workbench.ui.tag_style import ALT_HINT, LineBox, TagPainter, span_boxes, style


_KIND_KEYS = {Qt.Key.Key_A: TagKind.MENTION, Qt.Key.Key_C: TagKind.CLAIM, Qt.Key.Key_D: TagKind.DENIAL}
_NAV_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home,
             Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
_Mods = Qt.KeyboardModifier


class ArticleView(QTextEdit):
    """Read-only article text with tags drawn over it; navigable and selectable
    from the keyboard. Signals:

    - ``tagClicked(str)``: a click on a tagged span (the innermost if several); the
      view also marks that tag.
    - ``tagRequested(TagKind)``: A, C or D (no modifier) pressed with a selection.
    - ``selectionChangedCodePoints(int, int)``: what :meth:`selection_code_points`
      now returns, or ``(cursor, cursor)`` when nothing is selected.
    - ``deleteRequested()``: Delete pressed while a tag is marked.
    - ``articleChanged()``: :meth:`set_article` or :meth:`clear` replaced the text.
    """

    tagClicked = Signal(str)
    tagRequested = Signal(TagKind)
    selectionChangedCodePoints = Signal(int, int)
    deleteRequested = Signal()
    articleChanged = Signal()

    LINE_HEIGHT_PERCENT = 185
    MEASURE_CHARS = 78  # widest text column, in average characters

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._own_viewport()
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.setUndoRedoEnabled(False)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        self.document().setDocumentMargin(28)
        font = QFont("DejaVu Serif")
        font.setPointSizeF(12)
        self.setFont(font)
        pal = self.palette()
        for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText):
            # the selection stays visible while the find bar has focus
            pal.setColor(QPalette.ColorGroup.Inactive, role, pal.color(QPalette.ColorGroup.Active, role))
        pal.setColor(QPalette.ColorRole.Window, pal.color(QPalette.ColorRole.Base))
        self.setPalette(pal)
        self.setAutoFillBackground(True)  # the centring margins look like the page
        self._block_format = QTextBlockFormat()
        self._block_format.setLineHeight(
            self.LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
        )
        self._text = ""
        self._omap = OffsetMap("")
        self._index = SpanIndex()
        self._marked: str | None = None
        self._exact = False
        self._gesture_alt: bool | None = None  # set while a key/mouse event may change the selection
        self._drag_alt = False
        self._press_pos: QPoint | None = None
        self._preview = QRegion()
        self._tp = self._make_painter()
        self.selectionChanged.connect(self._on_selection_changed)

    def _own_viewport(self) -> None:
        """Give the view a viewport made here, set up as QTextEdit sets up its own.

        PySide wraps the viewport Qt makes the first time Python touches it, and to
        find its class it builds about 30 other widget classes with their enums
        (QWizard, QDockWidget, QMdiArea, ...): 10-15 ms of every start-up, before the
        first frame (the pane paints on its viewport). One made in Python is known.
        Qt's own set-up of a text edit's viewport (``QTextEditPrivate::init``,
        ``QAbstractScrollAreaPrivate::init``) is repeated: above all the document
        layout's paint device, which would otherwise point at the deleted widget."""
        viewport = QWidget(self, objectName="qt_scrollarea_viewport")
        viewport.setBackgroundRole(QPalette.ColorRole.Base)
        viewport.setAutoFillBackground(True)
        viewport.setCursor(Qt.CursorShape.IBeamCursor)
        self.setViewport(viewport)
        self.document().documentLayout().setPaintDevice(viewport)

    # -- public API -----------------------------------------------------------
    def set_article(self, text: str, marks: Sequence[SpanMark]) -> None:
        """Show a canonical text (``core.text.canonical``: no ``\\r``) with its tags."""
        if "\r" in text:
            raise ValueError("article text must be canonical (line ends \\n): see core.text.canonical")
        omap = OffsetMap(text)
        doc = self.document()
        self._gesture_alt = False
        doc.clear()
        cursor = QTextCursor(doc)
        cursor.setBlockFormat(self._block_format)
        cursor.insertText(text)
        tighten_empty_lines(self, self._block_format)
        if doc.characterCount() - 1 != omap.utf16_length:
            self.set_article("", [])
            raise ValueError("the text holds characters that Qt stores differently; offsets would drift")
        self._text, self._omap, self._marked, self._exact = text, omap, None, False
        self._index.reset(clip_marks(marks, len(text)))
        self.setTextCursor(QTextCursor(doc))
        self._gesture_alt = None
        self.verticalScrollBar().setValue(0)
        self.viewport().update()
        self.articleChanged.emit()

    def clear(self) -> None:
        self.set_article("", [])

    def article_text(self) -> str:
        return self._text

    def marks(self) -> tuple[SpanMark, ...]:
        return tuple(self._index.ordered)

    def marked_tag(self) -> str | None:
        return self._marked

    def add_marks(self, marks: Iterable[SpanMark]) -> None:
        """Add (or replace, by ``tag_id``) tags; only the affected area repaints."""
        self.change_marks(marks)

    def replace_mark(self, mark: SpanMark) -> None:
        self.add_marks([mark])

    def remove_marks(self, tag_ids: Iterable[str]) -> None:
        self.change_marks([], tag_ids)

    def change_marks(self, marks: Iterable[SpanMark], remove: Iterable[str] = ()) -> None:
        """Remove the tags ``remove`` and add (or replace, by ``tag_id``) ``marks``, in
        one step; marks equal to those shown are left alone. Only the affected area repaints."""
        by_id, marks = self._index.by_id, list(marks)
        clipped = {m.tag_id: m for m in clip_marks(marks, len(self._text))}
        remove = [*remove, *(m.tag_id for m in marks if m.tag_id not in clipped)]  # nothing left to draw
        new = [m for m in clipped.values() if by_id.get(m.tag_id) != m]
        gone = [by_id[t] for t in remove if t in by_id]
        if self._marked in {m.tag_id for m in gone}:
            self._marked = None
        old = gone + [by_id[m.tag_id] for m in new if m.tag_id in by_id]
        if old or new:
            self._change(old, new)

    def mark_tag(self, tag_id: str | None) -> None:
        """Emphasise a tag and scroll its span into view; None (or an unknown id) unmarks."""
        marks = self._index.by_id
        if tag_id not in marks:
            tag_id = None
        old, self._marked = self._marked, tag_id
        if tag_id is not None:
            self._scroll_into_view(marks[tag_id].start, marks[tag_id].end)
        self._update_marks([marks[t] for t in (old, tag_id) if t in marks])

    def tag_at(self, cp: int) -> list[SpanMark]:
        """Tags covering code point ``cp``, innermost (shortest) first."""
        return self._index.covering(cp)

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles of the visible part of code points [start, end)
        (one per line piece; e.g. to place a popup next to a span)."""
        lo, hi = self._visible_range(self.viewport().rect())
        return [box_rect(b) for b in self._boxes(start, end, lo, hi, {})]

    def selection_code_points(self) -> tuple[int, int] | None:
        """The selection as code points, snapped to whole words unless it was made
        with Alt held (or set by :meth:`select_code_points`); None when empty."""
        raw = self._raw_selection()
        if raw is None:
            return None
        start, end = raw if self._exact else snap_to_words(self._text, *raw)
        return (start, end) if start < end else None

    def cursor_code_point(self) -> int:
        """The text cursor's position (the moving end of the selection) in code points."""
        return self._omap.to_code_point(self.textCursor().position())

    def select_code_points(self, start: int, end: int) -> None:
        """Select exactly ``text[start:end]`` (no snapping) and scroll it into view."""
        start, end = sorted((max(0, min(start, len(self._text))), max(0, min(end, len(self._text)))))
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._omap.to_utf16(start))
        cursor.setPosition(self._omap.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self._gesture_alt = True
        try:
            self.setTextCursor(cursor)
        finally:
            self._gesture_alt = None
        self._exact = True
        self._scroll_into_view(start, end)

    def tooltip_text_at(self, pos: QPoint) -> str:
        """The tooltip for a point of the viewport: the labels of all tags under
        it (innermost first) and, over the selection, how A/C/D will tag it."""
        parts = [m.label or style(m.kind).name for m in self.marks_at_point(pos)]
        raw = self._raw_selection()
        if raw is not None and any(r.contains(pos) for r in self.span_rects(*raw)):
            sel = self.selection_code_points()
            keys = "A: actor mention · C: claim · D: denial"
            if sel is None:
                parts.append("Only white space is selected. " + ALT_HINT + ".")
            elif self._exact:
                parts.append(f"{keys}\nExact selection (Alt): “{self._text[sel[0]:sel[1]]}”")
            else:
                parts.append(f"{keys}\nSnapped to whole words: “{self._text[sel[0]:sel[1]]}”\n{ALT_HINT}.")
        return "\n".join(parts)

    # -- tags: repainting and hit testing ----------------------------------------
    def _change(self, old: list[SpanMark], new: list[SpanMark]) -> None:
        before, moved = self._index.change(old, new)
        self._update_marks(old, before)  # where they were
        self._update_marks(new + moved)

    def _make_painter(self) -> TagPainter:
        fm = QFontMetricsF(self.font())
        spacing = fm.height() * self.LINE_HEIGHT_PERCENT / 100
        self._line_spacing = spacing
        return TagPainter(fm.ascent(), fm.descent(), spacing)

    def _visible_range(self, rect: QRect) -> tuple[int, int]:
        """UTF-16 range of the whole lines that touch ``rect`` (and the line above,
        whose lanes reach down into it)."""
        return visible_range(self, rect, int(self._line_spacing) + 1)

    def _boxes(self, start: int, end: int, lo: int, hi: int, cache: dict) -> list[LineBox]:
        """Line pieces of code points [start, end), clipped to UTF-16 range [lo, hi)."""
        scroll = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        return span_boxes(self.document(), self._omap.to_utf16(start), self._omap.to_utf16(end),
                          lo, hi, scroll, cache)

    def _items(self, rect: QRect) -> list[tuple[SpanMark, int, list[LineBox]]]:
        lo, hi = self._visible_range(rect)
        cps = self._omap.to_code_point(lo), self._omap.to_code_point(hi) + 1
        cache: dict = {}
        out = []
        rectf = QRectF(rect)
        for m in self._index.intersecting(*cps):
            lane = self._index.lanes.get(m.tag_id, 0)
            boxes = [b for b in self._boxes(m.start, m.end, lo, hi, cache)
                     if self._tp.paint_rect(b, lane).intersects(rectf)]
            if boxes:
                out.append((m, lane, boxes))
        return out

    def _update_marks(self, marks: Iterable[SpanMark], lanes: dict[str, int] | None = None) -> None:
        lanes = self._index.lanes if lanes is None else lanes
        marks = list(marks)
        if not marks:
            return
        vp = self.viewport().rect()
        lo, hi = self._visible_range(vp)
        region, cache = QRegion(), {}
        for m in marks:
            for b in self._boxes(m.start, m.end, lo, hi, cache):
                region += self._tp.paint_rect(b, lanes.get(m.tag_id, 0)).toAlignedRect() & vp
        if not region.isEmpty():
            self.viewport().update(region)

    def marks_at_point(self, pos: QPoint) -> list[SpanMark]:
        """Tags whose drawn area contains ``pos``, innermost (shortest) first."""
        rect = QRect(pos.x() - 1, pos.y() - 1, 3, 3)
        hits = [m for m, lane, boxes in self._items(rect)
                if any(self._tp.hit_rect(b, lane).contains(pos) for b in boxes)]
        return innermost_first(hits)

    def _scroll_into_view(self, start: int, end: int) -> None:
        scroll_into_view(self, self._omap.to_utf16(start), self._omap.to_utf16(end), self._line_spacing)

    # -- selection --------------------------------------------------------------
    def _raw_selection(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._omap.to_code_point(cursor.selectionStart())
        return start, max(start, self._omap.to_code_point(cursor.selectionEnd()))

    def _on_selection_changed(self) -> None:
        # the mode is that of the gesture that changed the selection last;
        # other code calling setTextCursor gets word snapping
        self._exact = bool(self._gesture_alt)
        sel = self.selection_code_points()
        if sel is None:
            pos = self._omap.to_code_point(self.textCursor().position())
            sel = (pos, pos)
        self._refresh_preview()
        self.selectionChangedCodePoints.emit(*sel)

    def _refresh_preview(self) -> None:
        region = QRegion()
        raw, sel = self._raw_selection(), self.selection_code_points()
        if raw is not None and sel is not None and sel != raw:
            vp = self.viewport().rect()
            lo, hi = self._visible_range(vp)
            for b in self._boxes(*sel, lo, hi, {}):
                region += box_rect(b, 3).toAlignedRect()
        self.viewport().update(self._preview + region)
        self._preview = region

    # -- events -------------------------------------------------------------------
    def _key_action(self, event: QKeyEvent) -> str | None:
        mods = event.modifiers() & ~_Mods.KeypadModifier
        if mods == _Mods.NoModifier and event.key() in _KIND_KEYS:
            return "tag" if self.selection_code_points() is not None else None
        if mods == _Mods.NoModifier and event.key() == Qt.Key.Key_Delete and self._marked:
            return "delete"
        return None

    def event(self, event: QEvent) -> bool:
        # take A/C/D/Delete before window shortcuts do, but only when they mean something here
        if event.type() == QEvent.Type.ShortcutOverride and self._key_action(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._key_action(event)
        if action == "tag":
            self.tagRequested.emit(_KIND_KEYS[Qt.Key(event.key())])
            return event.accept()
        if action == "delete":
            self.deleteRequested.emit()
            return event.accept()
        mods = event.modifiers()
        alt = bool(mods & _Mods.AltModifier)
        if alt and mods & _Mods.ShiftModifier and event.key() in _NAV_KEYS:
            # Alt+Shift+arrow: select exactly; the text control only knows Shift+arrow
            event = QKeyEvent(event.type(), event.key(), mods & ~_Mods.AltModifier, event.text(),
                              event.isAutoRepeat(), event.count())
        self._gesture_alt = alt
        try:
            super().keyPressEvent(event)
        finally:
            self._gesture_alt = None

    def _mouse(self, handler, event) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton or event.type() != QEvent.Type.MouseMove:
            self._drag_alt = self._drag_alt or bool(event.modifiers() & _Mods.AltModifier)
        self._gesture_alt = self._drag_alt
        try:
            handler(event)
        finally:
            self._gesture_alt = None

    def mousePressEvent(self, event) -> None:
        self._drag_alt = False
        self._press_pos = event.position().toPoint() if event.button() == Qt.MouseButton.LeftButton else None
        self._mouse(super().mousePressEvent, event)

    def mouseMoveEvent(self, event) -> None:
        self._mouse(super().mouseMoveEvent, event)

    def mouseDoubleClickEvent(self, event) -> None:
        self._drag_alt = False
        self._mouse(super().mouseDoubleClickEvent, event)

    def mouseReleaseEvent(self, event) -> None:
        self._mouse(super().mouseReleaseEvent, event)
        pos, press, self._press_pos = event.position().toPoint(), self._press_pos, None
        if (event.button() == Qt.MouseButton.LeftButton and press is not None
                and (pos - press).manhattanLength() < QApplication.startDragDistance()
                and not self.textCursor().hasSelection()):
            hits = self.marks_at_point(pos)
            if hits:
                self.mark_tag(hits[0].tag_id)
                self.tagClicked.emit(hits[0].tag_id)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_text_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._tp = self._make_painter()
            centre_column(self, self.MEASURE_CHARS)

    def resizeEvent(self, event) -> None:
        centre_column(self, self.MEASURE_CHARS)
        super().resizeEvent(event)
        self._refresh_preview()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._preview.translate(dx, dy)

    def paintEvent(self, event) -> None:
        items = self._items(event.rect())
        items.sort(key=lambda it: it[0].tag_id == self._marked)  # the marked tag on top
        p = QPainter(self.viewport())
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        for m, _lane, boxes in items:  # fills under the text keep it crisp
            for b in boxes:
                self._tp.fill(p, b, m.kind, m.tag_id == self._marked)
        p.end()
        super().paintEvent(event)
        p = QPainter(self.viewport())
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        for m, lane, boxes in items:
            for b in boxes:
                self._tp.decorate(p, b, m.kind, lane, m.tag_id == self._marked)
        if not self._preview.isEmpty():
            self._paint_preview(p, event.rect())
        p.end()

    def _paint_preview(self, p: QPainter, rect: QRect) -> None:
        sel = self.selection_code_points()
        if sel is None:
            return
        colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        p.setPen(QPen(colour, 1.2, Qt.PenStyle.DotLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        lo, hi = self._visible_range(rect)
        for b in self._boxes(*sel, lo, hi, {}):
            p.drawRoundedRect(box_rect(b, 1.5), 2, 2)
