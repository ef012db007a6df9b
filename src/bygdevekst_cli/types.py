"""Reusable constrained types shared by the models.

Each type carries its Norwegian description for editor tooltips where that helps, and
raises a pydantic error whose ``type`` is a stable name that ``findings`` maps to a code.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

#: Identifier of a party, pilot or measure: stable, lower case, safe in file names.
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=64),
    Field(
        description=(
            "Fast ID: små bokstaver, tall, punktum og bindestrek (f.eks. «fyresdal», «1.4»)."
        )
    ),
]

#: Official four-digit municipality number (kommunenummer), kept as text: it may start with 0.
MunicipalityNumber = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}$"),
    Field(description='Offisielt kommunenummer med fire sifre, som tekst (f.eks. "4032").'),
]

Year = Annotated[int, Field(ge=2000, le=2100, strict=True, description="Årstall, f.eks. 2026.")]

Percent = Annotated[int, Field(ge=0, le=100, strict=True, description="Prosent, heltall 0–100.")]


def _whole_kroner(value: Any) -> Any:
    """Money is whole, non-negative kroner; reject floats and booleans before int coercion."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError(
            "kroner",
            "Beløp må være hele kroner (heltall uten desimaler eller mellomrom), fikk {value!r}",
            {"value": value},
        )
    if value < 0:
        raise PydanticCustomError(
            "kroner", "Beløp kan ikke være negativt, fikk {value}", {"value": value}
        )
    return value


Kroner = Annotated[
    int,
    BeforeValidator(_whole_kroner),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": 0,
            "description": "Beløp i hele kroner, uten desimaler (f.eks. 2000000).",
        }
    ),
]


class _Prose:
    """Marks text written in the pilot's written standard (checked by the language rule)."""

    def __repr__(self) -> str:
        return "PROSE"


PROSE = _Prose()

#: Running text in the pilot's written standard: descriptions, reasons, assessments.
Text = Annotated[str, StringConstraints(min_length=1), PROSE]

#: A proper name or title (of a person, body or party): not checked for written standard.
Name = Annotated[str, StringConstraints(min_length=1)]
