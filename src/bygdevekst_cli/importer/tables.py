"""The tables of a Word file, a spreadsheet (.xlsx, .ods) or a CSV file, as rows of cells.

Each row keeps its position in the source (the spreadsheet's row number, or the table and
row of a Word file) for messages. Cells are text or numbers as the source holds them; an
empty cell is ``None``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.importer import packages
from bygdevekst_cli.importer.blocks import Changes
from bygdevekst_cli.importer.chars import plain
from bygdevekst_cli.language import Words, cli_words
from bygdevekst_cli.os_reasons import exception_reason

SUFFIXES = (".docx", ".xlsx", ".xlsm", ".ods", ".csv")
_WORKBOOKS = (".xlsx", ".xlsm")
"""Excel workbooks, without or with macros (the macros are not read, only the cells)."""
Cell = str | int | float | None
_T = TypeVar("_T")
_MAX_COLUMNS = 64
"""An OpenDocument cell repeated to the sheet's last column is read this far at most."""
_MAX_REPEAT = 1000
"""A filled OpenDocument row repeated is read this often at most (a plan has fewer rows)."""


@dataclass(frozen=True)
class Row:
    where: str
    """``12`` (a spreadsheet's or CSV file's row), ``Ark1:12`` or ``tabell 2, rad 3``."""
    cells: tuple[Cell, ...]
    merged_down: frozenset[int] = frozenset()
    """Positions whose cell is the row above's, merged down over this row."""
    hidden: bool = False
    """The spreadsheet hides the row (or its sheet): read, and named to the user."""
    hidden_columns: frozenset[int] = frozenset()
    """Positions of the columns the spreadsheet hides (a column of drafts or old figures):
    the same for every row of a sheet; the plan's reader leaves them out and names them."""
    lines: dict[int, tuple[str, ...]] = field(default_factory=dict, compare=False)
    """Position → the lines of a text cell written on several («Fylkeskommunen», «NAV»,
    each a name): the cell itself is read as one line, as every field but a list wants."""
    shown: dict[int, str] = field(default_factory=dict, compare=False)
    """Position → what a spreadsheet's number cell shows where its number format says more
    than its value: «1.10» for 1.1 formatted with two decimals (an id, not measure 1.1),
    «35 %» for 0.35 formatted as a percentage (see ``is_percent``)."""
    hidden_text: bool = False
    """A Word row with hidden text (``w:vanish``) in a cell: left out, as Word neither
    shows nor prints it, and named to the user (it may be an old figure or a note)."""
    notes: frozenset[int] = frozenset()
    """Positions of the cells with a footnote or endnote (Word), whose text is not read with
    them («Beløpet er ikkje vedteke»). A reviewer's comment is no part of the table."""
    nested: dict[int, str] = field(default_factory=dict, compare=False)
    """Position → the text of the tables nested in a Word cell (a budget split by source in
    a table of its own in the «Budsjett» cell): not the cell's text, read only as a table
    of its own, so named where the cell is a measure's."""
    nested_tables: dict[int, tuple[str, ...]] = field(default_factory=dict, compare=False)
    """Position → the numbers of the tables in a Word cell (``nested``, and any nested in
    them): named with the cell, so not again as tables of their own."""


def _row(where: str, values: tuple[Any, ...], **kinds: Any) -> Row:
    """A row of the source's values (text as the source holds it, line breaks and all):
    text cells read as one line each, the lines of those written on several kept aside."""
    cells = tuple(_text(v) if isinstance(v, str) else v for v in values)
    lines = {i: found for i, v in enumerate(values) if len(found := _lines(v)) > 1}
    return Row(where, cells, lines=lines, **kinds)


def _lines(value: Any) -> tuple[str, ...]:
    """The non-empty lines of a text cell (none for anything else)."""
    if not isinstance(value, str):
        return ()
    return tuple(line for line in map(_text, plain(value).splitlines()) if line)


@dataclass(frozen=True)
class TablesRead:
    """The tables of a file, the kind it was read as (by its content: ``.docx``, ``.xlsx``,
    ``.ods``, ``.csv``) and what the user is told about how it was read."""

    tables: list[list[Row]]
    suffix: str
    notices: list[str] = field(default_factory=list)


def read_tables(
    path: Path, display: str, language: str | None = None, changes: Changes = Changes.FAIL
) -> TablesRead:
    """Every table of the file; messages in ``language`` (the pilot's, for the command line);
    a Word file's tracked changes handled by ``changes``."""
    say = cli_words(language)
    opened = packages.accept(path, display, say, SUFFIXES)
    notices = [opened.notice] if opened.notice is not None else []
    return TablesRead(_tables(path, display, opened.suffix, changes, say), opened.suffix, notices)


def _tables(path: Path, display: str, suffix: str, changes: Changes, say: Words) -> list[list[Row]]:
    """Every table of a file of the kind ``suffix``; a damaged file refused, by name."""
    try:
        if suffix == ".docx":
            return _docx(path, display, changes, say.language)
        if suffix in _WORKBOOKS:
            return list(_xlsx(path))
        if suffix == ".ods":
            return list(_ods(path))
        return [_csv(path, display, say)]
    except UserError:
        raise
    except Exception as exc:  # a damaged or foreign file: never a traceback
        reason = exception_reason(exc, say)
        raise UserError(say("cli.import.plan_bad_file", file=display, reason=reason)) from None


def _docx(path: Path, display: str, changes: Changes, language: str | None) -> list[list[Row]]:
    """Every table of a Word file in document order, each once: a table nested in a cell
    is a table of its own (its text is not the outer cell's), as is a table in a text box.
    Tracked changes are refused (with their counts) unless accepted or rejected."""
    import docx
    from docx.table import Table, _Row

    from bygdevekst_cli.importer.word import W, all_tables, has_hidden_text, own, tracked

    document = docx.Document(str(path))
    elements = all_tables(document.element.body)
    headed = [_goal_above(element, number, changes) for number, element in enumerate(elements, 1)]
    counts = tracked(*elements, *(paragraph for _, read in headed for paragraph in read))
    if counts and changes is Changes.FAIL:
        from bygdevekst_cli.importer.sources import refuse_tracked

        refuse_tracked(counts, display, language)
    numbers = {element: str(number) for number, element in enumerate(elements, 1)}
    found: list[list[Row]] = []
    for number, element in enumerate(elements, start=1):
        table = Table(element, document)
        rows = headed[number - 1][0]
        above: list[Any] = []
        # a row in a content control (a repeating section) is a row too; python-docx's
        # table.rows lists only the table's own
        for index, tr in enumerate(own(element, f"{W}tr"), start=1):
            row = _Row(tr, table)
            cells = [None] * row.grid_cols_before + list(row.cells)
            down = {
                i
                for i, cell in enumerate(cells[: len(above)])
                if cell is not None and above[i] is not None and cell._tc is above[i]._tc
            }
            read = _docx_cells(cells, changes)
            notes = _docx_notes(cells)
            hidden = has_hidden_text(tr)
            nested = _docx_nested(cells, down, changes)
            within = {
                i: tuple(numbers[t] for t in cell._tc.iter(f"{W}tbl") if t in numbers)
                for i, cell in enumerate(cells)
                if i in nested and cell is not None
            }
            rows.append(
                _row(
                    f"{number}:{index}",
                    read,
                    merged_down=frozenset(down),
                    notes=notes,
                    hidden_text=hidden,
                    nested=nested,
                    nested_tables=within,
                )
            )
            above = cells
        found.append(rows)
    return found


def _docx_notes(cells: list[Any]) -> frozenset[int]:
    """The positions of a Word row's cells with a footnote or endnote in them."""
    from bygdevekst_cli.importer.word import NOTES

    return frozenset(
        i
        for i, cell in enumerate(cells)
        if cell is not None and next(cell._tc.iter(*NOTES), None) is not None
    )


def _docx_nested(cells: list[Any], down: set[int], changes: Changes) -> dict[int, str]:
    """Position → the words of the tables nested in a Word row's cell, a row of them
    after another («Tiltaksmidlar 100 000; Eigne midlar 50 000»); a cell merged across
    columns or down from the row above only where it starts."""
    from bygdevekst_cli.importer.word import W, own, paragraph_words

    found: dict[int, str] = {}
    for position, cell in enumerate(cells):
        if cell is None or position in down:
            continue
        if position > 0 and cell._tc is getattr(cells[position - 1], "_tc", None):
            continue
        rows = (
            _text(" ".join(paragraph_words(p, changes) for p in tr.iter(f"{W}p")))
            for table in own(cell._tc, f"{W}tbl")
            for tr in own(table, f"{W}tr")
        )
        text = "; ".join(row for row in rows if row)
        if text:
            found[position] = text
    return found


def _goal_above(table: Any, number: int, changes: Changes) -> tuple[list[Row], list[Any]]:
    """The heading a Word table stands under when it names a sub-goal («Delmål 2: …», a
    table per sub-goal), as a row of one cell before the table's own (``<table>:0``): the
    sub-goal of the rows without one, as a heading row in the table gives it. Before, such
    rows were refused as having no sub-goal. A paragraph since the table before that gives
    the unit of the amounts («Alle tal i tusen kroner») is such a row too, as it is in a
    sheet's title block (it was not read, and thousands were taken for kroner). With the
    paragraphs read so, whose tracked changes are the table's (a heading changed from
    «Delmål 1» to «Delmål 2» gives the rows another sub-goal)."""
    from bygdevekst_cli.importer import matching
    from bygdevekst_cli.importer.headings import named_goal
    from bygdevekst_cli.importer.word import W, paragraph_words

    unit_note = matching.pattern("plan.unit_note")
    rows: list[Row] = []
    read: list[Any] = []
    nearest = True
    above = table.getprevious()
    while above is not None and above.tag == f"{W}p":
        text = _text(paragraph_words(above, changes))
        if text is not None:
            if (nearest and named_goal(text) is not None) or unit_note.match(text):
                rows.insert(0, _row(f"{number}:0", (text,)))
                read.append(above)
            nearest = False
        above = above.getprevious()
    return rows, read


def _docx_cells(cells: list[Any], changes: Changes) -> tuple[str | None, ...]:
    """A Word row's cells, one per grid column. python-docx gives a cell merged across
    columns once for each column it spans: it is read in its first column and the others
    are empty, as a spreadsheet holds a merge (a cell merged down is read in every row).
    A cell's text is its own paragraphs', a line each (not a nested table's)."""
    from bygdevekst_cli.importer.word import W, own, paragraph_words

    read: list[str | None] = []
    for position, cell in enumerate(cells):
        same = cell is None or (
            position > 0 and cell._tc is getattr(cells[position - 1], "_tc", None)
        )
        paragraphs = [] if same else own(cell._tc, f"{W}p")
        read.append(
            None if same else "\n".join(paragraph_words(p, changes, "\n") for p in paragraphs)
        )
    return tuple(read)


def _xlsx(path: Path) -> Iterator[list[Row]]:
    import openpyxl  # type: ignore[import-untyped]

    # read from the bytes, not by name: openpyxl refuses a workbook named other than .xlsx
    # (one saved as .xls), which the import reads by its content (``packages.accept``)
    data = path.read_bytes()
    computed = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # as written (formulas), and not read-only: only a full sheet knows its merged cells
    written = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    try:
        for sheet, formulas in zip(computed.worksheets, written.worksheets, strict=True):
            # the size a sheet states («A1:D2») is not trusted: programs that write workbooks
            # state «A1», and read-only openpyxl reads no row and no column beyond it
            sheet.reset_dimensions()
            both = sheet.iter_rows(values_only=True), formulas.iter_rows()
            hidden, columns = _hidden_rows(formulas), _hidden_columns(formulas)
            rows = [
                _row(
                    f"{sheet.title}:{index}",
                    _cached(values, tuple(cell.value for cell in typed)),
                    hidden=index in hidden,
                    hidden_columns=columns,
                    shown=_shown(values, typed),
                )
                for index, (values, typed) in enumerate(
                    itertools.zip_longest(*both, fillvalue=()), start=1
                )
            ]
            yield _fill_down(rows, _merged_down(formulas))
    finally:
        computed.close()
        written.close()


def _hidden_rows(sheet: Any) -> set[int] | range:
    """The rows (1-based) a worksheet hides, each of them when the sheet itself is hidden."""
    if sheet.sheet_state != "visible":
        return range(1, sheet.max_row + 1)
    return {index for index, rows in sheet.row_dimensions.items() if rows.hidden}


def _hidden_columns(sheet: Any) -> frozenset[int]:
    """The positions (0-based) of the columns a worksheet hides; one dimension may stand
    for several columns (``<col min="4" max="6" hidden="1">``)."""
    return frozenset(
        position
        for dimension in sheet.column_dimensions.values()
        if dimension.hidden and dimension.min is not None
        for position in range(dimension.min - 1, min(dimension.max or dimension.min, _MAX_COLUMNS))
    )


def _shown(values: tuple[Any, ...], cells: tuple[Any, ...]) -> dict[int, str]:
    """Position → the text a cell with a fraction shows by a number format that fixes its
    decimals («0.00»: 1.1 shows «1.10»), for the cells where that differs from the value;
    and the text of each number cell formatted as a percentage («0%»: 0.35 shows «35 %»)."""
    shown: dict[int, str] = {}
    for position, (value, cell) in enumerate(zip(values, cells, strict=False)):
        number_format = str(getattr(cell, "number_format", "")).split(";")[0]
        percent = _PERCENT_FORMAT.match(number_format)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and percent:
            shown[position] = _percent(value, len(percent[1] or ""))
            continue
        if not isinstance(value, float):
            continue
        decimals = _DECIMALS.match(number_format)
        text = _showing(value, f"{value:.{len(decimals[1])}f}" if decimals else "")
        if text is not None:
            shown[position] = text
    return shown


def _showing(value: float, text: str) -> str | None:
    """``text`` (a number as a sheet shows it, «1.10» or «1,10») when it is ``value`` with
    a fraction written otherwise than Python writes it (a trailing zero): with «.»."""
    text = text.strip().replace(",", ".")
    if value.is_integer() or not _DECIMAL_TEXT.match(text) or text == repr(value):
        return None
    return text if float(text) == value else None


def _percent(value: float, decimals: int) -> str:
    """A number as a cell formatted as a percentage shows it in Norwegian («35 %», «35,5 %»)."""
    return f"{value * 100:.{decimals}f}".replace(".", ",") + " %"


def is_percent(text: object) -> bool:
    """Whether ``text`` is a cell's text as a percentage shows it («35 %»): a share, never an
    amount of kroner (0.35 or 1 as the cell holds it)."""
    return isinstance(text, str) and bool(_PERCENT_TEXT.match(text))


_PERCENT_FORMAT = re.compile(r"^[#,0]*0(?:\.(0+))?\s*%$")
"""A number format that shows a percentage («0%», «0.0%», «0 %»): its decimals."""
_PERCENT_TEXT = re.compile(r"^-?\d+(?:[.,]\d+)?\s*%$")
_DECIMALS = re.compile(r"^[#,0]*0\.(0+)$")
"""A number format with a fixed number of decimals («0.00», «#,##0.0»): its decimals."""
_DECIMAL_TEXT = re.compile(r"^-?\d+\.\d+$")


def _merged_down(sheet: Any) -> dict[int, set[int]]:
    """Row number → the positions whose cell is merged down into it from the row above
    (only the first column of a merged block: a merge across columns stays in its first)."""
    found: dict[int, set[int]] = {}
    for block in sheet.merged_cells.ranges:
        for number in range(block.min_row + 1, block.max_row + 1):
            found.setdefault(number, set()).add(block.min_col - 1)
    return found


def _fill_down(rows: list[Row], down: dict[int, set[int]]) -> list[Row]:
    """Each cell merged down read in every row it spans, as Word gives it, and marked."""
    filled: list[Row] = []
    for number, row in enumerate(rows, start=1):
        positions = down.get(number)
        if positions and filled:
            above = filled[-1].cells
            cells = list(row.cells) + [None] * (max(positions) + 1 - len(row.cells))
            for position in positions:
                cells[position] = above[position] if position < len(above) else None
            row = replace(
                row,
                cells=tuple(cells),
                merged_down=frozenset(positions),
                lines=_carried(row.lines, filled[-1].lines, positions),
                shown=_carried(row.shown, filled[-1].shown, positions),
            )
        filled.append(row)
    return filled


def _carried(own: dict[int, _T], above: dict[int, _T], positions: set[int]) -> dict[int, _T]:
    """A row's entries by position, those of ``positions`` (merged down) the row above's."""
    return {
        **{i: v for i, v in own.items() if i not in positions},
        **{i: v for i, v in above.items() if i in positions},
    }


def _cached(values: tuple[Any, ...], typed: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row's values as the spreadsheet last computed them. A formula never computed (in a
    file a program wrote, not saved from a spreadsheet) has no value: it is kept as its
    formula («=SUM(G3:G9)»), so that a column that needs a number refuses it by name
    instead of reading it as empty."""
    return tuple(
        _value(formula if value is None and is_formula(formula) else value)
        for value, formula in itertools.zip_longest(values, map(_written, typed))
    )


def _written(value: Any) -> Any:
    """A cell as written; an array formula (entered with Ctrl+Shift+Enter, or written so by
    a program) its formula's text, which openpyxl keeps in an object of its own."""
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else value


def is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _value(value: Any) -> Any:
    if isinstance(value, bool):  # a logical cell: Excel's words for it, never a 1 or 0
        return "TRUE" if value else "FALSE"
    if value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, dt.date):  # a date cell: its day, as a CSV export writes it
        day = value.date() if isinstance(value, dt.datetime) else value
        return day.isoformat()
    return str(value)


def _text(text: str) -> str | None:
    """A text cell as one line, without invisible break characters; empty is ``None``."""
    return " ".join(plain(text).split()) or None


def _ods(path: Path) -> Iterator[list[Row]]:
    from odf.opendocument import load  # type: ignore[import-untyped]
    from odf.table import Table, TableRow  # type: ignore[import-untyped]

    document = load(str(path))
    hidden_sheets = _ods_hidden_sheets(document)
    for table in document.spreadsheet.getElementsByType(Table):
        name = table.getAttribute("name")
        columns = _ods_hidden_columns(table)
        sheet_hidden = table.getAttribute("stylename") in hidden_sheets
        rows: list[Row] = []
        number = 0
        down: dict[int, list[Any]] = {}
        for row in table.getElementsByType(TableRow):
            cells, merged = _ods_cells(row, down)
            shown = _ods_shown(row)
            repeat = int(row.getAttribute("numberrowsrepeated") or 1)
            # LibreOffice writes equal rows once, repeated: empty ones (down to the sheet's
            # end) only count for the row numbers of messages, filled ones are read each time
            copies = min(repeat, _MAX_REPEAT) if cells else 1
            hidden = sheet_hidden or row.getAttribute("visibility") in ("collapse", "filter")
            rows.extend(
                _row(
                    f"{name}:{number + i}",
                    cells,
                    merged_down=merged,
                    hidden=hidden,
                    hidden_columns=columns,
                    shown=shown,
                )
                for i in range(1, copies + 1)
            )
            number += repeat
        yield rows


def _ods_hidden_sheets(document: Any) -> set[str]:
    """The table styles that hide a sheet (``table:display="false"``): LibreOffice hides a
    sheet through its style, not the sheet itself."""
    from odf.style import Style, TableProperties  # type: ignore[import-untyped]

    return {
        style.getAttribute("name")
        for style in document.automaticstyles.getElementsByType(Style)
        if style.getAttribute("family") == "table"
        and any(
            p.getAttribute("display") == "false" for p in style.getElementsByType(TableProperties)
        )
    }


def _ods_hidden_columns(table: Any) -> frozenset[int]:
    """The positions of the columns an OpenDocument sheet hides (``table:visibility``
    «collapse» on its ``table:table-column``, which may repeat)."""
    from odf.table import TableColumn

    hidden: set[int] = set()
    position = 0
    for column in table.getElementsByType(TableColumn):
        repeat = min(int(column.getAttribute("numbercolumnsrepeated") or 1), _MAX_COLUMNS)
        if column.getAttribute("visibility") in ("collapse", "filter"):
            hidden.update(range(position, position + repeat))
        position += repeat
        if position >= _MAX_COLUMNS:
            break
    return frozenset(hidden)


def _ods_cells(row: Any, down: dict[int, list[Any]]) -> tuple[tuple[Cell, ...], frozenset[int]]:
    """A row's cells by column, and the columns merged down into it. A repeated cell counts
    as often as it repeats; a cell covered by a merge (``table:covered-table-cell``) is empty,
    unless a cell above spans down over it (``down``: column → [value, rows still covered],
    kept from row to row), as a spreadsheet's merged cells are read."""
    from odf.namespaces import TABLENS  # type: ignore[import-untyped]

    cells: list[Cell] = []
    merged: set[int] = set()
    for cell in row.childNodes:
        if cell.qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
            continue
        repeat = min(int(cell.getAttribute("numbercolumnsrepeated") or 1), _MAX_COLUMNS)
        if cell.qname[1] == "table-cell":
            value = _ods_value(cell)
            spanned = int(cell.getAttribute("numberrowsspanned") or 1)
            if spanned > 1:
                down[len(cells)] = [value, spanned - 1]
            cells.extend([value] * repeat)
            continue
        for _ in range(repeat):
            position, above = len(cells), down.get(len(cells))
            if above is not None and above[1] > 0:
                above[1] -= 1
                merged.add(position)
                cells.append(above[0])
            else:
                cells.append(None)
    while cells and cells[-1] is None:
        cells.pop()
    return tuple(cells), frozenset(merged)


def _ods_shown(row: Any) -> dict[int, str]:
    """Position → what a number cell with a fraction shows where that says more than its
    value (LibreOffice keeps the text it shows: «1,10» for 1.1 with two decimals), and what
    a percentage shows («35 %»)."""
    from odf.namespaces import TABLENS

    shown: dict[int, str] = {}
    position = 0
    for cell in row.childNodes:
        if cell.qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
            continue
        repeat = min(int(cell.getAttribute("numbercolumnsrepeated") or 1), _MAX_COLUMNS)
        found = _ods_showing(cell) if cell.qname[1] == "table-cell" else None
        if found is not None:
            shown.update(dict.fromkeys(range(position, position + repeat), found))
        position += repeat
    return shown


def _ods_showing(cell: Any) -> str | None:
    """What an OpenDocument number cell shows, where ``Row.shown`` keeps it."""
    kind = cell.getAttribute("valuetype")
    if kind not in ("float", "percentage"):
        return None
    text = " ".join(_ods_text(p) for p in cell.childNodes)
    number = float(cell.getAttribute("value"))
    if kind == "float":
        return _showing(number, text)
    decimals = _ODS_DECIMALS.search(text)
    return _percent(number, len(decimals[1]) if decimals else 0)


def _ods_value(cell: Any) -> int | float | str | None:
    """A cell's value; a formula's as last computed. A formula whose value is an error
    is the error it shows («#DIV/0!»: LibreOffice stores it as the number 0 beside a mark
    of its own), and one never computed (a program wrote it) its formula («=[.B3]*1000»,
    as a workbook's is kept), so that neither is read as 0 or as empty."""
    written = cell.getAttribute("formula")
    formula = _ODS_FORMULA.sub("=", written) if written else None
    if cell.attributes.get(_ODS_ERROR) == "error":
        return _text("".join(_ods_text(p) for p in cell.childNodes)) or formula
    kind = cell.getAttribute("valuetype")
    if formula and not kind:
        return formula
    if kind in ("float", "currency", "percentage"):
        number = float(cell.getAttribute("value"))
        return int(number) if number.is_integer() else number
    if kind == "date":  # its day, as a workbook's date cell is read, whatever it shows
        return str(cell.getAttribute("datevalue"))[: len("2026-03-15")]
    text = "\n".join(_ods_text(p) for p in cell.childNodes)  # a paragraph a line
    return text if _text(text) is not None else None


_ODS_ERROR = ("urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0", "value-type")
"""LibreOffice's mark of a formula cell whose value is an error (``calcext:value-type``)."""
_ODS_FORMULA = re.compile(r"^(?:[a-z]+:)?=?")
"""The start of an OpenDocument formula («of:=», the namespace of its syntax), read «=»."""
_ODS_DECIMALS = re.compile(r"[.,](\d+)\s*%")
"""The decimals of the percentage an OpenDocument cell's text shows («35,5 %»)."""
_ODS_SPACES = {"s": " ", "tab": " ", "line-break": "\n"}
"""OpenDocument's elements for runs of spaces, a tab and a line break (Shift+Enter)."""
_ODS_SKIPPED = ("annotation", "note")
"""A comment on the cell and a footnote: not what the cell says."""


def _ods_text(node: Any) -> str:
    """The text of a cell's paragraph as a spreadsheet shows it: spaces, tabs and line
    breaks kept apart (odfpy's own text of an element drops them, «Husbanken» and «NAV»
    on two lines would read «HusbankenNAV»), a comment on the cell left out."""
    if node.nodeType == node.TEXT_NODE:
        return str(node.data)
    tag = node.qname[1]
    if tag in _ODS_SKIPPED:
        return ""
    if tag in _ODS_SPACES:
        return _ODS_SPACES[tag]
    return "".join(_ods_text(child) for child in node.childNodes)


def _csv(path: Path, display: str, say: Words) -> list[Row]:
    from bygdevekst_cli.importer.sources import read_text

    text = read_text(path, display, say)
    said = _SEPARATOR_LINE.match(text)
    if said is not None:  # Excel's «sep=;» line names the separator: it is not a row
        text = text[said.end() :]
        reader = csv.reader(io.StringIO(text), csv.excel, delimiter=said[1])
    else:
        options: dict[str, Any] = {}
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=_DELIMITERS)
        except csv.Error:  # rows of unlike length (a heading row written without «;;»)
            dialect, options = csv.excel, {"delimiter": _header_delimiter(text)}
        reader = csv.reader(io.StringIO(text), dialect, **options)
    return [
        _row(str(index), tuple(cells)) for index, cells in enumerate(reader, start=2 if said else 1)
    ]


def _header_delimiter(text: str) -> str:
    """The separator a line of the first few uses most often (a comma when none does): the
    header row names every column, so it has the most of them. Lines with no separator at
    all (a title block above the table, written without Excel's «;;;») are not counted
    among the first few, so that a header under them is still among them."""
    split = (line for line in text.split("\n") if any(sep in line for sep in _DELIMITERS))
    lines = [*itertools.islice(split, _HEADER_LINES), ""]
    counts = {sep: max(line.count(sep) for line in lines) for sep in _DELIMITERS}
    delimiter = max(counts, key=lambda sep: counts[sep])
    return delimiter if counts[delimiter] else ","


_DELIMITERS = ";,\t"
_HEADER_LINES = 10
"""The first lines with a separator, where it is looked for when the sniffer finds none."""
_SEPARATOR_LINE = re.compile(r"^sep=([;,\t|])[ \t]*\n")
