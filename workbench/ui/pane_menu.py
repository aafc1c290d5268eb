"""The article pane's context menu: the mouse path for tagging.

Select words, right-click, choose what to tag them as; right-click a tag to
show it in the sidebar or delete it. Every entry names its keyboard shortcut,
so the menu also teaches the faster path. The window shows it on a right-click
(``MainWindow._pane_menu``, which imports this module then).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from workbench.core.model import TagKind

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

TAG_ENTRIES = (
    (TagKind.MENTION, "Tag as actor mention", "A / Ctrl+1"),
    (TagKind.CLAIM, "Tag as claim", "C / Ctrl+2"),
    (TagKind.DENIAL, "Tag as denial", "D / Ctrl+3"),
)
KIND_NAMES = {TagKind.MENTION: "mention", TagKind.CLAIM: "claim", TagKind.DENIAL: "denial"}


def build_pane_menu(window: "MainWindow", pos: QPoint) -> QMenu:
    view = window.view
    menu = QMenu(view)
    can_tag = window.article_id is not None and view.selection_code_points() is not None
    for kind, text, keys in TAG_ENTRIES:
        action = menu.addAction(f"{text}\t{keys}")
        action.setObjectName(f"pane_tag_{kind.value}")
        action.setEnabled(can_tag)
        action.triggered.connect(partial(window.request_tag, kind))
    for mark in view.marks_at_point(pos):
        menu.addSeparator()
        label = mark.label or KIND_NAMES[mark.kind].capitalize()
        show = menu.addAction(f"Show “{_short(label)}” in the sidebar")
        show.triggered.connect(partial(_select, window, mark.tag_id))
        delete = menu.addAction(f"Delete this {KIND_NAMES[mark.kind]}\tDel")
        delete.setObjectName(f"pane_delete_{mark.tag_id}")
        delete.triggered.connect(partial(_delete, window, mark.tag_id))
    menu.addSeparator()
    copy = menu.addAction("Copy\tCtrl+C")
    copy.setEnabled(view.textCursor().hasSelection())
    copy.triggered.connect(view.copy)
    return menu


def show_pane_menu(window: "MainWindow", pos: QPoint) -> None:
    build_pane_menu(window, pos).exec(window.view.viewport().mapToGlobal(pos))


def _select(window: "MainWindow", tag_id: str) -> None:
    window.sidebar.select_tag(tag_id)
    window.view.mark_tag(tag_id)


def _delete(window: "MainWindow", tag_id: str) -> None:
    _select(window, tag_id)
    window.delete_tag()


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
