"""The project-wide actor registry: search, kind filter, a sortable table with
counts, aliases and affiliation; rename in place (F2 or double-click), merge
two actors, and ask for the articles of an actor."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.model import ActorKind, Change
from workbench.core.project_file import ProjectError
from workbench.core.store import TagError
from workbench.ui.models import ID_ROLE, SORT_ROLE, ActorRegistryModel
from workbench.ui.session import Session
from workbench.ui.sidebar.style import PAD, HintTableView, StatusLabel


class RegistryPanel(QWidget):
    """The registry tab. The widgets are made at once (the sidebar's layout depends on
    their size hints), the table's rows only when the panel is first shown or an actor
    is selected in it: until then the panel counts the actors, for the tab's title, and
    neither a start-up nor a write reads (and sorts) every actor of the project."""

    actorSelected = Signal(str)  # noqa: N815
    actorFilterRequested = Signal(str)  # noqa: N815

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._quiet = False
        self.model: ActorRegistryModel | None = None  # made by load()
        self._count: int | None = None  # the actors, until then
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSortRole(SORT_ROLE)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search names and aliases")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.kind = QComboBox(self)
        self.kind.addItem("All kinds", None)
        for kind in ActorKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.currentIndexChanged.connect(self._filter)
        self.table = HintTableView(self)
        self.table.setModel(self.proxy)
        self.table.set_hint("No actor matches.")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.reselected.connect(self._current_changed)

        self.merge_button = QPushButton("Merge…", self)
        self.merge_button.setToolTip("Merge the selected actor with another one (undoable)")
        self.merge_button.clicked.connect(self.merge)
        self.articles_button = QPushButton("Show articles", self)
        self.articles_button.setToolTip("List the articles that tag the selected actor")
        self.articles_button.clicked.connect(self._ask_articles)
        self.status = StatusLabel(self)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.kind)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.articles_button)
        buttons.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAD, PAD, PAD, PAD)
        layout.setSpacing(PAD)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()
        session.changed.connect(self.on_change)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 (Qt override)
        if visible:
            self.load()  # before Qt shows the panel: its first paint has the rows
        super().setVisible(visible)

    def load(self) -> None:
        """Read the actors into the table, sorted by name (once; then it follows the changes)."""
        if self.model is not None:
            return
        self._count = None
        self.model = ActorRegistryModel(self.session.project, rename=self._rename, parent=self)
        self.proxy.setSourceModel(self.model)
        header = self.table.horizontalHeader()
        header.resizeSection(0, 160)
        header.resizeSection(1, 96)
        for column in (2, 3, 4):
            header.resizeSection(column, 30)
        header.resizeSection(5, 140)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # first: enabling sorts once, by name
        self.table.setSortingEnabled(True)
        if self.search.text() or self.kind.currentData():
            self._filter()  # set before the panel was shown (by a program: the fields were hidden)

    # -- state ---------------------------------------------------------------
    def actor_count(self) -> int | None:
        """The rows of the table (every actor until it is loaded); None while a search narrows it."""
        if self.model is None:
            if self._count is None:
                self._count = self.session.project.count_actors()
            return self._count
        return None if self.search.text() else self.model.rowCount()

    def on_change(self, change: Change) -> None:
        if self.model is None:
            if change.touches_registry:
                self._count = None
            return
        self._keeping_selection(lambda: self.model.on_change(change))

    def _keeping_selection(self, refresh) -> None:
        """Refresh without losing (or reporting) the selected actor when its row moves."""
        current = self.current_actor()
        self._quiet = True
        try:
            refresh()
            if current and self.current_actor() != current:
                self.select_actor(current)
        finally:
            self._quiet = False
        self._update_buttons()

    def reload(self) -> None:
        if self.model is None:
            self._count = None
            return
        self._keeping_selection(self.model.refresh)

    def current_actor(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return index.data(ID_ROLE)

    def select_actor(self, actor_id: str) -> bool:
        self.load()
        row = self.model.row_of(actor_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _filter(self) -> None:
        if self.model is None:
            return  # load() applies it
        kind = self.kind.currentData()
        self._keeping_selection(lambda: self.model.set_filter(self.search.text(), ActorKind(kind) if kind else None))

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        self._current_changed(indexes[0] if indexes else QModelIndex())

    def _current_changed(self, index: QModelIndex) -> None:
        self._update_buttons()
        if index.isValid() and not self._quiet:
            self.actorSelected.emit(index.data(ID_ROLE))

    def _update_buttons(self) -> None:
        has = self.current_actor() is not None
        self.merge_button.setEnabled(has)
        self.articles_button.setEnabled(has)

    # -- writes ----------------------------------------------------------------
    def _rename(self, actor_id: str, name: str) -> None:
        # after the item editor has closed: a rename can move the row
        QTimer.singleShot(0, lambda: self._run(self.session.project.update_actor, actor_id, name=name))

    def merge(self) -> None:
        from workbench.ui.sidebar.merge_dialog import MergeDialog  # here: not needed for the first frame

        actor_id = self.current_actor()
        if actor_id is None:
            return
        dialog = MergeDialog(self.session.project, actor_id, self)
        if dialog.exec() and dialog.choice():
            keep, gone = dialog.choice()
            if self._run(self.session.project.merge_actors, keep, gone, label="Merged"):
                self.select_actor(keep)

    def _run(self, method, *args, label: str = "Saved", **fields) -> bool:
        try:
            self.session.run(method, *args, **fields)
        except (TagError, ProjectError) as error:
            self.status.error(f"Not saved: {error}")
            return False
        self.status.saved(label)
        return True

    def _ask_articles(self) -> None:
        actor_id = self.current_actor()
        if actor_id:
            self.actorFilterRequested.emit(actor_id)
