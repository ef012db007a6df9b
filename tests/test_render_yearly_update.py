"""The yearly update as the ministry asks for it (new measures, changed ones with their
reason, closed ones with an assessment) and the status report beside it, read as a council
member reads them: in every format, Nynorsk and Bokmål."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REPO, copy_pilot, edit, render_file
from tests.test_render_gaps import text_of

VEST_TELEMARK = REPO / "pilots" / "vest-telemark"
FORMATS = ("md", "html", "docx", "pdf")
NOT_REPORTED = {"nn": "Ikkje rapportert", "nb": "Ikke rapportert"}


@pytest.fixture(autouse=True)
def _language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


# ------------------------------------------------- a report not given is said, not dashed


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_measure_result_not_reported_is_said_in_words(
    tmp_path: Path, fmt: str, language: str
) -> None:
    # «| Ikkje starta. | – |»: a result not reported was a dash, which a council member
    # reads as «nothing came of it»; and a prioritised measure with no report at all was
    # two dashes
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark", language)
    edit(
        pilot / "plans" / "2025.yaml",
        "    title: Grøn region Vest-Telemark\n    start_year: 2025\n    status: planned\n",
        "    title: Grøn region Vest-Telemark\n    start_year: 2025\n    status: planned\n"
        "    prioritised: true\n",
    )
    text = text_of(render_file(pilot, tmp_path / "out", "status", fmt, "-y", "2025"))
    said = NOT_REPORTED[language]
    assert f"bygg og anlegg Ikkje starta. {said}" in text
    assert f"4 Grøn region Vest-Telemark {said} {said}" in text


# ------------------------------------- what the case document's changes are measured from

COMPARED = {
    "nn": "Her er handlingsplanen for 2027 samanlikna med handlingsplanen for 2025.",
    "nb": "Her er handlingsplanen for 2027 sammenlignet med handlingsplanen for 2025.",
}
FIRST = {
    "nn": "Det finst ingen tidlegare handlingsplan i dataa, så alle tiltaka står som nye.",
    "nb": "Det finnes ingen tidligere handlingsplan i dataene, så alle tiltakene står som nye.",
}


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_the_case_document_says_which_plan_its_changes_are_measured_from(
    tmp_path: Path, language: str
) -> None:
    # a plan year skipped (2025, then 2027): the case document listed the changes since 2025
    # under «Nye, endra og avslutta tiltak i handlingsplanen for 2027», and a council member
    # took them for changes since a 2026 plan
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark", language)
    plans = pilot / "plans"
    (plans / "2026.yaml").rename(plans / "2027.yaml")
    edit(plans / "2027.yaml", "\nyear: 2026\n", "\nyear: 2027\n")
    case = render_file(pilot, tmp_path / "out", "case", "md", "-y", "2027", "-m", "fyresdal")
    changes = text_of(case).split(COMPARED[language], 1)
    assert len(changes) == 2, "the comparison is not said"
    assert "2.1 Verkemiddelapparatet" in changes[1]  # it heads the list of changes


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_the_first_plan_case_document_says_why_every_measure_is_new(
    tmp_path: Path, language: str
) -> None:
    # the first plan year listed every measure as new, with nothing saying why
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark", language)
    (pilot / "plans" / "2026.yaml").unlink()
    case = render_file(pilot, tmp_path / "out", "case", "md", "-m", "fyresdal", "--draft")
    assert FIRST[language] in text_of(case)


# ------------------------------------------ a measure dropped without closing is not hidden

DROPPED = {
    "nn": "Tiltak som manglar utan å vere avslutta",
    "nb": "Tiltak som mangler uten å være avsluttet",
}
MEASURE_2_3 = (
    '  - id: "2.3"\n    sub_goal: 2\n    number: 3\n'
    "    title: Nettverks- og klyngeutvikling innan bygg og anlegg\n"
    "    start_year: 2025\n    status: planned\n"
)


@pytest.mark.parametrize(("document", "extra"), [("changes", ()), ("case", ("-m", "fyresdal"))])
@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_a_draft_names_the_measures_dropped_without_being_closed(
    tmp_path: Path, fmt: str, language: str, document: str, extra: tuple[str, ...]
) -> None:
    # a measure left out of the new plan without being closed (error BV302) vanished from
    # the draft: the steering group read a list of changes that did not say it was gone
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark", language)
    edit(pilot / "plans" / "2026.yaml", MEASURE_2_3, "")
    out = tmp_path / "out"
    text = text_of(render_file(pilot, out, document, fmt, "-y", "2026", "--draft", *extra))
    dropped = text.split(DROPPED[language], 1)
    assert len(dropped) == 2, "the dropped measures are not named"
    assert "2.3 Nettverks- og klyngeutvikling innan bygg og anlegg" in dropped[1]


# -------------------------------------------------- changes in the order of the plan


def test_a_measure_moved_to_another_sub_goal_is_listed_in_its_number_order(
    tmp_path: Path,
) -> None:
    # 1.1 moved to sub-goal 2 as its measure 5 was listed first under sub-goal 2, as «2.5»
    # before «2.1», since the changes were in the order of the ids
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark")
    edit(
        pilot / "plans" / "2026.yaml",
        '  - id: "1.1"\n    sub_goal: 1\n    number: 1\n',
        '  - id: "1.1"\n    sub_goal: 2\n    number: 5\n    change_reason: Høyrer til delmål 2.\n',
    )
    text = text_of(render_file(pilot, tmp_path / "out", "changes", "md", "-y", "2026"))
    order = [text.index(f"Tiltak {label} ") for label in ("2.1", "2.4", "2.5")]
    assert order == sorted(order)


# ----------------------------------------- the plan gives a changed measure's reason

CHANGE_REASON = {"nn": "Grunngjeving for endringa", "nb": "Begrunnelse for endringen"}


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_plan_gives_the_reason_a_measure_was_changed(
    tmp_path: Path, fmt: str, language: str
) -> None:
    # the plan KDD approves printed a closed measure's assessment but not why a measure
    # was changed (2.1 given state funds for 2026–2028): the reason was in no plan
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark", language)
    text = text_of(render_file(pilot, tmp_path / "out", "plan", fmt, "-y", "2026"))
    measure = text.split("Tiltak 2.1 Verkemiddelapparatet", 1)[1].split("Tiltak 2.3 ", 1)[0]
    assert f"{CHANGE_REASON[language]}: Avklart med KDD om at arbeidet" in measure
    unchanged = text.split("Tiltak 2.3 ", 1)[1].split("Tiltak 2.4 ", 1)[0]
    assert CHANGE_REASON[language] not in unchanged
