"""The mouse path for tagging: select, right-click, choose; right-click a tag to
show or delete it."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from workbench.core.model import TagKind
from workbench.ui.pane_menu import build_pane_menu


def actions(menu) -> dict[str, object]:
    return {a.objectName(): a for a in menu.actions() if a.objectName()}


def point_inside(window, start: int, end: int) -> QPoint:
    rect = window.view.span_rects(start, end)[0]
    return rect.center().toPoint()


def test_tag_entries_need_a_selection(window, qtbot):
    window.view.select_code_points(0, 0)
    menu = build_pane_menu(window, QPoint(5, 5))
    assert not any(actions(menu)[f"pane_tag_{k.value}"].isEnabled() for k in TagKind)


def test_choosing_claim_opens_the_claim_editor_on_the_selection(window, harbour, qtbot):
    project, article_id, _ = harbour
    text = project.article_text(article_id)
    start = text.index("Two port workers")
    window.view.select_code_points(start, start + len("Two port workers"))
    menu = build_pane_menu(window, QPoint(5, 5))
    actions(menu)["pane_tag_claim"].trigger()
    assert window.sidebar.editor_is_open()
    assert window.sidebar.editor.kind is TagKind.CLAIM
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sidebar.editor.first_field())


def test_right_clicking_a_tag_offers_to_delete_it_and_undo_brings_it_back(window, harbour, qtbot):
    project, article_id, changes = harbour
    mention = project.tags_of_article(article_id).mentions[0]
    window.show()
    qtbot.waitExposed(window)
    window.view.mark_tag(mention.id)
    pos = point_inside(window, mention.span.start, mention.span.end)
    delete = actions(build_pane_menu(window, pos)).get(f"pane_delete_{mention.id}")
    assert delete is not None, "the tag under the mouse is offered for deletion"
    delete.trigger()
    assert project.tags_of_article(article_id).mentions == ()
    window.undo()
    assert [m.id for m in project.tags_of_article(article_id).mentions] == [mention.id]



def test_a_right_click_on_the_pane_opens_the_menu(window, qtbot, monkeypatch):
    from workbench.ui import pane_menu

    shown = []

    def build_and_keep(win, pos):
        menu = build_pane_menu(win, pos)
        menu.exec = lambda *args: None  # offscreen, a real exec() would wait for a click
        shown.append(menu)
        return menu

    monkeypatch.setattr(pane_menu, "build_pane_menu", build_and_keep)
    window.view.select_code_points(0, 5)
    window.view.customContextMenuRequested.emit(QPoint(5, 5))
    assert len(shown) == 1
    assert all(actions(shown[0])[f"pane_tag_{k.value}"].isEnabled() for k in TagKind)
