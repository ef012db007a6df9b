"""Which characters the PDF can show, asked of Typst with the fonts and standards the PDF
is made with.

PDF/A allows no missing glyph, so a character none of Typst's embedded fonts has (an
emoji, Chinese, a private-use character) or one the standards refuse (U+FEFF pasted from
Word) stops the PDF. ``validate`` tells it earlier (BV256) from the same answer, so the
set of characters is never a hand-made list that drifts from the fonts: each distinct
character is settled once, in a few small compilations (all the new ones at once; those
that fail are halved until each failing character stands alone). What is settled is kept
in the cache folder for the installed Typst (``cache.py``), so that a run whose characters
are all known starts no compiler (some 40 ms of reading the fonts).
"""

from __future__ import annotations

import datetime as dt
import functools
import marshal
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typst

#: The PDF's font; Typst falls back to its other embedded fonts for a missing glyph.
FONT = "Libertinus Serif"

_SHOWN: dict[str, bool] = {}
"""Each character settled so far: whether the PDF can show it."""

#: The cache folder of the settled characters (one entry per installation), and what they
#: depend on besides Typst's package (its fonts are inside it): the font, and the form of
#: the probe (``_compiles``).
_ENTRY = "pdf-glyphs"
_PROBE_VERSION = 1


@functools.cache
def compiler() -> typst.Compiler:
    """One Typst compiler per process: its embedded fonts are read once, however many
    documents are rendered (``render --municipality all --format docx,pdf``)."""
    import typst

    return typst.Compiler(ignore_system_fonts=True)  # the same fonts on every machine


def compile_pdf(source: str, timestamp: dt.datetime | None = None) -> bytes:
    """The PDF of the Typst ``source``: archival and tagged, so accessible (PDF/A-2a,
    PDF/UA-1). Raises ``typst.TypstError``, and ``UnicodeEncodeError`` for text that UTF-8
    cannot hold (a lone surrogate)."""
    data = compiler().compile(
        input=source.encode("utf-8"),
        format="pdf",
        pdf_standards=["a-2a", "ua-1"],
        timestamp=timestamp,
    )
    assert isinstance(data, bytes)  # one PDF, as no output file is named
    return data


def string(text: str) -> str:
    """A Typst string literal: the text exactly, never markup."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def unshowable(text: str) -> list[str]:
    """The distinct characters of ``text`` the PDF cannot show, in the order they first
    appear in it."""
    characters = dict.fromkeys(text)
    new = [c for c in characters if c not in _SHOWN]
    if new and not _SHOWN:
        _SHOWN.update(_kept())  # the first question of the process
        new = [c for c in new if c not in _SHOWN]
    if new:
        if not _typst_works():
            return []  # no answer to be had: the PDF itself says what it cannot make
        _settle(new)
        _keep()
    return [c for c in characters if not _SHOWN[c]]


def _cache_key() -> tuple[str, str, int]:
    from bygdevekst_cli.resultcache import library_stamp

    return (library_stamp("typst"), FONT, _PROBE_VERSION)


def _kept() -> dict[str, bool]:
    """The characters settled by earlier runs with this Typst; nothing from an entry that
    is missing, damaged, of another Typst or not of the shape kept."""
    from bygdevekst_cli import cache

    kept = cache.load_decoded(cache.entry_name(_ENTRY), _cache_key(), marshal.loads)
    if not isinstance(kept, dict):
        return {}
    return {
        c: v for c, v in kept.items() if isinstance(c, str) and len(c) == 1 and isinstance(v, bool)
    }


def _keep() -> None:
    from bygdevekst_cli import cache

    cache.store_encoded(cache.entry_name(_ENTRY), _cache_key(), lambda: marshal.dumps(_SHOWN))


@functools.cache
def _typst_works() -> bool:
    """Whether a document without any of the characters compiles: otherwise every one
    would fail, for a reason that is not its own."""
    return _compiles([])


def _settle(characters: list[str]) -> None:
    """Whether the PDF shows each of ``characters``: all at once when they compile, else
    each half on its own (a few compilations for the few characters that fail)."""
    if not characters:
        return
    if _compiles(characters):
        _SHOWN.update(dict.fromkeys(characters, True))
    elif len(characters) == 1:
        _SHOWN[characters[0]] = False
    else:
        middle = len(characters) // 2
        _settle(characters[:middle])
        _settle(characters[middle:])


def _compiles(characters: Iterable[str]) -> bool:
    """Whether a PDF with each character in plain, bold (headings) and italic text can be
    made as the documents are (a character that UTF-8 cannot hold, a lone surrogate, never
    can)."""
    import typst

    lines = [
        "#set document(title: " + string("-") + ")",
        f'#set text(font: "{FONT}")',
        *(_paragraph(string(c)) for c in characters),
    ]
    try:
        compile_pdf("\n".join(lines))
    except (typst.TypstError, UnicodeEncodeError):
        return False
    return True


def _paragraph(literal: str) -> str:
    return f"#par[#{literal} #strong[#{literal}] #emph[#{literal}] #strong[#emph[#{literal}]]]"
