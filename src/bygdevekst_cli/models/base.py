"""The common base for every model read from a pilot's YAML files."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Strict boundary model: unknown keys are errors, values are never silently coerced."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_enum_values=False,
        str_strip_whitespace=False,
        validate_default=False,
    )


class Language(StrEnum):
    """Written standard (målform)."""

    NYNORSK = "nn"
    BOKMAAL = "nb"
