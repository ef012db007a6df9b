"""The history up to a revision (``history --until REV``, and ``site`` with a ``PATH@REF``
source, ``history.history_at``): the adoptions it shows are those of commits in that
revision's history, whatever HEAD is."""

from __future__ import annotations

import json
from pathlib import Path

import git

from bygdevekst_cli.gitsource import tree_source
from bygdevekst_cli.history import History, history_at, pilot_history
from bygdevekst_cli.pilotset import read_pilot
from tests.gitrepo import OLA, commit, raise_21, tag
from tests.helpers import invoke, run_cli

FOLDER = "pilots/testdalen"
TAG = "vedtak/testdalen/2026/fyresdal-kommunestyre"
SAID = "Fyresdal kommunestyre, sak 26/11"


def _at(repo: git.Repo, revision: str) -> History:
    """The history of the pilot read at ``revision``, as ``site`` reads a ``PATH@REF``."""
    commit_ = repo.commit(revision)
    folder = Path(repo.working_dir, FOLDER)
    files = read_pilot(
        folder, f"{repo.working_dir}@{revision}", source=tree_source(commit_, FOLDER)
    )
    found = history_at(files)
    assert found is not None
    return found


def _adopted(history: History) -> dict[str, list[str]]:
    return {c.commit: [a.ref for a in c.adoptions] for c in history.commits if c.adoptions}


def test_an_adoption_made_after_the_revision_is_not_in_the_history_up_to_it(
    repo: git.Repo, tmp_path: Path
) -> None:
    """The council's tag on a commit after the revision that changed nothing in the pilot
    (a README): the history up to the revision showed the plan as adopted on its last
    commit, before the council had met."""
    raised = raise_21(repo, 650000, "Større behov.")
    commit(repo, "Om pilotane", {"README.md": "Pilotane i fylket.\n"}, author=OLA)
    tag(repo, TAG, SAID)
    # the whole history shows the adoption on the pilot as the tagged commit has it
    assert _adopted(pilot_history("testdalen")) == {raised.hexsha: [TAG]}
    at = _at(repo, raised.hexsha)
    assert at.commits[0].commit == raised.hexsha
    assert _adopted(at) == {} and at.unplaced == ()
    until = json.loads(
        invoke("history", "testdalen", "--until", raised.hexsha, "-f", "json").stdout
    )
    assert [a for c in until["commits"] for a in c["adoptions"]] == []
    assert until["unreachable_adoptions"] == []
    # up to the day of the raise (2 January), or the next, when the README came
    for day, shown in (("2026-01-02", []), ("2026-01-03", [TAG])):
        by_day = invoke("history", "testdalen", "--until", day, "-f", "json")
        assert [a["ref"] for c in json.loads(by_day.stdout)["commits"] for a in c["adoptions"]] == (
            shown
        )
    output = tmp_path / "site"
    source = f"{repo.working_dir}@{raised.hexsha}"
    code, text = run_cli("site", source, "-o", str(output), "--downloads", "none")
    assert code == 0, text
    page = (output / "testdalen" / "measures" / "2.1.html").read_text(encoding="utf-8")
    assert raised.hexsha[:7] in page and SAID not in page
    code, text = run_cli(
        "site", f"{repo.working_dir}@main", "-o", str(output), "--downloads", "none"
    )
    assert code == 0, text
    assert SAID in (output / "testdalen" / "measures" / "2.1.html").read_text(encoding="utf-8")


def test_an_adoption_in_the_revisions_history_but_not_heads_is_placed_there(
    repo: git.Repo,
) -> None:
    """A revision on a branch HEAD does not have (the plan as it went to the council, kept
    on its own branch), tagged on a commit that changed nothing in the pilot: its adoption
    was checked against HEAD, so it was both shown on the plan's commit and listed as no
    longer in the history."""
    repo.git.switch("-q", "-c", "til-kommunestyret")
    sent = raise_21(repo, 650000, "Større behov.")
    commit(repo, "Sakspapir", {"README.md": "Sendt til kommunestyret.\n"}, author=OLA)
    tag(repo, TAG, SAID)
    repo.git.switch("-q", "main")
    raise_21(repo, 700000, "Anna behov.")
    at = _at(repo, "til-kommunestyret")
    assert _adopted(at) == {sent.hexsha: [TAG]}
    assert at.unplaced == ()
    head = pilot_history("testdalen")  # from HEAD (main), the tag is on another branch
    assert _adopted(head) == {} and [a.ref for a in head.unplaced] == [TAG]
