"""Defects noticed in review and fixed later (the second batch), each through the real
command line on real files (and real git repositories) in ``tmp_path``."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from tests.gitrepo import PLAN, commit, pilot_repo, raise_21
from tests.helpers import copy_minimal, edit, invoke

# --- history: a treatment that did not adopt the plan is not marked as adopted -------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    return repo


def _record(repo: git.Repo, case: str, outcome: str, revision: str) -> None:
    """The treatment with ``case`` given ``outcome`` and ``adopted_revision``, committed."""
    edit(
        Path(repo.working_dir, PLAN),
        f"case_number: {case}\n    outcome: adopted",
        f'case_number: {case}\n    outcome: {outcome}\n    adopted_revision: "{revision}"',
    )


@pytest.mark.parametrize(
    ("outcome", "mark", "words", "adopted", "decision"),
    [
        ("adopted", "✓", "vedteke", True, "adopted"),
        ("adopted_with_changes", "✓", "vedteke med endringar", True, "adopted"),
        ("rejected", "✗", "ikkje vedteke", False, "rejected"),
        ("postponed", "–", "utsett", False, "undecided"),
        ("noted", "–", "teke til orientering", False, "undecided"),
    ],
)
def test_history_shows_the_outcome_of_a_treatment_with_an_adopted_revision(
    repo: git.Repo, outcome: str, mark: str, words: str, adopted: bool, decision: str
) -> None:
    shown = raise_21(repo, 650000, "Større behov.")
    _record(repo, "26/11", outcome, shown.hexsha[:10])
    commit(repo, "Vedtaket i Fyresdal")
    result = invoke("history", "testdalen")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if "Kommunestyret i Fyresdal" in x)
    assert line == (
        f"  {mark} Kommunestyret i Fyresdal kommune: {words} 19. februar 2026, sak 26/11"
        " (handlingsplan 2026)"
    )
    data = json.loads(invoke("history", "testdalen", "-f", "json").stdout)
    (found,) = (a for c in data["commits"] for a in c["adoptions"])
    assert (found["outcome"], found["adopted"], found["decision"]) == (outcome, adopted, decision)
    assert found["commit"] == shown.hexsha


def test_history_keeps_the_mark_of_an_adoption_tag(repo: git.Repo) -> None:
    from tests.gitrepo import tag

    raise_21(repo, 650000, "Større behov.")
    tag(repo, "vedtak/testdalen/2026/fyresdal-kommunestyre", "Kommunestyret i Fyresdal, sak 26/11")
    result = invoke("history", "testdalen")
    assert (
        "  ✓ Kommunestyret i Fyresdal, sak 26/11 [vedtak/testdalen/2026/fyresdal-kommunestyre]"
        in result.stdout.splitlines()
    )
    data = json.loads(invoke("history", "testdalen", "-f", "json").stdout)
    (found,) = (a for c in data["commits"] for a in c["adoptions"])
    assert (found["outcome"], found["adopted"], found["decision"]) == (None, True, "adopted")


# --- an application (a grant applied for) is not presented as granted ----------------------

APPLICATION = (
    "    - source: other_grants\n"
    "      year: 2026\n"
    "      funder: fyresdal\n"
    "      amount: 300000\n"
    "      status: applied\n"
)


def _with_application(plan: Path) -> None:
    edit(plan, "      covers_period: true\n", "      covers_period: true\n" + APPLICATION)


def test_overview_workbook_says_which_grant_is_granted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    pilot = copy_minimal(tmp_path)
    _with_application(pilot / "plans" / "2026.yaml")
    data = json.loads(invoke("overview", str(tmp_path / "pilots"), "-f", "json").stdout)
    target = tmp_path / "oversikt.xlsx"
    result = invoke("overview", str(tmp_path / "pilots"), "-f", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(target)["Tilskot"].iter_rows(values_only=True))
    assert rows[0][-1] == "Status"
    assert [row[1:] for row in rows[1:]] == [
        ("statlege tiltaksmidlar", None, 2025, 18_000_000, True, "løyvd"),
        ("andre tilskot", "Fyresdal kommune", 2026, 300_000, False, "søkt"),
    ]
    # the JSON's totals count what the workbook calls granted, and nothing else
    granted = sum(row[4] for row in rows[1:] if row[-1] == "løyvd" and row[5])
    assert data["totals"]["grants"] == {"one_year": {}, "covers_period": granted}


def test_history_names_an_application_as_one(repo: git.Repo) -> None:
    plan = Path(repo.working_dir, PLAN)
    _with_application(plan)
    applied = commit(repo, "Søknad om tilskot")
    edit(plan, "      status: applied\n", "      status: rejected\n")
    rejected = commit(repo, "Søknaden er avslått")
    result = invoke("history", "testdalen", "-f", "json")
    by_commit = {c["commit"]: c for c in json.loads(result.stdout)["commits"]}
    assert [c["text"] for c in by_commit[applied.hexsha]["changes"]] == [
        "søknad 2026, andre tilskot, Fyresdal kommune: ikkje fylt ut → 300\u00a0000\u00a0kr",
        "søknad 2026, andre tilskot, Fyresdal kommune, status: ikkje fylt ut → søkt",
    ]
    assert [c["text"] for c in by_commit[rejected.hexsha]["changes"]] == [
        "avslått søknad 2026, andre tilskot, Fyresdal kommune, status: søkt → avslått"
    ]
    # the path JSON gives is as before: only the words name the entry anew
    assert by_commit[applied.hexsha]["changes"][0]["path"] == ("grants.2026.other_grants.fyresdal")
    text = invoke("history", "testdalen").stdout
    assert "løyving 2026" not in text
    assert (
        "løyving 2025, statlege tiltaksmidlar: ikkje fylt ut → 18\u00a0000\u00a0000\u00a0kr" in text
    )


# --- an amount written as null is not known: never 0, and a sum over it is «minst …» -------


@pytest.fixture
def unknown_own_funds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal pilot with measure 1.1's own funds for 2026 written as ``null``."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    edit(pilot / "plans" / "2026.yaml", "own_funds: 100000", "own_funds: null")
    return pilot


def _rendered(document: str, *options: str) -> str:
    result = invoke("render", document, "testdalen", "-f", "md", "-o", "out", *options)
    assert result.exit_code == 0, result.output
    (path,) = Path("out/testdalen/2026").glob("*.md")
    return path.read_text(encoding="utf-8").replace("\u00a0", " ")


def test_plan_says_an_amount_written_as_null_is_not_known(unknown_own_funds: Path) -> None:
    assert invoke("validate", "testdalen").exit_code == 0  # null: a source, amount unknown
    text = _rendered("plan")
    assert (
        "- Budsjett 2026: minst 600 000 kr"
        " (statlege tiltaksmidlar 600 000 kr og eigne midlar ikkje kjent)"
    ) in text
    # the period table (per sub-goal) and the year's table (per source) never count it as 0
    assert "| 1 Fleire eigna bustader | minst 600 000 kr | 300 000 kr | minst 900 000 kr |" in text
    assert "| Sum | minst 1 200 000 kr | 300 000 kr | minst 1 500 000 kr |" in text
    assert "| 1.1 Kartlegging av bustadbehov | 600 000 kr | ikkje kjent | minst 600 000 kr |" in (
        text
    )
    assert "| Sum | 1 200 000 kr | ikkje kjent | minst 1 200 000 kr |" in text
    assert "minst 0 kr" not in text


def test_case_says_an_amount_written_as_null_is_not_known(unknown_own_funds: Path) -> None:
    text = _rendered("case", "-m", "fyresdal")
    assert "Budsjettet i handlingsplanen for 2026 er på minst 1 200 000 kr," in text
    assert "| Eigne midlar | ikkje kjent |" in text
    assert "| Sum | minst 1 200 000 kr |" in text
    assert "Eigne midlar i tiltak der Fyresdal kommune er ansvarleg, er ikkje fastsette" in text


def test_overview_counts_a_budget_with_an_unknown_amount_as_not_whole(
    unknown_own_funds: Path,
) -> None:
    data = json.loads(invoke("overview", "pilots", "-f", "json").stdout)
    assert data["pilots"][0]["budget"] == {
        "year": 2026,
        "by_source": {"state_measure_funds": 1_200_000},
        "total": 1_200_000,
        "unknown": 1,
    }


def test_site_says_a_measure_budget_with_an_unknown_amount_is_at_least(
    unknown_own_funds: Path,
) -> None:
    result = invoke("site", "pilots", "-o", "site", "--downloads", "none")
    assert result.exit_code == 0, result.output
    page = Path("site/testdalen/measures/1.1.html").read_text(encoding="utf-8")
    assert '<td class="num">minst 600\u00a0000\u00a0kr</td>' in page


def test_validate_refuses_null_where_an_amount_must_be_given(
    unknown_own_funds: Path,
) -> None:
    plan = unknown_own_funds / "plans" / "2026.yaml"
    edit(plan, "      amount: 18000000", "      amount: ~")
    edit(plan, "        state_measure_funds: 300000", "        state_measure_funds: {amount: null}")
    result = invoke("validate", "testdalen")
    assert result.exit_code == 1
    assert "pilots/testdalen/plans/2026.yaml:19:" in result.output
    assert "pilots/testdalen/plans/2026.yaml:39:" in result.output
    assert result.output.count("Beløp må vere heile kroner") == 2


# --- «Gjeld berre: …» is not said of a measure for every municipality of the plan year ---


def _limit_measure(pilot: Path, municipalities: str) -> None:
    edit(
        pilot / "plans" / "2026.yaml",
        "    title: Kartlegging av bustadbehov\n",
        f"    title: Kartlegging av bustadbehov\n    municipalities: {municipalities}\n",
    )


@pytest.mark.parametrize(
    ("municipalities", "shown"),
    [
        ("[fyresdal]", "- Gjeld berre: Fyresdal kommune"),
        ("[kviteseid, fyresdal]", None),  # every municipality: not limited
        ("[fyresdal, kviteseid, fyresdal]", None),
    ],
)
def test_plan_names_the_municipalities_of_a_limited_measure_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, municipalities: str, shown: str | None
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    monkeypatch.chdir(tmp_path)
    _limit_measure(copy_minimal(tmp_path), municipalities)
    for output in ("md", "html"):
        result = invoke("render", "plan", "testdalen", "-f", output, "-o", "out")
        assert result.exit_code == 0, result.output
    text = Path("out/testdalen/2026/handlingsplan.md").read_text(encoding="utf-8")
    html = Path("out/testdalen/2026/handlingsplan.html").read_text(encoding="utf-8")
    if shown is None:
        assert "Gjeld berre" not in text and "Gjeld berre" not in html
    else:
        assert shown in text and "Gjeld berre" in html


def test_a_municipality_that_has_left_does_not_make_a_measure_limited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    edit(
        pilot / "pilot.yaml",
        "  - id: kviteseid\n",
        "  - id: kviteseid\n    member_until: 2025-12-31\n",
    )
    _limit_measure(pilot, "[fyresdal]")  # the only member in 2026
    result = invoke("render", "plan", "testdalen", "-f", "md", "-o", "out")
    assert result.exit_code == 0, result.output
    text = Path("out/testdalen/2026/handlingsplan.md").read_text(encoding="utf-8")
    assert "Gjeld" not in text


# --- YAML syntax errors in the catalogue's words, not the parser's English ----------------

BROKEN_YAML = {
    # name: (the agreement's text, line, column, the Norwegian words (nn))
    "colon in a value": ("a: b: c\n", 1, 5, "kolon på feil stad; set tekst som inneheld «: »"),
    "bad indentation": ("a:\n  b: 1\n c: 2\n", 3, 2, "feil innrykk: nøkkelen står ikkje under"),
    "unclosed quote": ("a: 'open", 1, 9, "fila sluttar midt i ein verdi"),
    "unclosed list": ("a: [1, 2\nb: 3\n", 2, 2, "manglar «,» eller «]» i lista"),
    "unclosed table": ("a: {b: 1\nc: 2\n", 2, 2, "manglar «,» eller «}» i tabellen"),
    "bad escape": ('a: "\\q"\n', 1, 5, "ukjend \\-sekvens i tekst med doble hermeteikn"),
    "backtick": ("a: `x`\n", 1, 4, "teikn som ikkje kan byrje ein verdi"),
    "short hex escape": ('a: "\\x4"\n', 1, 7, "manglar sekstental etter \\x, \\u eller \\U"),
    "zero indentation": ("a: |0\n  x\n", 1, 5, "ugyldig merke etter «|» eller «>»"),
    "bad anchor": ("a: &? x\n", 1, 5, "namnet etter «&» eller «*» manglar"),
    # «%FOO» and «%YAML 2.0» are BV018 now, before a parser sees them:
    # tests/test_yaml_versions_and_sizes.py
    "surrogate escape": ('a: "\\uD800"\n', 1, 7, "\\u- eller \\U-koden i tekst med doble"),
    "verbatim tag": ("a: !<x y\n", 1, 7, "ugyldig tagg (merke som byrjar med «!»)"),
    "after the end": ("a: 1\n...\nb\n", 3, 1, "innhald etter slutten på dokumentet"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_YAML))
def test_validate_words_a_yaml_syntax_error_in_norwegian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    text, line, column, words = BROKEN_YAML[name]
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    (pilot / "agreement.yaml").write_text(text, encoding="utf-8")
    result = invoke("validate", "testdalen")
    assert result.exit_code == 1
    (shown,) = (x for x in result.output.splitlines() if "BV001" in x)
    place = f"pilots/testdalen/agreement.yaml:{line}:{column}:"
    assert shown.strip().startswith(f"{place} feil BV001 YAML-syntaksfeil: {words}")
    # the whole problem is one of the catalogue's wordings: no English after it in brackets
    assert shown.split("YAML-syntaksfeil: ", 1)[1] in _problem_wordings("nn")


def _problem_wordings(language: str) -> set[str]:
    from bygdevekst_cli.language import words
    from bygdevekst_cli.yaml_problems import PROBLEMS

    w = words(language)
    return {w(f"load.problem.{code}") for code, _ in PROBLEMS}


def test_validate_words_a_yaml_syntax_error_in_bokmal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    (pilot / "agreement.yaml").write_text("a: 1\n- b\n", encoding="utf-8")
    result = invoke("validate", "testdalen")
    assert (
        "pilots/testdalen/agreement.yaml:2:1: feil BV001 YAML-syntaksfeil: listepunktet «- b»"
        " står med samme innrykk som nøkkelen «a» på linje 1, som allerede har verdien «1»;"
        " skal listen være verdien til «a», ta bort «1» så linjen slutter med «a:», og skal"
        " den ikke det, gi listen en egen nøkkel («navn:») på linjen over\n"
    ) in result.output


@pytest.mark.parametrize("backend", ["pyyaml-libyaml", "ruamel-libyaml", "ruamel-pure"])
def test_every_parser_says_a_syntax_error_in_the_same_words(backend: str) -> None:
    """The pure-Python parser says it in other English words (``expected <block end>, but
    found '-'``): the same code, the same Norwegian."""
    from bygdevekst_cli import loader

    backends = {
        "pyyaml-libyaml": loader._pyyaml_backend,
        "ruamel-libyaml": loader._ruamel_backend,
        "ruamel-pure": lambda: loader._ruamel_backend(pure=True),
    }
    chosen = backends[backend]()
    assert chosen is not None and chosen.name == backend
    for raw, words in (
        (b"a:\n  b: 1\n c: 2\n", "feil innrykk: nøkkelen står ikkje under noko"),
        (
            b"a: 1\n- b\n",
            "listepunktet «- b» står med same innrykk som nøkkelen «a» på linje 1, som alt har"
            " verdien «1»; skal lista vere verdien til «a», ta bort «1» så linja sluttar med «a:»,"
            " og skal ho ikkje det, gi lista ein eigen nøkkel («namn:») på linja over",
        ),
        (b"a: b: c\n", "kolon på feil stad; set tekst som inneheld «: » i hermeteikn"),
        (b"a: `x`\n", "teikn som ikkje kan byrje ein verdi"),
        (b'a: "\\q"\n', "ukjend \\-sekvens i tekst med doble hermeteikn; bruk enkle hermeteikn"),
    ):
        loaded = loader.load_yaml_bytes(raw, Path("x.yaml"), "x.yaml", "nn", chosen)
        (finding,) = loaded.findings
        assert finding.message == f"YAML-syntaksfeil: {words}", (backend, raw)


def test_an_unknown_problem_text_keeps_the_parsers_words() -> None:
    from bygdevekst_cli.language import words
    from bygdevekst_cli.yaml_problems import problem_code, problem_words

    assert problem_code("a problem no parser has had yet") is None
    assert problem_words("a problem no parser has had yet", words("nn")) == (
        "a problem no parser has had yet"
    )


def test_every_problem_code_is_worded_in_every_catalogue() -> None:
    from bygdevekst_cli.language import words
    from bygdevekst_cli.yaml_problems import PROBLEMS

    for language in ("nn", "nb", "en"):
        w = words(language)
        for code, _ in PROBLEMS:
            assert w.get(f"load.problem.{code}"), (language, code)


# --- a percentage in a rule's message has the no-break space of the documents --------------

NBSP = "\u00a0"


@pytest.fixture
def percentages_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal pilot with weights adding up to 90 and cost shares to 90 and 110."""
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    edit(pilot / "agreement.yaml", "    weight: 40", "    weight: 30")
    edit(
        pilot / "plans" / "2026.yaml",
        "    title: Kartlegging av bustadbehov\n",
        "    title: Kartlegging av bustadbehov\n    cost_shares: {fyresdal: 60, kviteseid: 50}\n",
    )
    edit(
        pilot / "plans" / "2026.yaml",
        "  carry_over:\n",
        "  cost_shares: {fyresdal: 45, kviteseid: 45}\n  carry_over:\n",
    )
    return pilot


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nn",
            [
                f"Vektene blir til saman 90{NBSP}%, ikkje 100{NBSP}%",
                f"Kostnadsdelinga i tiltak 1.1 blir til saman 110{NBSP}%, ikkje 100{NBSP}%",
                f"Kostnadsdelinga av eigne midlar blir til saman 90{NBSP}%, ikkje 100{NBSP}%",
            ],
        ),
        (
            "nb",
            [
                f"Vektene blir til sammen 90{NBSP}%, ikke 100{NBSP}%",
                f"Kostnadsdelingen i tiltak 1.1 blir til sammen 110{NBSP}%, ikke 100{NBSP}%",
            ],
        ),
        (
            "en",
            [
                "The weights add up to 90%, not 100%",
                "The cost shares of measure 1.1 add up to 110%, not 100%",
            ],
        ),
    ],
)
def test_rule_messages_write_a_percentage_as_the_documents_do(
    percentages_off: Path, monkeypatch: pytest.MonkeyPatch, language: str, expected: list[str]
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    result = invoke("validate", "testdalen")
    assert result.exit_code == 1, result.output
    for message in expected:
        assert message in result.output
    assert " %" not in result.output  # never a plain space before the sign


def test_rule_summaries_write_100_percent_with_a_no_break_space(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    result = invoke("validate", "--list-rules")
    assert result.exit_code == 0, result.output
    assert f"Vektene til delmåla skal til saman bli 100{NBSP}%." in result.output
    assert " %" not in result.output


def test_the_share_of_the_measure_funds_is_written_as_the_documents_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    edit(pilot / "agreement.yaml", "    weight: 60", "    weight: 90")
    edit(pilot / "agreement.yaml", "    weight: 40", "    weight: 10")
    result = invoke("validate", "testdalen")
    assert (
        f"Delmål 1 har 60{NBSP}% av tiltaksmidlane i planen, men vekta er 90{NBSP}%"
        in result.output
    )
    assert " %" not in result.output
