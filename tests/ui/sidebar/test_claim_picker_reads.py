"""The denied-claim pickers (the tag editor's and the denial form's) read the
project's claims only when their list shows: nothing at start-up, nothing on a
change while hidden; a claim added meanwhile (in any article) is there when shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.core.model import ActorName, TagKind
from workbench.ui.models import ID_ROLE
from tests.ui.sidebar.conftest import shown_sidebar


def _summaries(picker) -> list[str]:
    model = picker.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


@pytest.fixture
def counted_searches(session, monkeypatch) -> list[str]:
    """Every ``search_claims`` call of the project, by its search text."""
    project = session.project
    calls: list[str] = []
    real = project.search_claims

    def search_claims(search: str = "", limit: int = 200):
        calls.append(search)
        return real(search, limit)
    monkeypatch.setattr(project, "search_claims", search_claims)
    return calls


@pytest.fixture
def fresh_sidebar(qtbot, session, article_id, counted_searches):
    """A sidebar built after the search counter is in place (the ``sidebar`` fixture is built before)."""
    return shown_sidebar(qtbot, session, article_id)


def _add_claim_elsewhere(session, other_article: str, summary: str) -> str:
    project = session.project
    text = project.article_text(other_article)
    start = text.index("Coastwatch")
    change = session.run(project.add_claim, other_article, start, start + len("Coastwatch said"),
                         ActorName("Coastwatch"), summary=summary)
    return change.ids_of("claim")[0]


def test_no_claims_read_at_start_or_on_a_change_while_hidden(fresh_sidebar, session, other_article,
                                                           counted_searches):
    assert counted_searches == []
    _add_claim_elsewhere(session, other_article, "Convoy turned back")
    session.undo()
    session.redo()
    assert counted_searches == []
    assert fresh_sidebar.editor.denial.claim.model.stale and fresh_sidebar.form.denial.claim.model.stale


def test_tag_editor_picker_shows_a_claim_added_while_it_was_hidden(fresh_sidebar, qtbot, session, article_id,
                                                                  span, other_article, counted_searches):
    sidebar = fresh_sidebar
    picker = sidebar.editor.denial.claim
    sidebar.open_tag_editor(TagKind.DENIAL, article_id, *span("There was no attack"), "There was no attack")
    assert picker.list.isVisible() and counted_searches == [""]
    assert not any("Convoy" in text for text in _summaries(picker))
    sidebar.editor.cancel()
    assert not picker.list.isVisible()

    claim_id = _add_claim_elsewhere(session, other_article, "Convoy turned back")
    assert counted_searches == [""]  # hidden: marked stale, not read
    sidebar.open_tag_editor(TagKind.DENIAL, article_id, *span("There was no attack"), "There was no attack")
    assert _summaries(picker)[0] == "Coastwatch → Convoy turned back"  # newest first
    assert picker.model.index(0, 0).data(ID_ROLE) == claim_id

    # shown: a change is read at once; gone again after an undo
    session.undo()
    assert not any("Convoy" in text for text in _summaries(picker))


def test_denial_form_picker_shows_a_claim_added_while_it_was_hidden(fresh_sidebar, qtbot, keys, session, tags,
                                                                   other_article, counted_searches):
    sidebar = fresh_sidebar
    sidebar.select_tag(tags["denial"])
    picker = sidebar.form.denial.claim
    assert picker.isVisible() and not picker.list.isVisible()  # compact: the list shows while searching
    _add_claim_elsewhere(session, other_article, "Convoy turned back")
    assert counted_searches == []
    picker.search.setFocus()
    qtbot.waitUntil(picker.list.isVisible)
    assert "Coastwatch → Convoy turned back" in _summaries(picker)
    keys.type("convoy")
    assert _summaries(picker) == ["Coastwatch → Convoy turned back"]
    keys.press(Qt.Key.Key_Return)
    denial = session.project.get_tag(TagKind.DENIAL, tags["denial"])
    assert denial.denied_claim_summary == "Convoy turned back"


def test_a_claim_edited_while_hidden_is_shown_edited(fresh_sidebar, session, article_id, span, tags,
                                                     counted_searches):
    sidebar = fresh_sidebar
    picker = sidebar.editor.denial.claim
    sidebar.open_tag_editor(TagKind.DENIAL, article_id, *span("There was no attack"), "There was no attack")
    sidebar.editor.cancel()
    session.run(session.project.update_tag, TagKind.CLAIM, tags["claim"], summary="Depot hit by drones")
    sidebar.open_tag_editor(TagKind.DENIAL, article_id, *span("There was no attack"), "There was no attack")
    assert "Northern Coalition → Depot hit by drones" in _summaries(picker)


def test_denial_form_picker_follows_changes_made_while_another_tag_was_shown(fresh_sidebar, qtbot, session, tags,
                                                                            other_article):
    sidebar = fresh_sidebar
    picker = sidebar.form.denial.claim
    sidebar.select_tag(tags["denial"])
    picker.search.setFocus()
    qtbot.waitUntil(picker.list.isVisible)
    assert not any("Convoy" in text for text in _summaries(picker))
    sidebar.select_tag(tags["mention"])  # the form shows a mention: the denial's picker is hidden
    _add_claim_elsewhere(session, other_article, "Convoy turned back")
    sidebar.select_tag(tags["denial"])
    picker.search.setFocus()
    qtbot.waitUntil(picker.list.isVisible)
    assert "Coastwatch → Convoy turned back" in _summaries(picker)
