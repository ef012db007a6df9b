"""Documents from the bundled pilots: golden files, the seeds' content, and what is missing.

Golden files (tests/golden/) hold every Markdown and HTML document of the bundled pilots;
``pytest --update-golden`` rewrites them after a deliberate change (see conftest.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bygdevekst_cli.errors import UsageError, UserError
from bygdevekst_cli.pilotset import read_pilot
from bygdevekst_cli.render.documents import Request
from bygdevekst_cli.render.formats import FORMAT_BY_NAME
from bygdevekst_cli.render.pipeline import Rendered, render_markdown
from bygdevekst_cli.render.provenance import Provenance
from tests.conftest import GoldenCheck
from tests.helpers import MINIMAL, REPO, SEEDS

PILOTS = REPO / "pilots"
SEED_AGREEMENT = SEEDS / "000_4442edc20838933b.txt"
SEED_CASE = SEEDS / "001_b9d603cf4c3309bc.txt"


def render(
    pilot: str | Path, document: str, year: int | None = None, municipality: str | None = None
) -> list[Rendered]:
    folder = pilot if isinstance(pilot, Path) else PILOTS / pilot
    files = read_pilot(folder, f"pilots/{folder.name}")
    stamp = Provenance(pilot=folder.name, date=_DATE, commit=_COMMIT)
    return render_markdown(files, Request(document, year, municipality), provenance=stamp)


def one(pilot: str | Path, document: str, **kwargs: object) -> Rendered:
    (rendered,) = render(pilot, document, **kwargs)  # type: ignore[arg-type]
    return rendered


_DATE = __import__("datetime").date(2026, 1, 20)
_COMMIT = "0123456789abcdef0123456789abcdef01234567"

#: Every document of the bundled pilots that has the data it needs, by golden name.
DOCUMENTS: dict[str, tuple[str, str, int | None, str | None]] = {
    "vest-telemark/agreement": ("vest-telemark", "agreement", None, None),
    "vest-telemark/plan-2026": ("vest-telemark", "plan", 2026, None),
    "vest-telemark/case-2026-fyresdal": ("vest-telemark", "case", 2026, "fyresdal"),
    "vest-telemark/case-2026-nissedal": ("vest-telemark", "case", 2026, "nissedal"),
    "vest-telemark/changes-2026": ("vest-telemark", "changes", 2026, None),
    "vest-telemark/status-2025": ("vest-telemark", "status", 2025, None),
    "vestre-varanger/agreement": ("vestre-varanger", "agreement", None, None),
    "innlandet/agreement": ("innlandet", "agreement", None, None),
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_markdown_and_html_match_golden_files(name: str, golden: GoldenCheck) -> None:
    pilot, document, year, municipality = DOCUMENTS[name]
    rendered = one(pilot, document, year=year, municipality=municipality)
    golden(f"{name}.md", rendered.markdown())
    golden(f"{name}.html", FORMAT_BY_NAME["html"].convert(rendered).decode("utf-8"))


# ------------------------------------------------------------------- seed 001: the case


def test_case_document_reproduces_every_section_of_seed_001() -> None:
    text = one("vest-telemark", "case", year=2026, municipality="fyresdal").markdown()
    headings = re.findall(r"^#+ (.+)$", text, re.MULTILINE)
    for expected in (
        "Bakgrunn for saka",
        "Organisering av prosjektet",
        "Handlingsplan",
        "Plan for politisk handsaming",
        "Dette er gjort i 2025",
        "Status prioriterte tiltak i handlingsplan 2025",
        "Delmål 1) Fleire eigna bustader i Vest-Telemark",
        "Delmål 2) Korleis få fleire arbeidsplassar i privat sektor",
        "Delmål 3) Meir kompetanse innan helse og oppvekst",
        "Status 2025",
        "Samla status",
        "Vurdering",
        "Konklusjon",
        "Innstilling frå kommunedirektøren",
    ):
        assert expected in headings, expected
    # Generated from the structured data, not copied text:
    assert "Alle seks kommunane i Vest-Telemark er ein felles pilot" in text
    assert "staten ved Kommunal- og distriktsdepartementet (KDD)" in text
    assert "signert av alle partar 2. juni 2025" in text
    assert "Fleire eigna bustader i Vest-Telemark (vekta 60\u00a0%)" in text
    assert "Korleis få fleire arbeidsplassar i privat sektor (vekta 20\u00a0%)" in text
    assert "2\u00a0mill.\u00a0kr årleg i driftstilskot frå 2023 til 2025" in text
    assert "18\u00a0mill.\u00a0kr tilført i statleg medfinansiering av tiltaksmidlar" in text
    assert "1\u00a0mill.\u00a0kr øyremerka til prosjektleiing" in text
    assert "- Prosjekteigar: Vest-Telemarkrådet med dei seks ordførarane" in text
    assert "Torill Verpe (frå mai 2025)" in text
    assert "| Nissedal kommune | ikkje ført opp | 22. januar 2026 (ekstraordinært) |" in text
    assert "| Fyresdal kommune | 28. januar 2026 | 19. februar 2026 |" in text
    assert "fylkesutvalet 29. april 2026 og fylkestinget 6. mai 2026" in text
    assert "| Tiltaksnr. og tittel | Gjennomført | Førebels resultat |" in text
    not_started = "| 3 Nettverks- og klyngeutvikling innan bygg og anlegg | Ikkje starta. |"
    assert f"{not_started} Ikkje rapportert |" in text
    # The three points of the yearly update, the two points of the recommendation:
    assert "1. Nye tiltak, både der ein ynskjer" in text
    assert "3. Avslutta tiltak, med ei kort vurdering" in text
    recommendation = text.split("## Innstilling frå kommunedirektøren", 1)[1]
    assert "1. Vedlagde utkast til handlingsplan for 2026" in recommendation
    assert "2. Styringsgruppa i Bygdevekstprosjektet får fullmakt" in recommendation
    assert "Ulf Pedersen\\\nKommunedirektør" in recommendation


def test_case_document_holds_every_word_of_seed_001_texts() -> None:
    """Each paragraph of 001 that the data holds verbatim appears, word for word."""
    rendered = words(one("vest-telemark", "case", year=2026, municipality="fyresdal").body)
    joined = " ".join(rendered)
    seed = SEED_CASE.read_text(encoding="utf-8")
    for anchor in (
        "Målet med bygdevekstprosjektet er å bidra til busetjing",
        "Handlingsplanen for 2025 spegla eit annleisår",
        "Styringsgruppa vonar at dokumentet",
        "2025 har vore eit oppstart- og forankringsår",
        "Vest-Telemark er ein felles pilot i det nasjonale bygdevekstprosjektet, i samarbeid",
        "Prosjektet er eigd av Vest-Telemarkrådet",
    ):
        start = seed.index(anchor)
        end = re.compile(r"\n[ \t]*\n").search(seed, start)
        paragraph = seed[start : end.start() if end else None]
        assert " ".join(words(paragraph)) in joined, anchor


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


# -------------------------------------------------------------- seed 000: the agreement


def _sections(text: str, headings: list[str], end: str) -> list[list[str]]:
    """The words between each heading and the next (headings found in order)."""
    found = words(text)
    bounds: list[tuple[int, int]] = []
    at = 0
    for heading in [*headings, end]:
        target = words(heading)
        for i in range(at, len(found)):
            if found[i : i + len(target)] == target:
                bounds.append((i, i + len(target)))
                at = i + len(target)
                break
        else:
            pytest.fail(f"heading {heading!r} not found")
    return [found[bounds[k][1] : bounds[k + 1][0]] for k in range(len(headings))]


def test_agreement_holds_the_full_text_of_seed_000_chapter_by_chapter() -> None:
    files = read_pilot(PILOTS / "vest-telemark", "pilots/vest-telemark")
    assert files.agreement is not None
    agreement = files.agreement.model
    headings = []
    for chapter in agreement.chapters:
        headings.append(f"{chapter.number} {chapter.title}")
        if chapter.kind.value == "sub_goals":
            headings += [f"{g.section} Delmål {g.number} {g.title}" for g in agreement.sub_goals]
    end = "Avtala er signert av"
    seed = _sections(SEED_AGREEMENT.read_text(encoding="utf-8"), headings, end)
    body = one("vest-telemark", "agreement").body
    rendered = _sections(body, headings, end)
    for heading, expected, actual in zip(headings, seed, rendered, strict=True):
        assert actual == expected, heading
    assert "## 6. Delmål, samarbeidspartar og ansvar" in body
    assert "### 6.1 Delmål 1 Fleire eigna bustader i Vest-Telemark" in body


def test_main_parties_come_from_pilot_yaml_with_their_description() -> None:
    body = one("vest-telemark", "agreement").body
    chapter = body.split("## 2. Hovudpartar i avtala", 1)[1].split("\n## ", 1)[0]
    assert chapter.startswith("\n\nHovudpartar i denne avtala er:\n\n- Fyresdal kommune\n")
    assert "- Telemark fylkeskommune\n" in chapter
    assert "- Kommunal- og distriktsdepartementet er koordinerande hovudpart på vegne" in chapter


def test_bokmaal_agreements_use_bokmaal_and_a_draft_says_so() -> None:
    draft = one("vestre-varanger", "agreement")
    assert draft.title == "Utkast til bygdevekstavtale for Vestre Varanger"
    assert "Hovedparter i denne avtalen er:" in draft.body
    assert "## Åpne punkter i utkastet" in draft.body
    assert "- AB1, kapittel 2: Mrk endret rekkefølge på partene" in draft.body
    signed = one("innlandet", "agreement")
    assert signed.title == "Bygdevekstavtale for Engerdal, Trysil, Våler og Åmot"
    assert "## Avtalen er signert av" in signed.body


# ------------------------------------------------------------------- plans and budgets


def test_plan_budget_tables_add_up(tmp_path: Path) -> None:
    body = one(MINIMAL, "plan", year=2026).body
    nbsp = "\u00a0"
    kr = lambda n: f"{n:,}".replace(",", nbsp) + f"{nbsp}kr"  # noqa: E731
    assert f"| 1 Fleire eigna bustader | {kr(700000)} | {kr(300000)} | {kr(1000000)} |" in body
    assert f"| 2 Fleire arbeidsplassar | {kr(600000)} | – | {kr(600000)} |" in body
    assert f"| Sum | {kr(1300000)} | {kr(300000)} | {kr(1600000)} |" in body
    assert "| Tiltak | Statlege tiltaksmidlar | Eigne midlar | Sum |" in body
    assert (
        f"| 1.1 Kartlegging av bustadbehov | {kr(600000)} | {kr(100000)} | {kr(700000)} |" in body
    )
    assert f"| Sum | {kr(1200000)} | {kr(100000)} | {kr(1300000)} |" in body
    assert "- Ansvarleg: Fyresdal kommune" in body
    assert "- Periode: 2026–2027" in body


def test_a_plan_without_budgets_says_so_instead_of_empty_tables() -> None:
    body = one("vest-telemark", "plan", year=2026).body
    assert "Handlingsplanen har ikkje budsjett per tiltak enno." in body
    budget_part = body.split("## Diagram")[0]  # the status chart has a table of its own
    assert "| Sum |" not in budget_part
    assert "chart:plan-2026-budget" not in body  # no budget chart of unknown amounts


def test_changes_list_new_changed_with_reason_and_closed_with_assessment() -> None:
    body = one("vest-telemark", "changes", year=2026).body
    assert "## Nye tiltak\n\nIngen nye tiltak." in body
    assert "#### Tiltak 2.1 Verkemiddelapparatet – synleggjere moglegheitene" in body
    assert "- Tiltaket varer no til og med 2028." in body
    assert "Grunngjeving: Avklart med KDD om at arbeidet med Etablerartenesta" in body
    assert "## Avslutta tiltak\n\nIngen avslutta tiltak." in body


def test_status_defaults_to_the_newest_year_with_a_report() -> None:
    rendered = one("vest-telemark", "status")
    assert rendered.provenance.year == 2025
    assert "## Dette er gjort i 2025" in rendered.body
    assert "### Samla status" in rendered.body


# ---------------------------------------------------------------- missing data: one line


@pytest.mark.parametrize(
    ("pilot", "document", "year", "municipality", "message"),
    [
        ("vestre-varanger", "plan", None, None, "piloten har ingen handlingsplan ennå"),
        ("vestre-varanger", "case", None, "all", "saksfremlegget trenger en handlingsplan"),
        ("innlandet", "changes", None, None, "endringsdokumentet trenger en handlingsplan"),
        ("innlandet", "status", None, None, "statusrapporten trenger en handlingsplan"),
        (
            "vest-telemark",
            "plan",
            2031,
            None,
            "fann ingen handlingsplan for 2031 (har: 2025, 2026)",
        ),
        ("vest-telemark", "changes", 2025, None, "treng handlingsplanen for eit tidlegare år"),
        ("vest-telemark", "status", 2026, None, "handlingsplanen for 2026 har ingen statusrapport"),
    ],
)
def test_missing_data_is_a_one_line_error_naming_it(
    pilot: str, document: str, year: int | None, municipality: str | None, message: str
) -> None:
    with pytest.raises(UserError) as error:
        render(pilot, document, year, municipality)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert not isinstance(error.value, UsageError)


@pytest.mark.parametrize(
    ("document", "municipality", "message"),
    [
        ("case", None, "bruk --municipality ID eller --municipality all"),
        ("case", "oslo", "«oslo» er ingen kommune i vest-telemark"),
        ("agreement", "fyresdal", "--municipality gjeld berre saksframlegg"),
    ],
)
def test_wrong_municipality_use_is_a_usage_error(
    document: str, municipality: str | None, message: str
) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        render("vest-telemark", document, 2026, municipality)


def test_case_for_every_municipality_warns_where_the_chief_executive_is_missing() -> None:
    rendered = render("vest-telemark", "case", 2026, "all")
    assert [r.stem for r in rendered] == [
        f"saksframlegg-{m}"
        for m in ("fyresdal", "kviteseid", "nissedal", "seljord", "tokke", "vinje")
    ]
    assert rendered[0].warnings == []
    assert "Kviteseid kommune manglar namnet til kommunedirektøren" in rendered[1].warnings[0]
    assert rendered[1].body.rstrip().endswith("Kommunedirektør")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nn", "pilots/vest-telemark: fann ingen handlingsplan for 2031 (har: 2025, 2026)"),
        ("nb", "pilots/vest-telemark: fant ingen handlingsplan for 2031 (har: 2025, 2026)"),
        ("en", "pilots/vest-telemark: found no action plan for 2031 (has: 2025, 2026)"),
    ],
)
def test_messages_come_from_the_catalogue_in_the_command_lines_language(
    language: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    with pytest.raises(UserError) as error:
        render("vest-telemark", "plan", 2031)
    assert str(error.value) == message


def test_file_names_and_words_follow_the_written_standard(tmp_path: Path) -> None:
    """The same pilot in Nynorsk and in Bokmål: each document's file name and fixed words
    come from its own catalogue."""
    import shutil

    bokmaal = tmp_path / "minimal"
    shutil.copytree(MINIMAL, bokmaal)
    pilot_yaml = bokmaal / "pilot.yaml"
    pilot_yaml.write_text(
        pilot_yaml.read_text(encoding="utf-8").replace("language: nn", "language: nb"),
        encoding="utf-8",
    )
    nn_case = render(MINIMAL, "case", 2026, "all")[0]
    nb_case = render(bokmaal, "case", 2026, "all")[0]
    assert (nn_case.stem, nb_case.stem) == ("saksframlegg-fyresdal", "saksfremlegg-fyresdal")
    assert "## Bakgrunn for saka\n" in nn_case.body
    assert "## Bakgrunn for saken\n" in nb_case.body
    assert nn_case.subject.startswith("Saksframlegg til Fyresdal")
    assert nb_case.subject.startswith("Saksfremlegg til Fyresdal")
    assert "Laga med bygdevekst" in nn_case.footer and "Laget med bygdevekst" in nb_case.footer


def test_templates_get_the_models_themselves() -> None:
    """No mirror classes: a field of the model is in reach of the layout as it is, so
    showing a new field needs only the model, the layout and the two catalogues."""
    from bygdevekst_cli.models.agreement import SubGoal
    from bygdevekst_cli.models.pilot import Organisation, Party
    from bygdevekst_cli.models.plan import Measure, Treatment
    from bygdevekst_cli.render.documents import jobs, source_of

    source = source_of(read_pilot(PILOTS / "vest-telemark", "pilots/vest-telemark"))
    (agreement,) = jobs(source, Request("agreement"))
    assert agreement.context["agreement"] is source.agreement
    assert agreement.context["pilot"] is source.pilot
    assert all(isinstance(p, Party) for p in agreement.context["main_parties"])
    (plan,) = jobs(source, Request("plan", 2026))
    measures = [m for goal in plan.context["goals"] for m in goal.measures]
    assert measures and all(isinstance(m, Measure) for m in measures)
    case = jobs(source, Request("case", 2026, "fyresdal"))[0].context
    assert isinstance(case["municipality"], Party)
    assert isinstance(case["organisation"], Organisation)
    assert case["sub_goals"] == source.agreement.sub_goals
    assert all(isinstance(g, SubGoal) for g in case["sub_goals"])
    assert case["meetings"] and all(isinstance(m, Treatment) for m in case["meetings"])
    assert agreement.template == "agreement/layout.md.j2"
