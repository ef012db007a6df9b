"""Which characters the PDF can show, asked of Typst with the fonts and standards the PDF
is made with.

PDF/A allows no missing glyph, so a character none of Typst's embedded fonts has (an
emoji, Chinese, a private-use character) or one the standards refuse (U+FEFF pasted from
Word) stops the PDF. ``validate`` tells it earlier (BV256) from the same answer, so the
set of characters is never a hand-made list that drifts from the fonts: each distinct
character is settled once, in a few small compilations (all the new ones at once; those
that fail are halved until each failing character stands alone). What is settled is kept
in the cache folder for the installed Typst (``cache.py``), so that a run whose characters
are all known starts no compiler (some 40 ms of reading the fonts, and more to compile).

The characters below ``TABLE_END`` (Latin, Greek, Cyrillic, punctuation, currency,
arrows, mathematical operators, box drawing: what plans are written in) are settled
ahead, by the same probe, for one Typst release, and shipped in ``data/pdf-glyphs.json``:
with that release installed, ``validate`` answers them without the compiler, also with
``--no-cache`` and on a fresh machine. With another release the table is not used and
Typst is asked, as for every character above it. After upgrading Typst, write the table
anew (about a minute): ``python -m bygdevekst_cli.render.formats.glyphs``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import marshal
from collections.abc import Iterable
from importlib.machinery import PathFinder
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typst

#: The PDF's font; Typst falls back to its other embedded fonts for a missing glyph.
FONT = "Libertinus Serif"

_SHOWN: dict[str, bool] = {}
"""Each character settled so far: whether the PDF can show it."""

_kept_read = False
"""Whether the characters kept in the cache folder have been read in this process."""

_GOOD: set[str] = set()
"""The characters of ``_SHOWN`` the PDF can show: a text made of them only is answered by
one ``issuperset``, without a look at each character."""

#: The characters the shipped table settles: every code point below this one.
TABLE_END = 0x3000
#: The shipped table (``write_table``).
TABLE = "pdf-glyphs.json"

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


_SHOWN_TEXTS: set[str] = set()
"""Whole texts whose every character the PDF shows: a pilot's texts repeat across its
plans (and a generated set's across pilots), and looking one up by its hash costs about a
twentieth of looking at each of its characters."""

#: At most this many texts are kept (then they are forgotten and gathered anew).
_SHOWN_TEXTS_MAX = 20_000


def shows_all(text: str) -> bool:
    """Whether the PDF shows every character of ``text`` (``not unshowable(text)``)."""
    if text in _SHOWN_TEXTS:
        return True
    if unshowable(text):
        return False
    if len(_SHOWN_TEXTS) >= _SHOWN_TEXTS_MAX:
        _SHOWN_TEXTS.clear()
    _SHOWN_TEXTS.add(text)
    return True


def unshowable(text: str) -> list[str]:
    """The distinct characters of ``text`` the PDF cannot show, in the order they first
    appear in it."""
    global _kept_read
    if _GOOD.issuperset(text):
        return []  # the common case: every character is one the PDF is known to show
    characters = dict.fromkeys(text)
    new = [c for c in characters if c not in _SHOWN]
    if new:
        _learn(_from_table(new))
        new = [c for c in new if c not in _SHOWN]
    if new and not _kept_read:  # the cache folder is read once, if the table leaves any
        _kept_read = True
        _learn(_kept())
        new = [c for c in new if c not in _SHOWN]
    if new:
        if not _typst_works():
            return []  # no answer to be had: the PDF itself says what it cannot make
        _settle(new)
        _keep()
    return [c for c in characters if not _SHOWN[c]]


def _learn(answers: dict[str, bool]) -> None:
    _SHOWN.update(answers)
    _GOOD.update(c for c, shown in answers.items() if shown)


def _from_table(characters: list[str]) -> dict[str, bool]:
    """The shipped table's answers for those of ``characters`` below ``TABLE_END``."""
    table = _table()
    if table is None:
        return {}
    starts, ends = table
    answers = {}
    for character in characters:
        code = ord(character)
        if code < TABLE_END:
            at = bisect.bisect_right(starts, code) - 1
            answers[character] = at >= 0 and code < ends[at]
    return answers


@functools.cache
def _table() -> tuple[list[int], list[int]] | None:
    """The shipped table's ranges of shown characters (starts, ends) when it was made for
    the installed Typst with this font and probe; else None."""
    try:
        table = json.loads(_table_path().read_bytes())
    except (OSError, ValueError):
        return None
    made_for = {"typst": typst_version(), "font": FONT, "probe": _PROBE_VERSION}
    if made_for["typst"] is None or not isinstance(table, dict):
        return None
    if any(table.get(key) != value for key, value in made_for.items()):
        return None
    shown = table.get("shown")
    if table.get("end") != TABLE_END or not isinstance(shown, list):
        return None
    if not all(
        isinstance(r, list) and len(r) == 2 and all(type(n) is int for n in r) for r in shown
    ):
        return None  # not the shape ``write_table`` writes
    return [start for start, _ in shown], [end for _, end in shown]


def _table_path() -> Path:
    """The package's table, as a file beside the code (``importlib.resources`` would cost
    some 3 ms of every ``validate``)."""
    return Path(__file__).resolve().parents[2] / "data" / TABLE


@functools.cache
def typst_version() -> str | None:
    """The installed Typst release, from its distribution's folder name beside the package
    (``typst-0.15.2.dist-info``): no import of Typst, nor of ``importlib.metadata``."""
    spec = PathFinder.find_spec("typst")
    if spec is None or spec.origin is None:
        return None
    folders = Path(spec.origin).parent.parent.glob("typst-*.dist-info")
    versions = [f.name.removeprefix("typst-").removesuffix(".dist-info") for f in folders]
    return versions[0] if len(versions) == 1 else None


def write_table(path: Path | None = None) -> Path:
    """Settle every character below ``TABLE_END`` with the installed Typst and write the
    table ``_table`` reads (``path``: the package's own by default)."""
    characters = [chr(i) for i in range(TABLE_END) if not 0xD800 <= i < 0xE000]
    _SHOWN.clear()
    _GOOD.clear()
    _settle(characters)
    shown: list[list[int]] = []
    for character in characters:
        if not _SHOWN[character]:
            continue
        code = ord(character)
        if shown and shown[-1][1] == code:
            shown[-1][1] = code + 1
        else:
            shown.append([code, code + 1])
    table = {
        "typst": typst_version(),
        "font": FONT,
        "probe": _PROBE_VERSION,
        "end": TABLE_END,
        "shown": shown,
    }
    target = path or _table_path()
    target.write_text(json.dumps(table, separators=(",", ":")) + "\n", encoding="utf-8")
    return target


def _cache_key() -> tuple[str, str, int]:
    from bygdevekst_cli.resultcache import library_stamp

    return (library_stamp("typst"), FONT, _PROBE_VERSION)


def _kept() -> dict[str, bool]:
    """The characters settled by earlier runs with this Typst; nothing from an entry that
    is missing, damaged, of another Typst or not of the shape kept."""
    from bygdevekst_cli import cache

    kept = cache.load_decoded(cache.entry_name(_ENTRY), _cache_key(), marshal.loads, tool_data=True)
    if not isinstance(kept, dict):
        return {}
    return {
        c: v for c, v in kept.items() if isinstance(c, str) and len(c) == 1 and isinstance(v, bool)
    }


def _keep() -> None:
    from bygdevekst_cli import cache

    cache.store_encoded(
        cache.entry_name(_ENTRY), _cache_key(), lambda: marshal.dumps(_SHOWN), tool_data=True
    )


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
        _learn(dict.fromkeys(characters, True))
    elif len(characters) == 1:
        _learn({characters[0]: False})
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


if __name__ == "__main__":  # python -m bygdevekst_cli.render.formats.glyphs
    print(write_table())
