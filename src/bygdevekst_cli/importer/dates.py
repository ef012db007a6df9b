"""Days as people write them in text: «19.02.2026», «19. februar 2026» (a month's name in
Nynorsk and Bokmål, or its first three letters) and «2026-2-19». The agreement import reads
a signature's date by them, and a date written so in the YAML is told its ISO form by them
(``schema_errors``)."""

from __future__ import annotations

import datetime as dt
import re

from bygdevekst_cli.importer import matching

DATE = matching.pattern("assemble.signature_date")
_MONTHS = matching.words("assemble.months")


def day_of(found: re.Match[str]) -> dt.date | None:
    """The day a match of ``DATE`` names, None when it names none («31.02.2026»): left
    out and listed, never a guess."""
    if found["iso_year"]:
        year, month, day = found["iso_year"], found["iso_month"], found["iso_day"]
    else:
        named = found["named"]
        year, day = found["year"], found["day"]
        month = str(_MONTHS.index(named.lower()) + 1) if named else found["month"]
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
