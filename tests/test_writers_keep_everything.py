"""The commands that write pilot files (``fmt``, ``migrate``, ``plan new``, ``import``) lose
nothing: every comment and value survives, a second run changes nothing, a refusal leaves the
file as it was. The inputs are YAML as people write it, not as the tool writes it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from bygdevekst_cli.editing import roundtrip
from tests.helpers import MINIMAL, SEEDS, copy_minimal, run_cli
from tests.test_import_layouts import SEED, VT
from tests.test_import_robustness import imports_as_bundled

PLAN = (MINIMAL / "plans" / "2026.yaml").read_text(encoding="utf-8")
OVERALL = "overall: Året har gått som planlagt."


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


def data_of(raw: bytes) -> object:
    """The file's data as plain values, read by a YAML 1.2 loader of its own."""
    return YAML(typ="safe", pure=True).load(raw.decode("utf-8-sig"))


def comment_texts(raw: bytes) -> Counter[str]:
    return Counter(text for _, text in roundtrip.comments(raw.decode("utf-8-sig")))


def plan_file(tmp_path: Path, text: str | bytes) -> Path:
    path = copy_minimal(tmp_path) / "plans" / "2026.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def fmt_keeps_everything(path: Path) -> bytes:
    """Run ``fmt`` twice on ``path``: same data, every comment, the same bytes the second time."""
    before = path.read_bytes()
    code, output = run_cli("fmt", str(path))
    assert code == 0, output
    after = path.read_bytes()
    assert data_of(after) == data_of(before)
    assert comment_texts(after) >= comment_texts(before)
    code, output = run_cli("fmt", str(path))
    assert code == 0, output
    assert path.read_bytes() == after
    return after


# --- fmt ---------------------------------------------------------------------------------

HELD = {
    "bom-crlf": ("\ufeff" + PLAN).replace("\n", "\r\n"),
    "no-final-newline": PLAN.rstrip("\n"),
    "trailing-spaces": PLAN.replace("\n", "   \n"),
    "keep-chomping": PLAN.replace(
        OVERALL, "overall: |+\n    Linje 1\n      innrykk\n\n  # etter\n"
    ),
    "indentation-indicator": PLAN.replace(OVERALL, "overall: |2-\n      innrykka\n    vanleg\n"),
    "folded": PLAN.replace(OVERALL, "overall: >-\n    Ein lang\n    tekst\n\n    avsnitt\n"),
    "multi-line-plain": PLAN.replace(OVERALL, "overall: Året har\n    gått som\n    planlagt."),
    "escapes": PLAN.replace(OVERALL, 'overall: "Tab\\there \\u00e6 \\U0001F600 ny\\nlinje"'),
    "single-quoted": PLAN.replace(OVERALL, "overall: 'Året ''har'' gått # ikkje kommentar'"),
    "flow-mapping": PLAN.replace(
        "      2027:\n        state_measure_funds: 300000",
        "      2027: {state_measure_funds: 300000}  # flyt",
    ),
    "odd-indentation": PLAN.replace("\n  ", "\n    "),
    "sami-emoji": PLAN.replace("Nettverk for næringane", "Čáhppes ŋ đ – næringane 🎉"),
    "numbers-and-words": PLAN.replace("amount: 18000000", "amount: 18_000_000")
    + "x_words: [yes, on, no, off, ~, null, 0o17, 1e6, 2026-01-01, 2026-01-01 10:00]\n"
    + "x_empty:\n",
    "comments-between-items": PLAN.replace(
        '  - id: "2.1"', '  # mellom tiltak\n\n      # rart innrykk\n  - id: "2.1"'
    ),
}


@pytest.mark.parametrize("name", sorted(HELD))
def test_fmt_keeps_data_and_comments_of_yaml_as_people_write_it(tmp_path: Path, name: str) -> None:
    fmt_keeps_everything(plan_file(tmp_path, HELD[name]))


def test_fmt_keeps_the_comments_beyond_the_document_markers(tmp_path: Path) -> None:
    """The round-trip parser drops comments above ``---`` and below ``...``."""
    text = "# Handlingsplan 2026\n# frå saka\n--- # start\n" + PLAN + "... # slutt\n# etter alt\n"
    after = fmt_keeps_everything(plan_file(tmp_path, text)).decode("utf-8")
    for comment in ("# Handlingsplan 2026", "# frå saka", "# start", "# slutt", "# etter alt"):
        assert comment in after


def test_fmt_keeps_the_comments_around_a_yaml_directive(tmp_path: Path) -> None:
    text = "# Handlingsplan\n%YAML 1.2  # versjonen\n# før start\n---\n" + PLAN
    after = fmt_keeps_everything(plan_file(tmp_path, text)).decode("utf-8")
    assert "%YAML" not in after and "---" not in after


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (
            "[husbanken]",
            "[\n      husbanken,  # partnar\n    ]",
            "2026.yaml:11: kommentaren «# partnar»",
        ),
        (
            OVERALL,
            "overall:\n    # før verdien\n    Året.",
            "2026.yaml:35: kommentaren «# før verdien»",
        ),
    ],
)
def test_fmt_refuses_to_drop_a_comment_the_parser_cannot_place(
    tmp_path: Path, old: str, new: str, where: str
) -> None:
    """Inside a multi-line flow list, or between a key and its value on the next line."""
    text = PLAN.replace(old, new)
    path = plan_file(tmp_path, text)
    for args in (("fmt", "--check", str(path)), ("fmt", str(path))):
        code, output = run_cli(*args)
        assert code == 1
        assert f"{where} ville ha gått tapt" in output
        assert "Traceback" not in output
        assert path.read_bytes() == text.encode("utf-8")


def test_comments_are_told_from_hashes_in_text() -> None:
    text = (
        '# topp\na: "x # tekst"  # ja\nb: |  # hovud\n  tekst # nei\n'
        "c: [1, # i lista\n  2]\nd: ord#ord\ne: 'q # nei'\n"
    )
    assert roundtrip.comments(text) == [
        (1, "# topp"),
        (2, "# ja"),
        (5, "# i lista"),
    ]


# --- migrate -----------------------------------------------------------------------------

VERSION_ONE = PLAN.replace("schema_version: 2\n", "")


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_migrate_keeps_crlf_line_ends_and_the_byte_order_mark(tmp_path: Path, bom: str) -> None:
    path = plan_file(tmp_path, (bom + VERSION_ONE).replace("\n", "\r\n").encode("utf-8"))
    code, output = run_cli("migrate", str(path))
    assert code == 0, output
    assert path.read_bytes() == (bom + PLAN).replace("\n", "\r\n").encode("utf-8")
    code, output = run_cli("migrate", "--check", str(path))
    assert code == 0, output


def test_migrate_refuses_a_file_written_as_one_flow_mapping(tmp_path: Path) -> None:
    path = plan_file(tmp_path, "{year: 2026, measures: []}\n")
    code, output = run_cli("migrate", str(path))
    assert code == 1
    assert "2026.yaml: kan ikkje leggje til schema_version" in output
    assert path.read_bytes() == b"{year: 2026, measures: []}\n"


@pytest.mark.parametrize("head", ["%YAML 1.2\n---\n", "# Plan\n--- # start\n"])
def test_migrate_puts_the_version_below_the_document_start(tmp_path: Path, head: str) -> None:
    """Above ``---`` the line broke a file with a ``%YAML`` directive (migrate refused it);
    it goes below the editor's schema line there too (see test_migrate)."""
    path = plan_file(tmp_path, head + VERSION_ONE)
    code, output = run_cli("migrate", str(path))
    assert code == 0, output
    schema_line, rest = VERSION_ONE.split("\n", 1)
    assert schema_line.startswith("# yaml-language-server: $schema=")
    assert path.read_text(encoding="utf-8") == f"{head}{schema_line}\nschema_version: 2\n{rest}"


OLD_WORD_IN_FLOW = PLAN.replace(
    "  - party: fyresdal\n    body: executive_committee\n    date: 2026-01-28\n"
    "    case_number: 26/10\n    outcome: adopted\n",
    "  - {party: fyresdal, body: formannskap, date: 2026-01-28, outcome: adopted}\n",
)


@pytest.mark.parametrize("check", [True, False])
def test_migrate_names_an_old_word_it_cannot_rewrite(tmp_path: Path, check: bool) -> None:
    """validate (BV232) says «run migrate»; migrate said every file was current."""
    path = plan_file(tmp_path, OLD_WORD_IN_FLOW)
    code, output = run_cli("migrate", *(["--check"] if check else []), str(path))
    assert code == 1
    assert "2026.yaml:47: «formannskap» kan ikkje skrivast om til «executive_committee»" in output
    assert path.read_text(encoding="utf-8") == OLD_WORD_IN_FLOW


# --- plan new ----------------------------------------------------------------------------


def test_plan_new_from_a_plan_that_names_its_version_after_the_year(tmp_path: Path) -> None:
    plan_file(
        tmp_path,
        PLAN.replace("schema_version: 2\nyear: 2026\n", "year: 2026\n# v\nschema_version: 2\n"),
    )
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 0, output
    new = (tmp_path / "pilots" / "testdalen" / "plans" / "2027.yaml").read_text(encoding="utf-8")
    assert new.count("schema_version:") == 1
    assert "year: 2027\n# v\nschema_version: 2\n" in new
    code, output = run_cli("validate", "pilots/testdalen")
    assert code == 0, output


def test_plan_new_refuses_to_drop_a_comment_inside_a_flow_list(tmp_path: Path) -> None:
    plan_file(tmp_path, PLAN.replace("[husbanken]", "[\n      husbanken,  # partnar\n    ]"))
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 1
    assert "2026.yaml:11: kommentaren «# partnar» ville ha gått tapt" in output
    assert not (tmp_path / "pilots" / "testdalen" / "plans" / "2027.yaml").exists()


def test_plan_new_keeps_the_comments_beyond_the_document_markers(tmp_path: Path) -> None:
    plan_file(tmp_path, "# Handlingsplan\n---\n" + PLAN + "...\n# etter alt\n")
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 0, output
    new = (tmp_path / "pilots" / "testdalen" / "plans" / "2027.yaml").read_text(encoding="utf-8")
    assert "# Handlingsplan\n" in new and new.endswith("# etter alt\n")


# --- import ------------------------------------------------------------------------------


def _every(step: int, mark: Callable[[str], str]) -> Callable[[list[str]], list[str]]:
    return lambda lines: [mark(line) if i % step == 0 else line for i, line in enumerate(lines)]


EXPORTS: dict[str, Callable[[list[str]], list[str]]] = {
    "page-breaks-in-lines": _every(40, lambda line: line.replace(" ", " \f", 1)),
    "line-separators": lambda lines: ["\u2028".join(lines[:30]), *lines[30:]],
    "paragraph-separators": lambda lines: ["\u2029".join(lines[:30]), *lines[30:]],
    "control-characters": _every(25, lambda line: f"{line}\x7f\x1b\x9b"),
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_import_of_a_text_export_with_page_breaks_and_control_characters(
    tmp_path: Path, name: str
) -> None:
    """A page break (form feed) inside a line, Unicode line ends, control characters: none
    may reach YAML (they made ``import`` refuse the file, naming a line of the YAML it had
    written as if it were a line of the source)."""
    lines = (SEEDS / SEED[VT]).read_text(encoding="utf-8").split("\n")
    source = tmp_path / "avtale.txt"
    source.write_text("\n".join(EXPORTS[name](lines)), encoding="utf-8")
    imports_as_bundled(tmp_path, source, VT)
