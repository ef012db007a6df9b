"""Indicators in the documents: the agreement's appendix (each sub-goal's indicators with
baseline and target) and the status report's table and chart (the year's values against
them).

The chart shows, per indicator, how much of the way from baseline to target the year's
value has come, in per cent: indicators in different units can then share one axis. An
indicator without a baseline, a target or a value for the year has no bar, and the table
says which figure is missing; nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bygdevekst_cli.formatting import percent
from bygdevekst_cli.models import ActionPlan, Agreement
from bygdevekst_cli.models.indicators import Indicator, IndicatorValue, Point
from bygdevekst_cli.render.markdown import Md, escape

if TYPE_CHECKING:
    from bygdevekst_cli.charts import Chart
    from bygdevekst_cli.language import Words

#: The chart's id in a status document of ``year`` (``chart:status-2026-indicators``).
CHART_ID = "status-{year}-indicators"
NBSP = "\u00a0"


def number(value: int | float, language: str) -> str:
    """A value as the locale writes it (``1 234``, ``3,5``)."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=language))


def cell(text: str) -> Md:
    """A figure as Markdown that keeps its non-breaking spaces (``escape`` folds them)."""
    return Md(NBSP.join(escape(part) for part in text.split(NBSP)))


@dataclass(frozen=True)
class IndicatorRow:
    sub_goal: int
    indicator: Indicator
    value: IndicatorValue | None = None
    """The year's value (status report); None: not reported."""

    @property
    def direction_key(self) -> str:
        """The catalogue key of the indicator's direction (``doc.indicators.increase``)."""
        return f"doc.indicators.{self.indicator.direction.value}"

    @property
    def progress(self) -> int | None:
        """Per cent of the way from baseline to target the value has come (may be below 0
        or above 100); None when a figure is missing or baseline and target are equal."""
        baseline, target = self.indicator.baseline, self.indicator.target
        if self.value is None or baseline is None or target is None:
            return None
        span = target.value - baseline.value
        if span == 0:
            return None
        return round(100 * (self.value.value - baseline.value) / span)


def _no_progress(row: IndicatorRow, w: Words) -> str:
    """Why an indicator has no share of the way to its target: the description names the
    figure that is missing, as the indicator table shows it."""
    indicator = row.indicator
    if row.value is None:
        return w("doc.indicators.not_reported")
    if indicator.target is None:
        return w("doc.indicators.chart_no_target")
    if indicator.baseline is None:
        return w("doc.indicators.chart_no_baseline")
    return w("doc.indicators.chart_no_span")


def split_charts(charts: list[Any], year: int) -> tuple[list[Any], list[Any]]:
    """A status report's charts: the indicator chart (shown with the indicator table), and
    the others (the charts section)."""
    chart_id = CHART_ID.format(year=year)
    return [c for c in charts if c.id == chart_id], [c for c in charts if c.id != chart_id]


def point_text(point: Point | None, w: Words, language: str) -> str:
    if point is None:
        return w("doc.indicators.not_fixed")
    return w("doc.indicators.point", value=number(point.value, language), year=point.year)


def agreement_indicators(agreement: Agreement) -> list[IndicatorRow]:
    return [IndicatorRow(g.number, i) for g in agreement.sub_goals for i in g.indicators]


def year_indicators(agreement: Agreement, plan: ActionPlan, year: int) -> list[IndicatorRow]:
    """Every indicator of the agreement with its value for ``year`` from the plan (the last
    entry wins when the plan lists one twice)."""
    values = {v.indicator: v for v in plan.indicator_values if v.year == year}
    return [
        IndicatorRow(g.number, i, values.get(i.id))
        for g in agreement.sub_goals
        for i in g.indicators
    ]


def indicator_chart(
    name: str, year: int, rows: list[IndicatorRow], w: Words, language: str
) -> Chart | None:
    """A bar per indicator: the share of the way to the target reached (None: no bar)."""
    from bygdevekst_cli.charts import Series, stacked_bars

    # A bar only where the progress is known and not below the baseline: the bars stack
    # from 0, and a missing or negative figure must not read as 0 % (the description and
    # the indicator table give every figure).
    drawn = [row for row in rows if row.progress is not None and row.progress >= 0]
    if not drawn:
        return None
    progress = [row.progress for row in drawn]
    shown = w.join(
        f"{row.indicator.title}: "
        + (percent(p, language) if (p := row.progress) is not None else _no_progress(row, w))
        for row in rows
    )
    return stacked_bars(
        CHART_ID.format(year=year),
        w("doc.indicators.chart_title", name=name, year=year),
        w("doc.indicators.chart_desc", year=year, values=shown),
        [row.indicator.title for row in drawn],
        [Series(w("doc.indicators.chart_series"), tuple(progress))],
        lambda value: percent(value, language),
    )
