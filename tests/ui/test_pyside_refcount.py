"""Regression: PySide6 6.12.0 on Python 3.11 drops a reference to None on every
Qt call that returns nothing, and the interpreter aborts with "deallocating
None" after a few thousand calls (see the pitfalls notes). Python 3.12+ makes
None immortal, which hides it; pyproject.toml keeps PySide6 below 6.12 there."""

from __future__ import annotations

import sys

import pytest

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal on Python 3.12+: its refcount never drops"
)

CALLS = 1000
TOLERANCE = 50


def version_tuple(version: str) -> tuple[int, ...]:
    numbers = []
    for part in version.split(".")[:3]:
        digits = "".join(ch for ch in part if ch.isdigit())
        numbers.append(int(digits or 0))
    return tuple(numbers)


def test_pyside6_is_below_6_12_on_python_3_11() -> None:
    import PySide6

    assert version_tuple(PySide6.__version__) < (6, 12), (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]}: 6.12 drops None "
        "references and crashes; keep the pin in pyproject.toml"
    )


def test_version_tuple() -> None:
    assert version_tuple("6.11.3") == (6, 11, 3) < (6, 12)
    assert version_tuple("6.12.0") >= (6, 12)
    assert version_tuple("6.12.0rc1") >= (6, 12)


def test_void_qt_calls_keep_none_references(qtbot) -> None:
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QPlainTextEdit, QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    document = QTextDocument("x")

    before = sys.getrefcount(None)
    for n in range(CALLS):
        widget.setWindowTitle("x")
        edit.setReadOnly(n % 2 == 0)
        document.setPlainText("y")
    dropped = before - sys.getrefcount(None)
    assert dropped <= TOLERANCE, f"{dropped} references to None lost in {CALLS} void Qt calls"
    assert widget.windowTitle() == "x" and edit.isReadOnly() is False
