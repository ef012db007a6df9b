"""The budget and progress charts in the plan and the status report, in every format.

Each chart must be there as a picture of its kind (inline SVG, vector PDF, PNG in Word)
with its text alternative (the SVG's title and description, the PDF figure's and the Word
picture's alt text), followed by its data table; and the figures must be those of the YAML.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from pypdf.generic import ArrayObject, DictionaryObject
from ruamel.yaml import YAML
from typer.testing import CliRunner

from bygdevekst_cli.app import app
from bygdevekst_cli.render.formats import FORMAT_BY_NAME
from bygdevekst_cli.render.pipeline import Rendered
from tests.helpers import NBSP, REPO, kr
from tests.test_render import MINIMAL, one

BUDGET = "plan-2026-budget"
STATUS = "plan-2026-status"


@pytest.fixture(scope="module")
def plan() -> Rendered:
    return one(MINIMAL, "plan", year=2026)


def _table_after(body: str, marker: str) -> list[str]:
    """The table rows that follow the line containing ``marker``."""
    lines = body.splitlines()
    start = next(i for i, line in enumerate(lines) if marker in line)
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            rows.append(line)
        elif rows:
            break
    return rows


def test_the_plan_has_both_charts_with_figures_from_the_yaml(plan: Rendered) -> None:
    assert set(plan.charts) == {BUDGET, STATUS}
    budget = plan.charts[BUDGET]
    # minimal/plans/2026.yaml: 2026 state 600 000 + 600 000, own 100 000; 2027 state 300 000
    assert budget.series == ("statlege tiltaksmidlar", "eigne midlar")
    assert budget.rows == (
        ("2026", (kr(1_200_000), kr(100_000)), kr(1_300_000)),
        ("2027", (kr(300_000), "–"), kr(300_000)),
    )
    status = plan.charts[STATUS]
    assert status.rows == (
        ("1\\. Fleire eigna bustader", ("1",), "1"),  # Markdown: "1." escaped
        ("2\\. Fleire arbeidsplassar", ("1",), "1"),
    )
    rows = _table_after(plan.body, f"(chart:{BUDGET})")
    assert rows[0] == "| År | statlege tiltaksmidlar | eigne midlar | Sum |"
    assert rows[2] == f"| 2026 | {kr(1_200_000)} | {kr(100_000)} | {kr(1_300_000)} |"
    assert rows[3] == f"| 2027 | {kr(300_000)} | – | {kr(300_000)} |"
    assert "## Diagram" in plan.body


def test_markdown_file_shows_the_description_and_table_instead_of_an_image(
    plan: Rendered,
) -> None:
    text = FORMAT_BY_NAME["md"].convert(plan).decode("utf-8")
    assert "chart:" not in text and "![" not in text
    assert plan.charts[BUDGET].description.replace(NBSP, " ") in text.replace(NBSP, " ")
    assert f"| 2026 | {kr(1_200_000)} | {kr(100_000)} | {kr(1_300_000)} |" in text


def test_html_has_the_svg_inline_with_title_and_desc_then_the_table(plan: Rendered) -> None:
    html = FORMAT_BY_NAME["html"].convert(plan).decode("utf-8")
    assert "chart:" not in html and "<img" not in html
    for chart in plan.charts.values():
        svg = re.search(rf'<svg [^>]*id="{chart.id}"[^>]*>.*?</svg>', html, re.S)
        assert svg is not None, chart.id
        assert 'role="img"' in svg.group()
        assert f'aria-labelledby="{chart.id}-title {chart.id}-desc"' in svg.group()
        assert f'<title id="{chart.id}-title">{chart.title}</title>' in svg.group()
        assert f'<desc id="{chart.id}-desc">{chart.description}</desc>' in svg.group()
        after = html[svg.end() :]
        assert after.index("<table") < after.index("<h")  # its data table comes next
    assert html.count('id="plan-2026-budget"') == 1


def test_docx_has_a_png_picture_with_alt_text_per_chart(plan: Rendered) -> None:
    data = FORMAT_BY_NAME["docx"].convert(plan)
    document = docx.Document(io.BytesIO(data))
    assert len(document.inline_shapes) == 2
    described = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    titles = [shape._inline.docPr.get("title") for shape in document.inline_shapes]
    assert described == [plan.charts[BUDGET].alt, plan.charts[STATUS].alt]
    assert titles == [plan.charts[BUDGET].title, plan.charts[STATUS].title]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == 2
        assert all(archive.read(n).startswith(b"\x89PNG\r\n\x1a\n") for n in media)
    body = document.element.body
    pictures = [p for p in body if p.tag.endswith("}p") and p.xpath(".//pic:pic")]
    for picture in pictures:  # each picture is followed by its data table
        assert picture.getnext() is not None and picture.getnext().tag.endswith("}tbl")
    table = document.tables[2]  # after the two budget tables of the plan
    assert [c.text for c in table.rows[1].cells] == [
        "2026",
        kr(1_200_000),
        kr(100_000),
        kr(1_300_000),
    ]


def _figure_alts(node: object, found: list[str]) -> list[str]:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, ArrayObject):
        for kid in node:
            _figure_alts(kid, found)
    elif isinstance(node, DictionaryObject):
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt")))
        if "/K" in node:
            _figure_alts(node["/K"], found)
    return found


def test_pdf_has_vector_figures_with_alt_text(plan: Rendered) -> None:
    data = FORMAT_BY_NAME["pdf"].convert(plan)
    reader = pypdf.PdfReader(io.BytesIO(data))
    alts = _figure_alts(reader.trailer["/Root"]["/StructTreeRoot"], [])
    assert alts == [plan.charts[BUDGET].alt, plan.charts[STATUS].alt]
    for page in reader.pages:  # drawn as vectors: no raster image anywhere
        objects = page["/Resources"].get("/XObject") or {}
        kinds = [x.get_object().get("/Subtype") for x in objects.values()]
        assert "/Image" not in kinds
    text = "".join(page.extract_text() for page in reader.pages)
    assert "1 300 000" in text.replace(NBSP, " ")


def test_the_status_report_shows_the_charts_of_its_year(tmp_path: Path) -> None:
    rendered = one("vest-telemark", "status", year=2025)
    assert set(rendered.charts) <= {"status-2025-budget", "status-2025-status"}
    assert "status-2025-status" in rendered.charts
    assert "(chart:status-2025-status)" in rendered.body
    html = FORMAT_BY_NAME["html"].convert(rendered).decode("utf-8")
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img" id="status-2025-status"' in html


def test_other_documents_have_no_charts() -> None:
    rendered = one(MINIMAL, "agreement")
    assert rendered.charts == {} and "chart:" not in rendered.body


def test_bokmal_pilot_charts_speak_bokmal_through_the_cli(tmp_path: Path) -> None:
    pilot = tmp_path / "pilots" / "minimal"
    shutil.copytree(MINIMAL, pilot)
    yaml = YAML()
    data = yaml.load(pilot / "pilot.yaml")
    data["language"] = "nb"
    yaml.dump(data, pilot / "pilot.yaml")
    out = tmp_path / "plan.md"
    result = CliRunner().invoke(
        app, ["render", "plan", str(pilot), "--format", "md", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Diagrammene viser budsjettet" in text
    assert "| År | statlige tiltaksmidler | egne midler | Sum |" in text


def test_a_long_sub_goal_name_is_shown_whole_on_two_lines_beside_its_bar() -> None:
    # Vest-Telemark's sub-goals were cut to «2. Korleis få fleire arbeid…» left of the bars
    chart = one("vest-telemark", "plan", year=2026).charts[STATUS]
    labels = re.findall(r'<text text-anchor="end"[^>]*>(.*?)</text>', chart.svg)
    lines = [re.findall(r"<tspan[^>]*>(.*?)</tspan>", label) for label in labels]
    assert [" ".join(part.strip() for part in label) for label in lines] == [
        "1. Fleire eigna bustader i Vest-Telemark",
        "2. Korleis få fleire arbeidsplassar i privat sektor",
        "3. Meir kompetanse innan helse og oppvekst",
    ]
    assert "…" not in chart.svg


def _pdf_text(rendered: Rendered) -> str:
    pdf = pypdf.PdfReader(io.BytesIO(FORMAT_BY_NAME["pdf"].convert(rendered)))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))


def test_the_charts_intro_names_the_budget_only_where_a_budget_is_charted(plan: Rendered) -> None:
    # Vest-Telemark's plan has no budget per measure, so only its status chart: the
    # section said «Diagramma viser budsjettet og framdrifta …» over that one chart
    both = "Diagramma viser budsjettet og framdrifta i handlingsplanen."
    alone = "Diagrammet viser framdrifta i handlingsplanen. Tabellen under diagrammet har"
    assert both in _pdf_text(plan)  # the minimal pilot charts its budget and its status
    for rendered in (
        one("vest-telemark", "plan", year=2026),
        one("vest-telemark", "status", year=2025),
    ):
        text = _pdf_text(rendered)
        assert alone in text, rendered.stem
        assert "budsjettet og framdrifta" not in text
        assert "budsjettet" not in rendered.markdown().split("## Diagram")[1].split("###")[0]


def test_one_chart_alone_has_its_heading_in_the_singular(tmp_path: Path) -> None:
    """Bokmål's heading over charts is «Diagrammer»: over Vest-Telemark's one status chart
    (no budget per measure) it is «Diagram»; the minimal plan's two keep the plural."""
    written = {}
    for name, source in (
        ("vest-telemark", REPO / "pilots" / "vest-telemark"),
        ("minimal", MINIMAL),
    ):
        pilot = tmp_path / "pilots" / name
        shutil.copytree(source, pilot)
        yaml = YAML()
        data = yaml.load(pilot / "pilot.yaml")
        data["language"] = "nb"
        yaml.dump(data, pilot / "pilot.yaml")
        out = tmp_path / f"{name}.md"
        result = CliRunner().invoke(
            app,
            ["render", "plan", str(pilot), "-y", "2026", "--format", "md", "--output", str(out)],
        )
        assert result.exit_code == 0, result.output
        written[name] = out.read_text(encoding="utf-8")
    assert "\n## Diagram\n" in written["vest-telemark"]
    assert "Diagrammer" not in written["vest-telemark"]
    assert "\n## Diagrammer\n" in written["minimal"]
