"""``diff --base``, ``check`` and ``history`` on what a pull request really does: a pilot
given another id, a branch that main has moved on from since it was made.

Every repository is real (built in ``tmp_path``), every command the real CLI.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import git
import pytest

from tests.gitrepo import PLAN, commit, move, pilot_repo, stale_branch
from tests.helpers import MINIMAL, edit, invoke
from tests.test_git_workflows import history


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> git.Repo:
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    return repo


def test_a_pilot_given_another_id_is_a_change(repo: git.Repo) -> None:
    """The pilot renamed (its folder and its id, as BV214 asks) and its written standard
    kept: diff said «Ingen endringar», check's summary likewise, and history «andre
    endringar». Each now names the id, old and new."""
    move(repo, "pilots/testdalen", "pilots/vestdalen", "Nytt namn på piloten")
    edit(Path(repo.working_dir, "pilots/vestdalen/pilot.yaml"), "id: testdalen", "id: vestdalen")
    commit(repo, "Ny id")

    text = invoke("diff", "vestdalen", "--base", "HEAD~2", "--head", "HEAD")
    assert text.exit_code == 0, text.output
    assert "id: «testdalen» → «vestdalen»" in text.output
    assert "Ingen endringar" not in text.output
    shown = invoke("diff", "vestdalen", "--base", "HEAD~2", "--head", "HEAD", "-f", "json")
    data = json.loads(shown.stdout)
    assert data["pilot"] == "vestdalen"
    assert data["agreement"] == [{"path": "id", "old": "testdalen", "new": "vestdalen"}]

    checked = invoke("check", "--base", "HEAD~2", "--head", "HEAD", "-f", "text")
    assert checked.exit_code == 0, checked.output
    assert "id: «testdalen» → «vestdalen»" in checked.output

    [change] = history(pilot="vestdalen")["commits"][0]["changes"]
    assert (change["path"], change["old"], change["new"]) == ("id", "testdalen", "vestdalen")


def test_a_pilot_moved_to_the_other_written_standard_is_a_change(repo: git.Repo) -> None:
    """Its written standard, name and county too: every document changes with them."""
    pilot = Path(repo.working_dir, "pilots/testdalen/pilot.yaml")
    edit(pilot, "language: nn", "language: nb")
    edit(pilot, "county: Telemark", "county: Vestfold og Telemark")
    result = invoke("diff", "testdalen", "--base", "HEAD")
    assert result.exit_code == 0, result.output
    assert "målform: nynorsk → bokmål" in result.output
    assert "fylke: «Telemark» → «Vestfold og Telemark»" in result.output
    assert "tiltak" not in result.output.lower()


def test_a_partys_municipality_number_changed_is_a_change(repo: git.Repo) -> None:
    """A municipality number mended (or mistyped) in pilot.yaml: diff said «Ingen endringar»,
    so a pull request that changed it showed nothing to review."""
    pilot = Path(repo.working_dir, "pilots/testdalen/pilot.yaml")
    edit(pilot, 'municipality_number: "4032"', 'municipality_number: "4043"')
    result = invoke("diff", "testdalen", "--base", "HEAD")
    assert result.exit_code == 0, result.output
    assert "kommunenummer: 4032 → 4043" in result.output
    shown = json.loads(invoke("diff", "testdalen", "--base", "HEAD", "-f", "json").stdout)
    [change] = shown["agreement"]
    assert (change["old"], change["new"]) == ("4032", "4043")
    assert change["path"].endswith(".municipality_number")


def test_the_agreements_stage_period_and_signing_changed_are_changes(repo: git.Repo) -> None:
    """pilot.yaml's agreement block: a period extended, a date of signing mended, the
    stage moved back gave «Ingen endringar», in diff and in a pull request's check."""
    pilot = Path(repo.working_dir, "pilots/testdalen/pilot.yaml")
    edit(pilot, "  state: signed\n", "  state: adopted\n")
    edit(pilot, "    end: 2028-12-31", "    end: 2029-12-31")
    edit(pilot, "  signed: 2025-06-02", "  signed: 2025-06-03")
    result = invoke("diff", "testdalen", "--base", "HEAD")
    assert result.exit_code == 0, result.output
    assert [line.strip() for line in result.output.splitlines()[2:]] == [
        "steget avtala står på: signert → vedteken",
        "siste dag i avtaleperioden: 31. desember 2028 → 31. desember 2029",
        "datoen avtala vart signert: 2. juni 2025 → 3. juni 2025",
    ]
    shown = json.loads(invoke("diff", "testdalen", "--base", "HEAD", "-f", "json").stdout)
    assert [c["path"] for c in shown["agreement"]] == [
        "agreement.state",
        "agreement.period.end",
        "agreement.signed",
    ]
    commit(repo, "Avtala forlengd")
    checked = invoke("check", "--base", "HEAD~1", "--head", "HEAD", "-f", "text")
    assert "siste dag i avtaleperioden" in checked.output, checked.output


def test_a_phase_moved_in_time_is_a_change(repo: git.Repo) -> None:
    """A phase extended by a year (pilot.yaml's ``phases``) said «Ingen endringar»."""
    pilot = Path(repo.working_dir, "pilots/testdalen/pilot.yaml")
    edit(pilot, "    end_year: 2028\n", "    end_year: 2029\n")
    result = invoke("diff", "testdalen", "--base", "HEAD")
    assert result.exit_code == 0, result.output
    assert "fasar Fase 2, sluttår: 2028 → 2029" in result.output
    shown = json.loads(invoke("diff", "testdalen", "--base", "HEAD", "-f", "json").stdout)
    assert shown["agreement"] == [{"path": "phases.Fase 2.end_year", "old": 2028, "new": 2029}]


@pytest.mark.parametrize("head", [("--head", "HEAD"), ()], ids=["commit", "working-tree"])
def test_diff_of_a_stale_branch_starts_where_it_left_main(
    repo: git.Repo, head: tuple[str, ...]
) -> None:
    """main moved on after the branch was made: diff --base main showed main's raise of 2.1
    undone (650 000 → 600 000 kr), as if the branch had cut it, where check showed the
    branch's own change. Both now compare from the merge base (``git diff main...``), and
    the diff says so."""
    fork = stale_branch(repo)
    result = invoke("diff", "testdalen", "--base", "main", *head, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["from"] == f"main (felles utgangspunkt {fork.hexsha[:7]})"
    assert [m["id"] for m in data["changed"]] == ["1.1"]
    checked = invoke("check", "--base", "main", *head, "-f", "text")
    assert checked.exit_code == 0, checked.output
    assert f"testdalen: main (felles utgangspunkt {fork.hexsha[:7]}) →" in checked.output
    assert "2.1" not in checked.output


@pytest.mark.parametrize("checked_out", [False, True], ids=["head", "working-tree"])
def test_diff_back_to_an_older_version_compares_the_two(repo: git.Repo, checked_out: bool) -> None:
    """A head in the base's history (looking back from main to the branch's fork, or a
    checkout of it) is compared with the base itself, as before: the merge base would
    leave nothing."""
    fork = stale_branch(repo)
    head = ("--head", fork.hexsha)
    if checked_out:
        repo.git.checkout(fork.hexsha)  # detached, as CI checks out
        head = ()
    result = invoke("diff", "testdalen", "--base", "main", *head, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["from"] == "main"
    [changed] = data["changed"]
    assert changed["fields"] == [
        {"path": "budget.2026.state_measure_funds", "old": 650000, "new": 600000}
    ]


def test_check_names_the_pilot_a_plan_was_moved_out_of(repo: git.Repo) -> None:
    """A plan moved to another pilot (``git mv``): check showed the pilot it came to, with
    every measure new, and said nothing of the pilot that lost it, whose plan was gone
    from the pull request's summary without a word. Both are listed now."""
    other = Path(repo.working_dir, "pilots/nydal")
    shutil.copytree(MINIMAL, other)
    edit(other / "pilot.yaml", "id: testdalen", "id: nydal")
    (other / "plans/2026.yaml").unlink()
    commit(repo, "Nydal, utan plan")
    move(repo, PLAN, "pilots/nydal/plans/2026.yaml", "Planen høyrer til Nydal")
    result = invoke("check", "--base", "HEAD~1", "--head", "HEAD", "-f", "text")
    assert result.exit_code == 0, result.output
    assert "nydal: HEAD~1 → HEAD" in result.output
    assert "testdalen: HEAD~1 → HEAD" in result.output
    assert (
        "Handlingsplanen for 2026 (pilots/testdalen/plans/2026.yaml) blir sletta i denne "
        "endringa." in result.output
    )


def test_a_merge_base_that_does_not_read_is_not_compared(repo: git.Repo) -> None:
    """The branch left main where the plan had an error that both mended since: diff
    compared the broken plan (every measure new); it refuses it as it refuses a broken
    base, naming the commit."""
    plan = Path(repo.working_dir, PLAN)
    good = plan.read_text(encoding="utf-8")
    fork = commit(repo, "Feil i planen", {PLAN: good.replace("status: ongoing", "status: [", 1)})
    commit(repo, "Retta på main", {PLAN: good})
    repo.git.checkout("-b", "grein", fork.hexsha)
    commit(repo, "Retta på greina", {PLAN: good.replace("bustadbehov", "bustader", 1)})
    result = invoke("diff", "testdalen", "--base", "main")
    assert result.exit_code == 1, result.output
    assert f"pilots/testdalen@{fork.hexsha[:7]}: " in result.output
    assert "BV001" in result.output
    assert "Nye tiltak" not in result.output


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        (
            "nn",
            [
                "ansvarleg: Fyresdal kommune → Arbeidsgruppa",
                "part Husbanken, type: statleg etat → fylkeskommune",
                "part Husbanken, rolle: samarbeidspart → aktør med særleg rolle",
                "delmål 2, samarbeidspartar: Telemark fylkeskommune → Telemark fylkeskommune, "
                "Husbanken",
            ],
        ),
        (
            "nb",
            [
                "ansvarlig: Fyresdal kommune → Arbeidsgruppa",
                "part Husbanken, type: statlig etat → fylkeskommune",
                "part Husbanken, rolle: samarbeidspart → aktør med særlig rolle",
            ],
        ),
    ],
)
def test_parties_and_groups_read_by_name_and_kinds_by_word(
    repo: git.Repo, language: str, lines: list[str]
) -> None:
    """A diff and a check named parties and groups by their ids (``husbanken``,
    ``arbeidsgruppa``) and a party's kind and role as the file's words (``agency``,
    ``partner``): a secretariat reads names and its own written standard."""
    pilot = Path(repo.working_dir, "pilots/testdalen/pilot.yaml")
    if language == "nb":
        edit(pilot, "language: nn", "language: nb")
        commit(repo, "Bokmål")
    text = pilot.read_text(encoding="utf-8")
    text = text.replace("kind: agency\n    role: partner", "kind: county\n    role: special")
    text += "organisation:\n  groups:\n    - id: arbeidsgruppa\n      name: Arbeidsgruppa\n"
    pilot.write_text(text, encoding="utf-8")
    plan = Path(repo.working_dir, "pilots/testdalen/plans/2026.yaml")
    edit(plan, "responsible: fyresdal", "responsible: arbeidsgruppa\n    change_reason: Ny.")
    agreement = Path(repo.working_dir, "pilots/testdalen/agreement.yaml")
    edit(agreement, "partners: [fylket]\n", "partners: [fylket, husbanken]\n")
    commit(repo, "Husbanken får ei særleg rolle")

    shown = invoke("diff", "testdalen", "--base", "HEAD~1", "--head", "HEAD")
    assert shown.exit_code == 0, shown.output
    checked = invoke("check", "--base", "HEAD~1", "--head", "HEAD", "-f", "text")
    assert checked.exit_code == 0, checked.output
    for line in lines:
        assert line in shown.output
        assert line in checked.output
    for word in ("agency", "partner", "special", "husbanken", "arbeidsgruppa"):
        assert f" {word}" not in shown.output
    data = json.loads(invoke("diff", "testdalen", "--base", "HEAD~1", "-f", "json").stdout)
    assert {"path": "parties.husbanken.kind", "old": "agency", "new": "county"} in data[
        "agreement"
    ]  # JSON is for machines: ids and the file's values, as before


def test_the_json_names_the_revisions_and_their_commits(repo: git.Repo) -> None:
    """«from»: «main» said what was asked, not what was compared: on a stale branch the diff
    starts from the merge base. The JSON now gives each side as given and as a commit; the
    working tree is no commit (two plan years: ``test_diff``)."""
    fork = stale_branch(repo)
    branch = repo.head.commit.hexsha
    main = repo.commit("main").hexsha
    assert main != fork.hexsha

    data = json.loads(invoke("diff", "testdalen", "--base", "main", "-f", "json").stdout)
    assert data["from"] != "main"  # the label names the merge base, as before
    assert (data["from_ref"], data["from_commit"]) == ("main", fork.hexsha)
    assert (data["to_ref"], data["to_commit"]) == (None, None)

    shown = invoke("diff", "testdalen", "--base", "main", "--head", "tiltak-1-1", "-f", "json")
    data = json.loads(shown.stdout)
    assert (data["to_ref"], data["to_commit"]) == ("tiltak-1-1", branch)

    data = json.loads(
        invoke("diff", "testdalen", "--base", main[:9], "--head", main, "-f", "json").stdout
    )
    assert (data["from_commit"], data["to_commit"]) == (main, main)


LONG = (
    "Samarbeidspartane skal utvikle ein handlingsplan for bustader saman med kommunane og "
    "fylket, og leggje fram ein rapport kvart år om korleis det går med bustadbygginga."
)


def test_a_long_text_changed_is_shown_where_it_differs(repo: git.Repo) -> None:
    """A sub-goal's text with one word changed was two quotes cut after 80 characters, both
    the same: the change was past the cut. The line now shows the words around the first
    difference on each side."""
    agreement = Path(repo.working_dir, "pilots/testdalen/agreement.yaml")
    edit(agreement, "text: Samarbeidspartane skal utvikle ein handlingsplan.", f"text: {LONG}")
    commit(repo, "Lengre tekst")
    edit(agreement, "rapport kvart år", "rapport annakvart år")
    commit(repo, "Rapport annakvart år")

    result = invoke("diff", "testdalen", "--base", "HEAD~1", "--head", "HEAD")
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if "delmål 1, tekst:" in line]
    assert line.strip() == (
        "delmål 1, tekst: «…leggje fram ein rapport kvart år om…» → "
        "«…leggje fram ein rapport annakvart år om…»"
    )
    data = json.loads(invoke("diff", "testdalen", "--base", "HEAD~1", "-f", "json").stdout)
    [change] = data["agreement"]  # the JSON keeps the whole texts
    assert change["new"] == LONG.replace("kvart år", "annakvart år")


def test_a_long_insertion_is_cut_at_a_whole_word() -> None:
    """Found on a real pilot: a sentence added to a sub-goal's text read «… kvart halv…»,
    cut inside the word «halvår»."""
    from bygdevekst_cli.present.diff import excerpts

    added = " Arbeidet skal rapporterast til styringsgruppa kvart halvår med ein kort rapport."
    old, new = excerpts(LONG, LONG.replace(" og fylket,", added + " og fylket,"))
    assert old == "…saman med kommunane og fylket,…"
    assert new.startswith("…saman med kommunane Arbeidet skal rapporterast")
    assert new.endswith(" kvart halvår…")


def test_a_person_replaced_is_named_once_per_line(repo: git.Repo) -> None:
    """Found on a copy of vest-telemark: a member of the steering group replaced read «…
    styringsgruppe Kari Bø, namn: – → «Kari Bø»» beside her title, and the same for the
    one who left. The name is in the line's path; each person's title is the change. A
    project leader given by name alone still says the name."""
    pilot = Path(repo.working_dir, "pilots/testdalen/pilot.yaml")
    with pilot.open("a", encoding="utf-8") as out:
        out.write(
            "organisation:\n  steering_group:\n    - name: Olav Kiland\n      title: Ordførar\n"
        )
    commit(repo, "Styringsgruppa")
    edit(pilot, "    - name: Olav Kiland\n", "    - name: Kari Bø\n")
    edit(pilot, "organisation:\n", "organisation:\n  project_leader:\n    name: Eva Li\n")
    commit(repo, "Ny i styringsgruppa")
    result = invoke("diff", "testdalen", "--base", "HEAD~1", "--head", "HEAD")
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines()[2:]]
    assert lines == [
        "styringsgruppemedlemmet Kari Bø, tittel: ikkje fylt ut → «Ordførar»",
        "styringsgruppemedlemmet Olav Kiland, tittel: «Ordførar» → ikkje fylt ut",
        "namnet på prosjektleiaren: ikkje fylt ut → «Eva Li»",
    ]


def test_an_entry_of_a_list_without_keys_is_counted_from_one(repo: git.Repo) -> None:
    """An open point added to a draft read «opne punkt 0, tekst: …»: a place counted from 0
    as JSON counts, which no secretariat does. The text counts from 1; the JSON path keeps
    its index."""
    agreement = Path(repo.working_dir, "pilots/testdalen/agreement.yaml")
    with agreement.open("a", encoding="utf-8") as out:
        out.write("open_points:\n  - text: Vekta er ikkje avklart.\n")
    commit(repo, "Eit ope punkt")
    result = invoke("diff", "testdalen", "--base", "HEAD~1", "--head", "HEAD")
    assert "opne punkt 1, tekst: ikkje fylt ut → «Vekta er ikkje avklart.»" in result.output
    data = json.loads(invoke("diff", "testdalen", "--base", "HEAD~1", "-f", "json").stdout)
    assert [c["path"] for c in data["agreement"]] == ["open_points.0.text"]


def test_a_signature_added_reads_as_added_not_as_unknown(repo: git.Repo) -> None:
    """A party's signature added without its decision date read «signatur Kommunal- og
    distriktsdepartementet: ikkje kjent», as if the signature were in doubt. An entry of
    no value of its own is added or taken out; an amount not known still says so."""
    agreement = Path(repo.working_dir, "pilots/testdalen/agreement.yaml")
    edit(agreement, "  - party: kdd\n", "")
    commit(repo, "Utan KDD")
    with agreement.open("a", encoding="utf-8") as out:
        out.write("  - party: kdd\n")
    commit(repo, "KDD signerer")
    added = invoke("diff", "testdalen", "--base", "HEAD~1", "--head", "HEAD")
    assert "signatur Kommunal- og distriktsdepartementet: lagt til" in added.output
    taken = invoke("diff", "testdalen", "--base", "HEAD", "--head", "HEAD~1")
    assert "signatur Kommunal- og distriktsdepartementet: teke ut" in taken.output
    assert "ikkje kjent" not in added.output + taken.output


def _open_points(repo: git.Repo, *texts: str) -> None:
    agreement = Path(repo.working_dir, "pilots/testdalen/agreement.yaml")
    text = agreement.read_text(encoding="utf-8").split("open_points:\n")[0]
    points = "".join(f"  - text: {t}\n" for t in texts)
    agreement.write_text(text + "open_points:\n" + points, encoding="utf-8")
    commit(repo, f"{len(texts)} opne punkt")


def test_an_entry_without_a_key_put_first_is_one_added(repo: git.Repo) -> None:
    """Open points were matched by place: one put first made every later one «changed» to
    the text of the one before it. They are matched by content, as a line diff matches
    lines: one added; one taken out; one reworded in place is that one changed."""
    _open_points(repo, "Punkt B.", "Punkt C.")
    _open_points(repo, "Punkt A.", "Punkt B.", "Punkt C.")
    result = invoke("diff", "testdalen", "--base", "HEAD~1", "--head", "HEAD")
    lines = [line.strip() for line in result.output.splitlines() if "opne punkt" in line]
    assert lines == ["opne punkt 1, tekst: ikkje fylt ut → «Punkt A.»"]
    data = json.loads(invoke("diff", "testdalen", "--base", "HEAD~1", "-f", "json").stdout)
    assert data["agreement"] == [{"path": "open_points.0.text", "old": None, "new": "Punkt A."}]

    _open_points(repo, "Punkt A.", "Punkt C.")
    _open_points(repo, "Punkt A.", "Punkt C, omskrive.")
    shown = invoke("history", "testdalen").output
    assert "opne punkt 2, tekst: «Punkt C.» → «Punkt C, omskrive.»" in shown
    assert "opne punkt 2, tekst: «Punkt B.» → ikkje fylt ut" in shown
    assert "«Punkt B.» → «Punkt C.»" not in shown


def test_changes_to_pilot_yaml_are_not_headed_as_the_agreements(repo: git.Repo) -> None:
    """A pilot folder renamed with its id, or a steering group changed, was listed under
    «Endringar i avtala»: pilot.yaml is not the agreement. It has a heading of its own;
    the JSON keeps both under ``agreement``, as before."""
    agreement = Path(repo.working_dir, "pilots/testdalen/agreement.yaml")
    edit(agreement, "Fleire arbeidsplassar", "Fleire og betre arbeidsplassar")
    edit(Path(repo.working_dir, "pilots/testdalen/pilot.yaml"), "name: Testdalen", "name: Testdal")
    commit(repo, "Avtale og pilot")
    result = invoke("diff", "testdalen", "--base", "HEAD~1", "--head", "HEAD")
    text = [line.strip() for line in result.output.splitlines()]
    agreement_at = text.index("Endringar i avtala")
    pilot_at = text.index("Endringar i pilot.yaml (piloten, partane og organiseringa)")
    assert text[agreement_at + 1].startswith("delmål 2, tittel:")
    assert text[pilot_at + 1] == "namn: «Testdalen» → «Testdal»"
    data = json.loads(invoke("diff", "testdalen", "--base", "HEAD~1", "-f", "json").stdout)
    assert [c["path"] for c in data["agreement"]] == ["sub_goals.2.title", "name"]
