"""Amounts of money and the shape of a budget amount, as the models read them: the quick
first test of ``_whole_kroner`` (a plain int in range) and the shape test of a budget
amount give what the full rules say, for every kind of value on both sides of each bound."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from bygdevekst_cli.models.plan import UNION_TAGS, BudgetAmount, BudgetLine
from bygdevekst_cli.types import MAX_KRONER, Kroner


class Sum(IntEnum):
    TEN = 10


class Big(int):
    pass


VALUES: list[Any] = [
    0, 1, 730000, MAX_KRONER - 1, MAX_KRONER, MAX_KRONER + 1, 10**30, -1, -(10**30),
    True, False, 0.0, 1.0, 2.5, float("nan"), "12", "", None, [1], {"amount": 1},
    Sum.TEN, Big(5), Big(-5), Big(MAX_KRONER),
]  # fmt: skip


def reason(value: Any) -> str | None:
    """What the money rules say of ``value``: None when it is an amount, else the reason."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "whole"
    if value < 0:
        return "negative"
    if value >= MAX_KRONER:
        return "too_large"
    return None


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_an_amount_is_read_as_the_rules_say(value: Any) -> None:
    expected = reason(value)
    if expected is None:
        read = TypeAdapter(Kroner).validate_python(value)
        assert read == value and type(read) is int
        return
    with pytest.raises(ValidationError) as raised:
        TypeAdapter(Kroner).validate_python(value)
    (error,) = raised.value.errors()
    assert error["type"] == "kroner"
    assert error["ctx"]["reason"] == expected


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_budget_amount_is_a_line_exactly_when_it_is_a_mapping(value: Any) -> None:
    adapter = TypeAdapter(BudgetAmount)
    try:
        read = adapter.validate_python(value)
    except ValidationError as error:
        tags = {e["loc"][0] for e in error.errors()}
        assert tags == {UNION_TAGS[1] if isinstance(value, dict) else UNION_TAGS[0]}
        return
    assert isinstance(read, BudgetLine) == isinstance(value, dict)


def test_a_line_given_as_a_line_stays_a_line() -> None:
    line = BudgetLine(amount=5)
    assert TypeAdapter(BudgetAmount).validate_python(line) == line
