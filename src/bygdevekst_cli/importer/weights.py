"""A sub-goal's weight as agreements write it: after its title («Delmål 1 Bustad (vekt 60 %)»,
«… – 20 pst.») or on a line of its own in its text («Vekting: 0,6»), in per cent
(«30 %», «30%», «30 prosent», «30 pst.») or as a share («0,3»). A weight of more decimals
than a percentage holds (``PERCENT_PLACES``: «33,333 %», «0,12345») is not rounded: it is
left out and said to be."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pydantic_core import PydanticCustomError

from bygdevekst_cli.importer import matching
from bygdevekst_cli.types import percent_value

_IN_TITLE = matching.pattern("weights.in_title")
_LINE = matching.pattern("weights.line")
_PERCENT = matching.pattern("weights.percent")
_HUNDRED = 100


@dataclass(frozen=True)
class Weight:
    text: str
    """The weight as written («60 %», «0,6»), for messages."""
    percent: int | Decimal | None
    """Per cent as the model holds it (``60``, ``Decimal("12.5")``), or None when it is no
    percentage (33,333 %, 1,2)."""
    labelled: bool = True
    """Named a weight («vekt 60 %», «Vekting: 0,6»), not only a share after a title."""


def in_title(title: str) -> tuple[str, Weight | None]:
    """The title without the weight written after it, and that weight (if one is)."""
    found = _IN_TITLE.search(title)
    if found is None or found.start() == 0:
        return title, None
    return title[: found.start()].rstrip(), _weight(found["weight"], bool(found["label"]))


def on_line(text: str) -> Weight | None:
    """The weight a paragraph of its own gives («Vekt: 60 %», «Vekting: 0,6»), if it does."""
    found = _LINE.match(text.strip())
    return _weight(found["weight"]) if found is not None else None


def _weight(text: str, labelled: bool = True) -> Weight:
    """A weight as written: «60 %», «60 prosent» in per cent, «0,6» a share of the whole."""
    text = " ".join(text.split())
    number = _PERCENT.sub("", text).strip().replace(",", ".")
    try:
        value = Decimal(number)
    except InvalidOperation:
        return Weight(text, None, labelled)
    in_percent = number != text.replace(",", ".")
    return Weight(text, _percent(value if in_percent else value * _HUNDRED), labelled)


def _percent(value: Decimal) -> int | Decimal | None:
    """``value`` as the model's percentage, or None when it is none (``percent_value``: the
    one rule of what a percentage may be)."""
    try:
        found: int | Decimal = percent_value(value)
    except PydanticCustomError:
        return None
    return found


def ends_with_weight(title: str) -> bool:
    """Whether a title ends with its weight (a heading, though «pst.» ends with a point)."""
    return _IN_TITLE.search(title) is not None
