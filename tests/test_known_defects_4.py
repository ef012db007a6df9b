"""Defects noticed in review and fixed later (the fourth batch: validate's paths seen from
a subfolder, and the adoption trail's tags of no commit and branches not merged), each
through the real command line on real git repositories in ``tmp_path``."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import git
import pytest

from tests.gitrepo import PLAN, commit, pilot_repo, tag
from tests.helpers import edit, invoke, line_of

ADOPTION = "vedtak/testdalen/2026/fyresdal-kommunestyre"
PILOT = "pilots/testdalen/pilot.yaml"


def _adopt(root: Path, revision: str) -> int:
    """Record ``revision`` as the Fyresdal council's adopted one; the line it is on."""
    text = edit(
        root / PLAN,
        "case_number: 26/11\n    outcome: adopted",
        f"case_number: 26/11\n    outcome: adopted\n    adopted_revision: {revision}",
    )
    return line_of(text, "adopted_revision")


def _in_bokmaal(root: Path) -> None:
    edit(root / PILOT, "language: nn", "language: nb")


def _bv304(output: str) -> list[str]:
    return [line for line in output.splitlines() if " BV304 " in line]


# --- 1. validate with no path, run in a folder below the repository's root -----------------

MOVING_NN = (
    "åtvaring BV304 adopted_revision «HEAD» viser til den versjonen git står på no eller har"
    " stått på, og flyttar seg med neste commit; skriv commit-ID eller tagg (vedtak/…) for den"
    " vedtekne versjonen"
)
MOVING_NB = (
    "advarsel BV304 adopted_revision «HEAD» peker på den versjonen git står på nå eller har"
    " stått på, og flytter seg med neste commit; skriv commit-ID-en eller taggen (vedtak/…) for"
    " den vedtatte versjonen"
)


@pytest.fixture
def moving(tmp_path: Path) -> tuple[Path, int]:
    """A repository whose plan records ``HEAD`` as adopted (one warning, whatever git
    holds), with a ``docs/`` folder beside ``pilots/``; its root and the finding's line."""
    repo = pilot_repo(tmp_path / "repo")
    root = Path(repo.working_dir)
    line = _adopt(root, "HEAD")
    (root / "docs").mkdir()
    commit(repo, "Vedteken")
    return root, line


def test_validate_in_a_folder_beside_pilots_names_files_as_typed_there(
    moving: tuple[Path, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in ``docs/`` with no path, validate named every file by its absolute path (from
    the root it named them relative); now as a path typed in ``docs/`` would."""
    root, line = moving
    monkeypatch.chdir(root / "docs")
    result = invoke("validate")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "../pilots/testdalen/plans/2026.yaml",
        f"  ../pilots/testdalen/plans/2026.yaml:{line}:23: {MOVING_NN}",
        "Ingen feil, 1 åtvaring; 3 filer kontrollerte.",
    ]
    [finding] = json.loads(invoke("validate", "--format", "json").stdout)["findings"]
    assert finding["file"] == "../pilots/testdalen/plans/2026.yaml"
    # GitHub's annotations, like the platforms' formats, name files from the root, as before
    github = invoke("validate", "--format", "github").output.splitlines()[0]
    assert github.startswith(f"::warning file={PLAN},line={line},col=23,title=BV304 ")
    # a pilot named by its id is a path typed there too
    by_id = invoke("validate", "testdalen").output.splitlines()
    assert by_id[0] == "../pilots/testdalen/plans/2026.yaml"
    sarif = json.loads(invoke("validate", "--format", "sarif").stdout)
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == PLAN


def test_validate_in_the_plans_folder_names_the_plan_as_typed_there(
    moving: tuple[Path, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in the pilot's ``plans/``, with no path the plan was named absolute; named
    ``2026.yaml`` there, its finding was left out altogether (the pilot's files were named
    ``../plans/2026.yaml``, the one asked for ``2026.yaml``)."""
    root, line = moving
    monkeypatch.chdir(root / "pilots/testdalen/plans")
    expected = ["2026.yaml", f"  2026.yaml:{line}:23: {MOVING_NN}"]
    whole = invoke("validate")
    assert whole.output.splitlines() == [*expected, "Ingen feil, 1 åtvaring; 3 filer kontrollerte."]
    named = invoke("validate", "2026.yaml")
    assert named.output.splitlines() == [*expected, "Ingen feil, 1 åtvaring; 1 fil kontrollert."]
    absolute = invoke("validate", str(root / PLAN))
    assert absolute.output.splitlines() == named.output.splitlines()


def test_validate_at_the_root_and_in_bokmaal_from_a_subfolder(
    moving: tuple[Path, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, line = moving
    monkeypatch.chdir(root)
    assert invoke("validate").output.splitlines()[1] == (
        f"  pilots/testdalen/plans/2026.yaml:{line}:23: {MOVING_NN}"
    )
    _in_bokmaal(root)  # (its Nynorsk texts are warnings of their own then: BV211)
    monkeypatch.chdir(root / "docs")
    assert _bv304(invoke("validate").output) == [
        f"  ../pilots/testdalen/plans/2026.yaml:{line}:23: {MOVING_NB}"
    ]


# --- 2. an adopted_revision naming a tag of a folder's tree or of a file --------------------

NO_COMMIT_NN = (
    "åtvaring BV304 Vedtakstaggen «{tag}» peikar ikkje på ein commit, men på ei mappe eller ei"
    " fil, og kan ikkje kontrollerast; lag han på nytt på den vedtekne commiten med «git tag -f"
    " -s {tag} <commit>», og send han med «git push -f origin {tag}»"
)
NO_COMMIT_NB = (
    "advarsel BV304 Vedtakstaggen «{tag}» peker ikke på en commit, men på en mappe eller en"
    " fil, og kan ikke kontrolleres; lag den på nytt på den vedtatte commiten med «git tag -f"
    " -s {tag} <commit>», og send den med «git push -f origin {tag}»"
)


@pytest.mark.parametrize(
    ("written", "target", "message"),
    [
        (ADOPTION, "HEAD:pilots", "Kommunestyret, sak 26/11"),  # annotated, of a folder
        (f"tags/{ADOPTION}", f"HEAD:{PILOT}", None),  # lightweight, of a file
        (f"refs/tags/{ADOPTION}", "HEAD^{tree}", "Kommunestyret"),
    ],
)
def test_an_adopted_tag_of_no_commit_is_told_as_such_not_as_unknown(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    written: str,
    target: str,
    message: str | None,
) -> None:
    """Validate said «finst ikkje» (does not exist) of a tag git has, which points at a tree
    or a file: now it says what ``history --verify`` says of such a tag."""
    repo = pilot_repo(tmp_path / "repo")
    root = Path(repo.working_dir)
    line = _adopt(root, written)
    commit(repo, "Vedteken")
    tag(repo, ADOPTION, message, ref=target)
    monkeypatch.chdir(root)
    result = invoke("validate", "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "pilots/testdalen/plans/2026.yaml",
        f"  pilots/testdalen/plans/2026.yaml:{line}:23: {NO_COMMIT_NN.format(tag=ADOPTION)}",
        "Ingen feil, 1 åtvaring; 3 filer kontrollerte.",
    ]
    verified = invoke("history", "testdalen", "--verify").output.splitlines()
    said = f"  pilots/testdalen/plans/2026.yaml:{line}: {NO_COMMIT_NN.format(tag=ADOPTION)}"
    assert said in verified  # the same words in both
    _in_bokmaal(root)
    assert _bv304(invoke("validate", "--no-cache").output) == [
        f"  pilots/testdalen/plans/2026.yaml:{line}:23: {NO_COMMIT_NB.format(tag=ADOPTION)}"
    ]


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nn", "1 vedtakstagg peikar ikkje på ein commit, men på ei mappe eller ei fil, og kan"
         " ikkje visast på ein commit i historikken: {tag}"),
        ("nb", "1 vedtakstagg peker ikke på en commit, men på en mappe eller en fil, og kan"
         " ikke vises på en commit i historikken: {tag}"),
    ],
)  # fmt: skip
def test_history_tells_an_adopted_tag_of_no_commit_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, said: str
) -> None:
    """``history`` said of the plan's adoption «1 vedtak er ikkje i historikken (sjå
    kontrollen med --verify)», and left the tag out of the line on tags of no commit."""
    repo = pilot_repo(tmp_path / "repo")
    root = Path(repo.working_dir)
    _adopt(root, ADOPTION)
    if language == "nb":
        _in_bokmaal(root)
    commit(repo, "Vedteken")
    tag(repo, ADOPTION, "Kommunestyret, sak 26/11", ref="HEAD:pilots")
    monkeypatch.chdir(root)
    result = invoke("history", "testdalen")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == ["", said.format(tag=ADOPTION)]
    [told] = json.loads(invoke("history", "testdalen", "-f", "json").stdout)[
        "unreachable_adoptions"
    ]
    assert (told["source"], told["tag"], told["commit"], told["case_number"]) == (
        "data",
        ADOPTION,
        None,
        "26/11",
    )


def test_a_name_git_does_not_have_is_still_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    root = Path(repo.working_dir)
    line = _adopt(root, ADOPTION)
    commit(repo, "Vedteken")
    tag(repo, "vedtak/testdalen/2026/anna", "Eit anna vedtak", ref="HEAD:pilots")
    monkeypatch.chdir(root)
    assert invoke("validate", "--no-cache").output.splitlines()[1] == (
        f"  pilots/testdalen/plans/2026.yaml:{line}:23: åtvaring BV304 adopted_revision"
        f" «{ADOPTION}» finst ikkje i git-repoet; skriv commit-ID eller tagg (vedtak/…) for den"
        " vedtekne versjonen"
    )


# --- 3. history --verify counts only the revisions it could check ---------------------------


@pytest.mark.parametrize(
    ("language", "checked"),
    [
        ("nn", "1 vedteken revisjon kontrollert, 0 med godkjend signatur."),
        ("nb", "1 vedtatt revisjon kontrollert, 0 med godkjent signatur."),
    ],
)
def test_verify_counts_only_the_revisions_that_name_a_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, checked: str
) -> None:
    """One tag on a commit, one of a folder's tree and one of a file: «3 … checked» counted
    the two that name no commit, which are told by their findings instead."""
    repo = pilot_repo(tmp_path / "repo")
    root = Path(repo.working_dir)
    if language == "nb":
        _in_bokmaal(root)
        commit(repo, "På bokmål")
    tag(repo, ADOPTION, "Kommunestyret, sak 26/11")
    tag(repo, "vedtak/testdalen/2026/tre", "Formannskapet", ref="HEAD:pilots")
    tag(repo, "vedtak/testdalen/2026/fil", ref=f"HEAD:{PILOT}")
    monkeypatch.chdir(root)
    result = invoke("history", "testdalen", "--verify")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    heading = lines.index("Kontroll av vedtakssporet")
    assert lines[heading + 1] == checked
    findings = [line for line in lines[heading + 2 :] if line.startswith("  ")]
    assert [line.split()[2] for line in findings] == ["BV304", "BV304", "BV310"]
    verification = json.loads(invoke("history", "testdalen", "--verify", "-f", "json").stdout)
    commits = [a["commit"] for a in verification["verify"]["adoptions"]]
    assert len(commits) == 3 and sum(c is not None for c in commits) == 1


# --- 4. history: an adoption on a branch not merged is shown once ---------------------------


@pytest.fixture
def on_a_branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    """A council's tag on a commit of a branch not merged, which touched no pilot file (the
    minutes); the current folder is the repository's, on main."""
    repo = pilot_repo(tmp_path / "repo")
    repo.git.switch("-q", "-c", "forslag")
    commit(repo, "Referat frå møtet", {"docs/referat.md": "Kommunestyret vedtok planen.\n"})
    tag(repo, ADOPTION, "Kommunestyret i Fyresdal, sak 26/11")
    repo.git.switch("-q", "main")
    monkeypatch.chdir(repo.working_dir)
    return repo


@pytest.mark.parametrize(
    ("language", "missing"),
    [
        ("nn", f"1 vedtak er ikkje i historikken (sjå kontrollen med --verify): {ADOPTION}"),
        ("nb", f"1 vedtak er ikke i historikken (se kontrollen med --verify): {ADOPTION}"),
    ],
)
def test_an_adoption_on_a_branch_not_merged_is_shown_once(
    on_a_branch: git.Repo, language: str, missing: str
) -> None:
    """It was shown on main's commit that last touched the pilot (✓ …) and again as not in
    the history; it is not in HEAD's history (``--verify``: BV313), so it is told so, once."""
    if language == "nb":
        _in_bokmaal(Path(on_a_branch.working_dir))
        commit(on_a_branch, "På bokmål")
    result = invoke("history", "testdalen")
    assert result.exit_code == 0, result.output
    assert result.output.count("Kommunestyret i Fyresdal, sak 26/11") == 0
    assert result.output.count(ADOPTION) == 1
    assert result.output.splitlines()[-1] == missing
    found = json.loads(invoke("history", "testdalen", "-f", "json").stdout)
    assert all(c["adoptions"] == [] for c in found["commits"])
    assert [a["ref"] for a in found["unreachable_adoptions"]] == [ADOPTION]


def test_the_same_tag_once_merged_is_shown_on_the_commit(on_a_branch: git.Repo) -> None:
    """Merged, the branch's tag is in HEAD's history: shown on the commit that last touched
    the pilot before it, and not as missing."""
    on_a_branch.git.merge("-q", "forslag")
    result = invoke("history", "testdalen")
    lines = result.output.splitlines()
    assert f"  ✓ Kommunestyret i Fyresdal, sak 26/11 [{ADOPTION}]" in lines
    assert result.output.count(ADOPTION) == 1


# --- 5. an adopted_revision naming a folder's tree or a file other than by a tag ------------

NAMES_NO_COMMIT_NN = (
    "åtvaring BV304 adopted_revision «{revision}» peikar ikkje på ein commit, men på ei mappe"
    " eller ei fil; skriv commit-ID eller tagg (vedtak/…) for den vedtekne versjonen"
)
NAMES_NO_COMMIT_NB = (
    "advarsel BV304 adopted_revision «{revision}» peker ikke på en commit, men på en mappe"
    " eller en fil; skriv commit-ID-en eller taggen (vedtak/…) for den vedtatte versjonen"
)
UNKNOWN_NN = (
    "åtvaring BV304 adopted_revision «{revision}» finst ikkje i git-repoet; skriv commit-ID"
    " eller tagg (vedtak/…) for den vedtekne versjonen"
)


def _recorded(repo: git.Repo, written: str) -> tuple[Path, str, int]:
    """``written`` (``{tree}``, ``{file}`` and ``{commit}`` filled from the first commit)
    recorded as adopted and committed; the root, the revision and the line it is on."""
    first = repo.head.commit
    revision = written.format(
        tree=first.tree.hexsha,
        file=repo.git.rev_parse(f"HEAD:{PILOT}"),
        commit=first.hexsha,
    )
    root = Path(repo.working_dir)
    line = _adopt(root, f"'{revision}'")  # quoted: an id of digits alone is no number
    commit(repo, "Vedteken")
    return root, revision, line


@pytest.mark.parametrize(
    "written",
    [
        "{tree}",  # the id of the root's tree
        "{tree:.7}",  # abbreviated
        "{file:.10}",  # a file's, abbreviated
        "HEAD:pilots/testdalen/plans",  # was told as moving with HEAD (and unknown by verify)
        "{commit:.10}:pilots/testdalen",
        "HEAD^{{tree}}",
    ],
)
def test_an_adopted_revision_of_a_tree_or_a_file_is_told_as_such_not_as_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str
) -> None:
    """Validate and ``history --verify`` said «finst ikkje» (does not exist) of a tree's or
    a file's id and of ``<commit>:<path>``; now both say it names no commit, as of a tag."""
    root, revision, line = _recorded(pilot_repo(tmp_path / "repo"), written)
    monkeypatch.chdir(root)
    said = NAMES_NO_COMMIT_NN.format(revision=revision)
    result = invoke("validate", "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "pilots/testdalen/plans/2026.yaml",
        f"  pilots/testdalen/plans/2026.yaml:{line}:23: {said}",
        "Ingen feil, 1 åtvaring; 3 filer kontrollerte.",
    ]
    verified = invoke("history", "testdalen", "--verify")
    assert verified.exit_code == 0, verified.output
    assert _bv304(verified.output) == [f"  pilots/testdalen/plans/2026.yaml:{line}: {said}"]
    found = json.loads(invoke("history", "testdalen", "--verify", "-f", "json").stdout)
    assert [(a["ref"], a["commit"]) for a in found["verify"]["adoptions"]] == [(revision, None)]


def test_an_adopted_revision_of_a_tree_in_bokmaal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    _in_bokmaal(Path(repo.working_dir))
    root, revision, line = _recorded(repo, "HEAD:pilots")
    monkeypatch.chdir(root)
    said = NAMES_NO_COMMIT_NB.format(revision=revision)
    assert _bv304(invoke("validate", "--no-cache").output) == [
        f"  pilots/testdalen/plans/2026.yaml:{line}:23: {said}"
    ]
    verified = invoke("history", "testdalen", "--verify").output
    assert _bv304(verified) == [f"  pilots/testdalen/plans/2026.yaml:{line}: {said}"]


def test_head_still_moves_and_a_missing_id_of_full_length_is_still_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked whether a revision names a tree or a file, git's ``rev-parse --verify`` takes
    any 40 digits: ``history --until`` said such an id named a folder or a file."""
    missing = "1234567890" * 4
    root, _, line = _recorded(pilot_repo(tmp_path / "repo"), missing)
    monkeypatch.chdir(root)
    assert _bv304(invoke("validate", "--no-cache").output) == [
        f"  pilots/testdalen/plans/2026.yaml:{line}:23: {UNKNOWN_NN.format(revision=missing)}"
    ]
    assert _bv304(invoke("history", "testdalen", "--verify").output) == [
        f"  pilots/testdalen/plans/2026.yaml:{line}: {UNKNOWN_NN.format(revision=missing)}"
    ]
    until = invoke("history", "testdalen", "--until", missing)
    assert until.exit_code == 2
    assert until.output.splitlines() == [
        f"bygdevekst: --until {missing}: verken ein dato (ÅÅÅÅ-MM-DD) eller ein revisjon i dette"
        " git-repoet"
    ]
    tree = invoke("history", "testdalen", "--until", "HEAD:pilots")
    assert tree.output.splitlines() == [
        "bygdevekst: --until HEAD:pilots: revisjonen peikar ikkje på ein commit, men på ei"
        " mappe eller ei fil; vel ein tag, ei grein eller ein commit"
    ]
    edit(root / PLAN, f"adopted_revision: '{missing}'", "adopted_revision: HEAD")
    assert _bv304(invoke("validate", "--no-cache").output) == [
        f"  pilots/testdalen/plans/2026.yaml:{line}:23: {MOVING_NN}"
    ]


# --- 6. validate naming a folder of a pilot (its plans/) -----------------------------------

NO_PILOTS_NB = "bygdevekst: Fant ingen pilotmapper (med pilot.yaml) i {path}"


def test_validate_dot_in_a_pilots_plans_folder_checks_that_pilot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: in a pilot's ``plans/``, ``validate .`` was wrong use («Fann ingen
    pilotmapper (med pilot.yaml) i .», exit 2). A folder of a pilot names that pilot, as
    ``validate .`` in the pilot's own folder does: checked whole, each file named from the
    current folder, however the folder is typed."""
    root = Path(pilot_repo(tmp_path / "repo").working_dir)
    pilot = root / "pilots/testdalen"
    plans = pilot / "plans"
    (pilot / "vedlegg").mkdir()
    edit(pilot / "pilot.yaml", "language: nn", "language: nn\nukjend: 1")
    edit(plans / "2026.yaml", "\nyear: 2026", "\nyear: tjuetjueseks")
    monkeypatch.chdir(pilot)
    from_pilot = invoke("validate", ".")
    assert from_pilot.exit_code == 1
    named = {"pilot.yaml", "plans/2026.yaml"}
    assert {line.split(":")[0].strip() for line in from_pilot.output.splitlines()[:-1]} == named

    def seen(output: str, here: str) -> str:
        """``output`` with the files named as from the pilot's folder."""
        for name in sorted(named):
            shown = os.path.relpath(pilot / name, pilot / here).replace(os.sep, "/")
            output = output.replace(f"{shown}:", f"{name}:").replace(f"{shown}\n", f"{name}\n")
        return output

    for here, typed in (
        ("plans", "."),
        ("vedlegg", "."),
        ("vedlegg", "../plans"),
        (".", "plans"),
    ):
        monkeypatch.chdir(pilot / here)
        result = invoke("validate", typed)
        assert result.exit_code == 1, (here, typed, result.output)
        assert seen(result.output, here) == from_pilot.output, (here, typed)
    monkeypatch.chdir(plans)
    # typed absolute: as the pilot's own folder typed absolute is (a file outside it too)
    assert invoke("validate", str(plans)).output == invoke("validate", str(pilot)).output
    shown = invoke("validate", ".").output.splitlines()
    assert shown[0] == "../pilot.yaml"  # named from plans/, not from the repository's root
    assert shown[2] == "2026.yaml"
    _in_bokmaal(root)
    assert invoke("validate", ".").output.splitlines()[-1] == (
        "2 feil, 0 advarsler; 3 filer kontrollert."
    )


def test_validate_dot_in_a_pilot_folder_and_in_pilots_checks_the_pilot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(pilot_repo(tmp_path / "repo").working_dir)
    for folder in ("pilots/testdalen", "pilots"):
        monkeypatch.chdir(root / folder)
        result = invoke("validate", ".")
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == ["Ingen feil, 0 åtvaringar; 3 filer kontrollerte."]


def test_an_empty_pilots_folder_is_named_relative_in_the_command_lines_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No pilot is known there: said in the command line's language (Bokmål here), and of
    ``pilots/`` as seen from the current folder, not by its absolute path."""
    repo = pilot_repo(tmp_path / "repo")
    root = Path(repo.working_dir)
    shutil.rmtree(root / "pilots/testdalen")
    monkeypatch.chdir(root)
    assert invoke("validate").output.splitlines() == [NO_PILOTS_NB.format(path="pilots")]
    assert invoke("validate", ".").output.splitlines() == [NO_PILOTS_NB.format(path="pilots")]
    monkeypatch.chdir(root / "pilots")
    result = invoke("validate", ".")
    assert result.exit_code == 2
    assert result.output.splitlines() == [NO_PILOTS_NB.format(path=".")]
