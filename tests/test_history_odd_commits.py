"""``history`` on a repository with the commits a secretariat makes now and then: authors
named with Ø and Å, a commit with no message, a merge whose two sides both changed one
measure, and ``vedtak/`` tags of a folder's tree or a file instead of a commit. In Nynorsk
and Bokmål, as text and as JSON, through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from tests.gitrepo import DAY, KARI, OLA, PLAN, START, commit, pilot_repo, raise_21, tag
from tests.helpers import edit, invoke

OYSTEIN = "Øystein Ås <oystein@testdalen.no>"
ASE = "Åse Ødegård <ase@testdalen.no>"
BJORN = "Bjørn Øvre <bjorn@testdalen.no>"
NO_COMMIT = [
    "vedtak/testdalen/2026/fil",
    "vedtak/testdalen/2026/mappe",
    "vedtak/testdalen/2026/tre",
]
WORDS = {
    "nn": {
        "no_message": "(inga commit-melding)",
        "merge": "Slå saman: 615 000 (samanslåing)",
        "funds": "statlege tiltaksmidlar",
        "tags": "3 vedtakstaggar peikar ikkje på ein commit, men på ei mappe eller ei fil",
        "until": "revisjonen peikar ikkje på ein commit, men på ei mappe eller ei fil",
        "verify": "åtvaring BV304 Vedtakstaggen «{tag}» peikar ikkje på ein commit, men på"
        " ei mappe eller ei fil, og kan ikkje kontrollerast",
        "heading": "Kontroll av vedtakssporet",
        "checked": "vedtekne revisjonar kontrollerte",
        "counted": "vedteken revisjon kontrollert",
        "none": "ingen vedtekne revisjonar",
    },
    "nb": {
        "no_message": "(ingen commit-melding)",
        "merge": "Slå saman: 615 000 (sammenslåing)",
        "funds": "statlige tiltaksmidler",
        "tags": "3 vedtakstagger peker ikke på en commit, men på en mappe eller en fil",
        "until": "revisjonen peker ikke på en commit, men på en mappe eller en fil",
        "verify": "advarsel BV304 Vedtakstaggen «{tag}» peker ikke på en commit, men på"
        " en mappe eller en fil, og kan ikke kontrolleres",
        "heading": "Kontroll av vedtakssporet",
        "checked": "vedtatte revisjoner kontrollert",
        "counted": "vedtatt revisjon kontrollert",
        "none": "ingen vedtatte revisjoner",
    },
}


def kr(amount: str) -> str:
    return amount.replace(" ", "\u00a0") + "\u00a0kr"


def _no_message(repo: git.Repo, author: str) -> git.Commit:
    """A commit made with ``--allow-empty-message -m ""``, a day after the one before."""
    repo.git.add("--all")
    when = f"{START + DAY * int(repo.git.rev_list('--count', '--all'))} +0100"
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    repo.git.commit("--allow-empty-message", "-m", "", f"--author={author}", env=env)
    return repo.head.commit


@pytest.fixture(params=["nn", "nb"])
def odd(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The pilot in ``request.param``'s written standard, with every odd commit; the
    current folder is the repository's."""
    language = request.param
    repo = pilot_repo(tmp_path / "repo")
    root = Path(repo.working_dir)
    if language == "nb":
        edit(root / "pilots/testdalen/pilot.yaml", "language: nn", "language: nb")
        commit(repo, "På bokmål")
    raise_21(repo, 650000, "Større behov.", author=OYSTEIN)
    edit(root / PLAN, "title: Kartlegging av bustadbehov", "title: Kartlegging av bustader")
    _no_message(repo, ASE)
    repo.git.switch("-q", "-c", "sida")
    edit(root / PLAN, "600000\n        own_funds", "610000\n        own_funds")
    commit(repo, "Sida: 610 000", author=OLA)
    repo.git.switch("-q", "main")
    edit(root / PLAN, "600000\n        own_funds", "620000\n        own_funds")
    commit(repo, "Main: 620 000", author=KARI)
    with pytest.raises(git.GitCommandError):  # both sides changed 1.1's budget
        repo.git.merge("sida", "--no-ff", "-m", "Slå saman")
    repo.git.checkout("--theirs", PLAN)
    edit(root / PLAN, "610000\n        own_funds", "615000\n        own_funds")
    commit(repo, "Slå saman: 615 000", author=BJORN)
    tree = repo.head.commit.tree.hexsha
    tag(repo, "vedtak/testdalen/2026/tre", "Kommunestyret, sak 26/11", ref=tree)
    tag(repo, "vedtak/testdalen/2026/fil", "Formannskapet", ref=f"HEAD:{PLAN}")
    tag(repo, "vedtak/testdalen/2026/mappe", ref="HEAD:pilots/testdalen")  # lightweight
    tag(repo, "anna/tre", "Ikkje eit vedtak", ref=tree)
    monkeypatch.chdir(root)
    return str(language)


def test_the_odd_commits_are_shown_in_the_pilots_standard(odd: str) -> None:
    said = WORDS[odd]
    result = invoke("history", "testdalen")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Traceback" not in text
    assert "Øystein Ås <oystein@testdalen.no>\n  Budsjett for 2.1: 650000" in text
    assert f"Åse Ødegård <ase@testdalen.no>\n  {said['no_message']}\n  plans/2026.yaml" in text
    assert f"Bjørn Øvre <bjorn@testdalen.no>\n  {said['merge']}" in text
    # what the merge itself made of 1.1, told against its first parent (main)
    resolved = f"tiltak 1.1: budsjett 2026, {said['funds']}: {kr('620 000')} → {kr('615 000')}"
    assert f"{said['merge']}\n  plans/2026.yaml\n    {resolved}\n" in text
    assert said["tags"] in text
    assert all(name in text.splitlines()[-1] for name in NO_COMMIT)
    assert "anna/tre" not in text
    measure = invoke("history", "testdalen", "--measure", "1.1").output
    for subject in ("Slå saman: 615 000", "Main: 620 000", "Sida: 610 000", said["no_message"]):
        assert subject in measure
    assert "Budsjett for 2.1" not in measure


def test_the_odd_commits_as_json(odd: str) -> None:
    result = invoke("history", "testdalen", "-f", "json")
    assert result.exit_code == 0, result.output
    assert "Øystein Ås" in result.stdout  # as letters, not \u escapes
    found = json.loads(result.stdout)
    by_subject = {c["message"]: c for c in found["commits"]}
    assert by_subject[""]["author"] == "Åse Ødegård"
    merge = by_subject["Slå saman: 615 000"]
    assert merge["author"] == "Bjørn Øvre" and len(merge["parents"]) == 2
    assert [(c["measure"], c["old"], c["new"]) for c in merge["changes"]] == [
        ("1.1", 620000, 615000)
    ]
    unreachable = found["unreachable_adoptions"]
    assert sorted(a["ref"] for a in unreachable) == NO_COMMIT
    assert {(a["source"], a["commit"]) for a in unreachable} == {("tag", None)}
    assert all(c["adoptions"] == [] for c in found["commits"])


def test_until_a_tag_of_a_tree_is_refused_in_words(odd: str) -> None:
    result = invoke("history", "testdalen", "--until", "vedtak/testdalen/2026/tre")
    assert result.exit_code == 2
    assert WORDS[odd]["until"] in result.output and "Traceback" not in result.output


def test_verify_names_the_tags_of_no_commit_as_unverifiable(odd: str) -> None:
    """``history`` lists the tags of a tree or a file and points to ``--verify``, which said
    there was nothing to verify; it names each one, a warning as for a revision git does not
    know (BV304), and an error when the configuration makes BV304 one. None of them is
    counted as checked (it said «3 … checked»): the trail's findings follow its heading."""
    said = WORDS[odd]
    result = invoke("history", "testdalen", "--verify")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and said["none"] not in result.output
    assert said["checked"] not in result.output and said["counted"] not in result.output
    after = result.output.split(f"\n{said['heading']}\n", 1)[1]
    assert after.startswith("  pilots/testdalen/pilot.yaml:1: "), after
    for name in NO_COMMIT:
        assert f"pilots/testdalen/pilot.yaml:1: {said['verify'].format(tag=name)}" in (
            result.output
        )
    assert "anna/tre" not in result.output
    found = json.loads(invoke("history", "testdalen", "--verify", "-f", "json").stdout)
    adoptions = found["verify"]["adoptions"]
    assert sorted(a["ref"] for a in adoptions) == NO_COMMIT
    assert {(a["commit"], a["reachable"]) for a in adoptions} == {(None, None)}
    Path("bygdevekst.toml").write_text('severity = { BV304 = "error" }\n', encoding="utf-8")
    assert invoke("history", "testdalen", "--verify").exit_code == 1
