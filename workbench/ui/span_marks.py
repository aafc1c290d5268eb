"""The tags as the article pane holds them: :class:`SpanMark`, built from an
article's tags by :func:`marks_of`, and :class:`SpanIndex`, which finds the marks
over a range of the text quickly and keeps their underline lanes.

Offsets are Python code points into the canonical text (``text[start:end]``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable

from workbench.core.model import ArticleTags, TagKind
from workbench.ui.tag_style import assign_lanes


@dataclass(frozen=True, slots=True)
class SpanMark:
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


class SpanIndex:
    """The marks of one text by tag id, ordered by position for range queries,
    with the lane each one's underline is drawn in (:func:`~workbench.ui.tag_style.assign_lanes`)."""

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
        lanes from before the change and the other marks whose lane moved."""
        before = dict(self.lanes)
        for m in old:
            self.by_id.pop(m.tag_id, None)
        for m in new:
            self.by_id[m.tag_id] = m
        self._reindex()
        moved = [self.by_id[t] for t, lane in self.lanes.items() if before.get(t, lane) != lane]
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
        self.ordered = sorted(self.by_id.values(), key=lambda m: (m.start, -m.end, m.tag_id))
        self._starts = [m.start for m in self.ordered]
        self._max_len = max((m.end - m.start for m in self.ordered), default=0)
        self.lanes = assign_lanes(self.ordered)
