"""Pydantic models of a pilot's files, and which file holds which model."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import NamedTuple

from bygdevekst_cli.models.agreement import Agreement
from bygdevekst_cli.models.base import Language, Model
from bygdevekst_cli.models.pilot import Pilot
from bygdevekst_cli.models.plan import ActionPlan
from bygdevekst_cli.pilotfolder import PLAN_FILE_PATTERN, PLANS_DIR, is_yaml_name

__all__ = [
    "FILE_KINDS",
    "ActionPlan",
    "Agreement",
    "FileKind",
    "Language",
    "Model",
    "Pilot",
    "file_kind",
    "misnamed_plan_year",
]


class FileKind(NamedTuple):
    name: str
    model: type[Model]
    pattern: re.Pattern[str]
    """Matches the path relative to the pilot folder, with forward slashes."""

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("pilot", Pilot, re.compile(r"^pilot\.ya?ml$")),
    FileKind("agreement", Agreement, re.compile(r"^agreement\.ya?ml$")),
    FileKind("plan", ActionPlan, re.compile(rf"^{PLANS_DIR}/{PLAN_FILE_PATTERN}$")),
)


def file_kind(relative: PurePath) -> FileKind | None:
    """The kind of a file by its path inside the pilot folder, or None if it is not ours."""
    text = relative.as_posix()
    return next((kind for kind in FILE_KINDS if kind.pattern.match(text)), None)


_YEAR_IN_NAME = re.compile(r"(?<!\d)\d{4}(?!\d)")


def misnamed_plan_year(relative: PurePath) -> int | None:
    """The year a YAML file in ``plans/`` names when it is not named as a plan is
    (``plans/2026.YAML``, ``plans/plan-2026.yaml``, ``plans/2026 (1).yaml``): it was meant
    as that year's plan, and is not read as one. None for a plan's own name, and for a file
    that names no year, or more than one."""
    parts = relative.parts
    if len(parts) != 2 or parts[0] != PLANS_DIR or not is_yaml_name(parts[1]):
        return None
    if file_kind(relative) is not None:
        return None
    years = _YEAR_IN_NAME.findall(parts[1].rpartition(".")[0])
    return int(years[0]) if len(years) == 1 else None
