"""What a council-ready document needs from the data (BV250–BV256).

The case text cites the action plan's numbered tables, a council votes on an
innstilling for its own year's plan, the chief executive signs by name, a transcribed
text ends where its sentence ends, and the PDF's fonts can show every character.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from bygdevekst_cli.in_force import agreement_in_force
from bygdevekst_cli.language import words
from bygdevekst_cli.models.pilot import PartyKind, PartyRole
from bygdevekst_cli.models.plan import Body, Outcome
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.rules.registry import Hit, rule, rule_words

if TYPE_CHECKING:
    from bygdevekst_cli.language import Words
    from bygdevekst_cli.models import ActionPlan, Agreement
    from bygdevekst_cli.render.views import PlanTables

#: Outcomes of KDD's treatment that approve a plan.
_APPROVING = frozenset({Outcome.ADOPTED, Outcome.ADOPTED_WITH_CHANGES})
#: Characters a complete sentence, heading or list may end with.
_SENTENCE_END = frozenset(".!?:;»)]\"'…")
#: Top-level fields whose text no document prints as it stands.
_WORKING_TEXT = frozenset({"open_points", "notes"})
#: A complete sentence inside the text: a stop followed by more text.
_NEXT_SENTENCE = re.compile(r"[.!?]\s+(\S)")
#: A last line that is a list item, table row or heading: it need not end with a stop.
_NOT_A_SENTENCE = re.compile(r"^\s*(?:[-*+•|#]|\d+[.)]\s|[^\W\d_][.)]\s)")


@functools.cache
def citation_pattern(language: str) -> re.Pattern[str]:
    """``Tabellane (6 og 7)``, ``tabell 2``, ``Tabell 1, 2 og 3``: the table word and the
    word for «and» come from the catalogue (``rule.BV250``), in the text's language."""
    w = words(language)
    table, conjunction = re.escape(w("rule.BV250.table_word")), re.escape(w("rule.BV250.and"))
    number_list = rf"\d+(?:\s*(?:,|–|-|{conjunction}\b)\s*\d+)*"
    return re.compile(rf"\b{table}\w*\s*\(?\s*({number_list})", re.IGNORECASE)


def cited_tables(text: str, pattern: re.Pattern[str]) -> list[int]:
    return [int(n) for match in pattern.finditer(text) for n in re.findall(r"\d+", match[1])]


@rule("BV250")
def table_citations_resolve(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is None or files.agreement is None:
        return
    pattern = citation_pattern(files.pilot.model.language.value)
    for year, plan in files.plans.items():
        numbers: list[int] | None = None  # the plan's tables, worked out when a text cites one
        for path, text, _ in plan.texts:
            if not path or path[0] != "case":
                continue
            cited = cited_tables(text, pattern)
            if not cited:
                continue
            if numbers is None:  # the tables the plan's document has: its agreement in force
                in_force = agreement_in_force(files, year)
                assert in_force is not None  # the pilot has an agreement
                models = {y: other.model for y, other in files.plans.items()}
                numbers = plan_tables(in_force.agreement, plan.model, year, models).numbers
            missing = sorted({n for n in cited if n not in numbers})
            if not missing:
                continue
            slots = {"tables": [str(n) for n in missing], "year": year}
            if numbers:
                have = [str(n) for n in numbers]
                yield Hit(plan, path, "unresolved", slots | {"have": have})
            else:
                yield Hit(plan, path, "no_tables", slots)


@rule("BV251")
def recommendation_given(files: PilotFiles) -> Iterator[Hit]:
    for year, plan in files.plans.items():
        if not plan.model.case.recommendation and not approved(plan.model):
            yield Hit(plan, ("case",), "missing", {"year": year})


@functools.cache
def plan_year_pattern(language: str) -> re.Pattern[str]:
    """``handlingsplan for 2026``, ``Handlingsplanen 2026``, ``Handlingsplanen for Nye dalen
    2026``: the word for the action plan and for «for» come from the catalogue
    (``rule.BV255``), in the text's language. The words before the year, if any, are the
    first group: ``named_years`` takes the year only when they are the pilot's name, as a
    municipality names the plan in its innstilling (one pattern for every pilot, so a run
    over many pilots compiles it once)."""
    w = words(language)
    plan, for_ = re.escape(w("rule.BV255.plan_word")), re.escape(w("rule.BV255.for"))
    return re.compile(
        rf"\b{plan}\w*\s+(?:{for_}\s+)?((?:[^\W\d_]+[\s-]+)*?)(\d{{4}})\b", re.IGNORECASE
    )


def named_years(text: str, language: str, pilot_name: str) -> set[int]:
    """The years of the action plans ``text`` names (``plan_year_pattern``)."""
    name = " ".join(pilot_name.split()).casefold()
    return {
        int(year)
        for between, year in plan_year_pattern(language).findall(text)
        if not between or " ".join(between.split()).casefold() == name
    }


@rule("BV255")
def recommendation_names_its_own_year(files: PilotFiles) -> Iterator[Hit]:
    """An innstilling asks the council to adopt the plan of its own year. ``plan new``
    carries the innstilling over as it stands (a standing text), so a plan whose council
    would be asked to adopt last year's plan looks complete and is not."""
    if files.pilot is None:
        return
    pilot = files.pilot.model
    for year, plan in files.plans.items():
        if approved(plan.model):
            continue  # no council gets its case document any more
        for index, point in enumerate(plan.model.case.recommendation):
            named = sorted(named_years(point, pilot.language.value, pilot.name) - {year})
            if named:
                path = ("case", "recommendation", index)
                yield Hit(plan, path, "other_year", {"named": named[0], "year": year})


@rule("BV252")
def conclusion_given(files: PilotFiles) -> Iterator[Hit]:
    for year, plan in files.plans.items():
        if not plan.model.case.conclusion and not approved(plan.model):
            yield Hit(plan, ("case",), "missing", {"year": year})


def approved(plan: ActionPlan) -> bool:
    """KDD has approved the plan, the last step of its treatment: it goes to no council any
    more, and no case document is made for it (a past year's plan, often transcribed from a
    later case document that gives its status, not its innstilling)."""
    return any(t.body is Body.KDD and t.outcome in _APPROVING for t in plan.schedule)


@rule("BV253")
def signature_named(files: PilotFiles) -> Iterator[Hit]:
    """BV222 reports a municipality without ``case_document``; this one the name under
    the innstilling when the rest is there."""
    if files.pilot is None or not files.plans:
        return
    for index, party in enumerate(files.pilot.model.parties):
        info = party.case_document
        if party.kind is not PartyKind.MUNICIPALITY or party.role is not PartyRole.MAIN:
            continue
        if info is not None and not info.chief_executive_name:
            path = ("parties", index, "case_document")
            yield Hit(files.pilot, path, "missing", {"party": party.name})


@rule("BV254")
def sentences_finished(files: PilotFiles) -> Iterator[Hit]:
    """Running text whose last line is a sentence without its end: a transcription cut
    off (``… rapportering og evaluering etter``). Reviewers' comments and notes are
    working text, not a document's, and are left alone."""
    for document in files.documents():
        for path, text, prose in document.texts:
            if not prose or (path and path[0] in _WORKING_TEXT):
                continue
            ending = unfinished_ending(text)
            if ending is not None:
                offset = text.rstrip().count("\n")
                yield Hit(document, path, "unfinished", {"end": ending}, line_offset=offset)


@functools.lru_cache(maxsize=8192)
def unfinished_ending(text: str) -> str | None:
    """The last words of ``text`` when it stops mid-sentence, else None (once per distinct
    text: a pilot's texts repeat across its plans, some ten times each)."""
    stripped = text.rstrip()
    if not stripped or stripped[-1] in _SENTENCE_END:
        return None  # the common case first: the text ends as a sentence does
    starts = (m[1] for m in _NEXT_SENTENCE.finditer(stripped))
    if not any(c.isupper() or not c.isalnum() for c in starts):
        return None  # a title, a name or a label: no sentence to finish
    last_line = stripped.splitlines()[-1]
    if _NOT_A_SENTENCE.match(last_line):
        return None
    return " ".join(last_line.split()[-5:])


@rule("BV256")
def shown_in_pdf(files: PilotFiles) -> Iterator[Hit]:
    """A character the PDF's fonts lack (an emoji, Chinese) or PDF/A refuses (private use,
    U+FEFF pasted from Word) stops ``render -f pdf`` for every document that prints the
    text; told here first, at the text, for the secretariat to replace or remove. A text
    seen whole before is known by its hash (``glyphs.shows_all``), and a new one by its
    characters (``glyphs.unshowable``, which keeps the answer for each)."""
    from bygdevekst_cli.render.formats.glyphs import shows_all, unshowable

    w: Words | None = None
    for document in files.documents():
        for path, text, _ in document.texts:
            if shows_all(text):
                continue  # the common case
            missing = unshowable(text)
            w = w or rule_words(files)
            first = min(text.index(c) for c in missing)
            literal = path in document.source.literal_blocks
            yield Hit(
                document,
                path,
                "single" if len(missing) == 1 else "several",
                {
                    "characters": [
                        w("rule.BV256.character", character=c, code=f"U+{ord(c):04X}")
                        for c in missing
                    ]
                },
                line_offset=text.count("\n", 0, first) + 1 if literal else 0,
            )


def plan_tables(
    agreement: Agreement, plan: ActionPlan, year: int, earlier: Mapping[int, ActionPlan]
) -> PlanTables:
    """The numbered tables of a plan's documents (``render.views.plan_tables``), imported
    at the first call: loading the rules loads no rendering code, and checking a pilot
    whose case texts cite no table never needs it. ``earlier``: the pilot's plans, whose
    past years the table of the whole period shows."""
    from bygdevekst_cli.render.views import plan_tables as numbered

    return numbered(agreement, plan, year, earlier)
