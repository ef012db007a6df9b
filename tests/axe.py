"""axe-core in headless Chromium over HTML pages (``tests/a11y/axe-check.mjs``), for the
tests that check rendered documents, the dashboard and the site against WCAG 2.1 A/AA."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

A11Y = Path(__file__).parent / "a11y"
CHROMIUM = Path("/usr/bin/chromium")


def axe_missing() -> str | None:
    """Why axe cannot run here (a tool not installed), or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not CHROMIUM.is_file():
        return "/usr/bin/chromium is not installed (apt-get install chromium)"
    if not (A11Y / "node_modules" / "axe-core").is_dir():
        return "tests/a11y/node_modules is missing (npm ci in tests/a11y)"
    return None


#: Skipped only on a developer's machine without the tools; CI installs them (.ci/run), and
#: there a missing tool fails the test instead of hiding it.
needs_axe = pytest.mark.skipif(
    axe_missing() is not None and not os.environ.get("CI"),
    reason=str(axe_missing()),
)


def axe_report(files: list[Path]) -> tuple[int, dict[str, Any]]:
    """axe-check's exit code (1: a violation found) and its report of ``files``."""
    done = _run_check("axe-check.mjs", files)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def axe_violations(files: list[Path]) -> dict[str, list[Any]]:
    """axe-core's WCAG 2.1 A/AA violations per file name."""
    _, report = axe_report(files)
    return {str(f["file"]): f["violations"] for f in report["files"]}


def layout_report(
    files: list[Path], layouts: tuple[str, ...] = ("a4-print", "screen")
) -> dict[str, list[dict[str, Any]]]:
    """How each file lays out on an A4 page and a wide screen, or the ``layouts`` named
    (``phone``: 390 px) (``tests/a11y/layout-check.mjs``): per file name, one entry per
    layout with its ``overflow`` in CSS px, its ``broken`` words (split over two lines where
    no break point is), its ``headings``' hyphenated words broken at their hyphen, the
    texts it keeps whole (``nobreak``) that are ``split`` over lines nonetheless, and its
    ``boxes`` that scroll sideways (``label``, whether it ``scrolls``, whether its first
    column stays ``pinned`` in view); what lies inside such a box is no ``overflow``."""
    done = _run_check("layout-check.mjs", files, {"LAYOUTS": ",".join(layouts)})
    assert done.returncode == 0, done.stderr
    return {str(f["file"]): f["layouts"] for f in json.loads(done.stdout)["files"]}


def _run_check(
    script: str, files: list[Path], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``tests/a11y/<script>`` run by node on ``files`` (the tools must be there), with
    ``env`` added to the environment."""
    missing = axe_missing()
    assert missing is None, missing
    return subprocess.run(
        ["node", str(A11Y / script), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )
