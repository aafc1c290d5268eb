"""The article list: lazy pages, sorting, filters, targeted refreshes, status edits."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QModelIndex, Qt

from workbench.core.model import ActorName, ArticleDraft, ArticleStatus
from workbench.ui.article_list import (ARTICLE_ID_ROLE, CLAIMS, COLUMNS, MENTIONS, PAGE_SIZE, STATUS, TITLE,
                                       ArticleListModel, ArticleListPanel)
from workbench.ui.session import Session


@pytest.fixture
def big(project, drafts):
    """A project of 5,200 small articles."""
    ids, _ = project.insert_articles(drafts(5_200))
    return project, ids


def fetch_all(model: ArticleListModel) -> None:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())


def titles(model: ArticleListModel) -> list[str]:
    return [model.index(r, TITLE).data() for r in range(model.rowCount())]


def test_loads_lazily_in_pages(big):
    project, ids = big
    model = ArticleListModel(Session(project))
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    assert model.total() == 5_200
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    fetch_all(model)
    assert model.rowCount() == 5_200
    assert not model.canFetchMore(QModelIndex())
    assert [model.index(r, 0).data(ARTICLE_ID_ROLE) for r in range(model.rowCount())] == ids


def test_headers_and_cells(harbour):
    project, article_id, _ = harbour
    model = ArticleListModel(Session(project))
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))] == [
        "Title", "Outlet", "Date", "Status", "Mentions", "Claims", "Denials"]
    assert model.index(0, TITLE).data().startswith("Northern Coalition says")
    assert model.index(0, STATUS).data() == "New"
    assert model.index(0, MENTIONS).data() == 1
    assert model.index(0, CLAIMS).data() == 1
    assert model.index(0, 0).data(ARTICLE_ID_ROLE) == article_id


def test_sorting_requeries(big):
    project, _ = big
    model = ArticleListModel(Session(project))
    model.sort(TITLE, Qt.SortOrder.DescendingOrder)
    assert model.query.order_by == "title" and model.query.descending
    assert model.index(0, TITLE).data() == "Report 05199 on the harbour"
    assert model.rowCount() == PAGE_SIZE  # still lazy after sorting
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, TITLE).data() == "Report 00000 on the harbour"
    model.sort(-1)
    assert model.query.order_by == "seq"


def test_search_and_filters(big, harbour):
    project, article_id, _ = harbour
    model = ArticleListModel(Session(project))
    model.set_query(search="depot")
    assert titles(model) == [project.get_article(article_id).title]
    model.set_query(search="convoy")
    assert model.total() == 5_200 // 3 + (1 if 5_200 % 3 > 2 else 0)
    model.set_query(search="")
    coalition = project.find_actor_id("Northern Coalition")
    model.set_query(actor_id=coalition)
    assert [model.index(r, 0).data(ARTICLE_ID_ROLE) for r in range(model.rowCount())] == [article_id]
    model.set_query(actor_id=None)
    project.set_status(article_id, ArticleStatus.DONE)
    model.set_query(status=ArticleStatus.DONE)
    assert model.rowCount() == 1 and model.total() == 1
    model.set_query(status=None)
    assert model.total() == 5_201


def test_change_refreshes_only_its_row(harbour, qtbot, drafts):
    project, article_id, _ = harbour
    project.insert_articles(drafts(10))
    session = Session(project)
    model = ArticleListModel(session)
    text = project.article_text(article_id)
    with qtbot.waitSignal(model.dataChanged) as changed:
        session.run(project.add_claim, article_id, 0, 8, ActorName("Kessland Interior Ministry"))
    top, bottom = changed.args[:2]
    assert top.row() == bottom.row() == model.row_of(article_id)
    assert model.index(model.row_of(article_id), CLAIMS).data() == 2
    assert text  # the text is untouched
    with qtbot.assertNotEmitted(model.modelReset):
        session.run(project.set_status, article_id, ArticleStatus.IN_PROGRESS)
    assert model.index(model.row_of(article_id), STATUS).data() == "In progress"
    with qtbot.waitSignal(model.modelReset):
        session.run(project.add_article, ArticleDraft(title="Fresh", text="Fresh article text."))
    assert model.rowCount() == 12
    with qtbot.waitSignal(model.modelReset):
        session.undo()
    assert model.rowCount() == 11


def test_status_menu_marks_articles(harbour, qtbot):
    project, article_id, _ = harbour
    panel = ArticleListPanel(Session(project))
    qtbot.addWidget(panel)
    menu = panel.status_menu(article_id, panel)
    sub = menu.actions()[0].menu()
    assert [a.text() for a in sub.actions()] == ["New", "In progress", "Done"]
    assert sub.actions()[0].isChecked()
    sub.actions()[2].trigger()
    assert project.get_article(article_id).status is ArticleStatus.DONE
    assert panel.model.index(0, STATUS).data() == "Done"
    panel.session.undo()
    assert project.get_article(article_id).status is ArticleStatus.NEW
    assert panel.model.index(0, STATUS).data() == "New"


def test_qt_model_tester(big, qtmodeltester):
    project, _ = big
    model = ArticleListModel(Session(project))
    qtmodeltester.check(model)
    # the tester keeps watching: sorting, searching and fetching must keep the model consistent
    model.sort(MENTIONS, Qt.SortOrder.DescendingOrder)
    model.set_query(search="border")
    model.fetchMore(QModelIndex())
    model.sort(-1)


def test_panel_search_box_filters_after_typing(harbour, qtbot, drafts):
    project, article_id, _ = harbour
    project.insert_articles(drafts(30))
    panel = ArticleListPanel(Session(project))
    qtbot.addWidget(panel)
    panel.show()
    qtbot.keyClicks(panel.search, "fuel depot")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.model.article_id(0) == article_id
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(ArticleStatus.DONE.value))
    assert panel.model.rowCount() == 0


def test_step_moves_through_the_lists_order(big, qtbot):
    project, ids = big
    panel = ArticleListPanel(Session(project))
    qtbot.addWidget(panel)
    panel.select_article(ids[PAGE_SIZE - 1])
    assert panel.step(+1) == ids[PAGE_SIZE]  # loads the next page when needed
    assert panel.step(-1) == ids[PAGE_SIZE - 1]
    assert panel.select_article(ids[3_000])  # pages are fetched to find it
    assert panel.current_article_id() == ids[3_000]


@pytest.fixture(scope="module")
def hundred_thousand(tmp_path_factory):
    from workbench.core.store import Project
    path = tmp_path_factory.mktemp("big") / "100k.workbench"
    with Project.create(path, analyst="bench") as project:
        for start in range(0, 100_000, 10_000):
            project.insert_articles(
                ArticleDraft(title=f"A{i}", text=f"Article {i} text") for i in range(start, start + 10_000))
    return path


def test_hundred_thousand_articles_open_and_scroll_without_a_pause(hundred_thousand, qtbot):
    from workbench.core.store import Project
    with Project.open(hundred_thousand, analyst="bench") as project:
        started = time.perf_counter()
        panel = ArticleListPanel(Session(project))
        qtbot.addWidget(panel)
        panel.resize(420, 800)
        panel.show()
        qtbot.waitExposed(panel)
        first_page = time.perf_counter() - started
        assert panel.model.total() == 100_000
        worst = 0.0
        while panel.model.canFetchMore(QModelIndex()):
            step = time.perf_counter()
            panel.model.fetchMore(QModelIndex())
            worst = max(worst, time.perf_counter() - step)
        panel.table.scrollToBottom()
        assert panel.model.rowCount() == 100_000
    print(f"\n100k articles: panel + first page {first_page * 1000:.0f} ms, slowest page {worst * 1000:.0f} ms")
    assert first_page < 1.0  # typically ~25 ms
    assert worst < 0.5  # typically < 40 ms at the deepest offset
