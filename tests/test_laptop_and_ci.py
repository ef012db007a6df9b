"""What a secretariat's laptop and a CI runner do that a developer's machine does not.

A console that cannot show every character (cp1252 on Windows, ASCII under ``LC_ALL=C``),
folders named with æøå, output folders and files that cannot be written, and the git
repositories CI makes. Each test runs the real command line: the installed console script
in a subprocess where the environment matters, else Typer's runner.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import git
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from tests.gitrepo import commit, init_repo
from tests.helpers import DATA, REPO, console_script, edit, line_of

SAMI_TITLE = "Bustadmøte i Fyresdal – «Giehtaválli» ŋ"


def run(args: list[str], cwd: Path, **env: str | None) -> subprocess.CompletedProcess[bytes]:
    """The console script in ``cwd`` with ``env`` over this process's environment (None
    removes a variable)."""
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("PYTHONUTF8", None)
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [console_script(), *args], cwd=cwd, env=environment, capture_output=True, check=False
    )


def invoke(*args: str) -> tuple[int, str]:
    """The command line in this process (Typer's runner): its exit code and output."""
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def pilots(tmp_path: Path) -> Path:
    """A pilots repository in a folder named with spaces and æøå, holding ``fjellbygda``
    (tests/data/fullpilot, Nynorsk, plans 2026 and 2027) with a Sami word in a title."""
    root = tmp_path / "Sekretariat for pilotar" / "pilotar æøå"
    repo = init_repo(root)
    pilot = root / "pilots" / "fjellbygda"
    shutil.copytree(DATA / "fullpilot", pilot)
    for year in ("2026", "2027"):
        edit(
            pilot / "plans" / f"{year}.yaml",
            "title: Bustadmøte i Fyresdal\n",
            f"title: {SAMI_TITLE}\n",
        )
    commit(repo, "Fjellbygda")
    return root


# --- consoles that cannot show every character ------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_a_narrow_console_shows_the_arrow_of_a_change_readably(pilots: Path, encoding: str) -> None:
    done = run(
        ["diff", "fjellbygda", "--from", "2026", "--to", "2027"], pilots, PYTHONIOENCODING=encoding
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    shown = done.stdout.decode(encoding)
    assert "fjellbygda: 2026 -> 2027" in shown
    assert "status: planlagt -> avslutta" in shown
    title = {"cp1252": SAMI_TITLE, "ascii": 'Bustadm?te i Fyresdal - "Giehtav?lli" ?'}
    assert f"Tiltak 1.2 {title[encoding].replace('ŋ', '?')}\n" in shown


@pytest.mark.parametrize("output_format", ["json", "junit", "github", "gitlab"])
def test_machine_formats_are_utf8_whatever_the_console(pilots: Path, output_format: str) -> None:
    """``validate -f json > report.json`` on Windows: JSON is UTF-8, JUnit XML says it is,
    and the runner reads GitHub's workflow commands as UTF-8; a cp1252 console made the
    file name "?otat.yaml", a file no reader finds."""
    (pilots / "pilots" / "fjellbygda" / "ŋotat.yaml").write_text("a: 1\n", encoding="utf-8")
    args = ["validate", "--format", output_format]
    done = run(args, pilots, PYTHONIOENCODING="cp1252")
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    if output_format == "json":
        files = [f["file"] for f in json.loads(text)["findings"]]
        assert "pilots/fjellbygda/ŋotat.yaml" in files
    elif output_format == "junit":
        assert "pilots/fjellbygda/ŋotat.yaml" in ElementTree.tostring(
            ElementTree.fromstring(done.stdout), encoding="unicode"
        )
    else:
        assert "pilots/fjellbygda/ŋotat.yaml" in text


def test_the_json_of_a_diff_is_utf8_whatever_the_console(pilots: Path) -> None:
    done = run(
        ["diff", "fjellbygda", "--from", "2026", "--to", "2027", "-f", "json"],
        pilots,
        PYTHONIOENCODING="cp1252",
    )
    assert done.returncode == 0, done.stderr
    assert SAMI_TITLE in done.stdout.decode("utf-8")


def test_the_json_of_an_import_is_utf8_whatever_the_console(pilots: Path, tmp_path: Path) -> None:
    table = tmp_path / "tiltak.csv"
    table.write_bytes("Nr;Delmål;Tiltak;Budsjett 2028\r\n1.1;1;Kartlegging ŋ;1000\r\n".encode())
    args = ["import", "plan", str(table), "--pilot", "fjellbygda", "--year", "2028"]
    done = run([*args, "--dry-run", "--format", "json"], pilots, PYTHONIOENCODING="cp1252")
    assert done.returncode == 0, done.stderr
    placed = json.loads(done.stdout.decode("utf-8"))["placed"]
    assert [m["title"] for m in placed] == ["Kartlegging ŋ"]


C_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
"""An ASCII locale Python does not coerce to UTF-8: file names come in with their bytes
beyond ASCII as lone surrogates, and standard output is ASCII (``surrogateescape``)."""


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["validate", "--format", "gitlab"],
        ["diff", "fjellbygda", "--from", "2026", "--to", "2027"],
        ["history", "fjellbygda"],
        ["check", "--base", "HEAD"],
    ],
    ids=" ".join,
)
def test_a_c_locale_reads_a_repository_in_a_folder_named_with_æøå(
    pilots: Path, args: list[str]
) -> None:
    # a file the pilot does not know (BV013, a warning): a finding whose path has "ø"
    (pilots / "pilots" / "fjellbygda" / "merknad-ø.yaml").write_text("a: 1\n", encoding="utf-8")
    done = run(args, pilots, **C_LOCALE)
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, done.stderr
    assert done.stdout
    if args == ["validate"]:  # a file name as the bytes it has, a letter of the words as "?"
        assert "pilots/fjellbygda/merknad-ø.yaml: ?tvaring BV013".encode() in done.stdout


def test_a_c_locale_runs_a_tool_installed_under_a_folder_named_with_æøå(
    pilots: Path, tmp_path: Path
) -> None:
    """The words' and the results' cache entries are named from where the tool is
    installed (``C:\\Users\\Åse\\...`` on a laptop, a runner's workspace)."""
    home = tmp_path / "Åse Ødegård"
    shutil.copytree(REPO / "src" / "bygdevekst_cli", home / "src" / "bygdevekst_cli")
    shutil.copytree(REPO / "templates", home / "templates")
    environment = {**os.environ, **C_LOCALE, "PYTHONPATH": str(home / "src")}
    for args in (["--version"], ["validate", "-q"]):
        done = subprocess.run(
            [sys.executable, "-m", "bygdevekst_cli", *args],
            cwd=pilots,
            env=environment,
            capture_output=True,
            check=False,
        )
        assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
        assert done.returncode == 0, done.stderr
    version = subprocess.run(
        [sys.executable, "-c", "import bygdevekst_cli; print(bygdevekst_cli.__file__)"],
        env=environment,
        capture_output=True,
        check=True,
    )
    assert os.fsencode(str(home)) in version.stdout  # the copy ran, not the installed one


# --- paths, and folders and files that cannot be written --------------------------------------


def test_validate_dot_at_the_repository_root_checks_its_pilots(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``bygdevekst validate .`` there said «no pilot folders (with pilot.yaml) in ...»."""
    monkeypatch.chdir(pilots)
    everything = invoke("validate")
    assert everything[0] == 0, everything[1]
    assert invoke("validate", ".") == everything
    assert invoke("validate", str(pilots)) == everything
    for command in ("fmt", "migrate"):
        code, output = invoke(command, "--check", ".")
        assert code == 0, output


def test_a_site_whose_folder_cannot_be_made_is_a_message(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(pilots)
    (pilots / "out").write_text("a file, not a folder\n", encoding="utf-8")
    code, output = invoke("site", "--output", "out/site", "--downloads", "none")
    assert code == 1, output
    assert "out/site: kan ikkje skrive i mappa" in output
    assert sorted(path.name for path in pilots.iterdir() if path.name.startswith(".out")) == []


@pytest.mark.parametrize("failing", ["old site away", "new site in"])
def test_a_site_that_cannot_be_moved_into_place_keeps_the_old_one(
    pilots: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """A folder a browser or an explorer window holds open on Windows cannot be moved: the
    old site stays where it was, whole, and no temporary folder is left beside it."""
    monkeypatch.chdir(pilots)
    assert invoke("site", "--output", "public", "--downloads", "none")[0] == 0
    before = {p.relative_to(pilots): p.read_bytes() for p in (pilots / "public").rglob("*.html")}
    real_replace = Path.replace

    def replace(self: Path, target: str | os.PathLike[str]) -> Path:
        moving_old = self.name == "public"
        if moving_old == (failing == "old site away"):
            raise PermissionError(13, "Permission denied", str(self))
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    code, output = invoke("site", "--output", "public", "--downloads", "none")
    monkeypatch.undo()
    assert code == 1, output
    assert "public: kan ikkje skrive i mappa (manglar løyve)" in output
    after = {p.relative_to(pilots): p.read_bytes() for p in (pilots / "public").rglob("*.html")}
    assert after == before
    assert [p.name for p in pilots.iterdir() if p.name.startswith(".public")] == []


def test_a_read_only_document_is_not_replaced(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file marked read-only (kept so on purpose, or open in Word on Windows) stays as it
    is: the command names it and fails, on POSIX as on Windows."""
    monkeypatch.chdir(pilots)
    target = pilots / "handlingsplan.md"
    target.write_text("Den signerte versjonen\n", encoding="utf-8")
    target.chmod(0o444)
    code, output = invoke("render", "plan", "fjellbygda", "-o", "handlingsplan.md")
    assert code == 1, output
    assert "handlingsplan.md: kan ikkje skrive fila (manglar løyve)" in output
    assert target.read_text(encoding="utf-8") == "Den signerte versjonen\n"
    assert [p.name for p in pilots.iterdir() if p.name.endswith(".tmp")] == []
    target.chmod(0o644)
    assert invoke("render", "plan", "fjellbygda", "-o", "handlingsplan.md")[0] == 0
    assert "Den signerte versjonen" not in target.read_text(encoding="utf-8")


def test_a_read_only_pilot_file_is_not_reformatted(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(pilots)
    plan = pilots / "pilots" / "fjellbygda" / "plans" / "2027.yaml"
    text = plan.read_text(encoding="utf-8").replace("\nyear: 2027\n", "\nyear:   2027\n", 1)
    plan.write_text(text, encoding="utf-8")
    plan.chmod(0o444)
    code, output = invoke("fmt", "pilots/fjellbygda")
    assert code == 1, output
    assert "pilots/fjellbygda/plans/2027.yaml" in output and "manglar løyve" in output
    assert plan.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    "args",
    [
        ["render", "plan", "fjellbygda", "-o", "{long}.md"],
        ["overview", "-o", "{long}.xlsx"],
        ["site", "-o", "{long}", "--downloads", "none"],
        ["validate", "{long}"],
        ["init", "ny", "--dir", "{long}", "--name", "Ny", "--lang", "nn"],
    ],
    ids=lambda args: args[0],
)
def test_a_name_too_long_for_the_file_system_is_a_message(
    pilots: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """A document title of 200 letters with æøå is 400 bytes: more than a file name may
    hold (255). The path is checked before anything is made of it."""
    monkeypatch.chdir(pilots)
    long = "Handlingsplan for bygdevekst i kommunane på Østlandet " * 6
    code, output = invoke(*(arg.format(long=long) for arg in args))
    assert code == 1, output
    assert output.startswith("bygdevekst: ") and long in output
    assert "bruke stien" in output  # Nynorsk after reading the pilot, Bokmål before
    assert "Traceback" not in output


def test_the_command_init_says_to_run_works_in_a_folder_with_spaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Mine dokument" / "Pilotar Ås").mkdir(parents=True)
    code, output = invoke(
        "init", "ny", "--name", "Ny", "--lang", "nn", "--dir", "Mine dokument/Pilotar Ås"
    )
    assert code == 0, output
    told = output.rstrip().splitlines()[-1]
    assert told == 'Køyr «bygdevekst validate "Mine dokument/Pilotar Ås/ny"».'
    program, *args = shlex.split(told.split("«")[1].split("»")[0])
    assert program == "bygdevekst"
    code, output = invoke(*args)
    assert code == 0, output
    assert "2 filer kontrollerte" in output


def test_a_new_pilot_folder_is_readable_by_others_as_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """init writes the pilot in a private temporary folder (0700) and moves it into place:
    a shared drive, a web server or a second user must read it as the files in it."""
    init_repo(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    umask = os.umask(0o022)
    try:
        code, output = invoke("init", "ny-pilot", "--name", "Ny pilot", "--lang", "nn")
    finally:
        os.umask(umask)
    assert code == 0, output
    folder = tmp_path / "repo" / "pilots" / "ny-pilot"
    assert folder.stat().st_mode & 0o777 == 0o755
    assert (folder / "pilot.yaml").stat().st_mode & 0o777 == 0o644


def test_no_home_and_a_user_the_system_does_not_know(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI container run as a bare user id, without HOME: no cache folder, no traceback."""
    for name in ("HOME", "XDG_CACHE_HOME", "BYGDEVEKST_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")  # as pathlib says it

    monkeypatch.setattr(Path, "home", no_home)
    monkeypatch.chdir(pilots)
    code, output = invoke("validate", "-q")
    assert code == 0, output
    assert invoke("history", "fjellbygda")[0] == 0


def test_a_relative_xdg_cache_home_leaves_the_repository_alone(
    pilots: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``XDG_CACHE_HOME=.cache`` (invalid: the spec wants an absolute path) put the cache in
    whatever folder the command ran in, the pilots repository, for git to pick up."""
    monkeypatch.delenv("BYGDEVEKST_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", ".cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(pilots)
    assert invoke("validate", "-q")[0] == 0
    assert git.Repo(pilots).git.status("--porcelain", "--untracked-files=all") == ""
    assert (tmp_path / "home" / ".cache" / "bygdevekst").is_dir()


def no_permission(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """``folder`` as another user's 0700 folder is to this one (the tests may run as root,
    whom ``chmod`` does not stop): it cannot be listed, nor a name in it looked up."""
    scandir, is_file = os.scandir, Path.is_file

    def refuse(path: str | os.PathLike[str]) -> None:
        if Path(path).resolve().is_relative_to(folder.resolve()):
            raise PermissionError(13, "Permission denied", os.fspath(path))

    def listing(path: str | os.PathLike[str] = ".") -> Any:
        refuse(path)
        return scandir(path)

    def file(path: Path) -> bool:
        if path.parent != folder.parent:
            refuse(path)
        return is_file(path)

    monkeypatch.setattr(os, "scandir", listing)
    monkeypatch.setattr(Path, "is_file", file)


def test_a_folder_that_cannot_be_read_is_an_error_not_an_empty_folder(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """plans/ without permission was passed over: the pilot validated without its plans."""
    monkeypatch.chdir(pilots)
    plans = pilots / "pilots" / "fjellbygda" / "plans"
    kept = pilots / "kept"
    plans.rename(kept)
    plans.mkdir()  # an empty plans/ first, its result kept in the cache
    assert invoke("validate", "pilots/fjellbygda")[0] == 0
    no_permission(monkeypatch, plans)
    for _ in range(2):  # the listing it could not read is part of the cache key
        code, output = invoke("validate", "pilots/fjellbygda")
        assert code == 1, output
        assert "pilots/fjellbygda/plans: feil BV011 Kan ikkje lese mappa" in output
        assert "manglar løyve" in output


def test_a_pilot_folder_that_cannot_be_read_does_not_stop_the_others(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(pilots)
    other = pilots / "pilots" / "nabo"
    shutil.copytree(DATA / "minimal", other)
    no_permission(monkeypatch, other)
    code, output = invoke("render", "plan", "fjellbygda", "-o", "-")
    assert code == 0, output
    code, output = invoke("validate")
    assert code == 1, output
    assert "pilots/nabo: feil BV011 Kan ikkje lese mappa" in output
    assert "manglar pilot.yaml" not in output  # it may well be there
    code, output = invoke("check", "--base", "HEAD")
    assert code == 1, output
    assert "pilots/nabo: pilots/nabo har feil" in output and "fjerna" not in output


# --- the CI templates, their commands as written ----------------------------------------------

GITHUB = REPO / "ci" / "github-actions" / "bygdevekst.yml"
GITLAB = REPO / "ci" / "gitlab" / "bygdevekst.gitlab-ci.yml"
NEW_TITLE = "Kartlegging av bustadbehov og tomter"


def github_step(name: str) -> str:
    steps = YAML(typ="safe").load(GITHUB.read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    return str(next(step["run"] for step in steps if step.get("name") == name))


def gitlab_script(job: str) -> str:
    jobs = YAML(typ="safe").load(GITLAB.read_text(encoding="utf-8"))
    return "\n".join(jobs[job]["script"])


def pull_request(pilots: Path, tmp_path: Path, broken: bool) -> Path:
    """The runner's checkout of a pull request as actions/checkout makes it: the whole
    history, detached at the merge of the branch into main, with no git identity."""
    plan = pilots / "pilots" / "fjellbygda" / "plans" / "2027.yaml"
    subprocess.run(["git", "checkout", "-q", "-b", "endring"], cwd=pilots, check=True)
    edit(plan, "title: Kartlegging av bustadbehov\n", f"title: {NEW_TITLE}\n")
    if broken:
        edit(plan, "own_funds: 100000\n", "own_funds: -100000\n")
    commit(git.Repo(pilots), "Ny tittel på 1.1")
    subprocess.run(["git", "checkout", "-q", "main"], cwd=pilots, check=True)
    runner = tmp_path / "runner" / "work"
    subprocess.run(["git", "clone", "-q", str(pilots), str(runner)], check=True)
    as_github = ["git", "-c", "user.name=GitHub", "-c", "user.email=noreply@github.com"]
    subprocess.run([*as_github, "fetch", "-q", "origin", "endring"], cwd=runner, check=True)
    subprocess.run(
        [*as_github, "checkout", "-q", "--detach", "origin/main"], cwd=runner, check=True
    )
    merge = [*as_github, "merge", "-q", "--no-ff", "--no-edit", "origin/endring"]
    subprocess.run(merge, cwd=runner, check=True)
    return runner


def run_script(
    script: str, cwd: Path, tmp_path: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """A CI step's script in bash, with the tool on PATH and no git identity anywhere."""
    (tmp_path / "runner-home").mkdir(exist_ok=True)
    environment = {
        **os.environ,
        "PATH": f"{Path(console_script()).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path / "runner-home"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        **env,
    }
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("broken", [False, True], ids=["good", "failing"])
def test_the_github_pull_request_step(pilots: Path, tmp_path: Path, broken: bool) -> None:
    runner = pull_request(pilots, tmp_path, broken)
    summary = tmp_path / "step-summary.md"
    done = run_script(
        github_step("Check the change"),
        runner,
        tmp_path,
        BASE_REF="main",
        GITHUB_ACTIONS="true",
        GITHUB_STEP_SUMMARY=str(summary),
    )
    assert "Traceback" not in done.stderr, done.stderr
    text = summary.read_text(encoding="utf-8")
    if not broken:
        assert done.returncode == 0, done.stdout + done.stderr
        assert not [line for line in done.stdout.splitlines() if line.startswith("::error")]
        assert f"«Kartlegging av bustadbehov» → «{NEW_TITLE}»" in text
        return
    assert done.returncode == 1, done.stdout + done.stderr
    plan = (runner / "pilots" / "fjellbygda" / "plans" / "2027.yaml").read_text(encoding="utf-8")
    line = line_of(plan, "own_funds: -100000")
    annotation = f"::error file=pilots/fjellbygda/plans/2027.yaml,line={line},col="
    assert done.stdout.startswith(annotation), done.stdout
    # the plan that does not read is named, not passed off as "no changes"
    assert (
        "## pilots/fjellbygda\n\npilots/fjellbygda/plans/2027.yaml har feil, så endringane" in text
    )
    assert "Ingen endringar" not in text


def test_the_github_push_step_and_the_gitlab_jobs(pilots: Path, tmp_path: Path) -> None:
    runner = pull_request(pilots, tmp_path, broken=True)
    plan = "pilots/fjellbygda/plans/2027.yaml"
    done = run_script(github_step("Validate every pilot"), runner, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"::error file={plan},line=" in done.stdout
    base = subprocess.run(
        ["git", "rev-parse", "origin/main"], cwd=runner, capture_output=True, text=True, check=True
    ).stdout.strip()
    done = run_script(
        gitlab_script("bygdevekst:check"), runner, tmp_path, CI_MERGE_REQUEST_DIFF_BASE_SHA=base
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert (
        f"{plan}:{line_of((runner / plan).read_text(encoding='utf-8'), 'own_funds: -100000')}:"
        in done.stdout
    )
    assert f"{plan} har feil" in (runner / "bygdevekst.md").read_text(encoding="utf-8")
    done = run_script(gitlab_script("bygdevekst:validate"), runner, tmp_path)
    assert done.returncode == 1 and f"{plan}:" in done.stdout


PAGES = sorted((REPO / "ci" / "pages").glob("*.yml"))


@pytest.mark.parametrize("path", [GITHUB, GITLAB, *PAGES], ids=lambda path: path.name)
def test_every_ci_template_installs_the_pinned_release(path: Path) -> None:
    """The Pages templates installed ``bygdevekst-cli`` unpinned from the package index,
    where it is not published (the job failed), or where anyone could publish that name."""
    from bygdevekst_cli.repository import tool_version_tag

    text = path.read_text(encoding="utf-8")
    installs = [line for line in text.splitlines() if "pip install" in line]
    assert installs
    for line in installs:
        assert line.rstrip().endswith(
            '"bygdevekst-cli @ ${BYGDEVEKST_SOURCE}@${BYGDEVEKST_VERSION}"'
        )
    assert re.findall(r"BYGDEVEKST_VERSION: (\S+)", text) == [tool_version_tag()]


def test_the_github_pages_build_step(pilots: Path, tmp_path: Path) -> None:
    pages = REPO / "ci" / "pages" / "github-pages.yml"
    steps = YAML(typ="safe").load(pages.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    script = next(step["run"] for step in steps if step.get("name") == "Build the site")
    done = run_script(script, pilots, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (pilots / "public" / "fjellbygda" / "index.html").is_file()


# --- git as a Windows laptop has it -----------------------------------------------------------


def test_fmt_takes_the_crlf_git_checks_out_on_windows(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Git for Windows checks files out with CRLF (``core.autocrlf=true``) and stores LF:
    the pre-commit hook ``fmt --check`` passes on them, and ``fmt`` keeps the CRLF, so that
    git shows only the line it changed."""
    repo = git.Repo(pilots)
    repo.git.config("core.autocrlf", "true")
    repo.git.rm("-q", "--cached", "-r", ".")
    repo.git.reset("--hard")
    plan = pilots / "pilots" / "fjellbygda" / "plans" / "2027.yaml"
    assert plan.read_bytes().count(b"\r\n") == plan.read_bytes().count(b"\n")
    monkeypatch.chdir(pilots)
    code, output = invoke("fmt", "--check")
    assert code == 0, output
    plan.write_bytes(plan.read_bytes().replace(b"\nyear: 2027\r\n", b"\nyear:   2027\r\n"))
    code, output = invoke("fmt", "--check", "pilots/fjellbygda")
    assert (code, output.count("ikkje i fast form")) == (1, 1), output
    assert invoke("fmt", "pilots/fjellbygda")[0] == 0
    assert b"\nyear: 2027\r\n" in plan.read_bytes()
    assert repo.git.status("--porcelain") == ""
    # without the conversion the CRLF is the file's own, and the layout's LF is written
    repo.git.config("core.autocrlf", "false")
    code, output = invoke("fmt", "--check", "pilots/fjellbygda")
    assert code == 1 and output.count("ikkje i fast form") == 4, output
