"""The overview dashboard on a phone: each table scrolls sideways in its own labelled box
(the page does not) with its first column kept in view, and a cell's numbers, amounts,
years and codes are never split over two lines (the pieces of ``render/formats/
unbroken.py``, in ``nobreak`` spans as in the documents' tables). On a 390 px screen the
summary's eleven columns were squeezed until «2026» read «20» over «26» and «Fylke»
«Fy» over «lk» over «e»."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bygdevekst_cli.render.environment import environment
from tests.axe import layout_report, needs_axe
from tests.helpers import REPO, as_read, run_cli

EMAIL = "liv.lid@fyresdal.kommune.no"


def _dashboard(target: Path, *sources: str, lang: str | None = None) -> str:
    """``bygdevekst overview SOURCES --format html -o TARGET``: the page written."""
    chosen = ("--lang", lang) if lang else ()
    code, text = run_cli("overview", *sources, "-f", "html", *chosen, "-o", str(target))
    assert code == 0, text
    return target.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve generated pilots, as ``benchmarks/generate.py`` writes them."""
    root = tmp_path_factory.mktemp("many")
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(root), "--pilots", "12"],
        check=True,
        capture_output=True,
    )
    return root


@pytest.fixture(scope="module")
def dashboards(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The dashboard of the bundled pilots in Nynorsk and in Bokmål, and of the twelve."""
    folder = tmp_path_factory.mktemp("dashboards")
    pages = []
    for lang in ("nn", "nb"):
        target = folder / f"bundled-{lang}.html"
        _dashboard(target, str(REPO / "pilots"), lang=lang)
        pages.append(target)
    _dashboard(folder / "many.html", str(generated))
    return [*pages, folder / "many.html"]


def test_the_filter_keeps_numbers_amounts_and_addresses_whole_and_escapes_the_rest() -> None:
    unbroken = environment().filters["unbroken"]
    html = unbroken(f"6\u00a0717\u00a0000\u00a0kr (2028) <b>, {EMAIL}")
    assert str(html) == (
        '<span class="nobreak">6\u00a0717\u00a0000\u00a0kr</span>'
        ' (<span class="nobreak">2028</span>) &lt;b&gt;, '
        '<span class="nobreak">liv</span><wbr><span class="nobreak">.lid@</span><wbr>'
        '<span class="nobreak">fyresdal</span><wbr><span class="nobreak">.kommune</span>'
        '<wbr><span class="nobreak">.no</span>'
    )
    assert str(unbroken("signert")) == "signert"  # a word alone wraps as before
    assert as_read(str(unbroken("1 tiltak i 2026–2028"))) == "1 tiltak i 2026–2028"


def _tables(html: str) -> list[tuple[str, str]]:
    """Each table of a page with the markup just before it (its box, if any)."""
    return [
        (html[max(0, match.start() - 120) : match.start()], match[0])
        for match in re.finditer(r"<table\b.*?</table>", html, re.S)
    ]


def test_every_table_scrolls_in_a_box_labelled_by_its_caption(dashboards: list[Path]) -> None:
    for page in dashboards:
        html = page.read_text(encoding="utf-8")
        tables = _tables(html)
        assert len(tables) >= 3, page.name  # the summary, a plan's grants and charts
        labels = []
        for before, table in tables:
            box = re.search(
                r'<div class="scroll" role="region" aria-labelledby="([^"]+)" tabindex="0">\n$',
                before,
            )
            assert box is not None, table[:80]
            labels.append(box[1])
            caption = re.search(r'<caption id="([^"]+)"><span>[^<]+</span></caption>', table)
            assert caption is not None and caption[1] == box[1], table[:80]
        assert labels[0] == "summary-caption"
        assert Counter(re.findall(r'\bid="([^"]+)"', html)).most_common(1)[0][1] == 1


def _outside_nobreak(cell: str) -> str:
    """A cell's text with what a ``nobreak`` span keeps whole taken out, and the tags."""
    return re.sub(r"<[^>]+>", "", re.sub(r'<span class="nobreak">[^<]*</span>', "", cell))


def test_no_table_cell_leaves_a_number_free_to_break(dashboards: list[Path]) -> None:
    """Every year, count and amount of two digits or more in a table cell is in a
    ``nobreak`` span; the page's text is unchanged (search and copy read it as written)."""
    for page in dashboards:
        html = page.read_text(encoding="utf-8")
        cells = [
            cell
            for _, table in _tables(html)
            for cell in re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", table, re.S)
        ]
        kept = [cell for cell in cells if 'class="nobreak"' in cell]
        assert len(kept) >= 5, page.name  # a single digit («0» measures) breaks nowhere
        assert [cell for cell in cells if re.search(r"\d\d", _outside_nobreak(cell))] == []
    many = as_read(dashboards[-1].read_text(encoding="utf-8"))
    assert re.search(r'<td class="num">\d+\u00a0\d{3}\u00a0\d{3}\u00a0kr \(2028\)</td>', many)


def _rules(css: str, media: str) -> dict[str, str]:
    """The rules of every ``@media`` block that begins with ``media``, in order (the
    documents' stylesheet, then the dashboard's): selector → its declarations."""
    rules = {}
    for found in re.finditer(re.escape(media + " {"), css):
        depth, at = 1, found.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[at], 0)
            at += 1
        block = re.sub(r"/\*.*?\*/", "", css[found.end() : at - 1], flags=re.S)
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", block):
            rules[selector.strip()] = body.strip()
    return rules


def test_on_a_phone_the_first_column_is_pinned_and_words_are_not_broken_anywhere(
    dashboards: list[Path],
) -> None:
    html = dashboards[0].read_text(encoding="utf-8")
    css = html[html.index("<style>") : html.index("</style>")]
    assert re.search(r"\.scroll \{ overflow-x: auto;", css)
    phone = _rules(css, "@media screen and (max-width: 40rem)")
    # the documents' phone rule (style.css) lets a cell break a word anywhere: not here
    assert "overflow-wrap: anywhere" in css
    assert "overflow-wrap: normal" in phone[".scroll th, .scroll td"]
    pinned = phone[".scroll tr > :first-child"]
    assert "position: sticky" in pinned and "left: 0" in pinned
    assert "position: sticky" in phone[".scroll caption > span"]
    assert _rules(css, "@media print")[".scroll"] == "overflow: visible;"


#: A table that scrolls in a box but keeps no column in view, a table in a box that fits,
#: and a block wider than the phone outside any box.
FAULTY = """<!doctype html><html lang="nn"><head><meta charset="utf-8"><title>x</title></head>
<body><div style="overflow-x: auto" aria-label="Ein brei tabell"><table><tr>
<th>Namn</th><td style="white-space: nowrap">{cells}</td></tr></table></div>
<div style="overflow-x: auto" aria-label="Ein smal tabell"><table><tr><th>a</th></tr></table>
</div><div style="width: 600px">breidt</div></body></html>"""


@needs_axe
def test_the_layout_check_sees_scroll_boxes_and_what_overflows_outside_them(
    tmp_path: Path,
) -> None:
    faulty = tmp_path / "faulty.html"
    faulty.write_text(FAULTY.format(cells="1 234 567 kr " * 40), encoding="utf-8")
    (layout,) = layout_report([faulty], layouts=("phone",))[str(faulty)]
    assert 200 < layout["overflow"] < 300  # the 600 px block only: 210 px past 390 px
    assert layout["boxes"] == [
        {"label": "Ein brei tabell", "scrolls": True, "pinned": False},
        {"label": "Ein smal tabell", "scrolls": False, "pinned": None},
    ]


@needs_axe
def test_a_phone_reads_the_dashboard_whole(dashboards: list[Path]) -> None:
    """At 390 px: no word or number split over lines, nothing past the screen but inside
    a box that scrolls, the summary scrolls with the pilots' names in view; on a wide
    screen and on A4 the same holds and no table needs to scroll."""
    report = layout_report(dashboards, layouts=("phone", "screen", "a4-print"))
    for page in dashboards:
        laid = {layout["layout"]: layout for layout in report[str(page)]}
        phone, screen, a4 = laid["phone"], laid["screen"], laid["a4-print"]
        for layout in (phone, screen, a4):
            faults = {key: layout[key] for key in ("broken", "headings", "split") if layout[key]}
            assert (layout["overflow"], faults) == (0, {}), (page.name, layout["layout"])
        summary = phone["boxes"][0]
        assert summary["scrolls"] and summary["pinned"], page.name
        assert all(box["pinned"] for box in phone["boxes"] if box["scrolls"]), page.name
        assert not any(box["scrolls"] for box in screen["boxes"]), page.name
        assert a4["boxes"] == []  # on paper nothing scrolls: every column is printed
