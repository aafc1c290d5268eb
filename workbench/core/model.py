"""Plain data that crosses from the core to the UI and the command line.

Nothing here knows about SQL or Qt. Rows leave the store as these frozen
dataclasses (:func:`~workbench.core.record.record`); writes come back as a
:class:`Change` that can be applied again (redo) or in reverse (undo).
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Mapping

from .record import Record, record


class ArticleStatus(str, Enum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"new": "New", "in_progress": "In progress", "done": "Done"}[self.value]


class ActorKind(str, Enum):
    STATE = "state"
    GOVERNMENT = "government"
    ARMED_GROUP = "armed_group"
    PARTY = "party"
    PERSON = "person"
    MEDIA = "media"
    INTERNATIONAL_ORG = "international_org"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _ACTOR_KIND_LABELS[self]


_ACTOR_KIND_LABELS = {
    ActorKind.STATE: "State",
    ActorKind.GOVERNMENT: "Government body or official",
    ActorKind.ARMED_GROUP: "Armed group",
    ActorKind.PARTY: "Political party or movement",
    ActorKind.PERSON: "Person",
    ActorKind.MEDIA: "Media outlet",
    ActorKind.INTERNATIONAL_ORG: "International organisation",
    ActorKind.OTHER: "Other",
}


class ClaimType(str, Enum):
    RESPONSIBILITY = "responsibility"
    ATTRIBUTION = "attribution"
    FACTUAL = "factual"
    THREAT = "threat"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _CLAIM_TYPE_LABELS[self]


_CLAIM_TYPE_LABELS = {
    ClaimType.RESPONSIBILITY: "Responsibility",
    ClaimType.ATTRIBUTION: "Attribution or accusation",
    ClaimType.FACTUAL: "Factual assertion",
    ClaimType.THREAT: "Threat or intent",
    ClaimType.OTHER: "Other",
}


class TagKind(str, Enum):
    MENTION = "mention"
    CLAIM = "claim"
    DENIAL = "denial"


@record
class ArticleDraft(Record):
    """An article as an importer reads it, before it has an id."""

    title: str
    text: str
    outlet: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    language: str = ""
    source: str = ""


@record
class Article(Record):
    """An article with its text, as the pane shows it."""

    id: str
    title: str
    text: str
    outlet: str
    author: str
    published: str
    url: str
    language: str
    status: ArticleStatus
    notes: str
    chars: int
    sha256: str
    source: str
    imported_at: str
    updated_at: str


@record
class ArticleSummary(Record):
    """One row of the article list: everything but the text."""

    id: str
    seq: int
    title: str
    outlet: str
    published: str
    status: ArticleStatus
    mentions: int
    claims: int
    denials: int


@record
class Actor(Record):
    """An actor of the registry, with its tag counts (filled by the queries that count)."""

    id: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...]
    affiliation_id: str | None
    affiliation_kind: str
    notes: str
    created_at: str
    updated_at: str
    mentions: int = 0
    claims: int = 0
    denials: int = 0
    affiliation_name: str = ""


@record
class Span(Record):
    """Where a tag sits: code-point offsets into the canonical text, end exclusive."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


@record
class Mention(Record):
    """An actor named in an article's text."""

    id: str
    article_id: str
    span: Span
    actor_id: str
    actor_name: str
    analyst: str
    created_at: str
    updated_at: str
    notes: str = ""

    kind = TagKind.MENTION


@record
class Claim(Record):
    """An assertion made by a claimant, tagged on its span."""

    id: str
    article_id: str
    span: Span
    claimant_id: str
    claimant_name: str
    anonymous: bool
    reported_via_id: str | None
    reported_via_name: str
    claim_type: ClaimType | None
    about_ids: tuple[str, ...]
    about_names: tuple[str, ...]
    summary: str
    notes: str
    analyst: str
    created_at: str
    updated_at: str
    article_title: str = ""

    kind = TagKind.CLAIM


@record
class Denial(Record):
    """A rejection of a claim (or of something unnamed), tagged on its span."""

    id: str
    article_id: str
    span: Span
    denier_id: str
    denier_name: str
    denied_claim_id: str | None
    denied_claim_summary: str
    summary: str
    reported_via_id: str | None
    reported_via_name: str
    notes: str
    analyst: str
    created_at: str
    updated_at: str

    kind = TagKind.DENIAL


Tag = Mention | Claim | Denial


@record
class ArticleTags(Record):
    """All tags of one article, by kind."""

    mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()
    denials: tuple[Denial, ...] = ()

    def all(self) -> tuple[Tag, ...]:
        return (*self.mentions, *self.claims, *self.denials)


@record
class ActorName(Record):
    """A reference to an actor by name: the store links an actor whose name or
    alias matches (case-insensitive) or creates one of kind "other"."""

    name: str


# An actor field takes an actor id (str) or an ActorName to resolve or create.
ActorRef = str | ActorName


@record
class RowState(Record):
    """The state of one entity before and after a write (None: absent)."""

    entity: str  # "article", "actor", "mention", "claim", "denial"
    id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None


@record
class Change(Record):
    """What one write did, in enough detail to undo and redo it.

    ``steps`` are in the order they were written; applying sets every entity to
    its ``after`` state in that order, reverting sets ``before`` in reverse order,
    so that parents exist before their children either way.
    """

    label: str
    steps: tuple[RowState, ...]
    created_ids: tuple[str, ...] = ()

    @property
    def article_ids(self) -> frozenset[str]:
        ids: set[str] = set()
        for step in self.steps:
            if step.entity == "article":
                ids.add(step.id)
            for state in (step.before, step.after):
                if state and state.get("article_id"):
                    ids.add(state["article_id"])
        return frozenset(ids)

    @property
    def entities(self) -> frozenset[str]:
        return frozenset(step.entity for step in self.steps)

    @property
    def touches_registry(self) -> bool:
        """True when actor rows or actor counts may have changed."""
        return bool(self.entities & {"actor", "mention", "claim", "denial"})

    def is_empty(self) -> bool:
        return not self.steps

    def ids_of(self, entity: str) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps if step.entity == entity)


@record
class ImportProblem(Record):
    """A file (or folder) that an import could not read, and why."""

    path: str
    reason: str


@record
class Stats(Record):
    """What ``workbench stats`` reports about a project."""

    articles: int
    articles_by_status: Mapping[str, int]
    actors: int
    mentions: int
    claims: int
    denials: int
    analysts: tuple[str, ...]
    schema_version: int
    file_bytes: int


@record
class QuoteMismatch(Record):
    """A tag whose stored quote no longer matches the article's text."""

    kind: TagKind
    tag_id: str
    article_id: str
    start: int
    end: int
    stored_quote: str
    text_quote: str | None  # None: the span lies outside the text


@record
class CheckReport(Record):
    """What ``workbench check`` found: SQLite's own problems and drifted quotes."""

    sqlite_problems: tuple[str, ...]
    mismatches: tuple[QuoteMismatch, ...]
    tags_checked: int

    @property
    def ok(self) -> bool:
        return not self.sqlite_problems and not self.mismatches


ARTICLE_SORT_KEYS = ("seq", "title", "outlet", "published", "status", "mentions", "claims", "denials")


@record
class ArticleQuery(Record):
    """What the article list shows: a full-text search, filters and an order."""

    search: str = ""
    status: ArticleStatus | None = None
    actor_id: str | None = None
    order_by: str = "seq"
    descending: bool = False

    def __post_init__(self) -> None:
        if self.order_by not in ARTICLE_SORT_KEYS:
            raise ValueError(f"cannot sort articles by {self.order_by!r}")
