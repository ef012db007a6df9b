"""Did-you-mean: the known names closest to one the user typed (difflib), as a sentence."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from bygdevekst_cli.language import Words


def close_matches(typed: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` known names that look like ``typed``, best first (case-insensitive)."""
    by_folded: dict[str, str] = {}
    for name in known:
        by_folded.setdefault(name.casefold(), name)
    found = difflib.get_close_matches(typed.casefold(), list(by_folded), n=limit, cutoff=0.6)
    return [by_folded[f] for f in found]


def did_you_mean(typed: str, known: Iterable[str], w: Words) -> str:
    """`` Mente du «a» eller «b»?`` (with a leading space), or ``""`` when nothing is close."""
    matches = close_matches(typed, known)
    if not matches:
        return ""
    options = w.join([f"«{m}»" for m in matches], style="or")
    return " " + w("cli.suggest.did_you_mean", options=options)


def unknown_measure(typed: str, known: Iterable[str], pilot: str, w: Words) -> str | None:
    """The message for a measure id the pilot never had, with the ids that look like it;
    None when ``typed`` is one of ``known``."""
    ids = sorted(set(known))
    if typed in ids:
        return None
    return w("suggest.measure.unknown", measure=typed, pilot=pilot) + did_you_mean(typed, ids, w)
