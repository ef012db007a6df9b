"""The common base for every model read from a pilot's YAML files."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticCustomError


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


SCHEMA_VERSION: Literal[2] = 2
"""The version of the file format this tool writes (``schema_version``, every file's first key)."""


class Versioned(Model):
    """A whole file: its first key names the version of the format it is written in.

    Version 1 files (before the key existed) still load, so old git revisions can be read;
    ``validate`` says to run ``bygdevekst migrate`` on them (BV016).
    """

    schema_version: Literal[2] = SCHEMA_VERSION


def model_error(key: str, **slots: Any) -> PydanticCustomError:
    """A broken rule between a model's fields, raised from its validator.

    ``key`` names the message in the word catalogues (``schema.<ModelClass>.errors.*``);
    ``schema_errors`` words it in the reader's language with ``slots``.
    """
    return PydanticCustomError(MODEL_RULE, "{key}", {"key": key, **slots})


#: The pydantic error type of ``model_error``.
MODEL_RULE = "model_rule"
