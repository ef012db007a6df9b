"""Indicators: how a sub-goal is measured (on the agreement), and the values a plan reports.

An indicator has a baseline and a target, each a year and a value; a plan's
``indicator_values`` give the measured value for a year. Values may be decimals (a share in
per cent), but never booleans or text.
"""

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from bygdevekst_cli.models.base import Assumed, AssumedValues, Model, empty_dict
from bygdevekst_cli.models.meta import Meta
from bygdevekst_cli.types import Id, Name, Text, Year


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("int_type", "value must be a number", {"value": value})
    return value


#: A measured value: a whole number where it counts things, else a decimal.
Value = Annotated[int | float, BeforeValidator(_number)]


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class Point(Model):
    """A value in a given year (a baseline or a target)."""

    year: Annotated[Year, Meta(compared=True, label="doc.indicators.year")]
    value: Annotated[Value, Meta(compared=True, label="doc.indicators.value")]


class Indicator(Model):
    """An indicator of a sub-goal: what is measured, from where, and which way is better."""

    id: Annotated[Id, Meta(key=True)]
    title: Annotated[Text, Meta(compared=True)]
    unit: Annotated[Name, Meta(compared=True, label="doc.indicators.unit")]
    source: Annotated[Name | None, Meta(compared=True, label="doc.indicators.source")] = None
    direction: Annotated[Direction, Meta(compared=True, label="doc.indicators.direction")]
    baseline: Annotated[Point | None, Meta(compared=True, label="doc.indicators.baseline")] = None
    target: Annotated[Point | None, Meta(compared=True, label="doc.indicators.target")] = None


class IndicatorValue(AssumedValues):
    """An indicator's measured value in one year, as a plan reports it."""

    indicator: Annotated[Id, Meta(key=True)]
    """An indicator id of a sub-goal of the agreement (rule BV245)."""
    year: Annotated[Year, Meta(key=True)]
    value: Annotated[Value, Meta(compared=True, label="doc.indicators.value")]
    source: Annotated[Name | None, Meta(compared=True, label="doc.indicators.source")] = None
    note: Annotated[Text | None, Meta(compared=True)] = None
    assumed: Annotated[
        Assumed, Meta(not_compared="a note on why the value is assumed; the value is compared")
    ] = Field(default_factory=empty_dict)
