"""JSON Schemas exported from the models, for editors (yaml-language-server) and other tools.

The field descriptions (the editors' tooltips) are not in the models: they live in the word
catalogues under ``schema.<ModelClass>.<field>`` and are filled in while the schema is
generated. A field a class inherits is looked up under each class of its MRO, so
``schema.Versioned.schema_version`` describes that field in every file.

The schemas are written in Bokmål (``SCHEMA_LANGUAGE``): one schema file per file kind is
shared by every pilot, Nynorsk and Bokmål alike, the ``# yaml-language-server`` line of a
file names it, and ``schema --check`` compares against one text. ``schema_for`` takes another
language for tools that want one.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from bygdevekst_cli.errors import NotWritable
from bygdevekst_cli.fsutil import atomic_write
from bygdevekst_cli.language import Words, words
from bygdevekst_cli.models import FILE_KINDS, FileKind

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The language of the exported schema files (see the module's docstring).
SCHEMA_LANGUAGE = "nb"


def description_key(model: type[BaseModel], field: str, w: Words) -> str | None:
    """The catalogue key describing ``field`` of ``model``: its own class's, else the
    nearest base class's that has one; None when no class of the MRO has one."""
    for cls in model.__mro__:
        if isinstance(cls, type) and issubclass(cls, BaseModel):
            key = f"schema.{cls.__name__}.{field}"
            if w.has(key):
                return key
    return None


class _DescribedSchema(GenerateJsonSchema):
    """Fills each model property's description from the catalogue of ``language``."""

    language = SCHEMA_LANGUAGE

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        model: type[BaseModel] = schema["cls"]
        w = words(self.language)
        for name, prop in json_schema.get("properties", {}).items():
            key = description_key(model, name, w)
            if key is not None:
                prop["description"] = w(key)
        return json_schema


@functools.cache
def _generator(language: str) -> type[GenerateJsonSchema]:
    return type(f"DescribedSchema_{language}", (_DescribedSchema,), {"language": language})


TYPE_DESCRIPTIONS = "cli.help.schema"
"""The catalogue table describing the shared types (``types.Id``, ``Kroner`` …): the types
carry its Bokmål text, bound once when the models are defined."""


def schema_for(kind: FileKind, language: str = SCHEMA_LANGUAGE) -> dict[str, Any]:
    schema = kind.model.model_json_schema(mode="validation", schema_generator=_generator(language))
    for described in (schema, *schema.get("$defs", {}).values()):
        # pydantic describes a model or an enum by its class's docstring, written for the
        # code's readers, in English: an editor showed «The chapters of KDD's agreement
        # template …» to a Norwegian user. The fields' descriptions, from the catalogue,
        # say what each key is.
        described.pop("description", None)
    if language != SCHEMA_LANGUAGE:
        _translate_types(schema, _type_descriptions(language))
    return {"$schema": DIALECT, "$id": kind.schema_file, **schema}


@functools.cache
def _type_descriptions(language: str) -> dict[str, str]:
    """Each shared type's description as the types carry it → the same in ``language``."""
    carried, wanted = words(SCHEMA_LANGUAGE), words(language)
    prefix = f"{TYPE_DESCRIPTIONS}."
    keys = carried.keys()  # Words is not a mapping
    return {carried(key): wanted(key) for key in keys if key.startswith(prefix)}


def _translate_types(node: Any, descriptions: dict[str, str]) -> None:
    """Put the types' descriptions in ``node`` (a schema, walked whole) into the language
    of ``descriptions``: an nn schema said «små bokstaver, tall» under each ID."""
    if isinstance(node, dict):
        text = node.get("description")
        if isinstance(text, str) and text in descriptions:
            node["description"] = descriptions[text]
        for value in node.values():
            _translate_types(value, descriptions)
    elif isinstance(node, list):
        for value in node:
            _translate_types(value, descriptions)


def schema_text(kind: FileKind) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def export_schemas(directory: Path) -> list[Path]:
    """Write one schema per file kind; returns the paths written.

    A folder that cannot be written is a ``NotWritable`` error naming the file.
    """
    written = []
    for kind in FILE_KINDS:
        target = directory / kind.schema_file
        try:
            atomic_write(target, schema_text(kind))
        except OSError as exc:
            raise NotWritable(file=target.as_posix(), reason=exc) from None
        written.append(target)
    return written


def stale_schemas(directory: Path) -> list[Path]:
    """Schemas in ``directory`` that are missing or differ from the models."""
    return [target for target, _ in schema_states(directory)]


def schema_states(directory: Path) -> list[tuple[Path, OSError | None]]:
    """Each schema in ``directory`` that is missing or differs from the models, with the
    error that kept it from being read (None: missing, or another text).

    A file that is not UTF-8 (binary junk, UTF-16, Latin-1) differs: ``schema`` writes it
    anew. One that cannot be read at all (a folder by its name, a link that points at
    itself, a file without read permission) is named with the reason, not a traceback.
    Line endings aside, as ``init`` compares."""
    states: list[tuple[Path, OSError | None]] = []
    for kind in FILE_KINDS:
        target = directory / kind.schema_file
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            states.append((target, None))
            continue
        except OSError as exc:
            states.append((target, exc))
            continue
        text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        if text != schema_text(kind):
            states.append((target, None))
    return states
