"""pilot.yaml and agreement.yaml of an import, in the shape and layout of the bundled pilots."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from bygdevekst_cli.editing import layout, roundtrip
from bygdevekst_cli.editing.version import VERSION_LINE
from bygdevekst_cli.language import words
from bygdevekst_cli.models import Language

_QUOTED = {"number", "section", "chapter", "municipality_number"}
"""Keys whose text values look like numbers: quoted, as the bundled pilots write them."""
_LONG = 100


def ocr_note(language: Language, count: int) -> str:
    return words(language.value).plural("ocr.note", count)


def _node(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        mapping = CommentedMap()
        for name, item in value.items():
            mapping[name] = _node(item, name)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(_node(item) for item in value)
    if isinstance(value, str):
        if key in _QUOTED:
            return DoubleQuotedScalarString(value)
        if "\n" in value or len(value) > _LONG:
            return LiteralScalarString(value)
    return value


def yaml_text(
    data: dict[str, Any],
    model: type[BaseModel],
    schema: str,
    language: Language,
    source: str,
    unplaced: list[str],
    command: str = "import agreement",
) -> str:
    """The file's text in the canonical layout: schema line, where it came from, the data,
    and what was not placed (as comments at the end)."""
    text = _raw_text(data, schema, language, source, unplaced, command)
    return layout.format_text(text, source, model, schema)


def _raw_text(
    data: dict[str, Any],
    schema: str,
    language: Language,
    source: str,
    unplaced: list[str],
    command: str,
) -> str:
    say = words(language.value)
    lines = [schema, VERSION_LINE, say("import.yaml_source", source=source, command=command)]
    body = roundtrip.dumps(_node(data))
    text = "\n".join(lines) + "\n" + body
    if unplaced:
        text += say("import.yaml_unplaced") + "\n"
        for item in unplaced:
            text += "".join(
                f"#   {part}\n" if i else f"# - {part}\n" for i, part in enumerate(_wrap(item))
            )
    return text


def _wrap(text: str, width: int = 96) -> list[str]:
    words, lines, line = " ".join(text.split()).split(" "), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines
