"""How tags look: colours, line styles and the one painter both the article
pane and the legend use, so the legend always shows exactly what the pane draws.

The three kinds are told apart without colour:

- actor mention: a solid underline;
- claim: a dashed underline closed by square brackets ``[ ... ]`` around the span;
- denial: a wavy underline that starts with a small round "no" marker.

Each kind also has its own colour from the Okabe-Ito palette (safe for the
common colour-vision deficiencies) and a light translucent fill. Overlapping
tags get increasing "lanes": their underlines stack below the line, so all of
them stay visible. The marked (selected) tag is drawn emphasised.
"""

from __future__ import annotations

import bisect
import math
import re
from enum import Enum
from typing import Any, Iterable

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPixmap, QTextDocument,
                           QTextLine)

from workbench.core.model import TagKind
from workbench.core.record import Record, record


class LineStyle(Enum):
    SOLID = "solid"
    DASHED = "dashed"
    WAVY = "wavy"


@record
class TagStyle(Record):
    """How one kind of tag looks: colour, line and the words for it."""

    kind: TagKind
    name: str  # "Actor mention"
    keys: str  # "A / Ctrl+1"
    rgb: tuple[int, int, int]
    line: LineStyle
    look: str  # how it looks, in words (legend tooltips, accessibility)

    def colour(self, alpha: int = 255) -> QColor:
        return QColor(*self.rgb, alpha)


# Okabe-Ito blue, orange and vermillion.
STYLES: dict[TagKind, TagStyle] = {
    TagKind.MENTION: TagStyle(
        TagKind.MENTION, "Actor mention", "A / Ctrl+1", (0, 114, 178), LineStyle.SOLID,
        "solid blue underline",
    ),
    TagKind.CLAIM: TagStyle(
        TagKind.CLAIM, "Claim", "C / Ctrl+2", (230, 159, 0), LineStyle.DASHED,
        "orange [brackets] with a dashed underline",
    ),
    TagKind.DENIAL: TagStyle(
        TagKind.DENIAL, "Denial", "D / Ctrl+3", (213, 94, 0), LineStyle.WAVY,
        "vermillion wavy underline starting with a round marker",
    ),
}

FILL_ALPHA = 40
FILL_ALPHA_MARKED = 95
_MAX_LANES = 8  # lanes assigned; TagPainter draws as many as fit in the line spacing
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")
ALT_HINT = "Hold Alt while selecting to keep the exact selection (no snapping to words)"


def style(kind: TagKind) -> TagStyle:
    return STYLES[TagKind(kind)]


@record
class LineBox(Record):
    """One piece of a tag on one visual line, in the painter's coordinates.

    ``top``..``bottom`` is the ink band of the line (ascent to descent) and
    ``baseline`` lies between. ``start_x`` is set when the tag begins on this
    piece, ``start_dir`` is +1 when the tag runs rightwards from there (-1 in
    right-to-left text); likewise ``end_x``/``end_dir`` (direction the text runs
    *into* the end).
    """

    x0: float
    x1: float
    top: float
    baseline: float
    bottom: float
    start_x: float | None = None
    start_dir: int = 1
    end_x: float | None = None
    end_dir: int = 1


class TagPainter:
    """Draws tag fills and decorations for one font and line spacing.

    ``line_spacing`` is the distance between two lines' tops; the room below
    the descent (the extra line spacing) is where the lanes go.
    """

    def __init__(self, ascent: float, descent: float, line_spacing: float) -> None:
        ink = ascent + descent
        self.lane_gap = max(3.0, ink * 0.2)
        self.first_lane = 1.5
        room = line_spacing - ink - 2.0 - self.first_lane
        self.max_lanes = max(1, int(room / self.lane_gap) + 1)
        self.line_width = max(1.5, ink * 0.1)
        self._tiles: dict[tuple, QPixmap] = {}

    # -- geometry -------------------------------------------------------------
    def lane_y(self, box: LineBox, lane: int) -> float:
        lane = min(max(lane, 0), self.max_lanes - 1)
        return box.bottom + self.first_lane + lane * self.lane_gap

    def bracket_x(self, edge: float, direction: int, lane: int) -> float:
        """Where a claim's bracket stands: just outside the span, nested brackets further out."""
        lane = min(max(lane, 0), self.max_lanes - 1)
        return edge - direction * (1.5 + lane * 2.0)

    def hit_rect(self, box: LineBox, lane: int) -> QRectF:
        """The area that counts as "on the tag" for clicks and tooltips."""
        bottom = max(box.bottom, self.lane_y(box, lane) + self.lane_gap / 2)
        return QRectF(box.x0, box.top, box.x1 - box.x0, bottom - box.top)

    def paint_rect(self, box: LineBox, lane: int) -> QRectF:
        """Everything :meth:`fill` and :meth:`decorate` may touch (for partial repaints)."""
        pad = 6.0 + 2.0 * min(lane, self.max_lanes)
        bottom = self.lane_y(box, lane) + self.lane_gap + 2
        return QRectF(box.x0 - pad, box.top - 2, box.x1 - box.x0 + 2 * pad, bottom - box.top + 2)

    # -- painting -------------------------------------------------------------
    def fill(self, p: QPainter, box: LineBox, kind: TagKind, marked: bool = False) -> None:
        st = style(kind)
        rect = QRectF(box.x0, box.top, box.x1 - box.x0, box.bottom - box.top)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(st.colour(FILL_ALPHA_MARKED if marked else FILL_ALPHA))
        p.drawRoundedRect(rect, 2.0, 2.0)
        if marked:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(st.colour(210), 1.2))
            p.drawRoundedRect(rect.adjusted(-0.5, -0.5, 0.5, 0.5), 2.5, 2.5)

    def decorate(
        self, p: QPainter, box: LineBox, kind: TagKind, lane: int, marked: bool = False
    ) -> None:
        st = style(kind)
        width = self.line_width * (1.7 if marked else 1.0)
        y = self.lane_y(box, lane)
        x0, x1 = box.x0, box.x1
        if st.line is LineStyle.DASHED:
            # brackets stand outside the span; the underline joins them
            if box.start_x is not None:
                bx = self.bracket_x(box.start_x, box.start_dir, lane)
                self._bracket(p, bx, box.top + 1, y, box.start_dir, st, width)
                x0, x1 = (bx, x1) if box.start_dir > 0 else (x0, bx)
            if box.end_x is not None:
                bx = self.bracket_x(box.end_x, -box.end_dir, lane)
                self._bracket(p, bx, box.top + 1, y, -box.end_dir, st, width)
                x0, x1 = (x0, bx) if box.end_dir > 0 else (bx, x1)
            pen = QPen(st.colour(), width, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.FlatCap)
            pen.setDashPattern([2.2, 1.3])
            p.setPen(pen)
            p.drawLine(QPointF(x0, y), QPointF(x1, y))
        elif st.line is LineStyle.WAVY:
            self._wave(p, x0, x1, y, st, width * 0.8)
            if box.start_x is not None:
                self._no_marker(p, box.start_x, y, st, marked)
        else:
            pen = QPen(st.colour(), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            p.drawLine(QPointF(x0, y), QPointF(x1, y))

    def _bracket(
        self, p: QPainter, x: float, top: float, y: float, inward: int, st: TagStyle, width: float
    ) -> None:
        pen = QPen(st.colour(), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.SquareCap)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        serif = inward * 3.0
        p.drawPolyline([QPointF(x + serif, top), QPointF(x, top), QPointF(x, y), QPointF(x + serif, y)])

    def _wave(self, p: QPainter, x0: float, x1: float, y: float, st: TagStyle, width: float) -> None:
        # stroking curves is slow (about 0.25 ms each): tile a pre-drawn wave instead
        if x1 < x0:
            x0, x1 = x1, x0
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        tile = self._wave_tile(st, width, dpr)
        h = tile.height() / dpr
        top = round(y - h / 2)
        p.drawTiledPixmap(QRectF(round(x0), top, x1 - round(x0), h), tile)

    def _wave_tile(self, st: TagStyle, width: float, dpr: float) -> QPixmap:
        key = (st.kind, round(width * 10), dpr)
        tile = self._tiles.get(key)
        if tile is None:
            half = max(3, round(self.lane_gap * 1.05))
            amp = max(1.3, self.lane_gap * 0.45)
            h = math.ceil(2 * amp + width + 2)
            tile = QPixmap(round(half * 8 * dpr), round(h * dpr))
            tile.setDevicePixelRatio(dpr)
            tile.fill(Qt.GlobalColor.transparent)
            path = QPainterPath(QPointF(-2 * half, h / 2))
            for i in range(-2, 10):
                sign = -1.0 if i % 2 == 0 else 1.0
                path.quadTo(QPointF(i * half + half / 2, h / 2 + sign * amp * 2), QPointF((i + 1) * half, h / 2))
            tp = QPainter(tile)
            tp.setRenderHint(QPainter.RenderHint.Antialiasing)
            tp.setPen(QPen(st.colour(), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            tp.drawPath(path)
            tp.end()
            self._tiles[key] = tile
        return tile

    def _no_marker(self, p: QPainter, x: float, y: float, st: TagStyle, marked: bool) -> None:
        r = max(3.0, self.lane_gap * 1.2) * (1.15 if marked else 1.0)
        p.setPen(QPen(QColor(255, 255, 255), 1.0))
        p.setBrush(st.colour())
        p.drawEllipse(QPointF(x, y), r, r)
        p.setPen(QPen(QColor(255, 255, 255), max(1.2, r * 0.45), Qt.PenStyle.SolidLine,
                      Qt.PenCapStyle.FlatCap))
        p.drawLine(QPointF(x - r * 0.55, y), QPointF(x + r * 0.55, y))


def assign_lanes(marks: Iterable[Any]) -> dict[str, int]:
    """Stack overlapping tags: shortest first, each in the lowest lane where it
    overlaps nothing, so nested tags sit nearest the text and outer ones below.
    ``marks`` have ``tag_id``, ``start`` and ``end``; returns lane by tag id."""
    order = sorted(marks, key=lambda m: (m.end - m.start, m.start, m.tag_id))
    starts: list[list[int]] = [[] for _ in range(_MAX_LANES)]
    ends: list[list[int]] = [[] for _ in range(_MAX_LANES)]
    lanes: dict[str, int] = {}
    for m in order:
        lanes[m.tag_id] = _MAX_LANES - 1  # overflow shares the last lane
        for lane in range(_MAX_LANES):
            # a lane's intervals are disjoint and sorted, so only the last one
            # starting before m.end can overlap m
            i = bisect.bisect_left(starts[lane], m.end)
            if i and ends[lane][i - 1] > m.start:
                continue
            starts[lane].insert(i, m.start)
            ends[lane].insert(i, m.end)
            lanes[m.tag_id] = lane
            break
    return lanes


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def line_boxes(line: QTextLine, la: int, lb: int, ox: float, oy: float, bidi: bool,
               has_start: bool, has_end: bool) -> list[LineBox]:
    """The pieces of layout positions [la, lb) on one ``QTextLine`` (offset by
    ``ox``, ``oy``). ``bidi`` lines (any right-to-left text) go by glyph runs, so a
    range that crosses direction changes gives one box per visual piece."""
    top = oy + line.y()
    base = top + line.ascent()
    bottom = base + line.descent()
    if not bidi:
        x0, x1 = line.cursorToX(la)[0] + ox, line.cursorToX(lb)[0] + ox
        if not has_end and lb == line.textStart() + line.textLength():
            # continued on the next line: leave out the spaces at the wrap
            x1 = max(x0, min(x1, line.x() + line.naturalTextWidth() + ox))
        return [LineBox(x0, x1, top, base, bottom, x0 if has_start else None, 1,
                        x1 if has_end else None, 1)]

    def edge(pos: int, at_start: bool) -> tuple[float, int]:
        runs = line.glyphRuns(pos, 1)
        if not runs:
            return line.cursorToX(pos if at_start else pos + 1)[0] + ox, 1
        r, rtl = runs[0].boundingRect(), runs[0].isRightToLeft()
        x = (r.right() if rtl == at_start else r.left()) + ox
        return x, -1 if rtl else 1

    spans = sorted((r.boundingRect().left() + ox, r.boundingRect().right() + ox)
                   for r in line.glyphRuns(la, lb - la))
    pieces: list[list[float]] = []
    for x0, x1 in spans:
        if pieces and x0 <= pieces[-1][1] + 0.5:
            pieces[-1][1] = max(pieces[-1][1], x1)
        else:
            pieces.append([x0, x1])
    if not pieces:
        pieces = [sorted((line.cursorToX(la)[0] + ox, line.cursorToX(lb)[0] + ox))]
    sx, sd = edge(la, True) if has_start else (None, 1)
    ex, ed = edge(lb - 1, False) if has_end else (None, 1)
    return [LineBox(x0, x1, top, base, bottom,
                    sx if sx is not None and x0 - 1 <= sx <= x1 + 1 else None, sd,
                    ex if ex is not None and x0 - 1 <= ex <= x1 + 1 else None, ed)
            for x0, x1 in pieces]


def span_boxes(doc: QTextDocument, u0: int, u1: int, lo: int, hi: int, scroll: QPointF,
               cache: dict) -> list[LineBox]:
    """The line pieces of a document's UTF-16 range [u0, u1), clipped to [lo, hi),
    in viewport coordinates (document coordinates minus ``scroll``). ``cache``
    keeps per-block data between calls of one paint."""
    a_all, b_all = max(u0, lo), min(u1, hi)
    block = doc.findBlock(a_all)
    out: list[LineBox] = []
    while a_all < b_all and block.isValid() and block.position() < b_all:
        info = cache.get(block.blockNumber())
        if info is None:
            r = doc.documentLayout().blockBoundingRect(block)
            info = cache[block.blockNumber()] = (r.x() - scroll.x(), r.y() - scroll.y(), block.layout(),
                                                 has_rtl(block.text()), block.position())
        ox, oy, layout, bidi, bpos = info
        a = max(a_all, bpos) - bpos
        b = min(b_all, bpos + block.length() - 1) - bpos
        if a < b and layout.lineCount():
            first = layout.lineForTextPosition(a).lineNumber()
            last = layout.lineForTextPosition(b).lineNumber()
            last = layout.lineCount() - 1 if last < 0 else last
            for i in range(max(first, 0), last + 1):
                line = layout.lineAt(i)
                la = max(a, line.textStart())
                lb = min(b, line.textStart() + line.textLength())
                if la < lb:
                    out.extend(line_boxes(line, la, lb, ox, oy, bidi, la + bpos == u0, lb + bpos == u1))
        block = block.next()
    return out


def sample_box(x: float, width: float, top: float, ascent: float, descent: float) -> LineBox:
    """A one-line box as the legend draws it (left-to-right, start and end inside)."""
    baseline = top + ascent
    return LineBox(x, x + width, top, baseline, baseline + descent, x, 1, x + width, 1)


# -- the kind's marker (article list, sidebar): the letter that makes the tag, marked as the pane marks it
TAG_LETTERS = {TagKind.MENTION: "A", TagKind.CLAIM: "C", TagKind.DENIAL: "D"}


def tag_colour(kind: TagKind) -> QColor:
    return style(kind).colour()


def marker_width(height: int) -> int:
    return height + 8


def paint_marker(painter: QPainter, rect: QRect, kind: TagKind) -> None:
    """The kind's letter marked as the pane marks a tag of that kind."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(8, int(rect.height() * 0.7)))
    fm = QFontMetricsF(font)
    tp = TagPainter(fm.ascent(), fm.descent(), rect.height())
    width = fm.horizontalAdvance(TAG_LETTERS[kind])
    x = rect.center().x() - width / 2 + 1
    box = sample_box(x, width, rect.top() + 1, fm.ascent(), fm.descent())
    tp.fill(painter, box, kind)
    painter.setFont(font)
    painter.setPen(tag_colour(kind).darker(135))
    painter.drawText(QPointF(x, box.baseline), TAG_LETTERS[kind])
    tp.decorate(painter, box, kind, 0)
    painter.restore()
