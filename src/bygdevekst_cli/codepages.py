"""Which one-byte code page a text file that is not UTF-8 was saved in.

A file that is not UTF-8 is nearly always Windows-1252 (Notepad's «ANSI», Excel's «CSV»),
which reads a Latin-1 file as Latin-1 reads it. Two other code pages write the Norwegian
letters with other bytes: Mac Roman (old Word and Excel for Mac) and DOS code page 850.
Read as Windows-1252 their letters come out as other signs («GŒrd», «S¿knad», «¯vre» for
«Gård», «Søknad», «Øvre»), or as a byte Windows-1252 lacks (Mac Roman's «Å» is 0x81).

The code page is the one whose reading holds the most æ, ø and å where a Norwegian word
has them (``norwegian_letters``): a lower-case letter beside another letter, a capital at
a word's start. A tie goes to Windows-1252, so a file it reads today reads the same; a
Windows-1252 «’» (DOS code page 850's «Æ») in «Ola’s» is no Norwegian letter there.

A Mac file whose only signs are a word processor's punctuation (``mac_punctuation``: «“»,
«”», «‘», «’», «–», «—», «…», which Windows-1252 reads as the capitals «Ò», «Ó», «Ô», «Õ»,
«Ð», «Ñ», «É») ties on letters. Such a capital where no word has one (after a lower-case
letter, «bygdaÕs»; a dash beside no letter, «tun Ð for») tells Mac Roman, unless the file has as
many of Windows-1252's own quotes, dashes and ellipses (0x91–0x97, 0x85, letters in Mac
Roman: «Ola’s» is «Olaís» there).
"""

from __future__ import annotations

import re

WINDOWS = "cp1252"
MAC_ROMAN = "mac_roman"
DOS = "cp850"
OTHERS = (MAC_ROMAN, DOS)
"""The code pages other than Windows-1252 a file is told to be in (each has a catalogue
name, ``code_page.<name>``)."""

_LETTERS = "".join(map(chr, (0xE6, 0xF8, 0xE5, 0xC6, 0xD8, 0xC5)))
"""«æ», «ø», «å», «Æ», «Ø», «Å», by their code points (Norwegian text is the catalogues')."""
_LETTER = re.compile(f"[{_LETTERS}]")
_WINDOWS_QUOTES = frozenset(b"\x91\x92")
"""Windows-1252's «‘» and «’», which Word puts in for ' as it is typed: DOS code page 850's
«æ» and «Æ». A DOS file is told by its other letters («ø», «å»), not by these."""


_MAC_PUNCTUATION = frozenset(b"\xc9\xd0\xd1\xd2\xd3\xd4\xd5")
"""Mac Roman's «…», «–», «—», «“», «”», «‘», «’»: Windows-1252's «É», «Ð», «Ñ», «Ò», «Ó»,
«Ô», «Õ»."""
_WINDOWS_PUNCTUATION = frozenset(b"\x85\x91\x92\x93\x94\x95\x96\x97")
"""Windows-1252's «…», «‘», «’», «“», «”», «•», «–», «—»: Mac Roman's «Ö», «ë», «í», «ì»,
«î», «ï», «ñ», «ó»."""


_MAC_DASHES = frozenset(b"\xc9\xd0\xd1")
"""Mac Roman's «…», «–», «—»: marks that stand beside no letter too («tun – for», «…»)."""


def mac_punctuation(raw: bytes) -> list[int]:
    """Where ``raw`` has a Mac Roman mark (``_MAC_PUNCTUATION``) whose Windows-1252 reading,
    a capital, stands where no word has a capital: after a lower-case letter («tunÓ»,
    «bygdaÕs»), or, a dash or an ellipsis, beside no letter («2025Ð2028», «tun Ð for»).
    One after a capital («CAFÉ»), before a letter («École», «Òg») or a quote alone («Ó
    Briain») may be a letter: not counted."""
    text = raw.decode("latin-1")  # one character per byte: the bytes' neighbours
    found = []
    for at, byte in enumerate(raw):
        if byte not in _MAC_PUNCTUATION:
            continue
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        alone = byte in _MAC_DASHES and not (before.isalpha() or after.isalpha())
        if before.islower() or alone:
            found.append(at)
    return found


def norwegian_letters(text: str) -> list[int]:
    """Where ``text`` has an «æ», «ø» or «å» as a Norwegian word has it: a lower-case one
    beside a letter, beside no digit and before no capital; a capital before a letter and
    after no lower-case letter or digit."""
    found = []
    for match in _LETTER.finditer(text):
        at = match.start()
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if match.group().islower():
            beside = before.isalpha() or after.isalpha()
            plausible = beside and not (after.isupper() or before.isdigit() or after.isdigit())
        else:
            plausible = after.isalpha() and not (before.islower() or before.isdigit())
        if plausible:
            found.append(at)
    return found


def code_page(raw: bytes) -> str | None:
    """The code page ``raw`` (not UTF-8) was most likely saved in: ``WINDOWS`` when it
    reads all of ``raw`` with as many Norwegian letters as any other, else the one of
    ``OTHERS`` that reads the most; None when Windows-1252 cannot read it and neither
    other reads a Norwegian letter in it."""
    scores = {page: len(letters_in(raw, page)) for page in OTHERS}
    try:
        windows = len(norwegian_letters(raw.decode(WINDOWS)))
    except UnicodeDecodeError:
        windows = -1
    best = max(OTHERS, key=lambda page: scores[page])
    if windows == scores[MAC_ROMAN] and _mac_marks_outnumber_windows(raw):
        return MAC_ROMAN  # a tie on letters (most often none): the marks tell
    if windows >= scores[best]:
        return WINDOWS
    return best if scores[best] > 0 else None


def _mac_marks_outnumber_windows(raw: bytes) -> bool:
    """Whether ``raw`` has more of Mac Roman's marks that are no letter in Windows-1252
    (``mac_punctuation``) than of Windows-1252's own marks."""
    marks = len(mac_punctuation(raw))
    return marks > 0 and marks > sum(byte in _WINDOWS_PUNCTUATION for byte in raw)


def signs_in(raw: bytes, page: str) -> list[int]:
    """Where ``raw`` shows that it is in ``page``: its Norwegian letters there
    (``letters_in``), else, for Mac Roman, its quotes, dashes and ellipses."""
    letters = letters_in(raw, page)
    if letters or page != MAC_ROMAN:
        return letters
    return [at for at, byte in enumerate(raw) if byte in _MAC_PUNCTUATION]


def letters_in(raw: bytes, page: str) -> list[int]:
    """Where ``page`` reads a Norwegian letter in ``raw`` (``norwegian_letters``; one byte
    is one character in each of these code pages), Windows-1252's quotes left out."""
    return [at for at in norwegian_letters(raw.decode(page)) if raw[at] not in _WINDOWS_QUOTES]
