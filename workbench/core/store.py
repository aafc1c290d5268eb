"""The project: opening, transactions, undo/redo and every public write (with
:mod:`workbench.core.writer` and :mod:`workbench.core.rows`, all the SQL that writes).

Every public write runs in one transaction, through :class:`~workbench.core.writer.Writer`, which
snapshots each entity before touching it; the write returns a
:class:`~workbench.core.model.Change` that :meth:`Project.apply` and
:meth:`Project.revert` replay (redo) and roll back (undo).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import project_file
from .model import (
    ActorKind,
    ActorRef,
    ArticleDraft,
    ArticleStatus,
    Change,
    ClaimType,
    TagKind,
)
from .project_file import ProjectError
from .queries import Queries
from .rows import name_key, read_state, write_state
from .text import canonical, sha256_hex
from .writer import TagError, Writer, actor_fields, clean_line, new_id, now

UNSET: Any = object()


def default_analyst() -> str:
    import getpass  # here: the window asks only when no name is saved

    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): still tag
        return "analyst"


class ProjectClosed(RuntimeError):
    pass


class ChangeConflict(TagError):
    """An undo or redo that the project's current state no longer allows."""


class Project(Queries):
    """One open project file."""

    def __init__(self, path: Path, db: sqlite3.Connection, analyst: str | None = None) -> None:
        self.path = path
        self.db = db
        self.analyst = analyst or default_analyst()
        self._depth = 0

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, analyst: str | None = None) -> "Project":
        """Open (and if older, back up and migrate) a project; ``create`` makes a new
        one when the file does not exist. Raises a :class:`ProjectError` subclass
        that leaves the file unchanged."""
        path = Path(path).expanduser()
        if create and not path.exists():
            return cls.create(path, analyst=analyst)
        version = project_file.check_openable(path)
        return cls(path, project_file.open_for_writing(path, version), analyst)

    @classmethod
    def create(cls, path: Path | str, *, analyst: str | None = None) -> "Project":
        path = Path(path).expanduser()
        try:
            return cls(path, project_file.create_project_file(path), analyst)
        except OSError as error:
            raise ProjectError(path, f"cannot create the project ({error.strerror})",
                               "Choose a folder where you can write.") from None

    def close(self) -> None:
        if self.db is not None:
            try:
                self.db.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
            self.db.close()
            self.db = None  # type: ignore[assignment]

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ transactions

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE outside, SAVEPOINT when nested; roll back on any error."""
        if self.db is None:
            raise ProjectClosed("the project is closed")
        outer = self._depth == 0
        name = f"sp{self._depth}"
        self.db.execute("BEGIN IMMEDIATE" if outer else f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self.db
        except BaseException:
            self._depth -= 1
            if outer:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
            else:
                self.db.execute(f"ROLLBACK TO {name}")
                self.db.execute(f"RELEASE {name}")
            raise
        self._depth -= 1
        try:
            self.db.execute("COMMIT" if outer else f"RELEASE {name}")
        except sqlite3.Error as error:
            if outer and self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise project_file.classify_sqlite_error(self.path, error) from error

    @contextmanager
    def _writing(self, label: str) -> Iterator["Writer"]:
        writer = Writer(self, label)
        with self.atomic():
            yield writer

    # ------------------------------------------------------------- undo / redo

    def apply(self, change: Change) -> None:
        """Redo: set every entity to its state after the change."""
        self._replay(change, [(s, s.after) for s in change.steps], "redo")

    def revert(self, change: Change) -> None:
        """Undo: set every entity back to its state before the change."""
        self._replay(change, [(s, s.before) for s in reversed(change.steps)], "undo")

    def _replay(self, change: Change, states: list, verb: str) -> None:
        """All or nothing: when the project changed in a way the change cannot
        undo (the same text imported again since, say), nothing is written."""
        try:
            with self.atomic() as db:
                for step, state in states:
                    write_state(db, step.entity, step.id, _as_dict(state))
        except sqlite3.IntegrityError as error:
            raise ChangeConflict(
                f"cannot {verb} “{change.label}”: the project has changed since "
                f"in a way that conflicts with it ({error})"
            ) from None

    # ---------------------------------------------------------------- articles

    def insert_articles(self, drafts: Iterable[ArticleDraft]) -> tuple[list[str], int]:
        """Add articles in one transaction; skip those whose canonical text is
        already in the project. Returns (new ids, duplicates skipped).

        A bulk import is not an undoable change: it can be large, and articles
        without tags can be deleted one by one."""
        stamp = now()
        rows, seen, offered = [], set(), 0
        for draft in drafts:
            offered += 1
            text = canonical(draft.text)
            if not text:
                raise TagError(f"{draft.source or draft.title}: the article has no text")
            digest = sha256_hex(text)
            if digest in seen:
                continue
            seen.add(digest)
            rows.append((new_id(), clean_line(draft.title) or _first_line(text), text,
                         draft.outlet.strip(), draft.author.strip(), draft.published.strip(),
                         draft.url.strip(), draft.language.strip(), len(text), digest,
                         draft.source, stamp, stamp))
        with self.atomic() as db:
            db.executemany(
                "INSERT OR IGNORE INTO articles (id, title, text, outlet, author, published, url,"
                " language, chars, sha256, source, imported_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            # total_changes counts the FTS trigger's rows too: compare by id instead
            ids = self._existing_ids([row[0] for row in rows])
        return ids, offered - len(ids)

    def _existing_ids(self, candidate_ids: list[str]) -> list[str]:
        found: set[str] = set()
        for chunk in _chunks(candidate_ids, 500):
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return [i for i in candidate_ids if i in found]

    def add_article(self, draft: ArticleDraft) -> Change:
        """Add one article as an undoable change (the sample article, a pasted text)."""
        text = canonical(draft.text)
        if not text:
            raise TagError("the article has no text")
        digest = sha256_hex(text)
        if self.db.execute("SELECT 1 FROM articles WHERE sha256 = ?", (digest,)).fetchone():
            raise TagError("this text is already in the project")
        with self._writing("Add article") as w:
            seq = self.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM articles").fetchone()[0]
            stamp = now()
            w.put("article", new_id(), {
                "seq": seq, "title": clean_line(draft.title) or _first_line(text), "text": text,
                "outlet": draft.outlet.strip(), "author": draft.author.strip(),
                "published": draft.published.strip(), "url": draft.url.strip(),
                "language": draft.language.strip(), "status": ArticleStatus.NEW.value, "notes": "",
                "chars": len(text), "sha256": digest, "source": draft.source,
                "imported_at": stamp, "updated_at": stamp,
            })
        return w.change

    def update_article(self, article_id: str, **fields: Any) -> Change:
        """Edit an article's metadata, status or notes (never its text)."""
        allowed = {"title", "outlet", "author", "published", "url", "language", "status", "notes"}
        _reject_unknown(fields, allowed)
        if "status" in fields:
            fields["status"] = ArticleStatus(fields["status"]).value
        label = "Set status" if set(fields) == {"status"} else "Edit article"
        with self._writing(label) as w:
            w.update("article", article_id, fields)
        return w.change

    def set_status(self, article_id: str, status: ArticleStatus | str) -> Change:
        return self.update_article(article_id, status=ArticleStatus(status))

    def delete_article(self, article_id: str) -> Change:
        with self._writing("Delete article") as w:
            w.require("article", article_id)
            claim_ids = [r[0] for r in self.db.execute("SELECT id FROM claims WHERE article_id = ?", (article_id,))]
            for claim_id in claim_ids:
                w.unlink_denials_of(claim_id, outside_article=article_id)
            for table, entity in (("denials", "denial"), ("claims", "claim"), ("mentions", "mention")):
                for (tag_id,) in self.db.execute(f"SELECT id FROM {table} WHERE article_id = ?", (article_id,)).fetchall():
                    w.put(entity, tag_id, None)
            w.put("article", article_id, None)
        return w.change

    # ------------------------------------------------------------------ actors

    def add_actor(self, name: str, kind: ActorKind | str = ActorKind.OTHER, *,
                  aliases: Iterable[str] = (), affiliation_id: str | None = None,
                  affiliation_kind: str = "", notes: str = "") -> Change:
        with self._writing("Add actor") as w:
            w.create_actor(name, kind, aliases=aliases, affiliation_id=affiliation_id,
                           affiliation_kind=affiliation_kind, notes=notes)
        return w.change

    def update_actor(self, actor_id: str, **fields: Any) -> Change:
        """Rename, set kind, aliases, affiliation or notes."""
        _reject_unknown(fields, {"name", "kind", "aliases", "affiliation_id", "affiliation_kind", "notes"})
        with self._writing("Rename actor" if set(fields) == {"name"} else "Edit actor") as w:
            w.update("actor", actor_id, actor_fields(fields, actor_id, self))
        return w.change

    def delete_actor(self, actor_id: str) -> Change:
        """Delete an actor no tag refers to (merge it into another otherwise)."""
        uses = self.actor_uses(actor_id)
        if uses:
            raise TagError(f"the actor is still used by {uses} tag(s) or actor(s); merge it instead")
        with self._writing("Delete actor") as w:
            w.put("actor", actor_id, None)
        return w.change

    def merge_actors(self, keep_id: str, merge_id: str) -> Change:
        """Fold ``merge_id`` into ``keep_id``: its tags, its affiliates, its name and
        aliases (as aliases of the kept actor) move over, then it is deleted."""
        if keep_id == merge_id:
            raise TagError("an actor cannot be merged into itself")
        with self._writing("Merge actors") as w:
            keep, gone = w.require("actor", keep_id), w.require("actor", merge_id)
            for entity, table, column in _ACTOR_COLUMNS:
                for (row_id,) in self.db.execute(f"SELECT id FROM {table} WHERE {column} = ?", (merge_id,)).fetchall():
                    if row_id != keep_id:
                        w.update(entity, row_id, {column: keep_id}, touch=False)
            for (claim_id,) in self.db.execute("SELECT claim_id FROM claim_about WHERE actor_id = ?", (merge_id,)).fetchall():
                about = read_state(self.db, "claim", claim_id)["about"]
                merged = list(dict.fromkeys(keep_id if a == merge_id else a for a in about))
                w.update("claim", claim_id, {"about": merged}, touch=False)
            aliases = json.loads(keep["aliases"])
            for name in [gone["name"], *json.loads(gone["aliases"])]:
                if name_key(name) not in {name_key(a) for a in [keep["name"], *aliases]}:
                    aliases.append(name)
            notes = "\n\n".join(n for n in (keep["notes"], gone["notes"]) if n)
            affiliation = _merged_affiliation(keep, gone)
            w.update("actor", keep_id, {"aliases": json.dumps(aliases, ensure_ascii=False),
                                         "notes": notes, **affiliation})
            w.put("actor", merge_id, None)
        return w.change

    # -------------------------------------------------------------------- tags

    def add_mention(self, article_id: str, start: int, end: int, actor: ActorRef, *, notes: str = "") -> Change:
        with self._writing("Tag mention") as w:
            actor_id = w.resolve(actor)
            w.put("mention", new_id(), w.tag_row(article_id, start, end) | {"actor_id": actor_id, "notes": notes})
        return w.change

    def add_claim(self, article_id: str, start: int, end: int, claimant: ActorRef, *,
                  anonymous: bool = False, reported_via: ActorRef | None = None,
                  claim_type: ClaimType | str | None = None, about: Iterable[ActorRef] = (),
                  summary: str = "", notes: str = "") -> Change:
        with self._writing("Tag claim") as w:
            row = w.tag_row(article_id, start, end) | {
                "claimant_id": w.resolve(claimant),
                "anonymous": int(bool(anonymous)),
                "reported_via_id": w.resolve_optional(reported_via),
                "claim_type": ClaimType(claim_type).value if claim_type else None,
                "about": list(dict.fromkeys(w.resolve(a) for a in about)),
                "summary": clean_line(summary), "notes": notes,
            }
            w.put("claim", new_id(), row)
        return w.change

    def add_denial(self, article_id: str, start: int, end: int, denier: ActorRef, *,
                   denied_claim_id: str | None = None, summary: str = "",
                   reported_via: ActorRef | None = None, notes: str = "") -> Change:
        denied_claim_id = denied_claim_id or None
        with self._writing("Tag denial") as w:
            if denied_claim_id:
                w.require("claim", denied_claim_id)
            row = w.tag_row(article_id, start, end) | {
                "denier_id": w.resolve(denier), "denied_claim_id": denied_claim_id,
                "summary": clean_line(summary), "reported_via_id": w.resolve_optional(reported_via),
                "notes": notes,
            }
            w.put("denial", new_id(), row)
        return w.change

    def update_tag(self, kind: TagKind | str, tag_id: str, **fields: Any) -> Change:
        """Edit a tag's fields; actor fields take an id or an :class:`ActorName`;
        ``span=(start, end)`` moves it."""
        kind = TagKind(kind)
        with self._writing(f"Edit {kind.value}") as w:
            state = w.require(kind.value, tag_id)
            changes: dict[str, Any] = {}
            for key, value in fields.items():
                changes.update(w.tag_field(kind, state, key, value))
            w.update(kind.value, tag_id, changes)
        return w.change

    def delete_tag(self, kind: TagKind | str, tag_id: str) -> Change:
        kind = TagKind(kind)
        with self._writing(f"Delete {kind.value}") as w:
            w.require(kind.value, tag_id)
            if kind is TagKind.CLAIM:
                w.unlink_denials_of(tag_id)
            w.put(kind.value, tag_id, None)
        return w.change


# which tag or actor columns refer to an actor, for merging
_ACTOR_COLUMNS = (
    ("mention", "mentions", "actor_id"),
    ("claim", "claims", "claimant_id"),
    ("claim", "claims", "reported_via_id"),
    ("denial", "denials", "denier_id"),
    ("denial", "denials", "reported_via_id"),
    ("actor", "actors", "affiliation_id"),
)


def _merged_affiliation(keep: dict[str, Any], gone: dict[str, Any]) -> dict[str, Any]:
    """The kept actor's affiliation, or else the merged one's, never pointing at either."""
    for state in (keep, gone):
        if state["affiliation_id"] not in (None, keep["id"], gone["id"]):
            return {"affiliation_id": state["affiliation_id"], "affiliation_kind": state["affiliation_kind"]}
    return {"affiliation_id": None, "affiliation_kind": ""}


def _reject_unknown(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TagError(f"unknown field(s): {', '.join(sorted(unknown))}")


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return clean_line(line)[:300]
    return ""


def _as_dict(state: Any) -> dict[str, Any] | None:
    return None if state is None else dict(state)


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]

