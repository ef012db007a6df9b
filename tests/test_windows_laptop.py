"""A secretariat's Windows laptop: Ctrl+C in the console, Word holding a document open,
OneDrive's placeholders, names Windows forbids, and a case-insensitive file system.

This machine is not Windows: what Windows does is simulated where the code meets it (an
``OSError`` with its ``winerror``, ``os.name``), and the rest runs for real: the command line
through Typer's runner, or the installed script in a process of its own where a signal or
the start-up matters.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from bygdevekst_cli import fsutil, validate
from bygdevekst_cli.cli import app
from tests.gitrepo import commit, init_repo
from tests.helpers import DATA, REPO, named_as_folder

INTERRUPTED_NN = "bygdevekst: avbrote med Ctrl+C\n"
WINDOWS_REASON = (
    'Windows godtek ikkje namnet: ikkje teikna \\ / : * ? " < > |, ikkje punktum eller '
    "mellomrom til slutt, ikkje namn som CON, AUX og NUL"
)


@pytest.fixture
def pilots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository holding ``fjellbygda`` (tests/data/fullpilot, Nynorsk), the working
    folder of the test."""
    root = tmp_path / "pilotar"
    repo = init_repo(root)
    shutil.copytree(DATA / "fullpilot", root / "pilots" / "fjellbygda")
    commit(repo, "Fjellbygda")
    monkeypatch.chdir(root)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    return root


def invoke(*args: str) -> tuple[int, str]:
    """The command line in this process: its exit code and output (error output too)."""
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write left behind anywhere below ``folder``."""
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


# --- Ctrl+C -----------------------------------------------------------------------------------


def interrupt_at(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
    """Ctrl+C (``KeyboardInterrupt``) the first time ``owner.name`` runs."""
    real = getattr(owner, name)

    def pressed(*args: object, **kwargs: object) -> object:
        monkeypatch.setattr(owner, name, real)
        raise KeyboardInterrupt

    monkeypatch.setattr(owner, name, pressed)


def test_ctrl_c_in_validate_is_one_line_and_exit_130(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typer ends a command on Ctrl+C with 130 and not a word: a secretariat cannot tell it
    from a run that ended by itself."""
    interrupt_at(monkeypatch, validate, "check_pilot")
    assert invoke("validate", "--no-cache", "pilots/fjellbygda") == (130, INTERRUPTED_NN)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_ctrl_c_is_said_in_the_command_lines_language(
    pilots: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    interrupt_at(monkeypatch, validate, "check_pilot")
    expected = {"nb": "avbrutt med Ctrl+C", "en": "interrupted with Ctrl+C"}[language]
    assert invoke("validate", "--no-cache", "pilots/fjellbygda") == (
        130,
        f"bygdevekst: {expected}\n",
    )


def test_ctrl_c_while_render_writes_keeps_the_old_document(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = pilots / "handlingsplan.docx"
    target.write_bytes(b"the version sent to the council")
    interrupt_at(monkeypatch, os, "fsync")
    code, output = invoke("render", "plan", "fjellbygda", "-f", "docx", "-o", target.name)
    assert (code, output) == (130, INTERRUPTED_NN)
    assert target.read_bytes() == b"the version sent to the council"
    assert leftovers(pilots) == []


def test_ctrl_c_while_fmt_writes_keeps_the_pilot_file(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = pilots / "pilots" / "fjellbygda" / "plans" / "2027.yaml"
    text = plan.read_text(encoding="utf-8").replace("\nyear: 2027\n", "\nyear:   2027\n", 1)
    plan.write_text(text, encoding="utf-8")
    interrupt_at(monkeypatch, os, "fsync")
    assert invoke("fmt", "pilots/fjellbygda") == (130, INTERRUPTED_NN)
    assert plan.read_text(encoding="utf-8") == text
    assert leftovers(pilots) == []


def run_script(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``code`` in a Python of its own, in a process group of its own (a Ctrl+C it sends to
    its group reaches no other process), with Ctrl+C raising KeyboardInterrupt as on a
    console: a job started in the background (as CI may run the tests) inherits SIGINT
    ignored, and Python then installs no handler for it."""
    environment = {**os.environ, "BYGDEVEKST_LANGUAGE": "nn", "NO_COLOR": "1"}
    console = "import signal\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"
    return subprocess.run(
        [sys.executable, "-c", console + textwrap.dedent(code)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        start_new_session=True,
        timeout=120,
    )


def test_ctrl_c_while_the_application_is_imported(tmp_path: Path) -> None:
    """Ctrl+C in the first tenth of a second, while the console script imports the
    application, was a traceback of Python's import machinery."""
    done = run_script(
        """
        import sys

        class Pressed:
            def find_spec(self, name, path=None, target=None):
                if name == "bygdevekst_cli.app":
                    sys.meta_path.remove(self)
                    raise KeyboardInterrupt
                return None

        sys.meta_path.insert(0, Pressed())
        sys.argv = ["bygdevekst", "validate", "."]
        from bygdevekst_cli.cli import main

        main()
        """,
        tmp_path,
    )
    assert (done.returncode, done.stderr, done.stdout) == (130, INTERRUPTED_NN, "")


def test_ctrl_c_reaches_the_worker_processes_of_validate_too(tmp_path: Path) -> None:
    """Ctrl+C goes to every process of the console: each worker of a parallel validate
    printed a traceback of its own, and the pool a thread's traceback besides."""
    root = tmp_path / "pilotar"
    for number in range(32):  # two workers, MIN_PILOTS_PER_WORKER each
        named_as_folder(shutil.copytree(DATA / "minimal", root / "pilots" / f"p{number:02}"))
    done = run_script(
        """
        import os, signal, sys
        from bygdevekst_cli import fsutil, validate

        real = validate._check_task

        def pressed(task, *args):
            if task[0].name == "p00":  # once, in a worker, to the whole process group
                os.killpg(0, signal.SIGINT)
            return real(task, *args)

        validate._check_task = pressed
        sys.argv = ["bygdevekst", "validate", "--no-cache", "--jobs", "2", "pilots"]
        from bygdevekst_cli.cli import main

        main()
        """,
        root,
    )
    assert (done.returncode, done.stderr, done.stdout) == (130, INTERRUPTED_NN, "")


def test_a_signal_the_workers_did_not_get_is_not_held_back(tmp_path: Path) -> None:
    """Ctrl+C held back while the workers are forked reaches the command at the end of
    that moment: the mask is as it was before (SIGINT not blocked)."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    with validate._interrupt_held():
        assert signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set())
    assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == before
    handler = signal.signal(signal.SIGINT, signal.default_int_handler)  # as on a console
    try:
        with pytest.raises(KeyboardInterrupt), validate._interrupt_held():
            # to this thread, which holds it back: sent to the process (os.kill), the kernel
            # may hand it to another thread of the test run, and Python then raised it only
            # at the next signal.signal, after the block, stopping the whole run (seen in CI)
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, handler)


# --- a file Word holds open, a OneDrive placeholder, a full disk ----------------------------


def windows_error(kind: type[OSError], number: int, winerror: int, path: str) -> OSError:
    """The ``OSError`` Windows raises: ``number`` the errno Python derives from ``winerror``
    (on other systems Python ignores a fourth argument: it is set here)."""
    exc = kind(number, os.strerror(number), path)
    setattr(exc, "winerror", winerror)  # noqa: B010 (POSIX's OSError declares no winerror)
    return exc


def refuse_replace(monkeypatch: pytest.MonkeyPatch, exc: OSError) -> None:
    """Moving a written file into place fails with ``exc`` (Windows refuses it there)."""

    def replace(self: Path, target: str | Path) -> Path:
        raise exc

    monkeypatch.setattr(Path, "replace", replace)


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        pytest.param(
            windows_error(PermissionError, 13, 32, "handlingsplan.docx"),
            "fila er open i eit anna program, til dømes Word",
            id="open-in-word",
        ),
        pytest.param(
            windows_error(FileNotFoundError, 2, 206, "handlingsplan.docx"),
            "stien er lengre enn Windows tillèt (260 teikn)",
            id="longer-than-260",
        ),
        pytest.param(
            windows_error(OSError, 22, 123, "handlingsplan.docx"),
            WINDOWS_REASON,
            id="colon-in-the-name",
        ),
        pytest.param(
            OSError(122, os.strerror(122), "handlingsplan.docx"),  # EDQUOT
            "lagringskvoten din er brukt opp",
            id="quota",
        ),
    ],
)
def test_a_document_windows_will_not_replace_keeps_the_old_one(
    pilots: Path, monkeypatch: pytest.MonkeyPatch, exc: OSError, reason: str
) -> None:
    """Before, a path over 260 characters was «fila eller mappa finst ikkje» (Python's
    ENOENT for ERROR_FILENAME_EXCED_RANGE) about the file being written, and a name with «:»
    Python's English «Invalid argument»."""
    target = pilots / "handlingsplan.docx"
    target.write_bytes(b"the version sent to the council")
    refuse_replace(monkeypatch, exc)
    code, output = invoke("render", "plan", "fjellbygda", "-f", "docx", "-o", target.name)
    assert (code, output) == (
        1,
        f"bygdevekst: handlingsplan.docx: kan ikkje skrive fila ({reason})\n",
    )
    assert target.read_bytes() == b"the version sent to the council"
    assert leftovers(pilots) == []


@pytest.mark.parametrize(
    ("held", "reason"),
    [(True, "fila er open i eit anna program, til dømes Word"), (False, "manglar løyve")],
)
def test_a_document_open_in_word_is_named_so_not_as_a_permission(
    pilots: Path, monkeypatch: pytest.MonkeyPatch, held: bool, reason: str
) -> None:
    """Windows refuses to move a file over one Word holds open with ERROR_ACCESS_DENIED, the
    same refusal as for a file one may not write: the message said «manglar løyve», and the
    secretariat looked for a permission instead of closing Word. Opening the file for
    writing tells them apart (ERROR_SHARING_VIOLATION); a file not held open keeps it."""
    target = pilots / "handlingsplan.docx"
    target.write_bytes(b"the version sent to the council")
    monkeypatch.setattr(fsutil, "ON_WINDOWS", True)
    refuse_replace(monkeypatch, windows_error(PermissionError, 13, 5, str(target)))
    real_open = os.open

    def open_file(path: str | Path, flags: int, *args: int, **kwargs: object) -> int:
        if held and Path(path) == target:
            raise windows_error(PermissionError, 13, 32, str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", open_file)
    code, output = invoke("render", "plan", "fjellbygda", "-f", "docx", "-o", target.name)
    assert (code, output) == (
        1,
        f"bygdevekst: handlingsplan.docx: kan ikkje skrive fila ({reason})\n",
    )
    assert target.read_bytes() == b"the version sent to the council"
    assert leftovers(pilots) == []


def test_a_full_disk_keeps_the_old_document(pilots: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = pilots / "handlingsplan.docx"
    target.write_bytes(b"the version sent to the council")

    def full(descriptor: int) -> None:
        raise OSError(28, os.strerror(28))  # ENOSPC, as the last block is flushed

    monkeypatch.setattr(os, "fsync", full)
    code, output = invoke("render", "plan", "fjellbygda", "-f", "docx", "-o", target.name)
    assert code == 1, output
    assert output == (
        "bygdevekst: handlingsplan.docx: kan ikkje skrive fila "
        "(det er ikkje meir plass på disken)\n"
    )
    assert target.read_bytes() == b"the version sent to the council"
    assert leftovers(pilots) == []


@pytest.mark.parametrize(("number", "winerror"), [(22, 362), (5, 389), (22, None)])
def test_a_onedrive_placeholder_that_cannot_be_fetched_is_named(
    pilots: Path, monkeypatch: pytest.MonkeyPatch, number: int, winerror: int | None
) -> None:
    """A file OneDrive keeps only online (Files On-Demand) reads with EINVAL or EIO when it
    cannot be fetched; the finding said Python's English «Invalid argument»."""
    plan = pilots / "pilots" / "fjellbygda" / "plans" / "2027.yaml"
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == plan.name:
            exc = OSError(number, os.strerror(number), str(self))
            if winerror is not None:
                setattr(exc, "winerror", winerror)  # noqa: B010
            raise exc
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, output = invoke("validate", "--no-cache", "pilots/fjellbygda")
    reason = (
        "filsystemet godtek ikkje namnet eller operasjonen"
        if winerror is None
        else "fila ligg berre i OneDrive eller SharePoint og kunne ikkje hentast ned "
        "(vel «Behald alltid på denne eininga»)"
    )
    assert code == 1, output
    assert (
        f"pilots/fjellbygda/plans/2027.yaml: feil BV011 Kan ikkje lese fila: {reason}\n" in output
    )


# --- names Windows forbids ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "CON.docx",
        "aux.docx",
        "Nul.docx",
        "com1.docx",
        "Sak: Vågå.docx",
        "Sak?.docx",
        "plan.docx.",
        "plan.docx ",
        "con/plan.docx",
        "Hattfjelldal | Aarborte.docx",
    ],
)
def test_a_name_windows_forbids_is_refused_before_anything_is_written(
    pilots: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """On Windows «CON» is the console, «Sak: Vågå.docx» a hidden stream of a file «Sak», and
    «plan.docx.» is «plan.docx»: the document went somewhere the secretariat never finds it,
    or over another file, and the temporary file beside it was named as badly."""
    monkeypatch.setattr(fsutil, "ON_WINDOWS", True)
    code, output = invoke("render", "plan", "fjellbygda", "-f", "docx", "-o", name)
    assert code == 1, output
    assert output.startswith(f"bygdevekst: {name}")  # a folder of that name, or the file
    assert output.endswith(f": kan ikkje skrive fila ({WINDOWS_REASON})\n")
    assert sorted(p.name for p in pilots.iterdir()) == [".git", "pilots"]


def test_names_windows_allows_are_written_there(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fsutil, "ON_WINDOWS", True)
    for name in [
        "Vågå kommune - handlingsplan.docx",
        "console.docx",
        "auxiliary.docx",
        "com10.docx",
    ]:
        assert invoke("render", "plan", "fjellbygda", "-f", "docx", "-o", name)[0] == 0
        assert (pilots / name).is_file()


def test_the_names_windows_refuses() -> None:
    refused = ["CON", "con.tar.gz", "Aux.docx", "nul ", "COM9", "lpt¹", "a:b", "a?", "a*", "a."]
    refused += ["a ", 'a"b', "a<b", "a|b", "tab\tname"]
    kept = [".", "..", "console", "com10", "auxiliary.docx", "Vågå kommune", "a.b", ".git"]
    assert [name for name in refused if not fsutil.windows_refuses(name)] == []
    assert [name for name in kept if fsutil.windows_refuses(name)] == []


@pytest.mark.parametrize("pilot_id", ["con", "aux", "nul", "lpt1", "fjellbygda."])
def test_a_pilot_id_windows_cannot_keep_names_no_document(pilots: Path, pilot_id: str) -> None:
    """A pilot ``con`` rendered on a CI runner gave ``out/con/…``: a folder no Windows laptop
    can unpack, sync or archive (and ``fjellbygda.`` becomes ``fjellbygda`` there)."""
    named_as_folder(shutil.copytree(DATA / "fullpilot", pilots / "pilots" / pilot_id))
    code, output = invoke("render", "plan", pilot_id)
    assert code == 1, output
    assert output == (
        f"bygdevekst: «{pilot_id}» kan ikkje brukast i eit filnamn: Windows reserverer namn "
        "som CON, AUX og NUL og fjernar punktum til slutt\n"
    )
    assert not (pilots / "out").exists()


@pytest.mark.parametrize("pilot_id", ["con", "aux", "com3", "nye-dalen."])
def test_init_refuses_a_pilot_id_windows_cannot_keep(pilots: Path, pilot_id: str) -> None:
    code, output = invoke("init", pilot_id, "--name", "Ny", "--lang", "nn", "-m", "Vågå")
    assert code == 2, output
    assert output.startswith(f"bygdevekst: ugyldig pilot-ID «{pilot_id}»: Windows kan ikkje ha")
    assert not (pilots / "pilots" / pilot_id).exists()


def test_the_names_of_municipalities_make_plain_file_names(pilots: Path) -> None:
    """Vågå, Nord-Aurdal, Sør-Fron and Hattfjelldal (Aarborte): the case documents are named
    by the ids init makes of the names, ASCII that Windows, OneDrive and a Noark archive
    keep as they are."""
    municipalities = ["Vågå", "Nord-Aurdal", "Sør-Fron", "Hattfjelldal"]
    args = ["init", "fjell", "--name", "Fjell: Vågå?", "--lang", "nn", "--end", "2027-12-31"]
    assert invoke(*args, *(f"-m{name}" for name in municipalities))[0] == 0
    assert invoke("plan", "new", "fjell", "2026")[0] == 0
    code, output = invoke(
        "render", "case", "fjell", "--draft", "--municipality", "all", "-f", "docx"
    )
    assert code == 0, output
    names = sorted(p.name for p in (pilots / "out" / "fjell" / "2026").iterdir())
    assert names == [
        "saksframlegg-hattfjelldal.docx",
        "saksframlegg-nord-aurdal.docx",
        "saksframlegg-sor-fron.docx",
        "saksframlegg-vaga.docx",
    ]


# --- CI on a Windows runner -----------------------------------------------------------------


@pytest.mark.parametrize(
    "template", ["github-actions/bygdevekst.yml", "pages/github-pages.yml"], ids=str
)
def test_the_github_steps_read_the_environment_in_bash_on_any_runner(template: str) -> None:
    """A step's ``${BYGDEVEKST_SOURCE}`` or ``$BASE_REF`` is bash; on ``runs-on:
    windows-latest`` (or a municipality's own Windows runner) a step runs in PowerShell unless
    told otherwise, where both are empty: ``pip install "bygdevekst-cli @ @"`` and ``check
    --base "origin/"``."""
    workflow = YAML(typ="safe").load((REPO / "ci" / template).read_text(encoding="utf-8"))
    default = workflow.get("defaults", {}).get("run", {}).get("shell")
    steps = [
        (job.get("defaults", {}).get("run", {}).get("shell", default), step)
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step
    ]
    assert steps
    for shell, step in steps:
        if "$" in step["run"]:
            assert step.get("shell", shell) == "bash", step


# --- consoles that cannot show æøå --------------------------------------------------------------

#: The top group, a command, a sub-group and a command of one (the others are built alike).
COMMANDS = [[], ["validate"], ["plan"], ["plan", "new"]]


@pytest.mark.parametrize(
    ("environment", "encoding"),
    [
        ({"PYTHONIOENCODING": "cp850", "LC_ALL": "nb_NO.UTF-8"}, "cp850"),
        # click takes an ASCII stream for a misconfigured locale, and writes UTF-8 there
        ({"PYTHONIOENCODING": None, "PYTHONUTF8": "0", "LC_ALL": "C", "LANG": "C"}, "utf-8"),
    ],
    ids=["cp850", "c-locale"],
)
def test_every_help_and_a_usage_error_on_a_console_without_æøå(
    pilots: Path, environment: dict[str, str | None], encoding: str
) -> None:
    """Help texts and messages are full of æøå, «» and –: a console (or a pipe) that cannot
    show them gets look-alikes and ``?``, never a UnicodeEncodeError."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("BYGDEVEKST_LANGUAGE", None)
    for name, value in environment.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    script = Path(sys.executable).with_name("bygdevekst")
    runs = [[*command, "--help"] for command in COMMANDS]
    runs += [["render", "plan", "finst-ikkje"], ["validate", "finst/ikkje"]]
    for args in runs:
        done = subprocess.run(
            [str(script), *args], cwd=pilots, env=env, capture_output=True, check=False
        )
        assert b"Traceback" not in done.stderr, (args, done.stderr)
        assert done.returncode == (0 if "--help" in args else 2), (args, done.stderr)
        (done.stdout + done.stderr).decode(encoding)  # what the console can show
        assert done.stdout or done.stderr
