"""``@record``: a frozen, slotted dataclass whose equality, hash and repr are shared.

``@dataclass(frozen=True, slots=True)`` writes six methods for each class as
source and compiles each one on its own (Python 3.11); for the 18 classes of
:mod:`workbench.core.model` that is about 12 ms of every start of the window and
of the command line. Equality, hash and repr do the same thing for every class,
so they are written once here, and ``@dataclass`` generates only ``__init__``
and the two methods that keep instances frozen. They behave as the generated
ones: equal when of the same class with equal fields, hashed on the fields, shown
as ``Name(field=value, ...)``. The classes stay dataclasses (``fields``,
``replace`` and ``asdict`` work on them).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


class Record:
    """The shared methods; :func:`record` gives each class its ``_values``."""

    __slots__ = ()
    _values: Any  # attrgetter over the fields: the instance's field values, as a tuple
    _names: tuple[str, ...]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values(self) == other._values(other)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names)
        return f"{self.__class__.__qualname__}({shown})"


def record(cls: type[T]) -> type[T]:
    """Make ``cls`` (a subclass of :class:`Record`) a frozen, slotted dataclass."""
    cls = dataclass(frozen=True, slots=True, eq=False, repr=False)(cls)
    names = tuple(f.name for f in fields(cls))
    getter = attrgetter(*names)
    cls._names = names  # type: ignore[attr-defined]
    # attrgetter of one name returns the value, not a 1-tuple; either compares and hashes the same
    cls._values = getter  # type: ignore[attr-defined]
    return cls
