"""Shared test helpers: build pilot trees from the fixtures, edit them, run the real CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from bygdevekst_cli.cli import app
from bygdevekst_cli.findings import Report
from bygdevekst_cli.validate import validate_paths

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal"
REPO = Path(__file__).parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
"""The source documents (../shared/seeds beside the repository, also in CI).

A fresh clone does not have them: the tests that read them (conftest.py finds those by the
names ``SEEDS``/``SEED_*`` they use) skip there, and fail in CI (see ``skip_or_fail``)."""
TODAY = dt.date(2026, 11, 22)
"""A fixed «today» for rules that compare meeting dates with the calendar."""


def copy_minimal(tmp_path: Path, name: str = "testdalen") -> Path:
    """A valid pilot (no findings at all) in ``tmp_path/pilots/<name>``."""
    target = tmp_path / "pilots" / name
    shutil.copytree(MINIMAL, target)
    return named_as_folder(target)


def copy_pilot(source: Path, tmp_path: Path, name: str, language: str = "nn") -> Path:
    """The pilot folder ``source`` (written in Nynorsk) copied to ``tmp_path/pilots/<name>``,
    its written standard switched to ``language``."""
    target = tmp_path / "pilots" / name
    shutil.copytree(source, target)
    if language != "nn":
        edit(target / "pilot.yaml", "language: nn", f"language: {language}")
    return named_as_folder(target)


def named_as_folder(pilot: Path) -> Path:
    """``pilot`` with the id its folder names (BV214), as a copied pilot folder needs."""
    text = (pilot / "pilot.yaml").read_text(encoding="utf-8")
    named = re.sub(r"(?m)^id: .*$", f"id: {pilot.name}", text, count=1)
    (pilot / "pilot.yaml").write_text(named, encoding="utf-8", newline="")
    return pilot


def validate_json(folder: Path) -> tuple[int, list[dict[str, Any]]]:
    """``validate --format json`` through the CLI: the exit code and the findings."""
    code, output = run_cli("validate", str(folder), "--format", "json")
    return code, json.loads(output)["findings"]


def edit(path: Path, old: str, new: str) -> str:
    """Replace ``old`` (which must occur exactly once) with ``new``; returns the new text."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8", newline="")
    return text


def line_of(text: str, anchor: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``anchor``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if anchor in line]
    assert len(hits) >= occurrence, f"{anchor!r} not found {occurrence} times"
    return hits[occurrence - 1]


def check(path: Path, cwd: Path | None = None) -> Report:
    return validate_paths([path], cwd=cwd or path.parent, today=TODAY)


def codes(report: Report) -> list[tuple[str, str, int | None]]:
    """``(code, file name, line)`` of every finding, sorted."""
    return sorted((f.code, Path(f.file).name, f.line) for f in report.findings)


def tree(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (links not followed) and a digest of each file's bytes."""
    found: dict[str, str] = {}
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if name != ".git"]
        for name in folders + files:
            path = Path(folder, name)
            if path.is_symlink():
                found[str(path.relative_to(root))] = f"-> {path.readlink()}"
            elif path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[str(path.relative_to(root))] = digest
            else:
                found[str(path.relative_to(root))] = "folder"
    return found


def invoke(*args: str) -> Result:
    """The real command line run in this process (Typer's ``CliRunner``)."""
    return CliRunner().invoke(app, list(args))


def run_cli(*args: str) -> tuple[int, str]:
    result = invoke(*args)
    return result.exit_code, result.output


NBSP = "\u00a0"

_NOBREAK = re.compile(r'<span class="nobreak">([^<]*)</span>|<wbr>')


def as_read(html: str) -> str:
    """An HTML page's markup without the spans and ``<wbr>`` that keep a table cell's
    numbers and addresses whole (``nobreak``): its text as a reader reads it."""
    return _NOBREAK.sub(lambda match: match[1] or "", html)


def kr(amount: int) -> str:
    """An amount as the documents print it: «1 200 000 kr», with no-break spaces."""
    return f"{amount:,}".replace(",", NBSP) + f"{NBSP}kr"


def render_file(pilot: Path, out: Path, document: str, fmt: str, *extra: str) -> Path:
    """``bygdevekst render`` of one document into ``out``, which must succeed: the file."""
    code, output = run_cli("render", document, str(pilot), "-f", fmt, "-o", str(out), *extra)
    assert code == 0, output
    [written] = sorted(out.rglob(f"*.{fmt}"))
    return written


def libreoffice_pdf(docx: Path) -> Path:
    """``docx`` converted to PDF by LibreOffice beside it, as a case officer opens it (a
    profile of the test's own, not that of another soffice running): the PDF."""
    profile = (docx.parent / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(docx.parent), str(docx)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return docx.with_suffix(".pdf")


def vest_telemark_without_plans(tmp_path: Path) -> Path:
    """Vest-Telemark in ``tmp_path/pilots`` without its plans: an import makes the first."""
    target = tmp_path / "pilots" / "vest-telemark"
    shutil.copytree(REPO / "pilots" / "vest-telemark", target)
    for plan in (target / "plans").glob("*.yaml"):
        plan.unlink()
    return target


def console_script() -> str:
    """The installed ``bygdevekst`` script beside this Python (a real process, not Typer's
    runner: the console's encoding and the exit code as a shell sees them)."""
    script = Path(sys.executable).with_name("bygdevekst")
    assert script.exists(), script
    return str(script)


def in_ci() -> bool:
    """True on a CI runner (GitHub Actions, GitLab CI and most others set ``CI=true``)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def skip_or_fail(reason: str) -> None:
    """Skip with a one-line ``reason``; under ``CI=true`` fail instead, so that a missing
    prerequisite of the suite never passes as a silent skip in CI."""
    if in_ci():
        pytest.fail(f"{reason} (required when CI=true)", pytrace=False)
    pytest.skip(reason)


def fresh_clone(tmp_path: Path, only: tuple[str, ...] = ()) -> Path:
    """The repository's tracked files as they are now (what ``git clone`` gives, with this
    work tree's changes), in a folder with no ``../shared`` beside it; ``only`` keeps the
    paths that start with one of its prefixes."""
    import git

    clone = tmp_path / "clone" / "bygdevekst"
    for relative in git.Repo(REPO).git.ls_files().splitlines():
        source = REPO / relative
        if source.is_file() and relative.startswith(only or ("",)):
            (clone / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / relative)
    assert not (clone.parent / "shared").exists()
    return clone


def require_seeds(seeds: Path = SEEDS) -> None:
    """Skip (or, in CI, fail) unless the source documents are beside the repository."""
    if not seeds.is_dir():
        skip_or_fail(f"the source documents are absent ({seeds.as_posix()}; see README)")


#: Ways a cache entry gets damaged on disk (a crash while writing, a bad disk, another
#: program's file): each must read as a miss, never as a wrong answer or an error.
DAMAGES: list[Callable[[bytes], bytes]] = [
    lambda raw: raw[: len(raw) // 2],  # cut short
    lambda raw: raw[:-40] + bytes(b ^ 0x55 for b in raw[-40:]),  # bytes changed
    lambda raw: b"",  # empty
    lambda raw: b"not marshal at all",
]
DAMAGE_NAMES = ["truncated", "flipped", "empty", "garbage"]
