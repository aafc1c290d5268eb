"""The article list panel: search box, status and actor filters above the article table.

The table's model, :class:`ArticleListModel`, and its columns live in
:mod:`workbench.ui.article_list_model` (imported here too, as before).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPainter
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QMenu,
                               QStyleOptionHeader, QTableView, QVBoxLayout, QWidget)

from workbench.core.model import ArticleStatus, Change, TagKind
from workbench.ui.article_list_model import (  # noqa: F401  (re-exported: the list's names stay importable here)
    ARTICLE_ID_ROLE, CLAIMS, COLUMNS, COUNT_COLUMNS, DATE, DENIALS, MENTIONS, OUTLET, PAGE_SIZE, STATUS,
    STATUS_COLOURS, TITLE, ArticleListModel, add_status_items, status_pixmap)
from workbench.ui.session import Session
from workbench.ui.tag_style import paint_marker


class CompactHeader(QHeaderView):
    """The count columns show the tag marker of their kind instead of their name
    (which stays the model's header text, the tooltip and the accessible name)."""

    MARKED = {MENTIONS: TagKind.MENTION, CLAIMS: TagKind.CLAIM, DENIALS: TagKind.DENIAL}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, section: int) -> None:
        super().initStyleOptionForIndex(option, section)
        if section in self.MARKED:
            option.text = ""  # the marker goes there

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        super().paintSection(painter, rect, section)
        kind = self.MARKED.get(section)
        if kind is None or not rect.isValid():
            return
        size = min(rect.height() - 8, 18)
        marker = QRect(0, 0, size + 4, size)
        marker.moveCenter(rect.center())
        if self.isSortIndicatorShown() and self.sortIndicatorSection() == section:
            marker.moveLeft(rect.left() + 3)
        paint_marker(painter, marker, kind)


class ActorFilterCombo(QComboBox):
    """"All actors" and the registry; filled lazily when opened, after the registry changed."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._stale = True
        self.addItem("All actors", None)
        self.setMinimumContentsLength(10)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setToolTip("Show only articles where this actor is mentioned, claims or denies")

    def mark_stale(self) -> None:
        self._stale = True

    def refresh(self) -> None:
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem("All actors", None)
        for actor in self.session.project.list_actors():
            self.addItem(actor.name, actor.id)
        self.setCurrentIndex(max(0, self.findData(current)))
        self.blockSignals(False)
        self._stale = False

    def select_actor(self, actor_id: str | None) -> None:
        if self._stale or (actor_id and self.findData(actor_id) < 0):
            self.refresh()
        self.setCurrentIndex(max(0, self.findData(actor_id)))

    def showPopup(self) -> None:
        if self._stale:
            self.refresh()
        super().showPopup()


class ArticleListPanel(QWidget):
    """Search box, status and actor filters above the article table.

    ``currentArticleChanged(str)`` fires when the analyst moves to another row."""

    currentArticleChanged = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = ArticleListModel(session, self)
        self.search = QLineEdit(placeholderText="Search articles (full text)", clearButtonEnabled=True)
        self.search.setObjectName("article_search")
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItem("All statuses", None)
        add_status_items(self.status_filter)
        self.actor_filter = ActorFilterCombo(session)
        self.actor_filter.setObjectName("actor_filter")
        self.table = QTableView()
        self.table.setObjectName("article_table")
        self._shown: str | None = None
        self._build()
        self._timer = QTimer(self, singleShot=True, interval=180)
        self._timer.timeout.connect(self._apply_search)
        self.search.textEdited.connect(lambda _: self._timer.start())
        self.search.returnPressed.connect(self._search_entered)
        self.status_filter.currentIndexChanged.connect(
            lambda _: self.model.set_query(status=self.status_filter.currentData()))
        self.actor_filter.currentIndexChanged.connect(
            lambda _: self.model.set_query(actor_id=self.actor_filter.currentData()))
        session.changed.connect(self._on_change)
        session.reset.connect(self.actor_filter.mark_stale)

    def _build(self) -> None:
        table = self.table
        table.setHorizontalHeader(CompactHeader(table))
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # status: the context menu
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.setIconSize(QSize(10, 10))
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(28)
        header.setMinimumHeight(header.fontMetrics().height() + 12)
        metrics = header.fontMetrics()
        for col, sample in ((OUTLET, "Meridian Ledger"), (DATE, "2026-03-14"), (STATUS, "In progress"),
                            *((c, "0000") for c in COUNT_COLUMNS)):
            table.setColumnWidth(col, metrics.horizontalAdvance(sample) + (38 if col == STATUS else 16))
        for col in (OUTLET, DATE, STATUS):  # the title shows the status dot; right-click the header for more
            table.setColumnHidden(col, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        table.setSortingEnabled(True)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._row_menu)
        table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.model.modelReset.connect(self._after_reset)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.actor_filter, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(table, 1)
        self.setMinimumWidth(260)

    def _on_change(self, change: Change) -> None:
        if change.touches_registry:
            self.actor_filter.mark_stale()

    # -- current article -------------------------------------------------------------
    def current_article_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.article_id(index.row()) if index.isValid() else None

    def select_article(self, article_id: str | None, *, load: bool = True) -> bool:
        """Make the article the current row (loading pages if needed); False if not listed."""
        row = self.model.load_until(article_id) if (article_id and load) else self.model.row_of(article_id)
        if row < 0:
            return False
        index = self.model.index(row, TITLE)
        if self.table.currentIndex().row() != row:
            self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def step(self, delta: int) -> str | None:
        """The id of the article ``delta`` rows from the current one, in the list's order."""
        row = self.table.currentIndex().row()
        target = 0 if row < 0 else row + delta
        if target >= self.model.rowCount() and self.model.canFetchMore():
            self.model.fetchMore()
        if 0 <= target < self.model.rowCount():
            self.select_article(self.model.article_id(target), load=False)
            return self.model.article_id(target)
        return None

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self.model.article_id(current.row()) if current.isValid() else None
        if article_id and article_id != self._shown:
            self._shown = article_id
            self.currentArticleChanged.emit(article_id)

    def _after_reset(self) -> None:
        if self._shown:
            self.select_article(self._shown, load=False)

    def remember(self, article_id: str | None) -> None:
        """The article shown in the pane: selected again after the list reloads."""
        self._shown = article_id

    # -- filters -------------------------------------------------------------------------
    def _apply_search(self) -> None:
        self._timer.stop()
        self.model.set_query(search=self.search.text())

    def _search_entered(self) -> None:
        """Enter in the search box: search now and go to the first result."""
        self._apply_search()
        if self.model.rowCount():
            self.select_article(self.model.article_id(0), load=False)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_actor_filter(self, actor_id: str | None) -> None:
        self.actor_filter.select_actor(actor_id)

    # -- menus -------------------------------------------------------------------------------
    def _row_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        menu = self.status_menu(self.model.article_id(index.row()), self)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def status_menu(self, article_id: str | None, parent: QWidget) -> QMenu:
        """"Mark as ▸ New / In progress / Done" for one article."""
        from PySide6.QtGui import QIcon  # here, not at the top: the first frame has no QIcon

        menu = QMenu(parent)
        sub = menu.addMenu("Mark as")
        summary = self.session.project.article_summary(article_id) if article_id else None
        for status in ArticleStatus:
            action = QAction(QIcon(status_pixmap(status)), status.label, sub, checkable=True)
            action.setChecked(summary is not None and summary.status is status)
            action.triggered.connect(lambda _=False, s=status: self.set_status(article_id, s))
            sub.addAction(action)
        return menu

    def set_status(self, article_id: str | None, status: ArticleStatus) -> None:
        if article_id:
            self.session.run(self.session.project.set_status, article_id, status)

    def _header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for col, (name, _, _) in enumerate(COLUMNS):
            if col == TITLE:
                continue
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(col))
            action.toggled.connect(lambda on, c=col: self.table.setColumnHidden(c, not on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

