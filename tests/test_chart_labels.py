"""A chart's category and legend names are shown whole, wrapped over lines, never cut: the
dashboard showed «2. Korleis få fleire arbeid…», and a council member could not tell which
sub-goal a bar was without the table under it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from bygdevekst_cli.charts import LABEL_CHARS, Series, stacked_bars
from bygdevekst_cli.pilotset import read_pilot
from tests.helpers import REPO, invoke

SVG = "{http://www.w3.org/2000/svg}"
LONG = "2. Korleis få fleire arbeidsplassar i privat sektor i heile regionen"
SHORT = "1. Bustader"


def _texts(svg: str) -> list[list[str]]:
    """Each ``<text>`` of the chart as its lines (its tspans, or its own text)."""
    root = ET.fromstring(svg)
    shown = []
    for text in root.iter(f"{SVG}text"):
        spans = [span.text or "" for span in text.iter(f"{SVG}tspan")]
        shown.append(spans or [text.text or ""])
    return shown


def _chart(categories: list[str], series: list[Series]) -> str:
    chart = stacked_bars("c", "Tittel", "Skildring", categories, series, str)
    assert chart is not None
    return chart.svg


def test_a_long_name_is_whole_over_lines_that_fit_the_label_area() -> None:
    svg = _chart([SHORT, LONG], [Series("i gang", (1, 2)), Series("planlagt", (None, 1))])
    assert "…" not in svg
    texts = _texts(svg)
    assert [SHORT] in texts
    (lines,) = [t for t in texts if " ".join(t) == LONG]
    assert len(lines) == 3
    assert all(len(line) <= LABEL_CHARS for line in lines)
    # each bar's own tooltip names its category whole, not only the series
    assert f"<title>{LONG}, i gang: 2</title>" in svg


def test_a_row_of_more_lines_is_taller_and_pushes_the_next_down() -> None:
    series = [Series("i gang", (1, 1))]
    one_line = ET.fromstring(_chart([SHORT, SHORT], series))
    wrapped = ET.fromstring(_chart([LONG, SHORT], series))
    height = {svg: float(svg.get("viewBox", "").split()[3]) for svg in (one_line, wrapped)}
    assert height[wrapped] > height[one_line]
    bars = [rect for rect in wrapped.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    first, second = (float(bar.get("y", "")) for bar in bars)
    long_lines = [
        float(span.get("y", ""))
        for text in wrapped.iter(f"{SVG}text")
        for span in text.iter(f"{SVG}tspan")
        if span.text and span.text in LONG
    ]
    assert max(long_lines) < second  # the long name's last line is above the next bar
    assert first < max(long_lines)


def test_a_long_series_name_is_whole_in_the_legend() -> None:
    name = "midlar til prosjektleiing og administrasjon i regionrådet"
    svg = _chart(["2026"], [Series(name, (5,))])
    assert "…" not in svg
    assert [" ".join(t) for t in _texts(svg)].count(name) == 1


def test_the_dashboard_names_every_sub_goal_whole() -> None:
    result = invoke("overview", str(REPO / "pilots"), "-f", "html")
    assert result.exit_code == 0, result.output
    files = read_pilot(REPO / "pilots/vest-telemark", "vest-telemark")
    assert files.agreement is not None
    titles = [f"{goal.number}. {goal.title}" for goal in files.agreement.model.sub_goals]
    (svg,) = re.findall(r"<svg.*?</svg>", result.stdout, re.S)
    shown = [" ".join(lines) for lines in _texts(svg)]
    assert titles and all(title in shown for title in titles)
