"""The tags as the article pane holds them: :class:`SpanMark`, built from an
article's tags by :func:`marks_of`, and :class:`SpanIndex`, which finds the marks
over a range of the text quickly and keeps their underline lanes.

Offsets are Python code points into the canonical text (``text[start:end]``).
"""

from __future__ import annotations

import bisect
from typing import Iterable

from workbench.core.model import ArticleTags, TagKind
from workbench.core.record import Record, record
from workbench.ui.tag_style import assign_lanes


@record
class SpanMark(Record):
    """A tag as the pane draws it. ``label`` is shown in tooltips,
    e.g. "Claim · Northern Coalition: struck depot"."""

    tag_id: str
    kind: TagKind
    start: int
    end: int
    label: str = ""


def _short(text: str, limit: int = 72) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def marks_of(tags: ArticleTags) -> list[SpanMark]:
    """The pane's marks for an article's tags, labelled "Claim · Northern Coalition → struck the depot"."""
    marks = [SpanMark(m.id, TagKind.MENTION, m.span.start, m.span.end, f"Mention · {m.actor_name}")
             for m in tags.mentions]
    for c in tags.claims:
        who = c.claimant_name + (" (anonymous)" if c.anonymous else "")
        marks.append(SpanMark(c.id, TagKind.CLAIM, c.span.start, c.span.end,
                              f"Claim · {who} → {_short(c.summary or c.span.quote)}"))
    for d in tags.denials:
        what = d.summary or d.denied_claim_summary or d.span.quote
        marks.append(SpanMark(d.id, TagKind.DENIAL, d.span.start, d.span.end,
                              f"Denial · {d.denier_name} → {_short(what)}"))
    return marks


def clip_marks(marks: Iterable[SpanMark], length: int) -> list[SpanMark]:
    """The marks clipped to a text of ``length`` code points; those left empty are dropped."""
    out = []
    for m in marks:
        start, end = max(0, min(m.start, length)), max(0, min(m.end, length))
        if start < end:
            out.append(m if (start, end) == (m.start, m.end) else
                       SpanMark(m.tag_id, m.kind, start, end, m.label))
    return out


def innermost_first(marks: Iterable[SpanMark]) -> list[SpanMark]:
    """Shortest span first (ties: the one starting later)."""
    return sorted(marks, key=lambda m: (m.end - m.start, -m.start))


def _order_key(m: SpanMark) -> tuple[int, int, str]:
    return (m.start, -m.end, m.tag_id)


class SpanIndex:
    """The marks of one text by tag id, ordered by position for range queries,
    with the lane each one's underline is drawn in (:func:`~workbench.ui.tag_style.assign_lanes`).

    :meth:`change` keeps the order by insertion and re-lanes only the marks that
    overlap the changed ones, directly or through other marks: a mark's lane
    depends on nothing else, so the lanes equal those of a full :meth:`reset`."""

    REBUILD_FRACTION = 8  # a change of more than 1/8 of the marks rebuilds the index

    def __init__(self) -> None:
        self.by_id: dict[str, SpanMark] = {}
        self.ordered: list[SpanMark] = []  # by start, longest first
        self.lanes: dict[str, int] = {}
        self._starts: list[int] = []
        self._max_len = 0

    def reset(self, marks: Iterable[SpanMark]) -> None:
        self.by_id = {m.tag_id: m for m in marks}
        self._reindex()

    def change(self, old: Iterable[SpanMark], new: Iterable[SpanMark]) -> tuple[dict[str, int], list[SpanMark]]:
        """Remove ``old`` and add (or replace, by ``tag_id``) ``new``. Returns the
        lanes from before the change (at least those of the marks removed or
        replaced, and of every mark whose lane moved) and the other marks whose lane moved."""
        old, new = list(old), list(new)
        if len(old) + len(new) > max(16, len(self.by_id) // self.REBUILD_FRACTION):
            before = dict(self.lanes)
            for m in old:
                self.by_id.pop(m.tag_id, None)
            for m in new:
                self.by_id[m.tag_id] = m
            self._reindex()
        else:
            before = {}
            spans = []
            for m in [*old, *new]:
                gone = self._take(m.tag_id)
                if gone is not None:
                    before[gone.tag_id] = self.lanes.pop(gone.tag_id, 0)
                    spans.append((gone.start, gone.end))
            for m in new:
                self._put(m)
                spans.append((m.start, m.end))
            cluster = self._cluster(spans)
            before.update((t, self.lanes[t]) for t in cluster if t in self.lanes)
            self.lanes.update(assign_lanes(cluster.values()))
        new_ids = {m.tag_id for m in new}
        moved = [self.by_id[t] for t, lane in before.items()
                 if t in self.by_id and t not in new_ids and self.lanes[t] != lane]
        return before, moved

    def intersecting(self, lo: int, hi: int) -> list[SpanMark]:
        """Marks intersecting code points [lo, hi)."""
        i0 = bisect.bisect_left(self._starts, lo - self._max_len)
        i1 = bisect.bisect_left(self._starts, hi)
        return [m for m in self.ordered[i0:i1] if m.end > lo]

    def covering(self, cp: int) -> list[SpanMark]:
        """Marks covering code point ``cp``, innermost (shortest) first."""
        return innermost_first(m for m in self.intersecting(cp, cp + 1) if m.start <= cp < m.end)

    def _reindex(self) -> None:
        self.ordered = sorted(self.by_id.values(), key=_order_key)
        self._starts = [m.start for m in self.ordered]
        self._max_len = max((m.end - m.start for m in self.ordered), default=0)
        self.lanes = assign_lanes(self.ordered)

    def _take(self, tag_id: str) -> SpanMark | None:
        """Take a mark out of the index (its lane stays until the caller drops it)."""
        m = self.by_id.pop(tag_id, None)
        if m is None:
            return None
        i = bisect.bisect_left(self.ordered, _order_key(m), key=_order_key)
        if i >= len(self.ordered) or self.ordered[i].tag_id != tag_id:
            i = next(n for n, o in enumerate(self.ordered) if o.tag_id == tag_id)
        del self.ordered[i]
        del self._starts[i]
        if m.end - m.start >= self._max_len:
            self._max_len = max((o.end - o.start for o in self.ordered), default=0)
        return m

    def _put(self, m: SpanMark) -> None:
        i = bisect.bisect_left(self.ordered, _order_key(m), key=_order_key)
        self.ordered.insert(i, m)
        self._starts.insert(i, m.start)
        self.by_id[m.tag_id] = m
        self._max_len = max(self._max_len, m.end - m.start)

    def _cluster(self, spans: Iterable[tuple[int, int]]) -> dict[str, SpanMark]:
        """The marks overlapping any of ``spans``, and every mark overlapping those,
        and so on: whole groups of overlapping marks, whose lanes depend on each other only."""
        found: dict[str, SpanMark] = {}
        for lo, hi in spans:
            while True:
                hits = self.intersecting(lo, hi)
                wider = min([lo, *(m.start for m in hits)]), max([hi, *(m.end for m in hits)])
                if wider == (lo, hi):
                    break
                lo, hi = wider
            found.update((m.tag_id, m) for m in hits)
        return found
