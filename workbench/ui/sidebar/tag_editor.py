"""The tag editor: a new mention, claim or denial, from the keyboard.

It opens with focus in its first field (the actor name, pre-filled and selected
for a mention); Tab cycles through its fields; Enter saves what is filled in, as
one undoable write through the session; Escape cancels and saves nothing. Only
the first field (actor, claimant, denier) is required: an empty one shows an
inline error. A line under the fields says what Enter will do with the name:
link an existing actor (by name or alias, any case) or create a new one.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.model import ActorName, Change, TagKind
from workbench.core.project_file import ProjectError
from workbench.core.store import TagError
from workbench.ui.models import ActorCompletionModel, shorten
from workbench.ui.session import Session
from workbench.ui.sidebar.actor_field import ActorField
from workbench.ui.sidebar.fields import ClaimFields, DenialFields, MentionFields, set_combo_value
from workbench.ui.sidebar.style import MUTED, NEW_ACTOR, PAD, MarkerLabel, StatusLabel, muted_label, quote_style
from workbench.ui.tag_style import tag_colour

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class TagEditor(QFrame):
    saved = Signal(object, object)  # TagKind, the Change written
    cancelled = Signal()

    def __init__(self, session: Session, completions: ActorCompletionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kind: TagKind | None = None
        self.article_id: str | None = None
        self.span: tuple[int, int] = (0, 0)
        self.setObjectName("TagEditor")

        self.title = MarkerLabel(parent=self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 1)
        self.title.setFont(font)
        keys = muted_label("Enter saves · Esc cancels", self)
        keys.setWordWrap(False)
        keys.setToolTip("Tab and Shift+Tab move between the fields")
        self.quote = QLabel(self)
        self.quote.setWordWrap(True)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        self.mention = MentionFields(completions, self, editor=True)
        self.claim = ClaimFields(completions, self, editor=True)
        self.denial = DenialFields(session.project, completions, self, editor=True)
        # what Enter will do with the typed name, right under the first field
        self.resolutions = {kind: muted_label("", self) for kind in TagKind}
        for kind, fields in ((TagKind.MENTION, self.mention), (TagKind.CLAIM, self.claim),
                             (TagKind.DENIAL, self.denial)):
            self.resolutions[kind].setTextFormat(Qt.TextFormat.RichText)
            fields.form.insertRow(1, "", self.resolutions[kind])
        self.status = StatusLabel(self)
        self.save_button = QPushButton("Save", self)
        self.cancel_button = QPushButton("Cancel", self)
        for button in (self.save_button, self.cancel_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(keys)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.cancel_button)
        footer.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAD * 2, PAD * 2, PAD * 2, PAD * 2)
        layout.setSpacing(PAD + 2)
        layout.addLayout(header)
        layout.addWidget(self.quote)
        for fields in (self.mention, self.claim, self.denial):
            layout.addWidget(fields)
        layout.addWidget(self.status)
        layout.addLayout(footer)
        layout.addStretch(1)

        for field in (self.mention.actor, self.claim.claimant, self.denial.denier):
            field.textChanged.connect(self._show_resolution)
            field.popupToggled.connect(self._show_resolution)
        for field in (self.mention.actor, self.claim.claimant, self.claim.reported_via, self.denial.denier,
                      self.denial.reported_via):
            field.submitted.connect(self.save)  # Enter in the completion popup
        self.claim.about.submitted.connect(self.save)
        session.changed.connect(self.on_change)

    # -- opening -------------------------------------------------------------
    def open(self, kind: TagKind, article_id: str, start: int, end: int, selected_text: str) -> None:
        self.kind, self.article_id, self.span = TagKind(kind), article_id, (start, end)
        self._clear()
        noun = {TagKind.MENTION: "actor mention", TagKind.CLAIM: "claim", TagKind.DENIAL: "denial"}[self.kind]
        self.title.set_kind(self.kind, f"New {noun}")
        self.quote.setText(f"“{shorten(selected_text, 160)}”")
        self.quote.setToolTip(selected_text)
        self.quote.setStyleSheet(quote_style(self.kind))
        colour = tag_colour(self.kind)
        tint = QColor(colour.red(), colour.green(), colour.blue(), 16)
        self.setStyleSheet(f"QFrame#TagEditor {{ border: none; border-top: 3px solid {colour.name()};"
                           f" background: rgba({tint.red()}, {tint.green()}, {tint.blue()}, {tint.alpha()}); }}")
        for fields, shown in ((self.mention, TagKind.MENTION), (self.claim, TagKind.CLAIM),
                              (self.denial, TagKind.DENIAL)):
            fields.setVisible(self.kind is shown)
        first = self.first_field()
        if self.kind is TagKind.MENTION:
            first.setText(" ".join(selected_text.split()))
            first.selectAll()
        self._show_resolution()
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def first_field(self) -> ActorField:
        return {TagKind.MENTION: self.mention.actor, TagKind.CLAIM: self.claim.claimant,
                TagKind.DENIAL: self.denial.denier}[self.kind or TagKind.MENTION]

    def _clear(self) -> None:
        for field in (self.mention.actor, self.claim.claimant, self.claim.reported_via,
                      self.denial.denier, self.denial.reported_via, self.claim.summary,
                      self.denial.summary, self.claim.about.input):
            field.clear()
        self.claim.anonymous.setChecked(False)
        set_combo_value(self.claim.claim_type, None)
        self.claim.about.set_actors([])
        self.denial.claim.reset()
        self.status.clear_status()

    def chain(self) -> list[QWidget]:
        fields = {TagKind.MENTION: self.mention, TagKind.CLAIM: self.claim, TagKind.DENIAL: self.denial}
        return fields[self.kind].chain() if self.kind else []

    def on_change(self, change: Change) -> None:
        self.denial.claim.on_change(change)

    # -- keys ----------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.save()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        """Tab cycles through the editor's fields and never leaves it."""
        chain = self.chain()
        current = QApplication.focusWidget()
        if current not in chain:
            return super().focusNextPrevChild(next)
        chain[(chain.index(current) + (1 if next else -1)) % len(chain)].setFocus(
            Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        return True

    # -- saving --------------------------------------------------------------
    def save(self) -> None:
        if self.kind is None or self.article_id is None:
            return
        first = self.first_field()
        ref = first.actor_ref()
        if ref is None:
            role = {TagKind.MENTION: "actor", TagKind.CLAIM: "claimant", TagKind.DENIAL: "denier"}[self.kind]
            self.status.error(f"Type the {role}'s name: it is the one field a {self.kind.value} needs.")
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        project = self.session.project
        start, end = self.span
        try:
            if self.kind is TagKind.MENTION:
                change = self.session.run(project.add_mention, self.article_id, start, end, ref)
            elif self.kind is TagKind.CLAIM:
                c = self.claim
                change = self.session.run(
                    project.add_claim, self.article_id, start, end, ref,
                    anonymous=c.anonymous.isChecked(), reported_via=c.reported_via.actor_ref(),
                    claim_type=c.claim_type.currentData(), about=c.about.refs(), summary=c.summary.text(),
                )
            else:
                d = self.denial
                change = self.session.run(
                    project.add_denial, self.article_id, start, end, ref,
                    denied_claim_id=d.claim.claim_id, summary=d.summary.text(),
                    reported_via=d.reported_via.actor_ref(),
                )
        except (TagError, ProjectError) as error:
            self.status.error(f"Not saved: {error}")
            return
        kind, self.kind = self.kind, None
        self.saved.emit(kind, change)

    def cancel(self) -> None:
        self.kind = None
        self.cancelled.emit()

    # -- what Enter will do ------------------------------------------------------
    def _show_resolution(self) -> None:
        if self.status.is_error():
            self.status.clear_status()
        if self.kind is None:
            return
        ref = self.first_field().actor_ref()
        project = self.session.project
        label = self.resolutions[self.kind]
        if ref is None:
            label.setText("")
            return
        typed = ref.name if isinstance(ref, ActorName) else None
        actor = project.find_actor(typed) if typed else project.get_actor(ref)
        field = self.first_field()
        suggestion = field.prefix_completion() if actor is None and field.popup_visible() else None
        if suggestion is not None:
            actor = project.get_actor(suggestion[1])
            label.setText(f"↵ links <b>{escape(actor.name)}</b> (first suggestion) · {actor.kind.label}")
            label.setStyleSheet(f"color: {MUTED}; font-size: 11px;")
            return
        if actor is None:
            label.setText(f"↵ new actor “{escape(typed or '')}” (kind Other)")
            label.setStyleSheet(f"color: {NEW_ACTOR}; font-size: 11px;")
            return
        via = f" (as “{escape(typed)}”)" if typed and typed.casefold() != actor.name.casefold() else ""
        label.setText(f"↵ links <b>{escape(actor.name)}</b>{via} · {actor.kind.label}")
        label.setStyleSheet(f"color: {MUTED}; font-size: 11px;")
