"""The main window: the article list, the article pane and the sidebar, and the
menus and shortcuts of :mod:`workbench.ui.actions`.

The sidebar (its forms, lists, pickers and registry are about a third of the
window) is built just after the window's first frame, or as soon as something
asks for it, whichever comes first: the list and the article are on screen
sooner, and nothing can reach the sidebar before it is there (:attr:`MainWindow.sidebar`).
Then :attr:`MainWindow.firstFrameShown` fires (the application sets its icon then).

The window only composes and routes: every write goes through
:meth:`Session.run`, every part refreshes itself from ``Session.changed``.
Opening another project is the application's business (:mod:`workbench.ui.app`):
the window asks for it with :attr:`MainWindow.projectRequested`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from workbench.core.model import ArticleStatus, Change, TagKind
from workbench.ui import actions as action_table
from workbench.ui.app import project_key, recent_projects, restore_window, save_window
from workbench.ui.article_header import ArticleHeader
from workbench.ui.article_list import ArticleListPanel
from workbench.ui.article_view import ArticleView
from workbench.ui.change_scope import touches_article_row
from workbench.ui.legend import Legend
from workbench.ui.pane_sync import PaneMarks
from workbench.ui.session import Session

if TYPE_CHECKING:
    from workbench.ui.sidebar import Sidebar
    from workbench.ui.find_bar import FindBar
    from workbench.ui.workers import Transfers

PROJECT_FILTER = "Workbench projects (*.workbench);;All files (*)"
KIND_NAMES = {TagKind.MENTION: "Mention", TagKind.CLAIM: "Claim", TagKind.DENIAL: "Denial"}
SAVED = {"Tag mention": "Mention saved", "Tag claim": "Claim saved", "Tag denial": "Denial saved",
         "Edit mention": "Mention updated", "Edit claim": "Claim updated", "Edit denial": "Denial updated",
         "Delete mention": "Mention deleted", "Delete claim": "Claim deleted", "Delete denial": "Denial deleted"}
MESSAGE_MS = 4000
# by class name: QObject.inherits() needs no Python class, and each Qt class PySide
# builds for Python (its enums above all) costs the start-up time
TEXT_FIELDS = ("QLineEdit", "QTextEdit", "QPlainTextEdit", "QAbstractSpinBox")


def is_text_field(widget: QWidget | None) -> bool:
    """An editable field, where Ctrl+Z, Delete and letters belong to the field."""
    if widget is None:
        return False
    if any(widget.inherits(name) for name in TEXT_FIELDS):
        return not widget.isReadOnly()
    return widget.inherits("QComboBox") and widget.isEditable()


class MainWindow(QMainWindow):
    projectRequested = Signal(object, bool)  # path, create
    importFinished = Signal(object)  # ImportReport
    firstFrameShown = Signal()  # the list and the article are on screen, the sidebar has just been built
    exportFinished = Signal(object)  # ExportReport, or the error message

    def __init__(self, session: Session, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings or QSettings()
        self.article_id: str | None = None
        self._replaying = False
        self.pane_marks = PaneMarks(session)
        self._transfers: Transfers | None = None
        self.setObjectName("main_window")
        self.setAcceptDrops(True)
        self.list_panel = ArticleListPanel(session)
        self.header = ArticleHeader()
        self._find_bar: FindBar | None = None
        self.view = ArticleView()
        self.view.setObjectName("article_view")
        self.view.setPlaceholderText("No article open. Import files with Ctrl+I, or drop them on the window.")
        self.legend = Legend()
        self.legend.setMinimumWidth(200)  # clipped rather than widening the window
        self._sidebar: Sidebar | None = None
        self.sidebar_slot = QWidget(objectName="sidebar_slot")  # the sidebar's place in the splitter
        QVBoxLayout(self.sidebar_slot).setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="main_splitter")
        self._compose()
        self.actions_by_name = self._make_actions()
        self._make_menus()
        self._make_status_bar()
        self._connect()
        self.set_title()
        restore_window(self)
        self.focus_view()

    # -- building ------------------------------------------------------------------
    def _compose(self) -> None:
        centre = QWidget(objectName="article_pane")
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.view, 1)  # the find bar goes in between (find_bar)
        column.addWidget(self.legend)
        centre.setAutoFillBackground(True)
        centre.setPalette(self.view.palette())
        self.splitter.addWidget(self.list_panel)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.sidebar_slot)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 630, 370])
        self.setCentralWidget(self.splitter)
        self.setTabOrder(self.list_panel.table, self.view)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._align_header)  # once the view has centred its column
        elif event.type() == QEvent.Type.Paint and watched is self.view.viewport():
            watched.removeEventFilter(self)  # once: only the first frame
            QTimer.singleShot(0, self._after_first_frame)  # once this first frame is on screen
        return super().eventFilter(watched, event)

    @property
    def sidebar(self) -> Sidebar:
        """The sidebar, built now if the first frame has not been painted yet."""
        if self._sidebar is None:
            self._build_sidebar()
        assert self._sidebar is not None
        return self._sidebar

    def _after_first_frame(self) -> None:
        self._build_sidebar()
        self.firstFrameShown.emit()

    def _build_sidebar(self) -> None:
        if self._sidebar is not None:
            return
        from workbench.ui.sidebar import Sidebar

        sidebar = self._sidebar = Sidebar(self.session, self.sidebar_slot)
        self.sidebar_slot.layout().addWidget(sidebar)
        sidebar.show()  # now, not on the layout's next round: the next frame has it
        sidebar.tagSelected.connect(self.view.mark_tag)
        sidebar.editorClosed.connect(self.focus_view)
        sidebar.actorFilterRequested.connect(self.list_panel.set_actor_filter)
        sidebar.set_article(self.article_id)

    def _align_header(self) -> None:
        """Line the header up with the article's text column."""
        margins, inset = self.view.viewportMargins(), int(self.view.document().documentMargin())
        bar = self.view.verticalScrollBar()
        right = margins.right() + inset + (bar.width() if bar.isVisible() else 0)
        self.header.layout().setContentsMargins(margins.left() + inset, 12, right, 8)
        self.legend.layout().setContentsMargins(max(0, margins.left() + inset - 10), 6, 6, 6)

    def _make_actions(self) -> dict[str, QAction]:
        made: dict[str, QAction] = {}
        for spec in action_table.window_actions():
            action = QAction(self)  # QAction(text, parent) would make PySide build QIcon to tell its overloads apart
            action.setText(spec.text)
            action.setObjectName(f"action_{spec.name}")
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
                action.setShortcutContext(spec.context)
            action.setStatusTip(spec.does[:1].upper() + spec.does[1:])
            action.triggered.connect(lambda _=False, name=spec.handler_name: self._handler(name)())
            self.addAction(action)  # shortcuts work even with the menu bar hidden
            made[spec.name] = action
        return made

    def _handler(self, name: str) -> Any:
        """A handler named in the action table: a method, or one of a part ("transfers.export_csv")."""
        target: Any = self
        for part in name.split("."):
            target = getattr(target, part)
        return target

    def _make_menus(self) -> None:
        for menu_name in action_table.MENUS:
            menu = self.menuBar().addMenu(f"&{menu_name}")
            menu.setObjectName(f"menu_{menu_name.lower()}")
            for spec in action_table.menu_actions(menu_name):
                if spec.separator_before:
                    menu.addSeparator()
                menu.addAction(self.actions_by_name[spec.name])
                if spec.name == "open_project":
                    self.recent_menu = menu.addMenu("Open &Recent")
                    self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.session.undo_stack.indexChanged.connect(self._update_undo_texts)
        self._update_undo_texts()

    def _update_undo_texts(self, *_: object) -> None:
        """Edit > Undo and Redo name the change they would undo or redo."""
        stack = self.session.undo_stack
        try:
            texts = (("undo", stack.undoText()), ("redo", stack.redoText()))
        except RuntimeError:  # the stack emits while it is destroyed with its session
            return
        for name, text in texts:
            self.actions_by_name[name].setText(f"&{name.title()} {text}" if text else f"&{name.title()}")

    def _make_status_bar(self) -> None:
        self.count_label = QLabel(objectName="article_count")
        self.analyst_label = QLabel(objectName="analyst_label")
        for label in (self.count_label, self.analyst_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)
        self.update_counts()

    def _connect(self) -> None:
        s = self.session
        s.changed.connect(self.on_change)
        s.reset.connect(self.on_reset)
        s.failed.connect(self.replay_failed)
        self.list_panel.currentArticleChanged.connect(self.show_article)
        self.list_panel.model.countChanged.connect(lambda _: self.update_counts())
        self.header.statusChosen.connect(self.set_status)
        self.view.tagRequested.connect(self.request_tag)
        self.view.tagClicked.connect(lambda tag_id: self.sidebar.select_tag(tag_id))
        self.view.deleteRequested.connect(self.delete_tag)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._pane_menu)

    # -- the open article -------------------------------------------------------------
    def show_article(self, article_id: str | None) -> None:
        article = self.session.project.get_article(article_id) if article_id else None
        self.article_id = article.id if article else None
        if article is None:
            self.view.clear()
        else:
            self.view.set_article(article.text, self.pane_marks.of_article(article.id))
        self.header.show_article(article)
        if self._sidebar is not None:
            self._sidebar.set_article(self.article_id)
        self.list_panel.remember(self.article_id)
        self.list_panel.select_article(self.article_id, load=False)
        if self.article_id:
            self.settings.setValue(project_key(self.session.project.path, "lastArticle"), self.article_id)

    def refresh_marks(self, change: Change | None = None) -> None:
        """Bring the pane's marks up to date, keeping its scroll position and selection:
        the marks of the tags ``change`` wrote or, without a change or after a rename
        or merge, all the article's tags re-read (:class:`~workbench.ui.pane_sync.PaneMarks`)."""
        if self.article_id is None:
            return
        marks, gone = self.pane_marks.update(change, self.article_id, self.view.marks())
        self.view.change_marks(marks, gone)

    def on_change(self, change: Change) -> None:
        if self.article_id and touches_article_row(change, self.article_id):
            article = self.session.project.get_article(self.article_id)
            if article is None:
                self.show_article(None)
            else:
                self.header.show_article(article)
        if self.article_id and self.pane_marks.concerns(change):
            self.refresh_marks(change)
        if not self._replaying:
            self.statusBar().showMessage(self._saved_message(change), MESSAGE_MS)
        self.update_counts()

    def _saved_message(self, change: Change) -> str:
        if change.label == "Set status":
            after = next((s.after for s in change.steps if s.entity == "article" and s.after), None)
            return f"Status: {ArticleStatus(after['status']).label}" if after else "Status changed"
        return SAVED.get(change.label, change.label)

    def on_reset(self) -> None:
        self.show_article(self.article_id)
        self.update_counts()

    def update_counts(self) -> None:
        model = self.list_panel.model
        shown, query = model.total(), model.query
        if query.search or query.status or query.actor_id:
            all_articles = self.session.project.count_articles()
            self.count_label.setText(f"{shown:,} of {all_articles:,} articles")
        else:
            self.count_label.setText(f"{shown:,} article{'s' if shown != 1 else ''}")
        self.analyst_label.setText(f"Analyst: {self.session.project.analyst}")

    def set_title(self) -> None:
        path = self.session.project.path
        self.setWindowTitle(f"{path.name} — Workbench")
        self.setWindowFilePath(str(path))

    def hint(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    def replay_failed(self, reason: str) -> None:
        """An undo or redo the project no longer allows: nothing was written."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, "Cannot undo or redo", f"{reason}\n\nNothing was changed.")

    # -- handlers named in the action table ---------------------------------------------
    def request_tag(self, kind: TagKind) -> None:
        selection = self.view.selection_code_points() if self.article_id else None
        if selection is None:
            keys = action_table.spec(f"tag_{TagKind(kind).value}").shortcut
            self.hint(f"Select the words to tag in the article first, then press {keys}.")
            return
        start, end = selection
        quote = self.view.article_text()[start:end]
        self.sidebar.open_tag_editor(TagKind(kind), self.article_id, start, end, quote)

    def tag_mention(self) -> None:
        self.request_tag(TagKind.MENTION)

    def tag_claim(self) -> None:
        self.request_tag(TagKind.CLAIM)

    def tag_denial(self) -> None:
        self.request_tag(TagKind.DENIAL)

    def undo(self) -> None:
        self._replay(undo=True)

    def redo(self) -> None:
        self._replay(undo=False)

    def _replay(self, *, undo: bool) -> None:
        field = QApplication.focusWidget()
        if is_text_field(field):  # the field's own undo, never the project's
            getattr(field, "undo" if undo else "redo")()
            return
        stack = self.session.undo_stack
        if not (stack.canUndo() if undo else stack.canRedo()):
            self.hint("Nothing to undo." if undo else "Nothing to redo.")
            return
        label = stack.undoText() if undo else stack.redoText()
        self._replaying = True
        try:
            stack.undo() if undo else stack.redo()
        finally:
            self._replaying = False
        self.hint(f"{'Undone' if undo else 'Redone'}: {label}")

    def delete_tag(self) -> None:
        current = self.sidebar.current_tag()
        if current is None and self.view.marked_tag():
            marked = {m.tag_id: m for m in self.view.marks()}.get(self.view.marked_tag())
            current = (marked.kind, marked.tag_id) if marked else None
        if current is None:
            self.hint("Select a tag to delete: click it in the text or in the sidebar.")
            return
        kind, tag_id = current
        self.session.run(self.session.project.delete_tag, kind, tag_id)
        self.hint(f"{KIND_NAMES[TagKind(kind)]} deleted. Ctrl+Z brings it back.")

    def set_status(self, status: ArticleStatus) -> None:
        if self.article_id:
            self.session.run(self.session.project.set_status, self.article_id, status)

    def next_article(self) -> None:
        self._step(+1)

    def previous_article(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        focus = QApplication.focusWidget()
        if self.list_panel.step(delta) is None:
            self.hint("This is the last article in the list." if delta > 0 else "This is the first article in the list.")
        if focus is not None:
            focus.setFocus()

    def _pane_menu(self, pos: Any) -> None:
        from workbench.ui.pane_menu import show_pane_menu  # here: the first frame needs no menu

        show_pane_menu(self, pos)

    @property
    def find_bar(self) -> FindBar:
        """The find bar above the article, made the first time Ctrl+F opens it."""
        if self._find_bar is None:
            from workbench.ui.find_bar import FindBar

            self._find_bar = FindBar()
            self._find_bar.hide()
            self._find_bar.attach(self.view)
            column = self.view.parentWidget().layout()
            column.insertWidget(column.indexOf(self.view), self._find_bar)
        return self._find_bar

    def find(self) -> None:
        self.find_bar.activate()

    def focus_view(self) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.list_panel.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.list_panel.search.selectAll()

    # -- projects ---------------------------------------------------------------------------
    # (the dialogs' classes are imported when one opens: not needed for the first frame)
    def new_project(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "New project", str(self._folder()), PROJECT_FILTER)
        if path:
            self.projectRequested.emit(Path(path if path.endswith(".workbench") else path + ".workbench"), True)

    def open_project(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Open project", str(self._folder()), PROJECT_FILTER)
        if path:
            self.projectRequested.emit(Path(path), False)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = recent_projects(self.settings)
        for path in recent:
            action = self.recent_menu.addAction(f"{path.name}  —  {path.parent}")
            action.setEnabled(path.exists() and path != self.session.project.path)
            action.triggered.connect(lambda _=False, p=path: self.projectRequested.emit(p, False))
        if not recent:
            self.recent_menu.addAction("No recent projects").setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Clear Menu", lambda: self.settings.setValue("recentProjects", []))

    def _folder(self) -> Path:
        return self.session.project.path.parent

    # -- import and export: workers.Transfers ---------------------------------------------------------
    @property
    def transfers(self) -> Transfers:
        """Import and export, made when first used (their module is not needed for the first frame)."""
        if self._transfers is None:
            from workbench.ui.workers import Transfers

            self._transfers = Transfers(self, self.session, self.settings)
            self._transfers.message.connect(lambda text: self.statusBar().showMessage(text, 3 * MESSAGE_MS))
            self._transfers.imported.connect(self._after_import)
            self._transfers.imported.connect(self.importFinished)
            self._transfers.exported.connect(self.exportFinished)
        return self._transfers

    def _after_import(self, report: Any) -> None:
        if report is not None and self.article_id is None and report.article_ids:
            self.list_panel.select_article(report.article_ids[0])

    # -- help and the analyst ----------------------------------------------------------------
    # (workbench.ui.dialogs is imported where a dialog opens: not needed for the first frame)
    def show_shortcuts(self) -> None:
        from workbench.ui.dialogs import ShortcutsDialog

        ShortcutsDialog(self).open()

    def show_about(self) -> None:
        from importlib import metadata

        from PySide6.QtWidgets import QMessageBox

        from workbench.ui.dialogs import about_text

        try:
            version = metadata.version("workbench")
        except metadata.PackageNotFoundError:
            version = "development"
        QMessageBox.about(self, "About Workbench", about_text(version))

    def ask_analyst(self) -> None:
        from workbench.ui.dialogs import ask_analyst_name

        name = ask_analyst_name(self, self.session.project.analyst, first_time=False)
        if name:
            self.session.project.analyst = name
            self.settings.setValue("analyst", name)
            self.update_counts()

    # -- drag and drop ---------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            if len(paths) == 1 and paths[0].suffix == ".workbench":
                self.projectRequested.emit(paths[0], False)  # a project: open it, not import it
            else:
                self.transfers.import_paths(paths)

    # -- closing (what a window remembers: app.restore_window / app.save_window) ---------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._transfers is not None:
            self._transfers.wait()
        save_window(self)
        super().closeEvent(event)

