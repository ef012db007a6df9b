"""A conservative repair of scanning (OCR) damage in Bokmål and Nynorsk text.

Only a text that shows the damage is repaired (``damaged``): enough words that are a
known word with its å, ø or æ misread. The repair then works word by word from the
curated table of the written standard (``data/ocr_nb.yaml``,
``data/ocr_nn.yaml``), plus a few character rules that cannot hit
real text: a lone ``&`` or ``&8`` is «å», a lone ``|`` is «I», a lone ``8`` before a verb
in the infinitive is «å», an em dash is the en dash Norwegian text uses, and a line that
starts with a scanned bullet (``e``, ``¢``, ``*``, ``»``, ``«``) is a bullet. Every repair
is counted, so the importer can report what it changed.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bygdevekst_cli.importer import matching
from bygdevekst_cli.loader import load_package_data
from bygdevekst_cli.models import Language

_WORD = re.compile(r"[\w@&|]+")
_DAMAGE_THRESHOLD = 8
"""Damaged words needed before a text is taken to be scanned (a clean text has none)."""

_CHARACTER_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(str(source)), str(replacement))
    for source, replacement in matching.value("ocr.characters")
)


@dataclass(frozen=True)
class Table:
    exact: dict[str, str]
    """Damaged form → repair, matched with its case (pairs, and the misread leading «I»)."""
    lower: dict[str, str]
    """Damaged form in lower case → repair; the repair takes the word's capital."""
    phrases: dict[str, str]


@dataclass(frozen=True)
class Repair:
    text: str
    changes: Counter[tuple[str, str]]
    """``(as scanned, repaired)`` → how often."""


def _variants(word: str, letters: dict[str, list[str]]) -> Iterator[str]:
    options = [[char, *letters.get(char, [])] for char in word]
    for combination in itertools.product(*options):
        variant = "".join(combination)
        if variant != word:
            yield variant


@functools.cache
def table(language: Language = Language.BOKMAAL) -> Table:
    data = load_package_data(f"ocr_{language.value}.yaml")
    letters: dict[str, list[str]] = {k: [str(v) for v in vs] for k, vs in data["letters"].items()}
    real = {str(word) for word in data["real_words"]}
    lower: dict[str, str] = {}
    exact: dict[str, str] = {str(k): str(v) for k, v in data["pairs"].items()}
    for word in (str(w) for w in data["words"]):
        for variant in _variants(word.lower(), letters):
            if variant not in real and variant not in lower:
                lower[variant] = word
                if variant.startswith("l") and word[0].islower():
                    exact[data["leading_l"] + variant[1:]] = word
    phrases = {str(k): str(v) for k, v in data["phrases"].items()}
    return Table(exact, lower, phrases)


def damaged(text: str, language: Language = Language.BOKMAAL) -> bool:
    """Whether ``text`` shows scanning damage (and so may be repaired)."""
    known = table(language)
    words = _WORD.findall(text)
    hits = sum(1 for w in words if w in known.exact or (len(w) > 1 and w.lower() in known.lower))
    return hits >= _DAMAGE_THRESHOLD


def repair(text: str, language: Language = Language.BOKMAAL) -> Repair:
    """Repair scanning damage in ``text``; every change is counted."""
    changes: Counter[tuple[str, str]] = Counter()
    for pattern, replacement in _CHARACTER_RULES:
        text = pattern.sub(_counting(changes, _always(replacement)), text)
    known = table(language)
    for phrase, fixed in known.phrases.items():
        pattern = re.compile(rf"\b{re.escape(phrase)}\b")
        text = pattern.sub(_counting(changes, _always(fixed)), text)
    text = _WORD.sub(_counting(changes, lambda m: _repair_word(m, known)), text)
    return Repair(text, changes)


def _always(replacement: str) -> Callable[[re.Match[str]], str]:
    def replace(_match: re.Match[str]) -> str:
        return replacement

    return replace


def _repair_word(match: re.Match[str], known: Table) -> str:
    word = match.group()
    if word in known.exact:
        return known.exact[word]
    fixed = known.lower.get(word.lower()) if (len(word) > 1 or word == "a") else None
    if fixed is None or (word.isupper() and len(word) > 1):
        return word
    capital = word[0].isupper() or (not word[0].isalpha() and _starts_sentence(match))
    return fixed[0].upper() + fixed[1:] if capital else fixed


def _starts_sentence(match: re.Match[str]) -> bool:
    """Whether a word stands first in its line after a full stop, or first in the text.

    A letter read as a sign («@vrige») has lost its case; where a sentence starts, it was a
    capital.
    """
    before = match.string[: match.start()].rstrip(" ")
    return (
        not before
        or before.endswith(("\n\n", ".", "!", "?"))
        or (before.endswith("\n") and before.rstrip().endswith((".", "!", "?", ":")))
    )


def _counting(
    changes: Counter[tuple[str, str]], replace: Callable[[re.Match[str]], str]
) -> Callable[[re.Match[str]], str]:
    def counted(match: re.Match[str]) -> str:
        new = replace(match)
        if new != match.group():
            changes[(match.group().strip(), new.strip())] += 1
        return new

    return counted
