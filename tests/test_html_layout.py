"""How the HTML documents and the overview lay out in Chromium, on an A4 page and on a wide
screen: no word split over two lines in the middle (a council member reads «Kompetanse-
sirkel» as two words), and nothing reaching past the page's margin (cut off on paper)."""

from __future__ import annotations

from pathlib import Path

from bygdevekst_cli.render.formats import FORMAT_BY_NAME
from tests.axe import layout_report, needs_axe
from tests.test_overview import REPO, run_cli
from tests.test_render_formats import _every_document

FAULTY = """<!doctype html><html lang="nn"><head><meta charset="utf-8"><title>x</title></head>
<body><table style="width: 5rem"><tr>
<td style="overflow-wrap: anywhere">Verkemiddelapparatet karrieremoglegheiter</td>
<td>1</td></tr></table><div style="width: 900px">breidt</div></body></html>"""


def _faults(report: dict[str, list[dict[str, object]]]) -> dict[str, list[object]]:
    """Per file and layout, what a reader would stumble over; empty when nothing."""
    found: dict[str, list[object]] = {}
    for file, layouts in report.items():
        for layout in layouts:
            if layout["broken"] or layout["overflow"]:
                key = f"{Path(file).name} ({layout['layout']})"
                found[key] = [layout["overflow"], layout["broken"]]
    return found


@needs_axe
def test_no_document_splits_a_word_or_runs_past_the_page(tmp_path: Path) -> None:
    files = []
    for rendered in _every_document():
        path = tmp_path / f"{rendered.pilot}-{rendered.stem}.html"
        path.write_bytes(FORMAT_BY_NAME["html"].convert(rendered))
        files.append(path)
    for lang in ("nn", "nb"):
        target = tmp_path / f"overview-{lang}.html"
        code, text = run_cli(
            "overview", str(REPO / "pilots"), "-f", "html", "--lang", lang, "-o", str(target)
        )
        assert code == 0, text
        files.append(target)
    # A page with a word split on purpose and a block wider than A4 proves the check sees both.
    faulty = tmp_path / "faulty.html"
    faulty.write_text(FAULTY, encoding="utf-8")
    faults = _faults(layout_report([*files, faulty]))
    a4 = faults.pop("faulty.html (a4-print)")
    assert a4[0] > 200  # 900 px wide against 643 px of A4 between the margins
    assert "Verkemiddelapparatet" in a4[1]
    faults.pop("faulty.html (screen)")
    assert len(files) > 10
    assert faults == {}
