"""A run of ``validate`` that the results cache serves imports no model, rule or parser.

This is the pre-commit hook's and the editor's case: the same pilot checked again and
again. Each case runs the real console entry point (``bygdevekst_cli.cli:main``) in a
fresh interpreter and lists, from ``sys.modules``, the libraries it loaded; the first run
of a fresh cache folder fills the cache, the second must be served from it, import none
of them, and print exactly what the first printed.

pydantic is not in the list yet: Typer's parameter coercion (``typer._adapters``) still
imports it before any command runs; once the command line no longer does, it belongs here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bygdevekst_cli.language import words
from bygdevekst_cli.present.validate import REPORTER_BY_NAME
from tests.helpers import copy_minimal, edit

#: What a cached run must not import (packages of the library, and libraries).
NOT_ON_A_CACHED_RUN = (
    "pydantic",
    "bygdevekst_cli.models",
    "bygdevekst_cli.rules",
    "bygdevekst_cli.loader",
    "bygdevekst_cli.pilotset",
    "bygdevekst_cli.render.views",
    "bygdevekst_cli.config_table",
    "ruamel",
    "yaml",
    "rich",
    "jinja2",
    "pathspec",
    "git",
)

#: SARIF lists every rule with its explanation, whose slots (a tolerance, the current
#: format version) the rule modules hold: it imports the rules by design.
LIGHT_FORMATS = sorted(name for name in REPORTER_BY_NAME if name != "sarif")

_PROBE = """
import io, json, sys
from contextlib import redirect_stdout
from bygdevekst_cli.cli import main
watched = json.loads(sys.argv[1])
sys.argv = ["bygdevekst", *sys.argv[2:]]
out = io.StringIO()
code = 0
with redirect_stdout(out):
    try:
        main()
    except SystemExit as exit_:
        code = exit_.code or 0
names = set(sys.modules)
loaded = sorted(m for m in watched if m in names or any(k.startswith(m + ".") for k in names))
print(json.dumps({"code": code, "loaded": loaded, "output": out.getvalue()}))
"""


def _run(args: list[str], cwd: Path, cache: Path) -> dict[str, object]:
    env = {**os.environ, "BYGDEVEKST_CACHE_DIR": str(cache), "BYGDEVEKST_LANGUAGE": "nb"}
    for name in ("BYGDEVEKST_NO_CACHE", "NO_COLOR", "FORCE_COLOR"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(NOT_ON_A_CACHED_RUN), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two copies of the minimal pilot in ``tmp_path/repo/pilots``: one with a warning
    (BV224: a case number left out), one with an error (BV104: negative money); and the
    configuration file ``init`` writes, every key commented out."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "bygdevekst.toml").write_text(words("nb")("init.config_file"), encoding="utf-8")
    warned = copy_minimal(root, "alfa") / "plans" / "2026.yaml"
    edit(warned, "    case_number: 26/10\n", "")
    wrong = copy_minimal(root, "beta") / "plans" / "2026.yaml"
    edit(wrong, "own_funds: 100000", "own_funds: -3")
    return root


def _without_time(output: object) -> str:
    """JUnit's timestamp is the time of the run."""
    return re.sub(r'timestamp="[^"]*"', "", str(output))


def test_a_second_run_imports_no_model_rule_or_parser_and_prints_the_same(
    repo: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = _run(["validate", "pilots"], repo, cache)
    # the check can fail: the run that fills the cache reads the pilot with the models
    loaded = first["loaded"]
    assert isinstance(loaded, list)
    assert {"bygdevekst_cli.models", "bygdevekst_cli.rules", "yaml"} <= set(loaded)
    assert first["code"] == 1
    assert "BV104" in str(first["output"]) and "BV224" in str(first["output"])
    second = _run(["validate", "pilots"], repo, cache)
    assert second["loaded"] == []
    assert second["output"] == first["output"]
    assert second["code"] == first["code"]


def test_no_cache_keeps_the_tools_own_data(repo: Path, tmp_path: Path) -> None:
    """``--no-cache`` turns off results, not what comes of the tool's own files: Babel's
    plural rule, read to count the findings, is kept and read again (``cache``)."""
    cache = tmp_path / "cache"
    first = _run(["validate", "pilots", "--no-cache"], repo, cache)
    assert not (cache / "validate").exists()
    assert (cache / "plural-rule-nb.marshal").is_file()
    assert _run(["validate", "pilots", "--no-cache"], repo, cache)["output"] == first["output"]


@pytest.mark.parametrize("output_format", LIGHT_FORMATS)
def test_every_format_from_the_cache_is_the_output_without_it(
    output_format: str, repo: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    args = ["validate", "pilots", "--format", output_format]
    cold = _run([*args, "--no-cache"], repo, cache)
    assert not (cache / "validate").exists()  # --no-cache kept no result
    _run(args, repo, cache)  # fills the cache
    cached = _run(args, repo, cache)
    assert cached["loaded"] == []
    assert cached["code"] == cold["code"] == 1
    assert _without_time(cached["output"]) == _without_time(cold["output"])
    assert "BV104" in str(cached["output"]) and "BV224" in str(cached["output"])


def test_a_pilot_named_by_its_id_is_served_as_lightly(repo: Path, tmp_path: Path) -> None:
    """``bygdevekst validate alfa`` in the repository: the id is looked up among the
    pilots' folders without loading the pilot reader."""
    cache = tmp_path / "cache"
    first = _run(["validate", "alfa"], repo, cache)
    second = _run(["validate", "alfa"], repo, cache)
    assert second["loaded"] == []
    assert second["output"] == first["output"]
    assert "pilots/alfa/plans/2026.yaml" in str(second["output"])
    assert "BV224" in str(second["output"]) and "BV104" not in str(second["output"])


def test_a_configuration_with_every_key_commented_out_is_read_without_pydantic(
    tmp_path: Path,
) -> None:
    """The file ``init`` writes sets nothing: its defaults need no validation library (one
    that sets something is checked by pydantic, ``test_config.py``)."""
    path = tmp_path / "bygdevekst.toml"
    path.write_text(words("nb")("init.config_file"), encoding="utf-8")
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from bygdevekst_cli.config import Settings, read_config\n"
        "config = read_config(Path(sys.argv[1]))\n"
        "print(json.dumps([str(config.file), config.settings == Settings(),"
        " sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic')]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == [str(path), True, []]
