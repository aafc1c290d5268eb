"""The sidebar: the current article's actors, claims and denials, the project's
actor registry, the form for the selected item, and the tag editor.

API the main window relies on::

    Sidebar(session, parent=None)
    set_article(article_id | None)
    select_tag(tag_id | None)            # the pane was clicked on a tag
    open_tag_editor(kind, article_id, start, end, selected_text)
    current_tag() -> (TagKind, id) | None
    editor_is_open() -> bool
    tagSelected(str), editorClosed(), actorFilterRequested(str)
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from workbench.core.model import Change, TagKind
from workbench.ui.models import ActorCompletionModel
from workbench.ui.session import Session
from workbench.ui.sidebar.forms import TagForm
from workbench.ui.sidebar.lists import TagLists
from workbench.ui.sidebar.registry import RegistryPanel
from workbench.ui.sidebar.tag_editor import TagEditor

__all__ = ["Sidebar"]

_TAB_NAMES = {TagKind.MENTION: "Actors", TagKind.CLAIM: "Claims", TagKind.DENIAL: "Denials"}
_TABS = (TagKind.MENTION, TagKind.CLAIM, TagKind.DENIAL)
REGISTRY_TAB = 3


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class Sidebar(QWidget):
    tagSelected = Signal(str)  # noqa: N815 (Qt naming, part of the API)
    editorClosed = Signal()  # noqa: N815
    actorFilterRequested = Signal(str)  # noqa: N815

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Sidebar")
        self.session = session
        self.completions = ActorCompletionModel(session.project, self)
        session.changed.connect(self.completions.on_change)
        self.lists = TagLists(session, self)
        self.registry = RegistryPanel(session, self)
        self.form = TagForm(session, self.completions, self)
        self.editor = TagEditor(session, self.completions, self)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(False)
        for kind in _TABS:
            self.tabs.addTab(self.lists.views[kind], _TAB_NAMES[kind])
        self.tabs.addTab(self.registry, "Registry")
        self.bottom = QStackedWidget(self)
        self.form_area = _scrolling(self.form)
        self.editor_area = _scrolling(self.editor)
        self.bottom.addWidget(self.form_area)
        self.bottom.addWidget(self.editor_area)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.bottom)
        self.splitter.setStretchFactor(0, 4)  # the form and the editor get a bit more room
        self.splitter.setStretchFactor(1, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.lists.selected.connect(self._list_selected)
        self.lists.countsChanged.connect(self._update_titles)
        self.registry.actorSelected.connect(self.form.show_actor)
        self.registry.actorFilterRequested.connect(self.actorFilterRequested)
        self.form.actorFilterRequested.connect(self.actorFilterRequested)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.editor.saved.connect(self._editor_saved)
        self.editor.cancelled.connect(self._editor_cancelled)
        session.changed.connect(self._on_change)
        session.reset.connect(self._on_reset)
        self._update_titles()

    # -- API ------------------------------------------------------------------
    def set_article(self, article_id: str | None) -> None:
        if self.editor_is_open() and self.editor.article_id != article_id:
            self._close_editor()
        self.lists.set_article(article_id)
        tag = self.form.tag
        if tag is not None and tag.article_id != article_id:
            self.form.clear()
        self._update_titles()

    def select_tag(self, tag_id: str | None) -> None:
        if tag_id is None:
            self.lists.clear_selection()
            if self.form.tag is not None:
                self.form.clear()
            return
        kind = self.lists.select_tag(tag_id)
        if kind is None:
            return
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(_TABS.index(kind))
        self.tabs.blockSignals(False)
        self.form.show_tag(kind, tag_id)

    def open_tag_editor(self, kind: TagKind, article_id: str, start: int, end: int, selected_text: str) -> None:
        self.bottom.setCurrentWidget(self.editor_area)
        self.editor.open(TagKind(kind), article_id, start, end, selected_text)
        self.editor_area.ensureVisible(0, 0)

    def current_tag(self) -> tuple[TagKind, str] | None:
        return self.form.current_tag()

    def editor_is_open(self) -> bool:
        return self.bottom.currentWidget() is self.editor_area

    # -- reactions ------------------------------------------------------------
    def _list_selected(self, kind: TagKind | str, item_id: str) -> None:
        if kind == "actor":
            self.form.show_actor(item_id)
            mention_id = self.lists.first_mention_of(item_id)
            if mention_id:
                self.tagSelected.emit(mention_id)
            return
        self.form.show_tag(kind, item_id)
        self.tagSelected.emit(item_id)

    def _tab_changed(self, index: int) -> None:
        if index == REGISTRY_TAB:
            actor_id = self.registry.current_actor()
            self.form.show_actor(actor_id) if actor_id else self.form.clear()
            return
        item = self.lists.selected_item(_TABS[index])
        if item is None:
            self.form.clear()
        elif item[0] == "actor":
            self.form.show_actor(item[1])
        else:
            self.form.show_tag(*item)

    def _editor_saved(self, kind: TagKind, change: Change) -> None:
        self._close_editor(emit=False)
        created = change.ids_of(kind.value)
        if created:
            self.select_tag(created[0])
            self.tagSelected.emit(created[0])
        self.editorClosed.emit()

    def _editor_cancelled(self) -> None:
        self._close_editor()

    def _close_editor(self, emit: bool = True) -> None:
        self.editor.kind = None
        self.bottom.setCurrentWidget(self.form_area)
        if emit:
            self.editorClosed.emit()

    def _on_change(self, change: Change) -> None:
        self._update_titles()

    def _on_reset(self) -> None:
        self.completions.reload()
        self.registry.reload()
        self.lists.set_article(self.lists.article_id)
        self.form.clear()
        self._update_titles()

    def _update_titles(self) -> None:
        counts = self.lists.counts()
        for position, kind in enumerate(_TABS):
            title = _TAB_NAMES[kind] + (f" ({counts[kind]})" if self.lists.article_id else "")
            self.tabs.setTabText(position, title)
        actors = self.registry.actor_count()
        self.tabs.setTabText(REGISTRY_TAB, "Registry" if actors is None else f"Registry ({actors})")
