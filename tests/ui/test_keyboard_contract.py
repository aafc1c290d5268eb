"""Every row of the keyboard contract (SPEC.md), driven with key clicks on the real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from workbench.core.model import ActorName, ArticleStatus, TagKind
from workbench.ui import actions

pytest.importorskip("workbench.ui.sidebar")

from workbench.ui.dialogs import ExportDialog, ImportSummaryDialog  # noqa: E402

CTRL, SHIFT, NONE = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.NoModifier

# The contract as SPEC.md states it: keys -> where (tests must not read SPEC.md itself).
CONTRACT = {
    ("Ctrl+F", "anywhere"), ("Enter", "find field"), ("Shift+Enter", "find field"), ("Esc", "find field"),
    ("Ctrl+1", "text selected"), ("Ctrl+2", "text selected"), ("Ctrl+3", "text selected"),
    ("A", "article pane, text selected"), ("C", "article pane, text selected"), ("D", "article pane, text selected"),
    ("Enter", "tag editor"), ("Esc", "tag editor"),
    ("Ctrl+Z", "anywhere outside text fields"), ("Ctrl+Shift+Z", "anywhere outside text fields"),
    ("Del", "tag selected"), ("Ctrl+PgDown", "anywhere"), ("Ctrl+PgUp", "anywhere"),
    ("Ctrl+I", "anywhere"), ("Ctrl+E", "anywhere"), ("Ctrl+Q", "anywhere"),
}


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
    """A key click where the focus is, as an analyst's keyboard would send it."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def select(window, quote: str) -> tuple[int, int]:
    start = window.view.article_text().index(quote)
    window.view.select_code_points(start, start + len(quote))
    window.view.setFocus()
    return start, start + len(quote)


def tags(window):
    return window.session.project.tags_of_article(window.article_id)


def test_the_action_table_covers_the_contract():
    rows = {(a.shortcut, a.where) for a in actions.ACTIONS if a.shortcut}
    assert CONTRACT <= rows
    names = [a.name for a in actions.ACTIONS]
    assert len(names) == len(set(names))


def test_menus_and_shortcuts_come_from_the_table(window):
    for spec in actions.window_actions():
        action = window.actions_by_name[spec.name]
        assert action.shortcut() == QKeySequence(spec.shortcut)
        assert action.text().replace("&", "").startswith(spec.text.replace("&", ""))
    menu_texts = [a.text() for a in window.menuBar().actions()]
    assert menu_texts == [f"&{m}" for m in actions.MENUS]
    for menu_action, name in zip(window.menuBar().actions(), actions.MENUS):
        listed = [a.objectName() for a in menu_action.menu().actions() if a.objectName().startswith("action_")]
        assert listed == [f"action_{spec.name}" for spec in actions.menu_actions(name)]


def test_ctrl_f_focuses_find_with_previous_text_selected(window, qtbot):
    press(qtbot, Qt.Key.Key_F, CTRL)
    field = window.find_bar.field
    assert field.isVisible() and field.hasFocus()
    qtbot.keyClicks(field, "depot")
    press(qtbot, Qt.Key.Key_Return)
    first = window.view.selection_code_points()
    assert first is not None and window.view.article_text()[first[0]:first[1]].lower() == "depot"
    press(qtbot, Qt.Key.Key_Return)  # Enter: next match
    second = window.view.selection_code_points()
    assert second[0] > first[0]
    press(qtbot, Qt.Key.Key_Return, SHIFT)  # Shift+Enter: previous match
    assert window.view.selection_code_points() == first
    press(qtbot, Qt.Key.Key_Escape)  # Escape: hide, focus the pane, keep the selection
    assert not window.find_bar.isVisible()
    assert window.view.hasFocus()
    assert window.view.selection_code_points() == first
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert field.hasFocus() and field.selectedText() == "depot"
    qtbot.keyClicks(field, "drones")  # typing replaces the previous text
    assert field.text() == "drones"


@pytest.mark.parametrize("kind, key, modifier", [
    (TagKind.MENTION, Qt.Key.Key_1, CTRL), (TagKind.CLAIM, Qt.Key.Key_2, CTRL), (TagKind.DENIAL, Qt.Key.Key_3, CTRL),
    (TagKind.MENTION, Qt.Key.Key_A, NONE), (TagKind.CLAIM, Qt.Key.Key_C, NONE), (TagKind.DENIAL, Qt.Key.Key_D, NONE),
])
def test_tag_keys_open_the_right_editor_and_escape_cancels(window, qtbot, kind, key, modifier):
    before = tags(window)
    select(window, "Satellite images")
    press(qtbot, key, modifier)
    assert window.sidebar.editor_is_open()
    assert window.sidebar.editor.kind is kind
    assert QApplication.focusWidget() is window.sidebar.editor.first_field()
    press(qtbot, Qt.Key.Key_Escape)
    assert not window.sidebar.editor_is_open()
    assert tags(window) == before  # nothing saved
    assert window.view.hasFocus()


def test_tag_key_without_a_selection_only_hints(window, qtbot):
    window.view.select_code_points(0, 0)
    window.view.setFocus()
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert not window.sidebar.editor_is_open()
    assert "Select the words" in window.statusBar().currentMessage()


def test_enter_saves_and_the_tag_shows_at_once(window, qtbot):
    start, end = select(window, "Two port workers")
    press(qtbot, Qt.Key.Key_2, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), "Varen Courier")
    press(qtbot, Qt.Key.Key_Return)
    claims = tags(window).claims
    assert [(c.span.start, c.span.end, c.claimant_name) for c in claims if c.span.start == start] == [
        (start, end, "Varen Courier")]
    new_id = next(c.id for c in claims if c.span.start == start)
    assert new_id in {m.tag_id for m in window.view.marks()}  # in the pane already
    assert window.statusBar().currentMessage() == "Claim saved"
    assert window.view.hasFocus()  # so the next Ctrl+Z undoes the tag


def test_mention_editor_is_prefilled_and_enter_links_the_actor(window, qtbot):
    select(window, "Northern Coalition")
    press(qtbot, Qt.Key.Key_A)
    assert window.sidebar.editor.first_field().text() == "Northern Coalition"
    press(qtbot, Qt.Key.Key_Return)
    mentions = tags(window).mentions
    assert len(mentions) == 2 and len({m.actor_id for m in mentions}) == 1


def test_undo_and_redo_a_new_tag_from_the_pane(window, qtbot):
    select(window, "Satellite images")
    press(qtbot, Qt.Key.Key_3, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), "Coastwatch")
    press(qtbot, Qt.Key.Key_Return)
    assert len(tags(window).denials) == 2
    assert window.actions_by_name["undo"].text() == "&Undo Tag denial"
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert len(tags(window).denials) == 1
    assert len(window.view.marks()) == 3
    assert window.statusBar().currentMessage() == "Undone: Tag denial"
    assert window.actions_by_name["redo"].text() == "&Redo Tag denial"
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(tags(window).denials) == 2
    assert len(window.view.marks()) == 4
    assert window.statusBar().currentMessage() == "Redone: Tag denial"


def _claim(window):
    return tags(window).claims[0]


def test_undo_redo_an_edit(window, qtbot):
    claim = _claim(window)
    window.session.run(window.session.project.update_tag, "claim", claim.id, summary="Edited summary")
    window.view.setFocus()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert _claim(window).summary == claim.summary
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert _claim(window).summary == "Edited summary"
    label = {m.tag_id: m.label for m in window.view.marks()}[claim.id]
    assert label == "Claim · Northern Coalition → Edited summary"


def test_delete_removes_the_selected_tag_undoably(window, qtbot):
    claim = _claim(window)
    window.sidebar.select_tag(claim.id)
    window.view.mark_tag(claim.id)
    window.view.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    assert tags(window).claims == ()
    assert claim.id not in {m.tag_id for m in window.view.marks()}
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert [c.id for c in tags(window).claims] == [claim.id]
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert tags(window).claims == ()


def test_delete_with_nothing_selected_deletes_nothing(window, qtbot):
    window.sidebar.select_tag(None)
    window.view.mark_tag(None)
    window.view.setFocus()
    before = tags(window)
    press(qtbot, Qt.Key.Key_Delete)
    assert tags(window) == before


def test_undo_redo_a_status_change(window, qtbot):
    window.header.status.setFocus()
    window.header.status.activated.emit(window.header.status.findData(ArticleStatus.DONE.value))
    project = window.session.project
    assert project.get_article(window.article_id).status is ArticleStatus.DONE
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert project.get_article(window.article_id).status is ArticleStatus.NEW
    assert window.header.status.currentData() == ArticleStatus.NEW.value
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert project.get_article(window.article_id).status is ArticleStatus.DONE


def test_undo_redo_a_merge(window, qtbot):
    project = window.session.project
    keep = project.find_actor_id("Northern Coalition")
    ministry = project.find_actor_id("Kessland Interior Ministry")
    window.session.run(project.merge_actors, keep, ministry)
    assert project.get_actor(ministry) is None
    window.view.setFocus()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert project.get_actor(ministry) is not None
    assert tags(window).denials[0].denier_id == ministry
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert project.get_actor(ministry) is None


@pytest.mark.parametrize("field_name", ["search", "editor"])
def test_ctrl_z_in_a_text_field_does_not_undo_the_project(window, qtbot, field_name):
    project = window.session.project
    window.session.run(project.set_status, window.article_id, ArticleStatus.IN_PROGRESS)
    if field_name == "search":
        field: QLineEdit = window.list_panel.search
        field.setFocus()
    else:
        select(window, "Satellite images")
        press(qtbot, Qt.Key.Key_2, CTRL)
        field = QApplication.focusWidget()
    qtbot.keyClicks(field, "xyz")
    index = window.session.undo_stack.index()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert field.text() == ""  # the field undid the typing
    assert window.session.undo_stack.index() == index
    assert project.get_article(window.article_id).status is ArticleStatus.IN_PROGRESS


def test_ctrl_pgdown_pgup_move_through_the_list(window, qtbot, drafts):
    project = window.session.project
    ids, _ = project.insert_articles(drafts(3))
    window.session.notify_reset()
    first = window.article_id
    window.view.setFocus()
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert window.article_id == ids[0]
    assert window.list_panel.current_article_id() == ids[0]
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert window.article_id == ids[1]
    assert window.view.hasFocus()
    press(qtbot, Qt.Key.Key_PageUp, CTRL)
    press(qtbot, Qt.Key.Key_PageUp, CTRL)
    assert window.article_id == first
    press(qtbot, Qt.Key.Key_PageUp, CTRL)  # already the first: stays, with a hint
    assert window.article_id == first
    assert "first article" in window.statusBar().currentMessage()
    window.list_panel.table.setFocus()  # works from the list as well
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert window.article_id == ids[0]


def test_ctrl_i_imports_chosen_files(window, qtbot, monkeypatch, tmp_path):
    article = tmp_path / "incoming.txt"
    article.write_text("Ferry service resumes\n\nThe ferry to the islands runs again.", encoding="utf-8")
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02" * 50)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(article), str(broken)], "")))
    window.view.setFocus()
    with qtbot.waitSignal(window.importFinished, timeout=20_000) as finished:
        press(qtbot, Qt.Key.Key_I, CTRL)
    report = finished.args[0]
    assert report.imported == 1 and len(report.failed) == 1
    assert window.list_panel.model.total() == 2
    dialog = window.findChild(ImportSummaryDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.problems.item(0, 0).text() == "broken.txt"


def test_ctrl_e_exports_csv(window, qtbot, tmp_path):
    window.view.setFocus()
    press(qtbot, Qt.Key.Key_E, CTRL)
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.bom.setChecked(True)
    with qtbot.waitSignal(window.exportFinished, timeout=20_000) as finished:
        dialog.export_button.click()
    assert not finished.args[0].cancelled
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["actors.csv", "articles.csv", "claims.csv", "denials.csv", "mentions.csv"]
    assert (tmp_path / "out" / "claims.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_ctrl_q_closes_the_window(window, qtbot):
    window.view.setFocus()
    press(qtbot, Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_tag_keys_work_after_moving_articles(window, qtbot, drafts):
    """Focus and shortcuts survive a move to another article and back."""
    window.session.project.insert_articles(drafts(1))
    window.session.notify_reset()
    window.view.setFocus()
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    press(qtbot, Qt.Key.Key_PageUp, CTRL)
    select(window, "Satellite images")
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.sidebar.editor.kind is TagKind.MENTION
    assert Path(window.session.project.path).exists()
    assert ActorName  # the editor resolves typed names to actors (see the store)
