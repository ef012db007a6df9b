"""``bygdevekst import agreement``: an agreement file into a new pilot folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bygdevekst_cli.editing import layout
from bygdevekst_cli.editing.newpilot import check_id, write_folder
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.findings import Report
from bygdevekst_cli.importer import writer
from bygdevekst_cli.importer.assemble import Imported, assemble
from bygdevekst_cli.importer.sources import read_source
from bygdevekst_cli.importer.structure import parse
from bygdevekst_cli.models import FILE_KINDS, Agreement, Language, Pilot
from bygdevekst_cli.pilotset import AGREEMENT_FILE, PILOT_FILE


@dataclass(frozen=True)
class ImportResult:
    folder: Path
    language: Language
    imported: Imported
    repairs: dict[tuple[str, str], int]
    dropped: list[str]
    report: Report
    """Validation of the new pilot."""


def import_agreement(
    path: Path,
    display: str,
    *,
    pilot_id: str,
    parent: Path,
    language: Language | None = None,
    name: str | None = None,
    cohort: int | None = None,
) -> ImportResult:
    """Read ``path`` and write ``parent/<pilot_id>/`` (pilot.yaml, agreement.yaml)."""
    check_id(pilot_id)
    folder = parent / pilot_id
    if folder.exists():
        raise UserError(f"{folder.as_posix()} finnes allerede; velg en annen ID eller --dir")
    source, language = read_source(path, display, language)
    imported = assemble(
        parse(source.blocks), language, display, pilot_id=pilot_id, name=name, cohort=cohort
    )
    if source.repairs:
        count = sum(source.repairs.values())
        imported.pilot.setdefault("notes", []).append(writer.ocr_note(language, count))
    parent.mkdir(parents=True, exist_ok=True)
    texts = {
        PILOT_FILE: writer.yaml_text(
            imported.pilot, Pilot, _schema(folder, PILOT_FILE, Pilot), language, path.name, []
        ),
        AGREEMENT_FILE: writer.yaml_text(
            imported.agreement,
            Agreement,
            _schema(folder, AGREEMENT_FILE, Agreement),
            language,
            path.name,
            [item.text(language) for item in imported.unplaced],
        ),
    }
    write_folder(folder, texts)
    return ImportResult(folder, language, imported, source.repairs, source.dropped, _check(folder))


def _schema(folder: Path, file: str, model: type[Pilot] | type[Agreement]) -> str:
    kind = next(k for k in FILE_KINDS if k.model is model)
    return layout.schema_reference(folder / file, PurePosixPath(file), kind)


def _check(folder: Path) -> Report:
    from bygdevekst_cli.pilotset import read_pilot
    from bygdevekst_cli.validate import validate_pilot

    return validate_pilot(read_pilot(folder, folder.as_posix()))
