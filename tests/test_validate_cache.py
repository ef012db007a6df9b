"""The results cache of ``validate`` and its worker processes, through the real CLI on
pilots copied into ``tmp_path``: a second run gives the same output without parsing YAML,
an edit re-reads only its pilot, another tool version re-reads everything, ``--no-cache``
writes nothing, a damaged cache is a miss, and ``--jobs`` changes nothing in the output."""

from __future__ import annotations

import gc
import marshal
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import bygdevekst_cli
from bygdevekst_cli import cache, loader, resultcache, validate
from bygdevekst_cli.collector import COLLECT_EVERY
from bygdevekst_cli.present.validate import REPORTER_BY_NAME
from bygdevekst_cli.validate import validate_paths
from tests.helpers import MINIMAL, edit, invoke

PLAN = "pilots/{}/plans/2026.yaml"
AGREEMENT = "pilots/{}/agreement.yaml"


def make_pilots(root: Path, names: list[str]) -> None:
    """Copies of the minimal pilot, each with a finding of its own: a warning (BV224, a
    missing case number) in every one, an error (BV104) in every other."""
    for number, name in enumerate(names):
        shutil.copytree(MINIMAL, root / "pilots" / name)
        edit(root / PLAN.format(name), "    case_number: 26/10\n", "")
        if number % 2:
            edit(root / PLAN.format(name), "own_funds: 100000", "own_funds: -3")


@pytest.fixture
def pilots(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    make_pilots(root, ["alfa", "beta"])
    monkeypatch.chdir(root)
    return root


class Counter:
    """Every YAML parse (by the file shown) and every pilot the rules ran on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parsed: list[str] = []
        self.checked: list[str] = []
        parse = loader.load_yaml_bytes
        run = validate.validate_pilot

        def counting_parse(raw: bytes, path: Path, display: str, language: str | None) -> Any:
            self.parsed.append(display)
            return parse(raw, path, display, language)

        def counting_run(files: Any) -> Any:
            self.checked.append(files.display)
            return run(files)

        monkeypatch.setattr(loader, "load_yaml_bytes", counting_parse)
        monkeypatch.setattr(validate, "validate_pilot", counting_run)
        # and the parser itself, whoever calls it
        reader = loader._event_reader

        def counting_reader(source: str | bytes) -> Callable[[], Any]:
            self.parsed.append("<parser>")
            return reader(source)

        monkeypatch.setattr(loader, "_event_reader", counting_reader)


#: The views of a report besides the formats: the statistics, and the errors only.
VIEWS = (("--statistics",), ("--quiet",), ("--quiet", "--format", "github"))


def outputs() -> dict[str, tuple[int, str]]:
    """Exit code and output of every format and view (JUnit's timestamps, the time of the
    run, left out)."""
    runs = [("--format", name) for name in REPORTER_BY_NAME] + list(VIEWS)
    results = {}
    for options in runs:
        result = invoke("validate", *options)
        shown = re.sub(r'timestamp="[^"]*"', "", result.stdout)
        results[" ".join(options)] = (result.exit_code, shown)
    return results


def entries(folder: Path) -> Iterator[Path]:
    return folder.rglob("*.marshal")


def test_a_second_run_gives_the_same_output_in_every_format_without_parsing_yaml(
    pilots: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = outputs()
    assert first["--format text"][0] == 1
    assert "BV104" in first["--format json"][1] and "BV224" in first["--format json"][1]
    assert "BV224" not in first["--quiet"][1] and "BV104" in first["--quiet"][1]
    assert "BV224" in first["--statistics"][1]
    assert len(list((cache_dir / "validate").glob("*.marshal"))) == 2
    counter = Counter(monkeypatch)
    assert outputs() == first
    assert counter.parsed == []
    assert counter.checked == []


def test_an_edited_file_is_read_again_and_only_its_pilot_is_checked_again(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = invoke("validate", "--format", "json").stdout
    edit(pilots / PLAN.format("alfa"), "title: Nettverk for næringane", "title: Nettverk")
    edit(pilots / PLAN.format("beta"), "own_funds: -3", "own_funds: 3")
    counter = Counter(monkeypatch)
    after = invoke("validate", "--format", "json")
    assert after.exit_code == 0  # beta's error is gone: the edit was seen
    assert sorted(set(counter.parsed) - {"<parser>"}) == [
        PLAN.format("alfa"),
        PLAN.format("beta"),
    ]
    assert counter.checked == ["pilots/alfa", "pilots/beta"]
    assert after.stdout != before
    # and the output is what a run without the cache gives
    assert invoke("validate", "--format", "json", "--no-cache").stdout == after.stdout


def test_an_unchanged_pilot_is_not_read_when_another_changes(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke("validate")
    edit(pilots / AGREEMENT.format("beta"), "Staten skal støtte", "Staten skal ikke støtte")
    counter = Counter(monkeypatch)
    result = invoke("validate", "--format", "json")
    assert counter.checked == ["pilots/beta"]
    assert set(counter.parsed) - {"<parser>"} == {AGREEMENT.format("beta")}
    assert "BV211" in result.stdout  # the Bokmål word in a Nynorsk pilot was found


def test_another_tool_version_reads_everything_again(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = invoke("validate", "--format", "json").stdout
    monkeypatch.setattr(bygdevekst_cli, "__version__", "99.0.0")
    counter = Counter(monkeypatch)
    assert invoke("validate", "--format", "json").stdout == first
    assert counter.checked == ["pilots/alfa", "pilots/beta"]
    assert len(set(counter.parsed) - {"<parser>"}) == 6  # three files in each of two pilots


def test_another_version_of_a_library_reads_everything_again(
    pilots: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Upgrading a library the results depend on (here a stand-in on the import path, as
    pip writes one) is a miss, found without importing it; the same files again are a hit."""
    library = tmp_path / "site" / "parserlib"
    library.mkdir(parents=True)
    (library / "__init__.py").write_text("VERSION = '1.0'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setattr(resultcache, "LIBRARIES", ("parserlib",))
    resultcache.code_stamp.cache_clear()
    first = invoke("validate", "--format", "json").stdout
    counter = Counter(monkeypatch)
    resultcache.code_stamp.cache_clear()
    assert invoke("validate", "--format", "json").stdout == first
    assert counter.checked == []
    (library / "__init__.py").write_text("VERSION = '1.10'\n", encoding="utf-8")
    resultcache.code_stamp.cache_clear()
    assert invoke("validate", "--format", "json").stdout == first
    assert counter.checked == ["pilots/alfa", "pilots/beta"]
    assert "parserlib" not in sys.modules
    resultcache.code_stamp.cache_clear()  # the next test stamps the real libraries


def test_two_installations_sharing_the_cache_folder_keep_entries_of_their_own(
    pilots: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two installations (two venvs, two checkouts) run by turns: each finds its own entry
    rather than the other's, written over it on every run."""
    first = invoke("validate", "--format", "json").stdout
    entries = set((cache_dir / "validate").iterdir())
    this_installation = cache.INSTALLATION
    monkeypatch.setattr(cache, "INSTALLATION", "/another/installation")
    assert invoke("validate", "--format", "json").stdout == first
    assert len(set((cache_dir / "validate").iterdir()) - entries) == 2  # one per pilot
    monkeypatch.setattr(cache, "INSTALLATION", this_installation)
    counter = Counter(monkeypatch)
    assert invoke("validate", "--format", "json").stdout == first
    assert counter.checked == []  # the first installation's entries are still there


def test_no_cache_keeps_no_result_and_reads_none(
    pilots: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = invoke("validate", "--no-cache", "--format", "json")
    assert first.exit_code == 1
    assert not (cache_dir / "validate").exists()
    invoke("validate")  # fills the cache
    assert list(entries(cache_dir))
    counter = Counter(monkeypatch)
    assert invoke("validate", "--no-cache", "--format", "json").stdout == first.stdout
    assert counter.checked == ["pilots/alfa", "pilots/beta"]


def test_the_environment_variable_turns_the_cache_off(
    pilots: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.NO_CACHE_VARIABLE, "1")
    assert invoke("validate").exit_code == 1
    assert not cache_dir.exists()


#: The cache entries of the tool's own data, which ``--no-cache`` keeps (``cache``).
TOOL_DATA = ("words-", "plural-rule-", "list-patterns-", "template-", "pdf-glyphs")


def test_check_takes_no_cache_too(
    pilots: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gitrepo import commit, init_repo

    commit(init_repo(pilots), "Pilotane")
    result = invoke("check", "--base", "HEAD", "--no-cache", "--format", "json")
    assert result.exit_code == 1, result.output
    assert "BV104" in result.stdout
    kept = {p.relative_to(cache_dir).parts[0] for p in cache_dir.rglob("*.marshal")}
    assert not {name for name in kept if not name.startswith(TOOL_DATA)}, kept


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong shape"])
def test_a_damaged_cache_is_a_miss(
    pilots: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    first = invoke("validate", "--format", "json").stdout
    for entry in entries(cache_dir):
        data = entry.read_bytes()
        if damage == "garbage":
            entry.write_bytes(b"\x00\xffnot marshal at all")
        elif damage == "truncated":
            entry.write_bytes(data[: len(data) // 2])
        else:  # the right key, but values of the wrong shape everywhere
            key, value = marshal.loads(data)
            files = {name: (part[0], part[1], ("x",)) for name, part in value["files"].items()}
            entry.write_bytes(marshal.dumps((key, {**value, "result": [1], "files": files})))
    counter = Counter(monkeypatch)
    again = invoke("validate", "--format", "json")
    assert again.exception is None or isinstance(again.exception, SystemExit)
    assert again.stdout == first
    assert counter.checked == ["pilots/alfa", "pilots/beta"]
    counter.checked.clear()
    assert invoke("validate", "--format", "json").stdout == first  # stored anew
    assert counter.checked == []


def test_a_pilot_whose_rules_ask_git_keeps_only_its_parses(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = pilots / PLAN.format("alfa")
    adopted = "    case_number: 26/11\n    outcome: adopted\n"
    edit(plan, adopted, adopted + "    adopted_revision: 0123abcd\n")
    first = invoke("validate", "--format", "json").stdout
    counter = Counter(monkeypatch)
    assert invoke("validate", "--format", "json").stdout == first
    assert counter.checked == ["pilots/alfa"]  # the rules ran again (git may have changed)
    assert set(counter.parsed) == set()  # but no file was parsed again


def test_results_depend_on_the_language_of_the_messages(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bokmaal = invoke("validate").stdout
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "en")
    english = invoke("validate").stdout
    assert english != bokmaal
    assert invoke("validate", "--no-cache").stdout == english


# --- worker processes ---------------------------------------------------------------------


def test_workers_are_used_only_when_there_are_enough_pilots() -> None:
    per = validate.MIN_PILOTS_PER_WORKER
    assert validate.workers_for(per - 1, 8) == 1
    assert validate.workers_for(2 * per, 8) == 2
    assert validate.workers_for(100 * per, 3) == 3
    assert validate.workers_for(100 * per, 1) == 1
    assert 1 <= validate.workers_for(100 * per, None) <= validate.default_jobs()


def test_jobs_give_the_same_output_in_the_same_order(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "many"
    make_pilots(root, [f"pilot-{n:02d}" for n in range(6)])
    monkeypatch.chdir(root)
    serial = {
        name: invoke("validate", "--no-cache", "-j", "1", "-f", name) for name in ("text", "json")
    }
    assert serial["json"].stdout.count("BV104") == 3
    monkeypatch.setattr(validate, "MIN_PILOTS_PER_WORKER", 2)
    assert validate.workers_for(6, 3) == 3
    started: list[int] = []
    pool = validate._run_tasks

    def counting_pool(tasks: list[Any], jobs: int | None) -> Any:
        started.append(validate.workers_for(len(tasks), jobs))
        return pool(tasks, jobs)

    monkeypatch.setattr(validate, "_run_tasks", counting_pool)
    for name, expected in serial.items():
        parallel = invoke("validate", "--no-cache", "--jobs", "3", "-f", name)
        assert (parallel.exit_code, parallel.stdout) == (expected.exit_code, expected.stdout)
        cached = invoke("validate", "--jobs", "3", "-f", name)  # the workers fill the cache
        assert (cached.exit_code, cached.stdout) == (expected.exit_code, expected.stdout)
    assert started == [3, 3, 3, 3]
    assert len(list((cache_dir / "validate").glob("*.marshal"))) == 6


def test_pilots_are_checked_with_fewer_collections_and_the_threshold_comes_back(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, ...]] = []
    check = validate.check_pilot

    def watching(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold())
        return check(*args, **kwargs)

    monkeypatch.setattr(validate, "check_pilot", watching)
    before = gc.get_threshold()
    assert before[0] < COLLECT_EVERY
    tree = [pilots / "pilots"]
    first = validate_paths(tree, cwd=pilots, use_cache=False)
    assert seen and all(t == (COLLECT_EVERY, *before[1:]) for t in seen)
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError):  # restored also when checking fails
        monkeypatch.setattr(validate, "check_pilot", lambda *a, **k: _raise())
        validate_paths(tree, cwd=pilots, use_cache=False)
    assert gc.get_threshold() == before
    monkeypatch.setattr(validate, "check_pilot", check)
    assert validate_paths(tree, cwd=pilots, use_cache=False).findings == first.findings


def _raise() -> None:
    raise RuntimeError("broken")


def test_jobs_below_one_is_wrong_use(pilots: Path) -> None:
    result = invoke("validate", "--jobs", "0")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_one_run_opens_the_repository_once_for_all_its_pilots(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import git

    from tests.gitrepo import commit, init_repo

    repo = init_repo(pilots)
    first = commit(repo, "Pilotane")
    adopted = "    case_number: 26/11\n    outcome: adopted\n"
    for name in ("alfa", "beta"):
        revision = adopted + f"    adopted_revision: {first.hexsha[:12]}\n"
        edit(pilots / PLAN.format(name), adopted, revision)
    opened: list[str] = []

    class CountingRepo(git.Repo):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            opened.append(str(args[0]))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(git, "Repo", CountingRepo)
    result = invoke("validate", "--no-cache", "--format", "json")
    assert result.exit_code == 1  # beta's error; both revisions are known: no BV304
    assert "BV304" not in result.stdout
    assert len(opened) == 1
    opened.clear()
    edit(pilots / PLAN.format("alfa"), first.hexsha[:12], "0123abcd0123")
    result = invoke("validate", "--no-cache", "--format", "json")
    assert "BV304" in result.stdout and "0123abcd0123" in result.stdout
    assert len(opened) == 1


def test_a_file_named_alone_reports_the_same_from_the_cache(
    pilots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (pilots / "pilots/alfa/pilot.yaml").write_text("language: nn\nname: [\n", encoding="utf-8")
    plan = PLAN.format("alfa")
    first = invoke("validate", plan, "--format", "json")
    # pilot.yaml does not read: its BV001 is not the plan's, but the notice (BV015) is
    assert first.exit_code == 0
    assert "BV015" in first.stdout and "BV001" not in first.stdout
    counter = Counter(monkeypatch)
    again = invoke("validate", plan, "--format", "json")
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert counter.checked == [] and counter.parsed == []
    assert invoke("validate", plan, "--format", "json", "--no-cache").stdout == first.stdout


def test_a_finding_keeps_its_standard_in_the_cache_and_out_of_the_json() -> None:
    from bygdevekst_cli.findings import Finding, Severity

    worded = Finding(Severity.WARNING, "BV224", "manglar", "p.yaml", 1, 2, ("a", 0), "nn")
    assert Finding.from_data(worded.to_data()).language == "nn"
    assert "language" not in worded.to_json()
    kept_before = ("warning", "BV224", "manglar", "p.yaml", 1, 2, ["a", 0])  # 7 values
    assert Finding.from_data(kept_before) == worded
    assert Finding.from_data(kept_before).language is None
