"""The template's fixed sentences: who the partners are, who may be invited, the period.

Lists follow Norwegian punctuation: «A, B, C og D». Only the last comma-piece is split at
its last «og»/«eller» (so «Direktoratet for høyere utdanning og kompetanse» stays whole),
except where both sides are names («Karriere Innlandet og Fagskolen Innlandet»). A «- og»
is a shortened compound («arbeids- og inkluderingsbedrifter»), and «i Vestfold og Telemark»
is one place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from bygdevekst_cli.importer import matching

_PARTNERS = matching.pattern("sentences.partners")
_PARTNERS_COLON = matching.pattern("sentences.partners_colon")
_ITEM_END = matching.pattern("sentences.item_end")
_LIST_MARK = matching.pattern("sentences.list_mark")
_NAME_SEPARATOR = matching.pattern("sentences.name_separator")
_PARTNERS_LABEL = matching.pattern("sentences.partners_label")
_SENTENCE_END = re.compile(r"\.(?=\s|$)")
_INVITE = matching.pattern("sentences.invite")
_TRAILING = matching.pattern("sentences.trailing")
_LEADING = matching.pattern("sentences.leading")
REGIONS = matching.words("sentences.regions")
"""Place names with «og» or a comma in them: one name, never two list items."""
_PLACE = re.compile("|".join(re.escape(region) for region in REGIONS))
_AND = matching.text("sentences.and")
_JOIN = matching.pattern("sentences.join")
_NOT_AN_ACTOR = frozenset(matching.words("sentences.not_an_actor"))
_MUNICIPALITIES = matching.pattern("sentences.municipalities")
_KEEP = "\0"
_COMMA = "\1"

MONTHS = {name: number for number, name in enumerate(matching.words("sentences.months"), 1)}
_DATE = r"(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})"
_FROM_TO = matching.pattern("sentences.from_to", date=_DATE)
_UNTIL = matching.pattern("sentences.until", date=_DATE)
_END_ONLY = matching.pattern("sentences.end_only", date=_DATE)


@dataclass(frozen=True)
class Partners:
    names: list[str]
    municipalities: bool
    """Whether the agreement's municipalities are among the partners (avtalekommunane)."""


@dataclass(frozen=True)
class Period:
    start: dt.date | None
    end: dt.date
    start_note: str | None


def partners(text: str) -> Partners | None:
    """The partners named in a sub-goal's text, or None when its sentence is not there."""
    names = _after_colon(text)
    if names is None:
        found = _PARTNERS.search(" ".join(text.split()))
        if found is None:
            return None
        names = split_list(found[1])
    others = [name for name in names if not _MUNICIPALITIES.match(name)]
    return Partners(others, len(others) < len(names))


def _after_colon(text: str) -> list[str] | None:
    """The partners listed after «… omfattar:»: in the rest of its paragraph (up to the
    sentence's end; a table's row has none) or, when that is empty, in the bullet list right
    after it (``text`` as ``render_text`` gives it: paragraphs apart, bullets «- »)."""
    paragraphs = text.split("\n\n")
    for index, paragraph in enumerate(paragraphs):
        flat = " ".join(paragraph.split())
        lead = _PARTNERS_COLON.search(flat)
        if lead is None:
            continue
        rest = _SENTENCE_END.split(flat[lead.end() :], maxsplit=1)[0].strip()
        if rest:
            return split_list(rest)
        following = paragraphs[index + 1].split("\n") if index + 1 < len(paragraphs) else []
        if not following or not all(line.startswith("- ") for line in following):
            return None
        return [name for line in following for name in split_list(_ITEM_END.sub("", line[2:]))]
    return None


def invited(text: str) -> list[str]:
    """The actors the parties «may invite into the work, such as …»."""
    found = _INVITE.search(" ".join(text.split()))
    if found is None:
        return []
    names = split_list(_TRAILING.sub("", found[1]))
    return [name for name in names if name.lower() not in _NOT_AN_ACTOR]


def invite_sentence(text: str) -> re.Match[str] | None:
    return _INVITE.search(text)


def split_list(text: str) -> list[str]:
    """«A, B, C og D» → ``[A, B, C, D]``."""
    protected = _PLACE.sub(
        lambda m: m.group().replace(f" {_AND} ", f" {_KEEP} ").replace(", ", _COMMA), text
    )
    pieces = [_LEADING.sub("", piece.strip()) for piece in protected.split(",")]
    pieces = [piece for piece in pieces if piece]
    names: list[str] = []
    for index, piece in enumerate(pieces):
        names.extend(_split_piece(piece, last=index == len(pieces) - 1))
    restored = (name.replace(_KEEP, _AND).replace(_COMMA, ", ") for name in names)
    return [name.strip(" .") for name in restored if name.strip(" .")]


def cell_names(
    lines: tuple[str, ...], whole: Callable[[str], bool] = lambda name: False
) -> list[str]:
    """The names a cell lists: one per line (a bullet or number before each left out), and
    on a line apart by «;», «/» or «•», or as a sentence lists them («A, B og C»). A line or
    piece that ``whole`` knows as one name («Fyresdal og Nissedal næringsselskap») is kept
    whole."""
    names: list[str] = []
    for line in lines:
        line = _LIST_MARK.sub("", line).strip()
        if whole(line):
            names.append(line)
            continue
        for piece in _NAME_SEPARATOR.split(line):
            piece = _ITEM_END.sub("", piece).strip()
            names += [piece] if whole(piece) else split_list(piece)
    return names


def partners_row(cells: list[tuple[str, ...]]) -> str | None:
    """A table's row of a partners' label and the names beside it («Samarbeidspartar» |
    «Husbanken», «KS», one a line), each cell as its lines, as the template's sentence
    «Samarbeidspartar: Husbanken, KS» (None for any other row)."""
    filled = [lines for lines in cells if lines]
    if len(filled) != 2 or len(filled[0]) != 1:
        return None
    label = _PARTNERS_LABEL.match(filled[0][0])
    names = cell_names(filled[1])
    if label is None or not names:
        return None
    return f"{label[1]}: {', '.join(names)}"


def _split_piece(piece: str, *, last: bool) -> list[str]:
    joins = list(_JOIN.finditer(piece))
    if not joins:
        return [piece]
    if last:
        cut = joins[-1]
        return [*_split_piece(piece[: cut.start()], last=False), piece[cut.end() :]]
    for join in joins:
        before, after = piece[: join.start()], piece[join.end() :]
        if before[:1].isupper() and after[:1].isupper():
            return [before, *_split_piece(after, last=False)]
    return [piece]


def period(text: str) -> Period | None:
    """The agreement period from «Avtala skal gjelde …» (start may be a condition)."""
    flat = " ".join(text.split())
    try:
        if found := _FROM_TO.search(flat):
            return Period(_date(*found.groups()[:3]), _date(*found.groups()[3:]), None)
        if found := _UNTIL.search(flat):
            return Period(None, _date(*found.groups()[1:]), found[1])
        if found := _END_ONLY.search(flat):
            return Period(None, _date(*found.groups()), None)
    except ValueError:  # a date that does not exist («31. februar»)
        return None
    return None


def _date(day: str, month: str, year: str) -> dt.date:
    return dt.date(int(year), MONTHS[month.lower()], int(day))
