"""Fixtures for the sidebar tests: a session over the tagged harbour article."""

from __future__ import annotations

import pytest

from workbench.core.model import ActorName, ArticleDraft, TagKind
from workbench.ui.session import Session
from workbench.ui.sidebar import Sidebar


@pytest.fixture
def session(harbour, qapp):
    project, _article_id, _changes = harbour
    return Session(project)


@pytest.fixture
def article_id(harbour) -> str:
    return harbour[1]


@pytest.fixture
def tags(harbour) -> dict[str, str]:
    """Ids of the harbour fixture's tags: mention, claim, denial."""
    return {kind: change.ids_of(kind)[0] for kind, change in harbour[2].items()}


@pytest.fixture
def other_article(session) -> str:
    """A second article with a claim of its own (for cross-article denials)."""
    project = session.project
    (article_id,), _ = project.insert_articles([ArticleDraft(
        "Follow-up", "Follow-up\n\nCoastwatch said new images do not allow a firm conclusion.")])
    text = project.article_text(article_id)
    start = text.index("new images")
    project.add_claim(article_id, start, start + len("new images do not allow a firm conclusion"),
                      ActorName("Coastwatch"), claim_type="factual", summary="Images inconclusive")
    return article_id


def shown_sidebar(qtbot, session, article_id) -> Sidebar:
    """A sidebar on ``article_id``, shown and active, as the window has it."""
    widget = Sidebar(session)
    qtbot.addWidget(widget)
    widget.resize(420, 900)
    widget.set_article(article_id)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


@pytest.fixture
def sidebar(qtbot, session, article_id):
    return shown_sidebar(qtbot, session, article_id)


@pytest.fixture
def span(session, article_id):
    """``span(quote, article=None)``: the code-point span of a quote in an article."""
    def find(quote: str, article: str | None = None) -> tuple[int, int]:
        start = session.project.article_text(article or article_id).index(quote)
        return start, start + len(quote)
    return find


@pytest.fixture
def new_tag(session, article_id):
    """``new_tag(kind)``: the one tag of ``kind`` the test added to the harbour article."""
    before = {t.id for t in session.project.tags_of_article(article_id).all()}

    def find(kind: TagKind):
        tags = getattr(session.project.tags_of_article(article_id), kind.value + "s")
        new = [t for t in tags if t.id not in before]
        assert len(new) == 1, new
        return new[0]
    return find


class Keys:
    """Keys as the application delivers them: to the open popup (completions)
    when one shows, else to the focused widget."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot

    @staticmethod
    def target():
        from PySide6.QtWidgets import QApplication
        return QApplication.activePopupWidget() or QApplication.focusWidget()

    def press(self, key, modifier=None) -> None:
        from PySide6.QtCore import Qt
        target = self.target()
        assert target is not None, "no widget has focus"
        self.qtbot.keyClick(target, key, modifier or Qt.KeyboardModifier.NoModifier)

    def type(self, text: str) -> None:
        for char in text:
            target = self.target()
            assert target is not None, "no widget has focus"
            self.qtbot.keyClicks(target, char)


@pytest.fixture
def keys(qtbot) -> Keys:
    return Keys(qtbot)
