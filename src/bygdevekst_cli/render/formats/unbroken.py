"""The pieces of a table cell's text that a line must not break inside: numbers, amounts
and phone numbers («+47 35 06 80 00», «1 234 567 kr», «60 %», «2025–2028»), short codes
(«2026/14», «BV011», «KDD») and e-mail addresses, which may break only after «@» and
before a dot, never at a hyphen of their own.

A narrow column split them anywhere: «20» over «25», «liv.lid@fyresdal.k» over «ommune.no»
(HTML on a phone, ``overflow-wrap: anywhere``), or a phone number at its spaces (PDF). HTML
keeps each piece in a ``nobreak`` span, PDF in a box as wide as its text (``html.py``,
``pdf.py``); the text itself is unchanged, so search and copy read it as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_SPACES = " \u00a0\u202f"
"""A space, a no-break space (CLDR's between groups and before «kr»), a narrow one."""

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}"
_NUMBER = (
    rf"[+−-]?\d+(?:[{_SPACES}.,:/–-]\d+)*"  # groups: «35 06 80 00», «1.2», «2025–2028»
    rf"(?:[{_SPACES}]?%|(?:\u00a0[^\W\d_]+\.?)+)?"  # a unit joined by a no-break space
)
_CAPITALS = "A-Z" + "".join(map(chr, (0xC6, 0xD8, 0xC5)))
"""The capital letters of an abbreviation («KDD»): A to Z and the three of Norwegian, by
code point, as Norwegian text lives only in the catalogues (``codepages._LETTERS``)."""
_CODE = rf"[^\W_][\w./-]*\d[\w./-]*[^\W_]|[^\W_]*\d[^\W_]*|[{_CAPITALS}]{{2,6}}"
"""A word with a digit in it («BV011», «07459», «3a») or an abbreviation in capitals."""

_WHOLE = re.compile(
    rf"(?<![\w@./])(?:(?P<email>{_EMAIL})|(?:{_NUMBER})|(?:{_CODE}))(?![\w@])",
)
"""A piece stands alone: not after a slash (in a web address, ``…/table/07459``, which
breaks as before) or a dot, nor inside a longer word."""

LONGEST = 30
"""A piece longer than this is left to break as any text: kept whole, it could be wider
than a phone's screen or a table's column on paper."""

_EMAIL_BREAKS = re.compile(r"(?<=@)|(?=\.)")
"""Where an e-mail address may break: after its «@», before each dot."""


@dataclass(frozen=True)
class Piece:
    """A run of a cell's text: ``whole`` a piece not to break inside, ``email`` an address
    (see ``email_parts``), neither: text that wraps as any other."""

    text: str
    whole: bool = False
    email: bool = False


def pieces(text: str) -> Iterator[Piece]:
    """``text`` as its runs, in order; joined, they are ``text``."""
    at = 0
    for match in _WHOLE.finditer(text):
        found = match.group()
        email = match.group("email") is not None
        if len(found) < 2 or (len(found) > LONGEST and not email):
            continue  # one character never breaks; a long run must
        if match.start() > at:
            yield Piece(text[at : match.start()])
        yield Piece(found, whole=True, email=email)
        at = match.end()
    if at < len(text):
        yield Piece(text[at:])


def email_parts(address: str) -> list[str]:
    """``liv.lid@fyresdal.kommune.no`` → ``liv``, ``.lid@``, ``fyresdal``, ``.kommune``,
    ``.no``: the parts kept whole, with a line break allowed between them."""
    return [part for part in _EMAIL_BREAKS.split(address) if part]


def kept(text: str) -> bool:
    """Whether ``text`` has a piece to keep whole."""
    return any(piece.whole for piece in pieces(text))
