"""Each plan year read against the agreement in force when it was adopted.

Real repositories in ``tmp_path``: the minimal pilot is committed, the plan of 2026 records
that KDD adopted it at that commit (or at a ``vedtak/`` tag), and the agreement is revised
afterwards (weights, a sub-goal's title, a new sub-goal). ``validate`` must not warn the old
plan of weights it was never adopted with (BV207), and ``render`` must show the sub-goals
the councils saw; where the adopted agreement cannot be read, today's is used and the user
is told which.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import git
import pytest
from click.testing import Result
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from bygdevekst_cli.diff import diff_years
from bygdevekst_cli.in_force import FALLBACKS, UNREADABLE, agreement_in_force
from bygdevekst_cli.language import cli_words, words
from bygdevekst_cli.overview import build_overview
from bygdevekst_cli.pilotset import read_pilot
from bygdevekst_cli.present.overview import status_chart
from tests.gitrepo import PLAN, commit, init_repo, move, pilot_repo, shallow_clone, tag
from tests.helpers import MINIMAL, TODAY, check, edit

PILOT = "pilots/testdalen"
AGREEMENT = f"{PILOT}/agreement.yaml"
KDD_ADOPTED = "    case_number: 26/900\n    outcome: adopted\n"
OLD_TITLE = "Fleire arbeidsplassar"
NEW_TITLE = "Fleire og betre arbeidsplassar"
SUB_GOAL_3 = """  - number: 3
    title: Betre kommunikasjon
    weight: 20
    partners: [fylket]
    text: Partane skal betre samferdsla.
signatures:"""


@pytest.fixture(autouse=True)
def _bokmaal_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")


def _pct(value: int) -> str:
    """A percentage as the messages and documents write it (a no-break space before %)."""
    return f"{value}\u00a0%"


def _root(repo: git.Repo) -> Path:
    return Path(repo.working_dir)


def _adopt_at(repo: git.Repo, revision: str) -> None:
    """Record in the plan of 2026 that KDD adopted it at ``revision`` (one commit)."""
    edit(_root(repo) / PLAN, KDD_ADOPTED, f"{KDD_ADOPTED}    adopted_revision: {revision}\n")
    commit(repo, "Vedtaket i KDD er ført inn")


def _revise_weights(repo: git.Repo) -> git.Commit:
    """The agreement revised after the adoption: weights 60/40 → 30/70, a new title."""
    agreement = _root(repo) / AGREEMENT
    edit(agreement, "weight: 60", "weight: 30")
    edit(agreement, "weight: 40", "weight: 70")
    edit(agreement, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
    return commit(repo, "Revidert avtale: nye vekter")


def _adopted_then_revised(tmp_path: Path) -> tuple[git.Repo, str]:
    """The minimal pilot adopted at its first commit, the weights revised later."""
    repo = pilot_repo(tmp_path / "repo")
    adopted = repo.head.commit.hexsha
    _adopt_at(repo, adopted)
    _revise_weights(repo)
    return repo, adopted


def _bv207(folder: Path) -> list[str]:
    return [f.message for f in check(folder, cwd=folder.parent).findings if f.code == "BV207"]


def _render(folder: Path, document: str = "plan", *extra: str) -> Result:
    args = ["render", document, str(folder), "--year", "2026", "--output", "-", *extra]
    return CliRunner().invoke(app, args)


# --- validate: BV207 ---------------------------------------------------------------------


def test_a_plan_adopted_before_the_weights_were_revised_gets_no_bv207(tmp_path: Path) -> None:
    repo, _ = _adopted_then_revised(tmp_path)
    assert _bv207(_root(repo) / PILOT) == []


def test_a_plan_that_names_no_revision_is_read_against_todays_weights(tmp_path: Path) -> None:
    repo = pilot_repo(tmp_path / "repo")
    _revise_weights(repo)
    assert _bv207(_root(repo) / PILOT) == [
        f"Delmål 1 har {_pct(60)} av tiltaksmidlene i planen, men vekten er {_pct(30)}",
        f"Delmål 2 har {_pct(40)} av tiltaksmidlene i planen, men vekten er {_pct(70)}",
    ]


def test_a_plan_adopted_after_the_revision_is_read_against_the_revised_weights(
    tmp_path: Path,
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    revised = _revise_weights(repo)
    _adopt_at(repo, revised.hexsha)
    assert len(_bv207(_root(repo) / PILOT)) == 2


def test_a_sub_goal_added_later_is_not_asked_of_the_old_plan(tmp_path: Path) -> None:
    repo = pilot_repo(tmp_path / "repo")
    adopted = repo.head.commit.hexsha
    _adopt_at(repo, adopted)
    agreement = _root(repo) / AGREEMENT
    edit(agreement, "weight: 60", "weight: 50")
    edit(agreement, "weight: 40", "weight: 30")
    edit(agreement, "signatures:", SUB_GOAL_3)
    commit(repo, "Nytt delmål 3")
    folder = _root(repo) / PILOT
    assert _bv207(folder) == []
    result = _render(folder)
    assert result.exit_code == 0, result.output
    assert "Betre kommunikasjon" not in result.stdout
    assert "Delmål 3" not in result.stdout


def test_a_sub_goal_dropped_later_still_resolves_in_the_plan_adopted_with_it(
    tmp_path: Path,
) -> None:
    """The revision merges sub-goal 2 into 1: the old plan's measure under 2 is no error
    (BV202), and its document still shows sub-goal 2 as the councils adopted it."""
    repo = pilot_repo(tmp_path / "repo")
    _adopt_at(repo, repo.head.commit.hexsha)
    agreement = _root(repo) / AGREEMENT
    text = agreement.read_text(encoding="utf-8")
    merged = text[: text.index("  - number: 2")] + text[text.index("signatures:") :]
    commit(
        repo,
        "Delmål 2 er slått saman med 1",
        {AGREEMENT: merged.replace("weight: 60", "weight: 100")},
    )
    folder = _root(repo) / PILOT
    found = check(folder, cwd=folder.parent).findings
    assert [f.code for f in found if f.code in ("BV202", "BV207")] == []
    result = _render(folder)
    assert result.exit_code == 0, result.output
    assert f"Delmål 2 {OLD_TITLE}" in result.stdout


def test_a_sub_goal_dropped_is_an_error_in_a_plan_adopted_after(tmp_path: Path) -> None:
    repo = pilot_repo(tmp_path / "repo")
    agreement = _root(repo) / AGREEMENT
    text = agreement.read_text(encoding="utf-8")
    merged = text[: text.index("  - number: 2")] + text[text.index("signatures:") :]
    commit(
        repo,
        "Delmål 2 er slått saman med 1",
        {AGREEMENT: merged.replace("weight: 60", "weight: 100")},
    )
    _adopt_at(repo, repo.head.commit.hexsha)
    folder = _root(repo) / PILOT
    found = check(folder, cwd=folder.parent).findings
    assert [(f.code, f.line) for f in found if f.code == "BV202"] == [
        ("BV202", 21)
    ]  # sub_goal: 2 of measure 2.1


def test_a_plan_adopted_at_a_tag_is_read_against_the_agreement_at_the_tag(
    tmp_path: Path,
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    tag(repo, "vedtak/testdalen/2026/kdd", "KDD godkjende handlingsplanen for 2026")
    _adopt_at(repo, "vedtak/testdalen/2026/kdd")
    _revise_weights(repo)
    folder = _root(repo) / PILOT
    assert _bv207(folder) == []
    result = _render(folder, "case", "--municipality", "fyresdal")
    assert result.exit_code == 0, result.output
    assert OLD_TITLE in result.stdout and NEW_TITLE not in result.stdout
    assert f"vekta {_pct(60)}" in result.stdout and _pct(30) not in result.stdout
    assert "revisjon vedtak/testdalen/2026/kdd" in result.stdout


def test_the_newest_adoption_names_the_agreement(tmp_path: Path) -> None:
    """Formannskapet recommended the first version; KDD adopted the revised one later."""
    repo = pilot_repo(tmp_path / "repo")
    first = repo.head.commit.hexsha
    revised = _revise_weights(repo).hexsha
    plan = _root(repo) / PLAN
    edit(plan, "    case_number: 26/10\n    outcome: adopted\n", "    case_number: 26/10\n"
         f"    outcome: adopted\n    adopted_revision: {first}\n")  # fmt: skip
    edit(plan, KDD_ADOPTED, f"{KDD_ADOPTED}    adopted_revision: {revised}\n")
    commit(repo, "Vedtaka er førte inn")
    in_force = agreement_in_force(read_pilot(_root(repo) / PILOT, PILOT, TODAY), 2026)
    assert in_force is not None
    assert (in_force.revision, in_force.fallback) == (revised, None)
    assert [g.weight for g in in_force.agreement.sub_goals] == [30, 70]


def test_each_year_is_read_against_its_own_adopted_revision(tmp_path: Path) -> None:
    """Two plans adopted at two commits: each gets its own agreement, also when asked
    again (the answers are kept with the pilot's files, by year)."""
    repo = pilot_repo(tmp_path / "repo")
    first = repo.head.commit.hexsha
    revised = _revise_weights(repo).hexsha
    plans = _root(repo) / PILOT / "plans"
    text = (plans / "2026.yaml").read_text(encoding="utf-8")
    for year, revision in ((2026, first), (2027, revised)):
        adopted = text.replace(KDD_ADOPTED, f"{KDD_ADOPTED}    adopted_revision: {revision}\n")
        (plans / f"{year}.yaml").write_text(adopted.replace("year: 2026", f"year: {year}"))
    commit(repo, "Vedtaka for 2026 og 2027")
    files = read_pilot(_root(repo) / PILOT, PILOT, TODAY)
    weights = {}
    for year in (2026, 2027, 2026):
        in_force = agreement_in_force(files, year)
        assert in_force is not None and in_force.fallback is None
        weights[year] = [g.weight for g in in_force.agreement.sub_goals]
    assert weights == {2026: [60, 40], 2027: [30, 70]}
    assert sorted(files.in_force) == [2026, 2027]


def test_the_changes_between_two_years_name_the_newer_plans_sub_goals(tmp_path: Path) -> None:
    """``diff`` and the changes document title sub-goals as the newer plan was adopted."""
    repo = pilot_repo(tmp_path / "repo")
    plans = _root(repo) / PILOT / "plans"
    text = (plans / "2026.yaml").read_text(encoding="utf-8")
    (plans / "2027.yaml").write_text(text.replace("year: 2026", "year: 2027"))
    adopted = commit(repo, "Handlingsplan 2027").hexsha
    edit(plans / "2027.yaml", KDD_ADOPTED, f"{KDD_ADOPTED}    adopted_revision: {adopted}\n")
    commit(repo, "Vedtaket for 2027")
    _revise_weights(repo)
    files = read_pilot(_root(repo) / PILOT, PILOT, TODAY)
    assert diff_years(files, 2026, 2027).sub_goal_titles[2] == OLD_TITLE


def test_a_pilot_folder_renamed_since_the_adoption_is_read_at_its_old_name(
    tmp_path: Path,
) -> None:
    repo, _ = _adopted_then_revised(tmp_path)
    move(repo, PILOT, "pilots/testdal", "Testdalen heiter no Testdal")
    folder = _root(repo) / "pilots" / "testdal"
    edit(folder / "pilot.yaml", "id: testdalen", "id: testdal")
    commit(repo, "Ny id")
    assert _bv207(folder) == []
    result = _render(folder)
    assert result.exit_code == 0, result.output
    assert OLD_TITLE in result.stdout and result.stderr == ""


def test_a_pilot_at_the_root_of_its_repository_is_read_at_the_revision(tmp_path: Path) -> None:
    root = tmp_path / "testdalen"
    repo = init_repo(root)
    shutil.copytree(MINIMAL, root, dirs_exist_ok=True)
    adopted = commit(repo, "Første versjon").hexsha
    edit(root / "plans/2026.yaml", KDD_ADOPTED, f"{KDD_ADOPTED}    adopted_revision: {adopted}\n")
    edit(root / "agreement.yaml", "weight: 60", "weight: 30")
    edit(root / "agreement.yaml", "weight: 40", "weight: 70")
    commit(repo, "Nye vekter")
    assert _bv207(root) == []
    result = _render(root)
    assert result.exit_code == 0, result.output
    assert f"revisjon {adopted}" in result.stdout and result.stderr == ""


# --- render: the agreement of the year ------------------------------------------------------


def test_rendering_an_old_year_shows_the_agreement_it_was_adopted_with(tmp_path: Path) -> None:
    repo, adopted = _adopted_then_revised(tmp_path)
    result = _render(_root(repo) / PILOT)
    assert result.exit_code == 0, result.output
    body = result.stdout
    assert f"Delmål 2 {OLD_TITLE}" in body and NEW_TITLE not in body
    assert _pct(60) in body and _pct(40) in body
    assert _pct(30) not in body and _pct(70) not in body
    assert (
        "Delmål, vekter og samarbeidspartar er henta frå avtala slik ho var då planen "
        f"vart vedteken (revisjon {adopted})." in body
    )
    assert result.stderr == ""


def test_an_agreement_that_never_changed_renders_as_before(tmp_path: Path) -> None:
    """Adopted at a revision whose agreement is today's: the same document, no note."""
    repo = pilot_repo(tmp_path / "repo")
    folder = _root(repo) / PILOT
    before = _render(folder).stdout
    _adopt_at(repo, repo.head.commit.hexsha)
    after = _render(folder).stdout
    head = repo.head.commit.hexsha[:12]
    first = repo.head.commit.parents[0].hexsha[:12]
    assert after == before.replace(first, head)
    assert "Delmål, vekter og samarbeidspartar er henta" not in after


def test_a_status_report_of_an_old_year_shows_the_old_titles(tmp_path: Path) -> None:
    repo, _ = _adopted_then_revised(tmp_path)
    result = _render(_root(repo) / PILOT, "status")
    assert result.exit_code == 0, result.output
    assert OLD_TITLE in result.stdout and NEW_TITLE not in result.stdout


def test_the_overview_charts_the_latest_plan_with_its_sub_goals(tmp_path: Path) -> None:
    """The pilot page's status chart titles the sub-goals as the plan's own document does."""
    repo, _ = _adopted_then_revised(tmp_path)
    overview = build_overview([str(_root(repo))], cwd=_root(repo), today=TODAY)
    (summary,) = overview.pilots
    chart = status_chart(summary, words("nn"), "nn", "status")
    assert chart is not None
    assert OLD_TITLE in chart.svg and NEW_TITLE not in chart.svg


# --- where the adopted agreement cannot be read: today's, and the user is told ------------


def test_a_shallow_clone_without_the_adopted_revision_says_which_agreement(
    tmp_path: Path,
) -> None:
    repo, adopted = _adopted_then_revised(tmp_path)
    clone = shallow_clone(repo, tmp_path / "clone")
    folder = _root(clone) / PILOT
    messages = _bv207(folder)
    assert len(messages) == 2
    assert all(f"adopted_revision «{adopted}») kunne ikke leses" in m for m in messages)
    assert all("vekten i avtalen slik den er i dag" in m for m in messages)
    result = _render(folder)
    assert result.exit_code == 0, result.output
    assert NEW_TITLE in result.stdout
    assert "pilots/testdalen/plans/2026.yaml" in result.stderr
    assert "denne grunne klonen" in result.stderr and adopted in result.stderr
    assert "avtala slik ho er i dag" in result.stdout.split("---")[-1]


def test_outside_git_today_agreement_is_used_with_a_warning(tmp_path: Path) -> None:
    repo, adopted = _adopted_then_revised(tmp_path)
    copy = tmp_path / "kopi" / "testdalen"
    shutil.copytree(_root(repo) / PILOT, copy)
    result = _render(copy)
    assert result.exit_code == 0, result.output
    assert "ikke i et git-repo" in result.stderr and "2026.yaml" in result.stderr
    assert f"adopted_revision «{adopted}»" in result.stderr
    assert NEW_TITLE in result.stdout
    assert len(_bv207(copy)) == 2


def test_an_unknown_revision_says_so(tmp_path: Path) -> None:
    repo = pilot_repo(tmp_path / "repo")
    _adopt_at(repo, "vedtak/testdalen/2026/finst-ikkje")
    _revise_weights(repo)
    result = _render(_root(repo) / PILOT)
    assert result.exit_code == 0, result.output
    assert "som ikke finnes i git-repoet" in result.stderr


def test_an_adopted_revision_without_the_agreement_says_so(tmp_path: Path) -> None:
    repo = pilot_repo(tmp_path / "repo")
    agreement = (_root(repo) / AGREEMENT).read_text(encoding="utf-8")
    commit(repo, "Avtala er ute ei stund", {AGREEMENT: None})
    without = repo.head.commit.hexsha
    commit(repo, "Avtala er attende", {AGREEMENT: agreement})
    _adopt_at(repo, without)
    result = _render(_root(repo) / PILOT)
    assert result.exit_code == 0, result.output
    assert "der pilotmappen ikke har noen agreement.yaml" in result.stderr


def test_an_agreement_that_did_not_read_at_the_revision_says_so(tmp_path: Path) -> None:
    repo = pilot_repo(tmp_path / "repo")
    agreement = (_root(repo) / AGREEMENT).read_text(encoding="utf-8")
    commit(repo, "Halvskriven avtale", {AGREEMENT: agreement.replace("weight: 60", "weight: [")})
    broken = repo.head.commit.hexsha
    commit(repo, "Avtala retta", {AGREEMENT: agreement})
    _adopt_at(repo, broken)
    files = read_pilot(_root(repo) / PILOT, PILOT, TODAY)
    in_force = agreement_in_force(files, 2026)
    assert in_force is not None and in_force.fallback == UNREADABLE
    assert in_force.agreement == files.agreement.model  # type: ignore[union-attr]
    result = _render(_root(repo) / PILOT)
    assert result.exit_code == 0, result.output
    assert "der agreement.yaml ikke kan leses" in result.stderr


@pytest.mark.parametrize("language", ["nn", "nb", "en"])
def test_every_fallback_has_its_warning_in_every_language(language: str) -> None:
    w = cli_words(language)
    for why in FALLBACKS:
        text = w(f"doc.message.in_force_{why}", file="plans/2026.yaml", year=2026, revision="r1")
        assert "plans/2026.yaml" in text and "«r1»" in text and "2026" in text


# --- speed and the results cache -------------------------------------------------------------


def test_validate_asks_no_git_when_no_plan_names_a_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    _revise_weights(repo)

    def refuse(folder: Path) -> None:
        raise AssertionError(f"git asked for {folder}")

    monkeypatch.setattr("bygdevekst_cli.rules.adoption.repository_of", refuse)
    assert len(_bv207(_root(repo) / PILOT)) == 2


def test_the_repository_is_opened_once_for_every_pilot_and_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    other = _root(repo) / "pilots" / "austdalen"
    shutil.copytree(_root(repo) / PILOT, other)
    edit(other / "pilot.yaml", "id: testdalen", "id: austdalen")
    adopted = commit(repo, "Austdalen").hexsha
    edit(other / "plans/2026.yaml", KDD_ADOPTED, f"{KDD_ADOPTED}    adopted_revision: {adopted}\n")
    _adopt_at(repo, adopted)
    edit(other / "agreement.yaml", "weight: 60", "weight: 30")
    edit(other / "agreement.yaml", "weight: 40", "weight: 70")
    _revise_weights(repo)
    opened: list[str] = []
    real = git.Repo.__init__

    def counted(self: git.Repo, *args: object, **kwargs: object) -> None:
        opened.append(str(args[0]) if args else "")
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(git.Repo, "__init__", counted)
    report = check(_root(repo) / "pilots", cwd=_root(repo))
    assert [f for f in report.findings if f.code in ("BV207", "BV304")] == []
    assert len(opened) == 1


def test_render_opens_the_repository_once_for_the_rules_and_the_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _ = _adopted_then_revised(tmp_path)
    opened: list[object] = []
    real = git.Repo.__init__

    def counted(self: git.Repo, *args: object, **kwargs: object) -> None:
        opened.append(args)
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(git.Repo, "__init__", counted)
    out = tmp_path / "out"
    args = ["render", "case", str(_root(repo) / PILOT), "--year", "2026", "-m", "all"]
    result = CliRunner().invoke(app, [*args, "--output", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(out.rglob("*.md"))
    assert len(written) == 2
    assert all(OLD_TITLE in path.read_text(encoding="utf-8") for path in written)
    assert len(opened) == 1


def test_a_moved_tag_is_not_served_from_the_results_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan names a tag; the tag is moved to the revised agreement, the files stay as
    they were: the result must follow the tag, not a kept result."""
    monkeypatch.setenv("BYGDEVEKST_CACHE_DIR", str(tmp_path / "cache"))
    repo = pilot_repo(tmp_path / "repo")
    tag(repo, "vedtak/testdalen/2026/kdd", "KDD")
    _adopt_at(repo, "vedtak/testdalen/2026/kdd")
    revised = _revise_weights(repo)
    folder = _root(repo) / PILOT
    runner = CliRunner()
    first = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    assert "BV207" not in first.stdout
    repo.git.tag("-f", "-a", "vedtak/testdalen/2026/kdd", revised.hexsha, "-m", "KDD")
    second = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    assert second.stdout.count('"BV207"') == 2


def test_table_citations_are_checked_against_the_tables_the_old_plan_has(
    tmp_path: Path,
) -> None:
    """BV250 counts the plan's tables as its document does: with the agreement in force.
    Today's agreement knows none of the old plan's sub-goals, so with it the period budget
    would have no row and the year's budget would be table 1, not 2."""
    repo = pilot_repo(tmp_path / "repo")
    root = _root(repo)
    edit(root / PLAN, "på arbeidet som er starta.", "på arbeidet som er starta (tabell 2).")
    commit(repo, "Saka viser til tabell 2")
    _adopt_at(repo, repo.head.commit.hexsha)
    text = (root / AGREEMENT).read_text(encoding="utf-8")
    replaced = text[: text.index("  - number: 1")] + SUB_GOAL_3.replace("20", "100")
    commit(repo, "Nye delmål", {AGREEMENT: replaced + text[text.index("signatures:") + 11 :]})
    folder = root / PILOT
    assert [f for f in check(folder, cwd=folder.parent).findings if f.code == "BV250"] == []
    result = _render(folder)
    assert result.exit_code == 0, result.output
    assert "Tabell 2" in result.stdout


def test_the_changes_between_two_years_name_what_changed_in_the_agreement(
    tmp_path: Path,
) -> None:
    """The changes document listed the measures only: the agreement revised between the
    two plans (the sub-goals' weights) went unsaid, though ``diff`` reads both agreements.
    Now ``diff --from --to`` and the document say it, each change once, in a short section
    of its own; the plan's own values (its contributors) likewise."""
    repo = pilot_repo(tmp_path / "repo")
    plans = _root(repo) / PILOT / "plans"
    _adopt_at(repo, repo.head.commit.hexsha)
    _revise_weights(repo)
    text = (plans / "2026.yaml").read_text(encoding="utf-8").split("    adopted_revision:")[0]
    text = text.replace("\nyear: 2026\n", "\nyear: 2027\n") + "contributors: [Testdalen kommune]\n"
    (plans / "2027.yaml").write_text(text, encoding="utf-8")
    adopted = commit(repo, "Handlingsplan 2027").hexsha
    edit(plans / "2027.yaml", KDD_ADOPTED, f"{KDD_ADOPTED}    adopted_revision: {adopted}\n")
    commit(repo, "Vedtaket for 2027")
    folder = _root(repo) / PILOT

    diff = CliRunner().invoke(app, ["diff", str(folder), "--from", "2026", "--to", "2027"])
    assert "delmål 1, vekt: 60 % → 30 %" in diff.output.replace("\u00a0", " ")
    document = _render(folder, "changes", "--year", "2027", "--draft").output
    document = document.replace("\u00a0", " ")
    agreement = document.split("## Endringar i bygdevekstavtala\n\n")[1].split("\n\n")[0]
    assert agreement.splitlines() == [
        "- Delmål 1, vekt: endra frå 60 % til 30 %.",
        f"- Delmål 2, tittel: endra frå «{OLD_TITLE}» til «{NEW_TITLE}».",
        "- Delmål 2, vekt: endra frå 40 % til 70 %.",
    ]
    plan = document.split("## Andre endringar i handlingsplanen\n\n")[1].split("\n\n")[0]
    assert plan == "- Bidragsytarar: lagt til «Testdalen kommune»."


FOLKETAL = """    indicators:
      - id: folketal
        title: Folketal i kommunane
        unit: personar
        direction: increase
        baseline: {year: 2024, value: 5200}
        target: {year: 2028, value: 5400}
"""
HANDLINGSPLAN = "    text: Samarbeidspartane skal utvikle ein handlingsplan.\n"


@pytest.mark.parametrize(
    ("language", "heading", "changed"),
    [
        ("nn", "Endringar i bygdevekstavtala", "endra frå"),
        ("nb", "Endringer i bygdevekstavtalen", "endret fra"),
    ],
)
def test_a_changed_indicator_target_is_named_by_the_indicators_title(
    tmp_path: Path, language: str, heading: str, changed: str
) -> None:
    """The changes document named an indicator by its id, «delmål 1, indikatorar folketal,
    mål, år»; a council member knows it by the title the agreement gives it."""
    repo = pilot_repo(tmp_path / "repo")
    root = _root(repo)
    edit(root / AGREEMENT, HANDLINGSPLAN, HANDLINGSPLAN + FOLKETAL)
    edit(root / PILOT / "pilot.yaml", "language: nn", f"language: {language}")
    commit(repo, "Indikator for folketalet")
    _adopt_at(repo, repo.head.commit.hexsha)
    edit(root / AGREEMENT, "target: {year: 2028, value: 5400}", "target: {year: 2030, value: 5400}")
    commit(repo, "Revidert avtale: målet for folketalet er flytta til 2030")
    plans = root / PILOT / "plans"
    text = (plans / "2026.yaml").read_text(encoding="utf-8").split("    adopted_revision:")[0]
    (plans / "2027.yaml").write_text(text.replace("\nyear: 2026\n", "\nyear: 2027\n"), "utf-8")
    adopted = commit(repo, "Handlingsplan 2027").hexsha
    edit(plans / "2027.yaml", KDD_ADOPTED, f"{KDD_ADOPTED}    adopted_revision: {adopted}\n")
    commit(repo, "Vedtaket for 2027")

    result = _render(root / PILOT, "changes", "--year", "2027", "--draft")
    assert result.exit_code == 0, result.output
    agreement = result.stdout.split(f"## {heading}\n\n")[1].split("\n\n")[0]
    assert agreement.splitlines() == [
        f"- Delmål 1, indikatoren «Folketal i kommunane», målåret: {changed} 2028 til 2030."
    ]
    assert "folketal," not in result.stdout
