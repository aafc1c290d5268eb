"""The Sidebar's API as the main window uses it: articles, selection both ways,
the current tag for Delete, counts and hints, and the editor's life."""

from __future__ import annotations

from PySide6.QtCore import Qt

from workbench.core.model import TagKind
from workbench.ui.sidebar import Sidebar


def test_select_tag_from_the_pane_selects_its_row_without_echo(sidebar, qtbot, tags):
    echoed = []
    sidebar.tagSelected.connect(echoed.append)
    for kind, tab in ((TagKind.CLAIM, 1), (TagKind.DENIAL, 2), (TagKind.MENTION, 0)):
        sidebar.select_tag(tags[kind.value])
        assert sidebar.tabs.currentIndex() == tab
        assert sidebar.current_tag() == (kind, tags[kind.value])
        view = sidebar.lists.views[kind]
        assert view.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == tags[kind.value]
    assert echoed == []
    sidebar.select_tag(None)
    assert sidebar.current_tag() is None and sidebar.form.empty.isVisible()
    sidebar.select_tag("no-such-tag")
    assert sidebar.current_tag() is None


def test_keyboard_in_a_list_reports_the_selected_tag(sidebar, qtbot, keys, tags):
    sidebar.tabs.setCurrentIndex(2)
    view = sidebar.lists.denial_view
    view.setFocus()
    with qtbot.waitSignal(sidebar.tagSelected, timeout=2000) as selected:
        keys.press(Qt.Key.Key_Down)
    assert selected.args == [tags["denial"]]
    assert sidebar.current_tag() == (TagKind.DENIAL, tags["denial"])


def test_an_actor_row_shows_the_actor_and_points_the_pane_at_its_first_mention(sidebar, qtbot, tags, session):
    view = sidebar.lists.actor_view
    index = sidebar.lists.mentions.index(0, 0)
    with qtbot.waitSignal(sidebar.tagSelected, timeout=2000) as selected:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert selected.args == [tags["mention"]]
    assert sidebar.form.current_actor() == session.project.find_actor_id("Northern Coalition")
    assert sidebar.current_tag() is None  # Delete never deletes an actor from here
    # a second click on the same row points the pane at it again
    with qtbot.waitSignal(sidebar.tagSelected, timeout=2000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def test_counts_in_tab_titles_and_hints_without_article(qtbot, session, article_id):
    sidebar = Sidebar(session)
    qtbot.addWidget(sidebar)
    assert [sidebar.tabs.tabText(i) for i in range(3)] == ["Actors", "Claims", "Denials"]
    assert sidebar.lists.claim_view.hint == "No article open."
    sidebar.set_article(article_id)
    assert [sidebar.tabs.tabText(i) for i in range(4)] == [
        "Actors (1)", "Claims (1)", "Denials (1)", "Registry (2)"]
    assert sidebar.current_tag() is None and not sidebar.editor_is_open()


def test_empty_article_shows_the_tagging_hint(qtbot, session, other_article):
    sidebar = Sidebar(session)
    qtbot.addWidget(sidebar)
    sidebar.set_article(other_article)
    assert sidebar.tabs.tabText(0) == "Actors (0)"
    assert "Select text and press A, C or D to tag it" in sidebar.lists.actor_view.hint


def test_changing_article_closes_the_editor_and_clears_the_form(sidebar, qtbot, tags, article_id, span,
                                                                 other_article):
    sidebar.select_tag(tags["claim"])
    sidebar.open_tag_editor(TagKind.CLAIM, article_id, *span("Two port workers"), "Two port workers")
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        sidebar.set_article(other_article)
    assert not sidebar.editor_is_open() and sidebar.current_tag() is None
    assert sidebar.tabs.tabText(1) == "Claims (1)"
    assert sidebar.lists.claims.index(0, 0).data() == "Coastwatch → Images inconclusive"


def test_save_button_and_cancel_button_for_the_mouse(sidebar, qtbot, session, article_id, span):
    sidebar.open_tag_editor(TagKind.MENTION, article_id, *span("Coastwatch"), "Coastwatch")
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        sidebar.editor.save_button.click()
    assert session.project.find_actor_id("Coastwatch")
    sidebar.open_tag_editor(TagKind.MENTION, article_id, *span("Mira Solberg"), "Mira Solberg")
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        sidebar.editor.cancel_button.click()
    assert session.project.find_actor_id("Mira Solberg") is None


def test_reset_reloads_everything(sidebar, session, article_id, span):
    project = session.project
    start, end = span("Coastwatch")
    project.add_mention(article_id, start, end, project.add_actor("Coastwatch").created_ids[0])  # behind its back
    session.notify_reset()
    assert sidebar.tabs.tabText(0) == "Actors (2)"
    assert "Coastwatch" in [sidebar.completions.index(r, 0).data() for r in range(sidebar.completions.rowCount())]
