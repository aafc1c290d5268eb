"""Inside one write: :class:`Writer` records every entity a write touches, before
and after, in its transaction, and turns actor references and tag fields into rows.

Used by :class:`workbench.core.store.Project` (each public write opens one Writer);
nothing here commits.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from .model import ActorKind, ActorName, ActorRef, Change, ClaimType, RowState, TagKind
from .rows import read_state, write_state
from .text import span_of

if TYPE_CHECKING:
    from .store import Project


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    import uuid  # here: its import (with platform's) is 2 ms of the window's start, which writes nothing

    return str(uuid.uuid4())


class TagError(ValueError):
    """A write the data does not allow (bad span, unknown actor, ...)."""


class Writer:
    """Records every entity a write touches, before and after, inside its transaction."""

    def __init__(self, project: "Project", label: str) -> None:
        self.project = project
        self.db = project.db
        self.label = label
        self.steps: list[RowState] = []
        self.created: list[str] = []
        self.stamp = now()

    @property
    def change(self) -> Change:
        return Change(self.label, tuple(self.steps), tuple(self.created))

    def put(self, entity: str, entity_id: str, after: dict[str, Any] | None) -> None:
        before = read_state(self.db, entity, entity_id)
        if after is not None:
            after = {"id": entity_id, **after}
        if before == after:
            return
        write_state(self.db, entity, entity_id, after)
        if before is None:
            self.created.append(entity_id)
        self.steps.append(RowState(entity, entity_id, _frozen(before), _frozen(after)))

    def update(self, entity: str, entity_id: str, fields: dict[str, Any], *, touch: bool = True) -> None:
        state = self.require(entity, entity_id)
        after = state | fields
        if touch and after != state and "updated_at" in after:
            after["updated_at"] = self.stamp
        self.put(entity, entity_id, after)

    def require(self, entity: str, entity_id: str) -> dict[str, Any]:
        state = read_state(self.db, entity, entity_id)
        if state is None:
            raise TagError(f"no {entity} with id {entity_id}")
        return state

    def unlink_denials_of(self, claim_id: str, outside_article: str | None = None) -> None:
        for (denial_id, article_id) in self.db.execute(
            "SELECT id, article_id FROM denials WHERE denied_claim_id = ?", (claim_id,)
        ).fetchall():
            if article_id != outside_article:
                self.update("denial", denial_id, {"denied_claim_id": None})

    # actors
    def create_actor(self, name: str, kind: ActorKind | str = ActorKind.OTHER, **fields: Any) -> str:
        actor_id = new_id()
        state = {"name": name, "kind": ActorKind(kind).value, "aliases": (), "affiliation_id": None,
                 "affiliation_kind": "", "notes": "", "created_at": self.stamp,
                 "updated_at": self.stamp} | fields
        self.put("actor", actor_id, actor_fields(state, actor_id, self.project))
        return actor_id

    def resolve(self, ref: ActorRef) -> str:
        if isinstance(ref, ActorName):
            name = clean_line(ref.name)
            if not name:
                raise TagError("an actor needs a name")
            found = self.project.find_actor_id(name)
            return found or self.create_actor(name)
        if not isinstance(ref, str) or read_state(self.db, "actor", ref) is None:
            raise TagError(f"no actor with id {ref!r}")
        return ref

    def resolve_optional(self, ref: ActorRef | None) -> str | None:
        if ref is None or (isinstance(ref, ActorName) and not ref.name.strip()):
            return None
        return self.resolve(ref)

    # tags
    def tag_row(self, article_id: str, start: int, end: int) -> dict[str, Any]:
        try:
            text = self.project.article_text(article_id)
        except KeyError:
            raise TagError(f"no article with id {article_id}") from None
        try:
            span = span_of(text, start, end)
        except ValueError as error:
            raise TagError(str(error)) from None
        return {"article_id": article_id, "span_start": span.start, "span_end": span.end,
                "quote": span.quote, "prefix": span.prefix, "suffix": span.suffix,
                "analyst": self.project.analyst, "created_at": self.stamp, "updated_at": self.stamp}

    def tag_field(self, kind: TagKind, state: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
        if key == "span":
            row = self.tag_row(state["article_id"], *value)
            return {k: row[k] for k in ("span_start", "span_end", "quote", "prefix", "suffix")}
        allowed = _TAG_FIELDS[kind]
        if key not in allowed:
            raise TagError(f"a {kind.value} has no field {key!r}")
        column = allowed[key]
        if column in ("actor_id", "claimant_id", "denier_id"):
            return {column: self.resolve(value)}
        if column == "reported_via_id":
            return {column: self.resolve_optional(value)}
        if column == "about":
            return {column: list(dict.fromkeys(self.resolve(a) for a in value))}
        if column == "anonymous":
            return {column: int(bool(value))}
        if column == "claim_type":
            return {column: ClaimType(value).value if value else None}
        if column == "denied_claim_id":
            value = value or None
            if value:
                self.require("claim", value)
        if column == "summary":
            value = clean_line(value)
        return {column: value}


_TAG_FIELDS = {
    TagKind.MENTION: {"actor": "actor_id", "notes": "notes"},
    TagKind.CLAIM: {"claimant": "claimant_id", "anonymous": "anonymous", "reported_via": "reported_via_id",
                    "claim_type": "claim_type", "about": "about", "summary": "summary", "notes": "notes"},
    TagKind.DENIAL: {"denier": "denier_id", "denied_claim_id": "denied_claim_id", "summary": "summary",
                     "reported_via": "reported_via_id", "notes": "notes"},
}


def actor_fields(fields: dict[str, Any], actor_id: str, project: "Project") -> dict[str, Any]:
    out = dict(fields)
    if "name" in out:
        out["name"] = clean_line(out["name"])
        if not out["name"]:
            raise TagError("an actor needs a name")
    if "kind" in out:
        out["kind"] = ActorKind(out["kind"]).value
    if "aliases" in out and not isinstance(out["aliases"], str):
        aliases = [clean_line(a) for a in out["aliases"]]
        out["aliases"] = json.dumps(list(dict.fromkeys(a for a in aliases if a)), ensure_ascii=False)
    if out.get("affiliation_id"):
        if out["affiliation_id"] == actor_id:
            raise TagError("an actor cannot be affiliated with itself")
        if project.get_actor(out["affiliation_id"]) is None:
            raise TagError(f"no actor with id {out['affiliation_id']}")
    return out


def clean_line(value: str | None) -> str:
    return " ".join((value or "").split())


def _frozen(state: dict[str, Any] | None) -> dict[str, Any] | None:
    if state is not None and isinstance(state.get("about"), list):
        state = state | {"about": tuple(state["about"])}
    return state
