"""What the item models over the store share: their roles, the one-line texts
they show, and :func:`sync_rows`, which applies a re-read as row inserts,
removals and ``dataChanged`` (never a reset), so views keep their selection and
scroll position. :class:`ListModel` is a flat list kept in step that way.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any, Callable

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from workbench.core.store import Project

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the tag's or actor's id
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # TagKind of a tag row; None for an actor row
SECONDARY_ROLE = Qt.ItemDataRole.UserRole + 3  # the grey second line under the text
SORT_ROLE = Qt.ItemDataRole.UserRole + 4  # what the registry sorts a column by
COUNT_ROLE = Qt.ItemDataRole.UserRole + 5  # a number drawn as a pill at the right

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole


def shorten(text: str, limit: int = 80) -> str:
    """One line of at most ``limit`` characters, cut at a word with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] if " " in line[: limit - 1] else line[: limit - 1]
    return cut.rstrip(",;:.") + "…"


def counted(n: int, noun: str) -> str:
    """"1 mention", "3 mentions"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def context(prefix: str, quote: str, suffix: str, around: int = 28) -> str:
    """A quote with a few whole words either side, within its paragraph:
    "…coalition spokesman Idris Halloun told the Varen…"."""
    before, after = prefix.rsplit("\n", 1)[-1], suffix.split("\n", 1)[0]
    lead = " " if before[-1:].isspace() else ""
    trail = " " if after[:1].isspace() else ""
    before, after = " ".join(before.split()), " ".join(after.split())
    if len(before) > around:  # whole words only
        cut = before[-around:]
        before = "…" + (cut if before[-around - 1] == " " else cut.split(" ", 1)[-1])
    if len(after) > around:
        cut = after[:around]
        after = (cut if after[around] == " " else cut.rsplit(" ", 1)[0]) + "…"
    return f"{before}{lead}{' '.join(quote.split())}{trail}{after}"


def quoted(text: str, limit: int = 80) -> str:
    return f"“{shorten(text, limit)}”"


def sync_rows(model: QAbstractItemModel, rows: list, new: list, key: Callable[[Any], Any],
              parent: QModelIndex = QModelIndex(),
              same: Callable[[int, Any, Any], None] | None = None) -> None:
    """Turn ``rows`` into ``new`` in place with the fewest row removals and inserts.

    Rows whose key stays are passed to ``same(row, old, new)`` (by default: replaced,
    with ``dataChanged`` when they differ). Opcodes run back to front, so the rows
    before each one keep their indexes while it is applied."""
    old_keys, new_keys = [key(r) for r in rows], [key(r) for r in new]
    if old_keys == new_keys:  # the same rows (the usual case): no diff to compute
        ops = [("equal", 0, len(rows), 0, len(new))] if rows else []
    else:
        ops = SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes()
    last = 0 if isinstance(model, QAbstractListModel) else model.columnCount(parent) - 1
    for op, i1, i2, j1, j2 in reversed(ops):
        if op == "equal":
            for offset in range(i2 - i1):
                row, value = i1 + offset, new[j1 + offset]
                if same is not None:
                    same(row, rows[row], value)
                elif rows[row] != value:
                    rows[row] = value
                    model.dataChanged.emit(model.index(row, 0, parent), model.index(row, last, parent))
            continue
        if i2 > i1:
            model.beginRemoveRows(parent, i1, i2 - 1)
            del rows[i1:i2]
            model.endRemoveRows()
        if j2 > j1:
            model.beginInsertRows(parent, i1, i1 + j2 - j1 - 1)
            rows[i1:i1] = new[j1:j2]
            model.endInsertRows()


class ListModel(QAbstractListModel):
    """A flat list of rows kept in step with the store by :func:`sync_rows`."""

    def __init__(self, project: Project, parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self._rows: list = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def row(self, index: Index) -> Any:
        return self._rows[index.row()] if index.isValid() and index.row() < len(self._rows) else None

    def row_of(self, row_id: str) -> int:
        return next((n for n, r in enumerate(self._rows) if self._key(r) == row_id), -1)

    def refresh(self) -> None:
        sync_rows(self, self._rows, self._read(), self._key)

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._read()
        self.endResetModel()

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        row = self.row(index)
        return None if row is None else self._roles(row).get(role)

    def _key(self, row: Any) -> Any:
        return row.id

    def _read(self) -> list:
        raise NotImplementedError

    def _roles(self, row: Any) -> dict[int, Any]:
        """Every role's value for one row."""
        raise NotImplementedError
