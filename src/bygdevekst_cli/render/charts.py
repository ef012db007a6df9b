"""The dashboard's budget and progress charts in the plan and the status report.

A template places a chart with ``common/charts.md.j2``: a heading, an image paragraph
``![description](chart:ID)`` and the chart's data table. Markdown has no place for the SVG
itself, so ``Rendered.charts`` carries it by id and each converter puts it in its own way:

- HTML: the SVG inline (its ``<title>`` and ``<desc>`` label it, ``role="img"``);
- PDF: the SVG as a vector image (Typst), with the title and description as alt text;
- DOCX: a PNG with the title and description as the picture's alt text. Word reads SVG
  only from Office 2016 on and python-docx cannot place it, so the SVG is drawn to PNG by
  Typst, which the PDF already needs: no further library (cairosvg would need the system's
  cairo, which Windows lacks) and the same fonts as the PDF;
- Markdown: the description as a paragraph.

The data table after every chart is the full text alternative in every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bygdevekst_cli.language import words
from bygdevekst_cli.render.markdown import Md, escape

if TYPE_CHECKING:
    from bygdevekst_cli.charts import Chart
    from bygdevekst_cli.language import Words
    from bygdevekst_cli.render.documents import Source

#: The image address that names a chart in the Markdown: ``chart:<id>``.
SCHEME = "chart:"
NBSP = "\u00a0"
#: The documents that show charts.
DOCUMENTS = frozenset({"plan", "status"})
#: An image paragraph that stands for a chart, as the template writes it.
IMAGE_LINE = re.compile(r"^!\[(?P<alt>.*)\]\(" + re.escape(SCHEME) + r"[\w.-]+\)$", re.MULTILINE)


@dataclass(frozen=True)
class DocumentChart:
    """One chart of a document: its SVG, words and data table (figures already formatted)."""

    id: str
    title: str
    description: str
    svg: str
    header: str
    series: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...], str], ...]
    budget: bool = False
    """The plan's budget per year (the section's intro names what its charts show)."""

    @property
    def address(self) -> str:
        """The image address the Markdown names the chart by."""
        return f"{SCHEME}{self.id}"

    @property
    def alt(self) -> str:
        """The text alternative of the picture (DOCX, PDF): title and description."""
        return f"{self.title}. {self.description}"


def document_charts(source: Source, document: str, year: int | None) -> list[DocumentChart]:
    """The budget and status charts of the plan of ``year`` (plan and status documents)."""
    if document not in DOCUMENTS or year is None or year not in source.plans:
        return []
    from bygdevekst_cli.present.overview import chart_table, plan_budget_chart, plan_status_chart

    lang = source.language
    w = words(lang)
    plan = source.plans[year]
    name = source.pilot.name
    budget = plan_budget_chart(name, year, plan, w, lang, f"{document}-{year}-budget")
    status = plan_status_chart(
        name, year, plan, source.agreement_of(year), w, lang, f"{document}-{year}-status"
    )
    found = []
    for chart, header, money in (
        (budget, w("chart.year"), True),
        (status, w("chart.sub_goal_label"), False),
    ):
        if chart is not None:
            table = chart_table(chart, w, lang, header, money)
            found.append(_document_chart(chart, table, budget=money))
    if document == "status":
        found.extend(_indicator_chart(source, year, w, lang))
    return found


def _indicator_chart(source: Source, year: int, w: Words, lang: str) -> list[DocumentChart]:
    """The status report's indicator chart; its table is the indicator table itself, so
    the chart's own rows are the per cent reached, one per indicator."""
    from bygdevekst_cli.present.overview import chart_table
    from bygdevekst_cli.render.indicators import indicator_chart, year_indicators

    rows = year_indicators(source.agreement_of(year), source.plans[year], year)
    chart = indicator_chart(source.pilot.name, year, rows, w, lang)
    if chart is None:
        return []
    header = w("doc.indicators.indicator")
    return [_document_chart(chart, chart_table(chart, w, lang, header, money=False))]


def _document_chart(chart: Chart, table: dict[str, Any], *, budget: bool = False) -> DocumentChart:
    return DocumentChart(
        id=chart.id,
        title=chart.title,
        description=chart.description,
        svg=chart.svg,
        header=str(table["header"]),
        series=tuple(_md(name) for name in table["series"]),
        rows=tuple(
            (_md(c), tuple(_md(v) for v in values), _md(total))
            for c, values, total in table["rows"]
        ),
        budget=budget,
    )


def _md(value: str) -> Md:
    """A table cell as Markdown that keeps the figures' non-breaking spaces (``escape``
    folds every kind of space into one plain space)."""
    return Md(NBSP.join(escape(part) for part in value.split(NBSP)))


def chart_id(src: str) -> str | None:
    """The chart's id from an image address, or None when the image is not a chart."""
    return src[len(SCHEME) :] if src.startswith(SCHEME) else None


def without_images(markdown: str) -> str:
    """The Markdown file's form: each chart's image paragraph becomes its description."""
    return IMAGE_LINE.sub(lambda match: match.group("alt"), markdown)


def png(svg: str, width_cm: float = 16.0, ppi: int = 200) -> bytes:
    """The SVG drawn to PNG by Typst (for Word), ``width_cm`` wide."""
    import typst

    from bygdevekst_cli.render.formats.glyphs import string

    source = (
        "#set page(width: auto, height: auto, margin: 0pt, fill: white)\n"
        f'#image(bytes({string(svg)}), format: "svg", width: {width_cm}cm)\n'
    )
    data: bytes = typst.compile(
        source.encode("utf-8"), format="png", ppi=ppi, ignore_system_fonts=True
    )
    return data
