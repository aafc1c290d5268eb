"""``@record`` rows behave as ``@dataclass(frozen=True, slots=True)`` ones."""

from __future__ import annotations

import dataclasses

import pytest

from workbench.core.model import ActorName, Span
from workbench.core.record import Record, record


@record
class Pair(Record):
    left: int
    right: str = "r"


@dataclasses.dataclass(frozen=True, slots=True)
class GeneratedPair:
    left: int
    right: str = "r"


@record
class OtherPair(Record):
    left: int
    right: str = "r"


def test_equality_and_hash_follow_the_fields():
    assert Pair(1, "a") == Pair(1, "a")
    assert Pair(1, "a") != Pair(1, "b")
    assert hash(Pair(1, "a")) == hash(Pair(1, "a"))
    assert len({Pair(1, "a"), Pair(1, "a"), Pair(2, "a")}) == 2
    assert Pair(1) == Pair(1, "r")


def test_rows_of_another_class_are_never_equal():
    assert Pair(1, "a") != OtherPair(1, "a")
    assert Pair(1, "a") != (1, "a")
    assert (Pair(1, "a") == object()) is False


def test_repr_is_the_dataclass_repr():
    assert repr(Pair(1, "a")).removeprefix("Pair") == repr(GeneratedPair(1, "a")).removeprefix("GeneratedPair")
    assert repr(Span(1, 4, "abc", "", "d")) == "Span(start=1, end=4, quote='abc', prefix='', suffix='d')"


def test_one_field_rows_compare_and_hash():
    assert ActorName("Army") == ActorName("Army")
    assert ActorName("Army") != ActorName("army")
    assert {ActorName("Army"): 1}[ActorName("Army")] == 1


def test_frozen_slotted_and_still_a_dataclass():
    pair = Pair(1, "a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.left = 2  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        pair.extra = 1  # type: ignore[attr-defined]
    assert not hasattr(pair, "__dict__")
    assert [f.name for f in dataclasses.fields(pair)] == ["left", "right"]
    assert dataclasses.replace(pair, right="b") == Pair(1, "b")
    assert dataclasses.asdict(pair) == {"left": 1, "right": "a"}


def test_unhashable_fields_fail_as_with_dataclass():
    @record
    class Holder(Record):
        data: dict

    with pytest.raises(TypeError):
        hash(Holder({}))
    with pytest.raises(TypeError):
        hash(dataclasses.make_dataclass("G", [("data", dict)], frozen=True)({}))


def test_init_takes_keywords_defaults_and_checks_arguments():
    assert Pair(right="x", left=3) == Pair(3, "x")
    with pytest.raises(TypeError):
        Pair()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Pair(1, "a", "extra")  # type: ignore[call-arg]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del Pair(1).left


def test_post_init_runs():
    from workbench.core.model import ArticleQuery

    with pytest.raises(ValueError):
        ArticleQuery(order_by="nonsense")
    assert ArticleQuery(order_by="title").order_by == "title"


def test_copy_and_pickle_go_through_init():
    import copy
    import pickle

    span = Span(1, 4, "abc", "", "d")
    assert copy.copy(span) == span and copy.deepcopy(span) == span
    assert pickle.loads(pickle.dumps(span)) == span
    assert pickle.loads(pickle.dumps(ActorName("Army"))) == ActorName("Army")


def test_field_options_it_cannot_honour_are_refused():
    with pytest.raises(TypeError):
        @record
        class Listed(Record):
            items: list = dataclasses.field(default_factory=list)
