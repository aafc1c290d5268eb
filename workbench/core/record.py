"""``@record``: a frozen, slotted dataclass that costs one compiled method, not six.

``@dataclass(frozen=True, slots=True)`` writes six methods for each class as
source and compiles each one on its own (Python 3.11): ``__init__``, the two that
keep instances frozen, equality, hash and repr. For the row classes the window
loads at start that was about 12 ms (0.1-0.15 ms a method). Here ``__init__`` is
the only method compiled per class; the other five do the same thing for every
class, so :class:`Record` holds them once. They behave as the generated ones:
equal when of the same class with equal fields, hashed on the fields, shown as
``Name(field=value, ...)``, ``FrozenInstanceError`` on assignment, and
``__post_init__`` is called when the class has one. The classes stay dataclasses
(``fields``, ``replace``, ``asdict`` work on them); fields may have defaults,
not ``default_factory``, ``init=False`` or ``kw_only``.
"""

from __future__ import annotations

from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


class Record:
    """The shared methods; :func:`record` gives each class its ``__init__``,
    ``_names`` and ``_values`` (an attrgetter of its fields)."""

    __slots__ = ()
    _names: tuple[str, ...] = ()
    _values: Any = None

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values(self) == other._values(other)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:  # copy and pickle: through __init__
        return self.__class__, tuple(getattr(self, name) for name in self._names)


def record(cls: type[T]) -> type[T]:
    """Make ``cls`` (a subclass of :class:`Record`) a frozen, slotted dataclass."""
    cls = dataclass(slots=True, init=False, repr=False, eq=False)(cls)
    cls_fields = fields(cls)
    names = tuple(f.name for f in cls_fields)
    cls._names = names  # type: ignore[attr-defined]
    # attrgetter of one name returns the value, not a 1-tuple; either compares and hashes the same
    cls._values = attrgetter(*names)  # type: ignore[attr-defined]
    cls.__init__ = _init_of(cls, cls_fields)  # type: ignore[misc]
    return cls


def _init_of(cls: type, cls_fields: tuple[Field[Any], ...]) -> Any:
    """``__init__(self, field, ..., field=default)``, setting the slots past the frozen guard."""
    params, body, defaults = [], [], {}
    for f in cls_fields:
        if f.default_factory is not MISSING or not f.init or f.kw_only is True:
            raise TypeError(f"@record does not support {cls.__name__}.{f.name}'s field options")
        if f.default is MISSING:
            params.append(f.name)
        else:
            defaults[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set(self, {f.name!r}, {f.name})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass")
    namespace: dict[str, Any] = {}
    exec(source, {"_set": object.__setattr__, **defaults}, namespace)  # noqa: S102 (our own field names)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init
