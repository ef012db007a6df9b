"""Numbers, amounts and dates in a language's CLDR form through Babel (nn, nb; British
English for the command line's English, see ``language.cldr_locale``).

Babel is imported on first use, so commands that never format a number start faster. The
units (``kr``, ``mill. kr``) are entries of the word catalogues' ``number`` table.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bygdevekst_cli.language import cldr_locale, words


class Kroner(int):
    """An amount a message states, formatted when the message is worded: in the language of
    the sentence it goes into (``2 000 000 kr``, ``NOK 2,000,000``), not the one guessed
    where the amount was found."""


class Percent(Decimal):
    """A percentage a message states (``60`` for 60 %, ``12.5`` for 12,5 %), formatted when
    the message is worded: CLDR's form of the sentence's language (``60 %`` with a no-break
    space in nn and nb, so that a line never breaks between number and sign; ``60%`` in
    English). A ``Decimal``: a sum of shares such as 99,99 % is stated exactly."""


def kroner(amount: int, language: str = "nb") -> str:
    """``2000000`` → ``2 000 000 kr`` with non-breaking spaces."""
    from babel.numbers import format_decimal

    amount_text = format_decimal(amount, locale=cldr_locale(language))
    return words(language)("number.kroner", amount=amount_text)


def number(value: int, language: str = "nb") -> str:
    """``12000`` → ``12 000`` (a no-break space between the groups): a count in a table or
    a sentence, in CLDR's form of the language."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=cldr_locale(language)))


def million_kroner(amount: int, language: str = "nb") -> str:
    """``2000000`` → ``2 mill. kr``; amounts that are not whole tenths fall back to kroner."""
    from babel.numbers import format_decimal

    if amount % 100_000 != 0 or amount < 1_000_000:
        return kroner(amount, language)
    millions = format_decimal(amount / 1_000_000, locale=cldr_locale(language))
    return words(language)("number.million_kroner", amount=millions)


def percent(value: int | Decimal, language: str = "nb") -> str:
    """``60`` → ``60 %`` (with a non-breaking space) in nn and nb, ``60%`` in English;
    ``12.5`` → ``12,5 %``: CLDR's percent format with every decimal the value has (CLDR's
    pattern has none and would round 12,5 to 13), exact: the value is a ``Decimal``."""
    from babel.numbers import format_percent

    share = Decimal(value) / 100
    return str(format_percent(share, locale=cldr_locale(language), decimal_quantization=False))


def long_date(value: dt.date, language: str = "nb") -> str:
    """``2026-02-19`` → ``19. februar 2026``."""
    from babel.dates import format_date

    return format_date(value, format="long", locale=cldr_locale(language))


def quoted(text: str) -> str:
    """``text`` in Norwegian quotation marks, unless it already stands in them."""
    return text if text.startswith("«") and text.endswith("»") else f"«{text}»"
