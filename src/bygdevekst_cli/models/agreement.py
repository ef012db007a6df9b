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


class Chapter(Model):
    kind: ChapterKind
    number: Text
    title: Text
    text: Text


class SubGoal(Model):
    """A sub-goal (delmål) with its partners and the parties' commitments."""

    number: Annotated[int, Meta(key=True)] = Field(ge=1, strict=True)
    section: Text | None = None
    title: Annotated[Text, Meta(compared=True)]
    weight: Annotated[Percent | None, Meta(compared=True, unit=Unit.PERCENT)] = None
    includes_municipalities: Flag = True
    partners: Annotated[list[Id], Meta(compared=True, ref=Ref.PARTY)] = Field(
        default_factory=empty_list
    )
    may_invite: list[Text] = Field(default_factory=empty_list)
    text: Text
    indicators: Annotated[list[Indicator], Meta(compared=True, label="doc.indicators.heading")] = (
        Field(default_factory=empty_list)
    )


class Signature(Model):
    party: Annotated[Id, Meta(key=True, ref=Ref.PARTY)]
    decision_date: Date | None = None


class OpenPoint(Model):
    """An open point in a draft (a reviewer's comment), kept beside the text, not in it."""

    ref: Text | None = None
    chapter: Text | None = None
    text: Text


class Agreement(Versioned):
    """The rural growth agreement (bygdevekstavtale)."""

    title: Text | None = None
    links: Annotated[list[Link], Meta(compared=True, label="doc.measures2.links")] = Field(
        default_factory=empty_list
    )
    chapters: list[Chapter] = Field(min_length=1)
    sub_goals: Annotated[list[SubGoal], Meta(compared=True, label="field.sub_goal")] = Field(
        min_length=1
    )
    signatures: list[Signature] = Field(default_factory=empty_list)
    open_points: list[OpenPoint] = Field(default_factory=empty_list)

    def sub_goal(self, number: int) -> SubGoal | None:
        return next((g for g in self.sub_goals if g.number == number), None)
