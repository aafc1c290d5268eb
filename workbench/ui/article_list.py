"""The article list: a lazy table model over the project and the panel around it.

:class:`ArticleListModel` loads pages of :data:`PAGE_SIZE` rows as the view
scrolls (``canFetchMore``/``fetchMore``), so a project of 100,000 articles opens
at once. A change refreshes only the rows it touched; only articles appearing
or disappearing reset the model.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize,
                            Qt, QTimer, Signal)
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QMenu, QStyle,
                               QStyleOptionHeader, QTableView, QVBoxLayout, QWidget)

from workbench.core.model import ArticleQuery, ArticleStatus, ArticleSummary, Change, TagKind
from workbench.ui.sidebar.style import paint_marker
from workbench.ui.session import Session

PAGE_SIZE = 200
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex

# (header, ArticleQuery.order_by, ArticleSummary field)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("Title", "title", "title"),
    ("Outlet", "outlet", "outlet"),
    ("Date", "published", "published"),
    ("Status", "status", "status"),
    ("Mentions", "mentions", "mentions"),
    ("Claims", "claims", "claims"),
    ("Denials", "denials", "denials"),
)
TITLE, OUTLET, DATE, STATUS, MENTIONS, CLAIMS, DENIALS = range(len(COLUMNS))
COUNT_COLUMNS = (MENTIONS, CLAIMS, DENIALS)
STATUS_COLOURS = {ArticleStatus.NEW: "#8a94a6", ArticleStatus.IN_PROGRESS: "#e69f00",
                  ArticleStatus.DONE: "#009e73"}


def status_icon(status: ArticleStatus, size: int = 10) -> QIcon:
    """A small dot: hollow for new, half for in progress, full for done (not colour alone)."""
    pix = QPixmap(size * 2, size * 2)
    pix.setDevicePixelRatio(2.0)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QColor(STATUS_COLOURS[status]))
    p.setBrush(QColor(STATUS_COLOURS[status]) if status is ArticleStatus.DONE else Qt.BrushStyle.NoBrush)
    p.drawEllipse(1, 1, size - 2, size - 2)
    if status is ArticleStatus.IN_PROGRESS:
        p.setBrush(QColor(STATUS_COLOURS[status]))
        p.drawPie(1, 1, size - 2, size - 2, 90 * 16, 180 * 16)
    p.end()
    return QIcon(pix)


class ArticleListModel(QAbstractTableModel):
    """Articles of the project in the order and filter of :attr:`query`, loaded in pages."""

    countChanged = Signal(int)  # rows matching the query (after a reset)

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self._query = ArticleQuery()
        self._rows: list[ArticleSummary] = []
        self._row_of: dict[str, int] = {}
        self._exhausted, self._fetching = False, False
        self._total: int | None = None
        self._icons = {status: status_icon(status) for status in ArticleStatus}
        self._muted = QColor("#9aa0a6")
        session.changed.connect(self.on_change)
        session.reset.connect(self.reload)
        self._load_first_page()

    # -- queries ----------------------------------------------------------------
    @property
    def query(self) -> ArticleQuery:
        return self._query

    def set_query(self, *, search: str | None = None, status: ArticleStatus | None | str = "",
                  actor_id: str | None | bool = False) -> None:
        """Change the search or filters (arguments left out keep their value)."""
        query = replace(
            self._query,
            search=self._query.search if search is None else search,
            status=self._query.status if status == "" else (ArticleStatus(status) if status else None),
            actor_id=self._query.actor_id if actor_id is False else (actor_id or None))
        if query != self._query:
            self._query = query
            self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in a new order; a column of -1 means import order."""
        order_by = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else "seq"
        descending = order == Qt.SortOrder.DescendingOrder and order_by != "seq"
        query = replace(self._query, order_by=order_by, descending=descending)
        if query != self._query:
            self._query = query
            self.reload()

    def reload(self) -> None:
        """Drop the loaded rows and load the first page again."""
        self.beginResetModel()
        self._load_first_page()
        self._fetching = True  # no nested inserts while listeners handle the reset
        try:
            self.endResetModel()
        finally:
            self._fetching = False
        self.countChanged.emit(self.total())

    def total(self) -> int:
        """How many articles match the query (loaded or not)."""
        if self._total is None:
            self._total = len(self._rows) if self._exhausted else self.session.project.count_articles(self._query)
        return self._total

    # -- lazy loading -------------------------------------------------------------
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if parent.isValid() or self._exhausted or self._fetching:
            return
        self._fetching = True  # listeners of the insert may ask again: not from inside it
        try:
            page = self.session.project.list_articles(self._query, len(self._rows), PAGE_SIZE)
            if len(page) < PAGE_SIZE:
                self._exhausted = True
            if page:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self._append(page)
                self.endInsertRows()
        finally:
            self._fetching = False

    def _load_first_page(self) -> None:
        self._rows, self._row_of, self._total = [], {}, None
        page = self.session.project.list_articles(self._query, 0, PAGE_SIZE)
        self._exhausted = len(page) < PAGE_SIZE
        self._append(page)

    def _append(self, page: list[ArticleSummary]) -> None:
        for summary in page:
            self._row_of[summary.id] = len(self._rows)
            self._rows.append(summary)

    def load_until(self, article_id: str, max_rows: int = 20_000) -> int:
        """Fetch pages until the article is loaded (or ``max_rows`` are); its row or -1."""
        while article_id not in self._row_of and self.canFetchMore() and len(self._rows) < max_rows:
            self.fetchMore()
        return self._row_of.get(article_id, -1)

    # -- reading ------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def summary(self, row: int) -> ArticleSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, article_id: str | None) -> int:
        return self._row_of.get(article_id, -1) if article_id else -1

    def article_id(self, row: int) -> str | None:
        summary = self.summary(row)
        return summary.id if summary else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Sort by {COLUMNS[section][0].lower()} (click again to reverse, a third time for import order)"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignHCenter if section in COUNT_COLUMNS else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.status.label if col == STATUS else getattr(row, COLUMNS[col][2])
        if role == ARTICLE_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole and col in (TITLE, STATUS):
            return self._icons[row.status]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in COUNT_COLUMNS:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col in COUNT_COLUMNS and not getattr(row, COLUMNS[col][2]):
            return self._muted
        if role == Qt.ItemDataRole.ToolTipRole and col in (TITLE, STATUS):
            meta = " · ".join(x for x in (row.outlet, row.published, row.status.label) if x)
            return f"{row.title}\n{meta}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    # -- changes --------------------------------------------------------------------
    def on_change(self, change: Change) -> None:
        """Refresh the rows a change touched; reset when articles came or went."""
        for step in change.steps:
            if step.entity == "article" and (step.before is None) != (step.after is None):
                self.reload()
                return
        for article_id in change.article_ids:
            row = self._row_of.get(article_id)
            if row is None:
                continue
            summary = self.session.project.article_summary(article_id)
            if summary is None:
                self.reload()
                return
            self._rows[row] = summary
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))


class CompactHeader(QHeaderView):
    """The count columns show the tag marker of their kind instead of their name
    (which stays the model's header text, the tooltip and the accessible name)."""

    MARKED = {MENTIONS: TagKind.MENTION, CLAIMS: TagKind.CLAIM, DENIALS: TagKind.DENIAL}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        kind = self.MARKED.get(section)
        if kind is None or not rect.isValid():
            super().paintSection(painter, rect, section)
            return
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, section)
        option.rect = rect
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
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
        for status in ArticleStatus:
            self.status_filter.addItem(status_icon(status), status.label, status.value)
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
        menu = QMenu(parent)
        sub = menu.addMenu("Mark as")
        summary = self.session.project.article_summary(article_id) if article_id else None
        for status in ArticleStatus:
            action = QAction(status_icon(status), status.label, sub, checkable=True)
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

