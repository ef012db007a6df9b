"""The written-standard check: Bokmål words in a Nynorsk pilot's text, and the reverse."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bygdevekst_cli.annotations import has_marker, item_type
from bygdevekst_cli.findings import Severity, YamlPath
from bygdevekst_cli.loader import load_yaml_bytes
from bygdevekst_cli.models import Language
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.rules.registry import Hit, rule
from bygdevekst_cli.types import PROSE

_WORD = re.compile(r"[^\W\d_]+")
_NAMES = {Language.NYNORSK: "nynorsk", Language.BOKMAAL: "bokmål"}


@dataclass(frozen=True)
class MarkerWords:
    """Words that mark one written standard, each with its counterpart in the other."""

    nynorsk: dict[str, str]
    """Nynorsk marker → Bokmål counterpart."""
    bokmaal: dict[str, str]
    """Bokmål marker → Nynorsk counterpart."""

    def foreign_to(self, language: Language) -> dict[str, str]:
        """Markers of the other standard, for text that should be in ``language``."""
        return self.bokmaal if language is Language.NYNORSK else self.nynorsk

    def find(self, text: str, language: Language) -> list[tuple[int, str, str]]:
        """``(offset, word, counterpart)`` for each marker of the other standard in ``text``."""
        foreign = self.foreign_to(language)
        hits = []
        for match in _WORD.finditer(text):
            word = match.group().lower()
            if word in foreign:
                hits.append((match.start(), match.group(), foreign[word]))
        return hits


@functools.cache
def marker_words() -> MarkerWords:
    raw = resources.files("bygdevekst_cli").joinpath("data/written_standard.yaml").read_bytes()
    loaded = load_yaml_bytes(raw, Path("written_standard.yaml"), "written_standard.yaml")
    assert loaded.data is not None, loaded.findings
    pairs = [(nn.lower(), nb.lower()) for nn, nb in loaded.data["pairs"]]
    return MarkerWords(nynorsk=dict(pairs), bokmaal={nb: nn for nn, nb in pairs})


@rule(
    "BV211",
    "written-standard",
    Severity.WARNING,
    "Tekst i en nynorskpilot skal ikke ha bokmålsord, og omvendt (ordliste i data/).",
)
def written_standard(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is None:
        return
    pilot = files.pilot.model
    language = pilot.language
    other = _NAMES[Language.BOKMAAL if language is Language.NYNORSK else Language.NYNORSK]
    exceptions = [re.compile(re.escape(e), re.IGNORECASE) for e in pilot.language_exceptions]
    markers = marker_words()
    for document in files.documents():
        for path, text in prose(document.model):
            for pattern in exceptions:
                text = pattern.sub(lambda m: " " * len(m.group()), text)
            hits = markers.find(text, language)
            if not hits:
                continue
            words = ", ".join(f"«{word}» ({_NAMES[language]}: «{twin}»)" for _, word, twin in hits)
            # A literal block maps line for line onto the file: point at the first hit's line.
            offset = text.count("\n", 0, hits[0][0]) + 1
            literal = path in document.source.literal_blocks
            yield Hit(
                document,
                path,
                f"Ord på {other} i teksten: {words}",
                line_offset=offset if literal else 0,
            )


def prose(model: BaseModel, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str]]:
    """Every running text (fields typed ``Text``) in a model, with its YAML path."""
    for name, is_text, inner in _fields(type(model)):
        value = getattr(model, name)
        yield from _walk(value, is_text, inner, (*path, name))


def _walk(value: Any, is_text: bool, inner: Any, path: YamlPath) -> Iterator[tuple[YamlPath, str]]:
    if value is None:
        return
    if isinstance(value, str):
        if is_text:
            yield path, value
    elif isinstance(value, BaseModel):
        yield from prose(value, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, has_marker(inner, PROSE), item_type(inner), (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, has_marker(inner, PROSE), item_type(inner), (*path, key))


@functools.cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, bool, Any], ...]:
    """Per field: its name, whether it is running text, and the type of its items."""
    result = []
    for name, field in model.model_fields.items():
        is_text = PROSE in field.metadata or has_marker(field.annotation, PROSE)
        result.append((name, is_text, item_type(field.annotation)))
    return tuple(result)
