"""``bygdevekst history`` on real git repositories: who changed what, when, and what was
adopted, across renames, merges, broken commits and shallow clones."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import git
import pytest

from bygdevekst_cli.errors import UsageError, UserError
from bygdevekst_cli.history import History, HistoryCommit, pilot_history
from bygdevekst_cli.present.history import change_text, to_json
from tests.gitrepo import (
    KARI,
    OLA,
    PLAN,
    commit,
    init_repo,
    move,
    raise_21,
    shallow_clone,
    tag,
    the_three_changes,
)
from tests.helpers import MINIMAL, copy_minimal, edit, invoke


def kr(amount: str) -> str:
    """``650 000`` as the tool writes it: with non-breaking spaces, then ``kr``."""
    return amount.replace(" ", "\u00a0") + "\u00a0kr"


def by_commit(history: History) -> dict[str, HistoryCommit]:
    return {c.commit: c for c in history.commits}


def texts(entry: HistoryCommit, language: str = "nn") -> list[str]:
    return [change_text(c, language) for c in entry.changes]


def test_successive_commits_newest_first_with_author_and_change(repo: git.Repo) -> None:
    first = repo.head.commit
    second = raise_21(repo, 650000, "Større behov.", author=OLA)
    third = raise_21(repo, 700000, "Endå større behov.", author=KARI)
    history = pilot_history("testdalen")
    assert [c.commit for c in history.commits] == [third.hexsha, second.hexsha, first.hexsha]
    top = history.commits[0]
    assert (top.author, top.email, top.short) == (
        "Kari Nordmann",
        "kari@testdalen.no",
        third.hexsha[:7],
    )
    assert top.message == "Budsjett for 2.1: 700000"
    assert texts(top) == [
        f"tiltak 2.1: budsjett 2026, statlege tiltaksmidlar: {kr('650 000')} → {kr('700 000')}",
        "tiltak 2.1: grunngjeving: «Endå større behov.»",
    ]
    assert history.commits[1].author == "Ola Dunk"
    assert dt.datetime.fromisoformat(top.date) > dt.datetime.fromisoformat(history.commits[1].date)


def test_the_first_commit_lists_the_measures_as_new(repo: git.Repo) -> None:
    (first,) = pilot_history("testdalen").commits
    assert {c.file for c in first.changes} == {"pilot.yaml", "agreement.yaml", "plans/2026.yaml"}
    assert [c.measure for c in first.changes if c.kind == "new"] == ["1.1", "2.1"]


def test_one_commit_with_new_changed_and_closed_is_attributed_to_its_author(
    repo: git.Repo,
) -> None:
    change = the_three_changes(repo)
    raise_21(repo, 750000, "Ein til.", author=KARI)  # a later commit by someone else
    entry = by_commit(pilot_history("testdalen"))[change.hexsha]
    assert (entry.author, entry.message) == ("Ola Dunk", change.summary)
    found = [(c.kind.value, c.measure, c.path, c.old, c.new) for c in entry.changes]
    assert found == [
        ("closed", "1.1", "status", "ongoing", "closed"),
        ("new", "1.2", None, None, "Fleire tomter"),
        ("changed", "2.1", "budget.2026.state_measure_funds", 600000, 700000),
        ("changed", "2.1", "change_reason", None, "Fleire bedrifter vil vere med."),
    ]
    assert texts(entry)[:2] == [
        "tiltak 1.1 avslutta, vurdering: «Behovet er kartlagt.»",
        "nytt tiltak 1.2 «Fleire tomter»",
    ]


def test_measure_filter_keeps_only_that_measures_commits_and_changes(repo: git.Repo) -> None:
    change = the_three_changes(repo)
    history = pilot_history("testdalen", measure="1.2")
    assert [c.commit for c in history.commits] == [change.hexsha]
    assert [c.measure for c in history.commits[0].changes] == ["1.2"]
    with pytest.raises(UsageError, match=r"«9\.9»"):  # a measure the pilot never had: wrong use
        pilot_history("testdalen", measure="9.9")


def test_since_drops_older_commits(repo: git.Repo) -> None:
    raise_21(repo, 650000, "Større behov.")
    newest = raise_21(repo, 700000, "Endå større behov.")
    since = dt.date.fromisoformat(newest.authored_datetime.date().isoformat())
    assert [c.commit for c in pilot_history("testdalen", since=since).commits] == [newest.hexsha]


def test_annotated_adoption_tags_are_shown_on_their_commit(repo: git.Repo) -> None:
    adopted = raise_21(repo, 650000, "Større behov.")
    tag(repo, "vedtak/testdalen/2026/fyresdal-kommunestyre", "Kommunestyret i Fyresdal, sak 26/11")
    tag(repo, "v1.0", "Ei anna tagg")  # not an adoption
    later = raise_21(repo, 700000, "Endå større behov.")
    commit(repo, "README", {"README.md": "Om repoet\n"})  # does not touch the pilot
    tag(repo, "vedtak/testdalen/2026/kviteseid-kommunestyre", "Kommunestyret i Kviteseid, sak 26/7")
    commits = by_commit(pilot_history("testdalen"))
    (fyresdal,) = commits[adopted.hexsha].adoptions
    assert (fyresdal.source, fyresdal.tag) == ("tag", "vedtak/testdalen/2026/fyresdal-kommunestyre")
    assert fyresdal.text == "Kommunestyret i Fyresdal, sak 26/11"
    (kviteseid,) = commits[later.hexsha].adoptions  # the version the tagged commit holds
    assert kviteseid.text == "Kommunestyret i Kviteseid, sak 26/7"


def test_adopted_revision_in_the_data_names_the_adopted_commit(repo: git.Repo) -> None:
    adopted = raise_21(repo, 650000, "Større behov.")
    tag(repo, "vedtak/testdalen/2026/fyresdal-kommunestyre", "Fyresdal, sak 26/11")
    edit(
        Path(repo.working_dir, PLAN),
        "case_number: 26/11\n    outcome: adopted",
        "case_number: 26/11\n    outcome: adopted\n"
        "    adopted_revision: vedtak/testdalen/2026/fyresdal-kommunestyre",
    )
    edit(
        Path(repo.working_dir, PLAN),
        "case_number: 26/7\n    outcome: adopted",
        f'case_number: 26/7\n    outcome: adopted\n    adopted_revision: "{adopted.hexsha[:10]}"',
    )
    recorded = commit(repo, "Vedtaka i Fyresdal og Kviteseid")
    commits = by_commit(pilot_history("testdalen"))
    adoptions = commits[adopted.hexsha].adoptions
    assert [(a.source, a.party, a.tag) for a in adoptions] == [
        ("data", "fyresdal", "vedtak/testdalen/2026/fyresdal-kommunestyre"),  # data and tag: one
        ("data", "kviteseid", None),
    ]
    assert adoptions[0].text == (
        "Kommunestyret i Fyresdal kommune: vedteke 19. februar 2026, sak 26/11 (handlingsplan 2026)"
    )
    assert commits[recorded.hexsha].adoptions == ()
    # recording a decision is a schedule change of its own, not "other changes"
    changes = commits[recorded.hexsha].changes
    assert [(c.kind.value, c.path, c.old) for c in changes] == [
        ("schedule", "schedule.fyresdal.municipal_council.adopted_revision", None),
        ("schedule", "schedule.kviteseid.municipal_council.adopted_revision", None),
    ]
    assert change_text(changes[0], "nn") == (
        "handsaming fyresdal, kommunestyret, vedteken versjon: ikkje fylt ut →"
        " «vedtak/testdalen/2026/fyresdal-kommunestyre»"
    )


def test_history_follows_a_renamed_plan_file(repo: git.Repo) -> None:
    before = raise_21(repo, 650000, "Større behov.")
    edit(Path(repo.working_dir, PLAN), "title: Nettverk for næringane", "title: Næringsnettverket")
    moved = move(repo, PLAN, "pilots/testdalen/plans/2026.yml", "Kortare filnamn")
    commits = by_commit(pilot_history("testdalen"))
    assert texts(commits[moved.hexsha]) == [
        "flytta frå pilots/testdalen/plans/2026.yaml",
        "tiltak 2.1: tittel: «Nettverk for næringane» → «Næringsnettverket»",
    ]
    assert commits[moved.hexsha].changes[0].file == "plans/2026.yml"
    assert before.hexsha in commits


def test_history_continues_across_a_renamed_pilot_folder(repo: git.Repo) -> None:
    first = repo.head.commit
    before = raise_21(repo, 650000, "Større behov.", author=OLA)
    tag(repo, "vedtak/testdalen/2026/fyresdal-kommunestyre", "Fyresdal, sak 26/11")
    moved = move(repo, "pilots/testdalen", "pilots/vestdalen", "Nytt namn på mappa")
    after = commit(repo, "Etter flyttinga", {"pilots/vestdalen/plans/2026.yaml": None})
    history = pilot_history("vestdalen")
    assert [c.commit for c in history.commits] == [
        after.hexsha,
        moved.hexsha,
        before.hexsha,
        first.hexsha,
    ]
    commits = by_commit(history)
    assert "flytta frå pilots/testdalen/pilot.yaml" in texts(commits[moved.hexsha])
    assert texts(commits[after.hexsha]) == ["fila er sletta"]
    assert commits[before.hexsha].author == "Ola Dunk"
    assert texts(commits[before.hexsha])[0].startswith("tiltak 2.1: budsjett 2026")
    assert [a.tag for a in commits[before.hexsha].adoptions] == [
        "vedtak/testdalen/2026/fyresdal-kommunestyre"
    ]


def test_a_merge_shows_each_sides_commits_and_only_what_the_merge_itself_changed(
    repo: git.Repo,
) -> None:
    repo.git.checkout("-b", "side")
    side = raise_21(repo, 700000, "Frå sida.", author=OLA)
    repo.git.checkout("main")
    plan = Path(repo.working_dir, PLAN)
    edit(plan, "title: Kartlegging av bustadbehov", "title: Kartlegging av behovet")
    main = commit(repo, "Ny tittel på 1.1", author=KARI)
    repo.git.merge("side", "--no-ff", "-m", "Slå saman side")
    merge = repo.head.commit
    commits = by_commit(pilot_history("testdalen"))
    assert {side.hexsha, main.hexsha, merge.hexsha} <= set(commits)
    assert commits[merge.hexsha].changes == ()  # a clean merge adds nothing of its own
    assert len(commits[merge.hexsha].parents) == 2
    assert texts(commits[side.hexsha])[0].endswith(f"{kr('600 000')} → {kr('700 000')}")
    assert "Slå saman side (samanslåing)" in invoke("history", "testdalen").output


def test_a_merge_that_resolves_a_conflict_shows_the_resolution(repo: git.Repo) -> None:
    repo.git.checkout("-b", "side")
    raise_21(repo, 700000, "Frå sida.", author=OLA)
    repo.git.checkout("main")
    raise_21(repo, 800000, "Frå main.", author=KARI)
    with pytest.raises(git.GitCommandError):
        repo.git.merge("side", "--no-ff", "-m", "Slå saman")
    repo.git.checkout("--theirs", PLAN)
    edit(Path(repo.working_dir, PLAN), "state_measure_funds: 700000", "state_measure_funds: 750000")
    edit(Path(repo.working_dir, PLAN), "change_reason: Frå sida.", "change_reason: Semje.")
    merge = commit(repo, "Slå saman: semje om 750 000")
    entry = by_commit(pilot_history("testdalen"))[merge.hexsha]
    assert [(c.path, c.old, c.new) for c in entry.changes] == [
        ("budget.2026.state_measure_funds", 800000, 750000),  # told against the first parent
        ("change_reason", "Frå main.", "Semje."),
    ]


def test_a_broken_commit_is_reported_and_the_history_goes_on(repo: git.Repo) -> None:
    first = repo.head.commit
    plan = Path(repo.working_dir, PLAN)
    edit(plan, "\nyear: 2026", "\nyear: 2026\nyear: 2026")  # a duplicate key
    broken = commit(repo, "Skrivefeil")
    edit(plan, "\nyear: 2026\nyear: 2026", "\nyear: 2026")
    edit(plan, "title: Nettverk for næringane", "title: Næringsnettverket")
    fixed = commit(repo, "Retta")
    commits = by_commit(pilot_history("testdalen"))
    (problem,) = commits[broken.hexsha].changes
    assert (problem.kind.value, problem.file) == ("file", "plans/2026.yaml")
    assert change_text(problem, "nn") == "fila kunne ikkje lesast i denne commiten (BV003, linje 4)"
    assert problem.new["code"] == "BV003"
    assert texts(commits[fixed.hexsha]) == [  # compared with the last readable version
        "fila kan lesast att",
        "tiltak 2.1: tittel: «Nettverk for næringane» → «Næringsnettverket»",
    ]
    assert first.hexsha in commits


def test_a_shallow_clone_shows_what_it_holds_with_the_fetch_command(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not refused (CI runs on shallow clones): the tip alone, with no changes (git shows it
    as the commit that made every file), and where the trail is cut (``test_git_clones``)."""
    raise_21(repo, 650000, "Større behov.")
    raise_21(repo, 700000, "Endå større behov.")
    clone = shallow_clone(repo, tmp_path / "clone")
    monkeypatch.chdir(clone.working_dir)
    (tip,) = pilot_history("testdalen").commits
    assert tip.changes == ()
    assert pilot_history("testdalen").cut_at == (tip.commit,)
    result = invoke("history", "testdalen")
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert "grunn (shallow clone)" in result.stdout
    assert "«git fetch --unshallow»" in result.stdout
    clone.git.fetch("--unshallow")
    assert len(pilot_history("testdalen").commits) == 3  # the whole history, once fetched
    assert pilot_history("testdalen").cut_at == ()


def test_cli_json_equals_the_library_history(repo: git.Repo) -> None:
    the_three_changes(repo)
    result = invoke("history", "testdalen", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == to_json(pilot_history("testdalen"))
    assert set(data) == {
        "pilot",
        "commits",
        "unreachable_adoptions",
        "since",
        "until",
        "uncommitted",
    }
    assert (data["since"], data["until"], data["uncommitted"]) == (None, None, False)
    entry = data["commits"][0]
    assert {"commit", "short", "date", "author", "email", "message", "changes", "adoptions"} <= set(
        entry
    )
    keys = {"file", "measure", "kind", "path", "old", "new", "text", "part_of"}
    assert set(entry["changes"][0]) == keys
    assert dt.datetime.fromisoformat(entry["date"]).tzinfo is not None


def test_cli_text_shows_commit_author_and_changes(repo: git.Repo) -> None:
    change = the_three_changes(repo)
    result = invoke("history", "testdalen")
    assert result.exit_code == 0
    assert f"{change.hexsha[:7]}  " in result.output
    assert "Ola Dunk <ola@testdalen.no>" in result.output
    assert "    nytt tiltak 1.2 «Fleire tomter»" in result.output


def test_a_commit_written_in_latin_1_is_shown_in_proper_letters(repo: git.Repo) -> None:
    """A commit made where ``i18n.commitEncoding`` is ISO-8859-1 (older Windows set-ups)
    holds its names and message in Latin-1, and says so in an ``encoding`` header; where
    the setting stands, ``git log`` prints in Latin-1 unless told otherwise."""
    made = raise_21(repo, 650000, "Større behov.", author="Pål Ødegård <pal@testdalen.no>")
    raw = repo.git.cat_file("commit", made.hexsha, stdout_as_string=False)
    head = raw.partition(b"\n\n")[0]
    latin = (
        head.decode("utf-8").encode("latin-1")
        + b"\nencoding ISO-8859-1\n\n"
        + "Budsjett for 2.1: større behov".encode("latin-1")
    )
    written = Path(repo.git_dir, "latin-1-commit")
    written.write_bytes(latin)
    sha = repo.git.hash_object("-t", "commit", "-w", str(written))
    repo.git.update_ref("HEAD", sha)
    with repo.config_writer() as config:  # as set where such commits are made
        config.set_value("i18n", "commitEncoding", "ISO-8859-1")
    result = invoke("history", "testdalen", "--format", "json")
    assert result.exit_code == 0, result.output
    newest = json.loads(result.stdout)["commits"][0]
    assert (newest["commit"], newest["author"]) == (sha, "Pål Ødegård")
    assert newest["message"] == "Budsjett for 2.1: større behov"
    assert "Pål Ødegård <pal@testdalen.no>" in invoke("history", "testdalen").output


def test_cli_rejects_a_bad_date(repo: git.Repo) -> None:
    result = invoke("history", "testdalen", "--since", "19.02.2026")
    assert result.exit_code == 2
    assert "«--since»: «19.02.2026» er ikkje ein dato på forma ÅÅÅÅ-MM-DD." in result.output


def test_a_repository_without_commits_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = init_repo(tmp_path / "tom")
    shutil.copytree(MINIMAL, Path(repo.working_dir, "pilots", "testdalen"))
    monkeypatch.chdir(repo.working_dir)
    with pytest.raises(UserError, match="har ingen commits"):
        pilot_history("testdalen")
    result = invoke("history", "testdalen")
    assert result.exit_code == 1
    # in the written standard of the pilot asked about (Nynorsk), the folder as typed
    assert result.output == "bygdevekst: Git-repoet i mappa du står i (.) har ingen commits enno\n"
    monkeypatch.chdir(Path(repo.working_dir, "pilots"))
    result = invoke("history", "testdalen")
    assert result.output == "bygdevekst: Git-repoet i .. har ingen commits enno\n"


def test_a_pilot_outside_any_repository_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_minimal(tmp_path / "utan-git")
    monkeypatch.chdir(tmp_path / "utan-git")
    with pytest.raises(UsageError, match=r"i et git-repo|i eit git-repo"):
        pilot_history("testdalen")
    result = invoke("history", "testdalen")
    assert result.exit_code == 2
    assert "er ikkje i eit git-repo" in result.output  # the pilot's written standard


def test_nothing_since_a_day_says_since_when(repo: git.Repo) -> None:
    """``--since`` a day after the last commit: the history said «Ingen commits har endra
    piloten», untrue of a pilot with commits before that day. It names the day."""
    result = invoke("history", "testdalen", "--since", "2030-01-01")
    assert result.exit_code == 0, result.output
    assert "Ingen commits har endra piloten sidan 1. januar 2030." in result.output
    measure = invoke("history", "testdalen", "--since", "2030-01-01", "--measure", "1.1")
    assert "Ingen commits har endra tiltak 1.1 sidan 1. januar 2030." in measure.output
    assert "sidan" not in invoke("history", "testdalen").output


def _json_commits(*args: str) -> list[str]:
    result = invoke("history", "testdalen", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return [c["commit"] for c in json.loads(result.stdout)["commits"]]


def test_until_a_day_or_a_revision_bounds_the_history(repo: git.Repo) -> None:
    """``--until``, the other end of ``--since``: the audit trail up to the version a
    council adopted (a tag) or up to a day, not everything after it as well."""
    first = repo.head.commit  # 1 January 2026
    second = raise_21(repo, 650000, "Større behov.", author=OLA)  # 2 January
    repo.create_tag("vedtak-2026")
    third = raise_21(repo, 700000, "Endå større behov.", author=KARI)  # 3 January
    assert _json_commits() == [third.hexsha, second.hexsha, first.hexsha]

    assert _json_commits("--until", "vedtak-2026") == [second.hexsha, first.hexsha]
    assert _json_commits("--until", first.hexsha[:10]) == [first.hexsha]
    assert _json_commits("--until", "2026-01-02") == [second.hexsha, first.hexsha]
    assert _json_commits("--since", "2026-01-02", "--until", "vedtak-2026") == [second.hexsha]
    assert _json_commits("--since", "2026-01-03", "--until", "2026-01-03") == [third.hexsha]

    text = invoke("history", "testdalen", "--until", "vedtak-2026").output
    assert "Fram til vedtak-2026." in text
    asked = ("--since", "2026-01-02", "--until", "vedtak-2026", "-f", "json")
    bounded = json.loads(invoke("history", "testdalen", *asked).stdout)
    assert (bounded["since"], bounded["until"]) == ("2026-01-02", "vedtak-2026")
    by_day = json.loads(
        invoke("history", "testdalen", "--until", "2026-01-02", "-f", "json").stdout
    )
    assert (by_day["since"], by_day["until"]) == (None, "2026-01-02")
    none = invoke("history", "testdalen", "--until", "2025-12-31").output
    assert "Ingen commits har endra piloten fram til 31. desember 2025." in none
    between = invoke("history", "testdalen", "--since", "2026-02-01", "--until", "2026-03-01")
    assert "frå 1. februar 2026 fram til 1. mars 2026." in between.output


def test_until_names_no_revision_or_no_day(repo: git.Repo) -> None:
    """A name git does not know, or a date that is no day, is a usage error in one line."""
    result = invoke("history", "testdalen", "--until", "vedtak-2099")
    assert result.exit_code == 2
    assert "--until vedtak-2099: verken ein dato (ÅÅÅÅ-MM-DD) eller ein revisjon" in result.output
    assert "Traceback" not in result.output
    bad_day = invoke("history", "testdalen", "--until", "2026-02-30")
    assert bad_day.exit_code == 2
    assert "«2026-02-30» er ikkje ein dato på forma ÅÅÅÅ-MM-DD" in bad_day.output


def test_until_a_revision_a_shallow_clone_lacks_says_what_to_fetch(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In CI's shallow clone the tag a council adopted is not there: «neither a date nor a
    revision» would send the secretariat looking for a typo. It says what to fetch, in the
    pilot's written standard."""
    repo.create_tag("vedtak-2026")
    raise_21(repo, 650000, "Større behov.")
    clone = shallow_clone(repo, tmp_path / "clone")
    monkeypatch.chdir(clone.working_dir)
    result = invoke("history", "testdalen", "--until", "vedtak-2026")
    assert result.exit_code == 2
    assert "«vedtak-2026» finst ikkje i denne grunne klonen" in result.output
    assert "verken ein dato" not in result.output


def test_parties_are_named_in_the_history_and_a_rename_is_not_cached_away(
    repo: git.Repo,
) -> None:
    """The history showed «ansvarleg: «fyresdal» → «kviteseid»», ids in quotes as if they
    were text, where diff and check name the parties. It names them, by the pilot's names
    of today: a party renamed since is shown by its new name, the cache notwithstanding."""
    plan = Path(repo.working_dir, PLAN)
    edit(plan, "responsible: fyresdal", "responsible: kviteseid\n    change_reason: Bytte.")
    commit(repo, "Kviteseid ansvarleg")
    first = invoke("history", "testdalen")
    assert "tiltak 1.1: ansvarleg: Fyresdal kommune → Kviteseid kommune" in first.output
    assert "«kviteseid»" not in first.output

    pilot = Path(repo.working_dir, "pilots/testdalen/pilot.yaml")
    edit(pilot, "name: Kviteseid kommune", "name: Kviteseid kommune (Vest-Telemark)")
    again = invoke("history", "testdalen", "-f", "json")
    texts = [c["text"] for c in json.loads(again.stdout)["commits"][0]["changes"]]
    assert "tiltak 1.1: ansvarleg: Fyresdal kommune → Kviteseid kommune (Vest-Telemark)" in texts


def test_a_history_says_when_the_working_copy_has_more(repo: git.Repo) -> None:
    """The history ends at HEAD: changes to the pilot not yet committed are not in it, and
    a secretariat reading it as the pilot as it stands must be told, in its written
    standard. A clean working copy, or a history up to an earlier revision, says nothing."""
    repo.create_tag("start")
    nn = "Arbeidskopien har endringar i piloten som ikkje er committa"
    assert nn not in invoke("history", "testdalen").output
    plan = Path(repo.working_dir, "pilots/testdalen/plans/2026.yaml")
    edit(plan, "Kartlegging av bustadbehov", "Kartlegging av bustadbehov i heile kommunen")
    assert nn in invoke("history", "testdalen").output
    assert json.loads(invoke("history", "testdalen", "-f", "json").stdout)["uncommitted"]
    assert nn not in invoke("history", "testdalen", "--until", "start").output

    pilot = Path(repo.working_dir, "pilots/testdalen/pilot.yaml")
    edit(pilot, "language: nn", "language: nb")
    nb = "Arbeidskopien har endringer i piloten som ikke er committet"
    assert nb in invoke("history", "testdalen").output
