"""An action plan's amount cell to whole kroner (``import plan``): a number cell as the
sheet shows it, text as people write amounts (``amounts``), a column counted in
thousands or millions, a negative amount in brackets; never a rounded guess."""

from __future__ import annotations

import re
from decimal import Decimal

from bygdevekst_cli.importer.amounts import CURRENCY, number, own_unit, read_kroner
from bygdevekst_cli.importer.tables import Cell

_NEGATIVE = re.compile(r"^\(\s*(.+?)\s*\)$")
"""«(50 000)»: a negative amount as accounts write it."""
_DIGITS = 15
"""The significant digits a spreadsheet's number has (IEEE doubles, as Excel shows them)."""


def _as_shown(number: float) -> float:
    """A spreadsheet's number to the 15 significant digits Excel and LibreOffice compute
    and show: a formula's share of an amount (``=B3*35%``) is stored with binary residue,
    435049.99999999994 for the 435 050 the sheet shows."""
    return float(f"{number:.{_DIGITS}g}")


def whole_kroner(value: Cell, scale: int) -> int | None:
    """Whole kroner of an amount cell (``scale``: what its column counts in), or None."""
    negative = _NEGATIVE.match(value.strip()) if isinstance(value, str) else None
    if negative is not None:  # refused as a negative amount, not as no amount at all
        amount = whole_kroner(negative[1], scale)
        return None if amount is None else -amount
    if scale != 1:
        return _scaled(value, scale)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and _as_shown(value).is_integer():
        return int(_as_shown(value))
    return read_kroner(str(value))


def in_kroner(value: Cell) -> bool:
    """Whether a cell names kroner as its unit («kr 1 500 000», «1 500 000,-»): in a column
    counted in thousands or millions it says two units, and neither is guessed."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    unit = own_unit(CURRENCY.sub(" ", text).strip())
    return unit is None and CURRENCY.search(text) is not None


def _scaled(value: Cell, scale: int) -> int | None:
    """Whole kroner of a cell in a column counted in thousands or millions («12,5» →
    12 500); a cell with its own unit («1,2 mill.», «300'») is read by that; None for
    anything else and for an amount that is no whole kroner (never a rounded guess).
    ``Ambiguous`` for «12.500», which is 12,5 or 12 500 of them."""
    found: Decimal | int | None
    if isinstance(value, (int, float)):
        found = Decimal(repr(_as_shown(float(value)))) if isinstance(value, float) else value
    else:
        text = CURRENCY.sub(" ", str(value)).strip()
        if own_unit(text):
            return read_kroner(text)
        found = number(text, point_groups=False) if text[-1:].isdigit() else None
    if found is None:
        return None
    amount = Decimal(found) * scale
    return int(amount) if amount == amount.to_integral_value() else None
