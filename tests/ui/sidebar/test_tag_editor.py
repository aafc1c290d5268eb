"""The tag editor's keyboard contract (SPEC.md, "Keyboard contract"): it opens in
the sidebar with focus in its first field; Enter saves (once, even from the
completion popup); Tab moves through the fields; Escape saves nothing; an empty
name shows an error; a name links an actor by name or alias, any case, or
creates it (kind "other")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.core.model import ActorKind, ClaimType, TagKind

ENTER = Qt.Key.Key_Return


def focus():
    return QApplication.focusWidget()


def open_editor(sidebar, qtbot, kind, quote, span, article_id):
    sidebar.open_tag_editor(kind, article_id, *span(quote), quote)
    assert sidebar.editor_is_open()
    qtbot.waitUntil(lambda: focus() is sidebar.editor.first_field())


def test_mention_prefilled_and_selected_enter_creates_actor(sidebar, qtbot, keys, session, article_id,
                                                            span, new_tag):
    open_editor(sidebar, qtbot, TagKind.MENTION, "Idris Halloun", span, article_id)
    field = sidebar.editor.first_field()
    assert field.text() == "Idris Halloun" and field.selectedText() == "Idris Halloun"
    assert "new actor" in sidebar.editor.resolutions[TagKind.MENTION].text()
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(ENTER)
    mention = new_tag(TagKind.MENTION)
    assert mention.actor_name == "Idris Halloun" and mention.span.quote == "Idris Halloun"
    assert session.project.get_actor(mention.actor_id).kind is ActorKind.OTHER
    assert not sidebar.editor_is_open()
    assert sidebar.current_tag() == (TagKind.MENTION, mention.id)  # the new tag is shown in the form


def test_mention_typing_replaces_the_selection_and_links_an_alias_any_case(sidebar, qtbot, keys, session,
                                                                          article_id, span, new_tag):
    project = session.project
    coalition = project.find_actor_id("Northern Coalition")
    session.run(project.update_actor, coalition, aliases=["the coalition"])
    actors_before = len(project.list_actors())
    open_editor(sidebar, qtbot, TagKind.MENTION, "coalition spokesman", span, article_id)
    keys.type("THE Coalition")
    assert sidebar.editor.first_field().text() == "THE Coalition"
    assert "links <b>Northern Coalition</b>" in sidebar.editor.resolutions[TagKind.MENTION].text()
    if sidebar.editor.first_field().popup_visible():
        keys.press(Qt.Key.Key_Escape)  # close the suggestions; the editor stays open
        assert sidebar.editor_is_open()
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(ENTER)
    assert new_tag(TagKind.MENTION).actor_id == coalition
    assert len(project.list_actors()) == actors_before


def test_claim_tab_through_every_field_then_enter(sidebar, qtbot, keys, session, article_id, span, new_tag):
    editor = sidebar.editor
    open_editor(sidebar, qtbot, TagKind.CLAIM, "will strike again if the blockade continues", span, article_id)
    fields = editor.claim
    assert fields.claimant.text() == ""  # only a mention is pre-filled
    keys.type("Idris Halloun")
    keys.press(Qt.Key.Key_Tab)
    assert focus() is fields.anonymous
    keys.press(Qt.Key.Key_Space)
    assert fields.anonymous.isChecked()
    keys.press(Qt.Key.Key_Tab)
    assert focus() is fields.reported_via
    keys.type("Varen Courier")
    keys.press(Qt.Key.Key_Tab)
    assert focus() is fields.claim_type
    keys.type("T")  # keyboard search in the closed combo: "Threat or intent"
    assert fields.claim_type.currentData() == ClaimType.THREAT.value
    keys.press(Qt.Key.Key_Tab)
    assert focus() is fields.about.input
    keys.type("northern coal")
    qtbot.waitUntil(fields.about.input.popup_visible)
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Tab)  # accepts the highlighted name and moves on
    assert focus() is fields.summary
    keys.type("Coalition will strike again")
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(ENTER)
    claim = new_tag(TagKind.CLAIM)
    assert (claim.claimant_name, claim.anonymous, claim.reported_via_name) == ("Idris Halloun", True, "Varen Courier")
    assert claim.claim_type is ClaimType.THREAT
    assert claim.about_names == ("Northern Coalition",)
    assert claim.summary == "Coalition will strike again"


def test_claim_tab_cycles_inside_the_editor(sidebar, qtbot, keys, article_id, span):
    open_editor(sidebar, qtbot, TagKind.CLAIM, "they saw smoke", span, article_id)
    chain = sidebar.editor.chain()
    for expected in chain[1:] + chain[:1]:
        keys.press(Qt.Key.Key_Tab)
        assert focus() is expected
    keys.press(Qt.Key.Key_Backtab)
    assert focus() is chain[-1]


def test_claim_only_claimant_needed(sidebar, qtbot, keys, article_id, span, new_tag):
    open_editor(sidebar, qtbot, TagKind.CLAIM, "they saw smoke", span, article_id)
    keys.type("port workers")
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(Qt.Key.Key_Enter)  # the keypad's Enter too
    claim = new_tag(TagKind.CLAIM)
    assert (claim.claimant_name, claim.anonymous, claim.claim_type, claim.about_ids, claim.summary) == (
        "port workers", False, None, (), "")


@pytest.mark.parametrize("kind", [TagKind.MENTION, TagKind.CLAIM, TagKind.DENIAL])
def test_empty_name_shows_an_error_and_saves_nothing(kind, sidebar, qtbot, keys, session, article_id, span):
    closed = []
    sidebar.editorClosed.connect(lambda: closed.append(1))
    before = len(session.project.tags_of_article(article_id).all())
    open_editor(sidebar, qtbot, kind, "Two port workers", span, article_id)
    if kind is TagKind.MENTION:
        keys.press(Qt.Key.Key_Backspace)  # the pre-filled, selected name goes
    keys.press(ENTER)
    assert sidebar.editor_is_open() and closed == []
    assert sidebar.editor.status.is_error() and "name" in sidebar.editor.status.text()
    assert focus() is sidebar.editor.first_field()
    assert len(session.project.tags_of_article(article_id).all()) == before
    keys.type("Somebody")  # typing clears the error
    assert not sidebar.editor.status.is_error()


@pytest.mark.parametrize("kind", [TagKind.MENTION, TagKind.CLAIM, TagKind.DENIAL])
def test_escape_cancels_and_saves_nothing(kind, sidebar, qtbot, keys, session, article_id, span):
    project = session.project
    before = (len(project.tags_of_article(article_id).all()), len(project.list_actors()))
    open_editor(sidebar, qtbot, kind, "Two port workers", span, article_id)
    keys.type("Brand new actor")
    keys.press(Qt.Key.Key_Tab)
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(Qt.Key.Key_Escape)
    assert not sidebar.editor_is_open()
    assert (len(project.tags_of_article(article_id).all()), len(project.list_actors())) == before
    assert session.undo_stack.count() == 0


def test_escape_first_closes_the_completion_popup(sidebar, qtbot, keys, session, article_id, span):
    open_editor(sidebar, qtbot, TagKind.CLAIM, "Two port workers", span, article_id)
    keys.type("north")
    qtbot.waitUntil(sidebar.editor.first_field().popup_visible)
    keys.press(Qt.Key.Key_Escape)
    assert sidebar.editor_is_open() and not sidebar.editor.first_field().popup_visible()
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(Qt.Key.Key_Escape)
    assert session.undo_stack.count() == 0


@pytest.mark.parametrize("kind", [TagKind.MENTION, TagKind.CLAIM, TagKind.DENIAL])
def test_one_enter_in_the_completion_popup_completes_and_saves_once(kind, sidebar, qtbot, keys, session,
                                                                   article_id, span, new_tag):
    project = session.project
    closed = []
    sidebar.editorClosed.connect(lambda: closed.append(1))
    open_editor(sidebar, qtbot, kind, "Two port workers", span, article_id)
    field = sidebar.editor.first_field()
    if kind is TagKind.MENTION:
        field.clear()
    keys.type("interior")  # matches inside the name, any case
    qtbot.waitUntil(field.popup_visible)
    keys.press(Qt.Key.Key_Down)
    assert field.text() == "Kessland Interior Ministry"
    keys.press(ENTER)
    qtbot.waitUntil(lambda: closed == [1])
    tag = new_tag(kind)
    actor_id = {TagKind.MENTION: "actor_id", TagKind.CLAIM: "claimant_id", TagKind.DENIAL: "denier_id"}[kind]
    assert getattr(tag, actor_id) == project.find_actor_id("Kessland Interior Ministry")
    assert session.undo_stack.count() == 1 and not field.popup_visible()
    qtbot.wait(50)  # nothing else arrives late (a second save, a second close)
    assert closed == [1] and session.undo_stack.count() == 1


def test_enter_with_popup_but_no_highlight_links_the_first_name_starting_so(
        sidebar, qtbot, keys, session, article_id, span, new_tag):
    # "Northern" must not create a near-duplicate of "Northern Coalition"
    open_editor(sidebar, qtbot, TagKind.CLAIM, "Two port workers", span, article_id)
    keys.type("northern")
    qtbot.waitUntil(sidebar.editor.first_field().popup_visible)
    qtbot.waitUntil(lambda: "Northern Coalition" in sidebar.editor.resolutions[TagKind.CLAIM].text())
    actors_before = len(session.project.list_actors())
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(ENTER)
    assert new_tag(TagKind.CLAIM).claimant_name == "Northern Coalition"
    assert len(session.project.list_actors()) == actors_before


def test_enter_with_popup_showing_names_that_only_contain_the_text_creates_it(
        sidebar, qtbot, keys, session, article_id, span, new_tag):
    open_editor(sidebar, qtbot, TagKind.CLAIM, "Two port workers", span, article_id)
    keys.type("Coalition")  # inside "Northern Coalition", not its start
    qtbot.waitUntil(sidebar.editor.first_field().popup_visible)
    assert "new actor" in sidebar.editor.resolutions[TagKind.CLAIM].text()
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(ENTER)
    assert new_tag(TagKind.CLAIM).claimant_name == "Coalition"


def test_denial_picks_a_claim_from_another_article(sidebar, qtbot, keys, session, article_id, span, new_tag,
                                                   other_article):
    open_editor(sidebar, qtbot, TagKind.DENIAL, "There was no attack and no fire", span, article_id)
    fields = sidebar.editor.denial
    keys.type("mira solberg")
    keys.press(Qt.Key.Key_Tab)
    assert focus() is fields.claim.search
    keys.type("inconclusive")  # the best match is highlighted and shown as the choice
    assert "Images inconclusive" in fields.claim.label.text() and "Follow-up" in fields.claim.label.text()
    keys.press(Qt.Key.Key_Tab)
    assert focus() is fields.summary
    keys.type("No attack, no fire")
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(ENTER)
    denial = new_tag(TagKind.DENIAL)
    claim = session.project.get_tag(TagKind.CLAIM, denial.denied_claim_id)
    assert claim.article_id == other_article and claim.summary == "Images inconclusive"
    assert (denial.denier_name, denial.summary) == ("mira solberg", "No attack, no fire")


def test_denial_claim_list_moves_with_arrows_and_enter_saves(sidebar, qtbot, keys, session, article_id, span,
                                                             new_tag, tags, other_article):
    open_editor(sidebar, qtbot, TagKind.DENIAL, "There was no attack", span, article_id)
    keys.type("Kessland Interior Ministry")
    keys.press(Qt.Key.Key_Tab)
    picker = sidebar.editor.denial.claim
    assert picker.list.isVisible() and picker.model.rowCount() == 2
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Down)
    chosen = picker.claim_id
    assert chosen == picker.model.index(1, 0).data(Qt.ItemDataRole.UserRole + 1)
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(ENTER)
    assert new_tag(TagKind.DENIAL).denied_claim_id == chosen


def test_denial_needs_only_the_denier(sidebar, qtbot, keys, article_id, span, new_tag):
    open_editor(sidebar, qtbot, TagKind.DENIAL, "There was no attack", span, article_id)
    keys.type("Mira Solberg")
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(ENTER)
    denial = new_tag(TagKind.DENIAL)
    assert (denial.denier_name, denial.denied_claim_id, denial.summary) == ("Mira Solberg", None, "")


def test_editor_shows_the_quoted_span_shortened(sidebar, qtbot, article_id, span, session):
    text = session.project.article_text(article_id)
    start = text.index("Two port workers")
    quote = text[start:start + 300]
    sidebar.open_tag_editor(TagKind.CLAIM, article_id, start, start + 300, quote)
    shown = sidebar.editor.quote.text()
    assert shown.startswith("“Two port workers") and shown.endswith("…”") and len(shown) < 170


def test_reopening_starts_blank_and_saving_selects_the_new_tag(sidebar, qtbot, keys, article_id, span):
    selected = []
    sidebar.tagSelected.connect(selected.append)
    open_editor(sidebar, qtbot, TagKind.CLAIM, "Two port workers", span, article_id)
    keys.type("port workers")
    keys.press(Qt.Key.Key_Tab)
    keys.press(Qt.Key.Key_Space)
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(ENTER)
    assert sidebar.tabs.currentIndex() == 1 and selected == [sidebar.current_tag()[1]]
    assert sidebar.tabs.tabText(1) == "Claims (2)"
    open_editor(sidebar, qtbot, TagKind.CLAIM, "they saw smoke", span, article_id)
    assert sidebar.editor.claim.claimant.text() == "" and not sidebar.editor.claim.anonymous.isChecked()


def test_undo_after_save_removes_the_tag_and_its_list_row(sidebar, qtbot, keys, session, article_id, span):
    open_editor(sidebar, qtbot, TagKind.MENTION, "Idris Halloun", span, article_id)
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(ENTER)
    assert sidebar.tabs.tabText(0) == "Actors (2)"
    session.undo()
    assert sidebar.tabs.tabText(0) == "Actors (1)"
    assert sidebar.current_tag() is None
    assert session.project.find_actor_id("Idris Halloun") is None


def test_down_lists_every_name_and_enter_picks_one(sidebar, qtbot, keys, session, article_id, span, new_tag):
    open_editor(sidebar, qtbot, TagKind.CLAIM, "Two port workers", span, article_id)
    field = sidebar.editor.first_field()
    keys.press(Qt.Key.Key_Down)
    qtbot.waitUntil(field.popup_visible)
    assert field.completer_popup.model().rowCount() == 2  # every actor of the registry
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Down)
    with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
        keys.press(ENTER)
    assert new_tag(TagKind.CLAIM).claimant_name == "Northern Coalition"


@pytest.mark.parametrize("kind", [TagKind.CLAIM, TagKind.DENIAL])
def test_enter_saves_from_every_field(kind, sidebar, qtbot, keys, session, article_id, span):
    open_editor(sidebar, qtbot, kind, "Two port workers", span, article_id)
    count = len(sidebar.editor.chain())
    assert count >= 4
    for position in range(count):
        open_editor(sidebar, qtbot, kind, "Two port workers", span, article_id)
        keys.type("port workers")
        target = sidebar.editor.chain()[position]
        target.setFocus()
        qtbot.waitUntil(lambda: focus() is target)
        with qtbot.waitSignal(sidebar.editorClosed, timeout=2000):
            keys.press(ENTER)
        assert session.undo_stack.count() == position + 1, type(target).__name__
