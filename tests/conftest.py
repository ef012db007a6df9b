"""Shared pytest set-up: the switch that rewrites golden files.

Rendered documents are compared with reference files under ``tests/golden/``. After a
deliberate change to a template or the data, rewrite them and review the diff:

    .venv/bin/python -m pytest tests/test_render.py --update-golden
    (or BYGDEVEKST_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py)
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


def pytest_configure(config: pytest.Config) -> None:
    """The command line's language follows the environment (``cli_language``); the tests
    expect Bokmål where no pilot chooses, whatever the machine's locale. Set before any test
    module imports the application (its help texts are read at import)."""
    os.environ.pop("BYGDEVEKST_LANGUAGE", None)
    os.environ["LC_ALL"] = "C.UTF-8"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files under tests/golden/ instead of comparing with them.",
    )


GoldenCheck = Callable[[str, str], None]


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> GoldenCheck:
    """``golden(name, text)``: compare ``text`` with ``tests/golden/<name>`` (or rewrite it)."""
    update = bool(request.config.getoption("--update-golden")) or bool(
        os.environ.get("BYGDEVEKST_UPDATE_GOLDEN")
    )

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.is_file(), f"{path} is missing; run pytest with --update-golden"
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"golden/{name}",
                    "rendered",
                    n=2,
                )
            )
            pytest.fail(
                f"{name} differs from its golden file (--update-golden rewrites it):\n{diff}"
            )

    return check
