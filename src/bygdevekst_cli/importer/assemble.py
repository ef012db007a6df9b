"""From the parsed template to the data of pilot.yaml and agreement.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.importer import matching, sentences, weights
from bygdevekst_cli.importer.blocks import Block, Kind
from bygdevekst_cli.importer.dates import DATE, day_of
from bygdevekst_cli.importer.messages import Unplaced
from bygdevekst_cli.importer.parties import PartyBook, PartyEntry, mentions
from bygdevekst_cli.importer.structure import GoalPart, OpenPointPart, Parsed, render_text
from bygdevekst_cli.language import cli_words, words
from bygdevekst_cli.models import Language
from bygdevekst_cli.models.agreement import ChapterKind
from bygdevekst_cli.models.pilot import PartyKind, PartyRole
from bygdevekst_cli.municipalities import register
from bygdevekst_cli.types import plain_percent

_MAIN_LIST = matching.pattern("assemble.main_list")
_CONCLUDED = matching.pattern("assemble.concluded_between")
_PREAMBLE_BETWEEN = matching.pattern("assemble.preamble_between")
_PILOT_TITLE = matching.pattern("assemble.pilot_title")
_PILOT_NAME = matching.pattern("assemble.pilot_name")
_SECOND_COHORT = matching.pattern("assemble.second_cohort")
_PARTNER_HEADING = matching.pattern("assemble.partner_heading")
_TABLE_HEAD = matching.pattern("assemble.table_head")
_FURNITURE = matching.pattern("assemble.signature_furniture")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_WHITE_PAPER = matching.text("assemble.white_paper")
_TITLE = matching.pattern("assemble.title")
_PARTY_NAME = matching.pattern("assemble.party_name")
_PARTY_HEAD = matching.pattern("assemble.party_head")
_COUNTY_HINT = matching.pattern("assemble.county_hint")
_NAME_ENDS = matching.pattern("assemble.name_ends")
_ACTOR_VERB = matching.pattern("assemble.actor_verb")
_MUNICIPALITY_SUFFIX = matching.text("parties.municipality_suffix")
_SHOWN_HEADINGS = 6
_TITLE_LENGTH = 120
_EXCERPT = 300
"""Characters of unplaced text kept in the report (the source has the rest)."""


@dataclass
class Imported:
    pilot: dict[str, Any]
    agreement: dict[str, Any]
    unplaced: list[Unplaced] = field(default_factory=list)
    """What the importer found but could not place."""
    guesses: list[str] = field(default_factory=list)
    """What it had to assume (the agreement's state, a missing period)."""


@dataclass
class _Context:
    parsed: Parsed
    language: Language
    book: PartyBook
    display: str
    unplaced: list[Unplaced] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)


def assemble(
    parsed: Parsed,
    language: Language,
    display: str,
    *,
    pilot_id: str,
    name: str | None = None,
    cohort: int | None = None,
) -> Imported:
    say = cli_words()
    if not parsed.chapters:
        raise UserError(say("cli.import.no_chapters", file=display, seen=_seen(parsed)))
    if not parsed.goals:
        raise UserError(say("cli.import.no_goals", file=display, seen=_seen(parsed)))
    text = "\n".join(_all_text(parsed))
    context = _Context(parsed, language, PartyBook(text), display)
    context.book.county = _county_hint(text)
    _main_parties(context)
    _special_actors(context)
    weighted = _weights(context, parsed.goals)
    goals = [_goal(context, goal, weighted.get(goal.number)) for goal in parsed.goals]
    _mentioned(context)
    agreement = _agreement(context, goals)
    pilot = _pilot(context, text, pilot_id, name, cohort)
    unplaced = [*context.book.unplaced, *context.unplaced]
    return Imported(pilot, agreement, unplaced, context.guesses)


def _seen(parsed: Parsed) -> str:
    """The first headings the parser saw, to show where the structure was lost."""
    heads = [b.text for b in parsed.preamble if b.kind is Kind.HEADING]
    heads += [c.title for c in parsed.chapters]
    for chapter in parsed.chapters:
        heads += [b.text for b in chapter.blocks if b.kind is Kind.HEADING]
    shown = "; ".join(f"«{h[:60]}»" for h in heads[:_SHOWN_HEADINGS])
    return shown or cli_words()("cli.import.no_headings")


def _all_text(parsed: Parsed) -> list[str]:
    texts = [block.text for block in parsed.preamble]
    for chapter in parsed.chapters:
        texts += [chapter.title, *(block.text for block in chapter.blocks)]
    for goal in parsed.goals:
        texts += [goal.title, *(block.text for block in goal.blocks)]
    return texts + [block.text for block in parsed.signatures]


def _county_hint(text: str) -> str | None:
    found = _COUNTY_HINT.search(text)
    return found[1] if found and found[1] in register().counties else None


# --- parties --------------------------------------------------------------------------


def _main_parties(context: _Context) -> None:
    """The bullet list after «Hovudpartar i denne avtala er:», taken out of the chapter text
    (or a parties' table, or the sentence «Avtala er inngått mellom A, B og C.»)."""
    chapter = context.parsed.chapter(ChapterKind.MAIN_PARTIES)
    if chapter is None:
        context.unplaced.append(Unplaced("no_main_chapter"))
        return
    bullets = (
        _take_list(chapter.blocks)
        or _take_table(context, chapter.blocks)
        or _concluded_between(chapter.blocks)
        or _between_on_title_page(context.parsed.preamble)
    )
    if not bullets and _main_from_signatures(context, chapter.number):
        return
    if not bullets:
        context.unplaced.append(Unplaced("no_main_list", number=chapter.number, line=chapter.line))
        return
    for bullet in bullets:  # the county first: it tells Våler in Innlandet from Våler in Østfold
        if re.search(r"(?i)fylkeskommune", bullet.text) and context.book.county is None:
            context.book.county = bullet.text.split()[0]
    for bullet in bullets:
        if bullet.cells:
            _table_party(context, bullet.cells)
        else:
            _main_party(context, bullet.text)


def _main_from_signatures(context: _Context, chapter: str | None) -> bool:
    """The main parties as those who sign, where the chapter on them lists none (a
    signature block is the list): said as assumed, since the chapter does not say so."""
    names = [name for _, _, name, _ in _signature_lines(context) if _PARTY_NAME.search(name)]
    if not names:
        return False
    for name in names:
        _main_party(context, name)
    say = cli_words(context.language.value)
    parties = ", ".join(dict.fromkeys(names))
    context.guesses.append(say("cli.import.guess_main_signed", parties=parties, number=chapter))
    return True


def _take_list(blocks: list[Block]) -> list[Block]:
    for index, block in enumerate(blocks):
        if block.kind is Kind.PARAGRAPH and _MAIN_LIST.search(block.text):
            end = index + 1
            while end < len(blocks) and blocks[end].kind is Kind.BULLET:
                end += 1
            bullets = blocks[index + 1 : end]
            del blocks[index:end]
            return bullets
    return []


def _concluded_between(blocks: list[Block]) -> list[Block]:
    """The parties a sentence names as those the agreement is made between («Avtala er
    inngått mellom Fyresdal kommune, … og Kommunal- og distriktsdepartementet.»), one
    bullet each; the sentence stays in the chapter's text (it is the text)."""
    for block in blocks:
        found = _CONCLUDED.search(" ".join(block.text.split()))
        if block.kind is Kind.PARAGRAPH and found is not None:
            return [Block(Kind.BULLET, name, block.line) for name in sentences.split_list(found[1])]
    return []


def _between_on_title_page(preamble: list[Block]) -> list[Block]:
    """The parties a title page names before chapter 1 («Mellom A, B og C»), one bullet
    each, where every name is a party's; the line is taken out of what is not placed."""
    for block in preamble:
        found = _PREAMBLE_BETWEEN.match(" ".join(block.text.split()))
        if block.kind is Kind.HEADING or found is None:
            continue
        names = sentences.split_list(found[1])
        if len(names) > 1 and all(_PARTY_NAME.search(name) for name in names):
            preamble.remove(block)
            return [Block(Kind.BULLET, name, block.line) for name in names]
    return []


def _take_table(context: _Context, blocks: list[Block]) -> list[Block]:
    """The rows of a parties table («Part | Rolle»): one party per row, the header skipped."""
    rows = [block for block in blocks if block.cells]
    parties = [row for row in rows if _PARTY_NAME.search(row.cells[0])]
    for row in rows:
        blocks.remove(row)
        if row not in parties and not _PARTY_HEAD.match(row.cells[0]):
            context.unplaced.append(Unplaced("party_row", row.text, line=row.line))
    return [
        Block(Kind.BULLET, " ".join(c for c in row.cells if c), row.line, cells=row.cells)
        for row in parties
    ]


def _table_party(context: _Context, cells: tuple[str, ...]) -> None:
    name = re.sub(r"(?<= )Fylkeskommune\b", "fylkeskommune", cells[0].strip(" ."))
    party = context.book.resolve(name, PartyRole.MAIN)
    # a column of municipality numbers is the number the party already has, not a text
    said = {cells[0], party.municipality_number}
    described = " ".join(c for c in cells[1:] if c and c.strip() not in said)
    if described:
        party.description = described


def _main_party(context: _Context, text: str) -> None:
    text = " ".join(text.split()).rstrip()
    head = _NAME_ENDS.split(text, maxsplit=1)[0]
    name = re.sub(r"\s*\[.*?\]", "", head).strip(" .")
    name = re.sub(r"(?<= )Fylkeskommune\b", "fylkeskommune", name)
    party = context.book.resolve(name, PartyRole.MAIN)
    if text.rstrip(".") != party.name:
        party.description = text


def _special_actors(context: _Context) -> None:
    chapter = context.parsed.chapter(ChapterKind.OTHER_ACTORS)
    if chapter is None:
        return
    for block in chapter.blocks:
        for name in mentions(_ACTOR_VERB.split(block.text, maxsplit=1)[0]):
            _agency(context, name, PartyRole.SPECIAL)


def _agency(context: _Context, name: str, role: PartyRole) -> PartyEntry | None:
    if name == "Statsforvaltar":
        administrator = context.book.full_administrator()
        if administrator is None:
            return None
        name = administrator.name
    return context.book.resolve(name, role)


def _mentioned(context: _Context) -> None:
    """Agencies the chapters name (other than as actors one may invite) are partners."""
    texts = [block.text for chapter in context.parsed.chapters for block in chapter.blocks]
    texts += [p.description or "" for p in context.book.entries]
    for text in texts:
        invite = sentences.invite_sentence(text)
        own = text[: invite.start()] + text[invite.end() :] if invite else text
        for name in mentions(own):
            _agency(context, name, PartyRole.PARTNER)


# --- agreement ------------------------------------------------------------------------


def _weights(context: _Context, goals: list[GoalPart]) -> dict[int, tuple[str, weights.Weight]]:
    """Sub-goal → its title without the weight and the weight, where the agreement gives
    one (see ``weights``). A share after a title without the word «vekt» is a weight only
    when another sub-goal's title has one too («Auka sysselsetjinga (5 %)» alone may be
    its aim). Where some sub-goals have a weight, each without one is said to lack it."""
    found: dict[int, tuple[str, weights.Weight]] = {}
    for goal in goals:
        title, weight = weights.in_title(goal.title)
        lines = (weights.on_line(block.text) for block in (*goal.facts, *goal.blocks))
        weight = weight or next((w for w in lines if w is not None), None)
        if weight is not None:
            found[goal.number] = (title, weight)
    if len(found) < 2 and not any(weight.labelled for _, weight in found.values()):
        return {}
    for goal in goals:
        if goal.number not in found:
            context.unplaced.append(Unplaced("no_weight", number=str(goal.number), line=goal.line))
    return found


def _goal(
    context: _Context, goal: GoalPart, weighted: tuple[str, weights.Weight] | None = None
) -> dict[str, Any]:
    text = render_text(goal.blocks)
    said = render_text([*goal.facts, *goal.blocks]) if goal.facts else text
    found = sentences.partners(said)
    if found is None:
        context.unplaced.append(Unplaced("no_partners", number=str(goal.number), line=goal.line))
    partner_ids: list[str] = []
    for name in found.names if found else []:
        party = context.book.resolve(name, PartyRole.PARTNER)
        if party.id not in partner_ids:
            partner_ids.append(party.id)
    data: dict[str, Any] = {"number": goal.number}
    if goal.section:
        data["section"] = goal.section
    data["title"] = weighted[0] if weighted else goal.title
    if weighted and weighted[1].percent is not None:
        data["weight"] = plain_percent(weighted[1].percent)  # YAML writes no Decimal
    elif weighted:  # «33,333 %»: never rounded
        unread = Unplaced("weight", weighted[1].text, number=str(goal.number), line=goal.line)
        context.unplaced.append(unread)
    data["includes_municipalities"] = found.municipalities if found else True
    data["partners"] = partner_ids
    data["may_invite"] = sentences.invited(said)
    data["text"] = text or goal.title
    return data


def _agreement(context: _Context, goals: list[dict[str, Any]]) -> dict[str, Any]:
    chapters = []
    for chapter in context.parsed.chapters:
        text = render_text(chapter.blocks)
        if chapter.kind is None or not text:
            kind = "chapter_empty" if chapter.kind is not None else "chapter_unknown"
            context.unplaced.append(
                Unplaced(
                    kind,
                    text[:_EXCERPT],
                    number=chapter.number,
                    title=chapter.title,
                    line=chapter.line,
                )
            )
            continue
        chapters.append(
            {
                "kind": chapter.kind.value,
                "number": chapter.number,
                "title": chapter.title,
                "text": text,
            }
        )
    preamble = list(context.parsed.preamble)
    data: dict[str, Any] = {}
    if preamble and _TITLE.search(preamble[0].text) and len(preamble[0].text) <= _TITLE_LENGTH:
        data["title"] = preamble.pop(0).text
    for block in [b for b in preamble if b not in context.parsed.stray_headings]:
        context.unplaced.append(Unplaced("preamble", block.text[:_EXCERPT], line=block.line))
    for block in context.parsed.stray_headings:
        context.unplaced.append(Unplaced("heading", block.text, line=block.line))
    data |= {"chapters": chapters, "sub_goals": goals}
    signatures = _signatures(context)
    if signatures:
        data["signatures"] = signatures
    points = [
        {
            k: v
            for k, v in (("ref", p.ref), ("chapter", p.chapter), ("text", _point_text(context, p)))
            if v
        }
        for p in context.parsed.open_points
        if p.text
    ]
    if points:
        data["open_points"] = points
    return data


def _point_text(context: _Context, point: OpenPointPart) -> str:
    """A comment's text, with who wrote it and when (the model has no fields for them yet)."""
    if not (point.author or point.date):
        return point.text
    by = ", ".join(part for part in (point.author, point.date) if part)
    return words(context.language.value)("import.comment_by", text=point.text, by=by)


def _signature_lines(
    context: _Context,
) -> Iterator[tuple[Block, str, str, re.Match[str] | None]]:
    """Each line of the signatures that says something: its block, its text, the name and
    the date beside it (the table's header, labels and lines to sign on left out). A date
    on a line of its own has the name ""; a line of digits without a letter (a number row
    of a table after the signatures) keeps them as its name, and ``_signatures`` lists it."""
    for block in context.parsed.signatures:
        line = "   ".join(block.cells) if block.cells else block.text
        text = " ".join(line.split())
        if _PARTNER_HEADING.match(text):
            break
        if _TABLE_HEAD.match(text) or _FURNITURE.match(text):
            continue
        if not _LETTER.search(text) and not _DIGIT.search(text):
            continue  # a line to sign on: «__________», «– – –»
        yield block, text, DATE.sub("", text).strip(), DATE.search(text)


def _signatures(context: _Context) -> list[dict[str, Any]]:
    signatures: list[dict[str, Any]] = []
    undated: tuple[dict[str, Any], str] | None = None
    """The party on the line just read, with no date beside it, and its name: a date on the
    next line alone is its date (a name, and under it the date, as many agreements set it)."""
    for block, text, name, found in _signature_lines(context):
        if not _LETTER.search(name):
            if found and not name and undated is not None:
                _date_signature(context, undated, found, text, block.line)
            else:
                context.unplaced.append(Unplaced("signature", text, line=block.line))
            undated = None
            continue
        party = _signing_party(context, name)
        undated = None
        if party is None:
            context.unplaced.append(Unplaced("signature", text, line=block.line))
        elif all(s["party"] != party.id for s in signatures):
            entry: dict[str, Any] = {"party": party.id}
            if found or _DIGIT.search(name[len(party.name) :]):  # «31.02.2026», «19.2.26»
                _date_signature(context, (entry, party.name), found, text, block.line)
            else:
                undated = entry, party.name
            signatures.append(entry)
    return signatures


def _date_signature(
    context: _Context,
    signature: tuple[dict[str, Any], str],
    found: re.Match[str] | None,
    text: str,
    line: int | None,
) -> None:
    """The signature's ``decision_date`` from the date ``found`` in ``text``; a date that is
    no day («31.02.2026», «19.2.26») is listed, and the signature left without one."""
    entry, name = signature
    date = day_of(found) if found else None
    if date is not None:
        entry["decision_date"] = date
    else:
        context.unplaced.append(Unplaced("signature_date", text, name=name, line=line))


def _signing_party(context: _Context, name: str) -> PartyEntry | None:
    known = {p.name.lower(): p for p in context.book.entries}
    name = re.sub(r"(?<= )Fylkeskommune\b", "fylkeskommune", name)
    return known.get(name.lower()) or next(
        (p for p in context.book.entries if name.lower().startswith(p.name.lower())), None
    )


# --- pilot ----------------------------------------------------------------------------


def _pilot(
    context: _Context, text: str, pilot_id: str, name: str | None, cohort: int | None
) -> dict[str, Any]:
    parties = context.book.ordered()
    municipalities = [p for p in parties if p.kind is PartyKind.MUNICIPALITY]
    data: dict[str, Any] = {
        "id": pilot_id,
        "name": name or _pilot_name(text, municipalities, context.language),
        "language": context.language.value,
        "cohort": cohort or _cohort(context),
        "county": _county(context, municipalities),
        "parties": [_party(p) for p in parties],
        "agreement": _status(context),
    }
    if context.language is Language.BOKMAAL and _WHITE_PAPER in text:
        data["language_exceptions"] = [_WHITE_PAPER]
    return data


def _pilot_name(text: str, municipalities: list[PartyEntry], language: Language) -> str:
    if found := _PILOT_TITLE.search(text) or _PILOT_NAME.search(text):
        return found[1]
    names = [m.name.removesuffix(_MUNICIPALITY_SUFFIX) for m in municipalities]
    if len(names) > 1:
        return words(language.value).join(names)
    return names[0] if names else words(language.value)("import.placeholder_name")


def _cohort(context: _Context) -> int:
    chapter = context.parsed.chapter(ChapterKind.BACKGROUND)
    text = render_text(chapter.blocks) if chapter else ""
    second = bool(_SECOND_COHORT.search(text))
    context.guesses.append(
        cli_words(context.language.value)("cli.import.guess_cohort", cohort=2 if second else 1)
    )
    return 2 if second else 1


def _county(context: _Context, municipalities: list[PartyEntry]) -> str:
    if context.book.county:
        return context.book.county
    numbers = [m.municipality_number for m in municipalities if m.municipality_number]
    county = register().county_of(numbers[0]) if numbers else None
    if county is None:
        context.unplaced.append(Unplaced("no_county"))
        return words(context.language.value)("import.placeholder_county")
    return county


def _party(party: PartyEntry) -> dict[str, Any]:
    data: dict[str, Any] = {"id": party.id, "name": party.name}
    if party.short_name:
        data["short_name"] = party.short_name
    data["kind"] = party.kind.value
    data["role"] = party.role.value
    if party.description:
        data["description"] = party.description
    if party.municipality_number:
        data["municipality_number"] = party.municipality_number
    return data


def _status(context: _Context) -> dict[str, Any]:
    purpose = context.parsed.chapter(ChapterKind.PURPOSE)
    texts = [render_text(purpose.blocks)] if purpose else []
    texts += [render_text(c.blocks) for c in context.parsed.chapters]
    found = next((p for p in map(sentences.period, texts) if p is not None), None)
    context.guesses.append(cli_words(context.language.value)("cli.import.guess_state"))
    if found is None:  # unknown is left out, never guessed: validate says so (BV230)
        context.unplaced.append(Unplaced("no_period"))
        return {"state": "draft"}
    period: dict[str, Any] = {"start": found.start, "end": found.end}
    if found.start_note:
        period["start_note"] = found.start_note
    return {"state": "draft", "period": period}
