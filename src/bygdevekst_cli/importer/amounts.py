"""Amounts as people write them in text: «1 200 000», «1.200.000», «kr 1 200 000,-»,
«1,2 mill.», «1.5 mill», «300'» and «250 tusen» (thousands). The plan import reads a
cell's amount by them, and a wrong amount in the YAML is told what to write by them
(``schema_errors``).

Norwegian writing puts a comma before the decimals and a space, a no-break space or a
period between the thousands. A period is read as a decimal point only where it cannot
be one between thousands (one or two digits after it, «1.5 mill»); where it can be either
(«1.500 mill.»: 1,5 or 1 500 millions), the amount is ``Ambiguous`` and never guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bygdevekst_cli.importer import matching

MILLION = matching.pattern("plan.million")
MILLION_KRONER = 1_000_000
THOUSANDS = matching.pattern("plan.thousands")
THOUSAND_KRONER = 1000
CURRENCY = matching.pattern("plan.currency")
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
"""What may stand between an amount's groups of three digits besides a period."""
_GROUP = "\u00a0"
"""What the Norwegian locale data (CLDR, through Babel) puts between groups of digits."""
_POINT_GROUPS = re.compile(r"^-?\d{1,3}(?:\.\d{3})+$")
"""«1.200.000», «1.200»: periods between groups of three digits (or one decimal point)."""
_DECIMAL_POINT = re.compile(r"^(-?\d+)\.(\d{1,2})$")
"""«1.5», «1.25»: a period before one or two digits, which no group of thousands has."""
_WRITTEN = re.compile(r"^-?\d[\d.,\u00a0]*$")
"""What an amount's number is written with (Python reads «+5», «1_5» too; no one writes them)."""


class Ambiguous(ValueError):
    """An amount whose separators read two ways: «1.500 mill.» (1,5 or 1 500 millions),
    «1,500,000» (commas between thousands, as English writes them)."""


def number(text: str, *, point_groups: bool = True) -> Decimal | None:
    """The number ``text`` is as Norwegian writes it («1 200 000», «1.200.000», «12,5»,
    «1.5»), or None. ``point_groups``: whether a single period before three digits is
    between thousands («250.000» kroner, as no amount has three decimals); where it may
    just as well be a decimal point (a count of thousands or millions), ``Ambiguous``."""
    from babel.numbers import NumberFormatError, parse_decimal

    text = _SPACES.sub(_GROUP, text.strip())
    if not _WRITTEN.match(text):
        return None
    whole, comma, fraction = text.partition(",")
    if "," in fraction or "." in fraction:  # «1,500,000», «1,500.50»: English writing
        raise Ambiguous(text)
    point = _DECIMAL_POINT.match(whole)
    if point is not None and not comma:  # «1.5»: a decimal point
        whole, comma, fraction = point[1], ",", point[2]
    elif "." in whole:
        if not _POINT_GROUPS.match(whole):
            return None
        if whole.count(".") == 1 and not comma and not point_groups:
            raise Ambiguous(text)
        whole = whole.replace(".", _GROUP)
    try:
        return parse_decimal(whole + comma + fraction, locale="nb", strict=True)
    except NumberFormatError:
        return None


def _whole(amount: Decimal | None) -> int | None:
    """Whole kroner, or None (never a rounded guess)."""
    if amount is None or amount != amount.to_integral_value():
        return None
    return int(amount)


def own_unit(text: str) -> re.Match[str] | None:
    """«1,2 mill.», «300'», «250 tusen»: an amount that gives its own unit."""
    return MILLION.match(text) or THOUSANDS.match(text)


def read_kroner(text: str) -> int | None:
    """Whole kroner as municipalities write them («1 200 000», «1.200.000», «kr 1 200 000,-»,
    «1 200 000,00», «1,2 mill.», «1.5 mill», «NOK 300'» and «250 tusen» in thousands);
    None for anything else. ``Ambiguous`` where the separators read two ways."""
    text = CURRENCY.sub(" ", text).strip()
    million = MILLION.match(text)
    if million is not None:
        found = number(million[1], point_groups=False)
        return _whole(None if found is None else found * MILLION_KRONER)
    thousands = THOUSANDS.match(text)
    if thousands is not None:
        found = number(thousands[1], point_groups=False)
        return _whole(None if found is None else found * THOUSAND_KRONER)
    if not text[-1:].isdigit():
        return None
    return _whole(number(text))


def kroner_from_text(text: str) -> int | None:
    """Whole kroner as ``read_kroner`` reads them; None also where the separators read two
    ways (never a guess)."""
    try:
        return read_kroner(text)
    except Ambiguous:
        return None
