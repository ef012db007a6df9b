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
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bygdevekst_cli import validate
from bygdevekst_cli.cli import app
from tests.gitrepo import commit, init_repo
from tests.helpers import DATA, named_as_folder

INTERRUPTED_NN = "bygdevekst: avbrote med Ctrl+C\n"


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
    its group reaches no other process)."""
    environment = {**os.environ, "BYGDEVEKST_LANGUAGE": "nn", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
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
        from bygdevekst_cli import validate

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
    with pytest.raises(KeyboardInterrupt), validate._interrupt_held():
        os.kill(os.getpid(), signal.SIGINT)  # delivered when the block ends, not lost
