"""Damaged pilot folders through every command that reads pilot files.

A seeded, deterministic sweep: each case copies a real pilot, damages it (bytes, YAML,
model, folder), and runs the real CLI on it. Whatever the damage, a command must exit with
a documented code and no traceback, name the damaged file (or its pilot) when it fails,
leave the pilot folder as it was unless it writes on purpose, and leave no temporary file.

Not covered: a file without read permission (the tests may run as root, whom ``chmod``
does not stop).
"""

from __future__ import annotations

import os
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner, Result

from bygdevekst_cli.cli import app
from tests.gitrepo import commit, pilot_repo
from tests.helpers import DATA, tree

SEED = 20261201
Damage = Callable[[Path, random.Random], Path]
"""Damages the pilot folder it is given; returns the path it damaged."""

BOMB = "lol:\n" + "".join(
    f"  {name}: &{name} [{', '.join([f'*{prev}' if prev else 'x'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)
"""A "billion laughs": nine levels of aliases, 9**9 leaves when expanded."""


def _yaml_files(pilot: Path, name: str | None) -> list[Path]:
    files = sorted(p for p in pilot.rglob("*.yaml") if p.is_file())
    if name == "plan":
        return [p for p in files if p.parent.name == "plans"]
    return [p for p in files if p.name == name] if name else files


def on_bytes(change: Callable[[bytes, random.Random], bytes], name: str | None = None) -> Damage:
    def damage(pilot: Path, rng: random.Random) -> Path:
        target = rng.choice(_yaml_files(pilot, name))
        target.write_bytes(change(target.read_bytes(), rng))
        return target

    return damage


def on_text(change: Callable[[str], str], name: str | None = None) -> Damage:
    return on_bytes(lambda raw, _rng: change(raw.decode("utf-8")).encode("utf-8"), name)


def _truncate(raw: bytes, rng: random.Random) -> bytes:
    return raw[: rng.randrange(1, len(raw))]


def _flip(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(3):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def _replace_file(make: Callable[[Path], None]) -> Damage:
    def damage(pilot: Path, rng: random.Random) -> Path:
        target = rng.choice(_yaml_files(pilot, None))
        target.unlink()
        make(target)
        return target

    return damage


def _new_file(relative: str, make: Callable[[Path], None]) -> Damage:
    def damage(pilot: Path, _rng: random.Random) -> Path:
        target = pilot / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        make(target)
        return target

    return damage


def _rename_plan(name: str) -> Damage:
    def damage(pilot: Path, _rng: random.Random) -> Path:
        plan = _yaml_files(pilot, "plan")[0]
        return plan.rename(plan.with_name(name))

    return damage


def _no_file(name: str) -> Damage:
    def damage(pilot: Path, _rng: random.Random) -> Path:
        (pilot / name).unlink()
        return pilot / name

    return damage


def _sub(pattern: str, new: str) -> Callable[[str], str]:
    return lambda text: re.sub(pattern, new, text, count=1, flags=re.MULTILINE)


DAMAGES: dict[str, Damage] = {
    # bytes
    "truncated": on_bytes(_truncate),
    "bits flipped": on_bytes(_flip),
    "invalid UTF-8": on_bytes(lambda raw, _: raw.replace(b"\n", b" \xff\xc3\n", 3)),
    "UTF-16 with BOM": on_bytes(lambda raw, _: raw.decode().encode("utf-16")),
    "UTF-16 without BOM": on_bytes(lambda raw, _: raw.decode().encode("utf-16-le")),
    "NUL byte": on_bytes(lambda raw, rng: raw.replace(b"\n", b"\x00\n", 2)),
    "CR line ends": on_bytes(lambda raw, _: raw.replace(b"\n", b"\r"), "plan"),
    "2 MB": on_bytes(lambda raw, _: raw + (b"# " + b"x" * 998 + b"\n") * 2100),
    "empty": on_bytes(lambda raw, _: b""),
    "a folder": _replace_file(lambda p: p.mkdir()),
    "symlink loop": _replace_file(lambda p: p.symlink_to(p.name)),
    "dangling symlink": _replace_file(lambda p: p.symlink_to("nowhere.yaml")),
    # YAML
    "tab indent": on_text(_sub(r"^  (\w)", "\t\\1")),
    "billion laughs": on_text(lambda text: text + BOMB),
    "alias": on_text(lambda text: text + "x_anchor: &a {b: 1}\nx_alias: *a\n"),
    "python tag": on_text(_sub(r"^schema_version: 2", "schema_version: !!python/object:os.system")),
    "duplicate key": on_text(_sub(r"^(schema_version: 2\n)", "\\1schema_version: 3\n")),
    "deep nesting": on_text(lambda text: text + "deep: " + "[" * 1500 + "]" * 1500 + "\n"),
    "list at the top": on_text(lambda text: "- " + text.replace("\n", "\n  ")),
    "odd keys": on_text(lambda text: text + "123: a\n2025-01-01: b\n~: c\ntrue: d\n? [e]\n: f\n"),
    "control characters": on_text(_sub(r"title: ", "title: a\x07b\x1b ")),
    "escaped control characters": on_text(_sub(r"title: (.*)$", 'title: "\\1\\\\0\\\\e"')),
    "long string": on_text(_sub(r"title: ", "title: " + "æ" * 100_000)),
    # model
    "year as text": on_text(_sub(r"^year: \d+", "year: tjuetjueseks"), "plan"),
    "year as float": on_text(_sub(r"^year: \d+", "year: 2026.5"), "plan"),
    "year out of range": on_text(_sub(r"^year: \d+", "year: 99999999999999999999"), "plan"),
    "negative amount": on_text(
        _sub(r"state_measure_funds: \d+", "state_measure_funds: -5"), "plan"
    ),
    "huge amount": on_text(_sub(r"state_measure_funds: \d+", "state_measure_funds: 1e400")),
    "weight as list": on_text(_sub(r"weight: \d+", "weight: [60]"), "agreement.yaml"),
    "budget year not a year": on_text(_sub(r"^(\s+)20\d\d:$", "\\1abcd:"), "plan"),
    "missing year": on_text(_sub(r"^year: \d+\n", ""), "plan"),
    "unknown party": on_text(_sub(r"responsible: \w+", "responsible: ingen"), "plan"),
    "measure id twice": on_text(_sub(r'id: "2.1"', 'id: "1.1"'), "plan"),
    "plan year outside the period": on_text(_sub(r"^year: \d+", "year: 2040"), "plan"),
    "parties as mapping": on_text(
        _sub(r"^parties:\n", "parties: {a: 1}\nx_parties:\n"), "pilot.yaml"
    ),
    # folders
    "plans/abcd.yaml": _rename_plan("abcd.yaml"),
    "plans/20255.yaml": _rename_plan("20255.yaml"),
    "plan named with space and æøå": _rename_plan("plan år 2026.yaml"),
    "upper-case extension": _rename_plan("2027.YAML"),
    "no pilot.yaml": _no_file("pilot.yaml"),
    "no agreement.yaml": _no_file("agreement.yaml"),
    "stray files": _new_file("plans/notat.yaml", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n")),
    "empty plans folder": _new_file("plans", lambda p: [f.unlink() for f in p.glob("*")]),
}


def run(args: list[str], cwd: Path) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, args)
    finally:
        os.chdir(old)


def assert_handled(result: Result, damaged: Path, pilot: Path, codes: set[int]) -> None:
    """No traceback, a documented exit code, and the damaged file (or its pilot) named."""
    shown = f"{result.output}\n{result.exception!r}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(shown) from result.exception
    assert "Traceback" not in result.output, shown
    assert result.exit_code in codes, shown
    if result.exit_code != 0:
        names = (damaged.name, pilot.name)
        assert any(name in result.output for name in names), shown


def commands(pilot: str, out: Path) -> list[tuple[list[str], set[int]]]:
    """The commands that read a pilot folder, with the exit codes each documents (2: a
    folder with no pilot.yaml is no pilot, a usage error)."""
    return [
        (["validate", pilot], {0, 1}),
        (["validate", pilot, "-f", "sarif", "--whole-pilots"], {0, 1}),
        (["diff", pilot, "--from", "2026", "--to", "2027", "-f", "json"], {0, 1, 2}),
        (["render", "plan", pilot, "-f", "md,html", "-o", str(out)], {0, 1, 2}),
        (["render", "agreement", pilot, "--draft", "-o", "-"], {0, 1, 2}),
        (["fmt", "--check", pilot], {0, 1}),
        (["migrate", "--check", pilot], {0, 1}),
        (["overview", pilot, "-f", "json"], {0, 1}),
    ]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache of the test's own, outside the folder whose tree it compares; no CI
    environment (``check`` would annotate for GitHub and write its step summary)."""
    monkeypatch.setenv("BYGDEVEKST_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_a_damaged_pilot_is_reported_never_a_crash(kind: str, tmp_path: Path) -> None:
    rng = random.Random(f"{SEED}-{kind}")
    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(DATA / "fullpilot", pilot)
    damaged = DAMAGES[kind](pilot, rng)
    before = tree(pilot)
    for args, codes in commands("pilots/testdalen", tmp_path / "out"):
        result = run(args, tmp_path)
        assert_handled(result, damaged, pilot, codes)
        assert tree(pilot) == before, args
    for args in (["migrate", "pilots/testdalen"], ["fmt", "pilots/testdalen"]):
        result = run(args, tmp_path)
        assert_handled(result, damaged, pilot, {0, 1})
        assert set(tree(pilot)) == set(before), f"files came or went: {args}"
        if result.exit_code != 0 and damaged.is_file() and not damaged.is_symlink():
            assert (
                tree(pilot)[str(damaged.relative_to(pilot))]
                == before[str(damaged.relative_to(pilot))]
            ), f"{args} changed the file it could not read"


GIT_DAMAGES = [
    "truncated",
    "invalid UTF-8",
    "symlink loop",
    "billion laughs",
    "deep nesting",
    "plans/abcd.yaml",
    "a folder",
]


@pytest.mark.parametrize("kind", GIT_DAMAGES)
def test_a_committed_damage_is_reported_by_check_and_history(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    base = repo.head.commit.hexsha
    root = Path(repo.working_dir)
    pilot = root / "pilots" / "testdalen"
    damaged = DAMAGES[kind](pilot, random.Random(f"{SEED}-{kind}"))
    commit(repo, f"Skada: {kind}")
    before = tree(root)
    for args in (
        *(["check", "--base", base, "-f", fmt] for fmt in ("text", "json", "sarif", "github")),
        ["check", "--base", base, "--head", "HEAD", "-f", "gitlab"],
        ["history", "pilots/testdalen", "-f", "json"],
        ["diff", "pilots/testdalen", "--base", base],
    ):
        result = run(args, root)
        assert_handled(result, damaged, pilot, {0, 1, 2})
        assert tree(root) == before, args
    assert not git.Repo(root).is_dirty(untracked_files=True)


@pytest.mark.parametrize("command", ["fmt", "migrate"])
def test_the_rewriting_commands_refuse_an_alias_with_file_and_line(
    command: str, tmp_path: Path
) -> None:
    """The validating loader refuses aliases (BV005); the commands that rewrite a file refuse
    them too, rather than walk a shared node once per reference (a billion laughs)."""
    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(DATA / "minimal", pilot)
    agreement = pilot / "agreement.yaml"
    text = agreement.read_text(encoding="utf-8").replace("schema_version: 2\n", "")
    agreement.write_text(text + "x_anchor: &a {b: 1}\nx_alias: *a\n", encoding="utf-8")
    before = agreement.read_bytes()
    line = before.decode().splitlines().index("x_alias: *a") + 1
    result = run([command, "pilots/testdalen"], tmp_path)
    assert result.exit_code == 1, result.output
    where = f"pilots/testdalen/agreement.yaml:{line}"
    expected = f"{where}: Alias *a er ikkje tillate; skriv verdien ut"
    assert expected in result.output
    assert agreement.read_bytes() == before


@pytest.mark.parametrize("args", [["fmt"], ["migrate"], ["migrate", "--check"]])
def test_a_file_that_cannot_be_read_is_not_counted_as_in_order(
    args: list[str], tmp_path: Path
) -> None:
    """«Alt var i fast form (4 filer)» under an error about one of those four files would
    contradict it: with an unreadable file there is the error and exit 1, no such summary."""
    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(DATA / "fullpilot", pilot)
    with (pilot / "plans" / "2027.yaml").open("a", encoding="utf-8") as plan:
        plan.write("year: [\n")
    result = run([*args, "pilots/testdalen"], tmp_path)
    assert result.exit_code == 1
    assert "pilots/testdalen/plans/2027.yaml:" in result.stderr
    assert result.stdout == ""


def test_escaped_control_characters_are_an_error_not_a_broken_document(tmp_path: Path) -> None:
    """A quoted YAML string can spell control characters («\\0», «\\x07»), which XML forbids:
    they are a finding at their line, and no DOCX is written (lxml refused it mid-document)."""
    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(DATA / "minimal", pilot)
    plan = pilot / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    old = "title: Kartlegging av bustadbehov"
    plan.write_text(text.replace(old, 'title: "Kartlegging\\x07 av\\0 bustadbehov"'), "utf-8")
    line = text.splitlines().index(f"    {old}") + 1
    result = run(["validate", "pilots/testdalen"], tmp_path)
    assert result.exit_code == 1, result.output
    assert f"pilots/testdalen/plans/2026.yaml:{line}:12: feil BV103 measures[id «1.1»].title: " in (
        result.output
    )
    assert "kontrollteikn" in result.output  # the pilot writes Nynorsk
    for draft in ([], ["--draft"]):
        result = run(["render", "plan", "pilots/testdalen", "-f", "docx", *draft], tmp_path)
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert f"pilots/testdalen/plans/2026.yaml:{line}" in result.output
    assert not (tmp_path / "out").exists()


def test_a_plan_saved_with_an_upper_case_extension_is_reported(tmp_path: Path) -> None:
    """``plans/2026.YAML`` (a case-blind file system lets it be) was passed over in silence:
    «Ingen feil», and the year's plan simply absent. It is listed now, with the name a plan
    must have."""
    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(DATA / "minimal", pilot)
    (pilot / "plans" / "2026.yaml").rename(pilot / "plans" / "2026.YAML")
    result = run(["validate", "pilots/testdalen"], tmp_path)
    assert (
        "pilots/testdalen/plans/2026.YAML: åtvaring BV013 Dette ser ut som handlingsplanen for 2026"
        in result.output
    )
    assert "3 filer kontrollert" in result.output


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f"])
def test_a_control_character_in_the_file_is_named_with_its_line(char: str, tmp_path: Path) -> None:
    """The parsers refuse a raw control character with an offset into the stream and an
    English text on two lines; the message names the file, line and column instead."""
    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(DATA / "minimal", pilot)
    plan = pilot / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("    title: Nettverk", f"    title: Nett{char}verk"), "utf-8")
    line = text.splitlines().index("    title: Nettverk for næringane") + 1
    code = f"U+{ord(char):04X}"
    result = run(["validate", "pilots/testdalen"], tmp_path)
    expected = f"pilots/testdalen/plans/2026.yaml:{line}:16: feil BV001 Fila har eit teikn som"
    assert expected in result.output
    assert code in result.output
    for command in ("fmt", "migrate"):
        result = run([command, "pilots/testdalen"], tmp_path)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"bygdevekst: pilots/testdalen/plans/2026.yaml:{line}: ")
        assert code in result.stderr
        assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["render", "plan", "pilots/testdalen", "-f", "html", "-o", "plan.html"],
        ["overview", "pilots/testdalen", "-f", "html", "-o", "plan.html"],
    ],
)
def test_an_output_path_that_is_a_folder_is_refused_in_one_line(
    args: list[str], tmp_path: Path
) -> None:
    """Replacing a folder with the written file failed in ``os.replace``: a traceback, and
    the temporary file left beside it."""
    shutil.copytree(DATA / "minimal", tmp_path / "pilots" / "testdalen")
    folder = tmp_path / "plan.html"
    folder.mkdir()
    (folder / "inni.txt").write_text("behald", encoding="utf-8")
    before = tree(tmp_path)
    result = run(args, tmp_path)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "bygdevekst: plan.html: kan ikkje skrive fila (" in result.stderr
    assert tree(tmp_path) == before


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nb", "Ugyldig verdi «xx»; tillatt er nn eller nb"),
        ("nn", "Ugyldig verdi «xx»; tillate er nn eller nb"),
        ("en", "Invalid value «xx»; the allowed values are nn or nb"),
    ],
)
def test_the_allowed_values_are_listed_in_the_sentences_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, said: str
) -> None:
    """pydantic lists a choice's values in English («'nn' or 'nb'»)."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(DATA / "minimal", pilot)
    (pilot / "pilot.yaml").write_text(
        (pilot / "pilot.yaml").read_text("utf-8").replace("language: nn", "language: xx"), "utf-8"
    )
    result = run(["validate", "pilots/testdalen"], tmp_path)
    assert f"language: {said}\n" in result.output


@pytest.mark.parametrize("args", [["fmt", "--check"], ["fmt"], ["migrate"]])
def test_a_file_too_large_to_validate_is_not_rewritten(args: list[str], tmp_path: Path) -> None:
    """validate refuses a file over 1 MiB (BV007); fmt and migrate read it with the pure
    Python parser, a second a megabyte, and called 10 MB of comments canonical."""
    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(DATA / "minimal", pilot)
    plan = pilot / "plans" / "2026.yaml"
    with plan.open("a", encoding="utf-8") as stream:
        stream.write(("# " + "x" * 1000 + "\n") * 1100)
    before = plan.read_bytes()
    result = run([*args, "pilots/testdalen"], tmp_path)
    assert result.exit_code == 1, result.output
    size = f"{len(before):,}".replace(",", "\xa0")
    expected = f"bygdevekst: pilots/testdalen/plans/2026.yaml:1: Fila er for stor: {size} byte, og"
    assert result.stderr.startswith(expected)
    assert plan.read_bytes() == before
