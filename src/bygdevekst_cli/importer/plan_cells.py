"""What an action plan's cell says, read alone: a measure's or sub-goal's number, the
sub-goals a «Delmål» cell names, a group's heading row, and a cell as the sheet shows it
(``import plan``)."""

from __future__ import annotations

import re

from bygdevekst_cli.importer import matching
from bygdevekst_cli.importer.headings import named_goal
from bygdevekst_cli.importer.tables import Cell, Row

NUMBER = re.compile(r"^(\d{1,2})[.,](\d{1,3})\.?$")
"""A measure's number «1.2», or «1,2» as Norwegian Excel writes the number 1.2 in a CSV file."""
LABELLED_NUMBER = matching.pattern("plan.labelled_number")


def column_letter(position: int) -> str:
    """A spreadsheet's name for the column at ``position`` (0-based): A, …, Z, AA, …"""
    letters = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def shown_cell(row: Row, position: int) -> str:
    """The cell at ``position`` as the sheet shows it («35 %»), for messages."""
    return row.shown.get(position, str(row.cells[position]))


def goal_heading(row: Row) -> int | None:
    """The sub-goal a row names when it is a group's heading: its one cell «Delmål 2: …»."""
    filled = [cell for cell in row.cells if cell is not None]
    if len(filled) != 1 or not isinstance(filled[0], str):
        return None
    return named_goal(filled[0])


def numeral(value: Cell) -> bool:
    """Whether a cell reads as a measure's or sub-goal's number («3», «1.2»), not as text."""
    text = str(value).strip()
    return isinstance(value, (int, float)) or text.isdigit() or bool(NUMBER.match(text))


def norm(text: object) -> str:
    return " ".join(str(text).lower().replace("\n", " ").split()).strip(" :")


_FIRST_INT = re.compile(r"(?<!\d)\d{1,3}(?!\d)")
_SUB_GOALS = matching.pattern("plan.sub_goals")
_GOAL_PART = matching.pattern("plan.sub_goal_part")


def sub_goals(text: str) -> list[int]:
    """The sub-goals a «Delmål» cell names, in order: «2», «Delmål 2: …» → [2]; «1 og 2»,
    «1, 2», «1 + 2», «delmål 1 og delmål 2», «1/2» → [1, 2]; «1–3» → [1, 2, 3]. A cell whose
    first number is not a list of them gives that number alone, as before. A number with
    a part after it («2a», «2 a)», «2.1») names no sub-goal exactly: none is given (never
    the neighbour 2)."""
    listed = _SUB_GOALS.match(text)
    if listed is None or not listed[1]:
        first = _FIRST_INT.search(text)
        if first is None or _GOAL_PART.match(text, first.end()):
            return []
        return [int(first.group())]
    if _GOAL_PART.match(text, listed.end(1)):
        return []
    goals: list[int] = []
    tokens = re.findall(r"\d+|[-–]", listed[1])
    for index, token in enumerate(tokens):
        if not token.isdigit():
            continue
        number = int(token)
        if index and tokens[index - 1] in "-–" and goals and goals[-1] < number:
            goals += range(goals[-1] + 1, number)  # «1–3»: 1, 2 and 3
        goals.append(number)
    return list(dict.fromkeys(goals))
