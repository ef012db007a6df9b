"""The written-standard check: Bokmål words in a Nynorsk pilot's text, and the reverse."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from bygdevekst_cli.findings import Severity
from bygdevekst_cli.loader import load_package_data
from bygdevekst_cli.models import Language
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.rules.registry import Hit, rule, rule_words

_WORD = re.compile(r"[^\W\d_]+")


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
    data = load_package_data("written_standard.yaml")
    pairs = [(nn.lower(), nb.lower()) for nn, nb in data["pairs"]]
    return MarkerWords(nynorsk=dict(pairs), bokmaal={nb: nn for nn, nb in pairs})


@rule("BV211", "written-standard", Severity.WARNING)
def written_standard(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is None:
        return
    pilot = files.pilot.model
    language = pilot.language
    w = rule_words(files)
    other = Language.BOKMAAL if language is Language.NYNORSK else Language.NYNORSK
    exceptions = [re.compile(re.escape(e), re.IGNORECASE) for e in pilot.language_exceptions]
    markers = marker_words()
    for document in files.documents():
        for path, text, is_prose in document.texts:
            if not is_prose:
                continue
            for pattern in exceptions:
                text = pattern.sub(lambda m: " " * len(m.group()), text)
            hits = markers.find(text, language)
            if not hits:
                continue
            own = w(f"rule.BV211.{language.value}")
            words = [
                w("rule.BV211.word", word=word, language=own, twin=twin) for _, word, twin in hits
            ]
            # A literal block maps line for line onto the file: point at the first hit's line.
            offset = text.count("\n", 0, hits[0][0]) + 1
            literal = path in document.source.literal_blocks
            yield Hit(
                document,
                path,
                "words",
                {"language": w(f"rule.BV211.{other.value}"), "words": words},
                line_offset=offset if literal else 0,
            )
