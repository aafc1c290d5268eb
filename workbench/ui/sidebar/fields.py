"""The fields of each kind of tag and of an actor, laid out and nothing more.

The tag editor (new tags) and the form (the selected tag or actor) put their own
logic over these same layouts, so a field looks and behaves alike in both.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from workbench.core.model import ActorKind, ClaimType
from workbench.core.store import Project
from workbench.ui.models import ActorCompletionModel
from workbench.ui.sidebar.actor_field import ActorField
from workbench.ui.sidebar.actor_list import ActorListField
from workbench.ui.sidebar.claim_picker import ClaimPicker
from workbench.ui.sidebar.style import PAD

AFFILIATION_KINDS = ("spokesman of", "spokeswoman of", "backed by", "member of", "part of", "leader of")


class NotesEdit(QPlainTextEdit):
    """Free notes; Tab moves on, the text is committed when focus leaves or on Ctrl+Enter."""

    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Notes")
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)

    def set_text(self, text: str) -> None:
        if self.toPlainText() != text:
            self.setPlainText(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.committed.emit()
            return
        super().keyPressEvent(event)


def claim_type_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem("—", None)
    for claim_type in ClaimType:
        combo.addItem(claim_type.label, claim_type.value)
    combo.setToolTip("Claim type (type a letter to pick: R, A, F, T, O)")
    return combo


def actor_kind_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for kind in ActorKind:
        combo.addItem(kind.label, kind.value)
    return combo


def set_combo_value(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index >= 0 and combo.currentIndex() != index:
        combo.setCurrentIndex(index)


def set_line(edit: QLineEdit, text: str) -> None:
    """Set text without moving the cursor of a field that already shows it."""
    if edit.text() != text:
        edit.setText(text)
        edit.setCursorPosition(0)


class _Fields(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setHorizontalSpacing(PAD * 2)
        self.form.setVerticalSpacing(PAD)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)

    def row(self, label: str, widget: QWidget, tip: str = "") -> None:
        title = QLabel(label, self)
        title.setBuddy(widget)
        if tip:
            title.setToolTip(tip)
            widget.setToolTip(widget.toolTip() or tip)
        self.form.addRow(title, widget)

    def chain(self) -> list[QWidget]:
        raise NotImplementedError

    def link_tab_order(self) -> None:
        widgets = self.chain()
        for first, second in zip(widgets, widgets[1:]):
            QWidget.setTabOrder(first, second)


class MentionFields(_Fields):
    def __init__(self, completions: ActorCompletionModel, parent: QWidget | None = None, *, editor: bool = False) -> None:
        super().__init__(parent)
        self.actor = ActorField(completions, self, "Actor name or alias")
        self.notes = NotesEdit(self)
        self.row("Actor", self.actor, "The actor this span names")
        if not editor:  # the editor asks only what tagging needs; notes come later
            self.row("Notes", self.notes)
        self.notes.setVisible(not editor)
        self.link_tab_order()

    def chain(self) -> list[QWidget]:
        return [w for w in (self.actor, self.notes) if w.isVisibleTo(self)]


class ClaimFields(_Fields):
    def __init__(self, completions: ActorCompletionModel, parent: QWidget | None = None, *, editor: bool = False) -> None:
        super().__init__(parent)
        self.claimant = ActorField(completions, self, "Who asserts it (required)")
        self.anonymous = QCheckBox("Anonymous source", self)
        self.reported_via = ActorField(completions, self, "Outlet or actor relaying it")
        self.claim_type = claim_type_combo(self)
        self.about = ActorListField(completions, self)
        self.summary = QLineEdit(self)
        self.summary.setPlaceholderText("One line: what is asserted")
        self.notes = NotesEdit(self)
        self.row("Claimant", self.claimant, "The actor who asserts it")
        self.row("", self.anonymous, "The claimant is not named (\"officials who asked not to be named\")")
        self.row("Reported via", self.reported_via, "The outlet or actor that relays the claim, if any")
        self.row("Type", self.claim_type)
        self.row("About", self.about, "The actors the claim is about")
        self.row("Summary", self.summary, "A one-line summary of the proposition")
        if not editor:  # the editor asks only what tagging needs; notes come later
            self.row("Notes", self.notes)
        self.notes.setVisible(not editor)
        self.link_tab_order()

    def chain(self) -> list[QWidget]:
        widgets = (self.claimant, self.anonymous, self.reported_via, self.claim_type,
                   self.about.input, self.summary, self.notes)
        return [w for w in widgets if w.isVisibleTo(self)]


class DenialFields(_Fields):
    def __init__(self, project: Project, completions: ActorCompletionModel, parent: QWidget | None = None,
                 *, editor: bool = False) -> None:
        super().__init__(parent)
        self.denier = ActorField(completions, self, "Who denies (required)")
        self.claim = ClaimPicker(project, self, compact=not editor)
        self.summary = QLineEdit(self)
        self.summary.setPlaceholderText("One line: what is denied")
        self.reported_via = ActorField(completions, self, "Outlet or actor relaying it")
        self.notes = NotesEdit(self)
        self.row("Denier", self.denier, "The actor who denies")
        self.row("Denies", self.claim, "The claim denied, from any article of the project")
        self.row("Summary", self.summary, "A one-line summary of what is denied")
        self.row("Reported via", self.reported_via, "The outlet or actor that relays the denial, if any")
        if not editor:  # the editor asks only what tagging needs; notes come later
            self.row("Notes", self.notes)
        self.notes.setVisible(not editor)
        self.link_tab_order()

    def chain(self) -> list[QWidget]:
        widgets = (self.denier, self.claim.search, self.summary, self.reported_via, self.notes)
        return [w for w in widgets if w.isVisibleTo(self)]


class ActorFields(_Fields):
    def __init__(self, completions: ActorCompletionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("Name")
        self.kind = actor_kind_combo(self)
        self.aliases = QLineEdit(self)
        self.aliases.setPlaceholderText("Other names, comma or | separated")
        self.affiliation_kind = QComboBox(self)
        self.affiliation_kind.setEditable(True)
        self.affiliation_kind.addItems(["", *AFFILIATION_KINDS])
        self.affiliation_kind.lineEdit().setPlaceholderText("relation")
        self.affiliation_kind.setMinimumContentsLength(9)
        self.affiliation = ActorField(completions, self, "Affiliated actor")
        self.notes = NotesEdit(self)
        affiliation = QWidget(self)
        line = QHBoxLayout(affiliation)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(4)
        line.addWidget(self.affiliation_kind)
        line.addWidget(self.affiliation, 1)
        self.row("Name", self.name)
        self.row("Kind", self.kind)
        self.row("Aliases", self.aliases, "Other names the actor goes by: comma or \" | \" separated")
        self.row("Affiliation", affiliation, "Another actor this one belongs to: \"spokesman of\", \"backed by\"…")
        self.row("Notes", self.notes)
        self.link_tab_order()

    def chain(self) -> list[QWidget]:
        return [self.name, self.kind, self.aliases, self.affiliation_kind, self.affiliation, self.notes]


def split_aliases(text: str) -> list[str]:
    """Aliases as typed: separated by " | " when a bar is present, else by commas."""
    parts = text.split("|") if "|" in text else text.split(",")
    return [" ".join(p.split()) for p in parts if p.strip()]


def join_aliases(aliases: tuple[str, ...] | list[str]) -> str:
    return (" | " if any("," in a for a in aliases) else ", ").join(aliases)
