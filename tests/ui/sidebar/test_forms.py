"""The form under the lists edits every field of the selected tag; each
committed field is one undoable write, and undo puts the store, the list row and
the form back in step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.core.model import ClaimType, TagKind

SELECT_ALL = (Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)


def click_row(qtbot, view, index):
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def retype(keys, widget, text, commit=Qt.Key.Key_Return):
    widget.setFocus()
    keys.press(*SELECT_ALL)
    keys.type(text) if text else keys.press(Qt.Key.Key_Delete)
    if widget.completer() is not None and widget.completer().popup().isVisible():
        keys.press(Qt.Key.Key_Escape)  # keep exactly what was typed
    keys.press(commit)


@pytest.fixture
def claim_form(sidebar, qtbot, tags):
    view = sidebar.lists.claim_view
    sidebar.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(sidebar.tagSelected, timeout=2000) as selected:
        click_row(qtbot, view, sidebar.lists.claims.index(0, 0))
    assert selected.args == [tags["claim"]]
    assert sidebar.current_tag() == (TagKind.CLAIM, tags["claim"])
    return sidebar.form


def claim_of(session, tags):
    return session.project.get_tag(TagKind.CLAIM, tags["claim"])


def row_text(sidebar):
    return sidebar.lists.claims.index(0, 0).data()


def test_claim_summary_saved_on_enter_and_undone(claim_form, sidebar, keys, session, tags):
    retype(keys, claim_form.claim.summary, "Depot hit")
    assert claim_of(session, tags).summary == "Depot hit"
    assert claim_form.status.text() == "✓ Saved"
    assert row_text(sidebar).endswith("→ Depot hit")
    session.undo()
    assert claim_of(session, tags).summary == "Coalition struck Port Varen fuel depot with drones"
    assert claim_form.claim.summary.text() == "Coalition struck Port Varen fuel depot with drones"
    assert row_text(sidebar).endswith("with drones")
    session.redo()
    assert claim_form.claim.summary.text() == "Depot hit"


def test_claim_claimant_new_actor_and_undo(claim_form, sidebar, keys, session, tags):
    retype(keys, claim_form.claim.claimant, "Idris Halloun")
    assert claim_of(session, tags).claimant_name == "Idris Halloun"
    assert row_text(sidebar).startswith("Idris Halloun →")
    session.undo()
    assert claim_of(session, tags).claimant_name == "Northern Coalition"
    assert claim_form.claim.claimant.text() == "Northern Coalition"
    assert session.project.find_actor_id("Idris Halloun") is None


def test_claim_claimant_same_actor_typed_another_way_writes_nothing(claim_form, keys, session):
    retype(keys, claim_form.claim.claimant, "northern COALITION")
    assert session.undo_stack.count() == 0
    assert claim_form.claim.claimant.text() == "Northern Coalition"


def test_claim_claimant_cannot_be_emptied(claim_form, keys, session, tags):
    field = claim_form.claim.claimant
    field.setFocus()
    keys.press(*SELECT_ALL)
    keys.press(Qt.Key.Key_Delete)
    keys.press(Qt.Key.Key_Return)
    assert claim_form.status.is_error()
    assert field.text() == "Northern Coalition" and session.undo_stack.count() == 0


def test_claim_anonymous_toggle_and_undo(claim_form, keys, session, tags):
    claim_form.claim.anonymous.setFocus()
    keys.press(Qt.Key.Key_Space)
    assert claim_of(session, tags).anonymous is True
    session.undo()
    assert claim_of(session, tags).anonymous is False and not claim_form.claim.anonymous.isChecked()


def test_claim_reported_via_on_leaving_the_field_and_cleared(claim_form, keys, session, tags):
    retype(keys, claim_form.claim.reported_via, "Varen Courier", commit=Qt.Key.Key_Tab)
    assert claim_of(session, tags).reported_via_name == "Varen Courier"
    retype(keys, claim_form.claim.reported_via, "", commit=Qt.Key.Key_Return)
    assert claim_of(session, tags).reported_via_id is None
    session.undo()
    assert claim_form.claim.reported_via.text() == "Varen Courier"
    session.undo()
    assert claim_of(session, tags).reported_via_id is None and claim_form.claim.reported_via.text() == ""


def test_claim_type_from_the_keyboard_and_undo(claim_form, keys, session, tags):
    combo = claim_form.claim.claim_type
    combo.setFocus()
    keys.type("F")
    assert claim_of(session, tags).claim_type is ClaimType.FACTUAL
    session.undo()
    assert claim_of(session, tags).claim_type is ClaimType.RESPONSIBILITY
    assert combo.currentData() == ClaimType.RESPONSIBILITY.value


def test_claim_about_add_and_remove_chips(claim_form, keys, session, tags):
    about = claim_form.claim.about
    about.input.setFocus()
    keys.type("Kessland Interior Ministry")
    keys.press(Qt.Key.Key_Escape) if about.input.popup_visible() else None
    keys.type(",")
    assert claim_of(session, tags).about_names == ("Northern Coalition", "Kessland Interior Ministry")
    assert about.names() == ["Northern Coalition", "Kessland Interior Ministry"]
    keys.press(Qt.Key.Key_Backspace)  # on the empty input: the last chip goes
    assert claim_of(session, tags).about_names == ("Northern Coalition",)
    session.undo()
    assert about.names() == ["Northern Coalition", "Kessland Interior Ministry"]
    session.undo()
    assert about.names() == ["Northern Coalition"]
    assert claim_of(session, tags).about_names == ("Northern Coalition",)


def test_claim_about_new_name_on_enter(claim_form, keys, session, tags):
    claim_form.claim.about.input.setFocus()
    keys.type("Republic of Ostria")
    keys.press(Qt.Key.Key_Return)
    assert claim_of(session, tags).about_names == ("Northern Coalition", "Republic of Ostria")
    assert claim_form.claim.about.input.text() == ""


def test_claim_notes_on_leaving_and_undo(claim_form, keys, session, tags):
    claim_form.claim.notes.setFocus()
    keys.type("Check the Courier's original")
    keys.press(Qt.Key.Key_Tab)
    assert claim_of(session, tags).notes == "Check the Courier's original"
    session.undo()
    assert claim_form.claim.notes.toPlainText() == ""


def test_mention_actor_and_notes(sidebar, qtbot, keys, session, tags):
    sidebar.select_tag(tags["mention"])
    form = sidebar.form
    assert sidebar.tabs.currentIndex() == 0 and form.mention.isVisible()
    retype(keys, form.mention.actor, "the coalition")
    mention = session.project.get_tag(TagKind.MENTION, tags["mention"])
    assert mention.actor_name == "the coalition"
    assert sidebar.lists.mentions.index(0, 0).data() == "the coalition"
    form.mention.notes.setFocus()
    keys.type("generic reference")
    keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert session.project.get_tag(TagKind.MENTION, tags["mention"]).notes == "generic reference"
    session.undo()
    session.undo()
    mention = session.project.get_tag(TagKind.MENTION, tags["mention"])
    assert (mention.actor_name, mention.notes) == ("Northern Coalition", "")
    assert form.mention.actor.text() == "Northern Coalition" and form.mention.notes.toPlainText() == ""
    assert sidebar.lists.mentions.index(0, 0).data() == "Northern Coalition"


def test_denial_every_field(sidebar, keys, session, tags, other_article):
    sidebar.select_tag(tags["denial"])
    form = sidebar.form.denial
    denial = lambda: session.project.get_tag(TagKind.DENIAL, tags["denial"])  # noqa: E731
    retype(keys, form.denier, "Mira Solberg")
    assert denial().denier_name == "Mira Solberg"
    form.claim.search.setFocus()
    assert form.claim.list.isVisible()  # the results show while searching
    keys.type("inconclusive")
    keys.press(Qt.Key.Key_Return)
    assert denial().denied_claim_summary == "Images inconclusive"
    assert "Images inconclusive" in form.claim.label.text()
    retype(keys, form.summary, "No damage at all")
    retype(keys, form.reported_via, "Varen Courier")
    form.notes.setFocus()
    keys.type("press conference")
    keys.press(Qt.Key.Key_Tab)
    assert not form.claim.list.isVisible()
    d = denial()
    assert (d.summary, d.reported_via_name, d.notes) == ("No damage at all", "Varen Courier", "press conference")
    form.claim.clear_button.click()
    assert denial().denied_claim_id is None
    for _ in range(6):
        session.undo()
    d = denial()
    assert (d.denier_name, d.denied_claim_id, d.summary, d.reported_via_id, d.notes) == (
        "Kessland Interior Ministry", tags["claim"], "Depot not damaged", None, "")
    assert form.denier.text() == "Kessland Interior Ministry" and form.summary.text() == "Depot not damaged"
    assert "Coalition struck" in form.claim.label.text()


def test_actor_form_every_field(sidebar, keys, session):
    project = session.project
    sidebar.tabs.setCurrentIndex(3)
    coalition = project.find_actor_id("Northern Coalition")
    assert sidebar.registry.select_actor(coalition)
    form = sidebar.form.actor_fields
    assert form.isVisible() and form.name.text() == "Northern Coalition"
    retype(keys, form.name, "Northern Coalition Forces")
    retype(keys, form.aliases, "the coalition | NC")
    form.kind.setFocus()
    keys.type("Ar")  # "Armed group"
    retype(keys, form.affiliation, "Republic of Ostria")  # a new actor: created and linked in one step
    form.affiliation_kind.setFocus()
    keys.press(*SELECT_ALL)
    keys.type("backed by")
    keys.press(Qt.Key.Key_Return)
    form.notes.setFocus()
    keys.type("alliance of factions")
    keys.press(Qt.Key.Key_Tab)
    actor = project.get_actor(coalition)
    assert (actor.name, actor.aliases, actor.kind.value, actor.affiliation_name, actor.affiliation_kind,
            actor.notes) == ("Northern Coalition Forces", ("the coalition", "NC"), "armed_group",
                             "Republic of Ostria", "backed by", "alliance of factions")
    assert sidebar.lists.mentions.index(0, 0).data() == "Northern Coalition Forces"
    for _ in range(6):
        session.undo()
    actor = project.get_actor(coalition)
    assert (actor.name, actor.aliases, actor.kind.value, actor.affiliation_id, actor.notes) == (
        "Northern Coalition", (), "other", None, "")
    assert project.find_actor_id("Republic of Ostria") is None  # the macro undid both steps
    assert (form.name.text(), form.aliases.text(), form.affiliation.text()) == ("Northern Coalition", "", "")
    assert sidebar.lists.mentions.index(0, 0).data() == "Northern Coalition"


def test_form_follows_a_deleted_tag_and_its_undo(sidebar, session, tags):
    sidebar.select_tag(tags["claim"])
    session.run(session.project.delete_tag, TagKind.CLAIM, tags["claim"])
    assert sidebar.current_tag() is None and sidebar.form.empty.isVisible()
    assert sidebar.tabs.tabText(1) == "Claims (0)"
    session.undo()
    assert sidebar.tabs.tabText(1) == "Claims (1)"


def test_switching_tags_commits_what_was_typed_to_the_tag_it_was_typed_for(sidebar, keys, session, tags):
    sidebar.select_tag(tags["claim"])
    sidebar.form.claim.summary.setFocus()
    keys.press(Qt.Key.Key_End)
    keys.type(" (edited)")
    sidebar.select_tag(tags["mention"])  # the claim page hides while its field has focus
    assert session.project.get_tag(TagKind.CLAIM, tags["claim"]).summary.endswith("with drones (edited)")
    assert session.project.get_tag(TagKind.MENTION, tags["mention"]).actor_name == "Northern Coalition"
    assert session.undo_stack.count() == 1
    assert sidebar.form.mention.actor.text() == "Northern Coalition"


def test_escape_in_a_field_puts_the_stored_value_back(claim_form, keys, session):
    field = claim_form.claim.summary
    field.setFocus()
    keys.press(*SELECT_ALL)
    keys.type("half-typed")
    keys.press(Qt.Key.Key_Escape)
    assert field.text() == "Coalition struck Port Varen fuel depot with drones"
    keys.press(Qt.Key.Key_Tab)
    assert session.undo_stack.count() == 0
