"""The form under the lists: every field of the selected tag or actor, editable.

A field is saved when it is committed (Enter, leaving it, a toggle or a pick),
as one undoable write through the session; a muted "Saved" confirms it. The form
re-reads its entity whenever a Change touches it (an undo, a rename in the
registry), setting only the fields whose value differs, so the field being typed
in keeps its cursor.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.core.model import Actor, ActorName, Change, Claim, Denial, Mention, Tag, TagKind
from workbench.core.project_file import ProjectError
from workbench.core.store import TagError
from workbench.ui.models import ActorCompletionModel, counted, shorten
from workbench.ui.session import Session
from workbench.ui.sidebar.actor_field import ActorField
from workbench.ui.sidebar.fields import (
    ActorFields,
    ClaimFields,
    DenialFields,
    MentionFields,
    join_aliases,
    set_combo_value,
    set_line,
    split_aliases,
)
from workbench.ui.sidebar.style import PAD, MarkerLabel, StatusLabel, muted_label, quote_style

_TITLES = {TagKind.MENTION: "Actor mention", TagKind.CLAIM: "Claim", TagKind.DENIAL: "Denial"}
EMPTY_HINT = ("Nothing selected.\n\nSelect an item above to edit it here, or select text in the"
              " article and press A, C or D to tag it.")


class TagForm(QWidget):
    actorFilterRequested = Signal(str)  # noqa: N815 (Qt naming)

    def __init__(self, session: Session, completions: ActorCompletionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.project = session.project
        self.tag: Tag | None = None
        self.actor: Actor | None = None
        self._loading = False

        self.title = MarkerLabel(parent=self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.status = StatusLabel(self)
        self.status.setWordWrap(False)
        self.quote = QLabel(self)
        self.quote.setWordWrap(True)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        self.meta = muted_label("", self)
        self.articles_button = QPushButton("Show its articles", self)
        self.articles_button.setFlat(True)
        self.articles_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.articles_button.setStyleSheet("QPushButton { color: #0B62A4; text-align: left; padding: 0; }")
        self.articles_button.clicked.connect(lambda: self.actor and self.actorFilterRequested.emit(self.actor.id))
        self.empty = muted_label(EMPTY_HINT, self, small=False)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.mention = MentionFields(completions, self)
        self.claim = ClaimFields(completions, self)
        self.denial = DenialFields(self.project, completions, self)
        self.actor_fields = ActorFields(completions, self)
        self._pages = {TagKind.MENTION: self.mention, TagKind.CLAIM: self.claim,
                       TagKind.DENIAL: self.denial, "actor": self.actor_fields}

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAD * 2, PAD * 2, PAD * 2, PAD * 2)
        layout.setSpacing(PAD + 2)
        layout.addLayout(header)
        layout.addWidget(self.quote)
        layout.addWidget(self.meta)
        layout.addWidget(self.empty)
        for page in self._pages.values():
            layout.addWidget(page)
        layout.addWidget(self.articles_button)
        layout.addStretch(1)
        self._connect()
        self.clear()
        session.changed.connect(self.on_change)

    # -- what is shown -----------------------------------------------------------
    def current_tag(self) -> tuple[TagKind, str] | None:
        return (self.tag.kind, self.tag.id) if self.tag else None

    def current_actor(self) -> str | None:
        return self.actor.id if self.actor else None

    def clear(self) -> None:
        if self._shown_exists():
            self._flush()
        self.tag = self.actor = None
        self._show_page(None)
        self.title.set_kind(None, "")
        self.status.clear_status()

    def show_tag(self, kind: TagKind, tag_id: str) -> None:
        tag = self.project.get_tag(kind, tag_id)
        if tag is None:
            self.clear()
            return
        if self.tag is None or self.tag.id != tag_id:
            self._flush()
            self.status.clear_status()
        self.tag, self.actor = tag, None
        self._show_page(tag.kind)
        self._load_tag(tag)

    def show_actor(self, actor_id: str) -> None:
        actor = self.project.get_actor(actor_id)
        if actor is None:
            self.clear()
            return
        if self.actor is None or self.actor.id != actor_id:
            self._flush()
            self.status.clear_status()
        self.tag, self.actor = None, actor
        self._show_page("actor")
        self._load_actor(actor)

    def _flush(self) -> None:
        """Before showing another entity, commit the field being typed in to the
        one shown so far (leaving the field commits it)."""
        focus = QApplication.focusWidget()
        if (self.tag or self.actor) and focus is not None and self.isAncestorOf(focus):
            focus.clearFocus()

    def _shown_exists(self) -> bool:
        if self.tag is not None:
            return self.project.get_tag(self.tag.kind, self.tag.id) is not None
        return self.actor is not None and self.project.get_actor(self.actor.id) is not None

    def on_change(self, change: Change) -> None:
        if self.tag is not None:
            touched = self.tag.id in {step.id for step in change.steps}
            if touched or change.entities & {"actor", "claim"}:
                self.show_tag(self.tag.kind, self.tag.id)
        elif self.actor is not None and change.touches_registry:
            self.show_actor(self.actor.id)
        if self.tag is not None and self.tag.kind is TagKind.DENIAL:
            self.denial.claim.on_change(change)
        else:  # not shown: its claims are only marked stale, read when a denial's picker shows
            self.denial.claim.model.on_change(change)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and (self.tag or self.actor):
            self._reload()  # drop what was typed and not committed; the window may use Escape too
            self.status.clear_status()
        event.ignore()

    def _show_page(self, page: TagKind | str | None) -> None:
        for key, widget in self._pages.items():
            widget.setVisible(key == page)
        self.empty.setVisible(page is None)
        self.quote.setVisible(page not in (None, "actor"))
        self.meta.setVisible(page is not None)
        self.articles_button.setVisible(page == "actor")

    # -- loading (no writes) -------------------------------------------------------
    def _load_tag(self, tag: Tag) -> None:
        self._loading = True
        try:
            self.title.set_kind(tag.kind, _TITLES[tag.kind])
            self.quote.setText(f"“{shorten(tag.span.quote, 200)}”")
            self.quote.setStyleSheet(quote_style(tag.kind))
            edited = "" if tag.updated_at == tag.created_at else f" · edited {_when(tag.updated_at)}"
            self.meta.setText(f"Tagged by {tag.analyst} · {_when(tag.created_at)}{edited}")
            if isinstance(tag, Mention):
                self.mention.actor.set_actor(tag.actor_name, tag.actor_id)
                self.mention.notes.set_text(tag.notes)
            elif isinstance(tag, Claim):
                c = self.claim
                c.claimant.set_actor(tag.claimant_name, tag.claimant_id)
                c.anonymous.setChecked(tag.anonymous)
                c.reported_via.set_actor(tag.reported_via_name, tag.reported_via_id)
                set_combo_value(c.claim_type, tag.claim_type.value if tag.claim_type else None)
                c.about.set_actors(list(zip(tag.about_ids, tag.about_names)))
                set_line(c.summary, tag.summary)
                c.notes.set_text(tag.notes)
            elif isinstance(tag, Denial):
                d = self.denial
                d.denier.set_actor(tag.denier_name, tag.denier_id)
                d.claim.set_claim(tag.denied_claim_id)
                set_line(d.summary, tag.summary)
                d.reported_via.set_actor(tag.reported_via_name, tag.reported_via_id)
                d.notes.set_text(tag.notes)
        finally:
            self._loading = False

    def _load_actor(self, actor: Actor) -> None:
        self._loading = True
        try:
            f = self.actor_fields
            self.title.set_kind(None, f"Actor · {actor.kind.label}")
            self.meta.setText(f"{counted(actor.mentions, 'mention')}, {counted(actor.claims, 'claim')},"
                              f" {counted(actor.denials, 'denial')} in the project")
            set_line(f.name, actor.name)
            set_combo_value(f.kind, actor.kind.value)
            set_line(f.aliases, join_aliases(actor.aliases))
            if f.affiliation_kind.currentText() != actor.affiliation_kind:
                f.affiliation_kind.setEditText(actor.affiliation_kind)
            f.affiliation.set_actor(actor.affiliation_name, actor.affiliation_id)
            f.notes.set_text(actor.notes)
        finally:
            self._loading = False

    # -- committing (one write per field) ------------------------------------------
    def _connect(self) -> None:
        m, c, d, a = self.mention, self.claim, self.denial, self.actor_fields
        M, C, D = TagKind.MENTION, TagKind.CLAIM, TagKind.DENIAL  # noqa: N806
        for kind, field, name, required in ((M, m.actor, "actor", True), (C, c.claimant, "claimant", True),
                                            (C, c.reported_via, "reported_via", False),
                                            (D, d.denier, "denier", True), (D, d.reported_via, "reported_via", False)):
            commit = lambda k=kind, f=field, n=name, r=required: self._commit_actor(k, f, n, r)  # noqa: E731
            field.editingFinished.connect(commit)
            field.submitted.connect(commit)
        for kind, notes in ((M, m.notes), (C, c.notes), (D, d.notes)):
            notes.committed.connect(lambda k=kind, n=notes: self._commit_tag(k, "notes", n.toPlainText()))
        c.anonymous.toggled.connect(lambda on: self._commit_tag(C, "anonymous", on))
        c.claim_type.activated.connect(lambda _: self._commit_tag(C, "claim_type", c.claim_type.currentData()))
        c.about.changed.connect(lambda: self._commit_tag(C, "about", c.about.refs()))
        for kind, summary in ((C, c.summary), (D, d.summary)):
            summary.editingFinished.connect(lambda k=kind, s=summary: self._commit_tag(k, "summary", s.text()))
        d.claim.chosen.connect(lambda claim_id: self._commit_tag(D, "denied_claim_id", claim_id))
        a.name.editingFinished.connect(lambda: self._commit_actor_field("name", a.name.text()))
        a.kind.activated.connect(lambda _: self._commit_actor_field("kind", a.kind.currentData()))
        a.aliases.editingFinished.connect(lambda: self._commit_actor_field("aliases", split_aliases(a.aliases.text())))
        a.affiliation_kind.activated.connect(lambda _: self._commit_affiliation_kind())
        a.affiliation_kind.lineEdit().editingFinished.connect(self._commit_affiliation_kind)
        a.affiliation.editingFinished.connect(self._commit_affiliation)
        a.affiliation.submitted.connect(self._commit_affiliation)
        a.notes.committed.connect(lambda: self._commit_actor_field("notes", a.notes.toPlainText()))

    def _editing(self, kind: TagKind) -> bool:
        """True when the form shows a tag of this kind (a hidden page's late signals are ignored)."""
        return not self._loading and self.tag is not None and self.tag.kind is kind

    def _commit_tag(self, kind: TagKind, field: str, value: Any) -> None:
        if not self._editing(kind):
            return
        if field == "about" and all(isinstance(r, str) for r in value) and tuple(value) == self.tag.about_ids:
            return
        if field != "about" and _stored(self.tag, field) == value:
            return
        self._write(self.project.update_tag, self.tag.kind, self.tag.id, **{field: value})

    def _commit_actor(self, kind: TagKind, field: ActorField, name: str, required: bool) -> None:
        if not self._editing(kind):
            return
        current_id = _stored(self.tag, name)
        ref = field.actor_ref()
        if ref is None and required:
            self.status.error("An actor needs a name: the field was put back.")
            self.show_tag(self.tag.kind, self.tag.id)
            return
        if ref == current_id or (isinstance(ref, ActorName) and current_id
                                 and self.project.find_actor_id(ref.name) == current_id):
            self.show_tag(self.tag.kind, self.tag.id)  # same actor, typed another way: show its name
            return
        self._write(self.project.update_tag, self.tag.kind, self.tag.id, **{name: ref})

    def _commit_actor_field(self, field: str, value: Any) -> None:
        if self._loading or self.actor is None:
            return
        stored = {"aliases": list(self.actor.aliases), "kind": self.actor.kind.value}.get(field, getattr(self.actor, field, None))
        if field == "name":
            value = " ".join(value.split())
        if value != stored:
            self._write(self.project.update_actor, self.actor.id, **{field: value})

    def _commit_affiliation_kind(self) -> None:
        text = " ".join(self.actor_fields.affiliation_kind.currentText().split())
        self._commit_actor_field("affiliation_kind", text)

    def _commit_affiliation(self) -> None:
        if self._loading or self.actor is None:
            return
        ref = self.actor_fields.affiliation.actor_ref()
        if isinstance(ref, ActorName):
            found = self.project.find_actor_id(ref.name)
            if found is None:  # a new actor: create it and link it as one undo step
                stack = self.session.undo_stack
                stack.beginMacro("Edit actor")
                try:
                    added = self._write(self.project.add_actor, ref.name, quiet=True)
                    if added is not None:
                        self._write(self.project.update_actor, self.actor.id, affiliation_id=added.created_ids[0])
                finally:
                    stack.endMacro()
                return
            ref = found
        if ref != self.actor.affiliation_id:
            self._write(self.project.update_actor, self.actor.id, affiliation_id=ref)

    def _write(self, method: Callable[..., Change], *args: Any, quiet: bool = False, **fields: Any) -> Change | None:
        try:
            change = self.session.run(method, *args, **fields)
        except (TagError, ProjectError) as error:
            self.status.error(f"Not saved: {error}")
            self._reload()
            return None
        if not quiet:
            self.status.saved()
        self._reload()
        return change

    def _reload(self) -> None:
        if self.tag is not None:
            self.show_tag(self.tag.kind, self.tag.id)
        elif self.actor is not None:
            self.show_actor(self.actor.id)


_TAG_ATTRS = {"actor": "actor_id", "claimant": "claimant_id", "denier": "denier_id",
              "reported_via": "reported_via_id"}


def _stored(tag: Tag, field: str) -> Any:
    value = getattr(tag, _TAG_ATTRS.get(field, field), None)
    if field == "claim_type":
        return value.value if value else None
    return value


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ")
