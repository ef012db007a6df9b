"""Versioned files: ``schema_version: 2``, ``bygdevekst migrate`` and the BV016 warning."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import git
import pytest

from bygdevekst_cli.editing.version import VERSION_LINE, with_version
from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.migrate import recode
from bygdevekst_cli.models import ActionPlan, Agreement, Pilot
from tests.gitrepo import init_repo
from tests.helpers import MINIMAL, REPO, copy_minimal, run_cli
from tests.test_import import build_markdown

BUNDLED = sorted(path.relative_to(REPO).as_posix() for path in (REPO / "pilots").rglob("*.yaml"))


def version_one_texts() -> dict[str, str]:
    """Every bundled pilot file as it was in git before ``schema_version`` existed.

    Read from the newest commit of the repository's history whose files lack the key; a
    clone without that history (shallow) gets the files with the version line taken out,
    which is the same text.
    """
    try:
        repo = git.Repo(REPO)
        for commit in repo.iter_commits(paths="pilots", max_count=200):
            tree = commit.tree / "pilots"
            texts = {
                f"pilots/{blob.path.removeprefix('pilots/')}": blob.data_stream.read().decode()
                for blob in tree.traverse()
                if isinstance(blob, git.Blob) and blob.path.endswith(".yaml")
            }
            if texts and all("schema_version" not in text for text in texts.values()):
                return {name: texts[name] for name in BUNDLED if name in texts}
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError, KeyError):
        pass
    return {
        name: (REPO / name).read_text(encoding="utf-8").replace(VERSION_LINE + "\n", "", 1)
        for name in BUNDLED
    }


def comments(text: str) -> list[str]:
    """Every comment in a YAML text (full line or end of line), in order."""
    return [m.group(1).strip() for m in re.finditer(r"(?:^|\s)(#.*)$", text, re.MULTILINE)]


@pytest.fixture
def old_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A git repository holding the bundled pilots in version 1, and their texts."""
    init_repo(tmp_path)
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    texts = version_one_texts()
    for name, text in texts.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    monkeypatch.chdir(tmp_path)
    return texts


def test_every_bundled_pilot_from_git_migrates_with_every_comment_kept(
    old_repo: dict[str, str], tmp_path: Path
) -> None:
    assert sorted(old_repo) == BUNDLED
    assert all("schema_version" not in text for text in old_repo.values())

    code, output = run_cli("migrate", "--check")
    assert code == 1
    assert sorted(output.splitlines()) == sorted(
        f"{name}: versjon 1 av filformatet; kjør «bygdevekst migrate»" for name in BUNDLED
    )
    assert all((tmp_path / n).read_text(encoding="utf-8") == t for n, t in old_repo.items())

    code, output = run_cli("migrate")
    assert code == 0, output
    assert len(output.splitlines()) == len(BUNDLED)
    for name, before in old_repo.items():
        after = (tmp_path / name).read_text(encoding="utf-8")
        lines = after.split("\n")
        assert lines[0].startswith("# yaml-language-server: $schema="), name
        assert lines[1] == "schema_version: 2", name
        # nothing else changed but old words where codes now stand (body: formannskap)
        assert "\n".join(lines[:1] + lines[2:]) == recode(before), name
        assert comments(after) == comments(before) and comments(before), name
        assert after == (REPO / name).read_text(encoding="utf-8"), name  # as bundled

    code, output = run_cli("migrate", "--check")
    assert (code, output.strip()) == (0, f"Alt var i versjon 2 ({len(BUNDLED)} filer).")
    code, output = run_cli("validate", "--format", "json")
    assert code == 0, output
    assert "BV016" not in {f["code"] for f in json.loads(output)["findings"]}
    assert list(tmp_path.rglob("*.tmp")) == []


def test_validate_says_to_run_migrate_once_per_old_file(old_repo: dict[str, str]) -> None:
    code, output = run_cli("validate", "pilots/vest-telemark", "--format", "json")
    # version 1 is still read (old git revisions must be); its old words for codes are read
    # as the codes, and are the only errors (BV232), each saying to run migrate
    findings = json.loads(output)["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert code == 1 and errors and {f["code"] for f in errors} == {"BV232"}, output
    assert all("bygdevekst migrate" in f["message"] for f in errors)
    found = [f for f in findings if f["code"] == "BV016"]
    assert sorted(f["file"] for f in found) == [n for n in BUNDLED if "vest-telemark" in n]
    assert {f["severity"] for f in found} == {"warning"}
    assert all("bygdevekst migrate" in f["message"] for f in found)
    for finding in found:  # at the file's first key, where schema_version belongs
        lines = old_repo[finding["file"]].split("\n")
        first_key = next(n for n, line in enumerate(lines, 1) if re.match(r"[a-z_]+:", line))
        assert finding["line"] == first_key, finding


def test_the_bundled_pilots_and_the_test_pilot_are_version_2(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    code, output = run_cli("migrate", "--check")
    assert code == 0, output
    code, output = run_cli("migrate", "--check", str(MINIMAL))
    assert code == 0, output
    for path in [*(REPO / "pilots").rglob("*.yaml"), *MINIMAL.rglob("*.yaml")]:
        assert path.read_text(encoding="utf-8").split("\n")[1] == VERSION_LINE, path
    pilot = Pilot.model_validate(load_yaml(MINIMAL / "pilot.yaml").data)
    assert "schema_version" in pilot.model_fields_set and pilot.schema_version == 2


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("# yaml-language-server: $schema=x\nid: a\n", "# yaml-language-server: $schema=x\n"
         "schema_version: 2\nid: a\n"),
        ("id: a\n", "schema_version: 2\nid: a\n"),
        ("# head\n\n# about id\nid: a\n", "schema_version: 2\n# head\n\n# about id\nid: a\n"),
        ("# yaml-language-server: $schema=x\n# about id\nid: a\n",
         "# yaml-language-server: $schema=x\nschema_version: 2\n# about id\nid: a\n"),
        ("# yaml-language-server: $schema=x\n---\nid: a\n",
         "# yaml-language-server: $schema=x\n---\nschema_version: 2\nid: a\n"),
        ("schema_version: 2\nid: a\n", "schema_version: 2\nid: a\n"),
        ("---\n# yaml-language-server: $schema=x\n# about id\nid: a\n",
         "---\n# yaml-language-server: $schema=x\nschema_version: 2\n# about id\nid: a\n"),
        ("%YAML 1.2\n# yaml-language-server: $schema=x\n---\nid: a\n",
         "%YAML 1.2\n# yaml-language-server: $schema=x\n---\nschema_version: 2\nid: a\n"),
    ],
)  # fmt: skip
def test_the_version_line_goes_below_the_schema_line(before: str, after: str) -> None:
    assert with_version(before) == after


def test_a_file_opening_with_a_start_marker_keeps_one_schema_line_through_migrate_and_fmt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    plan = copy_minimal(tmp_path) / "plans" / "2026.yaml"
    schema_line = plan.read_text(encoding="utf-8").split("\n")[0]
    text = plan.read_text(encoding="utf-8").replace(VERSION_LINE + "\n", "")
    plan.write_text("---\n" + text, encoding="utf-8")

    code, output = run_cli("migrate", "pilots/testdalen")
    assert code == 0, output
    assert plan.read_text(encoding="utf-8").split("\n")[:3] == ["---", schema_line, VERSION_LINE]
    code, output = run_cli("fmt", "pilots/testdalen")
    assert code == 0, output
    lines = plan.read_text(encoding="utf-8").split("\n")
    assert [line for line in lines if line.startswith("# yaml-language-server")] == [schema_line]
    assert lines[:2] == [schema_line, VERSION_LINE]


def test_a_file_of_an_unknown_version_is_named_and_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    path = pilot / "agreement.yaml"
    text = path.read_text(encoding="utf-8").replace(VERSION_LINE, "schema_version: 3")
    path.write_text(text, encoding="utf-8")
    plan = pilot / "plans" / "2026.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(VERSION_LINE + "\n", ""), "utf-8")

    code, output = run_cli("migrate")
    assert code == 1
    assert "pilots/testdalen/agreement.yaml:2: schema_version er «3»" in output
    assert "Traceback" not in output
    assert "Skreiv om pilots/testdalen/plans/2026.yaml frå versjon 1 til 2" in output
    assert path.read_text(encoding="utf-8") == text
    assert plan.read_text(encoding="utf-8").split("\n")[1] == VERSION_LINE

    code, output = run_cli("validate", "pilots/testdalen")
    assert code == 1
    assert re.search(r"agreement\.yaml:2:\d+: feil BV103", output), output


def test_a_broken_file_is_named_with_its_line_and_the_others_are_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    for path in pilot.rglob("*.yaml"):
        path.write_text(path.read_text("utf-8").replace(VERSION_LINE + "\n", ""), "utf-8")
    broken = pilot / "agreement.yaml"
    broken.write_text(broken.read_text("utf-8") + "title: [unclosed\n", "utf-8")
    before = broken.read_text("utf-8")

    code, output = run_cli("migrate")
    assert code == 1
    assert re.search(r"pilots/testdalen/agreement\.yaml:\d+: YAML", output), output
    assert broken.read_text("utf-8") == before
    for name in ("pilot.yaml", "plans/2026.yaml"):
        assert (pilot / name).read_text("utf-8").split("\n")[1] == VERSION_LINE


def test_the_schemas_require_nothing_new_but_name_version_2() -> None:
    for name in ("pilot", "agreement", "plan"):
        schema = json.loads((REPO / "schemas" / f"{name}.schema.json").read_text("utf-8"))
        assert schema["properties"]["schema_version"]["const"] == 2
        assert next(iter(schema["properties"])) == "schema_version"


def test_init_plan_new_and_import_write_version_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn")
    assert code == 0, output
    for name in ("pilot.yaml", "agreement.yaml"):
        text = (tmp_path / "pilots" / "nye-dalen" / name).read_text("utf-8")
        assert text.split("\n")[1] == VERSION_LINE, name

    # plan new from a version 1 plan writes version 2
    pilot = copy_minimal(tmp_path)
    old = pilot / "plans" / "2026.yaml"
    old.write_text(old.read_text("utf-8").replace(VERSION_LINE + "\n", ""), "utf-8")
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 0, output
    written = (pilot / "plans" / "2027.yaml").read_text("utf-8")
    assert written.split("\n")[1] == VERSION_LINE
    assert ActionPlan.model_validate(load_yaml(pilot / "plans" / "2027.yaml").data).year == 2027

    source = tmp_path / "avtale.md"
    build_markdown(source)
    code, output = run_cli("import", "agreement", str(source), "--pilot", "fra-md", "--name", "Md")
    assert code == 0, output
    folder = tmp_path / "pilots" / "fra-md"
    for name in ("pilot.yaml", "agreement.yaml"):
        assert (folder / name).read_text("utf-8").split("\n")[1] == VERSION_LINE, name
    agreement = Agreement.model_validate(load_yaml(folder / "agreement.yaml").data)
    assert "schema_version" in agreement.model_fields_set


def test_a_current_file_with_old_words_is_not_said_to_be_in_an_older_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version 2 file with ``body: formannskap`` (an old word for a code) was «versjon 2
    av filformatet; køyr migrate» and «Skreiv om … frå versjon 2 til 2»."""
    monkeypatch.chdir(tmp_path)
    plan = copy_minimal(tmp_path) / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    assert VERSION_LINE in text
    old = text.replace("body: executive_committee", "body: formannskap", 1)
    plan.write_text(old, encoding="utf-8")
    assert run_cli("migrate", "--check") == (
        1,
        "pilots/testdalen/plans/2026.yaml: har eldre ord der versjon 2 av filformatet har"
        " kodar; køyr «bygdevekst migrate»\n",
    )
    assert plan.read_text(encoding="utf-8") == old
    assert run_cli("migrate") == (
        0,
        "Skreiv om dei eldre orda i pilots/testdalen/plans/2026.yaml til kodar\n",
    )
    assert plan.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("version", ['"2"', "'1'"])
def test_a_version_in_quotation_marks_is_told_as_text_not_as_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str
) -> None:
    """``schema_version: "2"`` was «schema_version er «2»; dette verktøyet kjenner versjon 1
    og 2 (treng du ein nyare versjon av bygdevekst?)»: the version it knows, refused as
    unknown."""
    monkeypatch.chdir(tmp_path)
    plan = copy_minimal(tmp_path) / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8").replace(VERSION_LINE, f"schema_version: {version}")
    plan.write_text(text, encoding="utf-8")
    number = version.strip("\"'")
    assert run_cli("migrate") == (
        1,
        f"bygdevekst: pilots/testdalen/plans/2026.yaml:2: schema_version er teksten «{number}»"
        f" i hermeteikn, ikkje talet {number}; ta bort hermeteikna\n",
    )
    assert plan.read_text(encoding="utf-8") == text
