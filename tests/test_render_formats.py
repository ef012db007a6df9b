"""The output formats: every document in every format, their structure, and accessibility.

DOCX and PDF are checked structurally (heading styles, repeating header rows, language,
tags, metadata, extractable text); HTML by a structural test here, and by axe-core in
headless Chromium when node, /usr/bin/chromium and tests/a11y/node_modules are present.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pypdf
import pytest

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.render.formats import FORMAT_BY_NAME
from bygdevekst_cli.render.pipeline import Rendered
from tests.axe import axe_report, needs_axe
from tests.test_render import PILOTS, one, render

ALL_DOCUMENTS = ("agreement", "plan", "case", "changes", "status")
BUNDLED = sorted(p.name for p in PILOTS.iterdir() if (p / "pilot.yaml").is_file())


def _every_document() -> list[Rendered]:
    result = []
    for pilot in BUNDLED:
        for document in ALL_DOCUMENTS:
            try:
                result += render(pilot, document, None, "all" if document == "case" else None)
            except UserError:
                continue
    return result


@pytest.fixture(scope="module")
def every_document() -> list[Rendered]:
    return _every_document()


@pytest.mark.parametrize("pilot", BUNDLED)
@pytest.mark.parametrize("document", ALL_DOCUMENTS)
@pytest.mark.parametrize("name", FORMAT_BY_NAME)
def test_every_document_of_every_pilot_renders_in_every_format_or_says_what_is_missing(
    pilot: str, document: str, name: str
) -> None:
    try:
        documents = render(pilot, document, None, "all" if document == "case" else None)
    except UserError as error:
        assert pilot != "vest-telemark", error  # it has every kind of data
        # both are Bokmål pilots: «… trenger en handlingsplan …», or for the plan itself
        # «piloten har ingen handlingsplan ennå»
        assert re.search("trenger en handlingsplan|har ingen handlingsplan ennå", str(error))
        assert "\n" not in str(error)
        return
    for rendered in documents:
        data = FORMAT_BY_NAME[name].convert(rendered)
        assert len(data) > 1000
        if name in ("md", "html"):
            assert rendered.pilot_name in data.decode("utf-8")


# ------------------------------------------------------------------------------- escaping


def _hostile_pilot(tmp_path: Path) -> Path:
    target = tmp_path / "pilots" / "testdalen"
    shutil.copytree(PILOTS.parent / "tests" / "data" / "minimal", target)
    plan = target / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    hostile = "'# <script>alert(1)</script> | *feit* [lenkje](javascript:alert(1))'"
    plan.write_text(text.replace("title: Kartlegging av bustadbehov", f"title: {hostile}"))
    return target


def test_markup_in_data_stays_text_in_every_format(tmp_path: Path) -> None:
    rendered = one(_hostile_pilot(tmp_path), "plan", year=2026)
    markdown = rendered.markdown()
    assert "\\# \\<script\\>alert(1)\\</script\\> \\| \\*feit\\* \\[lenkje\\]" in markdown
    html = FORMAT_BY_NAME["html"].convert(rendered).decode("utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | *feit* [lenkje](javascript:alert(1))" in html
    assert "href" not in html
    document = docx.Document(io.BytesIO(FORMAT_BY_NAME["docx"].convert(rendered)))
    assert any("<script>alert(1)</script> | *feit*" in p.text for p in document.paragraphs)
    pdf = pypdf.PdfReader(io.BytesIO(FORMAT_BY_NAME["pdf"].convert(rendered)))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "<script>alert(1)</script>" in text


# ----------------------------------------------------------------------------------- DOCX


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_docx_has_heading_styles_repeating_header_rows_language_and_properties() -> None:
    rendered = one("vest-telemark", "case", year=2026, municipality="fyresdal")
    data = FORMAT_BY_NAME["docx"].convert(rendered)
    document = docx.Document(io.BytesIO(data))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", "Handlingsplan 2026 for bygdevekstavtala i Vest-Telemark")
    assert ("Heading 2", "Innstilling frå kommunedirektøren") in headings
    assert ("Heading 3", "Plan for politisk handsaming") in headings
    assert sum(1 for style, _ in headings if style == "Heading 1") == 1
    levels = [int(style.split()[-1]) for style, _ in headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert document.tables, "the case document has tables"
    for table in document.tables:
        header = table.rows[0]._tr
        assert header.find(f"{W}trPr/{W}tblHeader") is not None
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    core = document.core_properties
    assert core.title == rendered.meta.title
    assert core.title == "Handlingsplan 2026 for bygdevekst – saksframlegg til Fyresdal kommune"
    assert core.author == "Fyresdal kommune"
    assert core.subject == "Saksframlegg til Fyresdal kommune om handlingsplanen for 2026"
    assert core.language == "nn-NO"
    assert core.category == "bygdevekst saksframlegg"  # the document's name, not the code
    assert core.identifier == rendered.provenance.commit
    # words an archive shows, not the provenance's keys (the description has those)
    assert core.keywords == "bygdevekst; saksframlegg; Vest-Telemark; Fyresdal kommune; 2026"
    assert "Git-commit 0123456789ab" in core.comments
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode("utf-8")
    assert 'w:lang w:val="nn-NO"' in styles and 'w:val="en-US"' not in styles
    footer = document.sections[0].footer.paragraphs[0].text
    assert "Vest-Telemark (vest-telemark), handlingsplan 2026" in footer


def test_docx_numbered_lists_each_start_at_one() -> None:
    rendered = one("vest-telemark", "case", year=2026, municipality="fyresdal")
    document = docx.Document(io.BytesIO(FORMAT_BY_NAME["docx"].convert(rendered)))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    # The three points of the yearly update and the two of the recommendation: two lists.
    assert len(numbered) == 5 and len(set(ids)) == 2
    assert numbered[3].text.startswith("Vedlagde utkast til handlingsplan for 2026")


# ------------------------------------------------------------------------------------ PDF


def _structure(node: object, found: list[str]) -> list[str]:
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            found.append(str(node["/S"]))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            _structure(kid, found)
    return found


def test_pdf_is_tagged_with_language_title_metadata_and_text() -> None:
    rendered = one("vest-telemark", "case", year=2026, municipality="fyresdal")
    reader = pypdf.PdfReader(io.BytesIO(FORMAT_BY_NAME["pdf"].convert(rendered)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nn-NO"
    assert bool(root["/MarkInfo"]["/Marked"])
    tags = _structure(root["/StructTreeRoot"], [])
    for tag in ("/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI", "/P"):
        assert tag in tags, tag
    assert tags.count("/H1") == 1
    metadata = reader.metadata
    assert metadata is not None
    # the title names the municipality, as the DOCX's does: one file per municipality
    assert metadata.title == "Handlingsplan 2026 for bygdevekst – saksframlegg til Fyresdal kommune"
    assert metadata.subject == rendered.subject
    keywords = "bygdevekst, saksframlegg, Vest-Telemark, Fyresdal kommune, 2026"
    assert metadata["/Keywords"] == keywords
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert (
        "<pdfaid:part>2</pdfaid:part>" in xmp
        and "<pdfaid:conformance>A</pdfaid:conformance>" in xmp
    )
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Innstilling frå kommunedirektøren" in text
    assert "Ulf Pedersen" in text
    assert "Git-commit 0123456789ab" in text


# ----------------------------------------------------------------------------------- HTML


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.html_lang: str | None = None
        self.headings: list[int] = []
        self.th: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = found.get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "th":
            self.th.append(found)
        elif tag == "img":
            self.images.append(found)


def test_html_structure_is_accessible(every_document: list[Rendered]) -> None:
    for rendered in every_document:
        page = FORMAT_BY_NAME["html"].convert(rendered).decode("utf-8")
        outline = _Outline()
        outline.feed(page)
        where = f"{rendered.pilot}/{rendered.stem}"
        assert outline.html_lang == rendered.language, where
        assert outline.headings.count(1) == 1 and outline.headings[0] == 1, where
        steps = zip(outline.headings, outline.headings[1:], strict=False)
        assert all(b <= a + 1 for a, b in steps), where
        assert all(th.get("scope") == "col" for th in outline.th), where
        assert all(img.get("alt") for img in outline.images), where
        assert outline.tags.count("main") == 1 and outline.tags.count("footer") == 1, where
        assert "<title>" in page and '<meta charset="utf-8">' in page
        assert f'<meta name="bygdevekst-commit" content="{rendered.provenance.commit}">' in page
        assert "@media print" in page


@needs_axe
def test_axe_core_finds_no_wcag_21_aa_violation(
    every_document: list[Rendered], tmp_path: Path
) -> None:
    files = []
    for rendered in every_document:
        path = tmp_path / f"{rendered.pilot}-{rendered.stem}.html"
        path.write_bytes(FORMAT_BY_NAME["html"].convert(rendered))
        files.append(path)
    # A page with known faults proves the check sees violations at all.
    faulty = tmp_path / "faulty.html"
    faulty.write_text("<html><body><img src='x.png'><p style='color:#ccc'>lite</p></body></html>")
    code, report = axe_report([*files, faulty])
    by_file = {Path(str(f["file"])).name: f for f in report["files"]}
    assert code == 1
    assert by_file["faulty.html"]["violations"], "axe-core found nothing in a faulty page"
    for path in files:
        assert by_file[path.name]["violations"] == [], by_file[path.name]


def test_a_wrapping_heading_leaves_no_word_alone_on_its_last_line() -> None:
    # the changes document's title wrapped as «… frå 2025 til» over «2026», a runt that
    # read as a second heading
    pdf = FORMAT_BY_NAME["pdf"].convert(one("vest-telemark", "changes", year=2026))
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    lines = [line.strip() for line in text.splitlines()]
    assert lines[0].startswith("Endringar i handlingsplanen for Vest-Telemark")
    assert lines[0].endswith("2025"), lines[:2]
    assert lines[1] == "til 2026", lines[:2]
