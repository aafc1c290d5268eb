"""The header above the article pane: title, outlet and date of the open article, and its status."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench.core.model import Article, ArticleStatus
from workbench.ui.article_list_model import add_status_items


class ArticleHeader(QWidget):
    """Title, outlet and date of the open article, and its status."""

    statusChosen = Signal(object)  # ArticleStatus

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(objectName="article_title", wordWrap=True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setMinimumWidth(120)  # wraps instead of widening the pane
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() + 2.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.meta = QLabel(objectName="article_meta")
        self.meta.setStyleSheet("color: #5f6368;")
        self.meta.setMinimumWidth(120)
        self.status = QComboBox(objectName="article_status")
        self.status.setToolTip("Where this article stands (undoable)")
        add_status_items(self.status)
        self.status.activated.connect(lambda i: self.statusChosen.emit(ArticleStatus(self.status.itemData(i))))
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.meta)
        row = QHBoxLayout(self)
        row.setContentsMargins(28, 12, 16, 8)
        row.addLayout(text, 1)
        row.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)
        self.show_article(None)

    def show_article(self, article: Article | None) -> None:
        self.title.setText(article.title if article else "No article open")
        meta = [article.outlet, article.published, article.author] if article else []
        words = len(article.text.split()) if article else 0
        self.meta.setText(" · ".join([m for m in meta if m] + ([f"{words:,} words"] if article else [])))
        self.status.setEnabled(article is not None)
        if article is not None:
            self.status.setCurrentIndex(self.status.findData(article.status.value))
