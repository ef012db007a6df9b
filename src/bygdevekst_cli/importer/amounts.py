"""Amounts as people write them in text: «1 200 000», «1.200.000», «kr 1 200 000,-»,
«1,2 mill.», «300'» (thousands). The plan import reads a cell's amount by them, and a
wrong amount in the YAML is told what to write by them (``schema_errors``)."""

from __future__ import annotations

import re
from decimal import Decimal

from bygdevekst_cli.importer import matching

AMOUNT = re.compile(r"^-?\d{1,3}(?:[ .\u00a0\u202f]\d{3})+$|^-?\d+$")
NO_ORE = re.compile(r",00?$")
"""«1 200 000,00»: no øre, a whole amount."""
GROUPS = re.compile(r"[ .\u00a0\u202f]")
"""What separates an amount's groups of three digits («1 200 000», «1.200.000»)."""
MILLION = matching.pattern("plan.million")
MILLION_KRONER = 1_000_000
THOUSANDS = matching.pattern("plan.thousands")
THOUSAND_KRONER = 1000
CURRENCY = matching.pattern("plan.currency")


def kroner_from_text(text: str) -> int | None:
    """Whole kroner as municipalities write them («1 200 000», «1.200.000», «kr 1 200 000,-»,
    «1 200 000,00», «1,2 mill.», «NOK 300'» in thousands); None for anything else (never a
    rounded guess)."""
    text = CURRENCY.sub("", text).strip()
    million = MILLION.match(text)
    if million is not None:
        amount = Decimal(million[1].replace(",", ".")) * MILLION_KRONER
        return int(amount) if amount == amount.to_integral_value() else None
    thousands = THOUSANDS.match(text)
    if thousands is not None:
        return int(GROUPS.sub("", thousands[1])) * THOUSAND_KRONER
    text = NO_ORE.sub("", text)
    if AMOUNT.match(text):
        return int(GROUPS.sub("", text))
    return None
