"""Real git repositories for tests: build a tree, commit it as someone, tag it, clone it.

No git is mocked: every helper runs git itself (through GitPython), in a folder under
``tmp_path``, with a fixed identity and dates so that the order of commits is certain.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import git

from tests.helpers import MINIMAL, edit

KARI = "Kari Nordmann <kari@testdalen.no>"
OLA = "Ola Dunk <ola@testdalen.no>"
START = 1_767_225_600
"""2026-01-01T00:00:00Z: the first commit's time; each next commit is a day later."""
DAY = 86_400


def init_repo(path: Path) -> git.Repo:
    """An empty repository on branch ``main`` with a committer identity of its own."""
    path.mkdir(parents=True, exist_ok=True)
    repo = git.Repo.init(path, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "Sekretariatet")
        config.set_value("user", "email", "post@testdalen.no")
        config.set_value("commit", "gpgsign", "false")
        config.set_value("tag", "gpgsign", "false")
        config.set_value("core", "autocrlf", "false")
    return repo


def pilot_repo(path: Path, name: str = "testdalen") -> git.Repo:
    """A repository whose first commit holds the minimal pilot in ``pilots/<name>``."""
    repo = init_repo(path)
    shutil.copytree(MINIMAL, path / "pilots" / name)
    commit(repo, "Første versjon av testdalen", author=KARI)
    return repo


def write(repo: git.Repo, files: dict[str, str | None]) -> None:
    """Write (text) or delete (None) files, by path relative to the repository root."""
    root = Path(repo.working_dir)
    for relative, text in files.items():
        target = root / relative
        if text is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")


def commit(
    repo: git.Repo,
    message: str,
    files: dict[str, str | None] | None = None,
    *,
    author: str = KARI,
) -> git.Commit:
    """Write ``files``, stage everything in the working tree, and commit it as ``author``."""
    write(repo, files or {})
    repo.git.add("--all")
    when = f"{START + DAY * _count(repo)} +0100"
    repo.git.commit(
        "--allow-empty",
        "-m",
        message,
        f"--author={author}",
        env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when},
    )
    return repo.head.commit


def _count(repo: git.Repo) -> int:
    if not repo.head.is_valid():
        return 0
    return int(repo.git.rev_list("--count", "--all"))


def move(repo: git.Repo, old: str, new: str, message: str, *, author: str = KARI) -> git.Commit:
    """``git mv`` a file or folder and commit it."""
    Path(repo.working_dir, new).parent.mkdir(parents=True, exist_ok=True)
    repo.git.mv(old, new)
    return commit(repo, message, author=author)


def tag(repo: git.Repo, name: str, message: str | None = None, ref: str = "HEAD") -> None:
    """An annotated tag when ``message`` is given, else a lightweight one."""
    if message is None:
        repo.git.tag(name, ref)
    else:
        repo.git.tag("-a", name, ref, "-m", message)


def shallow_clone(source: git.Repo, target: Path, depth: int = 1) -> git.Repo:
    """``git clone --depth N file://…``: a clone as actions/checkout makes by default."""
    git.Repo.clone_from(
        Path(source.working_dir).as_uri(), target, depth=depth, no_local=True, branch="main"
    )
    clone = git.Repo(target)
    with clone.config_writer() as config:
        config.set_value("user", "name", "CI")
        config.set_value("user", "email", "ci@example.org")
    return clone


# --- edits of the minimal pilot, each one commit ---------------------------------------

PLAN = "pilots/testdalen/plans/2026.yaml"
NEW_MEASURE = """  - id: "1.2"
    sub_goal: 1
    number: 2
    title: Fleire tomter
    start_year: 2026
    end_year: 2026
    status: planned
    budget:
      2026:
        own_funds: 50000
status:"""
BUDGET_21 = "    budget:\n      2026:\n        state_measure_funds: 600000\nstatus:"


def refusing_ssh(folder: Path, asked: Path) -> Path:
    """An ssh program in ``folder`` that writes the arguments it is given to ``asked`` and
    refuses the key, as a server does to a CI runner without access."""
    ssh = folder / "mitt-ssh"
    ssh.write_text(
        f'#!/bin/sh\necho "$@" >> "{asked}"\n'
        'echo "git@git.kommune.no: Permission denied (publickey)." >&2\nexit 255\n',
        encoding="utf-8",
    )
    ssh.chmod(0o755)
    return ssh


def raise_21(repo: git.Repo, amount: int, reason: str, author: str = OLA) -> git.Commit:
    """Change measure 2.1's state funds for 2026 (it is the last measure in the plan)."""
    plan = Path(repo.working_dir, PLAN)
    text = plan.read_text(encoding="utf-8")
    start = text.index('  - id: "2.1"')
    block = text[start : text.index("status:\n  sub_goals")]
    lines = [ln for ln in block.splitlines() if "change_reason" not in ln]
    lines = [
        f"        state_measure_funds: {amount}" if "state_measure_funds" in ln else ln
        for ln in lines
    ]
    lines.insert(lines.index("    status: ongoing") + 1, f"    change_reason: {reason}")
    new = text[:start] + "\n".join(lines) + "\n" + text[start + len(block) :]
    plan.write_text(new, encoding="utf-8", newline="")
    return commit(repo, f"Budsjett for 2.1: {amount}", author=author)


def stale_branch(repo: git.Repo) -> git.Commit:
    """A branch made from main that renames 1.1, while main raised 2.1 since: the fork."""
    fork = repo.head.commit
    raise_21(repo, 650000, "Større behov.")  # main's later work, not the branch's
    repo.git.checkout("-b", "tiltak-1-1", fork.hexsha)
    plan = Path(repo.working_dir, PLAN)
    edit(plan, "title: Kartlegging av bustadbehov", "title: Kartlegging av bustader")
    edit(plan, "    end_year: 2027\n", "    end_year: 2027\n    change_reason: Kortare.\n")
    commit(repo, "Ny tittel på 1.1")
    return fork


def the_three_changes(repo: git.Repo) -> git.Commit:
    """One commit: adds 1.2, raises 2.1's budget with a reason, closes 1.1 with an assessment."""
    plan = Path(repo.working_dir, PLAN)
    edit(
        plan,
        BUDGET_21,
        "    budget:\n      2026:\n        state_measure_funds: 700000\n"
        "    change_reason: Fleire bedrifter vil vere med.\nstatus:",
    )
    edit(plan, "\nstatus:\n  sub_goals", "\n" + NEW_MEASURE + "\n  sub_goals")
    edit(
        plan,
        "    end_year: 2027\n    status: ongoing",
        "    end_year: 2027\n    status: closed\n    assessment: Behovet er kartlagt.",
    )
    return commit(repo, "Handlingsplan 2026: revidert etter formannskapet", author=OLA)
