"""Fixtures shared by every test: a fresh project file per test, seeded on demand."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from workbench.core.model import ActorName, ArticleDraft  # noqa: E402
from workbench.core.store import Project  # noqa: E402

DATA = Path(__file__).parent / "data"
ARTICLES = DATA / "articles"


def read_article(name: str) -> ArticleDraft:
    raw = (ARTICLES / name).read_bytes().decode("utf-8")
    title = next(line for line in raw.splitlines() if line.strip())
    return ArticleDraft(title=title.strip(), text=raw, source=name)


@pytest.fixture
def project(tmp_path: Path):
    """An empty project in a temporary folder, closed after the test."""
    with Project.create(tmp_path / "test.workbench", analyst="tester") as opened:
        yield opened


def quote_span(text: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


@pytest.fixture
def harbour(project: Project):
    """The harbour-blast article with a mention, a claim and a denial, as an analyst
    following the tagging guide would record them. Returns (project, article_id, changes)."""
    (article_id,), _ = project.insert_articles([read_article("article-1-harbour-blast.txt")])
    text = project.article_text(article_id)
    mention = project.add_mention(
        article_id, *quote_span(text, "Northern Coalition", 1), ActorName("Northern Coalition")
    )
    claim = project.add_claim(
        article_id,
        *quote_span(text, "said on Tuesday that it had struck a fuel depot"),
        ActorName("Northern Coalition"),
        claim_type="responsibility",
        about=[ActorName("Northern Coalition")],
        summary="Coalition struck Port Varen fuel depot with drones",
    )
    denial = project.add_denial(
        article_id,
        *quote_span(text, "denied that the depot had been damaged"),
        ActorName("Kessland Interior Ministry"),
        denied_claim_id=claim.ids_of("claim")[0],
        summary="Depot not damaged",
    )
    return project, article_id, {"mention": mention, "claim": claim, "denial": denial}
