"""The article list's model: a lazy table over the project's articles.

:class:`ArticleListModel` loads pages of :data:`PAGE_SIZE` rows as the view
scrolls (``canFetchMore``/``fetchMore``), so a project of 100,000 articles opens
at once. Each page starts after the last row loaded (keyset paging), so the
last page of 100,000 costs what the first does. A change refreshes only the
rows it touched; only articles appearing or disappearing reset the model.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPixmap

from workbench.core.model import ArticleQuery, ArticleStatus, ArticleSummary, Change
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


def status_pixmap(status: ArticleStatus, size: int = 10) -> QPixmap:
    """A small dot: hollow for new, half for in progress, full for done (not colour alone).

    A pixmap, not a QIcon: views and combo boxes draw either, and PySide's QIcon class
    (its enums above all) is about 2 ms of the start that the first frame need not pay."""
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
    return pix


def add_status_items(combo: Any) -> None:
    """The three statuses as items of a QComboBox, each with its dot (item data: the value)."""
    for status in ArticleStatus:
        combo.addItem(status.label, status.value)
        combo.setItemData(combo.count() - 1, status_pixmap(status), Qt.ItemDataRole.DecorationRole)


class ArticleListModel(QAbstractTableModel):
    """Articles of the project in the order and filter of :attr:`query`, loaded in pages."""

    countChanged = Signal(int)  # rows matching the query (after a reset)

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self._query = ArticleQuery()
        self._rows: list[ArticleSummary] = []
        self._row_of: dict[str, int] = {}
        self._after: ArticleSummary | None = None  # the last row fetched, as fetched: the next page's start
        self._exhausted, self._fetching = False, False
        self._total: int | None = None
        self._icons = {status: status_pixmap(status) for status in ArticleStatus}
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
            page = self.session.project.list_articles(self._query, limit=PAGE_SIZE, after=self._after)
            if len(page) < PAGE_SIZE:
                self._exhausted = True
            if page:
                self._after = page[-1]
            # an article whose sort value changed after it was loaded can come
            # again further down: it keeps the row it has
            page = [summary for summary in page if summary.id not in self._row_of]
            if page:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self._append(page)
                self.endInsertRows()
        finally:
            self._fetching = False

    def _load_first_page(self) -> None:
        self._rows, self._row_of, self._total = [], {}, None
        page = self.session.project.list_articles(self._query, limit=PAGE_SIZE)
        self._after = page[-1] if page else None
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
