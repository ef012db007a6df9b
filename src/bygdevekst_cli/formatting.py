"""Norwegian numbers, amounts and dates (CLDR nn/nb through Babel).

Babel is imported on first use, so commands that never format a number start faster. The
units (``kr``, ``mill. kr``) are entries of the word catalogues' ``number`` table.
"""

from __future__ import annotations

import datetime as dt

from bygdevekst_cli.language import words

NBSP = "\u00a0"


def kroner(amount: int, language: str = "nb") -> str:
    """``2000000`` → ``2 000 000 kr`` with non-breaking spaces."""
    from babel.numbers import format_decimal

    return words(language)("number.kroner", amount=format_decimal(amount, locale=language))


def million_kroner(amount: int, language: str = "nb") -> str:
    """``2000000`` → ``2 mill. kr``; amounts that are not whole tenths fall back to kroner."""
    from babel.numbers import format_decimal

    if amount % 100_000 != 0 or amount < 1_000_000:
        return kroner(amount, language)
    millions = format_decimal(amount / 1_000_000, locale=language)
    return words(language)("number.million_kroner", amount=millions)


def percent(value: int, language: str = "nb") -> str:
    """``60`` → ``60 %``."""
    from babel.numbers import format_decimal

    return f"{format_decimal(value, locale=language)}{NBSP}%"


def long_date(value: dt.date, language: str = "nb") -> str:
    """``2026-02-19`` → ``19. februar 2026``."""
    from babel.dates import format_date

    return format_date(value, format="long", locale=language)


def quoted(text: str) -> str:
    """``text`` in Norwegian quotation marks, unless it already stands in them."""
    return text if text.startswith("«") and text.endswith("»") else f"«{text}»"
