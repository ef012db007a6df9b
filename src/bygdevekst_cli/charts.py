"""Charts as inline SVG with their text alternative: pure functions, no I/O, no words.

Every chart is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``
(``aria-labelledby``), and carries its data, so that the page can show the same figures
as a table beside it (WCAG 2.1: 1.1.1 non-text content; the table is the full
alternative, the description the summary). The caller gives every word (title,
description, category and series names) in the document's language, and a function that
formats a value in that language; nothing here is Norwegian or English.

The colours are a colour-blind-safe palette, each with at least 3:1 contrast against white
(1.4.11 non-text contrast), and every series is also named in the legend and the table,
so that colour is never the only way to tell them apart (1.4.1).

Used by the overview dashboard, the static site, and the action plan and status report in
every format (``render/charts.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

#: Okabe–Ito based, darkened where needed for 3:1 against white.
PALETTE = ("#0063a6", "#b35900", "#00785a", "#a4356f", "#5a5a5a", "#6a3d9a", "#8a6d00")

WIDTH = 640
LABEL_WIDTH = 190
ROW_HEIGHT = 26
BAR_HEIGHT = 18
LEGEND_ROW = 22
TEXT = "#1a1a1a"
#: The scale's grid lines: light, behind the bars, so that a bar's length can be read off.
GRID = "#c8c8c8"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int | None, ...]
    """One value per category; None where the value is not known (drawn as nothing)."""


@dataclass(frozen=True)
class Chart:
    """A chart: its SVG, and the data and words a data table needs."""

    id: str
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    svg: str

    def rows(self) -> list[tuple[str, list[int | None], int]]:
        """``(category, values by series, total of the known values)`` per category."""
        rows = []
        for index, category in enumerate(self.categories):
            values = [s.values[index] for s in self.series]
            rows.append((category, values, sum(v for v in values if v is not None)))
        return rows


def _attribute(value: str) -> str:
    return escape(value, quote=True)


def _nice_max(value: int) -> int:
    """A round upper end for the axis (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _marks(top: int, plot: int) -> list[tuple[int, float]]:
    """The values the scale marks and where (``x``): every whole number up to a ``top`` of
    5, else the two ends and the middle (``top`` is a ``_nice_max``, so its half is whole
    from 10 on). Three labels at most leave room for amounts in kroner under a bar."""
    values = list(range(top + 1)) if top <= 5 else [0, top // 2, top]
    return [(value, LABEL_WIDTH + plot * value / top) for value in values]


def stacked_bars(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    format_value: Callable[[int], str],
) -> Chart | None:
    """Horizontal stacked bars, one per category, one segment per series.

    Returns None when there is nothing to draw (no categories, or no known value above 0):
    a chart of nothing would say nothing.
    """
    if not categories or not series:
        return None
    for one in series:
        if len(one.values) != len(categories):
            raise ValueError(f"series {one.name!r} has {len(one.values)} values")
    totals = [
        sum(v for s in series if (v := s.values[i]) is not None and v > 0)
        for i in range(len(categories))
    ]
    if max(totals, default=0) <= 0:
        return None
    top = _nice_max(max(totals))
    plot = WIDTH - LABEL_WIDTH - 110
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    legend_rows = (len(series) + 2) // 3
    height = 10 + ROW_HEIGHT * len(categories) + 28 + LEGEND_ROW * legend_rows + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" id="{_attribute(chart_id)}"'
        f' aria-labelledby="{_attribute(title_id)} {_attribute(desc_id)}"'
        f' viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet"'
        f' class="chart">',
        f'<title id="{_attribute(title_id)}">{escape(title)}</title>',
        f'<desc id="{_attribute(desc_id)}">{escape(description)}</desc>',
    ]
    axis_y = 10 + ROW_HEIGHT * len(categories)
    marks = _marks(top, plot)
    parts.extend(_grid(axis_y, marks))
    for index, category in enumerate(categories):
        y = 10 + index * ROW_HEIGHT
        parts.append(_category_label(category, y))
        x = float(LABEL_WIDTH)
        for number, one in enumerate(series):
            value = one.values[index]
            if value is None or value <= 0:
                continue
            width = plot * value / top
            colour = PALETTE[number % len(PALETTE)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}"'
                f' fill="{colour}" stroke="#ffffff" stroke-width="1">'
                f"<title>{escape(one.name)}: {escape(format_value(value))}</title></rect>"
            )
            x += width
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + BAR_HEIGHT - 4}" font-size="12"'
            f' fill="{TEXT}">{escape(format_value(totals[index]))}</text>'
        )
    parts.extend(_axes(axis_y, plot, marks, format_value))
    for number, one in enumerate(series):
        row, column = divmod(number, 3)
        x = 10 + column * (WIDTH // 3)
        y = axis_y + 28 + row * LEGEND_ROW
        colour = PALETTE[number % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + 20}" y="{y + 12}" font-size="12" fill="{TEXT}">'
            f"{escape(_clip(one.name, 30))}</text>"
        )
    parts.append("</svg>")
    return Chart(chart_id, title, description, tuple(categories), tuple(series), "".join(parts))


def _grid(bottom: int, marks: list[tuple[int, float]]) -> list[str]:
    """A light vertical line at each of the scale's marks but 0, behind the bars."""
    return [
        f'<line x1="{x:.1f}" y1="6" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}" stroke-width="1"/>'
        for _, x in marks[1:]
    ]


def _axes(
    bottom: int, plot: int, marks: list[tuple[int, float]], format_value: Callable[[int], str]
) -> list[str]:
    """The axis at the bars' start, the scale under them, and each mark's value."""
    parts = [
        f'<line x1="{LABEL_WIDTH}" y1="6" x2="{LABEL_WIDTH}" y2="{bottom}"'
        f' stroke="{TEXT}" stroke-width="1"/>',
        f'<line x1="{LABEL_WIDTH}" y1="{bottom}" x2="{LABEL_WIDTH + plot}" y2="{bottom}"'
        f' stroke="{TEXT}" stroke-width="1"/>',
    ]
    for value, x in marks:
        parts.append(
            f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 4}"'
            f' stroke="{TEXT}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" font-size="11"'
            f' fill="{TEXT}">{escape(format_value(value))}</text>'
        )
    return parts


#: The characters of a category's label on one line (13 px), and on each of two lines of
#: smaller text (11 px), in the room left of the bars.
_ONE_LINE, _TWO_LINES = 28, 33


def _category_label(category: str, y: int) -> str:
    """A category's label left of its bar (row ``y``): on one line where it fits, else on
    two lines of smaller text split between its words («2. Korleis få fleire» over
    «arbeidsplassar i privat sektor»; a sub-goal's name was cut to «2. Korleis få fleire
    arbeid…»), clipped only where even two lines are too short."""
    x = LABEL_WIDTH - 8
    words = category.split(" ")
    if len(category) <= _ONE_LINE or len(words) < 2:
        return (
            f'<text x="{x}" y="{y + BAR_HEIGHT - 4}" text-anchor="end"'
            f' font-size="13" fill="{TEXT}">{escape(_clip(category))}</text>'
        )
    split = min(
        range(1, len(words)),
        key=lambda n: max(len(" ".join(words[:n])), len(" ".join(words[n:]))),
    )
    first, second = " ".join(words[:split]), " ".join(words[split:])
    return (
        f'<text text-anchor="end" font-size="11" fill="{TEXT}">'
        f'<tspan x="{x}" y="{y + 8}">{escape(_clip(first, _TWO_LINES))} </tspan>'
        f'<tspan x="{x}" y="{y + 20}">{escape(_clip(second, _TWO_LINES))}</tspan></text>'
    )


def _clip(text: str, length: int = _ONE_LINE) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
