"""A newcomer and a secretariat, end to end (README.md, docs/, the wheel, init, CI files).

The README promises that set-up is two commands on a fresh clone; these tests hold what
such a clone, the command examples of the documentation and a pilots repository see."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import fresh_clone

#: Tests that read the source documents through a helper or a parametrize table (not by the
#: names ``conftest.uses_seeds`` looks for); a fresh clone once failed them with a traceback.
INDIRECT_SEED_READERS = (
    "tests/test_import_robustness.py::test_chapter_headings_with_the_word_kapittel[txt-nn]",
    "tests/test_import_robustness.py::test_soft_hyphens_and_special_hyphens_do_not_split_words"
    "[txt-invisible-breaks]",
    "tests/test_import_layouts.py::test_scanned_text_in_word_is_repaired_and_reported",
)


@pytest.mark.parametrize(("ci", "outcome"), [(None, "3 skipped"), ("true", "3 failed")])
def test_tests_that_read_the_seeds_through_a_helper_skip_in_a_fresh_clone(
    tmp_path: Path, ci: str | None, outcome: str
) -> None:
    clone = fresh_clone(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rsf",
            *INDIRECT_SEED_READERS,
        ],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert outcome in result.stdout, output
    assert "the source documents are absent" in result.stdout, output
    assert "FileNotFoundError" not in output, output
