"""The pilot side of the model (issue 10): parties over time and place, names in other
languages, contacts, signatories, groups, unknown and assumed values, and codes for what
were words. Each field with a positive and a negative case, on real files through the
real CLI; and a pilot that uses them all (tests/data/fullpilot) rendered in every format."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pypdf
import pytest

from bygdevekst_cli.language import words
from bygdevekst_cli.render.formats import FORMAT_BY_NAME
from tests.helpers import (
    DATA,
    check,
    codes,
    copy_minimal,
    copy_pilot,
    edit,
    line_of,
    run_cli,
    skip_or_fail,
    validate_json,
)
from tests.test_render import one

FULL = DATA / "fullpilot"
KVITESEID = '    municipality_number: "4028"\n'
PLAN = "plans/2026.yaml"


def copy_full(tmp_path: Path, language: str = "nn") -> Path:
    return copy_pilot(FULL, tmp_path, "fjellbygda", language)


def add_to_kviteseid(folder: Path, lines: str) -> str:
    return edit(folder / "pilot.yaml", KVITESEID, KVITESEID + lines)


# ------------------------------------------------------------------ each field, + and -


POSITIVE = {
    "member_from/until": "    member_from: 2025-01-01\n    member_until: 2026-12-31\n",
    "names": "    names:\n      se: Guovdageainnu suohkan\n      fkv: Koutokeinon komuuni\n",
    "area": "    area: Berre Vrådal\n",
    "contacts": "    contacts:\n      - name: Liv Lid\n        role: kontakt\n"
    "        email: liv@kviteseid.kommune.no\n      - name: Per Pe\n        role: rådgjevar\n",
    "signatory": "    signatory:\n      name: Ola Nordmann\n      title: ordførar\n",
    "assumed": "    member_until: 2026-12-31\n    assumed:\n      member_until: Truleg.\n",
}


@pytest.mark.parametrize("lines", POSITIVE.values(), ids=POSITIVE.keys())
def test_a_party_field_written_right_validates(tmp_path: Path, lines: str) -> None:
    folder = copy_minimal(tmp_path)
    add_to_kviteseid(folder, lines)
    assert codes(check(folder)) == []


NEGATIVE = {
    # field: (lines, text on the line the finding points at, what the message says)
    "member_until before member_from": (
        "    member_from: 2026-06-01\n    member_until: 2026-01-01\n",
        "- id: kviteseid",
        "member_until (2026-01-01) ligg før member_from (2026-06-01)",
    ),
    "names: unknown language": ("    names:\n      xx: Namn\n", "xx:", "Ugyldig verdi"),
    "area: empty": ('    area: ""\n', "area:", "Teksten kan ikkje vere tom"),
    "contacts: e-mail without @": (
        "    contacts:\n      - name: Liv Lid\n        role: kontakt\n        email: liv.lid\n",
        "email:",
        "liv.lid",
    ),
    "contacts: role missing": (
        "    contacts:\n      - name: Liv Lid\n",
        "- name: Liv Lid",
        "«role»",
    ),
    "signatory: title missing": (
        "    signatory:\n      name: Ola Nordmann\n",
        "signatory:",
        "«title»",
    ),
    "assumed: not a field": (
        "    assumed:\n      budget: Truleg.\n",
        "- id: kviteseid",
        "assumed nemner «budget», som ikkje er eit felt her",
    ),
    "assumed: a field without a value": (
        "    assumed:\n      area: Truleg.\n",
        "- id: kviteseid",
        "assumed nemner «area», men feltet har ingen verdi",
    ),
}


@pytest.mark.parametrize(("lines", "anchor", "says"), NEGATIVE.values(), ids=NEGATIVE.keys())
def test_a_party_field_written_wrong_is_one_clear_error_on_its_line(
    tmp_path: Path, lines: str, anchor: str, says: str
) -> None:
    folder = copy_minimal(tmp_path)
    text = add_to_kviteseid(folder, lines)
    code, findings = validate_json(folder)
    assert code == 1
    assert len(findings) == 1, findings
    (finding,) = findings
    assert finding["severity"] == "error" and finding["file"].endswith("pilot.yaml")
    assert finding["line"] == line_of(text, anchor, occurrence=text.count(anchor)), finding
    assert says in str(finding["message"]), finding


def test_assumed_on_the_agreement_period_and_phase(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    edit(
        folder / "pilot.yaml",
        "    end: 2028-12-31\n",
        "    end: 2028-12-31\n    assumed:\n      end: Fire år.\n",
    )
    edit(
        folder / "pilot.yaml",
        "    end_year: 2028\n",
        "    end_year: 2028\n    assumed:\n      start_year: Truleg.\n",
    )
    assert codes(check(folder)) == []
    edit(folder / "pilot.yaml", "      end: Fire år.", "      start_note: Fire år.")
    assert [c for c, _, _ in codes(check(folder))] == ["BV103"]


# ------------------------------------------------------------------------------ groups


def test_a_measure_may_name_a_group_and_the_plan_shows_its_name(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    edit(
        folder / "pilot.yaml",
        "agreement:\n",
        "organisation:\n  groups:\n    - id: arbeidsgruppa\n      name: Arbeidsgruppa for bustad\n"
        "      members: [fyresdal, kviteseid]\n      leader:\n        name: Liv Lid\n"
        "        title: prosjektleiar\nagreement:\n",
    )
    edit(folder / PLAN, "responsible: fyresdal", "responsible: arbeidsgruppa")
    edit(folder / PLAN, "partners: [husbanken]", "partners: [husbanken, arbeidsgruppa]")
    assert codes(check(folder)) == []
    text = one(folder, "plan", year=2026).body
    assert "Arbeidsgruppa for bustad" in text
    assert "arbeidsgruppa" not in text


def test_a_group_with_an_unknown_member_or_a_measure_naming_no_group_is_an_error(
    tmp_path: Path,
) -> None:
    folder = copy_minimal(tmp_path)
    text = edit(
        folder / "pilot.yaml",
        "agreement:\n",
        "organisation:\n  groups:\n    - id: arbeidsgruppa\n      name: Arbeidsgruppa\n"
        "      members: [fyresdal, nissedal]\nagreement:\n",
    )
    plan = edit(folder / PLAN, "responsible: fyresdal", "responsible: styringsgruppa")
    assert codes(check(folder)) == [
        ("BV202", "2026.yaml", line_of(plan, "responsible: styringsgruppa")),
        ("BV202", "pilot.yaml", line_of(text, "members: [fyresdal, nissedal]")),
    ]


# ------------------------------------------------------------- membership over the years


def test_a_municipality_that_leaves_keeps_old_plans_valid_and_is_not_required_later(
    tmp_path: Path,
) -> None:
    folder = copy_full(tmp_path)
    code, findings = validate_json(folder)
    assert (code, findings) == (0, [])
    # kviteseid left at the end of 2026: the 2026 plan names it, the 2027 plan need not
    plan_2027 = (folder / "plans" / "2027.yaml").read_text(encoding="utf-8")
    assert "party: kviteseid" not in plan_2027
    assert "party: kviteseid" in (folder / PLAN).read_text(encoding="utf-8")
    # without member_until, the 2027 plan lacks its council (BV209)
    edit(folder / "pilot.yaml", "    member_until: 2026-12-31\n", "")
    assert [c for c, file, _ in codes(check(folder)) if file == "2027.yaml"] == ["BV209"]


def test_case_documents_for_all_are_for_the_members_of_the_year(tmp_path: Path) -> None:
    folder = copy_full(tmp_path)
    out = tmp_path / "out"
    code, output = run_cli("render", "case", str(folder), "-y", "2027", "-m", "all", "-o", str(out))
    assert code == 0, output
    made = sorted(p.name for p in out.rglob("*.md"))
    assert made == ["saksframlegg-fyresdal.md", "saksframlegg-gaivuotna.md"]
    text = (out / "fjellbygda" / "2027" / "saksframlegg-fyresdal.md").read_text(encoding="utf-8")
    # two municipalities take part in 2027 (kviteseid left, gaivuotna joined)
    assert "Begge kommunane i Fjellbygda er ein felles pilot" in text
    assert "Alle to" not in text


# --------------------------------------------------------------- unknown and assumed


@pytest.mark.parametrize(
    ("language", "not_fixed"), [("nn", "ikkje fastsett"), ("nb", "ikke fastsatt")]
)
def test_a_period_without_an_end_is_a_warning_and_documents_say_it_is_not_fixed(
    tmp_path: Path, language: str, not_fixed: str
) -> None:
    folder = copy_full(tmp_path, language)
    text = edit(
        folder / "pilot.yaml",
        "    end: 2028-12-31\n    assumed:\n      end: Avtalen seier fire år; sluttdatoen er ikkje"
        " skriven inn.\n",
        "",
    )
    code, findings = validate_json(folder)
    assert code == 0
    # (the Bokmål copy keeps its Nynorsk texts: BV211 warns of them)
    found = [(f["code"], f["line"]) for f in findings if f["code"] != "BV211"]
    assert found == [("BV230", line_of(text, "period:"))]
    case = one(folder, "case", year=2027, municipality="fyresdal").body
    assert not_fixed in case
    # the background says the period runs from 2025 and names no end
    assert words(language)("doc.assumed.period_open", start=2025) in case
    assert "2025 til" not in case and "2025 fram til" not in case


@pytest.mark.parametrize(("language", "mark"), [("nn", "(anteke, note "), ("nb", "(antatt, note ")])
def test_assumed_values_are_marked_with_their_notes_at_the_end(
    tmp_path: Path, language: str, mark: str
) -> None:
    folder = copy_full(tmp_path, language)
    agreement = one(folder, "agreement").body
    assert f"1. januar 2027 {mark}1)" in agreement
    assert agreement.rstrip().endswith("1. Kommunestyret har ikkje gjort vedtak om å bli med enno.")
    case = one(folder, "case", year=2027, municipality="fyresdal").body
    assert f"2028 {mark}1)" in case and f"2028 {mark}2)" in case
    notes = case[case.index(words(language)("doc.assumed.heading")) :]
    assert "1. Avtalen seier fire år" in notes and "2. Fase 2 varer" in notes


# ------------------------------------------------------- the full pilot in every format


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_the_full_pilot_renders_agreement_and_case_in_every_format(
    tmp_path: Path, language: str
) -> None:
    folder = copy_full(tmp_path, language)
    agreement = one(folder, "agreement")
    case = one(folder, "case", year=2027, municipality="gaivuotna")
    for rendered in (agreement, case):
        for name, converter in FORMAT_BY_NAME.items():
            assert converter.convert(rendered), (rendered.title, name)
    body = agreement.body
    # names in other languages, marked with their language
    assert "Kåfjord kommune – [Gáivuona suohkan](lang:se) – [Kaivuonon komuuni](lang:fkv)" in body
    md = FORMAT_BY_NAME["md"].convert(agreement).decode()
    assert "[Gáivuona suohkan]{lang=se}" in md and "(lang:" not in md
    html = FORMAT_BY_NAME["html"].convert(agreement).decode()
    assert '<span lang="se">Gáivuona suohkan</span>' in html
    assert '<span lang="fkv">Kaivuonon komuuni</span>' in html
    with zipfile.ZipFile(io.BytesIO(FORMAT_BY_NAME["docx"].convert(agreement))) as package:
        xml = package.read("word/document.xml").decode()
    assert '<w:lang w:val="se"/></w:rPr><w:t>Gáivuona suohkan' in xml
    pdf = pypdf.PdfReader(io.BytesIO(FORMAT_BY_NAME["pdf"].convert(agreement)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Gáivuona suohkan" in text and "Svein Leiros" in text
    # area, membership, signatories, contacts
    w = words(language)
    assert w("doc.party.area", area="Olderdalen og Manndalen") in body
    assert w("doc.party.member_until", end="31. desember 2026") in body
    assert f"## {w('doc.party.signatories')}" in body and "Ola Nordmann | ordførar" in body
    assert f"## {w('doc.party.contacts')}" in body and "liv.lid@fyresdal.kommune.no" in body
    # the working group in the case document
    assert "Arbeidsgruppa for bustad" in case.body


def test_a_page_of_the_agreement_as_an_image(tmp_path: Path) -> None:
    """Looked at once by eye (the first page: parties with Sami and Kven names, the
    signature block, the assumed value's note); kept as a check that it still converts."""
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm is not installed (apt-get install poppler-utils)")
    folder = copy_full(tmp_path)
    pdf = tmp_path / "agreement.pdf"
    pdf.write_bytes(FORMAT_BY_NAME["pdf"].convert(one(folder, "agreement")))
    import subprocess

    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    assert (tmp_path / "page-1.png").stat().st_size > 10_000


# ---------------------------------------------------------------------- codes, not words


def test_migrate_rewrites_old_words_to_codes_keeping_comments(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    plan = folder / PLAN
    edit(plan, "    body: executive_committee\n", "    body: formannskap  # møtet i januar\n")
    edit(plan, "    body: county_committee\n", '    body: "fylkesutvalg"\n')
    code, findings = validate_json(folder)
    assert code == 1 and [f["code"] for f in findings] == ["BV232", "BV232"]
    assert "bygdevekst migrate" in str(findings[0]["message"])
    code, output = run_cli("migrate", "--check", str(folder))
    assert code == 1, output
    code, output = run_cli("migrate", str(folder))
    assert code == 0, output
    text = plan.read_text(encoding="utf-8")
    assert "    body: executive_committee  # møtet i januar\n" in text
    assert '    body: "county_committee"\n' in text
    assert run_cli("migrate", "--check", str(folder))[0] == 0
    assert validate_json(folder) == (0, [])


def test_old_words_in_a_committed_file_are_found_in_that_file_not_the_working_tree(
    tmp_path: Path,
) -> None:
    """BV232 reads the words from the file it checks: a plan read from a commit keeps its
    old words even when the working tree has been migrated since (and the reverse)."""
    from bygdevekst_cli.gitsource import GitTreeSource
    from bygdevekst_cli.pilotset import read_pilot
    from bygdevekst_cli.validate import validate_pilot
    from tests.gitrepo import commit, pilot_repo

    repo = pilot_repo(tmp_path / "repo")
    folder = tmp_path / "repo" / "pilots" / "testdalen"
    plan = folder / PLAN
    edit(plan, "    body: executive_committee\n", "    body: formannskap  # møtet i januar\n")
    old = commit(repo, "Gamle ord")
    old_text = plan.read_text(encoding="utf-8")
    assert run_cli("migrate", str(folder))[0] == 0
    migrated = commit(repo, "Koder")

    def found(at: object) -> list[tuple[str, str, int | None]]:
        source = GitTreeSource(at, "pilots/testdalen")  # type: ignore[arg-type]
        files = read_pilot(folder, "testdalen", source=source)
        report = validate_pilot(files)
        return [(f.code, f.file, f.line) for f in report.findings if f.code == "BV232"]

    line = line_of(plan.read_text(encoding="utf-8"), "    body: executive_committee")
    assert found(old) == [("BV232", f"testdalen/{PLAN}", line)]
    assert found(migrated) == []
    plan.write_text(old_text, encoding="utf-8", newline="")  # the old words back on disk
    assert [f["code"] for f in validate_json(folder)[1]] == ["BV232"]
    assert found(migrated) == []


def test_the_schema_accepts_only_the_codes() -> None:
    from bygdevekst_cli.models import FILE_KINDS
    from bygdevekst_cli.schema_export import schema_for

    plan = next(k for k in FILE_KINDS if k.name == "plan")
    body = schema_for(plan)["$defs"]["Body"]["enum"]
    assert body == [
        "executive_committee",
        "municipal_council",
        "county_committee",
        "county_council",
        "kdd",
    ]
