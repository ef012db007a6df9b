"""A new pilot folder (``bygdevekst init``): pilot.yaml and agreement.yaml to fill in."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bygdevekst_cli.editing import layout, scaffold
from bygdevekst_cli.errors import UsageError, UserError
from bygdevekst_cli.fsutil import (
    folder_in_use,
    made_names,
    make_folders,
    remove_made_folders,
    remove_stale_folders,
    usual_mode,
    windows_refuses,
)
from bygdevekst_cli.ids import slug
from bygdevekst_cli.language import Words, cli_words
from bygdevekst_cli.models import FILE_KINDS, Agreement, Language, Pilot
from bygdevekst_cli.municipalities import register
from bygdevekst_cli.pilotset import AGREEMENT_FILE, PILOT_FILE
from bygdevekst_cli.suggest import did_you_mean

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
"""The pattern of ``types.Id`` (ids are safe in file names)."""
ID_MAX_LENGTH = 64


@dataclass(frozen=True)
class NewPilot:
    folder: Path
    files: tuple[Path, ...]
    todo: tuple[str, ...]
    made: tuple[Path, ...] = ()
    """The folders above ``folder`` made for it (``--dir`` that did not exist): what a
    failure after this step removes again, with the pilot folder."""


def check_id(pilot_id: str, w: Words | None = None) -> None:
    """Refuse an id the schema refuses, or one that cannot name the pilot's folder on the
    Windows laptops that clone the repository (``con``, ``aux``, an id ending in a dot): the
    id is what the user typed, so wrong use (exit 2), as a bad option value is."""
    if not ID_PATTERN.match(pilot_id) or len(pilot_id) > ID_MAX_LENGTH:
        raise UsageError((w or cli_words())("cli.init.invalid_id", id=pilot_id))
    if windows_refuses(pilot_id):
        raise UsageError((w or cli_words())("cli.init.windows_id", id=pilot_id))


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
    end: dt.date | None = None,
) -> NewPilot:
    """Create ``parent/<pilot_id>/`` with pilot.yaml and agreement.yaml; all or nothing.

    The agreement period's ``end`` is written only when given: never an invented date.
    """
    w = cli_words(language.value)
    check_id(pilot_id, w)
    if not name.strip():
        raise UsageError(w("cli.init.empty_name"))
    folder = parent / pilot_id
    if folder.exists():
        raise UserError(w("cli.init.exists", folder=folder.as_posix()))
    found = [_municipality(m, county, w) for m in municipalities or []]
    made = make_folders(parent)
    try:
        texts = _texts(folder, pilot_id, name, language, cohort, county, found, end)
        write_folder(folder, texts, w)
    except BaseException:  # a folder made for the pilot goes with it
        remove_made_folders(made)
        raise
    todo = scaffold.todo(
        language.value,
        county_given=bool(county),
        end_given=end is not None,
        municipalities_given=bool(found),
    )
    return NewPilot(folder, tuple(folder / name for name in texts), todo, tuple(made))


def _texts(
    folder: Path,
    pilot_id: str,
    name: str,
    language: Language,
    cohort: int,
    county: str | None,
    found: list[tuple[str, str, str]],
    end: dt.date | None,
) -> dict[str, str]:
    """pilot.yaml and agreement.yaml of the new pilot, by file name."""
    return {
        PILOT_FILE: scaffold.pilot_yaml(
            pilot_id,
            name.strip(),
            language,
            _schema(folder, PILOT_FILE, Pilot),
            cohort=cohort,
            county=county,
            municipalities=found,
            end=end,
        ),
        AGREEMENT_FILE: scaffold.agreement_yaml(
            language, _schema(folder, AGREEMENT_FILE, Agreement)
        ),
    }


def _municipality(name: str, county: str | None, w: Words) -> tuple[str, str, str]:
    table = register()
    found = table.find(name, county)
    if found is not None:
        return slug(found.name), w("scaffold.party.municipality", name=found.name), found.number
    if table.by_name.get(name.strip().lower()) and county is None:
        raise UserError(w("cli.init.municipality_needs_county", name=name))
    known = [
        m.name for m in table.municipalities if county is None or m.county.lower() == county.lower()
    ]
    where = (
        w("cli.init.municipality_unknown", name=name)
        if county is None
        else w("cli.init.municipality_not_in", name=name, county=county)
    )
    raise UserError(where + did_you_mean(name, known, w))


def _schema(folder: Path, file: str, model: type[Pilot] | type[Agreement]) -> str:
    kind = next(k for k in FILE_KINDS if k.model is model)
    return layout.schema_reference(folder / file, PurePosixPath(file), kind)


def write_folder(folder: Path, texts: dict[str, str], w: Words | None = None) -> None:
    """Write the files into a hidden folder beside ``folder``, then move it into place."""
    w = w or cli_words()
    prefix = f".{folder.name}."
    remove_stale_folders(folder.parent, made_names(prefix))  # what a killed init/import left
    try:
        staging = Path(tempfile.mkdtemp(prefix=prefix, dir=folder.parent))
    except OSError as exc:
        raise UserError(
            w("cli.init.cannot_write", path=folder.parent.as_posix(), reason=exc)
        ) from None
    try:
        with folder_in_use(staging):
            for name, text in texts.items():
                (staging / name).write_text(text, encoding="utf-8", newline="\n")
            staging.chmod(usual_mode(folder=True))
            staging.replace(folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(w("cli.init.cannot_write", path=folder.as_posix(), reason=exc)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
