"""The yearly changes on plan pairs the way secretariats write them, checked against an
oracle of plain dicts.

``plan_pair(seed)`` edits a plan into the next year's the way a secretariat does (measures
added, dropped, closed, reopened, renumbered, split, merged, retitled, budgets moved between
sources and years, amounts becoming known or unknown, ...). ``expected`` says what changed
from the two lists of plain dicts alone, without the tool's code; the real CLI's ``diff``
(json, text, markdown, ``--from/--to`` and ``--base/--head``) and its change documents
must say exactly that. Seeded and bounded: the same pairs on every run.
"""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path
from typing import Any

import git
import pytest
import yaml

from bygdevekst_cli.revisions import compare
from tests.helpers import copy_minimal, invoke

SOURCES = ("state_measure_funds", "own_funds", "other_grants")
PARTIES = ("fyresdal", "kviteseid")
NAMES = {"fyresdal": "Fyresdal kommune", "kviteseid": "Kviteseid kommune", "husbanken": "Husbanken"}
WORDS = ("Kartlegging", "bustader", "nettverk", "næringar", "kompetanse", "tomter", "rekruttering")
SEEDS = range(80)
LAST = 2028
"""The agreement period's last year (the minimal pilot's): no budget or period after it."""

Plain = dict[str, Any]


# --- the generator ------------------------------------------------------------------------


def _title(rng: random.Random) -> str:
    return " ".join(rng.sample(WORDS, 3)).capitalize()


def _budget(rng: random.Random, years: range) -> dict[int, dict[str, Any]]:
    budget: dict[int, dict[str, Any]] = {}
    for year in years:
        if rng.random() < 0.7:
            sources = rng.sample(SOURCES, rng.randint(1, 2))
            budget[year] = {s: rng.randrange(1, 20) * 10_000 for s in sources}
    return budget


def _measure(rng: random.Random, sub_goal: int, number: int, year: int) -> Plain:
    measure: Plain = {
        "id": f"{sub_goal}.{number}",
        "sub_goal": sub_goal,
        "number": number,
        "title": _title(rng),
        "responsible": rng.choice(PARTIES),
        "start_year": year,
        "end_year": min(year + rng.randint(0, 2), LAST),
        "status": rng.choice(("planned", "ongoing")),
        "budget": _budget(rng, range(year, min(year + 2, LAST + 1))),
    }
    _tidy(measure)
    if rng.random() < 0.5:
        measure["description"] = f"Arbeidet gjeld {_title(rng).lower()}.\n\nDet held fram."
    if rng.random() < 0.3:
        measure["partners"] = ["husbanken"]
    if rng.random() < 0.3:
        share = rng.randrange(1, 10) * 10
        measure["cost_shares"] = {"fyresdal": share, "kviteseid": 100 - share}
    return measure


def _free(measures: list[Plain], sub_goal: int) -> int:
    """A number under ``sub_goal`` that neither a number nor an id of ``measures`` uses."""
    taken = {m["number"] for m in measures if m["sub_goal"] == sub_goal}
    taken |= {int(m["id"].split(".")[1]) for m in measures if m["id"].startswith(f"{sub_goal}.")}
    return max(taken, default=0) + 1


def _edit(rng: random.Random, m: Plain, to_year: int) -> str:
    """One edit of a kept measure; returns its name (for the failure message)."""
    kind = rng.choice(
        (
            "title", "title_space", "title_case", "description", "description_wrap",
            "raise", "lower", "move_source", "move_year", "known", "unknown", "line",
            "responsible", "partners", "shares", "extend", "close", "close_bare", "reopen",
            "funder", "in_kind", "municipalities",
        )
    )  # fmt: skip
    budget = m.setdefault("budget", {})
    years = sorted(budget)
    if kind in ("raise", "lower", "move_source", "move_year", "line", "funder"):
        years = [y for y in years if all(type(v) is int for v in budget[y].values())]
    if kind == "title":
        m["title"] = _title(rng)
    elif kind == "title_space":
        m["title"] = m["title"].replace(" ", "  ", 1) + " "
    elif kind == "title_case":
        m["title"] = m["title"].swapcase()
    elif kind == "description":
        m["description"] = f"Arbeidet gjeld no {_title(rng).lower()}."
    elif kind == "description_wrap" and "description" in m:
        m["description"] = m["description"].replace(" ", "\n", 1)
    elif kind in ("raise", "lower") and years:
        line = budget[rng.choice(years)]
        source = rng.choice(sorted(line))
        line[source] += 10_000 if kind == "raise" or line[source] <= 10_000 else -10_000
    elif kind == "move_source" and years:
        line = budget[rng.choice(years)]
        source = rng.choice(sorted(line))
        target = rng.choice([s for s in SOURCES if s != source])
        line[target] = line.get(target, 0) + line.pop(source)
    elif kind == "move_year" and years and years[-1] < LAST and years == sorted(budget):
        year = rng.choice(years)
        later = budget.setdefault(
            max(years[-1], to_year) + 1 if year == years[-1] else year + 1, {}
        )
        for source, amount in budget.pop(year).items():
            later[source] = later.get(source, 0) + amount
    elif kind == "known":
        budget.setdefault(to_year, {})["other_grants"] = 50_000
    elif kind == "unknown" and years:
        line = budget[rng.choice(years)]
        line.pop(rng.choice(sorted(line)))
    elif kind == "line" and years:
        line = budget[rng.choice(years)]
        source = rng.choice(sorted(line))
        line[source] = {"amount": line[source]}  # the same amount, written as a line
    elif kind == "funder" and years:
        line = budget[rng.choice(years)]
        source = rng.choice(sorted(line))
        line[source] = {"amount": line[source], "funder": "kdd", "status": "applied"}
    elif kind == "in_kind":
        before = m.get("in_kind", [{"party": "fyresdal", "year": to_year, "hours": 10}])
        m["in_kind"] = [{**entry, "hours": entry["hours"] + 5} for entry in before]
    elif kind == "municipalities":
        m["municipalities"] = ["fyresdal"] if m.get("municipalities") else list(PARTIES)
    elif kind == "responsible":
        m["responsible"] = PARTIES[1 - PARTIES.index(m["responsible"])]
    elif kind == "partners":
        m["partners"] = [] if m.get("partners") else ["husbanken"]
    elif kind == "shares":
        m["cost_shares"] = {"fyresdal": 30, "kviteseid": 70}
    elif kind == "extend" and m["end_year"] < LAST:
        m["end_year"] = min(max(m["end_year"], to_year) + 1, LAST)
    elif kind in ("close", "close_bare") and m["status"] != "closed":
        m["status"] = "closed"
        if kind == "close":
            m["assessment"] = "Tiltaket har gitt eit felles kunnskapsgrunnlag."
    elif kind == "reopen" and m["status"] == "closed":
        m["status"], m["reopened"] = "ongoing", True
    _tidy(m)
    return kind


def _tidy(m: Plain) -> None:
    """No empty budget year, and a period that holds every budget year (BV205)."""
    budget = m.get("budget", {})
    for year in [y for y, line in budget.items() if not line]:
        del budget[year]
    if not budget:
        m.pop("budget", None)
        return
    m["start_year"] = min(m["start_year"], *budget)
    m["end_year"] = max(m["end_year"], *budget)


def plan_pair(seed: int) -> tuple[int, list[Plain], int, list[Plain], list[str]]:
    """Two plan years of measures: the old plan, and the new one as edited from it."""
    rng = random.Random(seed)
    from_year = 2025
    to_year = 2027 if seed % 5 == 0 else 2026  # now and then a plan year skipped
    old: list[Plain] = []
    for sub_goal in (1, 2):
        for _ in range(rng.randint(2, 4)):
            old.append(_measure(rng, sub_goal, _free(old, sub_goal), from_year))
    if rng.random() < 0.5:  # a measure closed in an earlier year, still listed
        closed = _measure(rng, 2, _free(old, 2), from_year)
        closed.update(status="closed", assessment="Ferdig.")
        old.append(closed)
    new = copy.deepcopy(old)
    done: list[str] = []
    for measure in list(new):
        roll = rng.random()
        if roll < 0.03:
            new.remove(measure)
            done.append(f"drop {measure['id']}")
        elif roll < 0.09:  # renumbered: the same id under the other sub-goal
            goal = 3 - measure["sub_goal"]
            measure.update(sub_goal=goal, number=_free(old + new, goal))
            done.append(f"move {measure['id']}")
        elif roll < 0.12:  # a new id for the same title (the old one dropped)
            new.remove(measure)
            number = _free(old + new, measure["sub_goal"])
            new.append({**measure, "id": f"{measure['sub_goal']}.{number}", "number": number})
            done.append(f"renumber {measure['id']}")
        elif roll < 0.18 and measure["status"] != "closed":  # split into two
            measure.update(status="closed", assessment="Delt i to nye tiltak.")
            for half in (1, 2):
                number = _free(old + new, measure["sub_goal"])
                title = f"{measure['title']} del {half}"
                new.append({**_measure(rng, measure["sub_goal"], number, to_year), "title": title})
            done.append(f"split {measure['id']}")
        else:
            for _ in range(rng.choice((0, 0, 1, 2))):
                done.append(f"{_edit(rng, measure, to_year)} {measure['id']}")
    open_ones = [m for m in new if m["status"] != "closed" and m in old]
    if len(open_ones) >= 2 and rng.random() < 0.3:  # two merged into one
        a, b = open_ones[:2]
        b.update(status="closed", assessment=f"Slått saman med tiltak {a['id']}.")
        a["title"] = f"{a['title']} og {b['title'].lower()}"
        done.append(f"merge {b['id']} into {a['id']}")
    if rng.random() < 0.5:
        new.append(_measure(rng, 1, _free(old + new, 1), to_year))
        done.append("add")
    if rng.random() < 0.5:
        rng.shuffle(new)
        done.append("shuffle")
    _give_reasons(old, new, to_year)
    return from_year, old, to_year, new, done


def _give_reasons(old: list[Plain], new: list[Plain], since: int) -> None:
    """A reason on every measure the oracle sees as changed (what a valid plan has)."""
    before = {m["id"]: m for m in old}
    for measure in new:
        measure.pop("change_reason", None)
        was = before.get(measure["id"])
        closing = measure["status"] == "closed" and was is not None and was["status"] != "closed"
        if was is not None and not closing and _fields(was, measure, since):
            measure["change_reason"] = f"Endra etter innspel om tiltak {measure['id']}."


# --- the oracle ---------------------------------------------------------------------------

COMPARED = (
    "sub_goal", "number", "title", "description", "responsible", "partners", "municipalities",
    "start_year", "end_year", "status",
)  # fmt: skip
LISTS = ("partners", "municipalities")


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", value.strip())]


def _amount(value: Any) -> Any:
    """A budget amount: a line that says no more than its amount is that amount."""
    return value["amount"] if isinstance(value, dict) and set(value) == {"amount"} else value


def _money(a: Any, b: Any, where: str, found: dict[str, tuple[Any, Any]]) -> None:
    """One budget amount compared: bare amounts as amounts; when a side is a line with a
    funder or a status, line against line, field by field."""
    a, b = _amount(a), _amount(b)
    if not (isinstance(a, dict) or isinstance(b, dict)):
        if a != b:
            found[where] = (a, b)
        return
    a = {"amount": a} if isinstance(a, int) else (a or {})
    b = {"amount": b} if isinstance(b, int) else (b or {})
    for name in ("amount", "funder", "status"):
        if a.get(name) != b.get(name):
            found[f"{where}.{name}"] = (a.get(name), b.get(name))


def _fields(old: Plain, new: Plain, since: int) -> dict[str, tuple[Any, Any]]:
    """Path -> (old, new) of every compared value that differs, from plain dicts."""
    found: dict[str, tuple[Any, Any]] = {}
    for name in COMPARED:
        empty = [] if name in LISTS else None  # a list left out is an empty one
        a, b = old.get(name, empty), new.get(name, empty)
        if a in (None, []) and b in (None, []):
            continue
        if _text(a) != _text(b):
            found[name] = (a, b)
    budget_a, budget_b = old.get("budget", {}), new.get("budget", {})
    for year in sorted(set(budget_a) | set(budget_b)):
        if year not in budget_b and year < since:
            continue  # last year's budget left out of the new plan: history
        a, b = budget_a.get(year, {}), budget_b.get(year, {})
        for source in SOURCES:
            _money(a.get(source), b.get(source), f"budget.{year}.{source}", found)
    before = {(e["year"], e["party"]): e for e in old.get("in_kind", [])}
    for entry in new.get("in_kind", []):  # one left out of the new plan is history
        was = before.get((entry["year"], entry["party"]), {})
        for name in ("hours", "amount"):
            if was.get(name) != entry.get(name):
                where = f"in_kind.{entry['year']}.{entry['party']}.{name}"
                found[where] = (was.get(name), entry.get(name))
    shares_a, shares_b = old.get("cost_shares", {}), new.get("cost_shares", {})
    for party in sorted(set(shares_a) | set(shares_b)):
        if shares_a.get(party) != shares_b.get(party):
            found[f"cost_shares.{party}"] = (shares_a.get(party), shares_b.get(party))
    return found


def expected(old: list[Plain], new: list[Plain], since: int) -> dict[str, dict[str, Any]]:
    """Every measure of either plan in exactly one category (``unchanged`` and ``gone``,
    a closed measure left out, included), from the plain dicts alone."""
    before, after = {m["id"]: m for m in old}, {m["id"]: m for m in new}
    result: dict[str, dict[str, Any]] = {}
    for measure_id in before.keys() | after.keys():
        a, b = before.get(measure_id), after.get(measure_id)
        if b is None:
            assert a is not None
            result[measure_id] = {"kind": "gone" if a["status"] == "closed" else "removed"}
        elif a is None:
            result[measure_id] = {"kind": "new"}
        else:
            fields = _fields(a, b, since)
            if b["status"] == "closed" and a["status"] != "closed":
                kind = "closed"
            elif fields or b.get("change_reason"):
                kind = "changed"
            else:
                kind = "unchanged"
            result[measure_id] = {"kind": kind, "fields": fields, "measure": b}
    return result


# --- writing and running ------------------------------------------------------------------


def _plan_text(year: int, measures: list[Plain], template: Plain) -> str:
    plan = {**copy.deepcopy(template), "year": year, "measures": measures}
    return yaml.safe_dump(plan, allow_unicode=True, sort_keys=False)


def write_pilot(tmp_path: Path, seed: int, language: str = "nn") -> tuple[Path, tuple[Any, ...]]:
    """The pilot of ``plan_pair(seed)`` in ``tmp_path/pilots/testdalen``, both plans written."""
    folder = copy_minimal(tmp_path)
    if language != "nn":
        pilot = folder / "pilot.yaml"
        pilot.write_text(
            pilot.read_text(encoding="utf-8").replace("language: nn", f"language: {language}"),
            encoding="utf-8",
        )
    template = yaml.safe_load((folder / "plans" / "2026.yaml").read_text(encoding="utf-8"))
    template.pop("status")
    from_year, old, to_year, new, done = plan_pair(seed)
    (folder / "plans" / "2026.yaml").unlink()
    for year, measures in ((from_year, old), (to_year, new)):
        (folder / "plans" / f"{year}.yaml").write_text(
            _plan_text(year, measures, template), encoding="utf-8"
        )
    return folder, (from_year, old, to_year, new, done)


def refusals(old: list[Plain], new: list[Plain]) -> set[str]:
    """The errors a pair has by the plain dicts (``diff`` shows nothing from broken data):
    a measure dropped without being closed (BV302), one closed without an assessment
    (BV208)."""
    after = {m["id"] for m in new}
    found = {"BV302" for m in old if m["id"] not in after and m["status"] != "closed"}
    return found | {"BV208" for m in new if m["status"] == "closed" and not m.get("assessment")}


def diff_json(pair: tuple[Any, ...], *args: str) -> dict[str, Any]:
    """``diff --format json``; for a pair with errors, which ``diff`` refuses to show (with
    the file, the line and the code), the engine's JSON that it would print."""
    result = invoke("diff", *args, "--format", "json")
    errors = refusals(pair[1], pair[3])
    if errors:
        assert result.exit_code == 1, result.output
        assert all(code in result.output for code in errors), result.output
        assert re.search(r"plans/20\d\d\.yaml:\d+: BV", result.output), result.output
        assert "Traceback" not in result.output
        years = [int(a) for a in args[2::2]] if "--from" in args else [None, None]
        found, _ = compare(Path(args[0]), years[0], years[1], None, None, None)
        return found.to_json()
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("seed", SEEDS)
def test_every_measure_lands_in_one_category_with_every_change_once(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    _, pair = write_pilot(tmp_path, seed)
    from_year, old, to_year, new, done = pair
    monkeypatch.chdir(tmp_path)
    data = diff_json(pair, "testdalen", "--from", str(from_year), "--to", str(to_year))
    oracle = expected(old, new, to_year)
    seen: dict[str, str] = {}
    for kind in ("new", "changed", "closed", "removed"):
        for entry in data[kind]:
            assert entry["id"] not in seen, (done, entry)
            seen[entry["id"]] = kind
    want = {i: e["kind"] for i, e in oracle.items() if e["kind"] not in ("unchanged", "gone")}
    assert seen == want, done
    for entry in data["changed"] + data["closed"]:
        paths = [f["path"] for f in entry["fields"]]
        assert len(paths) == len(set(paths)), (done, entry)
        got = {f["path"]: (f["old"], f["new"]) for f in entry["fields"]}
        assert got == oracle[entry["id"]]["fields"], (done, entry["id"])
        money = [f for f in entry["fields"] if f["path"].startswith("budget.")]
        assert all(0 not in (f["old"], f["new"]) for f in money), (done, money)  # unknown: null
        measure = oracle[entry["id"]]["measure"]
        assert entry["title"] == measure["title"] and entry["sub_goal"] == measure["sub_goal"]
    for entry in data["changed"]:
        assert entry["reason"] == oracle[entry["id"]]["measure"].get("change_reason")
    for entry in data["closed"]:
        assert entry["assessment"] == oracle[entry["id"]]["measure"].get("assessment")


VALID = [s for s in SEEDS if not refusals(plan_pair(s)[1], plan_pair(s)[3])]
"""The seeds whose pair has no error: ``diff`` and the documents show them."""


ENTRY_KEYS = {
    "new": {"id", "title", "sub_goal"},
    "changed": {"id", "title", "sub_goal", "fields", "reason"},
    "closed": {"id", "title", "sub_goal", "fields", "assessment"},
    "removed": {"id", "title", "sub_goal"},
}


def _text_lines(output: str) -> list[str]:
    """The lines of ``diff``'s text, without the title line and the indentation."""
    return [" ".join(line.split()) for line in output.splitlines()[1:] if line.strip()]


def _markdown_lines(output: str) -> list[str]:
    """The same lines from the markdown: headings and list items, unescaped."""
    found = []
    for line in output.splitlines()[1:]:
        text = re.sub(r"^(#+|\s*-) ", "", line).strip()
        if text:
            found.append(" ".join(re.sub(r"\\(.)", r"\1", text).split()))
    return found


@pytest.mark.parametrize("seed", VALID)
def test_text_and_markdown_say_what_the_json_says(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    _, pair = write_pilot(tmp_path, seed)
    monkeypatch.chdir(tmp_path)
    years = ("testdalen", "--from", str(pair[0]), "--to", str(pair[2]))
    data = diff_json(pair, *years)
    text = invoke("diff", *years).stdout
    markdown = invoke("diff", *years, "--format", "markdown").stdout
    again = invoke("diff", *years, "--format", "json").stdout
    assert again == json.dumps(data, ensure_ascii=False, indent=2) + "\n"  # stable
    for kind, keys in ENTRY_KEYS.items():
        assert all(set(entry) == keys for entry in data[kind]), kind
    assert _text_lines(text) == _markdown_lines(markdown)
    lines = _text_lines(text)
    for entry in data["new"] + data["changed"] + data["closed"]:
        at = lines.index(" ".join(f"Tiltak {entry['id']} {entry['title']}".split()))
        below = lines[at + 1 : at + 1 + len(entry.get("fields", []))]
        assert len(below) == len(entry.get("fields", [])), entry
        assert all(": " in line and "Tiltak " not in line for line in below), below
    for entry in data["changed"]:
        assert f"Grunngjeving: {entry['reason']}" in lines
    for entry in data["closed"]:
        assert f"Vurdering: {entry['assessment']}" in lines
    field_lines = sum(len(e.get("fields", [])) for e in data["changed"] + data["closed"])
    measures = sum(len(data[k]) for k in ("new", "changed", "closed", "removed"))
    assert text.count("→") >= field_lines  # one arrow a changed field (and the title's one)
    assert sum(line.startswith("Tiltak ") for line in lines) == measures


@pytest.mark.parametrize("seed", VALID[::2])
def test_base_and_head_in_git_say_what_from_and_to_say(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    folder, pair = write_pilot(tmp_path, seed)
    monkeypatch.chdir(tmp_path)
    years = ("testdalen", "--from", str(pair[0]), "--to", str(pair[2]))
    by_years = diff_json(pair, *years)
    newer = folder / "plans" / f"{pair[2]}.yaml"
    text = newer.read_text(encoding="utf-8")
    newer.unlink()
    repo = git.Repo.init(tmp_path)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test").set_value("user", "email", "t@example.org")
    repo.git.add(A=True)
    repo.index.commit("plan for the first year")
    newer.write_text(text, encoding="utf-8")
    repo.git.add(A=True)
    repo.index.commit("plan for the next year")
    by_revisions = diff_json(pair, "testdalen", "--base", "HEAD~1", "--head", "HEAD")
    assert (by_revisions["from"], by_revisions["to"]) == ("HEAD~1", "HEAD")
    assert (by_revisions["from_ref"], by_revisions["to_ref"]) == ("HEAD~1", "HEAD")
    assert by_revisions["to_commit"] == repo.head.commit.hexsha
    sides = ("from_ref", "from_commit", "to_ref", "to_commit")
    for key in ("from", "to", "agreement", "schedule", "amendments", *sides):
        by_years.pop(key), by_revisions.pop(key)
    assert by_revisions == by_years


FORBIDDEN = re.compile(
    r"→|\bNone\b|\b(fyresdal|kviteseid|husbanken|kdd)\b"
    r"|\b(state_measure_funds|own_funds|other_grants|cost_shares|end_year|sub_goal)\b"
)
"""In a document: a diff line's arrow (a change without its sentence), a party by its id, a
field by its name, or Python's None."""


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("seed", VALID[::3])
def test_the_documents_say_every_change_in_sentences(
    seed: int, language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BYGDEVEKST_LANGUAGE", raising=False)
    _, pair = write_pilot(tmp_path, seed, language)
    monkeypatch.chdir(tmp_path)
    data = diff_json(pair, "testdalen", "--from", str(pair[0]), "--to", str(pair[2]))
    changes = invoke("render", "changes", "testdalen", "-o", "-")
    case = invoke("render", "case", "testdalen", "-m", "fyresdal", "-o", "-")
    assert changes.exit_code == 0 and case.exit_code == 0, changes.output + case.output
    section = case.stdout.split("\n## ")
    case_changes = next(part for part in section if part.startswith(("Nye, endra", "Nye, endrede")))
    documents = {"changes": changes.stdout, "case": case_changes}
    for name, document in documents.items():
        body = document.split("\n---\n")[0]
        assert not FORBIDDEN.search(body), (name, FORBIDDEN.search(body))
        for entry in data["new"] + data["changed"] + data["closed"]:
            title = " ".join(entry["title"].split())
            label = _label(entry["id"], pair[1], pair[3])
            assert f"Tiltak {label} {title}" in " ".join(body.split()), (name, entry)
        for entry in data["changed"] + data["closed"]:
            for change in entry["fields"]:
                if change["path"].startswith("budget.") and isinstance(change["new"], int):
                    assert _kroner(change["new"]) in body, (name, change)
                if change["path"] == "responsible":
                    assert NAMES[change["new"]] in body, (name, change)
    bullets = [re.findall(r"^- .*$", d.split("\n---\n")[0], re.M) for d in documents.values()]
    assert bullets[0][: len(bullets[1])] == bullets[1] or set(bullets[1]) <= set(bullets[0])


def _label(measure: str, old: list[Plain], new: list[Plain]) -> str:
    """The measure's number as the plan documents show it: by the later plan that has it
    (``sub_goal.number``; the id for shared work)."""
    found = next(m for m in [*new, *old] if m["id"] == measure)
    return measure if found.get("sub_goal") is None else f"{found['sub_goal']}.{found['number']}"


def _kroner(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"


# --- the defects the generator found, each pinned ----------------------------------------


def _two_years(tmp_path: Path, old: list[Plain], new: list[Plain], to_year: int = 2026) -> None:
    folder = copy_minimal(tmp_path)
    template = yaml.safe_load((folder / "plans" / "2026.yaml").read_text(encoding="utf-8"))
    template.pop("status")
    (folder / "plans" / "2026.yaml").unlink()
    for year, measures in ((2025, old), (to_year, new)):
        path = folder / "plans" / f"{year}.yaml"
        path.write_text(_plan_text(year, measures, template), encoding="utf-8")


def _kept(**changes: Any) -> tuple[list[Plain], list[Plain]]:
    """Measure 1.1 in two plan years: as it was, and with ``changes``."""
    rng = random.Random(7)
    old = _measure(rng, 1, 1, 2025)
    old["budget"] = {2026: {"state_measure_funds": 600_000}}
    old["end_year"] = 2026
    return [old], [{**copy.deepcopy(old), **changes}]


def test_an_amount_written_as_a_line_is_the_same_amount(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``600000`` and ``{amount: 600000}`` are one budget: no change, no reason asked for."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    old, new = _kept(budget={2026: {"state_measure_funds": {"amount": 600_000}}})
    _two_years(tmp_path, old, new)
    _two_years(tmp_path / "swapped", new, old)
    monkeypatch.chdir(tmp_path)
    data = diff_json((2025, old, 2026, new), "testdalen", "--from", "2025", "--to", "2026")
    assert data["changed"] == []
    monkeypatch.chdir(tmp_path / "swapped")
    assert (
        diff_json((2025, new, 2026, old), "testdalen", "--from", "2025", "--to", "2026")["changed"]
        == []
    )


def test_a_funder_given_to_a_bare_amount_is_that_change_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    line = {"amount": 700_000, "funder": "kdd", "status": "applied"}
    old, new = _kept(budget={2026: {"state_measure_funds": line}}, change_reason="Søkt.")
    _two_years(tmp_path, old, new)
    undone = [{**old[0], "change_reason": "Trekt."}]  # the funder taken away again
    _two_years(tmp_path / "swapped", new, undone)
    monkeypatch.chdir(tmp_path)
    data = diff_json((2025, old, 2026, new), "testdalen", "--from", "2025", "--to", "2026")
    where = "budget.2026.state_measure_funds"
    assert data["changed"][0]["fields"] == [
        {"path": f"{where}.amount", "old": 600_000, "new": 700_000},
        {"path": f"{where}.funder", "old": None, "new": "kdd"},
        {"path": f"{where}.status", "old": None, "new": "applied"},
    ]
    monkeypatch.chdir(tmp_path / "swapped")
    back = diff_json((2025, new, 2026, undone), "testdalen", "--from", "2025", "--to", "2026")
    assert back["changed"][0]["fields"][0]["new"] == 600_000


def test_spacing_only_edits_are_no_change_but_a_new_paragraph_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    old, new = _kept(description="Første del.\nAndre del.")
    old[0]["description"] = "Første  del. Andre del. "
    old[0]["title"] = new[0]["title"] = "Nettverk for næringane"
    new[0]["title"] = "Nettverk  for næringane "
    _two_years(tmp_path, old, new)
    monkeypatch.chdir(tmp_path)
    assert (
        diff_json((2025, old, 2026, new), "testdalen", "--from", "2025", "--to", "2026")["changed"]
        == []
    )
    new[0].update(description="Første del.\n\nAndre del.", change_reason="Delt i to avsnitt.")
    _two_years(tmp_path / "paragraph", old, new)
    monkeypatch.chdir(tmp_path / "paragraph")
    data = diff_json((2025, old, 2026, new), "testdalen", "--from", "2025", "--to", "2026")
    assert [f["path"] for f in data["changed"][0]["fields"]] == ["description"]
    text = invoke("diff", "testdalen", "--from", "2025", "--to", "2026").stdout
    assert "skildring: «Første del. Andre del.» → «Første del. Andre del.»" in text  # one line


def test_a_closed_measure_keeps_its_changed_fields_in_the_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    old, new = _kept(status="closed", assessment="Vel gjennomført.")
    new[0]["budget"] = {2026: {"state_measure_funds": 300_000}}
    _two_years(tmp_path, old, new)
    monkeypatch.chdir(tmp_path)
    data = diff_json((2025, old, 2026, new), "testdalen", "--from", "2025", "--to", "2026")
    assert data["closed"][0]["fields"] == [
        {"path": "status", "old": old[0]["status"], "new": "closed"},
        {"path": "budget.2026.state_measure_funds", "old": 600_000, "new": 300_000},
    ]
    assert data["closed"][0]["assessment"] == "Vel gjennomført."


def test_a_reason_missing_after_a_skipped_year_names_the_plan_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    old, new = _kept(title="Eit nytt namn")
    _two_years(tmp_path, old, new, to_year=2027)
    monkeypatch.chdir(tmp_path)
    result = invoke("diff", "testdalen", "--from", "2025", "--to", "2027")
    assert result.exit_code == 1
    assert "plans/2027.yaml:" in result.output
    assert "Tiltak 1.1 er endra sidan 2025 (tittel)" in result.output


GRANT = {"source": "other_grants", "year": 2026, "funder": "fylket", "amount": 100_000}
APPLIED = {"source": "other_grants", "year": 2026, "amount": 40_000, "status": "applied"}


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        (
            "nn",
            [
                "Løyvinga av andre tilskot frå Telemark fylkeskommune for 2026 er auka frå "
                "100 000 kr til 150 000 kr.",
                "Løyvinga av andre tilskot frå Telemark fylkeskommune for 2026 er no «løyvd» "
                "(før: «søkt»).",
                "Budsjettet for 2026 er auka frå 600 000 kr til 700 000 kr i statlege "
                "tiltaksmidlar.",
                "Budsjettet for 2026 oppgir ikkje lenger finansiøren av statlege tiltaksmidlar "
                "(var Kommunal- og distriktsdepartementet).",
                "Det er søkt om 40 000 kr i andre tilskot for 2026.",
            ],
        ),
        (
            "nb",
            [
                "Bevilgningen av andre tilskudd fra Telemark fylkeskommune for 2026 er økt fra "
                "100 000 kr til 150 000 kr.",
                "Bevilgningen av andre tilskudd fra Telemark fylkeskommune for 2026 er nå "
                "«bevilget» (før: «søkt»).",
                "Budsjettet for 2026 er økt fra 600 000 kr til 700 000 kr i statlige "
                "tiltaksmidler.",
                "Budsjettet for 2026 oppgir ikke lenger finansiøren av statlige tiltaksmidler "
                "(var Kommunal- og distriktsdepartementet).",
                "Det er søkt om 40 000 kr i andre tilskudd for 2026.",
            ],
        ),
    ],
)
def test_a_grant_with_a_funder_and_an_amount_line_change_in_sentences(
    language: str, sentences: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A grant naming its funder and a budget amount written as a line: their changes are
    sentences in the changes document, not the diff's arrows."""
    monkeypatch.delenv("BYGDEVEKST_LANGUAGE", raising=False)
    line = {"amount": 600_000, "status": "applied"}
    old, new = _kept(budget={2026: {"state_measure_funds": {**line, "amount": 700_000}}})
    old[0]["budget"] = {2026: {"state_measure_funds": {**line, "funder": "kdd"}}}
    new[0]["change_reason"] = "Meir."
    _two_years(tmp_path, old, new)
    folder = tmp_path / "pilots" / "testdalen"
    pilot = folder / "pilot.yaml"
    pilot.write_text(
        pilot.read_text(encoding="utf-8").replace("language: nn", f"language: {language}"),
        encoding="utf-8",
    )
    grants = {2025: [{**GRANT, "status": "applied"}], 2026: [{**GRANT, "amount": 150_000}, APPLIED]}
    for year, added in grants.items():
        plan = folder / "plans" / f"{year}.yaml"
        data = yaml.safe_load(plan.read_text(encoding="utf-8"))
        data["funding"]["grants"].extend(added)
        plan.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("render", "changes", "testdalen", "-o", "-")
    assert result.exit_code == 0, result.output
    body = result.stdout.replace("\u00a0", " ")
    for sentence in sentences:
        assert f"- {sentence}\n" in body, body
    assert "→" not in body, body
    assert "løyvd 40" not in body and "bevilget 40" not in body and "«søkt»." not in body


def _compared_fields() -> list[tuple[str, str, str]]:
    """Every compared field of the pilot's models a diff can show: (model, field, label key)."""
    from bygdevekst_cli.models import agreement, pilot, plan
    from bygdevekst_cli.models.meta import field_meta, label_key

    found = []
    for module in (plan, pilot, agreement):
        for model in vars(module).values():
            if isinstance(model, type) and model.__module__ == module.__name__:
                try:
                    metas = field_meta(model)
                except (TypeError, AttributeError):
                    continue  # not a model with fields
                found += [
                    (model.__name__, n, label_key(n, m)) for n, m in metas.items() if m.compared
                ]
    return found


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_every_field_a_diff_shows_has_its_word(language: str) -> None:
    """A changed in-kind amount read «amount» in a Norwegian diff: every compared field
    that a change's line names has its label in the catalogue."""
    from bygdevekst_cli.language import words

    shown = [f for f in _compared_fields() if f[2] and f[1] not in ("funding", "schedule")]
    assert ("InKind", "amount", "field.amount") in shown
    assert [f for f in shown if words(language).get(f[2]) is None] == []


def test_an_in_kind_amount_reads_in_norwegian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    old, new = _kept(in_kind=[{"party": "fyresdal", "year": 2026, "hours": 10, "amount": 5_000}])
    new[0]["change_reason"] = "Meir eigeninnsats."
    old[0]["in_kind"] = [{"party": "fyresdal", "year": 2026, "hours": 10}]
    _two_years(tmp_path, old, new)
    monkeypatch.chdir(tmp_path)
    result = invoke("diff", "testdalen", "--from", "2025", "--to", "2026")
    assert result.exit_code == 0, result.output
    assert (
        "eigeninnsats 2026, Fyresdal kommune, beløp: ikkje fylt ut → 5\u00a0000\u00a0kr"
        in result.stdout
    )


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        (
            "nn",
            [
                "Tiltaket er no ein delaktivitet under tiltak 2.1.",
                "Ny kommune i tiltaket: Kviteseid kommune.",
                "Eigeninnsatsen frå Fyresdal kommune i 2026 er endra frå 10 til 12 000 timar.",
                "Eigeninnsatsen frå Fyresdal kommune i 2026 er verdsett til 5 000 kr.",
                "Kviteseid kommune bidreg med 5 timar eigeninnsats i 2026.",
            ],
        ),
        (
            "nb",
            [
                "Tiltaket er nå en delaktivitet under tiltak 2.1.",
                "Ny kommune i tiltaket: Kviteseid kommune.",
                "Egeninnsatsen fra Fyresdal kommune i 2026 er endret fra 10 til 12 000 timer.",
                "Egeninnsatsen fra Fyresdal kommune i 2026 er verdsatt til 5 000 kr.",
                "Kviteseid kommune bidrar med 5 timer egeninnsats i 2026.",
            ],
        ),
    ],
)
def test_parent_municipalities_and_in_kind_change_in_sentences(
    language: str, sentences: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BYGDEVEKST_LANGUAGE", raising=False)
    old, new = _kept(
        parent="2.1",
        municipalities=["fyresdal", "kviteseid"],
        in_kind=[
            {"party": "fyresdal", "year": 2026, "hours": 12_000, "amount": 5_000},
            {"party": "kviteseid", "year": 2026, "hours": 5},
        ],
        change_reason="Breiare.",
    )
    old[0].update(
        municipalities=["fyresdal"], in_kind=[{"party": "fyresdal", "year": 2026, "hours": 10}]
    )
    parent = _measure(random.Random(8), 2, 1, 2025)
    old.append(parent)
    new.append(copy.deepcopy(parent))
    _two_years(tmp_path, old, new)
    pilot = tmp_path / "pilots" / "testdalen" / "pilot.yaml"
    text = pilot.read_text(encoding="utf-8")
    pilot.write_text(text.replace("language: nn", f"language: {language}"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for document in (("changes",), ("case", "-m", "fyresdal")):
        result = invoke("render", *document, "testdalen", "-o", "-")
        assert result.exit_code == 0, result.output
        body = result.stdout.replace("\u00a0", " ")
        for sentence in sentences:
            assert f"- {sentence}\n" in body, (document, body)
        assert "→" not in body


def test_two_grants_from_one_source_in_one_year_are_both_compared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two grants of other grants for 2026 whose funders are not parties (so not named):
    the one raised was hidden behind the other, and the diff said «no changes»."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    _two_years(tmp_path, *_kept())
    plans = tmp_path / "pilots" / "testdalen" / "plans"
    for year, first in ((2025, 100_000), (2026, 120_000)):
        plan = plans / f"{year}.yaml"
        data = yaml.safe_load(plan.read_text(encoding="utf-8"))
        data["funding"]["grants"] += [
            {"source": "other_grants", "year": 2026, "amount": first, "note": "Stiftinga"},
            {"source": "other_grants", "year": 2026, "amount": 50_000, "note": "Fylket"},
        ]
        plan.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = diff_json((2025, [], 2026, []), "testdalen", "--from", "2025", "--to", "2026")
    assert data["funding"] == [{"path": "grants.2026.other_grants", "old": 100_000, "new": 120_000}]
    changes = invoke("render", "changes", "testdalen", "-o", "-").stdout.replace("\u00a0", " ")
    assert (
        "- Løyvinga av andre tilskot for 2026 er auka frå 100 000 kr til 120 000 kr.\n" in changes
    )
