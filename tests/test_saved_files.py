"""Pilot files as editors on Windows, macOS and the web really save them: each is read
right, or refused with the file, the line and the column where the editor shows it, in the
catalogue's words; and the commands that rewrite a file keep its line endings and byte
order mark."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import unicodedata
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, console_script, copy_minimal, edit, line_of, run_cli

PLAN = (MINIMAL / "plans" / "2026.yaml").read_text(encoding="utf-8")
VERSION_ONE = PLAN.replace("schema_version: 2\n", "")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    monkeypatch.setenv("BYGDEVEKST_NO_CACHE", "1")


def plan_file(tmp_path: Path, raw: bytes) -> Path:
    path = copy_minimal(tmp_path) / "plans" / "2026.yaml"
    path.write_bytes(raw)
    return path


def findings_of(path: Path) -> list[tuple[str, int | None, int | None, str]]:
    """``(code, line, column, message)`` of every finding ``validate`` reports for ``path``."""
    code, output = run_cli("validate", str(path.parent.parent), "--format", "json")
    assert code in (0, 1), output
    return [
        (f["code"], f["line"], f["column"], f["message"])
        for f in json.loads(output)["findings"]
        if f["file"].endswith(path.name)
    ]


# --- line endings ------------------------------------------------------------------------

OLD_MAC = PLAN.replace("\n", "\r")
"""A file whose lines end in CR alone (classic Mac OS, and some web forms' exports)."""


def test_a_file_with_lone_cr_line_ends_reads_as_the_same_file_with_lf(tmp_path: Path) -> None:
    """Its first line was the whole file, so the schema line «did not point at the plan's
    schema» (BV213) although it was the same line as in the LF file."""
    path = plan_file(tmp_path, OLD_MAC.encode("utf-8"))
    assert findings_of(path) == []


@pytest.mark.parametrize(
    ("damage", "code", "column"),
    [
        (b"n\xe6ringane", "BV008", 26),  # Latin-1 «æ» in a UTF-8 file
        (b"n\x00\xc3\xa6ringane", "BV001", 26),  # NUL
        (b"n\xc3\xa6ringane\r  \tx: 1", "BV002", 3),  # a tab in the next line's indentation
    ],
)
def test_a_fault_in_a_file_with_lone_cr_line_ends_is_on_the_editors_line(
    tmp_path: Path, damage: bytes, code: str, column: int
) -> None:
    """The line was counted by LF alone: every fault stood on line 1, column 500 or so."""
    raw = OLD_MAC.encode("utf-8").replace("næringane".encode(), damage)
    path = plan_file(tmp_path, raw)
    line = 23 if code != "BV002" else 24
    assert [(c, ln, col) for c, ln, col, _ in findings_of(path)] == [(code, line, column)]
    if code == "BV008":
        code_, output = run_cli("fmt", str(path))
        assert code_ == 1
        assert f"2026.yaml:{line}:" in output
        assert path.read_bytes() == raw


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (VERSION_ONE.replace("\n", "\r"), PLAN.replace("\n", "\r")),
        ("\ufeff" + VERSION_ONE.replace("\n", "\r"), "\ufeff" + PLAN.replace("\n", "\r")),
        (VERSION_ONE.rstrip("\n"), PLAN.rstrip("\n")),
    ],
    ids=["cr", "bom-cr", "no-final-newline"],
)
def test_migrate_keeps_lone_cr_line_ends(tmp_path: Path, before: str, after: str) -> None:
    """The file came back with LF throughout: every line changed in the diff."""
    path = plan_file(tmp_path, before.encode("utf-8"))
    code, output = run_cli("migrate", str(path))
    assert code == 0, output
    assert path.read_bytes() == after.encode("utf-8")


def test_migrate_keeps_each_lines_own_end_in_a_file_of_mixed_line_ends(tmp_path: Path) -> None:
    """A file saved on Windows and then edited on a Mac (three lines end in LF)."""
    lines = VERSION_ONE.split("\n")
    ends = ["\n" if 10 <= number < 13 else "\r\n" for number in range(len(lines) - 1)] + [""]
    before = "".join(line + end for line, end in zip(lines, ends, strict=True))
    path = plan_file(tmp_path, before.encode("utf-8"))
    code, output = run_cli("migrate", str(path))
    assert code == 0, output
    # the new line ends as most lines do; every other line keeps its own end
    head, rest = before.split("\r\n", 1)
    assert path.read_bytes() == (head + "\r\nschema_version: 2\r\n" + rest).encode("utf-8")


# --- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_file_notepad_saved_as_unicode_is_named_as_utf16(tmp_path: Path, encoding: str) -> None:
    """It was «not UTF-8 (byte 0xff)» on line 1: true, and no help to find Notepad's choice."""
    raw = ("\ufeff" + PLAN).encode(encoding)
    path = plan_file(tmp_path, raw)
    [(code, line, column, message)] = findings_of(path)
    assert (code, line, column) == ("BV008", 1, 1)
    assert message == "Fila er lagra som UTF-16 («Unicode» i Notisblokk); lagre ho som UTF-8"
    for command in ("fmt", "migrate"):
        exit_code, output = run_cli(command, str(path))
        assert exit_code == 1
        assert f"2026.yaml:1: {message}" in output
        assert path.read_bytes() == raw


@pytest.mark.parametrize(
    ("encoding", "order", "ascii_only"),
    [("utf-16-le", "LE", False), ("utf-16-be", "BE", False), ("utf-16-le", "LE", True)],
)
def test_a_file_saved_as_utf16_without_a_bom_is_named_as_such(
    tmp_path: Path, encoding: str, order: str, ascii_only: bool
) -> None:
    """Before: «not UTF-8 (byte 0xe6)» at a line and column of the bytes that mean nothing
    in the editor, or, for a file of ASCII alone (valid UTF-8 with a zero byte in every
    other place), a control character U+0000 on line 1."""
    text = PLAN.encode("ascii", "replace").decode() if ascii_only else PLAN
    raw = text.encode(encoding)
    path = plan_file(tmp_path, raw)
    [(code, line, column, message)] = findings_of(path)
    assert (code, line, column) == ("BV008", 1, 1)
    assert message == (
        f"Fila er lagra som UTF-16 {order} utan BOM (byte-rekkjefølgjemerke), ikkje som UTF-8;"
        " opne ho i Notisblokk og vel «Lagre som» med koding UTF-8"
    )
    exit_code, output = run_cli("fmt", str(path))
    assert exit_code == 1
    assert f"2026.yaml:1: {message}" in output
    assert path.read_bytes() == raw


def test_a_file_saved_as_ansi_names_windows_1252_and_the_letter(tmp_path: Path) -> None:
    """Notepad's «ANSI» (Windows-1252, Latin-1 with more): before, «not UTF-8 (byte 0xe6)»,
    which a secretariat cannot connect to the «æ» it typed."""
    raw = PLAN.encode("cp1252")
    path = plan_file(tmp_path, raw)
    line = next(n for n, text in enumerate(PLAN.splitlines(), 1) if "æ" in text)
    [(code, at, _, message)] = findings_of(path)
    assert (code, at) == ("BV008", line)
    assert message == (
        "Fila er ikkje UTF-8, men ser ut til å vere lagra som Windows-1252 («ANSI» i"
        " Notisblokk): byte 0xe6 er «æ» der; lagre ho som UTF-8"
    )


@pytest.mark.parametrize(("typed", "byte"), [("\u2013", "96"), ("\u201c", "93"), ("\u2026", "85")])
def test_a_word_processors_dash_or_quote_saved_as_ansi_names_windows_1252(
    tmp_path: Path, typed: str, byte: str
) -> None:
    """Before: «not UTF-8 (byte 0x96)» for the «–» Word or Outlook put in the text."""
    text = PLAN.replace("\n", f" {typed}\n", 1)
    raw = text.encode("cp1252")
    [(code, at, _, message)] = findings_of(plan_file(tmp_path, raw))
    assert (code, at) == ("BV008", 1)
    assert message == (
        "Fila er ikkje UTF-8, men ser ut til å vere lagra som Windows-1252 («ANSI» i"
        f" Notisblokk): byte 0x{byte} er «{typed}» der; lagre ho som UTF-8"
    )


@pytest.mark.parametrize(
    ("encoding", "named", "byte"),
    [
        (
            "mac_roman",
            "Mac Roman (frå eit eldre Mac-program, som Word eller Excel for Mac)",
            "be",
        ),
        ("cp850", "DOS (kodeside 850)", "91"),
    ],
)
def test_a_file_saved_by_an_old_mac_or_dos_program_names_its_code_page(
    tmp_path: Path, encoding: str, named: str, byte: str
) -> None:
    """Before, a Mac Roman plan: «Windows-1252 … byte 0xbe er «¾» der», for its «æ»; with
    an «Å» (0x81, which Windows-1252 lacks), only «not UTF-8 (byte 0x81)»."""
    raw = PLAN.encode(encoding)
    path = plan_file(tmp_path, raw)
    line = line_of(PLAN, "æ")
    column = next(text for n, text in enumerate(PLAN.splitlines(), 1) if n == line).index("æ")
    assert findings_of(path) == [
        (
            "BV008",
            line,
            column + 1,
            f"Fila er ikkje UTF-8, men ser ut til å vere lagra med teiknkoden {named}: byte"
            f" 0x{byte} er «æ» der; lagre ho som UTF-8",
        )
    ]


def test_fmt_names_a_mac_file_as_validate_does(tmp_path: Path) -> None:
    """Before: «Windows-1252 … byte 0xbe er «¾» der», for a Mac Roman «æ»."""
    raw = PLAN.encode("mac_roman")
    path = plan_file(tmp_path, raw)
    assert run_cli("fmt", str(path)) == (
        1,
        f"bygdevekst: pilots/testdalen/plans/2026.yaml:{line_of(PLAN, 'æ')}: Fila er ikkje"
        " UTF-8, men ser ut til å vere lagra med teiknkoden Mac Roman (frå eit eldre"
        " Mac-program, som Word eller Excel for Mac): byte 0xbe er «æ» der; lagre ho som"
        " UTF-8\n",
    )
    assert path.read_bytes() == raw


def test_a_byte_that_is_no_letter_in_windows_1252_is_named_by_its_value(tmp_path: Path) -> None:
    raw = PLAN.encode("utf-8").replace(b"\n", b" \x81\n", 1)  # 0x81: no character there
    [(code, _, _, message)] = findings_of(plan_file(tmp_path, raw))
    assert (code, message) == ("BV008", "Fila er ikkje UTF-8 (byte 0x81); lagre ho som UTF-8")


def test_a_stray_zero_byte_is_not_taken_for_utf16(tmp_path: Path) -> None:
    path = plan_file(tmp_path, PLAN.replace("\n", "\x00\n", 1).encode("utf-8"))
    [(code, line, _, message)] = findings_of(path)
    assert (code, line) == ("BV001", 1)
    assert "U+0000" in message


def test_an_anchor_used_twice_is_one_finding_with_the_lines_of_its_uses(tmp_path: Path) -> None:
    """A secretariat copies a list of partners with an anchor (as a YAML guide suggests):
    one error at the anchor, naming where it is used, not one per use."""
    text = PLAN.replace("partners: [husbanken]", "partners: &partnarar [husbanken]", 1)
    text = text.replace(
        "    start_year: 2026\n    end_year: 2026\n",
        "    partners: *partnarar\n    start_year: 2026\n    end_year: 2026\n",
        1,
    )
    path = plan_file(tmp_path, text.encode("utf-8"))
    anchor, alias = line_of(text, "&partnarar"), line_of(text, "*partnarar")
    code, output = run_cli("validate", str(path.parent.parent), "--format", "json")
    assert code == 1
    assert [(f["code"], f["line"], f["message"]) for f in json.loads(output)["findings"]] == [
        (
            "BV005",
            anchor,
            f"Anker &partnarar og aliaset *partnarar på linje {alias} er ikkje tillate;"
            " skriv verdien ut der aliaset står",
        )
    ]


YAML11 = (
    "Venta true eller false, fekk teksten «{0}»: YAML 1.2, som fila blir lesen etter, les ikkje"
    " «{0}» som ja eller nei, men eldre YAML-verktøy gjer det; skriv {1}"
)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yes", YAML11.format("yes", "true")),
        ("No", YAML11.format("No", "false")),
        ("on", YAML11.format("on", "true")),
        ("off", YAML11.format("off", "false")),
        ("1", "Venta true eller false, fekk talet 1; skriv true"),
        ("0", "Venta true eller false, fekk talet 0; skriv false"),
        ('"false"', "Venta true eller false, fekk teksten «false»; ta bort hermeteikna: false"),
    ],
)
def test_a_yes_or_no_typed_other_than_true_or_false_is_an_error_that_says_what_to_write(
    tmp_path: Path, value: str, message: str
) -> None:
    """Before, each was read as pydantic guesses (``no`` false, ``1`` true) without a word,
    though YAML 1.2 reads ``yes`` as text and a YAML 1.1 tool reads ``on`` as true."""
    text = PLAN.replace("covers_period: true", f"covers_period: {value}", 1)
    path = plan_file(tmp_path, text.encode("utf-8"))
    assert findings_of(path) == [
        (
            "BV103",
            line_of(text, "covers_period"),
            text.splitlines()[line_of(text, "covers_period") - 1].index(value) + 1,
            f"funding.grants[1].covers_period: {message}",
        )
    ]


@pytest.mark.parametrize("value", ["true", "True", "FALSE"])
def test_true_and_false_as_yaml_12_reads_them_are_accepted(tmp_path: Path, value: str) -> None:
    text = PLAN.replace("covers_period: true", f"covers_period: {value}", 1)
    assert findings_of(plan_file(tmp_path, text.encode("utf-8"))) == []


# --- files cut off -----------------------------------------------------------------------


def test_a_file_cut_off_in_the_middle_of_a_text_is_warned_of(tmp_path: Path) -> None:
    """Cut off by a crash or a sync conflict inside the last text, the rest is valid YAML and
    a valid plan: before, validate said nothing about it at all."""
    text = PLAN + "    - |-\n      Handlingsplanen er grunnlaget for statleg medfina"
    path = plan_file(tmp_path, text.encode("utf-8"))
    assert findings_of(path) == [
        (
            "BV017",
            len(text.splitlines()),
            len(text.splitlines()[-1]) + 1,
            "Fila sluttar utan linjeskift midt i ein tekst («…planen er grunnlaget for statleg"
            " medfina»): er ho avkorta? Hent det som manglar (til dømes frå git); er teksten heil,"
            " avslutt fila med eit linjeskift",
        )
    ]


def test_a_block_cut_off_in_its_first_word_is_warned_of(tmp_path: Path) -> None:
    """A block (``|``) is prose, one word of it too: «Samarbeidspa» is not an id."""
    text = PLAN + "    - |-\n      Samarbeidspa"
    path = plan_file(tmp_path, text.encode("utf-8"))
    assert [(code, line) for code, line, *_ in findings_of(path)] == [
        ("BV017", len(text.splitlines()))
    ]


@pytest.mark.parametrize(
    "end",
    [
        "    outcome: adopted",  # a value of one word, as Notepad leaves the last line
        "  overall: Året har gått som planlagt.",  # a whole sentence
        "# a comment",
        "  overall: 'Året har gått som'",  # quoted: its end is where it was typed
    ],
)
def test_a_file_without_a_final_line_break_is_not_taken_for_cut_off(
    tmp_path: Path, end: str
) -> None:
    text = PLAN.replace("  overall: Året har gått som planlagt.\n", "") + end
    path = plan_file(tmp_path, text.encode("utf-8"))
    assert [code for code, *_ in findings_of(path) if code == "BV017"] == []


def test_a_file_cut_off_in_the_middle_of_a_character_says_so(tmp_path: Path) -> None:
    raw = PLAN.encode("utf-8")
    cut = raw[: raw.index("æ".encode()) + 1]  # the first byte of «æ» (0xc3), not the second
    path = plan_file(tmp_path, cut)
    [(code, line, _, message)] = findings_of(path)
    assert (code, line) == ("BV008", cut.count(b"\n") + 1)
    assert message == (
        "Fila sluttar midt i eit teikn (byte 0xc3 til slutt): ho er truleg avkorta;"
        " hent det som manglar, til dømes frå git"
    )


# --- characters that look right and are not ------------------------------------------------


@pytest.mark.parametrize(
    ("indentation", "column", "character"),
    [
        ("\u00a0\u00a0\u00a0\u00a0", 1, "U+00A0"),  # pasted from a web page
        ("  \u00a0 ", 3, "U+00A0"),
        ("\u200b    ", 1, "U+200B"),
        ("  \u202f ", 3, "U+202F"),
    ],
)
def test_a_space_look_alike_in_the_indentation_is_named_where_it_stands(
    tmp_path: Path, indentation: str, column: int, character: str
) -> None:
    """The parser's words named «a colon in the wrong place» a line below (22:11), or a
    list item out of place: the editor shows ordinary spaces there."""
    text = PLAN.replace("    sub_goal: 2", indentation + "sub_goal: 2")
    path = plan_file(tmp_path, text.encode("utf-8"))
    [(code, line, found_column, message)] = findings_of(path)
    assert (code, line, found_column) == ("BV001", 21, column)
    assert message.startswith("Innrykket har eit teikn som ser ut som eit mellomrom")
    assert f"({character}, " in message
    exit_code, output = run_cli("fmt", str(path))
    assert exit_code == 1
    assert "2026.yaml:21: Innrykket har eit teikn" in output


def test_a_no_break_space_inside_block_text_is_text(tmp_path: Path) -> None:
    text = PLAN.replace(
        "  overall: Året har gått som planlagt.", "  overall: |\n    Året\n    \u00a0 innrykka"
    )
    path = plan_file(tmp_path, text.encode("utf-8"))
    assert findings_of(path) == []


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ('  - id: "2.1"', '  - id: "2.1\u200b"', "measures[2].id: «2.1<U+200B>»"),
        ("responsible: fyresdal", "responsible: fyres\u00addal", "«fyres<U+00AD>dal»"),
        ("    sub_goal: 2", "    sub_goal\u2060: 2", "Ukjent felt «sub_goal<U+2060>»"),
        (
            "state_measure_funds: 600000\n        own",
            "state_measure_funds: 600\u200b000\n        own",
            "«600<U+200B>000»",
        ),
    ],
)
def test_an_invisible_character_in_a_value_or_key_is_shown_by_its_code(
    tmp_path: Path, old: str, new: str, shown: str
) -> None:
    """«2.1» is not a valid id, said the message about «2.1» and a zero-width space."""
    path = plan_file(tmp_path, PLAN.replace(old, new, 1).encode("utf-8"))
    messages = [message for _, _, _, message in findings_of(path)]
    assert any(shown in message for message in messages), messages


# --- plan file names ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["2026.YAML", "2026.Yml", "plan-2026.yaml", "2026 (1).yaml"])
def test_a_plan_saved_under_another_name_is_named_with_the_name_it_must_have(
    tmp_path: Path, name: str
) -> None:
    """It was «an unknown file» among the known names; the plan for 2026 went unchecked."""
    pilot = copy_minimal(tmp_path)
    (pilot / "plans" / "2026.yaml").rename(pilot / "plans" / name)
    code, output = run_cli("validate", str(pilot), "--format", "json")
    assert code == 0, output  # a warning, as every unknown file is
    [finding] = json.loads(output)["findings"]
    assert (finding["code"], finding["file"]) == ("BV013", f"pilots/testdalen/plans/{name}")
    assert finding["message"] == (
        "Dette ser ut som handlingsplanen for 2026, men fila blir ikkje kontrollert: "
        "ein plan må heite plans/2026.yaml (gje fila nytt namn)"
    )


@pytest.mark.parametrize("name", ["2026.YAML", "plan-2026.yaml"])
def test_plan_new_refuses_to_pass_over_a_plan_saved_under_another_name(
    tmp_path: Path, name: str
) -> None:
    """plan new wrote «the first plan, without measures» beside last year's plan."""
    pilot = copy_minimal(tmp_path)
    (pilot / "plans" / "2026.yaml").rename(pilot / "plans" / name)
    code, output = run_cli("plan", "new", str(pilot), "2027")
    assert code == 1
    assert f"plans/{name} ser ut som planen for 2026, men ein plan må heite plans/2026.yaml" in (
        " ".join(output.split())
    )
    assert sorted(p.name for p in (pilot / "plans").iterdir()) == [name]
    code, output = run_cli("plan", "new", str(pilot), "2026")
    assert code == 1
    assert f"plans/{name}: planen finst allereie" in " ".join(output.split())


def test_plan_new_reads_a_plan_named_yml_and_passes_over_an_older_misnamed_copy(
    tmp_path: Path,
) -> None:
    pilot = copy_minimal(tmp_path)
    (pilot / "plans" / "2026.yaml").rename(pilot / "plans" / "2026.yml")
    (pilot / "plans" / "plan-2025-gammal.yaml").write_text("year: 2025\n", encoding="utf-8")
    code, output = run_cli("plan", "new", str(pilot), "2027")
    assert code == 0, output
    assert "frå planen for 2026" in " ".join(output.split())


# --- values people type ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '  - id: "2.1"',
            "  - id: 2.10",
            "measures[2].id: Venta tekst, fekk 2.10, som YAML les som talet 2.1; "
            'set verdien i hermeteikn slik han står i fila: "2.10"',
        ),
        (  # in a flow list, the comma ends the number
            "partners: [husbanken]",
            "partners: [husbanken, 3.20]",
            "measures[id «1.1»].partners[2]: Venta tekst, fekk 3.20, som YAML les som talet 3.2; "
            'set verdien i hermeteikn slik han står i fila: "3.20"',
        ),
        (  # a key: at its own line, as typed
            "    partners: [husbanken]\n",
            "    partners: [husbanken]\n    cost_shares:\n      1.10: 100\n",
            "measures[id «1.1»].cost_shares.«1.1»: Venta tekst, fekk 1.10, som YAML les som"
            " talet 1.1; "
            'set verdien i hermeteikn slik han står i fila: "1.10"',
        ),
        (  # a number YAML reads as typed: no «reads as»
            '  - id: "2.1"',
            "  - id: 3  # the third",
            'measures[2].id: Venta tekst, fekk talet 3; set verdien i hermeteikn: "3"',
        ),
        (
            "year: 2026",
            "year: '2026'",
            "year: Venta eit heiltal, fekk teksten «2026»; ta bort hermeteikna",
        ),
        (  # one allowed number: not «Ugyldig verdi «2»; tillate er 2»
            "schema_version: 2",
            'schema_version: "2"',
            "schema_version: Venta eit heiltal, fekk teksten «2»; ta bort hermeteikna",
        ),
        (  # a whole number written with a decimal (a spreadsheet's «2026.0»): say what to write
            "year: 2026",
            "year: 2026.0",
            "year: Venta eit heiltal: skriv 2026, ikkje 2026.0",
        ),
    ],
)
def test_a_number_where_text_belongs_and_text_where_a_number_belongs_say_what_to_mend(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    """«Expected text, got 2.1» about ``id: 2.10``: the number the editor does not show."""
    path = plan_file(tmp_path, PLAN.replace(old, new, 1).encode("utf-8"))
    assert [m for _, _, _, m in findings_of(path)] == [message]


def test_a_number_as_a_key_is_told_at_the_key(tmp_path: Path) -> None:
    """Before: at «cost_shares:», the line above, and as 1.1."""
    text = PLAN.replace(
        "    partners: [husbanken]\n",
        "    partners: [husbanken]\n    cost_shares:\n      1.10: 100\n",
        1,
    )
    [(code, line, column, _)] = findings_of(plan_file(tmp_path, text.encode("utf-8")))
    assert (code, line, column) == ("BV103", line_of(text, "1.10: 100"), 7)


def test_a_municipality_number_without_quotation_marks_is_quoted_with_its_leading_zero(
    tmp_path: Path,
) -> None:
    """``0301`` (Oslo) is the number 301 to YAML; the message shows what the file says."""
    pilot = copy_minimal(tmp_path)
    text = edit(pilot / "pilot.yaml", 'municipality_number: "4032"', "municipality_number: 0301")
    code, output = run_cli("validate", str(pilot), "--format", "json")
    [finding] = json.loads(output)["findings"]
    assert code == 1
    assert (finding["file"].endswith("pilot.yaml"), finding["line"]) == (
        True,
        line_of(text, "0301"),
    )
    assert finding["message"] == (
        "parties[id «fyresdal»].municipality_number: Venta tekst, fekk 0301, som YAML les som"
        " talet 301;"
        ' set verdien i hermeteikn slik han står i fila: "0301"'
    )


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("1 000 000", "1000000, ikkje «1 000 000»"),
        ("1.000.000", "1000000, ikkje «1.000.000»"),
        ("kr 300 000", "300000, ikkje «kr 300 000»"),
        ("1e6", "1000000, ikkje 1e6"),  # as typed, not as YAML reads it (1000000.0)
        ("'600000'", "600000, ikkje «600000»"),
        (".inf", "fekk .inf"),
        ("1.500", "fekk 1.500"),  # a thousands point: not «1.5»
    ],
)
def test_an_amount_as_people_type_it_is_refused_as_it_stands(
    tmp_path: Path, value: str, said: str
) -> None:
    """Refused, never read as a guess; the message gives the figure to write where the
    text says it (tests/test_model_hand_typed.py)."""
    text = PLAN.replace("own_funds: 100000", f"own_funds: {value}", 1)
    path = plan_file(tmp_path, text.encode("utf-8"))
    [(code, line, column, message)] = findings_of(path)
    assert (code, line, column) == ("BV104", 17, 20)
    assert message.endswith(said)


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("1.3.2026", "Venta ein dato på forma ÅÅÅÅ-MM-DD, fekk «1.3.2026»; skriv 2026-03-01"),
        ("2026-3-1", "Venta ein dato på forma ÅÅÅÅ-MM-DD, fekk «2026-3-1»; skriv 2026-03-01"),
        ("28.01.2026", "Venta ein dato på forma ÅÅÅÅ-MM-DD, fekk «28.01.2026»; skriv 2026-01-28"),
        ("2026-02-30", "«2026-02-30» er ingen dag i kalenderen"),
        ("30.2.2026", "«30.2.2026» er ingen dag i kalenderen"),
        (
            "2026-01-28T10:00",
            "Venta ein dato utan klokkeslett (ÅÅÅÅ-MM-DD), fekk «2026-01-28T10:00»",
        ),
        ("januar 2026", "Venta ein dato på forma ÅÅÅÅ-MM-DD, fekk «januar 2026»"),
    ],
)
def test_a_date_as_people_type_it_is_refused_at_its_place_with_what_to_write(
    tmp_path: Path, date: str, message: str
) -> None:
    """«2026-02-30» was «expected a date in the form YYYY-MM-DD», the form it has; «1.3.2026»
    left the writer to work out the order."""
    path = plan_file(tmp_path, PLAN.replace("date: 2026-01-28", f"date: {date}", 1).encode())
    assert findings_of(path) == [("BV103", 49, 11, f"schedule[1].date: {message}")]


# --- names as a Mac writes them (NFD) ------------------------------------------------------


def test_init_finds_a_municipality_whose_name_is_written_decomposed(tmp_path: Path) -> None:
    """«Vågå» with «a» and a combining ring (pasted from a Mac's file name) was «no
    municipality Vågå in the list»; so was «Våler», whose county tells the two apart."""
    vaga, valer, ostfold = (unicodedata.normalize("NFD", n) for n in ("Vågå", "Våler", "Østfold"))
    assert vaga != "Vågå"
    code, output = run_cli(
        "init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn", "--dir", "pilots",
        "-m", vaga, "-m", valer, "--county", ostfold,
    )  # fmt: skip
    assert code == 0, output
    pilot = (tmp_path / "pilots" / "nye-dalen" / "pilot.yaml").read_text(encoding="utf-8")
    assert "name: Vågå kommune\n" in pilot and 'municipality_number: "3435"' in pilot
    assert 'municipality_number: "3114"' in pilot  # Våler in Østfold, not in Innlandet


# --- files with nothing in them ------------------------------------------------------------


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf", b"# berre ein kommentar\r\n# og ein til"])
@pytest.mark.parametrize("command", ["fmt", "migrate"])
def test_a_file_of_nothing_but_comments_is_empty_to_every_command(
    tmp_path: Path, raw: bytes, command: str
) -> None:
    """validate said «the file is empty»; fmt and migrate that «the top level must be a
    table of fields», about a file with no top level at all."""
    path = plan_file(tmp_path, raw)
    assert [(c, ln, col) for c, ln, col, _ in findings_of(path)] == [("BV010", 1, 1)]
    code, output = run_cli(command, str(path))
    assert code == 1
    assert output.endswith("2026.yaml:1: Fila er tom\n")
    assert path.read_bytes() == raw


@pytest.mark.parametrize(
    "quoted", ["“Bustad: ein plan”", "«Bustad: ein plan»", "‘Bustad: ein plan’"]
)
def test_typographic_quotation_marks_around_a_text_with_a_colon_are_named(
    tmp_path: Path, quoted: str
) -> None:
    """The parser's hint was «put text containing «: » in quotation marks», which the writer
    (or the word processor they copied from) believed done."""
    text = PLAN.replace("title: Nettverk for næringane", f"title: {quoted}")
    path = plan_file(tmp_path, text.encode("utf-8"))
    [(code, line, _, message)] = findings_of(path)
    assert (code, line) == ("BV001", 23)
    assert f"typografiske hermeteiknet {quoted[0]}, som YAML les som tekst" in message
    exit_code, output = run_cli("fmt", str(path))
    assert exit_code == 1
    assert "2026.yaml:23: YAML-syntaksfeil: verdien byrjar med det typografiske" in output


def test_typographic_quotation_marks_without_a_colon_are_text(tmp_path: Path) -> None:
    text = PLAN.replace("title: Nettverk for næringane", "title: “Nettverk” for næringane")
    path = plan_file(tmp_path, text.encode("utf-8"))
    assert findings_of(path) == []


def test_schema_version_1_written_out_says_to_run_migrate(tmp_path: Path) -> None:
    """It was «invalid value 1; the allowed values are 2», and migrate rewrites it."""
    path = plan_file(tmp_path, PLAN.replace("schema_version: 2", "schema_version: 1").encode())
    assert findings_of(path) == [
        (
            "BV103",
            2,
            17,
            "schema_version: fila er i versjon 1 av filformatet; "
            "køyr «bygdevekst migrate» for å skrive henne om til versjon 2",
        )
    ]
    assert run_cli("migrate", str(path))[0] == 0
    assert path.read_bytes() == PLAN.encode("utf-8")


# --- a write that does not happen ----------------------------------------------------------

COMMANDS = [["fmt"], ["migrate"], ["plan", "new"]]


def _untidy_version_one(tmp_path: Path) -> Path:
    """A pilot whose plan every writer has something to do with."""
    path = plan_file(tmp_path, VERSION_ONE.replace("year: 2026", "year:   2026").encode())
    return path.parent.parent


def _files_of(pilot: Path) -> dict[str, bytes]:
    return {
        p.relative_to(pilot).as_posix(): p.read_bytes() for p in pilot.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_a_file_open_in_another_program_is_left_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """On Windows a file open in another program cannot be replaced (PermissionError)."""
    pilot = _untidy_version_one(tmp_path)
    before = _files_of(pilot)

    def refused(self: Path, target: Path) -> Path:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(Path, "replace", refused)
    code, output = run_cli(*command, str(pilot), *(["2027"] if command[0] == "plan" else []))
    monkeypatch.undo()
    assert code == 1
    assert output.startswith("bygdevekst: pilots/testdalen/plans/20")
    assert "(manglar løyve)" in output
    assert _files_of(pilot) == before  # no half-written file, no temporary file left


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_a_full_disk_while_writing_leaves_every_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """The disk fills as the new text is flushed (ENOSPC): the old file stays whole, and
    nothing is left beside it."""
    pilot = _untidy_version_one(tmp_path)
    before = _files_of(pilot)

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code, output = run_cli(*command, str(pilot), *(["2027"] if command[0] == "plan" else []))
    monkeypatch.undo()
    assert code == 1, output
    assert output.startswith("bygdevekst: pilots/testdalen/plans/20")
    assert output.endswith("(det er ikkje meir plass på disken)\n")
    assert "Traceback" not in output
    assert _files_of(pilot) == before


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on Windows")
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_a_process_killed_while_it_writes_leaves_the_file_as_it_was(
    tmp_path: Path, command: list[str]
) -> None:
    """Killed (SIGKILL) between writing the new text and moving it into place: the file
    is the old one, and what is left beside it is hidden from every command."""
    pilot = _untidy_version_one(tmp_path)
    before = _files_of(pilot)
    killer = tmp_path / "killer"
    killer.mkdir()
    (killer / "sitecustomize.py").write_text(
        "import os, signal\nos.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(killer)}
    args = [console_script(), *command, str(pilot), *(["2027"] if command[0] == "plan" else [])]
    killed = subprocess.run(args, env=environment, capture_output=True, check=False)
    assert killed.returncode == -signal.SIGKILL
    after = _files_of(pilot)
    assert {name: after[name] for name in before} == before
    assert all(Path(name).name.startswith(".") for name in set(after) - set(before))
    assert [code for code, *_ in findings_of(pilot / "plans" / "2026.yaml")] == ["BV016"]
