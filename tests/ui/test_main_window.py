"""The main window: composition, the pane kept in step with changes, status bar,
drag and drop, settings and the dialogs behind the menus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QInputDialog, QMessageBox

from workbench.core.model import ActorName, ArticleStatus, TagKind

pytest.importorskip("workbench.ui.sidebar")

from workbench.ui.dialogs import ShortcutsDialog  # noqa: E402
from workbench.ui.main_window import MainWindow, is_text_field  # noqa: E402
from workbench.ui.span_marks import marks_of  # noqa: E402
from workbench.ui.session import Session  # noqa: E402


def labels(window) -> set[str]:
    return {m.label for m in window.view.marks()}


def test_title_parts_and_marks(window, harbour):
    project, article_id, _ = harbour
    assert window.windowTitle() == "test.workbench — Workbench"
    assert window.header.title.text() == project.get_article(article_id).title
    assert window.header.status.currentData() == "new"
    assert labels(window) == {
        "Mention · Northern Coalition",
        "Claim · Northern Coalition → Coalition struck Port Varen fuel depot with drones",
        "Denial · Kessland Interior Ministry → Depot not damaged",
    }
    assert window.legend.isVisible()
    assert window.count_label.text() == "1 article"
    assert window.analyst_label.text() == "Analyst: tester"


def test_marks_of_labels_anonymous_claims_and_long_quotes(harbour):
    project, article_id, _ = harbour
    text = project.article_text(article_id)
    start = text.index("Two port workers")
    project.add_claim(article_id, start, start + 160, ActorName("Port workers"), anonymous=True)
    found = [m for m in marks_of(project.tags_of_article(article_id)) if m.start == start]
    assert found[0].kind is TagKind.CLAIM
    assert found[0].label.startswith("Claim · Port workers (anonymous) → Two port workers")
    assert found[0].label.endswith("…")


def test_a_change_refreshes_marks_keeping_scroll_and_selection(window, qtbot):
    window.resize(900, 420)
    qtbot.waitUntil(lambda: window.view.verticalScrollBar().maximum() > 0)
    bar = window.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    text = window.view.article_text()
    start = text.index("Satellite images")
    window.view.select_code_points(start, start + len("Satellite images"))
    scrolled = bar.value()
    project = window.session.project
    window.session.run(project.add_mention, window.article_id, start, start + 9, ActorName("Coastwatch"))
    assert len(window.view.marks()) == 4
    assert bar.value() == scrolled
    assert window.view.selection_code_points() == (start, start + len("Satellite images"))


def test_changes_to_another_article_leave_the_pane_alone(window, drafts):
    project = window.session.project
    (other,), _ = project.insert_articles(drafts(1))
    before = window.view.marks()
    window.session.run(project.add_mention, other, 0, 6, ActorName("Someone"))
    assert window.view.marks() == before


def test_sidebar_and_pane_select_each_other(window, qtbot):
    claim = window.session.project.tags_of_article(window.article_id).claims[0]
    window.sidebar.tagSelected.emit(claim.id)
    assert window.view.marked_tag() == claim.id
    window.view.tagClicked.emit(claim.id)
    assert window.sidebar.current_tag() == (TagKind.CLAIM, claim.id)


def test_status_from_the_header_and_the_list_stay_in_step(window):
    window.header.statusChosen.emit(ArticleStatus.IN_PROGRESS)
    model = window.list_panel.model
    assert model.summary(0).status is ArticleStatus.IN_PROGRESS
    window.list_panel.set_status(window.article_id, ArticleStatus.DONE)
    assert window.header.status.currentData() == "done"
    assert window.statusBar().currentMessage() == "Status: Done"


def test_filter_counts_in_the_status_bar(window, drafts):
    window.session.project.insert_articles(drafts(4))
    window.session.notify_reset()
    assert window.count_label.text() == "5 articles"
    window.list_panel.model.set_query(search="depot")
    assert window.count_label.text() == "1 of 5 articles"


def test_actor_filter_requested_by_the_sidebar(window, drafts):
    project = window.session.project
    project.insert_articles(drafts(3))
    window.session.notify_reset()
    ministry = project.find_actor_id("Kessland Interior Ministry")
    window.sidebar.actorFilterRequested.emit(ministry)
    assert window.list_panel.actor_filter.currentData() == ministry
    assert window.list_panel.model.rowCount() == 1


def test_dropping_files_imports_them(window, qtbot, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(f"Dropped {i}\n\nText of dropped article {i}.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.importFinished, timeout=20_000) as finished:
        window.dropEvent(event)
    assert finished.args[0].imported == 3
    assert window.list_panel.model.total() == 4
    assert "3 imported" in window.statusBar().currentMessage()


def test_an_empty_project_opens_with_a_hint(project, qtbot):
    win = MainWindow(Session(project), QSettings())
    qtbot.addWidget(win)
    win.show()
    assert win.article_id is None
    assert "No article open" in win.header.title.text()
    assert not win.header.status.isEnabled()
    win.tag_claim()
    assert "Select the words" in win.statusBar().currentMessage()


def test_settings_are_saved_and_restored(window, qtbot, drafts):
    project = window.session.project
    ids, _ = project.insert_articles(drafts(2))
    window.session.notify_reset()
    window.resize(1211, 777)
    window.splitter.setSizes([300, 500, 311])
    sizes = window.splitter.sizes()
    window.list_panel.select_article(ids[1])
    assert window.article_id == ids[1]
    window.close()
    again = MainWindow(Session(project), QSettings())
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (1211, 777)
    assert again.splitter.sizes() == sizes
    assert again.article_id == ids[1]


def test_help_shortcuts_about_and_analyst(window, qtbot, monkeypatch, message_boxes):
    window.show_shortcuts()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    window.show_about()
    assert "Workbench" in message_boxes[-1]["text"]
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("  Ada   Lovelace ", True)))
    window.ask_analyst()
    assert window.session.project.analyst == "Ada Lovelace"
    assert QSettings().value("analyst") == "Ada Lovelace"
    assert window.analyst_label.text() == "Analyst: Ada Lovelace"


def test_is_text_field_tells_fields_from_the_pane(window):
    assert is_text_field(window.list_panel.search)
    assert is_text_field(window.find_bar.field)
    assert not is_text_field(window.view)  # read-only: Ctrl+Z there undoes the project
    assert not is_text_field(window.header.status)
    assert not is_text_field(None)


def test_project_requests_go_to_the_application(window, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog
    target = tmp_path / "other"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(window.projectRequested) as requested:
        window.new_project()
    assert requested.args == [target.with_suffix(".workbench"), True]


def test_a_cancelled_import_stops_and_says_so(window, qtbot, tmp_path):
    from workbench.ui.workers import ImportJob, JobRunner
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(20):
        (folder / f"a{i}.txt").write_text(f"Item {i}\n\nText {i}.", encoding="utf-8")
    job = ImportJob(window.session.project.path, [folder], "tester")
    job.cancel()  # as the progress dialog's Cancel does
    runner = JobRunner(job, "Importing articles", window)
    with qtbot.waitSignal(runner.done, timeout=20_000) as done:
        runner.start()
    report = done.args[0]
    assert report.cancelled and report.imported == 0
    qtbot.waitUntil(lambda: not runner.is_running())


def test_an_export_that_cannot_write_reports_the_error(window, qtbot, tmp_path):
    from workbench.ui.dialogs import ExportDialog
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    window.transfers.export_csv()
    dialog = window.findChild(ExportDialog)
    dialog.folder.setText(str(blocker))
    with qtbot.waitSignal(window.exportFinished, timeout=20_000) as finished:
        dialog.export_button.click()
    assert isinstance(finished.args[0], str)
    box = window.findChild(QMessageBox, "transfer_failed")
    assert box is not None and box.isVisible()
    assert blocker.read_text() == "a file where the folder should be"


def test_recent_projects_menu(window, tmp_path):
    other = tmp_path / "other.workbench"
    other.write_bytes(b"")
    QSettings().setValue("recentProjects", [str(other), str(tmp_path / "gone.workbench")])
    window._fill_recent_menu()
    entries = [a for a in window.recent_menu.actions() if a.text()]
    assert entries[0].text().startswith("other.workbench") and entries[0].isEnabled()
    assert entries[1].text().startswith("gone.workbench") and not entries[1].isEnabled()
    assert entries[-1].text() == "Clear Menu"


def test_enter_in_the_search_box_goes_to_the_first_result(window, qtbot, drafts):
    window.session.project.insert_articles(drafts(5))
    window.session.notify_reset()
    search = window.list_panel.search
    search.setFocus()
    qtbot.keyClicks(search, "border")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.list_panel.table.hasFocus()
    assert window.article_id == window.list_panel.model.article_id(0)
    assert "border" in window.header.title.text()


def test_an_undo_the_project_no_longer_allows_is_shown_not_raised(window, harbour, monkeypatch, qtbot):
    from tests.conftest import read_article

    project, _, _ = harbour
    (extra,), _ = project.insert_articles([read_article("article-2-follow-up.txt")])
    window.session.run(project.delete_article, extra)
    project.insert_articles([read_article("article-2-follow-up.txt")])  # the same text again
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.view.setFocus()
    window.undo()
    assert len(shown) == 1 and "cannot undo" in shown[0] and "Nothing was changed" in shown[0]
    assert not window.session.undo_stack.canUndo() or window.session.undo_stack.undoText() != "Delete article"


def test_the_sidebar_is_built_after_the_first_frame_or_when_asked(harbour, qtbot):
    from workbench.ui.main_window import MainWindow
    from workbench.ui.session import Session

    project, article_id, _ = harbour
    window = MainWindow(Session(project), QSettings())
    qtbot.addWidget(window)
    assert window._sidebar is None  # not yet: the list and the article come first
    with qtbot.waitSignal(window.firstFrameShown, timeout=5000):
        window.show()
    assert window._sidebar is not None and window.sidebar.isVisible()
    tagged = window.session.article_tags(article_id)
    expected = {TagKind.MENTION: len(tagged.mentions), TagKind.CLAIM: len(tagged.claims),
                TagKind.DENIAL: len(tagged.denials)}
    assert window.sidebar.lists.counts() == expected and sum(expected.values()) > 0  # the article shown
    early = MainWindow(Session(project), QSettings())  # not shown yet: built on first use
    qtbot.addWidget(early)
    assert early.sidebar.lists.counts() == expected and early._sidebar is early.sidebar
    built = early.sidebar
    with qtbot.waitSignal(early.firstFrameShown, timeout=5000):  # still announced (the app icon waits for it)
        early.show()
    assert early.sidebar is built
