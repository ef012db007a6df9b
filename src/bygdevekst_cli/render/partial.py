"""Budget amounts written as not known (``own_funds: null``), as the documents sum them.

A funding source left out of a year's budget is no money from it; one written with no
amount (``null``, ``~``) is money expected from it whose amount is not known. The documents
never count such an amount as 0: the source's cell reads «ikkje kjent», and a sum over it
reads «minst …» (as the sums of contributions in kind do), or «ikkje kjent» when nothing of
it is known. ``AtLeast`` is such a sum; adding to it keeps it one, so the tables' totals
(``views``) and the case's economy (``economy``) stay partial wherever one of their amounts
is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bygdevekst_cli import formatting
from bygdevekst_cli.language import words

if TYPE_CHECKING:
    from bygdevekst_cli.models.plan import BudgetYear, FundingSource


@dataclass(frozen=True, slots=True)
class AtLeast:
    """A sum of which some amounts are not known: at least ``known`` (None: none known)."""

    known: int | None = None

    def __add__(self, other: int | AtLeast | None) -> AtLeast:
        more = other.known if isinstance(other, AtLeast) else other
        if more is None:
            return self
        return AtLeast((self.known or 0) + more)

    __radd__ = __add__


Amount = int | AtLeast
"""A budget figure in a document: known, or partly (``AtLeast``)."""


def add(total: Amount | None, amount: Amount | None) -> Amount | None:
    """``total`` and ``amount``, either of which may be missing (None): a sum that starts
    from nothing, not from 0 (a partial sum of nothing known stays «ikkje kjent»)."""
    if total is None:
        return amount
    return total if amount is None else total + amount


def sum_of(amounts: Iterable[Amount | None]) -> Amount:
    """The sum of the amounts given (0 for none), partial when one of them is."""
    found: Amount | None = None
    for amount in amounts:
        found = add(found, amount)
    return 0 if found is None else found


def year_total(budget: BudgetYear) -> Amount:
    """The year's budget of one measure: its known amounts' sum, partial when a source is
    written without an amount."""
    if not budget.unknown_sources():
        return budget.total
    return AtLeast(budget.total if any(True for _ in budget.amounts()) else None)


def source_amount(budget: BudgetYear, source: FundingSource) -> Amount | None:
    """One source's amount in the year: None when the budget names none, ``AtLeast()``
    when it names the source without an amount."""
    amount = budget.amount(source)
    if amount is None and source in budget.unknown_sources():
        return AtLeast()
    return amount


def kroner(amount: Amount, language: str) -> str:
    """An amount in kroner as ``formatting.kroner`` writes it; a partial sum as «minst …»,
    one with nothing known as «ikkje kjent»."""
    return written(amount, lambda known: formatting.kroner(known, language), language)


def figure(amount: Amount, language: str) -> str:
    """A count (hours of work in kind) in digits as ``formatting.number`` writes it; a
    partial sum as «minst …», one with nothing known as «ikkje kjent»."""
    return written(amount, lambda known: formatting.number(known, language), language)


def written(amount: Amount, known_as: Callable[[int], str], language: str) -> str:
    """``amount`` as ``known_as`` writes a known figure, in the words of a partial one."""
    if not isinstance(amount, AtLeast):
        return known_as(amount)
    w = words(language)
    if amount.known is None:
        return w("doc.money.amount_not_known")
    return w("doc.money.at_least", value=known_as(amount.known))
