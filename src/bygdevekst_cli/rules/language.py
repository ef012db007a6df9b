"""The written-standard check: Bokmål words in a Nynorsk pilot's text, and the reverse."""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bygdevekst_cli.language import Words
from bygdevekst_cli.loader import load_package_data
from bygdevekst_cli.models import Language, Model
from bygdevekst_cli.models.pilot import AgreementState
from bygdevekst_cli.pilotset import Document, PilotFiles
from bygdevekst_cli.rules.registry import Hit, rule, rule_words, suppressed_apart
from bygdevekst_cli.textwalk import TextEntry


@dataclass(frozen=True, eq=False, repr=False)
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
        """``(offset, word, counterpart)`` for each marker of the other standard in ``text``
        (a marker is a whole word, matched whatever its case)."""
        return list(_find(self, language, text))

    @functools.cached_property
    def letters_only(self) -> bool:
        """Every marker is one word of letters alone: then a text holds a marker only where
        one of its words does, lower-cased (``_may_hold``)."""
        return all(_WORD.fullmatch(word) for word in (*self.nynorsk, *self.bokmaal))

    @functools.cached_property
    def _patterns(self) -> dict[Language, re.Pattern[str]]:
        """One pattern per standard: any foreign marker as a whole word, compiled once."""
        return {
            language: _alternation(self.foreign_to(language))
            for language in (Language.NYNORSK, Language.BOKMAAL)
        }


_WORD = re.compile(r"[^\W\d_]+")
"""A whole word as the markers' pattern bounds it: a run of letters, no digit or underscore."""


def _alternation(words: dict[str, str]) -> re.Pattern[str]:
    # Longest first, so that a marker that begins another never hides it; the look-arounds
    # make each a whole word: a run of letters, no digit or underscore.
    choices = "|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![^\W\d_])(?:{choices})(?![^\W\d_])", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)
def _find(markers: MarkerWords, language: Language, text: str) -> tuple[tuple[int, str, str], ...]:
    """``MarkerWords.find``, once per distinct text (texts repeat across plans and years):
    one pass of the compiled pattern instead of a look-up per word."""
    foreign = markers.foreign_to(language)
    if not _may_hold(markers, foreign, text):
        return ()
    hits = []
    for match in markers._patterns[language].finditer(text):
        word = match.group()
        twin = foreign.get(word.lower())
        if twin is not None:  # the pattern folds case as re does; the words as str.lower
            hits.append((match.start(), word, twin))
    return tuple(hits)


def _may_hold(markers: MarkerWords, foreign: dict[str, str], text: str) -> bool:
    """Whether ``text`` may hold one of the ``foreign`` markers: False only when none of its
    words is one. Most texts hold none, and splitting into words is several times quicker
    than the pattern of every marker; a marker the pattern finds is a whole word of the text
    whose lower case is the marker, so the words find it too (markers of letters alone)."""
    if not markers.letters_only:
        return True
    return not foreign.keys().isdisjoint(map(str.lower, _WORD.findall(text)))


@functools.cache
def marker_words() -> MarkerWords:
    data = load_package_data("written_standard.yaml")
    pairs = [(nn.lower(), nb.lower()) for nn, nb in data["pairs"]]
    return MarkerWords(nynorsk=dict(pairs), bokmaal={nb: nn for nn, nb in pairs})


@rule("BV211")
def written_standard(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is None:
        return
    pilot = files.pilot.model
    language = pilot.language
    w = rule_words(files)
    exceptions = [re.compile(re.escape(e), re.IGNORECASE) for e in pilot.language_exceptions]
    find = functools.partial(_find, marker_words(), language)
    for document in files.documents():
        if not exceptions and not any(map(find, _prose(document.texts))):
            continue  # the common case, settled in one pass of C (``map``) over the texts
        hits = list(_text_hits(document, find, exceptions, w, language))
        if len(hits) > 1 and document is files.agreement and pilot.agreement.state in _FIXED:
            dropped, kept = suppressed_apart("BV211", files, hits)
            yield from dropped  # for their suppression comments to drop
            yield from [_signed_text(kept)] if len(kept) > 1 else kept
        else:
            yield from hits


#: An agreement in these states is a transcription of a text that can no longer change.
_FIXED = frozenset({AgreementState.ADOPTED, AgreementState.SIGNED})


def _text_hits(
    document: Document[Model],
    find: Callable[[str], tuple[tuple[int, str, str], ...]],
    exceptions: list[re.Pattern[str]],
    w: Words,
    language: Language,
) -> Iterator[Hit]:
    """One hit per text of ``document`` that holds words of the other standard."""
    other = Language.BOKMAAL if language is Language.NYNORSK else Language.NYNORSK
    for path, text, is_prose in document.texts:
        if not is_prose:
            continue
        for pattern in exceptions:
            text = pattern.sub(lambda m: " " * len(m.group()), text)
        hits = find(text)
        if not hits:
            continue
        own = w(f"rule.BV211.{language.value}")
        words = [w("rule.BV211.word", word=word, language=own, twin=twin) for _, word, twin in hits]
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


def _signed_text(hits: list[Hit]) -> Hit:
    """The hits in an adopted or signed agreement as one, at the first: its words are the
    signed document's own (a Nynorsk agreement that says «bygdevekstavtaler» where the
    ministry's template does), which a faithful transcription keeps and no one can correct;
    the secretariat checks them against the original once and lists them as exceptions."""
    words = list(dict.fromkeys(word for hit in hits for word in hit.slots["words"]))
    slots = {"count": len(hits), "language": hits[0].slots["language"], "words": words}
    return hits[0]._replace(message="signed", slots=slots)


def _prose(entries: list[TextEntry]) -> Iterator[str]:
    """The running text of ``(path, text, is_prose)`` entries, without a step of Python
    per entry."""
    return map(_TEXT, itertools.compress(entries, map(_IS_PROSE, entries)))


_TEXT = operator.itemgetter(1)
_IS_PROSE = operator.itemgetter(2)
