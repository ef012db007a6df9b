"""A Word table's columns: measured once from the table's text (``Columns``), then the
size, cell margins and widths it is set in (``table_fit``, ``widths``), so that its words
and amounts fit whole where they can, on the page the template gives."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from docx.oxml.ns import qn
from docx.shared import Length, Pt, Twips
from lxml import etree  # type: ignore[import-untyped]  # no stubs; python-docx uses it

from bygdevekst_cli.render.formats.unbroken import pieces
from bygdevekst_cli.render.markdown import Table, plain

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

_R, _RPR, _LANG, _VAL, _SZ = qn("w:r"), qn("w:rPr"), qn("w:lang"), qn("w:val"), qn("w:sz")
_TBLCELLMAR, _LEFT, _RIGHT = qn("w:tblCellMar"), qn("w:left"), qn("w:right")
_W, _TYPE = qn("w:w"), qn("w:type")


class Columns(NamedTuple):
    """A table's columns, measured once (``Columns.of``): the size, margins and widths it
    is set in are chosen from these, never from its cells again (each choice measured
    every cell of the table anew, a dozen times or more for one table)."""

    runs: tuple[tuple[float, int], ...]
    """Each column's longest number and longest word (``longest_runs``)."""
    headers: tuple[int, ...]
    """Each header's longest word, in characters (set in bold: ``_bold_header``)."""
    weights: tuple[float, ...]
    """How wide each column wants to be (``_weight``)."""
    phrases: tuple[int, ...]
    """Each column's longest short phrase, in characters (``_longest_phrase``)."""

    @classmethod
    def of(cls, block: Table) -> Columns:
        texts = [_column_texts(block, column) for column in range(len(block.header))]
        return cls(
            runs=tuple(longest_runs(column) for column in texts),
            headers=tuple(
                max(map(len, plain(cell).split(" ")), default=0) for cell in block.header
            ),
            weights=tuple(_weight(column) for column in texts),
            phrases=tuple(_longest_phrase(column[1:]) for column in texts),
        )


def _longest_phrase(cells: list[str]) -> int:
    """The longest cell of ``cells`` (a column's, below its header) that is a phrase of a
    few words and no number, up to ``_LONGEST_WHOLE`` characters: «ikkje registrert» for a
    decision date not recorded, which broke over two lines in a column as wide as a date.
    0 where there is none."""
    return max(
        (
            len(cell)
            for cell in cells
            if " " in cell and len(cell) <= _LONGEST_WHOLE and _DIGIT.search(cell) is None
        ),
        default=0,
    )


def _weight(texts: list[str]) -> float:
    """How wide a column of ``texts`` wants to be: its longest line of text up to a
    paragraph's worth, never narrower than its longest word (a "Vekt" column stays narrow)."""
    longest_word = max((len(word) for t in texts for word in t.split()), default=1)
    longest = max((len(t) for t in texts), default=1)
    return max(longest_word + 1.0, min(float(longest), 45.0), 3.0)


#: A character's width as a share of the font size: the digits of DejaVu Serif, the widest
#: of the fonts that stand in for Cambria (the default body font) where it is missing.
_CHARACTER_EM = 0.64
#: A cell's left and right margins in the grid style (108 twips each).
CELL_MARGINS = Twips(216)
#: A word longer than this may be broken inside when the columns are tight (Word and
#: LibreOffice do); numbers and amounts («1 200 000 kr», joined by no-break spaces) are
#: never broken.
_LONGEST_WHOLE = 20


def table_character(document: DocumentObject) -> int:
    """About one character of table text (EMU), at ``table_text_size``."""
    return int(table_text_size(document) * _CHARACTER_EM)


def table_text_size(document: DocumentObject) -> Length:
    """The size of table text: the table style's, else the document's default size, else
    Word's 11 pt."""
    style = next((s for s in document.styles if s.name == "Table Grid"), None)
    while style is not None and style.font.size is None:
        style = style.base_style
    size = style.font.size if style is not None else None
    if size is None:
        found = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")
        size = Pt(int(found[0]) / 2) if found else Pt(11)
    return Length(size)


class TableFit(NamedTuple):
    """How a table is set: its text's size (None: the table style's), one character of it
    (EMU), its cells' left and right margins together (EMU), and whether it is set so that
    every word fits whole, as ``_column_runs`` measures it (``whole_words_fit``)."""

    size: Length | None
    character: int
    margins: int
    whole: bool = False


#: The shortest words a table's text column should hold whole beside its amounts; and the
#: smallest text, in half points, with Word's narrow cell margins (0.08 cm a side), that a
#: table is set in to make room for them (the table of a period of six years or more).
_WORD_BESIDE_AMOUNTS = 8
SMALLEST_TABLE_TEXT = 14
NARROW_CELL_MARGINS = Twips(86)


def table_fit(columns: Columns, text_width: int, size: Length) -> TableFit:
    """The table style's size and margins where the table's amounts and all its words fit
    the page side by side, each whole (``whole_words_fit``). Otherwise narrow cell margins,
    at the largest size down to ``SMALLEST_TABLE_TEXT`` at which they do: Word and
    LibreOffice broke a word too long for its column at any letter («Driftstilsk» over «ot»
    in the header of six funding sources). Narrow margins at the style's size, too, where
    the style's margins leave a word or a short phrase narrower than its measure
    (``_squeezed``) and narrow ones do not. Where no size holds every word whole: the
    style's size and margins where the amounts and words of ``_WORD_BESIDE_AMOUNTS``
    characters fit (``fits``), else narrow margins at the largest size at which they fit
    (or at the smallest): at the style's size the text columns were squeezed to a letter a
    line and the amounts broken."""
    largest = round(size.pt * 2)
    sizes = range(largest, min(largest, SMALLEST_TABLE_TEXT) - 1, -1)
    character = character_width(largest)
    amounts_fit = fits(columns, text_width, character, CELL_MARGINS)
    if amounts_fit and whole_words_fit(columns, text_width, character, CELL_MARGINS):
        if _squeezed(columns, text_width, character, CELL_MARGINS) and not _squeezed(
            columns, text_width, character, NARROW_CELL_MARGINS
        ):
            return TableFit(None, character, NARROW_CELL_MARGINS)
        return TableFit(None, character, CELL_MARGINS)
    for half_points in sizes:
        if whole_words_fit(columns, text_width, character_width(half_points), NARROW_CELL_MARGINS):
            return _fit_at(half_points, largest, NARROW_CELL_MARGINS)._replace(whole=True)
    if amounts_fit:
        return TableFit(None, character, CELL_MARGINS)
    for half_points in sizes:
        if fits(columns, text_width, character_width(half_points), NARROW_CELL_MARGINS):
            break
    return _fit_at(half_points, largest, NARROW_CELL_MARGINS)


def character_width(half_points: int) -> int:
    """About one character of table text (EMU) at ``half_points``."""
    return int(Pt(half_points / 2) * _CHARACTER_EM)


def _fit_at(half_points: int, largest: int, margins: int) -> TableFit:
    """The table set at ``half_points`` (None: the style's ``largest``) with ``margins``."""
    character = character_width(half_points)
    smaller = None if half_points == largest else Length(Pt(half_points / 2))
    return TableFit(smaller, character, margins)


def fits(
    columns: Columns,
    text_width: int,
    character: int,
    margins: int,
    beside: int = _WORD_BESIDE_AMOUNTS,
) -> bool:
    """Whether every amount whole and the words up to ``beside`` characters fit side by
    side, a header's in bold (``_column_runs``)."""
    runs = _column_runs(columns, measured=False, bold=True)
    needed = (max(n, min(w, beside)) * character + margins for n, w in runs)
    return sum(needed) <= text_width


def whole_words_fit(columns: Columns, text_width: int, character: int, margins: int) -> bool:
    """Whether every amount and every word up to ``_LONGEST_WHOLE`` characters (a header's
    in bold) fit side by side, each whole."""
    floors = _floors(_column_runs(columns, measured=True), character, margins, _LONGEST_WHOLE)
    return sum(floors) <= text_width


def _squeezes_words(columns: Columns, text_width: int, character: int, margins: int) -> bool:
    """Whether the columns' floors (``column_floors``, each letter as wide as a digit) leave
    a word narrower than its measure (its letters at ``_LETTER_SHARE``): the dates of a
    table of decisions took the room «distriktsdepartementet» needed, which broke inside
    the word, where narrow cell margins had room for both."""
    floors = column_floors(columns, text_width, character, margins)
    measured = [(number, letters * _LETTER_SHARE) for number, letters in columns.runs]
    needed = _floors(measured, character, margins, _LONGEST_WHOLE)
    return any(floor < need for floor, need in zip(floors, needed, strict=True))


def _squeezed(columns: Columns, text_width: int, character: int, margins: int) -> bool:
    """Whether ``margins`` leave a word (``_squeezes_words``) or a short phrase
    (``_squeezes_phrases``) narrower than its measure."""
    return _squeezes_words(columns, text_width, character, margins) or _squeezes_phrases(
        columns, text_width, character, margins
    )


def _squeezes_phrases(columns: Columns, text_width: int, character: int, margins: int) -> bool:
    """Whether the columns as ``column_widths`` shares them out leave a column narrower than
    its short phrase (``Columns.phrases``): «ikkje registrert» in the dates and case numbers
    of a table of decisions broke over two lines beside the parties' long names."""
    widths = column_widths(columns, text_width, character, margins)
    needs = _phrase_widths(columns, character, margins)
    return any(width < need for width, need in zip(widths, needs, strict=True))


def _phrase_widths(columns: Columns, character: int, margins: int) -> list[int]:
    """The width (EMU) each column needs for its short phrase on one line; 0 for none."""
    return [
        int(phrase * _LETTER_SHARE * character + margins) if phrase else 0
        for phrase in columns.phrases
    ]


def set_cell_margins(properties: etree._Element, margins: int) -> None:
    """The table's left and right cell margins (``w:tblCellMar``), half of ``margins`` each."""
    cell_margins = etree.SubElement(properties, _TBLCELLMAR)
    for side in (_LEFT, _RIGHT):
        margin = etree.SubElement(cell_margins, side)
        margin.set(_W, str(Length(margins // 2).twips))
        margin.set(_TYPE, "dxa")


def set_run_size(table: etree._Element, size: Length) -> None:
    """Every run of ``table`` in ``size`` (``w:sz``, before a run's ``w:lang``)."""
    half_points = str(round(Length(size).pt * 2))
    for run in table.iter(_R):
        properties = run.find(_RPR)
        if properties is None:
            properties = etree.Element(_RPR)
            run.insert(0, properties)
        element = etree.Element(_SZ)
        element.set(_VAL, half_points)
        lang = properties.find(_LANG)
        if lang is not None:
            lang.addprevious(element)
        else:
            properties.append(element)


def _column_texts(block: Table, column: int) -> list[str]:
    return [plain(block.header[column])] + [plain(r[column]) for r in block.rows if column < len(r)]


_DIGIT = re.compile(r"\d")
#: A date as the documents write it (CLDR's long form in nn and nb: «22. september 2025»):
#: measured as one run, as an amount is, so that its column holds it on one line.
_DATE = re.compile(r"\d{1,2}\. \w+ \d{4}")
_NO_BREAK_SPACE = "\u00a0"


def bound(text: str) -> str:
    """``text`` with the spaces inside what a line must not break in joined by no-break
    spaces: a date (``_DATE``) and the pieces ``unbroken`` keeps whole in HTML and PDF (a
    phone number «+47 35 06 80 00», a case number, an amount). Word and LibreOffice break
    a line at an ordinary space only, so a cell's text is written so (``docx_runs``), and
    its column measured so (``longest_runs``); an e-mail address is left as written."""
    if _DIGIT.search(text) is None:
        return text
    dated = _DATE.sub(lambda date: date.group().replace(" ", _NO_BREAK_SPACE), text)
    return "".join(
        piece.text.replace(" ", _NO_BREAK_SPACE) if piece.whole and not piece.email else piece.text
        for piece in pieces(dated)
    )


#: A no-break space's width as a share of a digit's (DejaVu Serif: 0.318 em against 0.636):
#: an amount («18\u00a0000\u00a0000\u00a0kr») is narrower than its characters counted as digits.
_SPACE_SHARE = 0.5


def longest_runs(texts: list[str]) -> tuple[float, int]:
    """The longest run of ``texts`` (a column's) that holds a digit (a number, an amount; in
    characters, its no-break spaces counted at ``_SPACE_SHARE``) and the longest that holds
    none (a word), split only at ordinary spaces: a no-break space binds an amount
    together, and a date, a phone number or a case number is bound as one (``bound``)."""
    number, word = 0.0, 1
    for text in texts:
        if _DIGIT.search(text) is None:  # words alone (most cells): no number, no date
            word = max(word, *map(len, text.split(" ")))
            continue
        for run in bound(text).split(" "):
            if _DIGIT.search(run) is None:
                word = max(word, len(run))
            else:
                number = max(number, len(run) - (1 - _SPACE_SHARE) * run.count("\u00a0"))
    return number, word


def column_floors(
    columns: Columns,
    text_width: int,
    character: int,
    margins: int = CELL_MARGINS,
    *,
    measured: bool = False,
) -> list[int]:
    """The narrowest each column may be (EMU): its longest number or amount whole, and its
    longest word up to ``_LONGEST_WHOLE`` characters (``measured``: as ``_column_runs``
    measures it); when those do not fit side by side, words are allowed to break sooner,
    never a number. A table squeezed to narrow margins has no slack beside its floors:
    there a header's word counts in bold (its «Sum» broke into «Su» and «m»)."""
    runs = _column_runs(columns, measured=measured, bold=margins != CELL_MARGINS)
    floors: list[int] = []
    for whole in range(_LONGEST_WHOLE, 0, -1):
        floors = _floors(runs, character, margins, whole)
        if sum(floors) <= text_width:
            break
    return floors


def _column_runs(
    columns: Columns, *, measured: bool, bold: bool = False
) -> list[tuple[float, float]]:
    """Each column's longest number and longest word (``longest_runs``, every character as
    wide as a digit). ``measured``: a word's letters at ``_LETTER_SHARE`` of a digit, but a
    header's in bold (``_bold_header``): as a table set smaller for its words is measured.
    ``bold``: a header's word in bold too, its letters counted as digits."""
    runs: list[tuple[float, float]] = []
    for (number, letters), header in zip(columns.runs, columns.headers, strict=True):
        word: float = letters
        if measured:
            word = max(letters * _LETTER_SHARE, _bold_header(header))
        elif bold:
            word = max(letters, _bold_header(header))
        runs.append((number, word))
    return runs


def _bold_header(longest: int) -> int:
    """A header's longest word of ``longest`` characters, with ``_BOLD_EXTRA`` for its bold
    («Sum» is as wide as 3.9 digits)."""
    return longest + _BOLD_EXTRA


#: A letter's width as a share of a digit's, on average (DejaVu Serif: «arbeidsplassar»,
#: 14 letters, is 7.4 em, as wide as 11.7 of its digits).
_LETTER_SHARE = 0.85


def _floors(runs: list[tuple[float, float]], character: int, margins: int, whole: int) -> list[int]:
    """Each column's floor (EMU) with its words whole up to ``whole`` characters."""
    return [int(max(number, min(word, whole)) * character + margins) for number, word in runs]


def column_widths(
    columns: Columns,
    text_width: int,
    character: int,
    margins: int = CELL_MARGINS,
    *,
    measured: bool = False,
) -> list[int]:
    """Each column's width (EMU): the text width shared out by ``column_weights``; when that
    leaves a column narrower than its floor (``column_floors``: many columns, one long
    text wanting most of the page), each column gets its floor first and the rest is
    shared out by how much more each wanted, so that no amount is broken over two lines."""
    weights = columns.weights
    total = sum(weights)
    widths = [int(text_width * weight / total) for weight in weights]
    floors = column_floors(columns, text_width, character, margins, measured=measured)
    if all(width >= floor for width, floor in zip(widths, floors, strict=True)):
        headed = _room_for_headers(columns, widths, floors, character, margins)
        return _room_for_phrases(columns, headed, floors, character, margins)
    if sum(floors) >= text_width:  # not even the floors fit: shared out by them
        return [int(text_width * floor / sum(floors)) for floor in floors]
    wanted = [
        max(int(weight * character + margins) - floor, 0)
        for weight, floor in zip(weights, floors, strict=True)
    ]
    if not any(wanted):  # every column at its floor wants no more: shared out by the floors
        wanted = floors
    spare = text_width - sum(floors)
    shared = [
        floor + spare * extra // sum(wanted) for floor, extra in zip(floors, wanted, strict=True)
    ]
    headed = _room_for_headers(columns, shared, floors, character, margins)
    return _room_for_phrases(columns, headed, floors, character, margins)


#: A header cell's text is bold: its longest word needs room for this many characters more
#: than it has (the bold «Sum» of DejaVu Serif is as wide as 3.9 of its digits; a column as
#: wide as three digits broke it into «Su» and «m»).
_BOLD_EXTRA = 1


#: A bold letter's width as a share of a digit's, on average (DejaVu Serif Bold:
#: «Formannskapsmøte», 16 letters, is 11.3 em, as wide as 17.7 of the regular digits).
_BOLD_SHARE = 1.12


def _bold_word(longest: int) -> float:
    """A header's longest word of ``longest`` characters as wide as it is in bold (in
    digits): at least ``_bold_header``, and a long word's letters at ``_BOLD_SHARE`` (the
    schedule's «Formannskapsmøte» broke into «Formannskapsmøt» and «e» beside a long name)."""
    return max(_bold_header(longest), longest * _BOLD_SHARE)


def _room_for_headers(
    columns: Columns, widths: list[int], floors: list[int], character: int, margins: int
) -> list[int]:
    """``widths`` with room for each header's longest word in bold, taken from the columns
    that have more than they need (in proportion to what they can spare); as they were
    when every header fits, or when the others cannot spare enough."""
    needed = [int(_bold_word(header) * character + margins) for header in columns.headers]
    short = [max(need - width, 0) for need, width in zip(needed, widths, strict=True)]
    spare = [
        max(width - max(need, floor), 0)
        for width, need, floor in zip(widths, needed, floors, strict=True)
    ]
    if not any(short) or sum(spare) < sum(short):
        return widths
    taken = [sum(short) * room // sum(spare) for room in spare]
    taken[spare.index(max(spare))] += sum(short) - sum(taken)  # what rounding left
    return [width + more - less for width, more, less in zip(widths, short, taken, strict=True)]


def _room_for_phrases(
    columns: Columns, widths: list[int], floors: list[int], character: int, margins: int
) -> list[int]:
    """``widths`` with room for each column's short phrase on one line (``Columns.phrases``),
    the narrowest wants first, taken from the columns that have more than their own
    phrase, header and floor need (in proportion to what they can spare); a column the
    others cannot spare enough for stays as it was."""
    phrases = _phrase_widths(columns, character, margins)
    headers = [int(_bold_word(header) * character + margins) for header in columns.headers]
    own = [max(n) for n in zip(phrases, headers, floors, strict=True)]
    spare = [max(width - need, 0) for width, need in zip(widths, own, strict=True)]
    short = [max(need - width, 0) for need, width in zip(phrases, widths, strict=True)]
    given = [0] * len(widths)
    for column in sorted(range(len(widths)), key=lambda n: short[n]):
        if short[column] and sum(given) + short[column] <= sum(spare):
            given[column] = short[column]
    if not any(given):
        return widths
    taken = [sum(given) * room // sum(spare) for room in spare]
    taken[spare.index(max(spare))] += sum(given) - sum(taken)  # what rounding left
    return [width + more - less for width, more, less in zip(widths, given, taken, strict=True)]


def grid_widths(columns: Columns, text_width: int, fit: TableFit) -> list[str]:
    """Each column's width in twips (as ``w:w`` holds it), from ``column_widths``."""
    widths = column_widths(columns, text_width, fit.character, fit.margins, measured=fit.whole)
    return [str(Length(width).twips) for width in widths]
