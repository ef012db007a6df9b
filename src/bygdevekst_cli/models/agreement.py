"""``agreement.yaml``: the agreement's chapters and its sub-goals (delmål)."""

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from bygdevekst_cli.models.base import Model, Versioned, empty_list
from bygdevekst_cli.models.indicators import Indicator
from bygdevekst_cli.models.links import Link
from bygdevekst_cli.models.meta import Meta, Ref, Unit
from bygdevekst_cli.types import Date, Flag, Id, Percent, Text


class ChapterKind(StrEnum):
    """The chapters of KDD's agreement template, in their usual order."""

    BACKGROUND = "background"
    MAIN_PARTIES = "main_parties"
    OTHER_ACTORS = "other_actors"
    PURPOSE = "purpose"
    ANCHORING = "anchoring"
    SUB_GOALS = "sub_goals"
    FOLLOW_UP = "follow_up"


_COMPARED = Meta(compared=True)


class Chapter(Model):
    kind: Annotated[ChapterKind, Meta(key=True)]
    number: Annotated[Text, _COMPARED]
    title: Annotated[Text, _COMPARED]
    text: Annotated[Text, Meta(compared=True, label="field.text")]


class SubGoal(Model):
    """A sub-goal (delmål) with its partners and the parties' commitments."""

    number: Annotated[int, Meta(key=True)] = Field(ge=1, strict=True)
    section: Annotated[Text | None, _COMPARED] = None
    title: Annotated[Text, Meta(compared=True)]
    weight: Annotated[Percent | None, Meta(compared=True, unit=Unit.PERCENT)] = None
    includes_municipalities: Annotated[Flag, _COMPARED] = True
    partners: Annotated[list[Id], Meta(compared=True, ref=Ref.PARTY)] = Field(
        default_factory=empty_list
    )
    may_invite: Annotated[list[Text], _COMPARED] = Field(default_factory=empty_list)
    text: Annotated[Text, _COMPARED]
    indicators: Annotated[list[Indicator], Meta(compared=True, label="doc.indicators.heading")] = (
        Field(default_factory=empty_list)
    )


class Signature(Model):
    party: Annotated[Id, Meta(key=True, ref=Ref.PARTY)]
    decision_date: Annotated[Date | None, _COMPARED] = None


class OpenPoint(Model):
    """An open point in a draft (a reviewer's comment), kept beside the text, not in it."""

    ref: Annotated[Text | None, _COMPARED] = None
    chapter: Annotated[Text | None, _COMPARED] = None
    text: Annotated[Text, _COMPARED]


class Agreement(Versioned):
    """The rural growth agreement (bygdevekstavtale)."""

    title: Annotated[Text | None, _COMPARED] = None
    links: Annotated[list[Link], Meta(compared=True, label="doc.measures2.links")] = Field(
        default_factory=empty_list
    )
    chapters: Annotated[list[Chapter], _COMPARED] = Field(min_length=1)
    sub_goals: Annotated[list[SubGoal], Meta(compared=True, label="field.sub_goal")] = Field(
        min_length=1
    )
    signatures: Annotated[list[Signature], _COMPARED] = Field(default_factory=empty_list)
    open_points: Annotated[list[OpenPoint], _COMPARED] = Field(default_factory=empty_list)

    def sub_goal(self, number: int) -> SubGoal | None:
        return next((g for g in self.sub_goals if g.number == number), None)
