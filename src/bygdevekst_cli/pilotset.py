"""A pilot's files, read and checked against the models: what the rules work on."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from bygdevekst_cli.filesize import FileTooLarge
from bygdevekst_cli.findings import Finding, Severity, YamlPath, cut
from bygdevekst_cli.language import DOCUMENT_LANGUAGES, Words, cli_language, cli_words, works_on
from bygdevekst_cli.loader import (
    LoadedYaml,
    SourceMap,
    YamlCode,
    load_yaml_bytes,
    too_large_finding,
)
from bygdevekst_cli.models import (
    ActionPlan,
    Agreement,
    FileKind,
    Model,
    Pilot,
    file_kind,
    misnamed_plan_year,
)

# Re-exported (``X as X``): names this module always had; they live in pilotfolder now.
from bygdevekst_cli.pilotfolder import AGREEMENT_FILE as AGREEMENT_FILE
from bygdevekst_cli.pilotfolder import MISSING_FILE as MISSING_FILE
from bygdevekst_cli.pilotfolder import PILOT_FILE as PILOT_FILE
from bygdevekst_cli.pilotfolder import PLANS_DIR as PLANS_DIR
from bygdevekst_cli.pilotfolder import FileSource as FileSource
from bygdevekst_cli.pilotfolder import FolderSource as FolderSource
from bygdevekst_cli.pilotfolder import inside as inside
from bygdevekst_cli.schema_errors import findings_from_validation_error
from bygdevekst_cli.textwalk import Reference, TextEntry, Walked, walk

if TYPE_CHECKING:
    from bygdevekst_cli.in_force import InForce

M = TypeVar("M", bound=Model, covariant=True)
T = TypeVar("T", bound=BaseModel)


Parse = Callable[[bytes, Path, str, "str | None"], LoadedYaml]
"""How a file's bytes become data: ``load_yaml_bytes``, or a cache in front of it."""


@dataclass(frozen=True, repr=False)
class Document(Generic[M]):
    """One file that passed the schema: its model and where each value stands."""

    path: Path
    display: str
    model: M
    source: SourceMap
    first_line: str
    data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """The file's data as read, before the model: what it holds in the file's own words."""

    @functools.cached_property
    def _walked(self) -> Walked:
        """The model walked once for its strings, objects and references."""
        return walk(self.model)

    @property
    def texts(self) -> list[TextEntry]:
        """Every string in the model with its path and whether it is prose (walked once)."""
        return self._walked.texts

    def objects(self, kind: type[T]) -> list[tuple[YamlPath, T]]:
        """Every object of class ``kind`` in the model, with its path, in document order
        (what ``textwalk.objects`` gives, from the one walk of the document)."""
        by_kind = self._objects_by_kind
        found = by_kind.get(kind)
        if found is None:
            found = by_kind[kind] = self._objects_of(kind)
        return list(found)  # type: ignore[arg-type]

    def _objects_of(self, kind: type[BaseModel]) -> list[tuple[YamlPath, BaseModel]]:
        """The walk's objects of class ``kind``: none when the document holds no object
        of the class or a class derived from it, the objects of one class straight from
        ``_objects_by_class`` (the common case: a rule asks for a class no other class
        derives from), else picked from the walk in document order."""
        by_class = self._objects_by_class
        classes = [cls for cls in by_class if issubclass(cls, kind)]
        if not classes:
            return []
        if len(classes) == 1:
            return by_class[classes[0]]
        return [(path, found) for path, found in self._walked.objects if isinstance(found, kind)]

    @functools.cached_property
    def _objects_by_kind(self) -> dict[type[BaseModel], list[tuple[YamlPath, BaseModel]]]:
        return {}

    @functools.cached_property
    def _objects_by_class(self) -> dict[type[BaseModel], list[tuple[YamlPath, BaseModel]]]:
        """The walk's objects grouped by their own class, each group in document order:
        one pass, instead of one pass over every object for each class a rule asks for."""
        grouped: dict[type[BaseModel], list[tuple[YamlPath, BaseModel]]] = {}
        for entry in self._walked.objects:
            grouped.setdefault(type(entry[1]), []).append(entry)
        return grouped

    @property
    def references(self) -> list[Reference]:
        """Every id the model refers to (``Meta.ref``), in document order (walked once)."""
        return self._walked.references

    def position(self, path: YamlPath, *, key: bool = False) -> tuple[int | None, int | None]:
        found = self.source.locate(path, key=key)
        return found if found is not None else (None, None)

    def finding(
        self, severity: Severity, code: str, message: str, path: YamlPath = (), *, key: bool = False
    ) -> Finding:
        line, column = self.position(path, key=key)
        return Finding(severity, code, message, self.display, line, column, path)


@dataclass(repr=False)
class PilotFiles:
    """Everything read from one pilot folder."""

    folder: Path
    display: str
    pilot: Document[Pilot] | None = None
    agreement: Document[Agreement] | None = None
    plans: dict[int, Document[ActionPlan]] = field(default_factory=dict)
    """Plans by the year in their file name, in year order."""
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Findings from reading: YAML defects, schema violations, missing or stray files."""
    today: dt.date = field(default_factory=dt.date.today)
    """The date rules compare meeting dates with (fixed in tests)."""
    source: FileSource | None = field(default=None, repr=False, compare=False)
    """Where the files were read from (a folder, a git revision): a rule that folds repeated
    findings reads their suppression comments from it (``registry.folded``)."""
    in_force: dict[int, InForce] = field(default_factory=dict, repr=False, compare=False)
    """The agreement each plan year is read against, by year, once found: git is asked
    once per year for every rule and document that needs it (``in_force``)."""

    def documents(self) -> Iterator[Document[Model]]:
        if self.pilot is not None:
            yield self.pilot
        if self.agreement is not None:
            yield self.agreement
        yield from self.plans.values()

    def previous_plan(self, year: int) -> Document[ActionPlan] | None:
        earlier = [y for y in self.plans if y < year]
        return self.plans[max(earlier)] if earlier else None


def read_document(
    source: FileSource,
    relative: str,
    display: str,
    kind: FileKind,
    language: str | None = None,
    parse: Parse = load_yaml_bytes,
    loaded: LoadedYaml | None = None,
) -> tuple[Document[Model] | None, list[Finding]]:
    """Load one file and check it against its model (messages in ``language``'s words);
    ``loaded`` is the file already parsed, when it has been."""
    if loaded is None:
        try:
            raw = source.read(relative)
        except FileTooLarge as exc:
            return None, [too_large_finding(exc.size, display, language)]
        except OSError as exc:
            message = cli_words(language)("pilotset.unreadable", reason=exc)
            return None, [Finding(Severity.ERROR, YamlCode.UNREADABLE, message, display)]
        loaded = parse(raw, Path(relative), display, language)
    findings = list(loaded.findings)
    if loaded.data is None:
        return None, findings
    try:
        model = kind.model.model_validate(loaded.data)
    except ValidationError as exc:
        findings.extend(
            findings_from_validation_error(
                exc,
                kind.model,
                loaded.source,
                display,
                cli_language(language),
                raw=lambda: source.read(relative),
                data=loaded.data,
            )
        )
        return None, findings
    document = Document(
        Path(relative), display, model, loaded.source, loaded.first_line, loaded.data
    )
    return document, findings


def pilot_language(source: FileSource) -> str | None:
    """The written standard pilot.yaml names, read before the rest (for the messages)."""
    try:
        raw = source.read(PILOT_FILE)
    except OSError:
        return None
    return _language_in(load_yaml_bytes(raw, Path(PILOT_FILE), PILOT_FILE), raw)


#: A top-level ``language: nn`` line as ``init`` writes it (quoted or not, a comment after).
_LANGUAGE_LINE = re.compile(
    rb"""^language:[ \t]*(["']?)(%b)\1[ \t]*(?:#.*)?\r?$"""
    % "|".join(DOCUMENT_LANGUAGES).encode("ascii"),
    re.MULTILINE,
)


def _language_in(loaded: LoadedYaml, raw: bytes) -> str | None:
    """The written standard pilot.yaml names: its ``language`` value, or, when the file
    does not parse (a syntax error further down), the one ``language:`` line at the top
    level, so that the messages about the error are in the pilot's standard too."""
    if loaded.data is None:
        found = {match.group(2) for match in _LANGUAGE_LINE.finditer(raw)}
        return found.pop().decode("ascii") if len(found) == 1 else None
    value = loaded.data.get("language")
    return str(value) if value in DOCUMENT_LANGUAGES else None


def read_pilot(
    folder: Path,
    display: str,
    today: dt.date | None = None,
    source: FileSource | None = None,
    parse: Parse = load_yaml_bytes,
) -> PilotFiles:
    """Read every file of a pilot (from ``folder``, or from ``source`` when given).

    Nothing here raises for bad content: every problem becomes a finding, worded in the
    pilot's written standard when pilot.yaml names one.
    """
    source = source or FolderSource(folder)
    result = PilotFiles(folder, display, today=today or dt.date.today(), source=source)
    present = source.yaml_files()
    language, first = (
        _language_and_pilot(source, display, parse) if PILOT_FILE in present else (None, None)
    )
    works_on(language)  # the command's own messages follow the pilot from here on
    w = cli_words(language)
    _read_files(result, source, present, language, first, parse, w)
    links = source.unfollowed_links()
    result.findings.extend(_unreachable(links, display, w))
    unlisted: dict[str, OSError] = {}
    if isinstance(source, FolderSource):
        unlisted = dict(source.unreadable_folders())
        linked = {link for link, _ in links}  # a link not followed is told as such (BV011)
        if PLANS_DIR not in linked and source.plans_not_folder():
            message = w("pilotset.plans_not_folder", plans=PLANS_DIR)
            shown = _join(display, PLANS_DIR)
            result.findings.append(Finding(Severity.ERROR, YamlCode.UNREADABLE, message, shown))
    for relative, reason in unlisted.items():
        shown = _join(display, relative) if relative else display
        message = w("pilotset.unreadable_folder", reason=reason)
        result.findings.append(Finding(Severity.ERROR, YamlCode.UNREADABLE, message, shown))
    if "" not in unlisted:  # a pilot folder that cannot be listed misses no file by name
        # a required file that is a link not followed is told as such (BV011), not as missing
        told = [*present, *(link for link, _ in links)]
        result.findings.extend(_missing(source, display, told, w))
    return result


def _read_files(
    result: PilotFiles,
    source: FileSource,
    present: list[str],
    language: str | None,
    first: LoadedYaml | None,
    parse: Parse,
    w: Words,
) -> None:
    """Read each YAML file of the pilot into ``result``: a file that is none of the pilot's
    files (BV013), or a second file for the same role (``2026.yaml`` and ``2026.yml``), is
    reported and not read. ``first`` is pilot.yaml as already parsed, if it was."""
    roles: dict[str, str] = {}
    """What each file is (``pilot``, ``plan 2026``) → the file that is it."""
    for relative in present:
        shown = _join(result.display, relative)
        kind = file_kind(PurePosixPath(relative))
        result.files.append(shown)
        if kind is None:
            message = _unknown_file(relative, w)
            result.findings.append(Finding(Severity.WARNING, "BV013", message, shown))
            continue
        other = roles.setdefault(_role(kind, relative), relative)
        if other != relative:  # 2026.yaml and 2026.yml: which one holds the plan?
            message = w("pilotset.same_role", other=cut(other))
            result.findings.append(Finding(Severity.ERROR, YamlCode.UNREADABLE, message, shown))
            continue
        parsed = first if relative == PILOT_FILE else None
        document, findings = read_document(source, relative, shown, kind, language, parse, parsed)
        result.findings.extend(findings)
        if document is not None:
            _place(result, kind, relative, document)
    result.plans = dict(sorted(result.plans.items()))


def _unknown_file(relative: str, w: Words) -> str:
    """Why a YAML file in the pilot folder is not read: the name a plan must have, for a
    file named as a year's plan is not (``plans/2026.YAML``), else the names known."""
    year = misnamed_plan_year(PurePosixPath(relative))
    if year is not None:
        return w("pilotset.misnamed_plan", year=year, name=f"{PLANS_DIR}/{year}.yaml")
    known = f"{PILOT_FILE}, {AGREEMENT_FILE}, {w('cli.msg.file.plan_file', plans=PLANS_DIR)}"
    return w("pilotset.unknown_file", known=known)


def _unreachable(links: list[tuple[str, str]], display: str, w: Words) -> Iterator[Finding]:
    """A link in the pilot folder that is not followed (``links``: the source's, each
    with why: out of the folder, or to nothing)."""
    for link, why in links:
        message = w(f"pilotset.{why}", name=cut(link))
        shown = _join(display, link)
        yield Finding(Severity.ERROR, YamlCode.UNREADABLE, message, shown)


def _missing(source: FileSource, display: str, present: list[str], w: Words) -> Iterator[Finding]:
    """pilot.yaml or agreement.yaml not in ``present`` (the files read, and the links not
    followed), with the name the user may have meant."""
    names = source.top_level_names() if isinstance(source, FolderSource) else present
    for required in (PILOT_FILE, AGREEMENT_FILE):
        if required not in present:
            message = w("pilotset.missing_file", file=required)
            message += _did_you_mean(required, names, w)
            shown = _join(display, required)
            yield Finding(Severity.ERROR, MISSING_FILE, message, shown)


def _language_and_pilot(
    source: FileSource, display: str, parse: Parse
) -> tuple[str | None, LoadedYaml | None]:
    """The pilot's written standard, and pilot.yaml parsed when that parse can be kept.

    pilot.yaml is parsed once with the command line's words: when it reads without a
    defect no message was worded, so the same parse serves the rest of the reading.
    """
    try:
        raw = source.read(PILOT_FILE)
    except OSError:
        return None, None
    loaded = parse(raw, Path(PILOT_FILE), _join(display, PILOT_FILE), None)
    language = _language_in(loaded, raw)
    return language, (loaded if loaded.data is not None and not loaded.findings else None)


def _did_you_mean(required: str, names: list[str], w: Words) -> str:
    """A name in the folder that looks like ``required`` misspelt (``Pilot.yaml``)."""
    others = {PILOT_FILE, AGREEMENT_FILE, PLANS_DIR} - {required}
    candidates = {name.lower(): name for name in names if name not in others}
    close = difflib.get_close_matches(required, list(candidates), n=1, cutoff=0.6)
    return w("pilotset.did_you_mean", name=cut(candidates[close[0]])) if close else ""


def _role(kind: FileKind, relative: str) -> str:
    """What a file is in the pilot: its kind, and a plan's year."""
    match = kind.pattern.match(relative)
    year = match.groupdict().get("year") if match is not None else None
    return f"{kind.name} {year}" if year else kind.name


def _place(result: PilotFiles, kind: FileKind, relative: str, document: Document[Model]) -> None:
    if isinstance(document.model, Pilot):
        result.pilot = document  # type: ignore[assignment]
    elif isinstance(document.model, Agreement):
        result.agreement = document  # type: ignore[assignment]
    else:
        match = kind.pattern.match(relative)
        assert match is not None
        result.plans[int(match["year"])] = document  # type: ignore[assignment]


def _join(display: str, relative: str) -> str:
    return f"{display.rstrip('/')}/{relative}" if display not in ("", ".") else relative
