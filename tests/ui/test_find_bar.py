"""The find bar: Enter / Shift+Enter / Escape, wrap-around, counts, Ctrl+F select-all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workbench.ui.article_view import ArticleView
from workbench.ui.find_bar import FindBar

TEXT = ("🙄 The Northern Coalition said it struck the depot.\n\n"
        "A coalition spokesman, Idris Halloun, said the COALITION would strike again.\n\n"
        "Kessland called it coalition propaganda.")
MATCHES = [(i, i + 9) for i in (TEXT.index("Coalition"), TEXT.index("coalition spokesman"),
                                TEXT.index("COALITION"), TEXT.index("coalition propaganda"))]


@pytest.fixture
def pane(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    view = ArticleView(window)
    bar = FindBar(window)
    bar.attach(view)
    bar.hide()
    layout = QVBoxLayout(window)
    layout.addWidget(bar)
    layout.addWidget(view)
    window.resize(700, 500)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    view.set_article(TEXT, [])
    view.setFocus()
    return window, view, bar


def search(qtbot, bar: FindBar, query: str) -> None:
    bar.activate()
    qtbot.waitUntil(bar.field.hasFocus)
    qtbot.keyClicks(bar.field, query)


def enter(qtbot, bar: FindBar, shift: bool = False) -> None:
    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, mods)


def test_matches_are_case_insensitive_code_points(pane, qtbot):
    _, view, bar = pane
    search(qtbot, bar, "coalition")
    assert bar.matches() == MATCHES
    assert all(TEXT[s:e].lower() == "coalition" for s, e in MATCHES)
    assert bar.status.text() == "4 matches"
    assert view.selection_code_points() is None  # typing alone does not move the selection


def test_enter_selects_next_and_wraps(pane, qtbot):
    _, view, bar = pane
    search(qtbot, bar, "coalition")
    for expected in MATCHES + MATCHES[:2]:
        enter(qtbot, bar)
        assert view.selection_code_points() == expected
        assert view.textCursor().selectedText().lower() == "coalition"
    assert bar.status.text() == "2 of 4"


def test_shift_enter_selects_previous_and_wraps(pane, qtbot):
    _, view, bar = pane
    search(qtbot, bar, "coalition")
    enter(qtbot, bar)
    assert view.selection_code_points() == MATCHES[0]
    enter(qtbot, bar, shift=True)
    assert view.selection_code_points() == MATCHES[-1]
    assert bar.status.text() == "4 of 4"
    enter(qtbot, bar, shift=True)
    assert view.selection_code_points() == MATCHES[-2]


def test_next_starts_after_the_cursor(pane, qtbot):
    _, view, bar = pane
    view.select_code_points(MATCHES[1][1] + 2, MATCHES[1][1] + 2)
    search(qtbot, bar, "coalition")
    enter(qtbot, bar)
    assert view.selection_code_points() == MATCHES[2]


def test_a_match_is_selected_exactly_not_snapped(pane, qtbot):
    _, view, bar = pane
    search(qtbot, bar, "oalit")
    enter(qtbot, bar)
    start = TEXT.index("oalit")
    assert view.selection_code_points() == (start, start + 5)
    assert TEXT[start:start + 5] == "oalit"


def test_escape_hides_focuses_the_view_and_keeps_the_selection(pane, qtbot):
    _, view, bar = pane
    search(qtbot, bar, "halloun")
    enter(qtbot, bar)
    start = TEXT.index("Halloun")
    assert view.selection_code_points() == (start, start + 7)
    with qtbot.waitSignal(bar.closed):
        qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    qtbot.waitUntil(view.hasFocus)
    assert view.selection_code_points() == (start, start + 7)
    # and the selection can be tagged at once
    with qtbot.waitSignal(view.tagRequested):
        qtbot.keyClick(view, Qt.Key.Key_A)


def test_activate_selects_the_previous_text_so_typing_replaces_it(pane, qtbot):
    _, view, bar = pane
    search(qtbot, bar, "depot")
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    qtbot.waitUntil(view.hasFocus)
    bar.activate()
    qtbot.waitUntil(bar.field.hasFocus)
    assert bar.isVisible()
    assert bar.field.selectedText() == "depot"
    qtbot.keyClicks(bar.field, "spokesman")
    assert bar.field.text() == "spokesman"
    enter(qtbot, bar)
    start = TEXT.index("spokesman")
    assert view.selection_code_points() == (start, start + 9)
    assert bar.status.text() == "1 of 1"


def test_no_matches_state(pane, qtbot):
    _, view, bar = pane
    view.select_code_points(2, 5)
    search(qtbot, bar, "zeppelin")
    assert bar.status.text() == "No matches"
    assert "background" in bar.field.styleSheet()
    enter(qtbot, bar)
    assert view.selection_code_points() == (2, 5)  # unchanged
    bar.field.clear()
    assert bar.status.text() == "" and bar.field.styleSheet() == ""


def test_count_follows_a_new_article(pane, qtbot):
    _, view, bar = pane
    search(qtbot, bar, "coalition")
    assert bar.status.text() == "4 matches"
    view.set_article("No such word here. Coalition!", [])
    assert bar.status.text() == "1 match"
    enter(qtbot, bar)
    assert view.selection_code_points() == (19, 28)
