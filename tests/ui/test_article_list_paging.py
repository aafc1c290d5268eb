"""The article list model pages by key: each page starts after the last row
loaded, so scrolling neither slows down nor skips or repeats an article when a
loaded row's sort value changes."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from workbench.core.model import ActorName
from workbench.ui.article_list import ARTICLE_ID_ROLE, MENTIONS, PAGE_SIZE, STATUS, TITLE, ArticleListModel
from workbench.ui.session import Session


def fetch_all(model: ArticleListModel) -> None:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())


def ids_of(model: ArticleListModel) -> list[str]:
    return [model.index(r, 0).data(ARTICLE_ID_ROLE) for r in range(model.rowCount())]


def test_each_page_starts_after_the_last_row_loaded(project, drafts, monkeypatch):
    ids, _ = project.insert_articles(drafts(3 * PAGE_SIZE + 7))
    calls = []
    real = project.list_articles

    def spy(*args, **kwargs):
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(project, "list_articles", spy)
    model = ArticleListModel(Session(project))
    fetch_all(model)
    assert ids_of(model) == ids
    assert len(calls) == 4
    assert calls[0][1].get("after") is None
    for k, (args, kwargs) in enumerate(calls[1:], start=1):
        assert args[1:] == () and kwargs["limit"] == PAGE_SIZE  # no offset
        assert kwargs["after"].id == ids[k * PAGE_SIZE - 1]
    assert [model.row_of(i) for i in ids[::97]] == list(range(0, len(ids), 97))


def test_a_loaded_row_whose_sort_value_changes_is_neither_repeated_nor_makes_a_gap(harbour, drafts):
    """Sorted by mentions, a loaded article gains one and now sorts after the
    rows not yet loaded: it keeps its row, and every other article still comes
    exactly once (an offset would have skipped the first article of the next page)."""
    project, harbour_id, _ = harbour
    ids, _ = project.insert_articles(drafts(2 * PAGE_SIZE + 50))
    session = Session(project)
    model = ArticleListModel(session)
    model.sort(MENTIONS, Qt.SortOrder.AscendingOrder)
    order = project.article_ids(model.query)
    assert ids_of(model) == order[:PAGE_SIZE]
    moved = order[10]
    text = project.article_text(moved)
    session.run(project.add_mention, moved, 0, 6, ActorName("Reporter"))
    assert model.index(10, MENTIONS).data() == 1  # refreshed in place
    fetch_all(model)
    assert ids_of(model) == order
    assert model.rowCount() == model.total() == len(ids) + 1
    assert model.row_of(moved) == 10 and text


def test_the_last_row_loaded_changing_keeps_the_place(project, drafts):
    """The next page starts where the last row was when it was loaded, not
    where the article sorts now."""
    ids, _ = project.insert_articles(drafts(2 * PAGE_SIZE + 5))
    session = Session(project)
    model = ArticleListModel(session)
    model.sort(STATUS, Qt.SortOrder.DescendingOrder)  # all "new": by seq, newest first
    order = project.article_ids(model.query)
    last = order[PAGE_SIZE - 1]
    session.run(project.set_status, last, "done")  # now sorts at the very end
    assert model.index(PAGE_SIZE - 1, STATUS).data() == "Done"
    fetch_all(model)
    assert ids_of(model) == order  # nothing skipped, and "last" not listed twice


def test_find_an_article_deep_in_a_sorted_list(project, drafts):
    ids, _ = project.insert_articles(drafts(6 * PAGE_SIZE))
    model = ArticleListModel(Session(project))
    model.sort(TITLE, Qt.SortOrder.DescendingOrder)
    target = ids[17]  # "Report 00017 ...": near the end in descending title order
    row = model.load_until(target)
    assert row > 5 * PAGE_SIZE
    assert model.article_id(row) == target
    assert ids_of(model) == project.article_ids(model.query)[: model.rowCount()]
