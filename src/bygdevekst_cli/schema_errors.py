"""Pydantic validation errors as findings: Norwegian message, stable code, file and line."""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bygdevekst_cli.annotations import strip_annotated
from bygdevekst_cli.findings import Finding, Severity, YamlPath
from bygdevekst_cli.loader import SourceMap


class SchemaCode:
    MISSING = "BV101"
    UNKNOWN_FIELD = "BV102"
    INVALID = "BV103"
    KRONER = "BV104"


_TYPE_MESSAGES: dict[str, str] = {
    "string_type": "Forventet tekst",
    "int_type": "Forventet et heltall",
    "int_parsing": "Forventet et heltall",
    "int_from_float": "Forventet et heltall, ikke et desimaltall",
    "bool_type": "Forventet true eller false",
    "bool_parsing": "Forventet true eller false",
    "list_type": "Forventet en liste (linjer som starter med «- »)",
    "dict_type": "Forventet en tabell med felt (nøkkel: verdi)",
    "model_type": "Forventet en tabell med felt (nøkkel: verdi)",
    "model_attributes_type": "Forventet en tabell med felt (nøkkel: verdi)",
    "date_type": "Forventet en dato på formen ÅÅÅÅ-MM-DD",
    "date_parsing": "Forventet en dato på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "Forventet en dato på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_inexact": "Forventet en dato uten klokkeslett (ÅÅÅÅ-MM-DD)",
    "string_too_short": "Teksten kan ikke være tom",
    "too_short": "Listen må ha minst {min_length} element",
    "greater_than_equal": "Verdien må være minst {ge}",
    "less_than_equal": "Verdien kan være høyst {le}",
    "string_too_long": "Teksten kan være høyst {max_length} tegn",
    "frozen_instance": "Verdien kan ikke endres",
}

_PATTERN_MESSAGES: dict[str, str] = {
    r"^[a-z0-9][a-z0-9._-]*$": (
        "ID-en kan bare ha små bokstaver a–z, tall, punktum og bindestrek, og må starte med"
        " bokstav eller tall (f.eks. «fyresdal» eller «1.4»)"
    ),
    r"^\d{4}$": 'Kommunenummeret må ha fire sifre og stå i anførselstegn (f.eks. "4032")',
}


def findings_from_validation_error(
    error: ValidationError, model: type[BaseModel], source: SourceMap, display: str
) -> Iterator[Finding]:
    for detail in error.errors(include_url=False):
        loc: YamlPath = tuple(part for part in detail["loc"] if part != "[key]")
        kind = detail["type"]
        if kind == "missing":
            code, key = SchemaCode.MISSING, False
            message = f"Mangler påkrevd felt «{loc[-1]}»"
            loc_for_position: YamlPath = loc[:-1]
        elif kind == "extra_forbidden":
            code, key = SchemaCode.UNKNOWN_FIELD, True
            message = f"Ukjent felt «{loc[-1]}»" + _suggestion(model, loc)
            loc_for_position = loc
        else:
            code = SchemaCode.KRONER if kind == "kroner" else SchemaCode.INVALID
            key = detail["loc"][-1:] == ("[key]",)
            message = _message(detail)
            loc_for_position = loc
        line, column = source.locate(loc_for_position, key=key) or (None, None)
        where = ".".join(str(part) for part in loc)
        prefix = f"{where}: " if where else ""
        yield Finding(Severity.ERROR, code, prefix + message, display, line, column, loc)


def _message(detail: ErrorDetails) -> str:
    kind = detail["type"]
    ctx: dict[str, Any] = dict(detail.get("ctx") or {})
    if kind == "kroner":
        return detail["msg"]
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"]))
    if kind == "enum":
        return f"Ugyldig verdi {_shown(detail['input'])}; tillatt er {ctx.get('expected', '')}"
    if kind == "literal_error":
        return f"Ugyldig verdi {_shown(detail['input'])}; tillatt er {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_MESSAGES.get(str(ctx.get("pattern")), "Verdien har feil form")
        return f"{_shown(detail['input'])}: {hint}"
    template = _TYPE_MESSAGES.get(kind)
    if template is not None:
        return f"{template.format(**ctx)}, fikk {_shown(detail['input'])}"
    return f"Ugyldig verdi {_shown(detail['input'])} ({detail['msg']})"


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "en tabell"
    if isinstance(value, list):
        return "en liste"
    if value is None:
        return "ingen verdi"
    text = repr(value) if not isinstance(value, str) else f"«{value}»"
    return text if len(text) <= 60 else text[:57] + "…»"


def _suggestion(model: type[BaseModel], loc: YamlPath) -> str:
    """Name the closest allowed field, for typos such as ``titel`` for ``title``."""
    owner = _model_at(model, loc[:-1])
    if owner is None:
        return ""
    allowed = list(owner.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return f"; mente du «{close[0]}»?"
    return "; tillatte felt er " + ", ".join(allowed)


def _model_at(model: type[BaseModel], loc: YamlPath) -> type[BaseModel] | None:
    """Follow ``loc`` through fields, lists and dicts to the model that holds its end."""
    current: Any = model
    for part in loc:
        current = strip_annotated(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        elif typing.get_origin(current) in (list, tuple):
            current = typing.get_args(current)[0]
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    current = strip_annotated(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None
