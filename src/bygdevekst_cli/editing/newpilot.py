"""A new pilot folder (``bygdevekst init``): pilot.yaml and agreement.yaml to fill in."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bygdevekst_cli.editing import layout, scaffold
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.ids import slug
from bygdevekst_cli.models import FILE_KINDS, Agreement, Language, Pilot
from bygdevekst_cli.municipalities import register
from bygdevekst_cli.pilotset import AGREEMENT_FILE, PILOT_FILE

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
"""The pattern of ``types.Id`` (ids are safe in file names)."""
ID_MAX_LENGTH = 64


@dataclass(frozen=True)
class NewPilot:
    folder: Path
    files: tuple[Path, ...]
    todo: tuple[str, ...]


def check_id(pilot_id: str) -> None:
    if not ID_PATTERN.match(pilot_id) or len(pilot_id) > ID_MAX_LENGTH:
        raise UserError(
            f"ugyldig pilot-ID «{pilot_id}»: bruk små bokstaver (a–z), tall, punktum og"
            " bindestrek, og begynn med bokstav eller tall (f.eks. «nye-dalen»)"
        )


def init_pilot(
    pilot_id: str,
    name: str,
    language: Language,
    parent: Path,
    *,
    cohort: int = 2,
    county: str | None = None,
    municipalities: list[str] | None = None,
    today: dt.date | None = None,
) -> NewPilot:
    """Create ``parent/<pilot_id>/`` with pilot.yaml and agreement.yaml; all or nothing."""
    check_id(pilot_id)
    if not name.strip():
        raise UserError("navnet på piloten kan ikke være tomt (--name)")
    folder = parent / pilot_id
    if folder.exists():
        raise UserError(f"{folder.as_posix()} finnes allerede; velg en annen ID eller mappe")
    found = [_municipality(m, county) for m in municipalities or []]
    end_year = (today or dt.date.today()).year + 3
    texts = {
        PILOT_FILE: scaffold.pilot_yaml(
            pilot_id,
            name.strip(),
            language,
            _schema(folder, PILOT_FILE, Pilot),
            cohort=cohort,
            county=county,
            municipalities=found,
            end_year=end_year,
        ),
        AGREEMENT_FILE: scaffold.agreement_yaml(
            language, _schema(folder, AGREEMENT_FILE, Agreement)
        ),
    }
    write_folder(folder, texts)
    todo = tuple(t for t in scaffold.TODO if not (county and t.startswith("county")))
    return NewPilot(folder, tuple(folder / name for name in texts), todo)


def _municipality(name: str, county: str | None) -> tuple[str, str, str]:
    found = register().find(name, county)
    if found is None:
        raise UserError(
            f"fant ikke kommunen «{name}» i kommunelisten (2024)"
            + ("; angi fylket med --county" if county is None else f" i {county}")
        )
    return slug(found.name), f"{found.name} kommune", found.number


def _schema(folder: Path, file: str, model: type[Pilot] | type[Agreement]) -> str:
    kind = next(k for k in FILE_KINDS if k.model is model)
    folder.parent.mkdir(parents=True, exist_ok=True)
    return layout.schema_reference(folder / file, PurePosixPath(file), kind)


def write_folder(folder: Path, texts: dict[str, str]) -> None:
    """Write the files into a hidden folder beside ``folder``, then move it into place."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as exc:
        raise UserError(
            f"{folder.parent.as_posix()}: kan ikke skrive her ({exc.strerror})"
        ) from None
    try:
        for name, text in texts.items():
            (staging / name).write_text(text, encoding="utf-8", newline="\n")
        staging.replace(folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(f"{folder.as_posix()}: kan ikke skrive mappen ({exc.strerror})") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
