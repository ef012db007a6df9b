"""A table cell's numbers, amounts, phone numbers, codes and e-mail addresses are not split
inside when the column is narrow: HTML keeps them in ``nobreak`` spans (an address in parts
with a ``<wbr>`` after «@» and before each dot), PDF in Typst's ``whole`` box; prose words
still wrap, so that the table fits the screen or the page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pypdf
import pytest

from bygdevekst_cli.render.formats import FORMAT_BY_NAME
from bygdevekst_cli.render.formats.html import body_html, stylesheet
from bygdevekst_cli.render.formats.pdf import typst_source
from bygdevekst_cli.render.formats.unbroken import email_parts, pieces
from bygdevekst_cli.render.pipeline import Rendered
from tests.axe import layout_report, needs_axe
from tests.helpers import (
    DATA,
    NBSP,
    REPO,
    copy_pilot,
    edit,
    in_ci,
    libreoffice_pdf,
    render_file,
)
from tests.test_render import one

PHONE = "+47 35 06 80 00"
EMAIL = "torunn.raftevold.rue@vest-telemark-radet.kommune.no"
AMOUNT = "1\u00a0234\u00a0567\u00a0kr"


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        (f"kontaktperson, tlf. {PHONE}", [PHONE]),
        ("sentralbord 35 06 70 00, sak 2026/1432", ["35 06 70 00", "2026/1432"]),
        (f"{AMOUNT} i 2026", [AMOUNT, "2026"]),
        ("18\u00a0mill.\u00a0kr og 60\u00a0%", ["18\u00a0mill.\u00a0kr", "60\u00a0%"]),
        ("SSB tabell 07459, BV011, perioden 2026–2028", ["SSB", "07459", "BV011", "2026–2028"]),
        (f"skriv til {EMAIL}.", [EMAIL]),
        ("Kommunal- og distriktsdepartementet, 1 tiltak", []),
        # a web address breaks as before: no piece of it is kept whole
        ("https://www.ssb.no/statbank/table/07459/2025", []),
    ],
)
def test_numbers_codes_and_addresses_are_the_pieces_kept_whole(text: str, whole: list[str]) -> None:
    found = list(pieces(text))
    assert "".join(piece.text for piece in found) == text
    assert [piece.text for piece in found if piece.whole] == whole


def test_an_address_breaks_only_after_its_at_sign_and_before_its_dots() -> None:
    assert email_parts(EMAIL) == [
        "torunn",
        ".raftevold",
        ".rue@",
        "vest-telemark-radet",
        ".kommune",
        ".no",
    ]


TABLE = f"""| Part | Rolle | E-post | Beløp |
| --- | --- | --- | ---: |
| Kommunal- og distriktsdepartementet | tlf. {PHONE} | liv.lid@fyresdal.kommune.no | {AMOUNT} |
"""


def test_html_cells_keep_numbers_and_address_parts_in_nobreak_spans() -> None:
    html = body_html(TABLE)
    assert f'<td>tlf. <span class="nobreak">{PHONE}</span></td>' in html
    assert (
        '<td><span class="nobreak">liv</span><wbr><span class="nobreak">.lid@</span><wbr>'
        '<span class="nobreak">fyresdal</span><wbr><span class="nobreak">.kommune</span><wbr>'
        '<span class="nobreak">.no</span></td>'
    ) in html
    assert f'<td style="text-align:right"><span class="nobreak">{AMOUNT}</span></td>' in html
    assert "<td>Kommunal- og distriktsdepartementet</td>" in html  # prose wraps as before
    # outside a table nothing changes
    assert "nobreak" not in body_html(f"Ring {PHONE} eller skriv til liv.lid@fyresdal.no.")


def _rules(css: str, media: str | None = None) -> str:
    """The stylesheet's rules outside any ``@media`` block, or those of the one named."""
    if media is None:
        return re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    found = re.search(rf"@media {re.escape(media)} \{{((?:[^{{}}]*\{{[^{{}}]*\}})*)", css)
    assert found is not None, media
    return found.group(1)


def test_the_stylesheet_keeps_spans_whole_and_lets_prose_break_on_a_phone() -> None:
    css = re.sub(r"/\*.*?\*/", "", stylesheet(), flags=re.S)
    assert re.search(r"\.nobreak \{ white-space: nowrap; \}", _rules(css))
    phone = _rules(css, "screen and (max-width: 40rem)")
    assert re.search(r"th, td \{[^}]*overflow-wrap: anywhere", phone)
    # a column of amounts may wrap between its figures on a phone, not inside one
    assert re.search(r'td\[style\*="right"\][^{]*\{ white-space: normal; \}', phone)


@pytest.fixture
def contacts_pilot(tmp_path: Path) -> Path:
    """The full pilot with a phone number, a case number and a long e-mail address in its
    table of contacts."""
    pilot = copy_pilot(DATA / "fullpilot", tmp_path, "fjellbygda")
    edit(
        pilot / "pilot.yaml",
        "        role: kontaktperson\n        email: liv.lid@fyresdal.kommune.no\n",
        f"        role: kontaktperson, tlf. {PHONE}\n"
        "        email: liv.lid@fyresdal.kommune.no\n"
        "      - name: Torunn Raftevold Rue\n"
        "        role: dagleg leiar, sentralbord 35 06 70 00, sak 2026/1432\n"
        f"        email: {EMAIL}\n",
    )
    return pilot


def test_pdf_source_sets_phone_numbers_and_address_parts_in_whole_boxes(
    contacts_pilot: Path,
) -> None:
    source = typst_source(one(contacts_pilot, "agreement"))
    assert "#let whole(body) = context box(width: measure(body).width, body)" in source
    assert f'[#"kontaktperson, tlf. "#whole[#"{PHONE}"]]' in source
    assert '#whole[#"35 06 70 00"]#", sak "#whole[#"2026/1432"]' in source
    parts = "".join(f'#whole[#"{part}"]' for part in email_parts(EMAIL))
    assert f"[{parts}]" in source  # not in ``fit``, which hyphenated «vest-tele-mark»
    # a figure Typst never breaks inside stays plain text
    assert '[#"SSB tabell 07459"]' in source


def _pdf_lines(rendered: Rendered) -> list[str]:
    pdf = pypdf.PdfReader(__import__("io").BytesIO(FORMAT_BY_NAME["pdf"].convert(rendered)))
    return [line for page in pdf.pages for line in page.extract_text().splitlines()]


def test_pdf_keeps_a_phone_number_on_one_line_and_breaks_an_address_after_at(
    contacts_pilot: Path,
) -> None:
    lines = _pdf_lines(one(contacts_pilot, "agreement"))
    assert any(PHONE in line for line in lines), [line for line in lines if "+47" in line]
    assert any("35 06 70 00" in line for line in lines)
    address = [line for line in lines if "torunn" in line or "kommune.no" in line]
    # the address's lines are its parts, joined as written: no hyphen put in
    text = "\n".join(lines)
    assert EMAIL in re.sub(r"@\s*\n\s*", "@", text), address
    assert "tele-\n" not in text


@needs_axe
def test_on_a_phone_no_number_or_address_is_split_and_no_table_runs_off(
    contacts_pilot: Path, tmp_path: Path
) -> None:
    documents = [
        one(contacts_pilot, "agreement"),
        one("vest-telemark", "case", year=2026, municipality="fyresdal"),
        one("vest-telemark", "status", year=2025),
        one("vest-telemark", "plan", year=2026),
    ]
    files = []
    for rendered in documents:
        path = tmp_path / f"{rendered.pilot}-{rendered.stem}.html"
        path.write_bytes(FORMAT_BY_NAME["html"].convert(rendered))
        files.append(path)
    # A column too narrow for «2025» proves the check sees a number split in two.
    faulty = tmp_path / "faulty.html"
    faulty.write_text(
        '<!doctype html><html lang="nn"><head><meta charset="utf-8"><title>x</title></head>'
        '<body><table><tr><td style="width: 1ch; overflow-wrap: anywhere">2025</td>'
        "</tr></table></body></html>",
        encoding="utf-8",
    )
    report = layout_report([*files, faulty], layouts=("phone",))
    assert report[str(faulty)][0]["broken"] == ["2025"]
    for file in files:
        (phone,) = report[str(file)]
        assert phone["overflow"] == 0, file.name
        assert phone["split"] == [], file.name
        assert [word for word in phone["broken"] if re.search(r"\d", word)] == [], file.name
    agreement = (tmp_path / f"{documents[0].pilot}-{documents[0].stem}.html").read_text()
    assert f'<span class="nobreak">{PHONE}</span>' in agreement


def _docx_cells(path: Path) -> list[str]:
    return [cell.text for table in docx.Document(str(path)).tables for row in table.rows
            for cell in row.cells]  # fmt: skip


def test_docx_cells_join_a_phone_number_a_case_number_and_a_date_by_no_break_spaces(
    contacts_pilot: Path, tmp_path: Path
) -> None:
    # Word and LibreOffice break a line at any ordinary space: «+47» ended one line of the
    # contacts table and «35 06 80 00» began the next (HTML and PDF keep it whole)
    cells = _docx_cells(render_file(contacts_pilot, tmp_path / "a", "agreement", "docx"))
    bound = PHONE.replace(" ", NBSP)
    assert f"kontaktperson, tlf. {bound}" in cells  # the words around it break as before
    assert f"dagleg leiar, sentralbord 35{NBSP}06{NBSP}70{NBSP}00, sak 2026/1432" in cells
    assert EMAIL in cells  # an address is left as written: copied, it must still work
    case = render_file(REPO / "pilots" / "vest-telemark", tmp_path / "c", "case", "docx",
                       "-m", "fyresdal", "-y", "2026")  # fmt: skip
    cells = _docx_cells(case)
    assert f"28.{NBSP}januar{NBSP}2026" in cells
    assert f"22.{NBSP}januar{NBSP}2026 (ekstraordinært)" in cells
    assert "28. januar 2026" not in cells


@pytest.mark.skipif(  # CI installs LibreOffice (.ci/run)
    shutil.which("soffice") is None and not in_ci(), reason="needs LibreOffice"
)
def test_libreoffice_sets_a_phone_number_of_a_docx_cell_on_one_line(
    contacts_pilot: Path, tmp_path: Path
) -> None:
    written = render_file(contacts_pilot, tmp_path, "agreement", "docx")
    pdf = pypdf.PdfReader(libreoffice_pdf(written))
    lines = [line.replace(NBSP, " ") for page in pdf.pages
             for line in page.extract_text().splitlines()]  # fmt: skip
    assert any(PHONE in line for line in lines), [line for line in lines if "+47" in line]
    assert any("35 06 70 00" in line for line in lines)
