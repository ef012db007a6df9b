"""Pydantic models of a pilot's files, and which file holds which model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from bygdevekst_cli.models.agreement import Agreement
from bygdevekst_cli.models.base import Language, Model
from bygdevekst_cli.models.pilot import Pilot
from bygdevekst_cli.models.plan import ActionPlan

__all__ = [
    "FILE_KINDS",
    "ActionPlan",
    "Agreement",
    "FileKind",
    "Language",
    "Model",
    "Pilot",
    "file_kind",
]


@dataclass(frozen=True)
class FileKind:
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
    FileKind("plan", ActionPlan, re.compile(r"^plans/(?P<year>\d{4})\.ya?ml$")),
)


def file_kind(relative: PurePath) -> FileKind | None:
    """The kind of a file by its path inside the pilot folder, or None if it is not ours."""
    text = relative.as_posix()
    return next((kind for kind in FILE_KINDS if kind.pattern.match(text)), None)
