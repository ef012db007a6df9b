"""``history --format json`` writes its indented JSON without ``json``'s pure-Python
encoder, and byte for byte as ``json.dumps(..., ensure_ascii=False, indent=2)`` does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Any

import pytest

from bygdevekst_cli.jsontext import indented_json
from tests.gitrepo import pilot_repo, raise_21


class Colour(StrEnum):
    RED = "raud"


class Level(IntEnum):
    HIGH = 3


VALUES: list[Any] = [
    {},
    [],
    "",
    None,
    True,
    0,
    -17,
    2**70,
    1.5,
    1e16,
    -0.0,
    float("nan"),
    float("inf"),
    'æøå «sitat» \u2028 \x00 \x1f \t\n \\ " ’ 😀',
    {"a": {}, "b": [], "c": [[]], "d": [{}], "e": {"f": {"g": [1, [2, [3, {}]]]}}},
    {"flat": {"x": 1, "y": "to", "z": None, "w": True, "v": 2.5}},
    {"keys": {7: "ein", 2.5: "to", True: "sann", None: "ingen"}},
    {"mixed": [1, "a", None, [1, 2], {"k": "v"}, (3, 4), ()]},
    {"enum": Colour.RED, "level": Level.HIGH, "in list": [Colour.RED, Level.HIGH]},
    {"nested keys": {"a": {1: [1, 2]}}},
    ("tuple", ("inner", 1)),
    [[[[["deep"]]]]],
    {"commits": [{"commit": "abc", "parents": ["d", "e"], "changes": [{"old": 1, "new": 2}]}]},
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: repr(v)[:40])
def test_the_same_text_as_json(value: Any) -> None:
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_what_json_refuses_is_refused_alike() -> None:
    for value in ({"set": {1, 2}}, {"x": [object()]}, {(1, 2): "tuple key"}):
        with pytest.raises(TypeError):
            json.dumps(value, ensure_ascii=False, indent=2)
        with pytest.raises(TypeError):
            indented_json(value)


_PROBE = """
import io, json, sys
from contextlib import redirect_stdout
import typer
from bygdevekst_cli.cli import app
out = io.StringIO()
with redirect_stdout(out):
    try:
        typer.main.get_command(app).main(sys.argv[1:], prog_name="bygdevekst")
    except SystemExit as exit_:
        code = exit_.code or 0
names = set(sys.modules)
heavy = ("rich", "jinja2", "docx", "typst", "openpyxl", "odf", "markdown_it")
loaded = sorted(m for m in heavy if m in names or any(k.startswith(m + ".") for k in names))
print(json.dumps({"code": code, "loaded": loaded, "output": out.getvalue()}))
"""


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_the_history_imports_no_renderer(tmp_path: Path, output_format: str) -> None:
    """Not rich (plain text to a pipe), not the document renderers."""
    repo = pilot_repo(tmp_path / "repo")
    raise_21(repo, 650000, "Større behov.")
    env = {**os.environ, "BYGDEVEKST_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "history", "testdalen", "-f", output_format],
        capture_output=True,
        text=True,
        env=env,
        cwd=repo.working_dir,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["code"] == 0
    assert "650" in result["output"]  # the history was shown
    assert result["loaded"] == []
