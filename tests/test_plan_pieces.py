"""Reading plan versions piece by piece gives exactly what reading them whole gives, and
anything out of the ordinary is left to the whole-file reader."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bygdevekst_cli.models import ActionPlan, file_kind
from bygdevekst_cli.pilotset import read_document
from bygdevekst_cli.plan_pieces import PlanPieces, split_items, split_top_level
from tests.helpers import MINIMAL, REPO

PLANS = sorted([*REPO.glob("pilots/*/plans/*.yaml"), MINIMAL / "plans" / "2026.yaml"])
TEXT = (MINIMAL / "plans" / "2026.yaml").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Bytes:
    raw: bytes

    def yaml_files(self) -> list[str]:
        return ["plans/2026.yaml"]

    def read(self, relative: str) -> bytes:
        return self.raw


def whole(raw: bytes) -> ActionPlan | None:
    """The plan as ``validate`` reads it."""
    kind = file_kind(Path("plans/2026.yaml"))
    assert kind is not None
    document, _ = read_document(Bytes(raw), "plans/2026.yaml", "plan", kind)
    return document.model if document is not None else None


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_pieces_give_the_same_plan_as_the_whole_file(plan: Path) -> None:
    raw = plan.read_bytes()
    fast = PlanPieces().parse(raw)
    assert fast is not None
    assert fast == whole(raw)


def test_comments_and_blank_lines_between_measures_change_nothing() -> None:
    text = TEXT.replace('\n  - id: "2.1"', '\n\n  # næring\n  - id: "2.1"')
    assert PlanPieces().parse(text.encode()) == whole(TEXT.encode())


def test_an_unchanged_measure_is_the_same_object_in_the_next_version() -> None:
    pieces = PlanPieces()
    first = pieces.parse(TEXT.encode())
    second = pieces.parse(
        TEXT.replace("state_measure_funds: 300000", "state_measure_funds: 1").encode()
    )
    assert first is not None and second is not None
    assert first.measures[0] is not second.measures[0]  # 1.1 changed
    assert first.measures[1] is second.measures[1]  # 2.1 did not


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("# yaml-language-server", "\ufeff# yaml-language-server"),  # a byte order mark
        ("\nyear: 2026", "\n---\nyear: 2026"),  # a document marker
        ("\nyear: 2026", "\n%YAML 1.2\n---\nyear: 2026"),  # a directive
        ("\nyear: 2026", "\nyear: 2026\nyear: 2026"),  # a key twice
        ("\nyear: 2026", '\n"year": 2026'),  # a quoted key
        ("status:\n  sub_goals:", "status: &s\n  sub_goals:"),  # an anchor
        ("    number: 1\n    title: Kart", "    number: 1\n    number: 1\n    title: Kart"),
        ("end_year: 2027\n    status: ongoing", "end_year: 2027\n    status: done"),
        ("end_year: 2027\n", "end_year: 2027\n\tx: 1\n"),  # a tab
    ],
)
def test_anything_unusual_is_left_to_the_whole_file_reader(old: str, new: str) -> None:
    assert TEXT.count(old) == 1
    assert PlanPieces().parse(TEXT.replace(old, new).encode()) is None


def test_a_file_too_large_for_the_reader_is_too_large_here() -> None:
    padding = "#" * 100 + "\n"
    huge = TEXT + padding * (1024 * 1024 // len(padding) + 1)
    assert PlanPieces().parse(huge.encode()) is None
    assert whole(huge.encode()) is None


def test_flow_style_and_empty_measures() -> None:
    flow = (
        'year: 2026\nmeasures: [{id: "1.1", sub_goal: 1, number: 1, title: T, status: planned}]\n'
    )
    assert split_items(split_top_level(flow)[1][1]) is None
    assert PlanPieces().parse(flow.encode()) is None  # read whole instead
    assert PlanPieces().parse(b"year: 2026\nmeasures: []\n") == whole(b"year: 2026\nmeasures: []\n")


BLOCK_SCALARS = [
    # a block scalar that ends a measure's field, a measure, and a top-level block: the
    # line break that ends it belongs to its value
    ("    title: Nettverk for næringane\n", "    title: Nettverk for næringane\n"
     "    description: |\n      Første linje.\n      Andre linje.\n"),
    ("        state_measure_funds: 600000\nstatus:", "        state_measure_funds: 600000\n"
     "    change_reason: |\n      Grunn.\nstatus:"),
    ("  overall: Året har gått som planlagt.\n", "  overall: |\n    Året har gått.\n"),
    ("    title: Kartlegging av bustadbehov\n", "    title: >\n      Kartlegging\n"
     "      av bustadbehov\n\n"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new"), BLOCK_SCALARS)
def test_a_block_scalar_at_the_end_of_a_piece_reads_as_in_the_whole_file(
    old: str, new: str
) -> None:
    assert TEXT.count(old) == 1
    raw = TEXT.replace(old, new).encode()
    fast = PlanPieces().parse(raw)
    assert fast is not None
    assert fast == whole(raw)


@pytest.mark.parametrize(
    ("old", "new", "pieces"),
    [
        ("    number: 1\n    title: Kart", "    number: 1\n    # tittel\n\n    title: Kart", True),
        ('  - id: "1.1"\n', '  - # første\n    id: "1.1"\n', True),  # this measure read whole
        ("    partners: [husbanken]\n", "    partners:\n      - husbanken\n", True),
        ("    partners: [husbanken]\n", "    partners: [\n      husbanken]\n", True),
        # left to the whole-file reader: the dash on a line of its own, an alias across fields
        ('  - id: "1.1"\n', '  -\n    id: "1.1"\n', False),
        (
            "    responsible: fyresdal\n",
            "    responsible: &r fyresdal\n    partners: [*r]\n",
            False,
        ),
    ],
)
def test_measures_read_field_by_field_give_what_the_whole_file_gives(
    old: str, new: str, pieces: bool
) -> None:
    assert TEXT.count(old) == 1
    raw = TEXT.replace(old, new).encode()
    fast = PlanPieces().parse(raw)
    if pieces:
        assert fast is not None
        assert fast == whole(raw)
    else:
        assert fast is None


def test_a_changed_field_is_read_again_and_the_others_are_not() -> None:
    pieces = PlanPieces()
    pieces.parse(TEXT.encode())
    known = set(pieces.fields)
    changed = TEXT.replace("state_measure_funds: 300000", "state_measure_funds: 1")
    assert pieces.parse(changed.encode()) == whole(changed.encode())
    assert len(set(pieces.fields) - known) == 1  # only 1.1's budget


def test_a_plan_of_a_history_is_put_together_from_its_pieces() -> None:
    """A validator of the plan's class (a ``field_validator`` on a base class counts) makes
    every plan of a history be validated whole, a tenth more work for a cold history:
    validators of one field belong in the field's type (``BeforeValidator``)."""
    from bygdevekst_cli import plan_pieces

    assert plan_pieces._COMPOSABLE
