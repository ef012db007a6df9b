"""The tamper-evident trail (BV310-BV315) and recorded amendments, on real git repositories
through the real CLI: SSH keys made in the test, tags signed by git itself, a squash that
drops the adopted commit, a shallow clone; nn and nb wording."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import git
import pytest

from tests.gitrepo import PLAN, commit, pilot_repo, shallow_clone, tag
from tests.helpers import edit, invoke

TAG = "vedtak/testdalen/2026/fyresdal-kommunestyre"
PILOT_FILE = "pilots/testdalen/pilot.yaml"
AMENDMENT = """amendments:
  - date: 2026-03-12
    reason: Kommunestyret auka budsjettet.
    decided_by:
      party: fyresdal
      body: municipal_council
    case_number: 26/30
"""


@dataclass(frozen=True)
class Keys:
    trusted: Path
    """The secretariat's public key, in the allowed signers file."""
    stranger: Path
    """A public key nobody put in the allowed signers file."""
    allowed: Path


def _keygen(path: Path, comment: str) -> Path:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
        check=True,
    )
    return path.with_suffix(".pub")


@pytest.fixture
def keys(tmp_path: Path) -> Keys:
    folder = tmp_path / "keys"
    folder.mkdir()
    trusted = _keygen(folder / "sekretariat", "sekretariatet")
    stranger = _keygen(folder / "framand", "framand")
    allowed = folder / "allowed_signers"
    allowed.write_text(f"post@testdalen.no {trusted.read_text(encoding='utf-8')}")
    return Keys(trusted, stranger, allowed)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keys: Keys) -> git.Repo:
    repo = pilot_repo(tmp_path / "repo")
    with repo.config_writer() as config:
        config.set_value("gpg.ssh", "allowedSignersFile", str(keys.allowed))
    monkeypatch.chdir(repo.working_dir)
    for variable in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "BYGDEVEKST_LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    return repo


def sign(repo: git.Repo, name: str, key: Path, ref: str = "HEAD") -> None:
    """``git -c gpg.format=ssh -c user.signingkey=KEY tag -s NAME REF -m …``."""
    repo.git.execute(
        [
            "git",
            "-c",
            "gpg.format=ssh",
            "-c",
            f"user.signingkey={key}",
            "tag",
            "-s",
            name,
            ref,
            "-m",
            "Kommunestyret i Fyresdal, sak 26/11",
        ]
    )


def verified(*args: str) -> dict[str, object]:
    result = invoke("history", "testdalen", "--verify", "--format", "json", *args)
    assert "Traceback" not in result.output
    data: dict[str, object] = json.loads(result.stdout)["verify"]
    return data


def codes(data: dict[str, object]) -> list[str]:
    findings = data["findings"]
    assert isinstance(findings, list)
    return [f["code"] for f in findings]


# --- signatures --------------------------------------------------------------------------


def test_a_tag_signed_with_a_trusted_ssh_key_verifies(repo: git.Repo, keys: Keys) -> None:
    sign(repo, TAG, keys.trusted)
    result = invoke("history", "testdalen", "--verify")
    assert result.exit_code == 0, result.output
    assert "Kontroll av vedtakssporet" in result.output
    assert "1 vedteken revisjon kontrollert, 1 med godkjend signatur." in result.output
    assert "Vedtakssporet er i orden." in result.output
    data = verified()
    assert data["ok"] is True
    assert data["adoptions"] == [
        {
            "ref": TAG,
            "commit": repo.head.commit.hexsha,
            "tag": TAG,
            "signature": "good",
            "reachable": True,
        }
    ]


def test_an_unsigned_tag_is_a_warning_and_an_error_when_configured(repo: git.Repo) -> None:
    tag(repo, TAG, "Kommunestyret i Fyresdal, sak 26/11")
    result = invoke("history", "testdalen", "--verify")
    assert result.exit_code == 0, result.output
    assert (
        f"{PILOT_FILE}:1: åtvaring BV310 Vedtakstaggen «{TAG}» er ikkje signert;"
        " lag han på nytt, signert med SSH- eller GPG-nøkkel, med «git tag -f -s"
    ) in result.output
    Path(repo.working_dir, "bygdevekst.toml").write_text('severity = { BV310 = "error" }\n')
    result = invoke("history", "testdalen", "--verify")
    assert result.exit_code == 1
    assert f"feil BV310 Vedtakstaggen «{TAG}» er ikkje signert" in result.output


def test_a_lightweight_tag_is_unsigned(repo: git.Repo) -> None:
    tag(repo, TAG)
    data = verified()
    assert codes(data) == ["BV310"]
    assert "er ein lett tagg utan melding og signatur" in str(data["findings"])


def test_a_key_not_in_the_allowed_signers_is_an_error(repo: git.Repo, keys: Keys) -> None:
    sign(repo, TAG, keys.stranger)
    result = invoke("history", "testdalen", "--verify")
    assert result.exit_code == 1
    line = next(ln for ln in result.output.splitlines() if "BV312" in ln)
    assert f"feil BV312 Vedtakstaggen «{TAG}» er signert med ein nøkkel som git ikkje" in line
    assert "No principal matched" in line


def test_without_allowed_signers_git_cannot_verify(repo: git.Repo, keys: Keys) -> None:
    sign(repo, TAG, keys.trusted)
    with repo.config_writer() as config:
        config.remove_option("gpg.ssh", "allowedSignersFile")
    data = verified()
    assert codes(data) == ["BV312"]
    assert "git config gpg.ssh.allowedSignersFile" in str(data["findings"])


def test_without_the_program_that_verifies_the_tag_is_not_called_bad(
    repo: git.Repo, keys: Keys, tmp_path: Path
) -> None:
    sign(repo, TAG, keys.trusted)
    with repo.config_writer() as config:
        config.set_value("gpg.ssh", "program", str(tmp_path / "no-such-ssh-keygen"))
    data = verified()
    assert codes(data) == ["BV312"]
    assert "kan ikkje kontrollerast: git fann ikkje programmet" in str(data["findings"])


def test_a_tag_edited_after_signing_is_badly_signed(repo: git.Repo, keys: Keys) -> None:
    sign(repo, "vedtak/testdalen/2026/original", keys.trusted)
    stored = repo.git.cat_file("tag", "vedtak/testdalen/2026/original")
    forged = stored.replace("sak 26/11", "sak 26/99").replace("/original", "/fyresdal-kommunestyre")
    made = subprocess.run(
        ["git", "mktag"],
        input=forged + "\n",
        cwd=repo.working_dir,
        capture_output=True,
        text=True,
        check=True,
    )
    sha = made.stdout.strip()
    repo.git.update_ref(f"refs/tags/{TAG}", sha)
    repo.git.tag("-d", "vedtak/testdalen/2026/original")
    result = invoke("history", "testdalen", "--verify")
    assert result.exit_code == 1
    assert f"feil BV311 Signaturen på vedtakstaggen «{TAG}» held ikkje" in result.output


def test_a_signed_tag_copied_to_another_name_is_an_error(repo: git.Repo, keys: Keys) -> None:
    sign(repo, TAG, keys.trusted)
    copy = "vedtak/testdalen/2026/kviteseid-kommunestyre"
    repo.git.update_ref(f"refs/tags/{copy}", repo.git.rev_parse(TAG))
    data = verified()
    assert codes(data) == ["BV311"]
    assert f"Vedtakstaggen «{copy}» er signert under namnet «{TAG}»" in str(data["findings"])


def test_a_gpg_signed_tag_verifies_and_an_unknown_gpg_key_is_an_error(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring, empty = tmp_path / "gnupg", tmp_path / "gnupg-empty"
    for home in (keyring, empty):
        home.mkdir(mode=0o700)
    monkeypatch.setenv("GNUPGHOME", str(keyring))
    try:
        subprocess.run(
            [
                *("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", ""),
                *("--quick-gen-key", "Sekretariatet <post@testdalen.no>", "ed25519", "sign"),
            ],
            check=True,
            capture_output=True,
        )
        repo.git.execute(
            ["git", "-c", "user.signingkey=post@testdalen.no", "tag", "-s", TAG, "-m", "Vedtak"]
        )
        good = verified()
        assert good["ok"] is True
        assert [a["signature"] for a in good["adoptions"]] == ["good"]  # type: ignore[attr-defined]
        monkeypatch.setenv("GNUPGHOME", str(empty))  # a keyring without the public key
        data = verified()
        assert codes(data) == ["BV312"]
        assert "NO_PUBKEY" in str(data["findings"])
    finally:
        for home in (keyring, empty):
            subprocess.run(
                ["gpgconf", "--kill", "gpg-agent"],
                env={**os.environ, "GNUPGHOME": str(home)},
                check=False,
            )


def test_bokmaal_wording(repo: git.Repo) -> None:
    edit(Path(repo.working_dir, PILOT_FILE), "language: nn", "language: nb")
    commit(repo, "Bokmål")
    tag(repo, TAG, "Kommunestyret i Fyresdal, sak 26/11")
    result = invoke("history", "testdalen", "--verify")
    assert result.exit_code == 0, result.output
    assert "Kontroll av vedtakssporet" in result.output
    assert "1 vedtatt revisjon kontrollert, 0 med godkjent signatur." in result.output
    assert (
        f"advarsel BV310 Vedtakstaggen «{TAG}» er ikke signert; lag den på nytt, signert med"
        " SSH- eller GPG-nøkkel, med «git tag -f -s"
    ) in result.output


# --- missing, squashed and rewritten ---------------------------------------------------------


def adopted_then_squashed(repo: git.Repo, keys: Keys) -> tuple[str, str]:
    """A signed tag and a commit id in the data both name the adopted commit; then the
    branch is squashed onto its first commit, so the adopted commit is no longer in it.
    Returns (the adopted commit, the tip before the rewrite)."""
    first = repo.head.commit.hexsha
    plan = Path(repo.working_dir, PLAN)
    edit(plan, "own_funds: 100000", "own_funds: 150000")
    adopted = commit(repo, "Meir eigne midlar").hexsha
    sign(repo, TAG, keys.trusted)
    edit(plan, "case_number: 26/11\n", f"case_number: 26/11\n    adopted_revision: {adopted}\n")
    before = commit(repo, "Vedtaket i kommunestyret").hexsha
    repo.git.reset("--soft", first)
    commit(repo, "Alt i eitt")
    return adopted, before


def test_history_shows_an_adoption_squashed_away(repo: git.Repo, keys: Keys) -> None:
    adopted, _ = adopted_then_squashed(repo, keys)
    result = invoke("history", "testdalen")
    assert result.exit_code == 0, result.output
    assert "2 vedtak er ikkje i historikken (sjå kontrollen med --verify):" in result.output
    assert TAG in result.output
    data = json.loads(invoke("history", "testdalen", "--format", "json").stdout)
    assert {a["commit"] for a in data["unreachable_adoptions"]} == {adopted}
    result = invoke("history", "testdalen", "--verify")
    assert result.exit_code == 1
    found = [ln for ln in result.output.splitlines() if "BV313" in ln]
    assert len(found) == 2, result.output
    assert any(ln.strip().startswith(f"{PLAN}:") for ln in found)
    assert (
        f"Vedteken revisjon «{TAG}» (commit {adopted[:12]}) er ikkje i historikken til HEAD:"
        " commiten er squasha, skriven om eller ligg på ei anna grein"
    ) in result.output


def test_history_names_an_adoption_whose_revision_names_no_commit(repo: git.Repo) -> None:
    """A mistyped commit id (or one of a history since rewritten elsewhere) was left out of
    the history without a word; validate warns (BV304), and the trail says it too."""
    missing = "0badc0ffee0badc0ffee0badc0ffee0badc0ffee"
    plan = Path(repo.working_dir, PLAN)
    edit(plan, "case_number: 26/11\n", f"case_number: 26/11\n    adopted_revision: {missing}\n")
    commit(repo, "Vedtaket i kommunestyret")
    result = invoke("history", "testdalen")
    assert result.exit_code == 0, result.output
    assert f"1 vedtak er ikkje i historikken (sjå kontrollen med --verify): {missing}" in (
        result.output
    )
    data = json.loads(invoke("history", "testdalen", "--format", "json").stdout)
    [adoption] = data["unreachable_adoptions"]
    assert (adoption["ref"], adoption["commit"], adoption["party"]) == (missing, None, "fyresdal")


def test_check_fails_a_rewrite_that_drops_the_adopted_commit(repo: git.Repo, keys: Keys) -> None:
    adopted, before = adopted_then_squashed(repo, keys)
    result = invoke("check", "--base", before, "--head", "HEAD", "--format", "github")
    assert result.exit_code == 1
    annotations = [ln for ln in result.stdout.splitlines() if "BV314" in ln]
    assert len(annotations) == 2, result.stdout
    plan_line = next(ln for ln in annotations if f"file={PLAN}," in ln)
    assert plan_line.startswith(f"::error file={PLAN},line=")
    assert f"(commit {adopted[:12]}) er i historikken til {before}, men ikkje i HEAD" in plan_line


def test_an_adopted_revision_that_no_longer_exists_is_a_finding(repo: git.Repo) -> None:
    missing = "0123456789abcdef0123456789abcdef01234567"
    plan = Path(repo.working_dir, PLAN)
    edit(plan, "case_number: 26/11\n", f"case_number: 26/11\n    adopted_revision: {missing}\n")
    commit(repo, "Vedtaket i kommunestyret")
    result = invoke("history", "testdalen", "--verify")
    assert "BV304" in result.output
    assert f"adopted_revision «{missing}» finst ikkje i git-repoet" in result.output


def test_outside_a_repository_a_named_revision_costs_no_git(tmp_path: Path) -> None:
    """A pilot outside any git repository whose plan names an adopted revision: BV304
    cannot check it, and finds that out without importing GitPython (or failing to open
    a repository for every pilot)."""
    import shutil
    import sys

    from tests.helpers import MINIMAL

    folder = tmp_path / "testdalen"
    shutil.copytree(MINIMAL, folder)
    edit(
        folder / "plans/2026.yaml",
        "case_number: 26/11\n",
        "case_number: 26/11\n    adopted_revision: vedtak/testdalen/2026\n",
    )
    code = (
        "import sys, datetime\n"
        "from pathlib import Path\n"
        "from bygdevekst_cli.validate import check_pilot\n"
        f"outcome = check_pilot(Path({str(folder)!r}), 'testdalen', datetime.date(2026, 11, 22))\n"
        "print(sorted(f.code for f in outcome.findings), 'git' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "[] False", done.stdout + done.stderr


def test_check_verifies_the_trail_of_every_pilot(repo: git.Repo, keys: Keys) -> None:
    base = repo.head.commit.hexsha
    edit(Path(repo.working_dir, PLAN), "own_funds: 100000", "own_funds: 150000")
    commit(repo, "Meir eigne midlar")
    sign(repo, TAG, keys.trusted)
    result = invoke("check", "--base", base, "--head", "HEAD", "--format", "text")
    assert result.exit_code == 0, result.output
    assert "BV31" not in result.output
    sign(repo, "vedtak/testdalen/2026/kviteseid-kommunestyre", keys.stranger)
    result = invoke("check", "--base", base, "--head", "HEAD", "--format", "text")
    assert result.exit_code == 1
    assert "BV312" in result.output


def test_check_in_a_shallow_clone_says_the_trail_was_not_verified(
    repo: git.Repo, keys: Keys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign(repo, TAG, keys.trusted)
    edit(Path(repo.working_dir, PLAN), "own_funds: 100000", "own_funds: 150000")
    commit(repo, "Meir eigne midlar")
    clone = shallow_clone(repo, tmp_path / "clone", depth=2)
    monkeypatch.chdir(clone.working_dir)
    result = invoke("check", "--base", "HEAD~1", "--format", "text")
    assert "Traceback" not in result.output
    assert "BV315" in result.output
    assert "«git fetch --unshallow»" in result.output


# --- amendments shown --------------------------------------------------------------------------


@pytest.fixture
def amended(repo: git.Repo) -> git.Repo:
    """The plan adopted (tag and data), then changed by a recorded amendment."""
    tag(repo, TAG, "Kommunestyret i Fyresdal, sak 26/11")
    plan = Path(repo.working_dir, PLAN)
    edit(plan, "case_number: 26/11\n", f"case_number: 26/11\n    adopted_revision: {TAG}\n")
    commit(repo, "Vedtaket i kommunestyret")
    edit(plan, "state_measure_funds: 300000", "state_measure_funds: 350000")
    plan.write_text(plan.read_text(encoding="utf-8") + AMENDMENT, encoding="utf-8")
    commit(repo, "Endring vedteken i kommunestyret")
    return repo


NN_LINE = (
    "Endring vedteken 12. mars 2026 av kommunestyret (fyresdal), sak 26/30:"
    " Kommunestyret auka budsjettet."
)


def test_diff_shows_a_recorded_amendment(amended: git.Repo) -> None:
    result = invoke("diff", "testdalen", "--base", "HEAD~1", "--head", "HEAD")
    assert result.exit_code == 0, result.output
    assert "Endringar i vedteken plan" in result.output
    assert NN_LINE in result.output
    result = invoke("diff", "testdalen", "--base", "HEAD~1", "--head", "HEAD", "-f", "markdown")
    assert "### Endringar i vedteken plan" in result.output
    assert f"- {NN_LINE}" in result.output
    data = json.loads(
        invoke("diff", "testdalen", "--base", "HEAD~1", "--head", "HEAD", "-f", "json").stdout
    )
    assert data["amendments"] == [
        {
            "date": "2026-03-12",
            "reason": "Kommunestyret auka budsjettet.",
            "decided_by": {"party": "fyresdal", "body": "municipal_council"},
            "case_number": "26/30",
        }
    ]
    unchanged = json.loads(
        invoke("diff", "testdalen", "--base", "HEAD", "--head", "HEAD", "-f", "json").stdout
    )
    assert unchanged["amendments"] == []


def test_history_words_a_recorded_amendment(amended: git.Repo) -> None:
    result = invoke("history", "testdalen")
    assert result.exit_code == 0, result.output
    assert f"endring i vedteken plan ført inn: {NN_LINE}" in result.output
    data = json.loads(invoke("history", "testdalen", "--format", "json").stdout)
    kinds = [c["kind"] for c in data["commits"][0]["changes"]]
    assert "amendment" in kinds


def test_amendments_in_bokmaal(amended: git.Repo) -> None:
    edit(Path(amended.working_dir, PILOT_FILE), "language: nn", "language: nb")
    result = invoke("diff", "testdalen", "--base", "HEAD~1")
    assert result.exit_code == 0, result.output
    assert "Endringer i vedtatt plan" in result.output
    assert "Endring vedtatt 12. mars 2026 av kommunestyret (fyresdal), sak 26/30:" in result.output
    commit(amended, "Bokmål")
    history = invoke("history", "testdalen")
    assert "endring i vedtatt plan ført inn: Endring vedtatt 12. mars 2026" in history.output


def test_check_summary_shows_the_amendment(amended: git.Repo, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = invoke(
        "check", "--base", "HEAD~1", "--head", "HEAD", "--format", "text", "--summary", str(summary)
    )
    assert result.exit_code == 0, result.output
    assert NN_LINE in summary.read_text(encoding="utf-8")
