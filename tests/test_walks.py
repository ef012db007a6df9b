"""The walks that carry YAML paths, read from the model's metadata — tested with a small model
of the test's own, so they do not depend on what the real models annotate."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from bygdevekst_cli.models.meta import Meta, Ref
from bygdevekst_cli.textwalk import Reference, objects, ref_from_meta, references, texts, walk


class Step(BaseModel):
    id: str
    owner: Annotated[str | None, Meta(ref=Ref.PARTY)] = None
    helpers: Annotated[list[str], Meta(ref=Ref.PARTY)] = Field(default_factory=list)
    after: Annotated[str | None, Meta(ref=Ref.MEASURE)] = None
    note: Annotated[str | None, Meta(prose=True)] = None
    label: str | None = None


class Route(BaseModel):
    goal: Annotated[int, Meta(ref=Ref.SUB_GOAL)]
    steps: list[Step] = Field(default_factory=list)
    by_town: Annotated[dict[str, str], Meta(ref=Ref.MUNICIPALITY)] = Field(default_factory=dict)
    summary: Annotated[str | None, Meta(prose=True)] = None


ROUTE = Route(
    goal=2,
    steps=[
        Step(id="a", owner="kdd", helpers=["fyresdal", "nissedal"], note="Ein tekst."),
        Step(id="b", after="a", label="B"),
    ],
    by_town={"tokke": "Vurdering."},
    summary="Samla.",
)


def test_references_follow_the_metadata_with_their_paths() -> None:
    assert references(ROUTE) == [
        Reference(("goal",), 2, Ref.SUB_GOAL),
        Reference(("steps", 0, "owner"), "kdd", Ref.PARTY),
        Reference(("steps", 0, "helpers", 0), "fyresdal", Ref.PARTY),
        Reference(("steps", 0, "helpers", 1), "nissedal", Ref.PARTY),
        Reference(("steps", 1, "after"), "a", Ref.MEASURE),
        Reference(("by_town", "tokke"), "tokke", Ref.MUNICIPALITY, key=True),
    ]


def test_a_field_without_a_ref_is_not_a_reference() -> None:
    assert all(r.path[-1] != "label" and r.path[-1] != "id" for r in references(ROUTE))


def test_objects_carry_their_paths() -> None:
    assert [(path, step.id) for path, step in objects(ROUTE, Step)] == [
        (("steps", 0), "a"),
        (("steps", 1), "b"),
    ]


def test_an_object_in_a_plain_field_is_found_too() -> None:
    class Trip(BaseModel):
        route: Route
        spare: Step | None = None

    trip = Trip(route=ROUTE, spare=Step(id="c"))
    found = [(path, step.id) for path, step in objects(trip, Step)]
    assert found == [(("route", "steps", 0), "a"), (("route", "steps", 1), "b"), (("spare",), "c")]
    assert [path for path, _ in objects(trip, Route)] == [("route",)]


def test_prose_is_what_the_metadata_says() -> None:
    prose = {path: text for path, text, is_prose in texts(ROUTE) if is_prose}
    plain = {path: text for path, text, is_prose in texts(ROUTE) if not is_prose}
    # a map's values are prose only when their own type says so (by_town's are plain str)
    assert prose == {("steps", 0, "note"): "Ein tekst.", ("summary",): "Samla."}
    assert plain[("by_town", "tokke")] == "Vurdering."
    assert plain[("steps", 1, "label")] == "B"


def test_the_reference_rule_reads_the_models_metadata_alone() -> None:
    """No side table: a field is a reference exactly when its Meta says so."""

    class Measure(BaseModel):
        responsible: Annotated[str, Meta(ref=Ref.MUNICIPALITY)]
        partners: list[str] = Field(default_factory=list)
        parent: Annotated[str | None, Meta(ref=Ref.MEASURE)] = None

    assert ref_from_meta(Measure, "responsible") is Ref.MUNICIPALITY
    assert ref_from_meta(Measure, "parent") is Ref.MEASURE
    assert ref_from_meta(Measure, "partners") is None
    found = references(Measure(responsible="tokke", partners=["x"], parent="t1"))
    assert [(r.path, r.value, r.ref) for r in found] == [
        (("responsible",), "tokke", Ref.MUNICIPALITY),
        (("parent",), "t1", Ref.MEASURE),
    ]


class Colour(StrEnum):
    RED = "red"


class Leg(BaseModel):
    step: Step
    colour: Colour = Colour.RED
    stops: dict[str, list[Step]] = Field(default_factory=dict)
    day: dt.date | None = None
    shares: Annotated[dict[str, int], Meta(ref=Ref.MUNICIPALITY)] = Field(default_factory=dict)


class Journey(BaseModel):
    route: Route
    legs: list[Leg] = Field(default_factory=list)
    lead: Annotated[str | int | None, Meta(ref=Ref.PARTY)] = None
    spare: Step | None = None


def _one_walk_and_three(journey: Journey) -> None:
    walked = walk(journey)
    assert walked.texts == texts(journey)
    assert walked.objects == objects(journey, BaseModel)
    assert walked.references == references(journey)


def test_the_one_walk_finds_what_the_three_walks_find() -> None:
    """``walk`` settles the common values (None, a plain string, a leaf, a plain list or
    map, an object of a class walked before) in quick ways of its own: what it finds must be
    what the general walks find, on every shape of value a field can hold."""
    leg = Leg(
        step=Step(id="s", owner="kdd", helpers=["tokke"], note="Notat."),
        stops={"x": [Step(id="t", after="s"), Step(id="u")], "y": []},
        day=dt.date(2026, 5, 1),
        shares={"tokke": 40, "vinje": 60},
    )
    _one_walk_and_three(Journey(route=ROUTE, legs=[leg, Leg(step=Step(id="v"))], lead=7))
    _one_walk_and_three(Journey(route=ROUTE, lead="fyresdal", spare=Step(id="w", label="W")))
    assert walk(Journey(route=ROUTE, lead=7)).references[-1] == Reference(("lead",), 7, Ref.PARTY)


def test_the_one_walk_takes_values_its_class_does_not_expect() -> None:
    """A model built without validation can hold anything anywhere: ``walk`` passes what
    it does not expect to the general case, and finds what the three walks find."""
    odd = Journey.model_construct(
        route=Route.model_construct(goal="2", steps=[Step.model_construct(id=3, note=["a", "b"])]),
        legs=[Leg.model_construct(step=Step(id="s"), colour="blue", stops={}, shares=["x"])],
        lead=["kdd", 4, True],
        spare=None,
    )
    _one_walk_and_three(odd)
    assert Reference(("lead", 1), 4, Ref.PARTY) in walk(odd).references


def test_a_code_from_a_fixed_list_is_no_text() -> None:
    """An enum's member (``colour: red``, ``body: municipal_council``) is a code the schema
    has checked, not text anyone writes in a written standard: no rule on texts sees it,
    and the walk does not stop at it."""
    leg = Leg(step=Step(id="s", note="Notat."), colour=Colour.RED)
    found = [value for _, value, _ in texts(leg)]
    assert found == ["s", "Notat."]
    assert [value for _, value, _ in walk(leg).texts] == found
