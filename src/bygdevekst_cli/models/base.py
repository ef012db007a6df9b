"""The common base for every model read from a pilot's YAML files."""

from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

from bygdevekst_cli.models.meta import Meta
from bygdevekst_cli.types import Text


class Model(BaseModel):
    """Strict boundary model: unknown keys are errors, values are never silently coerced."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_enum_values=False,
        str_strip_whitespace=False,
        validate_default=False,
    )


def empty_list() -> list[Any]:
    """The ``default_factory`` of a list field (``Field(default_factory=empty_list)``).

    Not the built-in ``list``: pydantic reads the signature of every default factory while
    it builds a model, and a built-in's is parsed from its text signature (with
    ``tokenize``, whose patterns compile on first use), about 0.1 ms a field: some 8 ms of
    every command that loads the models. A Python function's signature is read directly.
    """
    return []


def empty_dict() -> dict[Any, Any]:
    """The ``default_factory`` of a mapping field (see ``empty_list``)."""
    return {}


#: The ``assumed`` map of a model: field name -> the note saying what the value rests on.
Assumed = dict[str, Text]


class AssumedValues(Model):
    """Mixin for a model with an ``assumed`` map: field name -> why the value is assumed.

    A value that is assumed rather than known is written as usual and named in ``assumed``;
    every document marks it «(antatt)» with the note. The class that uses the mixin declares
    the field itself, last, as ``assumed: Assumed = Field(default_factory=empty_dict)``, so that it
    stands after the fields it speaks of. A key must name a field of the model that has a
    value (an unknown value is left out, not assumed).
    """

    @model_validator(mode="after")
    def _assumed_fields_exist_and_have_values(self) -> Self:
        assumed: dict[str, str] = getattr(self, "assumed", {})
        if not assumed:
            return self  # nothing assumed: the common case, checked without a field list
        fields = [name for name in type(self).model_fields if name != "assumed"]
        for name in assumed:
            if name not in fields:
                raise model_error(
                    "schema.AssumedValues.errors.unknown_field",
                    field=name,
                    fields=", ".join(fields),
                )
            if getattr(self, name) in (None, [], {}):
                raise model_error("schema.AssumedValues.errors.no_value", field=name)
        return self

    def assumption(self, field: str) -> str | None:
        """The note when ``field`` is assumed, else None."""
        assumed: dict[str, str] = getattr(self, "assumed", {})
        return assumed.get(field)


class Language(StrEnum):
    """Written standard (målform)."""

    NYNORSK = "nn"
    BOKMAAL = "nb"


SCHEMA_VERSION: Literal[2] = 2
"""The version of the file format this tool writes (``schema_version``, every file's first key)."""


def _version_one_is_migrated(value: Any) -> Any:
    """``schema_version: 1`` written out is version 1, as a file without the key is:
    the message says to run ``migrate`` (which rewrites it), not «the allowed value is 2».
    (Version 1 files never had the key, so no old revision holds it.)"""
    if type(value) is int and value == 1:
        raise model_error("rule.BV016.old", current=SCHEMA_VERSION)
    return value


class Versioned(Model):
    """A whole file: its first key names the version of the format it is written in.

    Version 1 files (before the key existed) still load, so old git revisions can be read;
    ``validate`` says to run ``bygdevekst migrate`` on them (BV016).
    """

    schema_version: Annotated[
        Literal[2],
        BeforeValidator(_version_one_is_migrated),
        Meta(not_compared="the version of the file format, which migrate changes; no content"),
    ] = SCHEMA_VERSION
    """A validator of this one field, not the class's (``field_validator``): a class
    validator makes ``plan_pieces`` validate each plan of a history whole."""


def model_error(key: str, **slots: Any) -> PydanticCustomError:
    """A broken rule between a model's fields, raised from its validator.

    ``key`` names the message in the word catalogues (``schema.<ModelClass>.errors.*``);
    ``schema_errors`` words it in the reader's language with ``slots``.
    """
    return PydanticCustomError(MODEL_RULE, "{key}", {"key": key, **slots})


#: The pydantic error type of ``model_error``.
MODEL_RULE = "model_rule"
