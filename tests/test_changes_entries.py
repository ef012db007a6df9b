"""The changes document says an entry of a list added or taken out whole as one sentence
with its values, and a field of a nested value (an indicator's target year) as a reader
names it.

An indicator added to a sub-goal was eight lines, one a field («…, mål, år: sett til
2028», «retning: sett til increase»); the document now says «Ny indikator under delmål 1:
«Folketal i kommunane» (eining: personar; …)». Real repositories in ``tmp_path`` for the
document (the agreement a plan was adopted with is read at its revision), the real diff
engine for the values of every list an entry of which is added or taken out.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

import pytest
from pydantic import BaseModel
from ruamel.yaml import YAML
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from bygdevekst_cli.diff import compare, diff_plan_values, indicator_titles, measure_changes
from bygdevekst_cli.language import words
from bygdevekst_cli.models import ActionPlan, Agreement
from bygdevekst_cli.models.meta import field_meta
from bygdevekst_cli.present.value_text import value_change, value_changes
from bygdevekst_cli.render.changes_text import measure_change
from tests.gitrepo import commit, pilot_repo
from tests.helpers import REPO, edit
from tests.indicator_yaml import FOLKETAL, HANDLINGSPLAN, indicators

PILOT = "pilots/testdalen"
AGREEMENT = f"{PILOT}/agreement.yaml"
KDD_ADOPTED = "    case_number: 26/900\n    outcome: adopted\n"
FULLPILOT = REPO / "tests/data/fullpilot"
M = TypeVar("M", bound=BaseModel)
RESIDUE = re.compile(r"[{}\[\]]|\"\w+\":|'\w+':|\b(increase|decrease)\b")
"""What a value shown as data leaves in a sentence: braces, brackets, a key in quotes, a
direction by its code."""


def _load(model: type[M], text: str) -> M:
    return model.model_validate(YAML(typ="safe").load(text))


def _plain(lines: list[str]) -> list[str]:
    return [line.replace("\u00a0", " ") for line in lines]


def _changes_document(tmp_path: Path, language: str, *, added: bool) -> str:
    """The changes document of 2027 for a pilot whose plan of 2026 was adopted against an
    agreement without (``added``) or with the indicator «Folketal i kommunane», and whose
    agreement today has it (or not)."""
    repo = pilot_repo(tmp_path / "repo")
    root = Path(repo.working_dir)
    edit(root / PILOT / "pilot.yaml", "language: nn", f"language: {language}")
    if not added:
        edit(root / AGREEMENT, HANDLINGSPLAN, HANDLINGSPLAN + indicators(FOLKETAL))
    adopted = commit(repo, "Avtala slik planen for 2026 vart vedteken").hexsha
    plans = root / PILOT / "plans"
    edit(plans / "2026.yaml", KDD_ADOPTED, f"{KDD_ADOPTED}    adopted_revision: {adopted}\n")
    text = (plans / "2026.yaml").read_text(encoding="utf-8").split("    adopted_revision:")[0]
    (plans / "2027.yaml").write_text(text.replace("\nyear: 2026\n", "\nyear: 2027\n"), "utf-8")
    if added:
        edit(root / AGREEMENT, HANDLINGSPLAN, HANDLINGSPLAN + indicators(FOLKETAL))
    else:
        edit(root / AGREEMENT, indicators(FOLKETAL), "")
    commit(repo, "Revidert avtale og handlingsplan 2027")
    args = ["render", "changes", str(root / PILOT), "--year", "2027", "--output", "-", "--draft"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("language", "added", "heading", "expected"),
    [
        (
            "nn",
            True,
            "Endringar i bygdevekstavtala",
            "- Ny indikator under delmål 1: «Folketal i kommunane» (eining: personar; "
            "kjelde: SSB; retning: auke; utgangspunkt: 5 200 i 2024; mål: 5 400 i 2028).",
        ),
        (
            "nb",
            True,
            "Endringer i bygdevekstavtalen",
            "- Ny indikator under delmål 1: «Folketal i kommunane» (enhet: personar; "
            "kilde: SSB; retning: økning; utgangspunkt: 5 200 i 2024; mål: 5 400 i 2028).",
        ),
        (
            "nn",
            False,
            "Endringar i bygdevekstavtala",
            "- Indikatoren «Folketal i kommunane» under delmål 1 er teken ut (eining: personar; "
            "kjelde: SSB; retning: auke; utgangspunkt: 5 200 i 2024; mål: 5 400 i 2028).",
        ),
        (
            "nb",
            False,
            "Endringer i bygdevekstavtalen",
            "- Indikatoren «Folketal i kommunane» under delmål 1 er tatt ut (enhet: personar; "
            "kilde: SSB; retning: økning; utgangspunkt: 5 200 i 2024; mål: 5 400 i 2028).",
        ),
    ],
)
def test_an_indicator_added_or_taken_out_is_one_sentence_with_its_values(
    tmp_path: Path, language: str, added: bool, heading: str, expected: str
) -> None:
    document = _changes_document(tmp_path, language, added=added)
    section = document.split(f"## {heading}\n\n")[1].split("\n\n")[0]
    assert _plain(section.splitlines()) == [expected]
    assert not RESIDUE.search(section)


NESTED = [
    ("target: {year: 2028, value: 5400}", "target: {year: 2030, value: 5400}"),
    ("target: {year: 2028, value: 5400}", "target: {year: 2028, value: 5500}"),
    ("baseline: {year: 2024, value: 5200}", "baseline: {year: 2023, value: 5200}"),
    ("baseline: {year: 2024, value: 5200}", "baseline: {year: 2024, value: 5100}"),
]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nn",
            [
                "delmål 1, indikatoren «Folketal i kommunane», målåret: endra frå 2028 til 2030.",
                "delmål 1, indikatoren «Folketal i kommunane», målverdien: endra frå 5 400 til "
                "5 500.",
                "delmål 1, indikatoren «Folketal i kommunane», utgangsåret: endra frå 2024 til "
                "2023.",
                "delmål 1, indikatoren «Folketal i kommunane», utgangsverdien: endra frå 5 200 "
                "til 5 100.",
            ],
        ),
        (
            "nb",
            [
                "delmål 1, indikatoren «Folketal i kommunane», målåret: endret fra 2028 til 2030.",
                "delmål 1, indikatoren «Folketal i kommunane», målverdien: endret fra 5 400 til "
                "5 500.",
                "delmål 1, indikatoren «Folketal i kommunane», utgangsåret: endret fra 2024 til "
                "2023.",
                "delmål 1, indikatoren «Folketal i kommunane», utgangsverdien: endret fra 5 200 "
                "til 5 100.",
            ],
        ),
    ],
)
def test_a_field_of_a_nested_value_is_named_as_one(language: str, expected: list[str]) -> None:
    """«mål, år» was the path's fields joined by commas; a reader says «målåret»."""
    text = (FULLPILOT / "agreement.yaml").read_text(encoding="utf-8")
    old = _load(Agreement, text)
    titles = indicator_titles(old).get
    said = []
    for before, after in NESTED:
        [change] = compare(old, _load(Agreement, text.replace(before, after)))
        said.append(value_change(change, words(language), lambda _: None, titles))
    assert _plain(said) == expected


POINTS = [
    ("target: {year: 2028, value: 5400}", "target: {year: 2030, value: 5500}"),
    ("baseline: {year: 2024, value: 68.5}", "baseline: {year: 2024, value: 68.5}\n        "
     "target: {year: 2028, value: 72}"),
    ("        baseline: {year: 2024, value: 68.5}\n", ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nn",
            [
                "delmål 1, indikatoren «Folketal i kommunane», mål: endra frå 5 400 i 2028 til "
                "5 500 i 2030.",
                "delmål 2, indikatoren «Del sysselsette», mål: sett til 72 i 2028.",
                "delmål 2, indikatoren «Del sysselsette», utgangspunkt: ikkje lenger oppgitt "
                "(var 68,5 i 2024).",
            ],
        ),
        (
            "nb",
            [
                "delmål 1, indikatoren «Folketal i kommunane», mål: endret fra 5 400 i 2028 til "
                "5 500 i 2030.",
                "delmål 2, indikatoren «Del sysselsette», mål: satt til 72 i 2028.",
                "delmål 2, indikatoren «Del sysselsette», utgangspunkt: ikke lenger oppgitt "
                "(var 68,5 i 2024).",
            ],
        ),
    ],
)
def test_a_point_whose_year_and_value_changed_is_one_change(
    language: str, expected: list[str]
) -> None:
    """A target moved in both year and value, a target set, a baseline taken out: each one
    sentence with the point as the documents print it, not its year and value apart."""
    text = (FULLPILOT / "agreement.yaml").read_text(encoding="utf-8")
    old = _load(Agreement, text)
    titles = indicator_titles(old).get
    said = []
    for before, after in POINTS:
        assert text.count(before) == 1
        changes = compare(old, _load(Agreement, text.replace(before, after)))
        said.extend(value_changes(changes, words(language), lambda _: None, titles))
    assert _plain(said) == expected


def _nested_pairs(model: type[BaseModel], seen: set[type] | None = None) -> set[tuple[str, str]]:
    """Every compared field of a model that is itself the value of a compared field
    (not an entry of a list), as (the outer field, the inner field)."""
    seen = seen if seen is not None else set()
    pairs: set[tuple[str, str]] = set()
    if model in seen:
        return pairs
    seen.add(model)
    for name, meta in field_meta(model).items():
        if not meta.compared:
            continue
        for kind in _kinds(model.model_fields[name].annotation):
            if get_origin(kind) in (list, dict):  # entries: each a path of its own
                items = [a for a in get_args(kind) if isinstance(a, type)]
                for item in (i for i in items if issubclass(i, BaseModel)):
                    pairs |= _nested_pairs(item, seen)
            elif isinstance(kind, type) and issubclass(kind, BaseModel):  # a nested value
                pairs |= {(name, n) for n, m in field_meta(kind).items() if m.compared}
                pairs |= _nested_pairs(kind, seen)
    return pairs


def _kinds(annotation: Any) -> list[Any]:
    """The types an annotation allows (each side of ``X | None``)."""
    if get_origin(annotation) in (Union, UnionType):
        return [k for arg in get_args(annotation) for k in _kinds(arg)]
    return [annotation]


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_every_nested_field_of_the_plan_and_agreement_has_its_own_words(language: str) -> None:
    """Each nested compared field the changes document can show (the agreement's and the
    plan's own values, the funding aside, which has sentences of its own) has a name of
    its own in the catalogue, not «mål (år)»."""
    w = words(language)
    pairs = _nested_pairs(Agreement) | (_nested_pairs(ActionPlan) - _funding_pairs())
    assert pairs >= {("target", "year"), ("baseline", "value")}
    missing = [p for p in sorted(pairs) if not w.has(f"doc.changes3.nested.{p[0]}.{p[1]}")]
    assert missing == []


def _funding_pairs() -> set[tuple[str, str]]:
    from bygdevekst_cli.models.plan import Funding

    return _nested_pairs(Funding) | {("funding", n) for n in field_meta(Funding)}


VALUE = "  - indicator: folketal\n    year: 2026\n    value: 5260\n    source: SSB tabell 07459\n"
PLAN_LINK = (
    "links:\n  - title: Handlingsplanen på nettsida til piloten\n"
    "    url: https://fjellbygda.example.no/handlingsplan-2026\n"
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nn",
            [
                "Lenka «Handlingsplanen på nettsida til piloten» "
                "(https://fjellbygda.example.no/handlingsplan-2026) er teken ut.",
                "Verdien for indikatoren «Folketal i kommunane» i 2026 er teken ut "
                "(var 5 260; kjelde: SSB tabell 07459).",
            ],
        ),
        (
            "nb",
            [
                "Lenken «Handlingsplanen på nettsida til piloten» "
                "(https://fjellbygda.example.no/handlingsplan-2026) er tatt ut.",
                "Verdien for indikatoren «Folketal i kommunane» i 2026 er tatt ut "
                "(var 5 260; kjelde: SSB tabell 07459).",
            ],
        ),
    ],
)
def test_a_plans_link_and_indicator_value_taken_out_are_sentences(
    language: str, expected: list[str]
) -> None:
    """Between two versions of one plan year (the indicator values belong to their year:
    across years they are not compared)."""
    text = (FULLPILOT / "plans" / "2026.yaml").read_text(encoding="utf-8")
    old = _load(ActionPlan, text)
    new = _load(ActionPlan, text.replace(VALUE, "").replace(PLAN_LINK, ""))
    agreement = _load(Agreement, (FULLPILOT / "agreement.yaml").read_text(encoding="utf-8"))
    titles = indicator_titles(agreement).get
    said = value_changes(diff_plan_values(old, new), words(language), lambda _: None, titles)
    wanted = [line.replace("kjelde:", "kilde:") if language == "nb" else line for line in expected]
    assert _plain(said) == wanted
    back = value_changes(diff_plan_values(new, old), words(language), lambda _: None, titles)
    assert _plain(back)[1] == (
        "Ny verdi for indikatoren «Folketal i kommunane» i 2026: 5 260 "
        f"({'kjelde' if language == 'nn' else 'kilde'}: SSB tabell 07459)."
    )


def test_no_list_entry_added_or_taken_out_reads_as_data() -> None:
    """Every list of the plan and the agreement whose entries are compared as a whole
    (an agreement's indicators and links, a plan's links and indicator values, a
    measure's links): added and taken out, in both standards, not a brace, a key in
    quotes nor a code in the sentence."""
    agreement_text = (FULLPILOT / "agreement.yaml").read_text(encoding="utf-8")
    plan_text = (FULLPILOT / "plans" / "2026.yaml").read_text(encoding="utf-8")
    ledige = agreement_text.split("      - id: ledige-bustader\n")[1].split("  - number: 2\n")[0]
    agreement_link = "links:\n" + agreement_text.split("links:\n")[1].split("chapters:")[0]
    measure_link = plan_text.split("    links:\n")[1].split("    report:")[0]
    value = plan_text.split("  - indicator: ledige-bustader\n")[1]
    cut_agreement = agreement_text.replace("      - id: ledige-bustader\n" + ledige, "")
    cut_agreement = cut_agreement.replace(agreement_link, "")
    cut_plan = plan_text.replace(PLAN_LINK, "")
    cut_plan = cut_plan.replace("  - indicator: ledige-bustader\n" + value, "")
    cut_plan = cut_plan.replace("    links:\n" + measure_link, "")
    old_a, new_a = _load(Agreement, agreement_text), _load(Agreement, cut_agreement)
    old_p, new_p = _load(ActionPlan, plan_text), _load(ActionPlan, cut_plan)
    titles = indicator_titles(old_a).get
    for language in ("nn", "nb"):
        w = words(language)
        for before, after in ((old_a, new_a), (new_a, old_a)):
            said = value_changes(compare(before, after), w, lambda _: None, titles)
            assert len(said) == 2 and not any(RESIDUE.search(line) for line in said), said
        for earlier, later in ((old_p, new_p), (new_p, old_p)):
            said = value_changes(diff_plan_values(earlier, later), w, lambda _: None, titles)
            assert len(said) == 3 and not any(RESIDUE.search(line) for line in said), said
            measure = [
                measure_change(c, w, lambda _: None)
                for c in measure_changes(earlier.measures[0], later.measures[0])
            ]
            assert len(measure) == 1 and not RESIDUE.search(measure[0]), measure


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nn", "delmål 1, tekst: endra frå «Partane skal byggje.» til «Partane skal bu.»"),
        ("nb", "delmål 1, tekst: endret fra «Partane skal byggje.» til «Partane skal bu.»"),
    ],
)
def test_a_quotation_that_ends_a_sentence_takes_no_second_full_stop(
    language: str, expected: str
) -> None:
    text = (FULLPILOT / "agreement.yaml").read_text(encoding="utf-8")
    first = "Samarbeidspartane skal utvikle ein handlingsplan."
    assert text.count(first) == 1
    old = _load(Agreement, text.replace(first, "Partane skal byggje."))
    new = _load(Agreement, text.replace(first, "Partane skal bu."))
    [change] = compare(old, new)
    assert value_change(change, words(language), lambda _: None) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nn",
            [
                "Delmål 2 «Fleire arbeidsplassar» er teke ut (vekt: 40 %; samarbeidspartar: "
                "Telemark fylkeskommune).",
                "Indikatoren «Del sysselsette» under delmål 2 er teken ut (eining: prosent; "
                "kjelde: SSB tabell 11618; retning: auke; utgangspunkt: 68,5 i 2024).",
            ],
        ),
        (
            "nb",
            [
                "Delmål 2 «Fleire arbeidsplassar» er tatt ut (vekt: 40 %; samarbeidsparter: "
                "Telemark fylkeskommune).",
                "Indikatoren «Del sysselsette» under delmål 2 er tatt ut (enhet: prosent; "
                "kilde: SSB tabell 11618; retning: økning; utgangspunkt: 68,5 i 2024).",
            ],
        ),
    ],
)
def test_a_sub_goal_added_or_taken_out_is_one_sentence_and_its_indicators_their_own(
    language: str, expected: list[str]
) -> None:
    """A sub-goal by its number and title with its weight and partners (its text is the
    agreement's), each of its indicators a sentence of its own; taken out, and added back."""
    text = (FULLPILOT / "agreement.yaml").read_text(encoding="utf-8")
    second = "  - number: 2\n" + text.split("  - number: 2\n")[1].split("signatures:")[0]
    with_it, without = _load(Agreement, text), _load(Agreement, text.replace(second, ""))
    titles = indicator_titles(with_it).get
    names = {"fylket": "Telemark fylkeskommune"}.get
    w = words(language)
    said = value_changes(compare(with_it, without), w, names, titles)
    assert _plain(said) == expected
    back = _plain(value_changes(compare(without, with_it), w, names, titles))
    new = "Nytt delmål 2: «Fleire arbeidsplassar» (vekt: 40 %; samarbeidspart"
    assert back[0].startswith(new) and back[1].startswith("Ny indikator under delmål 2: ")
    assert len(back) == 2 and not any(RESIDUE.search(line) for line in back)
