"""The registry tab: search and kind filter, rename in place, merge through the
dialog, all undoable; and "show articles of this actor"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from workbench.core.model import ActorName, TagKind
from workbench.ui.sidebar.merge_dialog import MergeDialog


def registry_names(panel):
    proxy = panel.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_search_and_kind_filter(sidebar, qtbot, keys, session):
    panel = sidebar.registry
    sidebar.tabs.setCurrentIndex(3)
    session.run(session.project.update_actor, session.project.find_actor_id("Northern Coalition"),
                kind="armed_group", aliases=["the coalition"])
    panel.search.setFocus()
    keys.type("COALITION")
    assert registry_names(panel) == ["Northern Coalition"]
    panel.search.clear()
    panel.kind.setCurrentIndex(panel.kind.findData("armed_group"))
    assert registry_names(panel) == ["Northern Coalition"]
    panel.kind.setCurrentIndex(0)
    assert registry_names(panel) == ["Kessland Interior Ministry", "Northern Coalition"]
    assert sidebar.tabs.tabText(3) == "Registry (2)"


def test_rename_in_place_is_undoable(sidebar, qtbot, keys, session):
    project = session.project
    panel = sidebar.registry
    sidebar.tabs.setCurrentIndex(3)
    coalition = project.find_actor_id("Northern Coalition")
    panel.select_actor(coalition)
    panel.table.setFocus()
    keys.press(Qt.Key.Key_F2)
    keys.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys.type("Coalition of the North")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: project.get_actor(coalition).name == "Coalition of the North")
    assert "Coalition of the North" in registry_names(panel)
    assert sidebar.lists.mentions.index(0, 0).data() == "Coalition of the North"
    assert sidebar.form.actor_fields.name.text() == "Coalition of the North"
    session.undo()
    assert project.get_actor(coalition).name == "Northern Coalition"
    assert "Northern Coalition" in registry_names(panel)
    assert sidebar.form.actor_fields.name.text() == "Northern Coalition"
    assert sidebar.lists.claims.index(0, 0).data().startswith("Northern Coalition →")


def test_merge_dialog_from_the_keyboard(qtbot, session, keys):
    project = session.project
    gone = project.add_actor("the coalition").created_ids[0]
    dialog = MergeDialog(project, gone)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.search.hasFocus() or (dialog.search.setFocus() or False))
    assert not dialog.merge_button.isEnabled()
    assert "the coalition" not in [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())]
    keys.type("northern")
    keep = project.find_actor_id("Northern Coalition")
    assert dialog.choice() == (keep, gone) and dialog.merge_button.isEnabled()
    assert "<b>Northern Coalition</b> stays" in dialog.summary.text()
    dialog._swap()
    assert dialog.choice() == (gone, keep)
    dialog._swap()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        keys.press(Qt.Key.Key_Return)


def test_merge_is_undoable(sidebar, qtbot, session, article_id, span, monkeypatch):
    project = session.project
    session.run(project.add_mention, article_id, *span("coalition spokesman"), ActorName("the coalition"))
    gone = project.find_actor_id("the coalition")
    keep = project.find_actor_id("Northern Coalition")
    assert gone != keep and sidebar.tabs.tabText(0) == "Actors (2)"

    def pick_and_accept(dialog: MergeDialog) -> int:
        dialog.search.setText("Northern")
        return 1

    monkeypatch.setattr(MergeDialog, "exec", pick_and_accept)
    sidebar.tabs.setCurrentIndex(3)
    sidebar.registry.select_actor(gone)
    assert sidebar.registry.merge_button.isEnabled()
    sidebar.registry.merge_button.click()
    assert project.get_actor(gone) is None
    assert "the coalition" in project.get_actor(keep).aliases
    assert sidebar.tabs.tabText(0) == "Actors (1)"
    assert sidebar.registry.current_actor() == keep
    assert sidebar.registry.status.text() == "✓ Merged"
    session.undo()
    assert project.get_actor(gone).name == "the coalition"
    assert project.get_actor(keep).aliases == ()
    assert sidebar.tabs.tabText(0) == "Actors (2)"
    assert "the coalition" in registry_names(sidebar.registry)
    mentions = project.tags_of_article(article_id).mentions
    assert {m.actor_id for m in mentions} == {keep, gone}


def test_show_articles_of_an_actor(sidebar, qtbot, session):
    coalition = session.project.find_actor_id("Northern Coalition")
    sidebar.tabs.setCurrentIndex(3)
    sidebar.registry.select_actor(coalition)
    with qtbot.waitSignal(sidebar.actorFilterRequested, timeout=2000) as asked:
        sidebar.registry.articles_button.click()
    assert asked.args == [coalition]
    with qtbot.waitSignal(sidebar.actorFilterRequested, timeout=2000) as asked:
        sidebar.form.articles_button.click()
    assert asked.args == [coalition]


def test_registry_counts_follow_new_tags(sidebar, session, article_id, span):
    project = session.project
    panel = sidebar.registry
    sidebar.tabs.setCurrentIndex(3)
    row = registry_names(panel).index("Northern Coalition")
    assert panel.proxy.index(row, 2).data() == 1
    session.run(project.add_mention, article_id, *span("Northern Coalition"), ActorName("northern coalition"))
    assert panel.proxy.index(registry_names(panel).index("Northern Coalition"), 2).data() == 2
    session.undo()
    assert panel.proxy.index(registry_names(panel).index("Northern Coalition"), 2).data() == 1
    assert project.get_tag(TagKind.MENTION, "missing") is None


def test_rows_are_read_when_the_tab_is_first_shown(sidebar, session, article_id, span):
    """Until the tab is shown the panel only counts the actors (the title stays right
    through writes and undos); then it lists them all, sorted, with their counts."""
    project = session.project
    panel = sidebar.registry
    assert panel.model is None and panel.proxy.rowCount() == 0
    assert sidebar.tabs.tabText(3) == "Registry (2)"
    session.run(project.add_mention, article_id, *span("coalition spokesman"), ActorName("the coalition"))
    assert sidebar.tabs.tabText(3) == "Registry (3)"
    session.run(project.update_actor, project.find_actor_id("Northern Coalition"), name="Allied Coalition")
    session.run(project.add_mention, article_id, *span("Northern Coalition"), ActorName("allied coalition"))
    session.undo()
    session.undo()
    session.redo()
    assert panel.model is None
    sidebar.tabs.setCurrentIndex(3)
    assert panel.model is not None
    assert registry_names(panel) == ["Allied Coalition", "Kessland Interior Ministry", "the coalition"]
    assert panel.proxy.index(0, 2).data() == 1  # the undone mention is not counted
    assert sidebar.tabs.tabText(3) == "Registry (3)"
    session.undo()  # the rename
    session.undo()  # the mention that made "the coalition"
    assert sidebar.tabs.tabText(3) == "Registry (2)"
    assert registry_names(panel) == ["Kessland Interior Ministry", "Northern Coalition"]


def test_size_hints_do_not_wait_for_the_rows(sidebar):
    """The sidebar's first layout (its splitter) is the same as with the rows read."""
    panel = sidebar.registry
    before = (panel.sizeHint(), panel.minimumSizeHint(), sidebar.tabs.sizeHint(), sidebar.tabs.minimumSizeHint())
    panel.load()
    assert (panel.sizeHint(), panel.minimumSizeHint(), sidebar.tabs.sizeHint(), sidebar.tabs.minimumSizeHint()) == before


def test_selecting_an_actor_reads_the_rows(sidebar, session):
    coalition = session.project.find_actor_id("Northern Coalition")
    assert sidebar.registry.current_actor() is None
    assert sidebar.registry.select_actor(coalition)
    assert sidebar.registry.current_actor() == coalition
    sidebar.tabs.setCurrentIndex(3)
    assert sidebar.registry.current_actor() == coalition
    assert sidebar.form.actor_fields.name.text() == "Northern Coalition"


def test_a_reset_recounts_and_rereads_the_registry(sidebar, session):
    """After an import (Session.reset) the title, and the rows once shown, are the project's."""
    session.project.add_actor("Harbour Authority")  # written behind the session's back
    assert sidebar.tabs.tabText(3) == "Registry (2)"
    session.notify_reset()
    assert sidebar.tabs.tabText(3) == "Registry (3)" and sidebar.registry.model is None
    sidebar.tabs.setCurrentIndex(3)
    session.project.add_actor("Coastwatch Two")
    session.notify_reset()
    assert sidebar.tabs.tabText(3) == "Registry (4)"
    assert "Coastwatch Two" in registry_names(sidebar.registry)
