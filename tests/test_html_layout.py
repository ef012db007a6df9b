"""How the HTML documents and the overview lay out in Chromium, on an A4 page and on a wide
screen: no word split over two lines in the middle (a council member reads «Kompetanse-
sirkel» as two words), and nothing reaching past the page's margin (cut off on paper)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from bygdevekst_cli.render.formats import FORMAT_BY_NAME
from tests.axe import layout_report, needs_axe
from tests.helpers import DATA, copy_pilot
from tests.test_overview import REPO, run_cli
from tests.test_render import one
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


#: A heading too narrow for «Vest-Telemark», which Chromium breaks after «Vest-».
SPLIT_HEADING = """<!doctype html><html lang="nn"><head><meta charset="utf-8"><title>x</title>
</head><body><h1 style="width: 6rem">Vest-Telemark</h1></body></html>"""


def _vest_telemark_pages(tmp_path: Path) -> list[Path]:
    """The documents whose headings name Vest-Telemark: the case, the plan, the changes."""
    documents = [
        one("vest-telemark", "case", year=2026, municipality="fyresdal"),
        one("vest-telemark", "plan", year=2026),
        one("vest-telemark", "changes", year=2026),
    ]
    files = []
    for rendered in documents:
        path = tmp_path / f"{rendered.stem}.html"
        path.write_bytes(FORMAT_BY_NAME["html"].convert(rendered))
        files.append(path)
    return files


@needs_axe
def test_a_phone_does_not_break_a_hyphenated_name_in_a_heading(tmp_path: Path) -> None:
    # On a 390 px screen Chromium broke the title «… i Vest-Telemark» after «Vest-»,
    # «Telemark» alone on the last line.
    files = _vest_telemark_pages(tmp_path)
    faulty = tmp_path / "split.html"
    faulty.write_text(SPLIT_HEADING, encoding="utf-8")
    report = layout_report([*files, faulty], layouts=("phone",))
    assert [layout["headings"] for layout in report[str(faulty)]] == [["Vest-Telemark"]]
    for file in files:
        assert [layout["headings"] for layout in report[str(file)]] == [[]], file.name


class _Text(HTMLParser):
    """The text of a page's ``main`` and, apart, of its headings."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.headings: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append("")
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self._open.pop()

    def handle_data(self, data: str) -> None:
        if "main" in self._open:
            self.text.append(data)
        if any(tag in {"h1", "h2", "h3", "h4", "h5", "h6"} for tag in self._open):
            self.headings[-1] += data


def test_a_hyphenated_name_in_a_heading_reads_whole_and_body_text_is_as_it_was(
    tmp_path: Path,
) -> None:
    """The heading's «Vest-Telemark» is kept whole by a span, its hyphen still «-»: the
    page's text (search, copy) reads «Vest-Telemark». Body text has no such span, and a
    hyphen that ends a word («Kommunal- og …») is left as it is."""
    page = _vest_telemark_pages(tmp_path)[0].read_text(encoding="utf-8")
    text = _Text()
    text.feed(page)
    assert text.headings[0] == "Handlingsplan 2026 for bygdevekstavtala i Vest-Telemark"
    assert 'i <span class="nobreak">Vest-Telemark</span></h1>' in page
    named = [heading for heading in text.headings if "Vest-Telemark" in heading]
    assert len(named) >= 3  # the title, a sub-goal, a measure
    # a table cell's numbers are kept whole too (test_unbroken_cells.py); words, only here
    kept = re.findall(r'<span class="nobreak">([^<]*)</span>', page)
    assert len([word for word in kept if re.search(r"[^\W\d]-[^\W\d]", word)]) == len(named)
    body = "".join(text.text)
    assert body.count("Vest-Telemark") > len(named)
    assert "Kommunal- og" in body and "Kommunal-</span>" not in page


@needs_axe
def test_a_phone_keeps_the_short_words_of_a_narrow_column_whole(tmp_path: Path) -> None:
    # On a 390 px screen the status per measure gave its first column a few letters:
    # «Sama» over «rbeid», «kartle» over «gging», «Tiltaksnr.» and «Gjennomført» in pieces,
    # while the column of long text beside it had room to spare
    rendered = one("vest-telemark", "status", year=2025)
    page = tmp_path / "status.html"
    page.write_bytes(FORMAT_BY_NAME["html"].convert(rendered))
    [phone] = layout_report([page], layouts=("phone",))[str(page)]
    assert phone["overflow"] == 0
    kept = ("Tiltaksnr", "Gjennomført", "Samarbeid", "innsiktsarbeid", "kartlegging",
            "bustadstrategi", "representantar", "fylkeskommune", "Oppstart")  # fmt: skip
    assert [word for word in phone["broken"] if word in kept] == [], phone["broken"]


@needs_axe
def test_a_phone_holds_the_table_of_six_columns_of_amounts(tmp_path: Path) -> None:
    # The plan's budget per year and source (year, four sources, sum: whole amounts such as
    # «1 200 000 kr») reached 47 px past a 390 px screen, its «Sum» cut off
    pilot = copy_pilot(DATA / "fullpilot", tmp_path, "fjellbygda")
    files = []
    for document in ("plan", "status"):
        rendered = one(pilot, document, year=2027)
        files.append(tmp_path / f"{document}.html")
        files[-1].write_bytes(FORMAT_BY_NAME["html"].convert(rendered))
    assert "2\u00a0240\u00a0000\u00a0kr" in files[0].read_text(encoding="utf-8")
    report = layout_report(files, layouts=("phone",))
    for file in files:
        [phone] = report[str(file)]
        assert phone["overflow"] == 0, file.name
        assert phone["split"] == [], file.name
