"""Documents as case systems and archives receive them (robustness sweep of the rendered
files): municipal Word templates unlike python-docx's own, damaged templates, and what a
case officer sends on. Each test renders through the real CLI and reads the written file
(DOCX through python-docx and its XML parts)."""

from __future__ import annotations

import io
import re
import zipfile
from importlib import resources
from pathlib import Path

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from tests.helpers import copy_minimal, edit, run_cli

PLAN = "plans/2026.yaml"
RECOMMENDATION = "  recommendation:\n    - Handlingsplanen for 2026 blir vedteken.\n"


@pytest.fixture(autouse=True)
def _nynorsk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


def _render(pilot: Path, out: Path, document: str, *extra: str) -> tuple[int, str]:
    return run_cli("render", document, str(pilot), "-f", "docx", "-o", str(out), *extra)


def _python_docx_template() -> bytes:
    return resources.files("docx").joinpath("templates", "default.docx").read_bytes()


def _changed(path: Path, part: str, change: re.Pattern[bytes] | bytes, new: bytes = b"") -> Path:
    """python-docx's own template with one part changed: ``change`` (a pattern) replaced by
    ``new``, or the part cut to ``change`` (bytes: what is left of it)."""
    source = zipfile.ZipFile(io.BytesIO(_python_docx_template()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                data = change.sub(new, data) if isinstance(change, re.Pattern) else change
            target.writestr(item, data)
    return path


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


# ------------------------------------------------------------- templates a municipality has


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_a_template_with_a_damaged_part_names_the_part_and_line(tmp_path: Path, part: str) -> None:
    pilot = copy_minimal(tmp_path)
    whole = zipfile.ZipFile(io.BytesIO(_python_docx_template())).read(part)
    template = _changed(tmp_path / "mal.docx", part, whole[:200])  # cut short, as a bad copy
    out = tmp_path / "plan.docx"
    code, output = _render(pilot, out, "plan", "--reference-docx", str(template))
    assert code == 1 and "Traceback" not in output
    assert output.strip() == (
        f"bygdevekst: Word-malen {template} kan ikkje lesast som DOCX: delen {part} i pakken"
        " er ikkje gyldig XML (linje 2); opna malen i Word og lagra han på nytt"
    )
    assert not out.exists()


def test_a_template_with_damaged_compressed_data_names_the_part(tmp_path: Path) -> None:
    """A ZIP package whose entry cannot be unpacked (a bad copy, a bit flipped on a disk):
    it was a traceback from zlib."""
    pilot = copy_minimal(tmp_path)
    package = bytearray(_python_docx_template())
    entry = zipfile.ZipFile(io.BytesIO(bytes(package))).getinfo("word/document.xml")
    start = entry.header_offset + 30 + len(entry.filename) + len(entry.extra) + 20
    package[start : start + 40] = bytes(byte ^ 0x5A for byte in package[start : start + 40])
    template = tmp_path / "mal.docx"
    template.write_bytes(bytes(package))
    out = tmp_path / "plan.docx"
    code, output = _render(pilot, out, "plan", "--reference-docx", str(template))
    assert code == 1 and "Traceback" not in output
    assert output.strip() == (
        f"bygdevekst: Word-malen {template} kan ikkje lesast som DOCX: delen word/document.xml"
        " i pakken er skadd og kan ikkje pakkast ut; opna malen i Word og lagra han på nytt"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    "missing", [rb"<w:docDefaults>.*?</w:docDefaults>", rb"<w:rPrDefault>.*?</w:rPrDefault>"]
)
def test_a_template_without_default_run_properties_gets_the_language(
    tmp_path: Path, missing: bytes
) -> None:
    """Optional in WordprocessingML; some generators of templates leave them out."""
    pilot = copy_minimal(tmp_path)
    template = _changed(tmp_path / "mal.docx", "word/styles.xml", re.compile(missing, re.S))
    assert "<w:rPrDefault>" not in _part(template, "word/styles.xml")
    out = tmp_path / "plan.docx"
    code, output = _render(pilot, out, "plan", "--reference-docx", str(template))
    assert code == 0, output
    styles = docx.Document(str(out)).styles.element
    path = "w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val"
    assert styles.xpath(path) == ["nn-NO"]
    assert "Delmål 1" in "\n".join(p.text for p in docx.Document(str(out)).paragraphs)


def test_a_template_without_page_setup_is_a4_with_page_numbers(tmp_path: Path) -> None:
    """A body without ``w:sectPr`` is valid (Word then uses its own defaults)."""
    pilot = copy_minimal(tmp_path)
    no_section = re.compile(rb"<w:sectPr.*?</w:sectPr>", re.S)
    template = _changed(tmp_path / "mal.docx", "word/document.xml", no_section)
    assert "<w:sectPr" not in _part(template, "word/document.xml")
    out = tmp_path / "plan.docx"
    code, output = _render(pilot, out, "plan", "--reference-docx", str(template))
    assert code == 0, output
    [section] = docx.Document(str(out)).sections
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 25 and section.gutter == 0
    assert round(section.header_distance.mm, 1) == round(section.footer_distance.mm, 1) == 12.5
    footer = "\n".join(p.text for p in section.footer.paragraphs)
    assert "Laga med bygdevekst" in footer and "Side 1 av 1" in footer


def _letterhead(path: Path) -> Path:
    """A municipal letter template: a different first page whose header carries the
    municipality's name (where the logo would be), different odd and even pages with a
    short name in their headers, and no footer text (the documents bring their own)."""
    template = docx.Document()
    template.settings.odd_and_even_pages_header_footer = True
    section = template.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Fyresdal kommune – logo"
    section.header.paragraphs[0].text = "Fyresdal kommune"
    section.even_page_header.paragraphs[0].text = "Fyresdal kommune (partal)"
    template.save(str(path))
    return path


@pytest.fixture(scope="module")
def letterhead_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A draft case document (no innstilling yet) on the letterhead."""
    tmp_path = tmp_path_factory.mktemp("letterhead")
    pilot = copy_minimal(tmp_path)
    edit(pilot / PLAN, RECOMMENDATION, "")
    template = _letterhead(tmp_path / "brevmal.docx")
    out = tmp_path / "case.docx"
    options = ("-m", "fyresdal", "--draft", "--reference-docx", str(template))
    code, output = _render(pilot, out, "case", *options)
    assert code == 0, output
    return out


def test_the_draft_mark_is_on_the_first_page_of_a_letterhead_too(
    letterhead_draft: Path,
) -> None:
    section = docx.Document(str(letterhead_draft)).sections[0]
    assert section.different_first_page_header_footer
    # the mark a paragraph of its own, above the template's header
    first_page = [p.text for p in section.first_page_header.paragraphs]
    assert first_page == ["UTKAST", "Fyresdal kommune – logo"]
    assert [p.text for p in section.header.paragraphs] == ["UTKAST", "Fyresdal kommune"]
    even = [p.text for p in section.even_page_header.paragraphs]
    assert even == ["UTKAST", "Fyresdal kommune (partal)"]


def test_the_provenance_and_page_numbers_are_on_the_first_page_of_a_letterhead_too(
    letterhead_draft: Path,
) -> None:
    section = docx.Document(str(letterhead_draft)).sections[0]
    for footer in (section.first_page_footer, section.footer, section.even_page_footer):
        text = "\n".join(p.text for p in footer.paragraphs)
        assert "Laga med bygdevekst" in text and re.search(r"Side 1 av 1\b", text), text


# ------------------------------------------------------------- one file per municipality


@pytest.fixture(scope="module")
def case_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The case documents of every municipality of the minimal pilot in DOCX, PDF and HTML."""
    tmp_path = tmp_path_factory.mktemp("cases")
    pilot = copy_minimal(tmp_path)
    out = tmp_path / "ut"
    code, output = run_cli(
        "render", "case", str(pilot), "-m", "all", "-f", "docx,pdf,html", "-o", str(out)
    )
    assert code == 0, output
    return out / "testdalen" / "2026"


def test_each_municipalitys_pdf_and_html_carry_its_own_title_and_author(case_files: Path) -> None:
    """An archive files each PDF under its title: the PDF's and the HTML page's title name
    the municipality as the DOCX's does, and the author is the same as the DOCX's."""
    stems = sorted(path.stem for path in case_files.glob("*.pdf"))
    assert len(stems) > 1
    titles = set()
    for stem in stems:
        core = docx.Document(str(case_files / f"{stem}.docx")).core_properties
        metadata = pypdf.PdfReader(case_files / f"{stem}.pdf").metadata
        assert metadata is not None
        assert (metadata.title, metadata.author) == (core.title, core.author)
        page = (case_files / f"{stem}.html").read_text(encoding="utf-8")
        assert f"<title>{core.title}</title>" in page
        titles.add(core.title)
    assert len(titles) == len(stems)
    assert "Handlingsplan 2026 for bygdevekst – saksframlegg til Fyresdal kommune" in titles


def test_a_municipality_with_the_longest_id_the_schema_allows_gets_its_file(
    tmp_path: Path,
) -> None:
    """``saksframlegg-<id>`` is longer than an id may be; it was refused as unsafe."""
    pilot = copy_minimal(tmp_path)
    long_id = "kommune-" + "x" * 56
    assert len(long_id) == 64  # maxLength of a party's id
    for path in pilot.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bfyresdal\b", long_id, text), encoding="utf-8")
    assert run_cli("validate", str(pilot))[0] == 0
    out = tmp_path / "ut"
    code, output = run_cli("render", "case", str(pilot), "-m", long_id, "-o", str(out))
    assert code == 0, output
    assert (out / "testdalen" / "2026" / f"saksframlegg-{long_id}.md").is_file()


_CUSTOM_PROPERTIES = (
    "application/vnd.openxmlformats-officedocument.custom-properties+xml",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
)


def _with_custom_properties(path: Path, values: dict[str, str]) -> Path:
    """A template (python-docx's) with custom properties of its own, as a case system's
    template has them for the DOCPROPERTY fields in its header."""
    content_type, relationship, namespace, types = _CUSTOM_PROPERTIES
    fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
    entries = "".join(
        f'<property fmtid="{fmtid}" pid="{pid}" name="{name}"><vt:lpwstr>{value}</vt:lpwstr>'
        "</property>"
        for pid, (name, value) in enumerate(values.items(), start=2)
    )
    source = zipfile.ZipFile(io.BytesIO(_python_docx_template()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                override = (
                    f'<Override PartName="/docProps/custom.xml" ContentType="{content_type}"/>'
                )
                data = data.replace(b"</Types>", f"{override}</Types>".encode())
            elif item.filename == "_rels/.rels":
                rel = (
                    f'<Relationship Id="rIdC" Type="{relationship}" Target="docProps/custom.xml"/>'
                )
                data = data.replace(b"</Relationships>", f"{rel}</Relationships>".encode())
            target.writestr(item, data)
        target.writestr(
            "docProps/custom.xml",
            f'<Properties xmlns="{namespace}" xmlns:vt="{types}">{entries}</Properties>',
        )
    return path


def _custom(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("docProps/custom.xml"))
    assert [p.get("pid") for p in root] == [str(pid) for pid in range(2, 2 + len(root))]
    return {p.get("name"): "".join(p.itertext()) for p in root}


def test_a_templates_own_custom_properties_stay_beside_the_case_record(tmp_path: Path) -> None:
    """The template's «Kommunenamn» (shown in its header by a DOCPROPERTY field) was lost;
    a property the case record sets too (``tittel``) is the document's."""
    pilot = copy_minimal(tmp_path)
    template = _with_custom_properties(
        tmp_path / "mal.docx", {"Kommunenamn": "Fyresdal kommune", "tittel": "Malen sin tittel"}
    )
    option = ("--reference-docx", str(template))
    case = tmp_path / "case.docx"
    code, output = _render(pilot, case, "case", "-m", "fyresdal", *option)
    assert code == 0, output
    properties = _custom(case)
    assert properties["Kommunenamn"] == "Fyresdal kommune"
    assert properties["tittel"] == docx.Document(str(case)).core_properties.title
    assert properties["administrativEnhet"] == "Fyresdal kommune"
    plan = tmp_path / "plan.docx"  # no case record: the template's properties as they were
    code, output = _render(pilot, plan, "plan", *option)
    assert code == 0, output
    assert _custom(plan) == {"Kommunenamn": "Fyresdal kommune", "tittel": "Malen sin tittel"}


# ------------------------------------------------------------- lists in a Word template


def _word_like(path: Path, *, numbering: bool) -> Path:
    """A template as Word saves one: only the styles it uses (no list styles), and, where
    no list is used (``numbering`` False), no numbering part at all."""
    template = docx.Document()
    styles = template.styles.element
    for style in template.styles:
        if style.name.startswith(("List Bullet", "List Number")):
            styles.remove(style.element)
    template.save(str(path))
    if numbering:
        return path
    drop = {
        "word/_rels/document.xml.rels": re.compile(rb'<Relationship [^>]*numbering\.xml"/>'),
        "[Content_Types].xml": re.compile(rb'<Override PartName="/word/numbering\.xml"[^>]*/>'),
    }
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "word/numbering.xml":
                data = source.read(item.filename)
                pattern = drop.get(item.filename)
                target.writestr(item, pattern.sub(b"", data) if pattern else data)
    return path


def _list_formats(path: Path) -> dict[str, list[str]]:
    """The number format (``decimal``, ``bullet``) each list paragraph's text shows, by the
    paragraph's text, following its own or its style's numbering to the level's format."""
    document = docx.Document(str(path))
    numbering = document.part.numbering_part.element
    formats: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        if not paragraph.style.name.startswith(("List Bullet", "List Number")):
            continue
        own = paragraph._p.xpath("w:pPr/w:numPr/w:numId/@w:val")
        by_style = paragraph.style.element.xpath("w:pPr/w:numPr/w:numId/@w:val")
        level = (paragraph.style.element.xpath("w:pPr/w:numPr/w:ilvl/@w:val") or ["0"])[0]
        number_id = (own or by_style or [None])[0]
        shown = []
        if number_id is not None:
            [abstract_id] = numbering.xpath(f"w:num[@w:numId='{number_id}']/w:abstractNumId/@w:val")
            shown = numbering.xpath(
                f"w:abstractNum[@w:abstractNumId='{abstract_id}']"
                f"/w:lvl[@w:ilvl='{level}']/w:numFmt/@w:val"
            )
        formats[paragraph.text] = shown
    return formats


@pytest.mark.parametrize("numbering", [True, False], ids=["no-list-styles", "no-numbering"])
def test_the_innstillings_points_keep_their_numbers_in_a_word_template(
    tmp_path: Path, numbering: bool
) -> None:
    """Without list styles the copied ones lost their numbering (an innstilling's points
    unnumbered, bullets gone); without a numbering part every numbered list was a
    traceback (NotImplementedError from python-docx)."""
    pilot = copy_minimal(tmp_path)
    points = "    - Handlingsplanen for 2026 blir vedteken.\n    - Styringsgruppa får fullmakt.\n"
    edit(pilot / PLAN, RECOMMENDATION, f"  recommendation:\n{points}")
    template = _word_like(tmp_path / "mal.docx", numbering=numbering)
    out = tmp_path / "case.docx"
    code, output = _render(pilot, out, "case", "-m", "fyresdal", "--reference-docx", str(template))
    assert code == 0 and "Traceback" not in output, output
    formats = _list_formats(out)
    assert formats["Handlingsplanen for 2026 blir vedteken."] == ["decimal"]
    assert formats["Styringsgruppa får fullmakt."] == ["decimal"]
    bullets = [text for text, shown in formats.items() if shown == ["bullet"]]
    assert bullets, formats  # the case document's bulleted lists keep their bullets
    assert not [text for text, shown in formats.items() if not shown]


def test_a_document_made_from_a_template_does_not_name_the_template_file(tmp_path: Path) -> None:
    """A .docx made from the municipality's .dotx names that file (on the municipality's
    file server, an external relationship); Word looks for it on every opening, at every
    recipient."""
    pilot = copy_minimal(tmp_path)
    template = docx.Document()
    settings = template.settings.element
    rid = template.part._settings_part.relate_to(
        "file:///\\\\fil01\\maler\\Brevmal.dotx",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
        is_external=True,
    )
    attached = settings.makeelement(qn("w:attachedTemplate"), {qn("r:id"): rid})
    settings.insert(0, attached)
    path = tmp_path / "brev-fra-mal.docx"
    template.save(str(path))
    assert "fil01" in _part(path, "word/_rels/settings.xml.rels")
    out = tmp_path / "plan.docx"
    code, output = _render(pilot, out, "plan", "--reference-docx", str(path))
    assert code == 0, output
    assert "attachedTemplate" not in _part(out, "word/settings.xml")
    with zipfile.ZipFile(out) as package:
        rels = [package.read(n).decode() for n in package.namelist() if n.endswith(".rels")]
    assert not [r for r in rels if "fil01" in r or 'TargetMode="External"' in r]


def test_headers_and_footers_the_last_section_takes_from_earlier_ones_stay(
    tmp_path: Path,
) -> None:
    """A template of two sections whose last one shows the first one's header and footer
    («same as previous», no references of its own): they were lost with the first
    section's body text."""
    pilot = copy_minimal(tmp_path)
    template = docx.Document()
    template.add_paragraph("Forsida i malen.")
    first = template.sections[0]
    first.different_first_page_header_footer = True
    first.first_page_header.paragraphs[0].text = "Fyresdal kommune – logo"
    first.header.paragraphs[0].text = "Fyresdal kommune"
    first.footer.paragraphs[0].text = "Postadresse: Fyresdal"
    template.add_section()
    template.add_paragraph("Resten av malen.")
    path = tmp_path / "mal.docx"
    template.save(str(path))
    last = docx.Document(str(path)).element.body.sectPr
    assert not last.xpath("w:headerReference | w:footerReference")
    out = tmp_path / "plan.docx"
    code, output = _render(pilot, out, "plan", "--reference-docx", str(path))
    assert code == 0, output
    [section] = docx.Document(str(out)).sections
    assert section.different_first_page_header_footer
    assert [p.text for p in section.first_page_header.paragraphs] == ["Fyresdal kommune – logo"]
    assert [p.text for p in section.header.paragraphs] == ["Fyresdal kommune"]
    assert [p.text for p in section.footer.paragraphs] == ["Postadresse: Fyresdal"]
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "malen" not in text and "Delmål 1" in text


# ------------------------------------------------------------- PDF


def test_text_no_pdf_font_can_show_is_named_with_where_it_stands(tmp_path: Path) -> None:
    """An emoji in a measure's title: PDF/A allows no missing glyph, and the message was
    Typst's own («PDF/A-2a, PDF/UA-1 error: the text … could not be displayed»), in
    English, without saying where; DOCX and HTML show the text as it is."""
    pilot = copy_minimal(tmp_path)
    edit(
        pilot / PLAN, "title: Kartlegging av bustadbehov", 'title: "Kartlegging ✅ av bustadbehov"'
    )
    out = tmp_path / "plan.pdf"
    code, output = run_cli("render", "plan", str(pilot), "-f", "pdf", "-o", str(out))
    assert code == 1 and "Traceback" not in output
    assert output.strip() == (
        "bygdevekst: PDF-dokumentet for «Handlingsplan 2026 for bygdevekstavtala i Testdalen»"
        " kunne ikkje lagast: teiknet «✅» (U+2705) i «Tiltak 1.1 Kartlegging ✅ av bustadbehov»"
        " finst ikkje i skriftene til PDF-dokumentet (som emoji og kinesiske teikn); ta det bort"
        " frå dataa, eller lag dokumentet som DOCX eller HTML"
    )
    assert not out.exists()
    code, output = _render(pilot, tmp_path / "plan.docx", "plan")
    assert code == 0, output


def test_the_same_data_gives_the_same_docx_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # python-docx dated each zip entry by the clock: a document rendered again an hour later
    # had other bytes (another checksum in the archive, a change in git) and the same text
    import time

    pilot = copy_minimal(tmp_path)
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run_cli("render", "agreement", str(pilot), "-f", "docx", "-o", str(first))[0] == 0
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert run_cli("render", "agreement", str(pilot), "-f", "docx", "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as package:
        core = package.read("docProps/core.xml").decode()
        dated = {item.date_time for item in package.infolist()}
    # every entry dated as the document's properties are: the day, at midnight
    assert len(dated) == 1 and dated.pop()[3:] == (0, 0, 0)
    assert "T00:00:00Z</dcterms:modified>" in core
