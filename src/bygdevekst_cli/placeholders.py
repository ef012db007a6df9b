"""What ``init`` writes where the secretariat has to fill in, and how a rule recognises it.

One place for both, so the rule that warns about unfilled parts (BV226) always knows what
``init`` leaves behind. The words are the catalogue's (``rule.BV226``), in both written
standards; a placeholder in either is recognised.
"""

from __future__ import annotations

import functools
import re

from bygdevekst_cli.language import DOCUMENT_LANGUAGES, words


def text(language: str = "nb") -> str:
    """Where running text goes."""
    return words(language)("rule.BV226.text")


def county(language: str = "nb") -> str:
    return words(language)("rule.BV226.fill_in", what=words(language)("rule.BV226.county"))


def sub_goal_title(number: int, language: str = "nb") -> str:
    return words(language)("rule.BV226.sub_goal_title", number=number)


#: What ``init`` writes today (Bokmål; ``editing/scaffold.py`` reads these two names).
TEXT = text()
COUNTY = county()

_SLOTS = {"what": r"[^)]*", "number": r"\d+"}


def _pattern_of(template: str) -> str:
    parts = re.split(r"\{(\w+)\}", template)
    return "".join(_SLOTS[part] if i % 2 else re.escape(part) for i, part in enumerate(parts))


@functools.cache
def _templates() -> tuple[str, ...]:
    """Every placeholder ``init`` writes, in either written standard, with its slots."""
    templates = {
        words(language).get(key) or ""
        for language in DOCUMENT_LANGUAGES
        for key in ("rule.BV226.text", "rule.BV226.fill_in", "rule.BV226.sub_goal_title")
    }
    return tuple(t for t in sorted(templates) if t)


@functools.cache
def placeholder_pattern() -> re.Pattern[str]:
    """Every placeholder ``init`` writes, in either written standard: a text is one when
    the pattern ``fullmatch``es it stripped."""
    return re.compile("|".join(_pattern_of(t) for t in _templates()))


@functools.cache
def placeholder_starts() -> tuple[str, ...]:
    """How a placeholder can begin (each template's words before its first slot): a text
    whose stripped start is none of them is no placeholder, which ``str.startswith`` tells
    several times quicker than the pattern."""
    return tuple(re.split(r"\{\w+\}", template)[0] for template in _templates())
