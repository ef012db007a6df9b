"""What ``init`` writes where the secretariat has to fill in, and how a rule recognises it.

One place for both, so the rule that warns about unfilled parts (BV226) always knows what
``init`` leaves behind.
"""

from __future__ import annotations

import re

TEXT = "Skriv teksten her."
COUNTY = "(fyll inn fylket)"


def sub_goal_title(number: int) -> str:
    return f"Tittel på delmål {number}"


_PATTERN = re.compile(r"Skriv teksten her\.|\(fyll inn [^)]*\)|Tittel på delmål \d+")


def is_placeholder(text: str) -> bool:
    return _PATTERN.fullmatch(text.strip()) is not None
