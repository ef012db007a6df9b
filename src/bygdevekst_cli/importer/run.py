"""``bygdevekst import agreement``: an agreement file into a pilot folder.

A new pilot folder is written whole (all or nothing). Over an existing pilot the import
shows the difference against the files there and writes only when asked (``update``).
Nothing is written when something that looks like a chapter, a sub-goal or a party could
not be placed, unless that is allowed; a dry run writes nothing at all.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from bygdevekst_cli.editing import layout
from bygdevekst_cli.editing.newpilot import check_id, write_folder
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.findings import Report
from bygdevekst_cli.fsutil import make_folders, write_all
from bygdevekst_cli.importer import writer
from bygdevekst_cli.importer.assemble import Imported, assemble
from bygdevekst_cli.importer.blocks import Changes
from bygdevekst_cli.importer.sources import read_source
from bygdevekst_cli.importer.structure import Parsed, parse
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.models import FILE_KINDS, Agreement, Language, Pilot
from bygdevekst_cli.pilotset import AGREEMENT_FILE, PILOT_FILE


@dataclass(frozen=True)
class Options:
    changes: Changes = Changes.FAIL
    dry_run: bool = False
    update: bool = False
    allow_unplaced: bool = False


@dataclass
class ImportResult:
    folder: Path
    language: Language
    imported: Imported
    parsed: Parsed
    repairs: dict[tuple[str, str], int]
    dropped: list[str]
    changes: dict[str, int]
    texts: dict[str, str]
    """The files' new text, by file name."""
    existed: bool
    diff: str = ""
    """The difference against the pilot's files (when it existed)."""
    written: bool = False
    blocked: bool = False
    """Not written: something that looks like a chapter, sub-goal or party is unplaced."""
    report: Report | None = None
    """Validation of the pilot as written."""
    paragraphs: int = 0
    """Blocks (paragraphs, list items, table rows, comments) read from the source."""
    missing_parties: list[str] = field(default_factory=list)
    """Parties the agreement names that the existing pilot.yaml lacks (kept as it is)."""
    notices: list[str] = field(default_factory=list)
    """How the file was read, where the user should know (``Source.notices``)."""

    @property
    def serious(self) -> list[Any]:
        return [item for item in self.imported.unplaced if item.serious]


def import_agreement(
    path: Path,
    display: str,
    *,
    pilot_id: str,
    parent: Path,
    language: Language | None = None,
    name: str | None = None,
    cohort: int | None = None,
    options: Options = Options(),
) -> ImportResult:
    """Read ``path`` and write (or show) ``parent/<pilot_id>/`` (pilot.yaml, agreement.yaml)."""
    check_id(pilot_id)
    folder = parent / pilot_id
    source, language = read_source(path, display, language, options.changes)
    parsed = parse(source.blocks)
    imported = assemble(parsed, language, display, pilot_id=pilot_id, name=name, cohort=cohort)
    if source.repairs:
        count = sum(source.repairs.values())
        imported.pilot.setdefault("notes", []).append(writer.ocr_note(language, count))
    texts = _texts(folder, imported, language, path.name)
    result = ImportResult(
        folder,
        language,
        imported,
        parsed,
        source.repairs,
        source.dropped,
        source.changes,
        texts,
        existed=folder.exists(),
        paragraphs=len(source.blocks),
        notices=source.notices,
    )
    if result.existed and (folder / PILOT_FILE).is_file():
        # pilot.yaml holds more than an agreement says (organisation, phases, case data):
        # over an existing pilot only agreement.yaml is replaced; parties it lacks are listed
        result.texts = texts = {AGREEMENT_FILE: texts[AGREEMENT_FILE]}
        result.missing_parties = _missing_parties(folder, imported)
    if result.existed:
        result.diff = _diff(folder, texts)
    result.blocked = bool(result.serious) and not options.allow_unplaced
    if options.dry_run or result.blocked or (result.existed and not options.update):
        return result
    _write(folder, texts, result.existed)
    result.written = True
    result.report = _check(folder)
    return result


def _texts(folder: Path, imported: Imported, language: Language, source: str) -> dict[str, str]:
    unplaced = [item.text(language) for item in imported.unplaced]
    return {
        PILOT_FILE: writer.yaml_text(
            imported.pilot, Pilot, _schema(folder, PILOT_FILE, Pilot), language, source, []
        ),
        AGREEMENT_FILE: writer.yaml_text(
            imported.agreement,
            Agreement,
            _schema(folder, AGREEMENT_FILE, Agreement),
            language,
            source,
            unplaced,
        ),
    }


def _missing_parties(folder: Path, imported: Imported) -> list[str]:
    from bygdevekst_cli.loader import load_yaml

    data = load_yaml(folder / PILOT_FILE).data
    parties = data.get("parties") if isinstance(data, dict) else None
    known = {p.get("id") for p in parties or [] if isinstance(p, dict)}
    return [p["id"] for p in imported.pilot["parties"] if p["id"] not in known]


def _diff(folder: Path, texts: dict[str, str]) -> str:
    lines: list[str] = []
    for name, text in texts.items():
        path = folder / name
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        lines += difflib.unified_diff(
            old.splitlines(keepends=True),
            text.splitlines(keepends=True),
            f"{folder.name}/{name}",
            f"{folder.name}/{name}",
        )
    return "".join(lines)


def _write(folder: Path, texts: dict[str, str], existed: bool) -> None:
    if not existed:
        try:
            make_folders(folder.parent)
        except OSError as exc:  # --dir names a file, or a folder that cannot be made
            raise _cannot_write(folder.parent, exc) from None
        write_folder(folder, texts)
        return
    try:  # all or nothing: never a new agreement.yaml beside an old pilot.yaml
        write_all({folder / name: text for name, text in texts.items()}, within=folder)
    except OSError as exc:
        raise _cannot_write(_failed_path(folder, texts, exc), exc) from None


def _failed_path(folder: Path, texts: dict[str, str], exc: OSError) -> Path:
    """The file of ``texts`` the failure ``exc`` is about (``write_all`` names it)."""
    named = Path(exc.filename).name if exc.filename else ""
    return folder / next((name for name in texts if name == named), next(iter(texts)))


def _cannot_write(path: Path, exc: OSError) -> UserError:
    return UserError(cli_words()("cli.import.cannot_write", file=path.as_posix(), reason=exc))


def _schema(folder: Path, file: str, model: type[Pilot] | type[Agreement]) -> str:
    kind = next(k for k in FILE_KINDS if k.model is model)
    return layout.schema_reference(folder / file, PurePosixPath(file), kind)


def _check(folder: Path) -> Report:
    from bygdevekst_cli.pilotset import read_pilot
    from bygdevekst_cli.validate import validate_pilot

    return validate_pilot(read_pilot(folder, folder.as_posix()))


def to_json(result: ImportResult, display: str) -> dict[str, Any]:
    """The machine-readable report of an agreement import (``--format json``)."""
    imported, parsed = result.imported, result.parsed
    return {
        "file": display,
        "pilot": imported.pilot["id"],
        "language": result.language.value,
        "written": result.written,
        "paragraphs": result.paragraphs,
        "placed": {
            "chapters": [
                {"number": c.number, "title": c.title, "kind": c.kind, "line": c.line}
                for c in parsed.chapters
            ],
            "sub_goals": [
                {
                    "number": goal["number"],
                    "title": goal["title"],
                    "partners": goal["partners"],
                    "line": part.line,
                }
                for goal, part in zip(imported.agreement["sub_goals"], parsed.goals, strict=True)
            ],
            "parties": [
                {
                    "id": p["id"],
                    "name": p["name"],
                    "role": p["role"],
                    "municipality_number": p.get("municipality_number"),
                }
                for p in imported.pilot["parties"]
            ],
            "signatures": [s["party"] for s in imported.agreement.get("signatures", [])],
            "open_points": len(imported.agreement.get("open_points", [])),
        },
        "repaired": [
            {"from": old, "to": new, "count": n} for (old, new), n in sorted(result.repairs.items())
        ],
        "dropped": result.dropped,
        "notices": result.notices,
        "tracked_changes": result.changes,
        "unplaced": [item.to_json() for item in imported.unplaced],
        "guesses": imported.guesses,
        "diff": result.diff or None,
        "missing_parties": result.missing_parties,
        "findings": (
            {"errors": result.report.errors, "warnings": result.report.warnings}
            if result.report is not None
            else None
        ),
    }
