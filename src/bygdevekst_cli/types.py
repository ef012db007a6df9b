"""Reusable constrained types shared by the models.

Each type carries its Norwegian description for editor tooltips where that helps (Bokmål,
from the catalogue table ``cli.help.schema``, as the models' descriptions), and
raises a pydantic error whose ``type`` is a stable name that ``findings`` maps to a code.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_DOWN, Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from bygdevekst_cli.language import words

#: The schema's descriptions are in Bokmål, like the models' own.
_say = words("nb")

MAX_KRONER = 10**12
"""Amounts stop below this (a thousand billion kroner): more is a typing mistake, and
documents would not hold it."""

FIRST_YEAR, LAST_YEAR = 2000, 2100
"""Every year and date of the scheme lies in this span (as ``Year`` does)."""

UNION_TAGS = ("<amount>", "<line>")
"""The tags of a field that holds either a bare value or a mapping (a budget amount): they
appear in pydantic's error locations and are no part of the YAML path."""


#: Identifier of a party, pilot or measure: stable, lower case, safe in file names.
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=64),
    Field(description=_say("cli.help.schema.id")),
]

#: Official four-digit municipality number (kommunenummer), kept as text: it may start with 0.
MunicipalityNumber = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}$"),
    Field(description=_say("cli.help.schema.municipality_number")),
]

#: A yes-or-no field: ``true`` or ``false`` as YAML 1.2 reads them, nothing else. Pydantic
#: would take ``yes``, ``no``, ``on``, ``off`` (text in YAML 1.2), ``1``, ``0`` and ``"true"``
#: too, which a YAML 1.1 reader (PyYAML, older editors) reads otherwise or not at all:
#: the file must mean the same to every tool that reads it.
Flag = Annotated[bool, Field(strict=True)]

Year = Annotated[
    int,
    Field(ge=FIRST_YEAR, le=LAST_YEAR, strict=True, description=_say("cli.help.schema.year")),
]

PERCENT_PLACES = 2
"""Decimals a percentage may have: a share municipalities write in their documents
(«12,5 %» of eight, «33,33 %» of three) has at most two, and a hundredth of a per cent is
finer than any amount the shares divide needs (0,01 % of a million kroner is 100 kr)."""

_HUNDREDTH = Decimal(1).scaleb(-PERCENT_PLACES)
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
"""A number with a decimal comma, as Norwegian writes it: YAML reads it as text."""
_PERCENT_SIGN = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
"""A number with a per cent sign, as documents write it («60 %»): YAML reads it as text."""


def percent_value(value: Any) -> Any:
    """A percentage from 0 to 100 with at most ``PERCENT_PLACES`` decimals: a whole number
    stays an ``int`` (as every percentage was before decimals were allowed, so documents and
    JSON of whole ones are unchanged), any other a ``Decimal`` of the digits as written
    (YAML's ``12.5`` is a float; its shortest form ``repr`` gives is the text written).

    The error's ``reason`` picks the message in the catalogue (``schema.percent.*``); the
    importer asks the same of a weight it reads, so that there is one rule of what a
    percentage may be.
    """
    if type(value) is int and 0 <= value <= 100:
        return value
    context: dict[str, Any] = {}
    signed = _PERCENT_SIGN.fullmatch(value.strip()) if isinstance(value, str) else None
    if signed is not None:  # «60 %», «12,5 %»
        reason, context["suggested"] = "sign", signed[1].replace(",", ".")
    elif isinstance(value, str) and _DECIMAL_COMMA.fullmatch(value.strip()):  # «12,5»
        reason, context["suggested"] = "comma", value.strip().replace(",", ".")
    elif isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        reason = "number"
    else:
        exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not exact.is_finite():
            reason = "number"
        elif not 0 <= exact <= 100:
            reason = "range"
        elif exact != exact.quantize(_HUNDREDTH, rounding=ROUND_DOWN):
            reason = "places"
        else:
            return int(exact) if exact == exact.to_integral_value() else exact.normalize()
    raise PydanticCustomError(
        "percent",
        "percentage must be 0-100 with at most two decimals ({reason})",
        {"reason": reason, "value": value, **context},
    )


def plain_percent(value: int | Decimal) -> int | float:
    """A percentage as YAML and JSON write it: a number (a ``Decimal``'s two places are
    exact in a float's shortest form), never the text pydantic would make of it."""
    return value if isinstance(value, int) else float(value)


#: A percentage, 0-100: ``60``, or with at most two decimals, ``12.5`` (see ``percent_value``).
Percent = Annotated[
    int | Decimal,
    BeforeValidator(percent_value),
    WithJsonSchema(
        {
            "type": "number",
            "minimum": 0,
            "maximum": 100,
            "description": _say("cli.help.schema.percent"),
        }
    ),
]


def _whole_kroner(value: Any) -> Any:
    """Money is whole, non-negative kroner below ``MAX_KRONER``; reject floats and booleans.

    The error's ``reason`` picks the message in the catalogue (``schema.kroner.*``). A plain
    amount in range (nearly every one) is passed on by the first test.
    """
    if type(value) is int and 0 <= value < MAX_KRONER:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        reason = "whole"
    elif value < 0:
        reason = "negative"
    elif value >= MAX_KRONER:
        reason = "too_large"
    else:
        return value
    raise PydanticCustomError(
        "kroner",
        "amount must be whole non-negative kroner below 10^12 ({reason})",
        {"reason": reason, "value": value},
    )


def _date_in_span(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError(
            "date_range",
            "date must lie in the years {first}-{last}",
            {"first": FIRST_YEAR, "last": LAST_YEAR, "value": value.isoformat()},
        )
    return value


#: A date within the scheme's years (2000-2100), written ``2026-02-19``.
Date = Annotated[dt.date, AfterValidator(_date_in_span)]


Kroner = Annotated[
    int,
    BeforeValidator(_whole_kroner),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": 0,
            "description": _say("cli.help.schema.kroner"),
        }
    ),
]


_CONTROL = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\ufffe\\uffff"
PRINTABLE = f"^[^{_CONTROL}]*[^\\s{_CONTROL}][^{_CONTROL}]*$"
"""Text without control characters (but tab and line breaks): the escapes of a quoted YAML
string (``"\\0"``, ``"\\x07"``, ``"\\e"``) make them, and no document can hold them (XML,
hence DOCX and HTML, forbids them). Nor blank: a text of spaces alone says nothing, and a
closed measure's ``assessment: " "`` would pass for the assessment BV208 asks for."""


class _Prose:
    """Marks text written in the pilot's written standard (checked by the language rule)."""

    def __repr__(self) -> str:
        return "PROSE"


PROSE = _Prose()

#: Running text in the pilot's written standard: descriptions, reasons, assessments.
Text = Annotated[str, StringConstraints(min_length=1, pattern=PRINTABLE), PROSE]

#: A proper name or title (of a person, body or party): not checked for written standard.
Name = Annotated[str, StringConstraints(min_length=1, pattern=PRINTABLE)]
