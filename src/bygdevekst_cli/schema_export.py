"""JSON Schemas exported from the models, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bygdevekst_cli.errors import NotWritable
from bygdevekst_cli.fsutil import atomic_write
from bygdevekst_cli.models import FILE_KINDS, FileKind

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: FileKind) -> dict[str, Any]:
    schema = kind.model.model_json_schema(mode="validation")
    return {"$schema": DIALECT, "$id": kind.schema_file, **schema}


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
            raise NotWritable(file=target.as_posix(), reason=exc.strerror or str(exc)) from None
        written.append(target)
    return written


def stale_schemas(directory: Path) -> list[Path]:
    """Schemas in ``directory`` that are missing or differ from the models."""
    stale = []
    for kind in FILE_KINDS:
        target = directory / kind.schema_file
        if not target.is_file() or target.read_text(encoding="utf-8") != schema_text(kind):
            stale.append(target)
    return stale
