"""``bygdevekst render`` through the real CLI: paths, atomic writes, provenance, errors."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import git
import pytest

from bygdevekst_cli import __version__, fsutil
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.render.documents import Job
from bygdevekst_cli.render.formats import FORMAT_BY_NAME
from bygdevekst_cli.render.output import output_path, safe_component
from bygdevekst_cli.render.provenance import git_state, provenance_of
from tests.helpers import MINIMAL, REPO, run_cli

VEST_TELEMARK = REPO / "pilots" / "vest-telemark"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_all_case_documents_go_to_deterministic_paths(workdir: Path) -> None:
    code, output = run_cli(
        "render", "case", str(VEST_TELEMARK), "--year", "2026", "--municipality", "all",
        "--format", "docx",
    )  # fmt: skip
    assert code == 0, output
    written = sorted(p.relative_to(workdir).as_posix() for p in workdir.rglob("*.docx"))
    assert written == [
        f"out/vest-telemark/2026/saksframlegg-{m}.docx"
        for m in ("fyresdal", "kviteseid", "nissedal", "seljord", "tokke", "vinje")
    ]
    assert "Skreiv out/vest-telemark/2026/saksframlegg-fyresdal.docx" in output
    assert "åtvaring: Kviteseid kommune manglar namnet til kommunedirektøren" in output
    assert not list(workdir.rglob("*.tmp"))


def test_output_names_a_file_or_replaces_the_out_folder(workdir: Path) -> None:
    code, _ = run_cli("render", "agreement", str(VEST_TELEMARK), "-f", "html", "-o", "a.html")
    assert code == 0 and (workdir / "a.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")
    code, _ = run_cli("render", "plan", str(VEST_TELEMARK), "-o", "dokument")
    assert code == 0 and (workdir / "dokument/vest-telemark/2026/handlingsplan.md").is_file()
    code, _ = run_cli("render", "agreement", str(VEST_TELEMARK))
    assert code == 0 and (workdir / "out/vest-telemark/bygdevekstavtale.md").is_file()


def test_markdown_to_standard_output(workdir: Path) -> None:
    code, output = run_cli("render", "status", str(VEST_TELEMARK), "-o", "-")
    assert code == 0
    assert output.startswith("# Statusrapport 2025 for bygdevekstavtala i Vest-Telemark")
    assert not list(workdir.iterdir())


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["case", "vestre-varanger", "-m", "all"], 1, "saksfremlegget trenger en handlingsplan"),
        (["agreement", "vest-telemark", "-m", "fyresdal"], 2, "gjeld berre saksframlegg"),
        (["case", "vest-telemark"], 2, "bruk --municipality ID eller --municipality all"),
        (["plan", "finst-ikkje"], 2, "Fant ingen pilot «finst-ikkje»"),
        (["brosjyre", "vest-telemark"], 2, "brosjyre"),
        (["plan", "vest-telemark", "-f", "odt"], 2, "odt"),
        (["case", "vest-telemark", "-m", "all", "-o", "-"], 2, "gjeld berre eitt dokument"),
    ],
)
def test_errors_are_one_line_with_an_exit_code(
    args: list[str], code: int, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result, output = run_cli("render", *args)
    assert result == code, output
    assert message in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-f", "pdf", "-o", "plan.docx"],
            "--output plan.docx er eit filnamn med endinga .docx, men formatet er pdf",
        ),
        (["-f", "pdf,docx", "-o", "plan.pdf"], "--output plan.pdf er eit filnamn, men det blir 2"),
    ],
)
def test_an_output_that_names_another_file_is_wrong_use_not_a_folder(
    workdir: Path, args: list[str], message: str
) -> None:
    """``-o plan.docx`` made a folder named plan.docx when the format was pdf."""
    code, output = run_cli("render", "plan", str(VEST_TELEMARK), *args)
    assert code == 2
    assert message in output
    assert not list(workdir.iterdir())


def test_an_output_named_in_capitals_is_the_file_and_a_folder_is_a_folder(workdir: Path) -> None:
    code, output = run_cli("render", "plan", str(VEST_TELEMARK), "-f", "pdf", "-o", "Plan.PDF")
    assert code == 0, output
    assert (workdir / "Plan.PDF").read_bytes().startswith(b"%PDF")
    (workdir / "arkiv.pdf").mkdir()  # an existing folder, whatever its name
    code, output = run_cli("render", "plan", str(VEST_TELEMARK), "-f", "md", "-o", "arkiv.pdf")
    assert code == 0, output
    assert (workdir / "arkiv.pdf" / "vest-telemark" / "2026" / "handlingsplan.md").is_file()


def test_a_failed_render_never_replaces_a_good_file(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = workdir / "out/vest-telemark/bygdevekstavtale.docx"
    assert run_cli("render", "agreement", str(VEST_TELEMARK), "-f", "docx")[0] == 0
    good = target.read_bytes()

    def broken(rendered: object) -> bytes:
        raise UserError("konverteringen feilet")

    monkeypatch.setattr(type(FORMAT_BY_NAME["docx"]), "convert", lambda self, r: broken(r))
    code, output = run_cli("render", "agreement", str(VEST_TELEMARK), "-f", "docx")
    assert code == 1 and "konverteringen feilet" in output
    assert target.read_bytes() == good


def test_a_failed_write_leaves_no_partial_file(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = workdir / "out/vest-telemark/bygdevekstavtale.md"
    assert run_cli("render", "agreement", str(VEST_TELEMARK))[0] == 0
    good = target.read_bytes()

    def fail_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", fail_fsync)
    with pytest.raises(OSError, match="No space left"):
        fsutil.atomic_write(target, b"half")
    assert target.read_bytes() == good
    assert [p.name for p in target.parent.iterdir()] == ["bygdevekstavtale.md"]


# -------------------------------------------------------------------------------- paths


@pytest.mark.parametrize("bad", ["..", "../etc", "a/b", "a\\b", "", ".hidden", "Stor", "x" * 65])
def test_ids_that_are_not_one_safe_file_name_are_refused(bad: str) -> None:
    with pytest.raises(UserError):
        safe_component(bad)


def test_output_paths_stay_inside_the_output_folder(tmp_path: Path) -> None:
    fmt = FORMAT_BY_NAME["pdf"]
    job = Job("case", "case/layout.md.j2", {}, "saksframlegg-fyresdal", 2026)
    path = output_path(job, "vest-telemark", fmt, None, single=False, cwd=tmp_path)
    assert path == tmp_path / "out/vest-telemark/2026/saksframlegg-fyresdal.pdf"
    evil = Job("case", "case/layout.md.j2", {}, "../../../etc/passwd", 2026)
    with pytest.raises(UserError):
        output_path(evil, "vest-telemark", fmt, None, single=False, cwd=tmp_path)
    with pytest.raises(UserError):
        output_path(job, "../vest-telemark", fmt, None, single=False, cwd=tmp_path)


# --------------------------------------------------------------------------- provenance


def _repo_with_pilot(path: Path) -> tuple[git.Repo, Path]:
    repo = git.Repo.init(path, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "Sekretariatet")
        config.set_value("user", "email", "post@testdalen.no")
        config.set_value("commit", "gpgsign", "false")
    pilot = path / "pilots" / "testdalen"
    shutil.copytree(MINIMAL, pilot)
    repo.git.add(A=True)
    repo.git.commit(m="Første versjon")
    return repo, pilot


def test_provenance_names_the_commit_and_uncommitted_changes(tmp_path: Path) -> None:
    repo, pilot = _repo_with_pilot(tmp_path / "repo")
    head = repo.head.commit.hexsha
    assert git_state(pilot) == (head, False)
    (tmp_path / "repo" / "README.md").write_text("utanfor piloten\n")
    assert git_state(pilot) == (head, False), "changes outside the pilot do not count"
    plan = pilot / "plans" / "2026.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "notes: [endra]\n", encoding="utf-8")
    assert git_state(pilot) == (head, True)
    stamp = provenance_of("testdalen", pilot, dt.date(2026, 3, 1))
    assert stamp.commit == head and stamp.dirty


def test_every_format_carries_the_provenance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _pilot = _repo_with_pilot(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1771459200")  # 2026-02-19
    for name in FORMAT_BY_NAME:
        assert run_cli("render", "plan", "testdalen", "-f", name)[0] == 0
    out = tmp_path / "repo" / "out" / "testdalen" / "2026"
    short = repo.head.commit.hexsha[:12]
    markdown = (out / "handlingsplan.md").read_text(encoding="utf-8")
    assert markdown.rstrip().endswith(
        f"Laga med bygdevekst {__version__} den 19. februar 2026 frå dataa til piloten Testdalen"
        f" (testdalen), handlingsplan 2026. Git-commit {short}."
    )
    html = (out / "handlingsplan.html").read_text(encoding="utf-8")
    assert f'<meta name="bygdevekst-commit" content="{repo.head.commit.hexsha}">' in html
    assert '<meta name="bygdevekst-dirty" content="false">' in html
    assert '<meta name="bygdevekst-date" content="2026-02-19">' in html


def test_outside_a_git_repository_the_document_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(MINIMAL, pilot)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, output = run_cli("render", "plan", "testdalen", "-o", "-")
    assert code == 0, output
    assert "Pilotmappa ligg ikkje i eit git-repo" in output
    assert git_state(pilot) == (None, False)


def test_render_help_is_fast_to_start() -> None:
    """``bygdevekst --help`` must not import the document pipeline."""
    code = (
        "import sys, bygdevekst_cli.cli;"
        "heavy = [m for m in ('jinja2', 'docx', 'typst', 'markdown_it', 'markupsafe')"
        " if m in sys.modules]; print(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_written_files_get_the_usual_permissions(workdir: Path) -> None:
    """Not the 0600 of the temporary file that made the write atomic."""
    assert run_cli("render", "agreement", str(VEST_TELEMARK))[0] == 0
    umask = os.umask(0)
    os.umask(umask)
    mode = (workdir / "out/vest-telemark/bygdevekstavtale.md").stat().st_mode & 0o777
    assert mode == 0o666 & ~umask
