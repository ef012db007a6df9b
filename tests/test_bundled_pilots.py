"""The real pilots in pilots/: they validate, match the exported schemas, and hold the seeds."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import FILE_KINDS, file_kind
from bygdevekst_cli.pilotset import read_pilot
from bygdevekst_cli.schema_export import stale_schemas
from bygdevekst_cli.validate import validate_paths
from tests.helpers import REPO, TODAY

PILOTS = REPO / "pilots"
BUNDLED = sorted(p for p in PILOTS.rglob("*.yaml"))


def test_bundled_pilots_have_no_errors_and_warn_about_what_the_seeds_leave_open() -> None:
    report = validate_paths([], cwd=REPO, today=TODAY)
    assert report.errors == 0, [f for f in report.findings if f.severity.value == "error"]
    by_code = Counter(f.code for f in report.findings)
    # the seeds give no budget split, no end years, no case numbers and no 2026 outcomes
    assert {"BV220", "BV221", "BV223", "BV224", "BV225"} <= set(by_code)
    assert "BV213" not in by_code  # every file has its editor schema line
    assert len(report.files) == len(BUNDLED) == 8


def test_committed_schemas_are_current() -> None:
    assert stale_schemas(REPO / "schemas") == [], "run `bygdevekst schema` and commit schemas/"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.relative_to(PILOTS).as_posix())
def test_bundled_file_is_valid_against_the_exported_json_schema(path: Path) -> None:
    """What an editor checks against must accept the real files (JSON keys are text)."""
    folder = path.parent.parent if path.parent.name == "plans" else path.parent
    kind = file_kind(path.relative_to(folder))
    assert kind is not None
    schema = json.loads((REPO / "schemas" / kind.schema_file).read_text(encoding="utf-8"))
    data = json.loads(json.dumps(load_yaml(path).data))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema="
        + "../" * (3 if kind.name == "plan" else 2)
        + f"schemas/{kind.schema_file}\n"
    )


def _pilot(name: str):  # type: ignore[no-untyped-def]
    files = read_pilot(PILOTS / name, name)
    assert files.pilot is not None and files.agreement is not None
    return files


@pytest.mark.parametrize(
    ("name", "language", "municipalities", "goals"),
    [
        (
            "vest-telemark",
            "nn",
            6,
            [
                "Fleire eigna bustader i Vest-Telemark",
                "Korleis få fleire arbeidsplassar i privat sektor",
                "Meir kompetanse innan helse og oppvekst",
            ],
        ),
        (
            "vestre-varanger",
            "nb",
            4,
            [
                "Øke boligbygging og utvikle nye boligtilbud",
                "Øke samarbeid om samfunnsutvikling og planlegging",
                "Styrke næringsutvikling i avtalekommunene",
                "Øke tilgang til og bruk av fleksibel og desentralisert utdanning",
                "Utvikle lokale studie- og kontorfellesskap",
                "Øke rekruttering av relevant arbeidskraft",
            ],
        ),
        (
            "innlandet",
            "nb",
            4,
            [
                "Rekruttering, kvalifisering og utdanning",
                "Mobilisering av arbeidskraftreserven",
                "Bærekraftig boligutvikling",
            ],
        ),
    ],
)
def test_pilot_holds_its_agreement(
    name: str, language: str, municipalities: int, goals: list[str]
) -> None:
    files = _pilot(name)
    assert files.pilot.model.language.value == language
    assert len(files.pilot.model.municipalities) == municipalities
    assert [g.title for g in files.agreement.model.sub_goals] == goals
    chapters = [c.kind.value for c in files.agreement.model.chapters]
    assert chapters[0] == "background" and chapters[-1] == "follow_up"


def test_vest_telemark_plans_hold_the_case_document() -> None:
    files = _pilot("vest-telemark")
    assert [g.weight for g in files.agreement.model.sub_goals] == [60, 20, 20]
    assert set(files.plans) == {2025, 2026}
    plan_2025 = files.plans[2025].model
    reported = {m.id for m in plan_2025.measures if m.report is not None}
    assert reported == {"1.1", "1.4", "2.1", "2.3", "3.1", "3.2"}
    grants = {(g.source.value, g.year): g.amount for g in files.plans[2026].model.funding.grants}
    assert grants == {
        ("state_measure_funds", 2025): 18_000_000,
        ("project_management_grant", 2026): 1_000_000,
    }
    operating = [g for g in plan_2025.funding.grants if g.source.value == "operating_grant"]
    assert [(g.year, g.amount) for g in operating] == [
        (2023, 2_000_000),
        (2024, 2_000_000),
        (2025, 2_000_000),
    ]
    schedule = files.plans[2026].model.schedule
    fyresdal = [
        (t.body.value, t.date.isoformat() if t.date else None)
        for t in schedule
        if t.party == "fyresdal"
    ]
    assert fyresdal == [("executive_committee", "2026-01-28"), ("municipal_council", "2026-02-19")]
    fyresdal_party = files.pilot.model.party("fyresdal")
    assert fyresdal_party is not None and fyresdal_party.case_document is not None
    assert fyresdal_party.case_document.chief_executive_name == "Ulf Pedersen"


def test_draft_residue_and_ocr_damage_are_not_content() -> None:
    for name in ("vestre-varanger", "innlandet"):
        text = "\n".join(p.read_text(encoding="utf-8") for p in (PILOTS / name).glob("*.yaml"))
        for residue in (
            "Kommentert [",
            "formaterte:",
            "Skriftfarge",
            " & ",
            "¢",
            "Igsning",
            "Valer kommune",
            "Amot kommune",
        ):
            assert residue not in text, (name, residue)
    varanger = _pilot("vestre-varanger")
    assert varanger.pilot.model.agreement.state.value == "draft"
    assert [p.ref for p in varanger.agreement.model.open_points if p.ref] == [
        "AB1",
        "AB2",
        "AB3",
        "AB4",
        "AB5",
    ]
    assert "Våler" in (PILOTS / "innlandet" / "pilot.yaml").read_text(encoding="utf-8")


def test_every_file_kind_has_a_bundled_example() -> None:
    kinds = {
        file_kind(p.relative_to(p.parent.parent if p.parent.name == "plans" else p.parent))
        for p in BUNDLED
    }
    assert kinds == set(FILE_KINDS)
