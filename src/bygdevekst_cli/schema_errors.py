"""Pydantic validation errors as findings: a message from the catalogue, a stable code, file
and line."""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bygdevekst_cli.annotations import strip_annotated
from bygdevekst_cli.findings import Finding, Severity, YamlPath, cut, shown_value, visible
from bygdevekst_cli.language import Words, cli_words, words
from bygdevekst_cli.loader import SourceMap, typed_at
from bygdevekst_cli.models.base import MODEL_RULE
from bygdevekst_cli.types import MAX_KRONER, PRINTABLE, UNION_TAGS


class SchemaCode:
    MISSING = "BV101"
    UNKNOWN_FIELD = "BV102"
    INVALID = "BV103"
    KRONER = "BV104"


_MERGE_KEY = "<<"
"""YAML 1.1's merge key: the loader reads YAML 1.2, where it is a key like any other (and
the anchor it would merge from is refused, BV005)."""

_PATTERN_KEYS: dict[str, str] = {
    r"^[a-z0-9][a-z0-9._-]*$": "schema.pattern_id",
    r"^\d{4}$": "schema.pattern_municipality_number",
}


def findings_from_validation_error(
    error: ValidationError,
    model: type[BaseModel],
    source: SourceMap,
    display: str,
    language: str | None = None,
    raw: Callable[[], bytes] | None = None,
    data: Any = None,
) -> Iterator[Finding]:
    """One finding per pydantic error, worded in ``language`` (default: the command line's).

    ``raw`` gives the file's bytes again, so that a number is quoted as it was typed
    (``2.10``, ``0301``), not as YAML read it (2.1, 301); without it, as read. ``data``:
    what was validated, for the path a message starts with (``shown_path``)."""
    w = words(language) if language is not None else cli_words()
    as_typed = _AsTyped(source, raw)
    for detail in error.errors(include_url=False):
        loc: YamlPath = tuple(
            part for part in detail["loc"] if part != "[key]" and part not in UNION_TAGS
        )
        kind = detail["type"]
        if kind == "missing":
            code, key = SchemaCode.MISSING, False
            message = w("schema.missing", name=cut(str(loc[-1])))
            loc_for_position: YamlPath = loc[:-1]
        elif kind == "extra_forbidden" and loc[-1] == _MERGE_KEY:  # «<<: {sub_goal: 2}»
            code, key = SchemaCode.UNKNOWN_FIELD, True
            message, loc_for_position = w("schema.merge_key"), loc
        elif kind == "extra_forbidden":
            code, key = SchemaCode.UNKNOWN_FIELD, True
            message = w("schema.unknown_field", name=cut(visible(str(loc[-1]))))
            message += _suggestion(model, loc, w)
            loc_for_position = loc
        else:
            code = SchemaCode.KRONER if kind == "kroner" else SchemaCode.INVALID
            key = detail["loc"][-1:] == ("[key]",)
            if key and _is_number(detail["input"]):  # pydantic names a key 1.1 by «1.1»
                loc = (*loc[:-1], detail["input"])
            message = _message(detail, w, as_typed(loc, detail["input"], key=key))
            loc_for_position = loc
        line, column = source.locate(loc_for_position, key=key) or (None, None)
        where = cut(shown_path(loc, data))
        prefix = f"{where}: " if where else ""
        yield Finding(Severity.ERROR, code, prefix + message, display, line, column, loc)


_PLAIN_KEY = re.compile(r"[\w-]+")
"""A key shown as it is in a path; any other (``1.1``, one with a space) is quoted."""


def shown_path(loc: YamlPath, data: Any) -> str:
    """``loc`` as a reader finds it in the file ``data`` was read from: keys by name, joined
    by dots, a key that is not a plain word in «» (``cost_shares.«1.1»``, not a path one
    step deeper), and a list's item by its ``id`` when that names one item only
    (``measures[id «1.1»]``), else (or when the id itself is wrong) by its place counted
    from 1 (``grants[2]``). Before, ``measures.0.cost_shares.1.1``: the first measure as 0,
    and a key 1.1 as two steps."""
    shown: list[str] = []
    node = data
    for index, step in enumerate(loc):
        if type(step) is int and type(node) is list:
            item = node[step] if 0 <= step < len(node) else None
            ident = item.get("id") if type(item) is dict else None
            ids = [other.get("id") for other in node if type(other) is dict]
            unique = isinstance(ident, str) and ident != "" and ids.count(ident) == 1
            unique = unique and loc[index + 1 : index + 2] != ("id",)
            shown.append(f"[id «{visible(str(ident))}»]" if unique else f"[{step + 1}]")
            node = item
            continue
        key = visible(str(step))
        key = key if _PLAIN_KEY.fullmatch(key) else f"«{key}»"
        shown.append(f".{key}" if shown else key)
        node = node.get(step) if type(node) is dict else None
    return "".join(shown)


class _AsTyped:
    """A number's text as it stands in the file, read again on this error path only."""

    def __init__(self, source: SourceMap, raw: Callable[[], bytes] | None) -> None:
        self.source, self.raw = source, raw
        self.bytes: bytes | None = None

    def __call__(self, loc: YamlPath, value: Any, *, key: bool = False) -> str | None:
        if self.raw is None or not _is_number(value):
            return None
        position = self.source.keys.get(loc) if key else self.source.value_at(loc)
        if position is None:
            return None
        if self.bytes is None:
            try:
                self.bytes = self.raw()
            except OSError:  # gone since it was read: the number as YAML read it
                self.raw = None
                return None
        return typed_at(self.bytes, position, value)


def _message(detail: ErrorDetails, w: Words, typed: str | None = None) -> str:
    """The message for one error; ``typed``: the value as it stands in the file, when it is
    a number YAML read (``2.10`` for 2.1)."""
    kind = detail["type"]
    ctx: dict[str, Any] = dict(detail.get("ctx") or {})
    shown = typed if typed is not None else shown_value(detail["input"], w)
    if kind == "kroner":
        suggested = _kroner_as_written(ctx["value"]) if ctx["reason"] == "whole" else None
        if suggested is not None:
            return w("schema.kroner.written", value=shown, suggested=suggested)
        reason = _kroner_reason(ctx["value"], ctx["reason"])
        same = typed is not None and ctx["value"] == detail["input"]
        return w(f"schema.kroner.{reason}", value=shown if same else shown_value(ctx["value"], w))
    if kind == "percent":
        slots = {**ctx, "value": shown_value(ctx["value"], w)}
        return w(f"schema.percent.{slots.pop('reason')}", **slots)
    if kind == "date_range":
        return w("schema.date_range", value=ctx["value"], first=ctx["first"], last=ctx["last"])
    if kind == MODEL_RULE:
        return w(ctx.pop("key"), **ctx)
    if kind == "value_error":
        return cut(str(ctx.get("error", detail["msg"])), 300)
    if kind in ("enum", "literal_error"):
        if _is_digits(detail["input"]) and _is_choice(detail["input"], str(ctx.get("expected"))):
            return w("schema.text_for_number", value=shown)  # «schema_version: "2"»
        expected = _choices(str(ctx.get("expected", "")), w.sentence("schema.choice"))
        return w("schema.choice", value=shown, expected=expected)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == PRINTABLE:
        if isinstance(detail["input"], str) and not detail["input"].strip():  # spaces alone
            return w("schema.got", message=w("schema.type.string_too_short"), value=shown)
        return w("schema.pattern_printable")  # not the value: it would carry the characters
    if kind == "string_pattern_mismatch":
        hint = w(_PATTERN_KEYS.get(str(ctx.get("pattern")), "schema.pattern_other"))
        return f"{shown}: {hint}"
    if kind in ("date_parsing", "date_from_datetime_parsing") and isinstance(detail["input"], str):
        told = _date_as_written(detail["input"], shown, w)
        if told is not None:
            return told
    if kind == "string_type" and _is_number(detail["input"]):
        read = shown_value(detail["input"], w)
        if typed is not None and typed != read:  # «2.10» read as 2.1, «0301» as 301
            return w("schema.number_for_text_read", value=typed, read=read)
        return w("schema.number_for_text", value=shown)
    if kind == "bool_type":
        told = _bool_as_written(detail["input"], w)
        if told is not None:
            return told
    if kind == "int_type" and _is_digits(detail["input"]):  # «year: '2026'»
        return w("schema.text_for_number", value=shown)
    whole = detail["input"]
    if kind in ("int_type", "int_from_float") and type(whole) is float and whole.is_integer():
        return w("schema.float_for_whole", value=shown, suggested=int(whole))  # «2025.0»
    years = _years(detail["input"]) if kind == "int_type" else None
    if years is not None:  # «year: 2026/2027»
        return w("schema.years_for_year", value=shown, first=years[1])
    if w.has(f"schema.type.{kind}"):
        return w("schema.got", message=w(f"schema.type.{kind}", **ctx), value=shown)
    return w("schema.invalid", value=shown, detail=cut(detail["msg"]))


_YAML11_BOOLEANS = {
    **dict.fromkeys(("yes", "y", "on"), True),
    **dict.fromkeys(("no", "n", "off"), False),
}
"""Words YAML 1.1 (PyYAML, older editors) reads as true or false, and YAML 1.2 as text."""


def _bool_as_written(value: Any, w: Words) -> str | None:
    """What to write for a yes-or-no typed as YAML 1.1 has it (``yes``, ``off``), as a
    number (``1``, ``0``) or in quotation marks (``"true"``); None for anything else."""
    if isinstance(value, str) and value.strip().lower() in _YAML11_BOOLEANS:
        meant = "true" if _YAML11_BOOLEANS[value.strip().lower()] else "false"
        return w("schema.bool_yaml11", value=cut(value), meant=meant)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return w("schema.bool_quoted", value=cut(value), meant=value.strip().lower())
    if type(value) is int and value in (0, 1):
        return w("schema.bool_number", value=value, meant="true" if value else "false")
    return None


def _date_as_written(value: str, shown: str, w: Words) -> str | None:
    """What to write for a date people type: ``1.3.2026`` or ``1. mars 2026`` (as
    Norwegians write it) or ``2026-3-1`` is ``2026-03-01``; ``2026-02-30`` is in the right
    form and no day of the calendar. None for anything else (the general message)."""
    # only for a date written wrong: the import's patterns stay off validate's path
    from bygdevekst_cli.importer.dates import DATE, day_of

    found = DATE.fullmatch(value.strip())
    if found is None:
        return None
    date = day_of(found)
    if date is None:
        return w("schema.not_in_calendar", value=shown)
    return w("schema.date_as_iso", value=shown, iso=date.isoformat())


def _kroner_as_written(value: Any) -> int | None:
    """The whole kroner a wrong amount means, when it says so without a guess: text as
    people write it («1 500 000», «1.500.000», «kr 200 000», «1,5 mill», a number in
    quotation marks), thousands set apart by ``_`` («1_000_000») or a float with no fraction
    (``1e6``, ``600000.0``); None else."""
    if isinstance(value, float) and value.is_integer():
        amount: int | None = int(value)
    elif not isinstance(value, str) or len(value) > _LONGEST_AMOUNT:
        return None
    elif _DIGIT_GROUPS.fullmatch(value):
        amount = int(value.replace("_", ""))
    else:
        # only for an amount written wrong: the import's patterns stay off validate's path
        from bygdevekst_cli.importer.amounts import kroner_from_text

        amount = kroner_from_text(value)
    return amount if amount is not None and 0 <= amount < MAX_KRONER else None


_YAML_INTEGER = re.compile(
    r"[-+]?0(?:x[0-9a-f_]+|o[0-7_]+|b[01_]+)|\+[0-9_]+|[0-9]*_[0-9_]*", re.IGNORECASE
)
"""An integer only YAML reads (``0x10``, ``0o17``, ``0b101``, ``+5``, ``1_5``), which the
loader keeps as the text typed (``loader._DECIMAL``)."""
_DIGIT_GROUPS = re.compile(r"[0-9]{1,3}(?:_[0-9]{3})+")
"""Thousands set apart by ``_`` (``1_000_000``): the amount it means, without a guess."""
_LONGEST_AMOUNT = 100
"""No amount below ``MAX_KRONER`` is written in more characters, however it is spelt."""


def _kroner_reason(value: Any, reason: str) -> str:
    """The message for an amount with no amount to suggest: digits alone are too many for
    any amount; an integer only YAML reads is to be written in digits."""
    if reason != "whole" or not isinstance(value, str):
        return reason
    if value.isascii() and value.isdecimal():
        return "too_large"
    return "digits" if _YAML_INTEGER.fullmatch(value) else reason


def _is_number(value: Any) -> bool:
    """Whether YAML read ``value`` as a number: an id written ``1.10`` is the number 1.1,
    and the message must say why the text the editor shows became another."""
    return isinstance(value, int | float) and not isinstance(value, bool)


_YEARS = re.compile(r"(\d{4})\s*[/–—-]\s*(?:\d{2}|\d{4})")
"""Two years as a span («2026/2027», «2026–27»): YAML reads it as text."""


def _years(value: Any) -> re.Match[str] | None:
    return _YEARS.fullmatch(value.strip()) if isinstance(value, str) else None


def _is_digits(value: Any) -> bool:
    """Whether ``value`` is a text of the digits 0-9 only (a number in quotation marks)."""
    return isinstance(value, str) and value.isascii() and value.isdecimal()


def _suggestion(model: type[BaseModel], loc: YamlPath, w: Words) -> str:
    """Name the closest allowed field, for typos such as ``titel`` for ``title``."""
    owner = _model_at(model, loc[:-1])
    if owner is None:
        return ""
    allowed = list(owner.model_fields)
    typed = str(loc[-1])
    close = difflib.get_close_matches(typed, allowed, n=1, cutoff=0.6) or _named(typed, allowed)
    if close:
        return w("schema.suggestion", name=close[0])
    return w("schema.allowed", names=", ".join(allowed))


_PLAIN_LETTERS = str.maketrans({0xE5: "a", 0xF8: "o", 0xE6: "ae"})
"""å, ø and æ as typed without them (by code point: the letters are the catalogues')."""


def _plain(word: str) -> str:
    """A word as typed without Norwegian letters: «delmål», «delmaal» and «delmal» alike."""
    return word.lower().replace("aa", "a").translate(_PLAIN_LETTERS)


def _named(typed: str, allowed: list[str]) -> list[str]:
    """The allowed field whose Norwegian name ``typed`` is («delmål» for ``sub_goals``),
    from ``schema.field_words`` in Nynorsk and Bokmål alike: a writer keys in the word they
    know, whatever the pilot's written standard."""
    by_word = {
        _plain(word): field
        for language in ("nn", "nb")
        for field in allowed
        for word in (words(language).get(f"schema.field_words.{field}") or "").split()
    }
    close = difflib.get_close_matches(_plain(typed), by_word, n=1, cutoff=0.8)
    return [by_word[close[0]]] if close else []


_QUOTED = re.compile(r"'([^']*)'")


def _is_choice(digits: str, expected: str) -> bool:
    """Whether pydantic's list of allowed values (``1 or 2``) has the number ``digits``
    (unquoted: a number, where a quoted ``'2'`` would be a text)."""
    return digits in re.split(r",? or |, ", expected)


def _choices(expected: str, w: Words) -> str:
    """pydantic's list of allowed values (``'nn' or 'nb'``, English) in the catalogue's
    words: ``nn eller nb``; left as it is when it quotes no value."""
    values = _QUOTED.findall(expected)
    return w.join(values, "or") if values else expected


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
