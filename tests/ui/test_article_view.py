"""The article pane: offsets at the Qt boundary, selection snapping, keys,
clicks, tooltips, drawing and a timing printout (run offscreen)."""

from __future__ import annotations

import random
import time

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from workbench.core.model import TagKind
from workbench.core.text import canonical
from workbench.ui.article_view import ArticleView, SpanMark
from workbench.ui.tag_style import ALT_HINT, STYLES, assign_lanes

# the shapes of text that break naive offsets (copied here: tests never read /work/shared)
STRESS_CRLF = (
    "Ahmad al-Hakim (أحمد الحكيم) said the strike on Qal‘at Ṣāliḥ was \"a lie\" 🙄\r\n"
    "The ministry’s spokesman, José Núñez, denied it.\r\n"
    "שר החוץ הכחיש את הדיווח.\r\n"
    "🇺🇸 officials blamed the group; e\u0301 combining test.\r\n"
)
TEXTS = {
    "emoji": "Smoke 🙄 rose; 👍🏽 officials 🧑‍🚒 denied the 🔥 report.",
    "flag": "🇺🇸 officials and 🇫🇷 diplomats blamed the group.",
    "combining": "The q\u0303uiet village of Ṣa\u0323li\u0301h was hit; n\u0303 twice.",
    "arabic": "قال المتحدث باسم الوزارة إن الهجوم لم يحدث",
    "hebrew": "שר החוץ הכחיש את הדיווח על התקיפה.",
    "mixed": "Ahmad al-Hakim (أحمد الحكيم) said the strike was \"a lie\" 🙄",
    "crlf": canonical(STRESS_CRLF),
}
TARGETS = {
    "emoji": ["officials", "🔥 report", "🙄 rose", "🧑‍🚒"],
    "flag": ["🇺🇸", "🇫🇷 diplomats", "group"],
    "combining": ["q\u0303uiet", "Ṣa\u0323li\u0301h", "n\u0303 twice"],
    "arabic": ["الوزارة", "الهجوم لم يحدث"],
    "hebrew": ["הכחיש", "את הדיווח"],
    "mixed": ["أحمد الحكيم", "al-Hakim (أحمد", "🙄"],
    "crlf": ["José Núñez", "הכחיש", "🇺🇸 officials", "é combining", "Ṣāliḥ", "denied it.\nשר"],
}
M, C, D = TagKind.MENTION, TagKind.CLAIM, TagKind.DENIAL


def u16(text: str, cp: int) -> int:
    """An independent code point -> UTF-16 conversion for the tests."""
    return len(text[:cp].encode("utf-16-le")) // 2


def qt_select(view: ArticleView, text: str, start: int, end: int) -> None:
    """Select as other Qt code would: UTF-16 cursor positions, no Alt."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(u16(text, start))
    cursor.setPosition(u16(text, end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def word_point(view: ArticleView, start: int, end: int) -> QPoint:
    """The middle of a span's first piece, in viewport coordinates."""
    rect = view.span_rects(start, end)[0]
    return rect.center().toPoint()


def mouse(view: ArticleView, kind: QEvent.Type, pos: QPoint, button=Qt.MouseButton.LeftButton,
          buttons=Qt.MouseButton.LeftButton, mods=Qt.KeyboardModifier.NoModifier) -> None:
    vp = view.viewport()
    event = QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(pos)), button, buttons, mods)
    QApplication.sendEvent(vp, event)


def drag(view: ArticleView, a: QPoint, b: QPoint, mods=Qt.KeyboardModifier.NoModifier) -> None:
    mouse(view, QEvent.Type.MouseButtonPress, a, mods=mods)
    mouse(view, QEvent.Type.MouseMove, b, Qt.MouseButton.NoButton)
    mouse(view, QEvent.Type.MouseButtonRelease, b, buttons=Qt.MouseButton.NoButton, mods=mods)


@pytest.fixture
def view(qtbot) -> ArticleView:
    v = ArticleView()
    qtbot.addWidget(v)
    v.resize(700, 500)
    v.show()
    qtbot.waitExposed(v)
    v.setFocus()
    return v


# -- offsets ----------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_qt_selection_gives_code_points_of_the_selected_string(view, name):
    text = TEXTS[name]
    assert "\r" not in text
    view.set_article(text, [])
    for target in TARGETS[name]:
        start = text.index(target)
        qt_select(view, text, start, start + len(target))
        # what Qt selected (U+2029 is Qt's paragraph separator) ...
        assert view.textCursor().selectedText().replace("\u2029", "\n") == target
        # ... is what the view reports, in code points
        got = view.selection_code_points()
        assert got == (start, start + len(target)), target
        assert text[got[0]:got[1]] == target
        view.select_code_points(start, start + len(target))
        assert view.textCursor().selectedText().replace("\u2029", "\n") == target
        assert view.selection_code_points() == (start, start + len(target))


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_alt_shift_arrows_select_exactly_cluster_by_cluster(view, qtbot, name):
    text = TEXTS[name]
    view.set_article(text, [])
    exact = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier
    key = Qt.Key.Key_Right
    qtbot.keyClick(view, key, exact)
    if view.selection_code_points() is None:  # right-to-left paragraph: Right goes back
        key = Qt.Key.Key_Left
    view.moveCursor(QTextCursor.MoveOperation.Start)
    for _ in range(min(16, len(text))):
        qtbot.keyClick(view, key, exact)
        selected = view.textCursor().selectedText().replace("\u2029", "\n")
        assert view.selection_code_points() == (0, len(selected))
        assert text[: len(selected)] == selected


def test_crlf_text_must_be_canonical(view):
    with pytest.raises(ValueError):
        view.set_article(STRESS_CRLF, [])


# -- snapping and Alt -----------------------------------------------------------------
SNAP_TEXT = "The Northern Coalition said it struck the depot."


def test_keyboard_selection_snaps_to_words_unless_alt(view, qtbot):
    text = SNAP_TEXT
    view.set_article(text, [])
    inside = text.index("orthern")  # in the middle of "Northern"

    def select_three(mods):
        qt_select(view, text, inside, inside)
        for _ in range(3):
            qtbot.keyClick(view, Qt.Key.Key_Right, mods)

    select_three(Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().selectedText() == "ort"
    start = text.index("Northern")
    assert view.selection_code_points() == (start, start + len("Northern"))

    select_three(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier)
    assert view.selection_code_points() == (inside, inside + 3)
    assert text[inside:inside + 3] == "ort"

    # a later selection without Alt snaps again
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.selection_code_points() == (start, start + len("Northern"))


def test_mouse_selection_snaps_unless_alt(view):
    text = SNAP_TEXT
    view.set_article(text, [])
    a, b = text.index("orthern"), text.index("oalition") + 3  # "orthern Coa"
    ra, rb = view.span_rects(a, a + 1)[0], view.span_rects(b, b + 1)[0]
    pa = QPoint(int(ra.left()) + 1, int(ra.center().y()))
    pb = QPoint(int(rb.left()) + 1, int(rb.center().y()))
    drag(view, pa, pb)
    raw = view.textCursor().selectedText()
    assert raw and raw in "Northern Coalition" and raw != "Northern Coalition"
    start = text.index("Northern")
    assert view.selection_code_points() == (start, start + len("Northern Coalition"))
    qt_select(view, text, 0, 0)  # a press inside a selection would start a drag-and-drop
    drag(view, pa, pb, Qt.KeyboardModifier.AltModifier)
    assert view.textCursor().selectedText() == raw
    sel = view.selection_code_points()
    assert text[sel[0]:sel[1]] == raw


def test_whitespace_only_selection_is_none(view):
    view.set_article("one   two", [])
    qt_select(view, "one   two", 4, 5)
    assert view.selection_code_points() is None


def test_selection_signal_reports_code_points(view, qtbot):
    text = "🙄 Northern Coalition"
    view.set_article(text, [])
    start = text.index("Coalition")
    with qtbot.waitSignal(view.selectionChangedCodePoints) as blocker:
        view.select_code_points(start, start + 4)
    assert blocker.args == [start, start + 4]


# -- keys -----------------------------------------------------------------------------
@pytest.mark.parametrize("key, kind", [(Qt.Key.Key_A, M), (Qt.Key.Key_C, C), (Qt.Key.Key_D, D)])
def test_letters_request_a_tag_only_with_a_selection(view, qtbot, key, kind):
    view.set_article(SNAP_TEXT, [])
    with qtbot.assertNotEmitted(view.tagRequested):
        qtbot.keyClick(view, key)
    view.select_code_points(4, 12)
    with qtbot.assertNotEmitted(view.tagRequested):
        qtbot.keyClick(view, key, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClick(view, key, Qt.KeyboardModifier.AltModifier)
    view.select_code_points(4, 12)
    with qtbot.waitSignal(view.tagRequested, check_params_cb=lambda k: k == kind):
        qtbot.keyClick(view, key)
    assert view.selection_code_points() == (4, 12)  # the key did not touch the selection


def test_delete_requested_only_with_a_marked_tag(view, qtbot):
    view.set_article(SNAP_TEXT, [SpanMark("t1", M, 4, 12, "Mention · Northern")])
    with qtbot.assertNotEmitted(view.deleteRequested):
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    view.mark_tag("t1")
    with qtbot.waitSignal(view.deleteRequested):
        qtbot.keyClick(view, Qt.Key.Key_Delete)


# -- clicks, tooltips, queries ------------------------------------------------------
NESTED = "Officials said the Northern Coalition struck the depot at dawn."


def nested_marks(text: str = NESTED) -> list[SpanMark]:
    s = text.index("the Northern")
    n = text.index("Northern Coalition")
    return [
        SpanMark("claim", C, s, text.index(" at dawn"), "Claim · Officials: NC struck the depot"),
        SpanMark("mention", M, n, n + len("Northern Coalition"), "Actor mention · Northern Coalition"),
        SpanMark("denial", D, n, text.index("struck") + len("struck"), "Denial · nobody struck"),
    ]


def test_click_emits_innermost_tag_and_marks_it(view, qtbot):
    view.set_article(NESTED, nested_marks())
    n = NESTED.index("Coalition")
    with qtbot.waitSignal(view.tagClicked, check_params_cb=lambda t: t == "mention"):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=word_point(view, n, n + 9))
    assert view.marked_tag() == "mention"
    d = NESTED.index("struck")
    with qtbot.waitSignal(view.tagClicked, check_params_cb=lambda t: t == "denial"):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=word_point(view, d, d + 6))
    e = NESTED.index("depot")
    with qtbot.waitSignal(view.tagClicked, check_params_cb=lambda t: t == "claim"):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=word_point(view, e, e + 5))
    o = NESTED.index("Officials")
    with qtbot.assertNotEmitted(view.tagClicked):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=word_point(view, o, o + 5))


def test_tooltip_lists_every_tag_under_the_mouse(view, qtbot):
    view.set_article(NESTED, nested_marks())
    n = NESTED.index("Northern")
    pos = word_point(view, n, n + 8)
    assert view.tooltip_text_at(pos).splitlines() == [
        "Actor mention · Northern Coalition",
        "Denial · nobody struck",
        "Claim · Officials: NC struck the depot",
    ]
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    view.viewportEvent(event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Denial · nobody struck" in QToolTip.text()
    o = NESTED.index("Officials")
    assert view.tooltip_text_at(word_point(view, o, o + 9)) == ""


def test_tooltip_over_the_selection_explains_snapping_and_alt(view):
    view.set_article(NESTED, [])
    s = NESTED.index("fficials")
    qt_select(view, NESTED, s, s + 4)
    tip = view.tooltip_text_at(word_point(view, s, s + 4))
    assert "Officials" in tip and ALT_HINT in tip and "C: claim" in tip
    view.select_code_points(s, s + 4)
    assert "Exact selection (Alt)" in view.tooltip_text_at(word_point(view, s, s + 4))


def test_tag_at_and_incremental_changes(view):
    view.set_article(NESTED, nested_marks())
    n = NESTED.index("Northern")
    assert [m.tag_id for m in view.tag_at(n)] == ["mention", "denial", "claim"]
    assert [m.tag_id for m in view.tag_at(NESTED.index("depot"))] == ["claim"]
    assert view.tag_at(0) == []
    view.remove_marks(["mention"])
    assert [m.tag_id for m in view.tag_at(n)] == ["denial", "claim"]
    view.add_marks([SpanMark("new", M, 0, 9, "Actor mention · Officials")])
    assert [m.tag_id for m in view.tag_at(3)] == ["new"]
    view.replace_mark(SpanMark("new", C, 0, 14, "Claim · moved"))
    assert view.tag_at(12)[0].label == "Claim · moved"
    view.mark_tag("denial")
    view.remove_marks(["denial"])
    assert view.marked_tag() is None
    view.clear()
    assert view.marks() == () and view.article_text() == ""


def test_lanes_put_nested_tags_nearest_the_text():
    lanes = assign_lanes(nested_marks())
    assert lanes["mention"] == 0 and lanes["denial"] == 1 and lanes["claim"] == 2
    disjoint = [SpanMark(str(i), M, i * 10, i * 10 + 5) for i in range(5)]
    assert set(assign_lanes(disjoint).values()) == {0}


def test_mark_tag_scrolls_to_the_span(view):
    text = "\n\n".join(f"Paragraph {i} about the depot and the harbour." for i in range(200))
    end_word = text.rindex("harbour")
    view.set_article(text, [SpanMark("far", C, end_word, end_word + 7, "Claim · far")])
    assert view.verticalScrollBar().value() == 0
    view.mark_tag("far")
    assert view.verticalScrollBar().value() > 0
    rects = view.span_rects(end_word, end_word + 7)
    assert rects and view.viewport().rect().contains(rects[0].toRect())


# -- drawing ----------------------------------------------------------------------------
def colour_count(image, rect, rgb, tolerance=48) -> int:
    n = 0
    r0, g0, b0 = rgb
    for y in range(max(0, int(rect.top())), min(image.height(), int(rect.bottom()) + 1)):
        for x in range(max(0, int(rect.left())), min(image.width(), int(rect.right()) + 1)):
            c = QColor(image.pixel(x, y))
            if abs(c.red() - r0) + abs(c.green() - g0) + abs(c.blue() - b0) <= tolerance:
                n += 1
    return n


@pytest.mark.parametrize("name, target", [("mixed", "said the strike"), ("hebrew", "הכחיש"),
                                          ("arabic", "الهجوم")])
def test_marks_are_painted_under_their_words(view, name, target):
    text = TEXTS[name]
    s = text.index(target)
    view.set_article(text, [SpanMark("m", M, s, s + len(target))])
    view.repaint()
    image = view.viewport().grab().toImage()
    rect = view.span_rects(s, s + len(target))[0]
    under = rect.adjusted(0, rect.height() - 2, 0, 14)  # the underline lanes
    assert colour_count(image, under, STYLES[M].rgb) >= rect.width() * 0.8
    # and not under another word of the line
    other = view.span_rects(0, 1)[0]
    if abs(other.center().x() - rect.center().x()) > rect.width():
        assert colour_count(image, other.adjusted(0, other.height() - 2, 0, 14), STYLES[M].rgb) == 0


def test_each_kind_has_its_colour_under_the_tag(view):
    view.set_article(NESTED, nested_marks())
    view.repaint()
    image = view.viewport().grab().toImage()
    n = NESTED.index("Northern")
    rect = view.span_rects(n, n + 8)[0].adjusted(0, 0, 0, 18)
    for kind in (M, C, D):
        assert colour_count(image, rect, STYLES[kind].rgb, tolerance=30) > 5, kind


def test_wrapped_tag_is_drawn_on_every_line(view):
    text = " ".join(["word"] * 200)
    view.set_article(text, [SpanMark("long", D, 10, 600)])
    view.repaint()
    rects = view.span_rects(10, 600)
    assert len(rects) >= 3
    assert len({round(r.top()) for r in rects}) == len(rects)


class PaintSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list = []

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())
        return False


def test_adding_a_mark_repaints_only_its_area(view, qtbot):
    text = "\n\n".join(f"Paragraph {i}: the coalition said the depot was hit." for i in range(30))
    view.set_article(text, [])
    view.repaint()
    spy = PaintSpy()
    view.viewport().installEventFilter(spy)
    painted = spy.rects
    s = text.index("depot")
    view.add_marks([SpanMark("new", D, s, s + 5, "Denial · depot")])
    qtbot.waitUntil(lambda: bool(painted))
    height = view.viewport().height()
    assert all(r.height() < height / 4 for r in painted), painted
    assert any(r.intersects(view.span_rects(s, s + 5)[0].toRect()) for r in painted)


def test_window_shortcuts_do_not_steal_the_pane_keys(view, qtbot):
    from PySide6.QtGui import QKeySequence, QShortcut

    fired = []
    for key in ("A", "Delete"):
        QShortcut(QKeySequence(key), view, lambda key=key: fired.append(key))
    view.set_article(SNAP_TEXT, [SpanMark("t1", M, 4, 12, "Mention · Northern")])
    view.activateWindow()
    view.select_code_points(4, 12)
    with qtbot.waitSignal(view.tagRequested):
        qtbot.keyClick(view, Qt.Key.Key_A)
    view.mark_tag("t1")
    with qtbot.waitSignal(view.deleteRequested):
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert fired == []


def test_legend_shows_every_kind_with_the_pane_styles(qtbot):
    from workbench.ui.legend import Legend, TagSwatch

    legend = Legend()
    qtbot.addWidget(legend)
    legend.show()
    qtbot.waitExposed(legend)
    assert legend.entry_text(M) == "Actor mention  A / Ctrl+1"
    assert legend.entry_text(C) == "Claim  C / Ctrl+2"
    assert legend.entry_text(D) == "Denial  D / Ctrl+3"
    assert "Hold Alt while selecting" in legend.hint.text()
    for swatch in legend.findChildren(TagSwatch):
        image = swatch.grab().toImage()
        full = image.rect()
        assert colour_count(image, full, STYLES[swatch.kind].rgb, tolerance=30) > 10, swatch.kind


# -- timing (printed, not asserted) --------------------------------------------------------
def test_perf_2000_overlapping_marks(view, capsys):
    para = ("The Northern Coalition said on Tuesday that it had struck a fuel depot in the harbour "
            "of Port Varen; Kessland's Interior Ministry denied that the depot had been damaged. ")
    text = "\n\n".join(para * 3 for _ in range(40))[:20_000]
    rng = random.Random(7)
    marks = []
    for i in range(2000):
        start = rng.randrange(0, len(text) - 120)
        marks.append(SpanMark(f"t{i}", (M, C, D)[i % 3], start, start + rng.randint(4, 110), f"tag {i}"))
    view.resize(900, 700)
    t0 = time.perf_counter()
    view.set_article(text, marks)
    t1 = time.perf_counter()
    view.repaint()
    t2 = time.perf_counter()
    view.add_marks([SpanMark("one", C, 10, 40, "Claim · one")])
    QApplication.processEvents()  # the partial repaint
    t3 = time.perf_counter()
    view.remove_marks(["one"])
    QApplication.processEvents()
    t4 = time.perf_counter()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    t5 = time.perf_counter()
    view.repaint()
    t6 = time.perf_counter()
    with capsys.disabled():
        print(f"\n[perf] {len(text)} chars, 2,000 marks: set_article {1000 * (t1 - t0):.1f} ms + "
              f"first paint {1000 * (t2 - t1):.1f} ms = {1000 * (t2 - t0):.1f} ms; "
              f"add one visible mark + its repaint {1000 * (t3 - t2):.1f} ms; "
              f"remove one + repaint {1000 * (t4 - t3):.1f} ms; "
              f"scroll to the middle + full repaint {1000 * (t6 - t4):.1f} ms")
    assert len(view.marks()) == 2000
