"""The session's undo stack: a replay that the project no longer allows writes
nothing, is dropped from the stack and is reported, never raised into Qt."""

from __future__ import annotations

from tests.conftest import read_article
from workbench.ui.session import Session


def test_undo_that_conflicts_is_dropped_and_reported(project, qtbot):
    session = Session(project)
    (article_id,), _ = project.insert_articles([read_article("article-2-follow-up.txt")])
    session.run(project.delete_article, article_id)
    project.insert_articles([read_article("article-2-follow-up.txt")])  # the same text again
    before = project.list_articles()
    with qtbot.waitSignal(session.failed, timeout=1000) as failed:
        session.undo()
    assert "cannot undo “Delete article”" in failed.args[0]
    assert project.list_articles() == before  # nothing written
    assert session.undo_stack.count() == 0  # the stale command is gone


def test_undo_and_redo_emit_changed(project, qtbot):
    session = Session(project)
    (article_id,), _ = project.insert_articles([read_article("article-2-follow-up.txt")])
    change = session.run(project.set_status, article_id, "done")
    with qtbot.waitSignal(session.changed, timeout=1000) as undone:
        session.undo()
    assert undone.args == [change] and project.get_article(article_id).status.value == "new"
    with qtbot.waitSignal(session.changed, timeout=1000):
        session.redo()
    assert project.get_article(article_id).status.value == "done"
