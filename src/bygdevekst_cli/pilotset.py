"""A pilot's files, read and checked against the models: what the rules work on."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Generic, Protocol, TypeVar

from pydantic import ValidationError

from bygdevekst_cli.findings import Finding, Severity, YamlPath
from bygdevekst_cli.loader import LoadedYaml, SourceMap, YamlCode, load_yaml_bytes
from bygdevekst_cli.models import ActionPlan, Agreement, FileKind, Model, Pilot, file_kind
from bygdevekst_cli.schema_errors import findings_from_validation_error
from bygdevekst_cli.textwalk import TextEntry, texts

M = TypeVar("M", bound=Model, covariant=True)

PILOT_FILE = "pilot.yaml"
AGREEMENT_FILE = "agreement.yaml"
PLANS_DIR = "plans"


@dataclass(frozen=True)
class Document(Generic[M]):
    """One file that passed the schema: its model and where each value stands."""

    path: Path
    display: str
    model: M
    source: SourceMap
    first_line: str

    @functools.cached_property
    def texts(self) -> list[TextEntry]:
        """Every string in the model with its path and whether it is prose (walked once)."""
        return texts(self.model)

    def position(self, path: YamlPath, *, key: bool = False) -> tuple[int | None, int | None]:
        found = self.source.locate(path, key=key)
        return found if found is not None else (None, None)

    def finding(
        self, severity: Severity, code: str, message: str, path: YamlPath = (), *, key: bool = False
    ) -> Finding:
        line, column = self.position(path, key=key)
        return Finding(severity, code, message, self.display, line, column, path)


@dataclass
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

    def documents(self) -> Iterator[Document[Model]]:
        if self.pilot is not None:
            yield self.pilot
        if self.agreement is not None:
            yield self.agreement
        yield from self.plans.values()

    def previous_plan(self, year: int) -> Document[ActionPlan] | None:
        earlier = [y for y in self.plans if y < year]
        return self.plans[max(earlier)] if earlier else None


class FileSource(Protocol):
    """Where a pilot's files come from: a folder, or a folder in a git revision."""

    def yaml_files(self) -> list[str]:
        """Relative paths (with ``/``) of the YAML files under the pilot folder."""
        ...

    def read(self, relative: str) -> bytes: ...


@dataclass(frozen=True)
class FolderSource:
    folder: Path

    def yaml_files(self) -> list[str]:
        found = {
            p.relative_to(self.folder).as_posix()
            for pattern in ("*.yaml", "*.yml")
            for p in self.folder.rglob(pattern)
            if p.is_file()
        }
        return sorted(f for f in found if not any(part.startswith(".") for part in f.split("/")))

    def read(self, relative: str) -> bytes:
        return (self.folder / relative).read_bytes()


def read_document(
    source: FileSource, relative: str, display: str, kind: FileKind
) -> tuple[Document[Model] | None, list[Finding]]:
    """Load one file and check it against its model."""
    try:
        raw = source.read(relative)
    except OSError as exc:
        message = f"Kan ikke lese filen: {exc.strerror or exc}"
        return None, [Finding(Severity.ERROR, YamlCode.UNREADABLE, message, display)]
    loaded: LoadedYaml = load_yaml_bytes(raw, Path(relative), display)
    findings = list(loaded.findings)
    if loaded.data is None:
        return None, findings
    try:
        model = kind.model.model_validate(loaded.data)
    except ValidationError as exc:
        findings.extend(findings_from_validation_error(exc, kind.model, loaded.source, display))
        return None, findings
    return Document(Path(relative), display, model, loaded.source, loaded.first_line), findings


def read_pilot(
    folder: Path, display: str, today: dt.date | None = None, source: FileSource | None = None
) -> PilotFiles:
    """Read every file of a pilot (from ``folder``, or from ``source`` when given).

    Nothing here raises for bad content: every problem becomes a finding.
    """
    source = source or FolderSource(folder)
    result = PilotFiles(folder, display, today=today or dt.date.today())
    present = source.yaml_files()
    for relative in present:
        shown = _join(display, relative)
        kind = file_kind(PurePosixPath(relative))
        result.files.append(shown)
        if kind is None:
            result.findings.append(
                Finding(
                    Severity.WARNING,
                    "BV013",
                    "Ukjent fil i pilotmappen; den blir ikke kontrollert"
                    f" (kjente filer: {PILOT_FILE}, {AGREEMENT_FILE}, {PLANS_DIR}/ÅÅÅÅ.yaml)",
                    shown,
                )
            )
            continue
        document, findings = read_document(source, relative, shown, kind)
        result.findings.extend(findings)
        if document is not None:
            _place(result, kind, relative, document)
    result.plans = dict(sorted(result.plans.items()))
    for required in (PILOT_FILE, AGREEMENT_FILE):
        if required not in present:
            result.findings.append(
                Finding(
                    Severity.ERROR,
                    "BV014",
                    f"Pilotmappen mangler {required}",
                    _join(display, required),
                )
            )
    return result


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
