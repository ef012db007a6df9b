"""YAML directives and file sizes: a file marked ``%YAML 1.1`` (or another version, or with a
directive no parser reads) is not read as the YAML 1.2 the project reads without a word, and
a file too large to read is named with its size, the limit and a line. Through the loader
with each parser, and through ``validate`` on a copied pilot."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

import bygdevekst_cli.loader as loader
from bygdevekst_cli.loader import MAX_BYTES, YamlCode, load_yaml_bytes
from tests.helpers import copy_minimal, edit, line_of, run_cli, validate_json

T = TypeVar("T")

BACKENDS = {
    "pyyaml-libyaml": loader.default_backend,
    "ruamel-libyaml": loader._ruamel_backend,
    "ruamel-pure": lambda: loader._ruamel_backend(pure=True),
}


def load(text: str, backend: str = "pyyaml-libyaml") -> loader.LoadedYaml:
    return load_yaml_bytes(text.encode(), Path("f.yaml"), "f.yaml", "nn", BACKENDS[backend]())


def found(loaded: loader.LoadedYaml) -> list[tuple[str, int | None, int | None]]:
    return [(f.code, f.line, f.column) for f in loaded.findings]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_file_marked_yaml_1_1_names_the_values_1_1_reads_otherwise(backend: str) -> None:
    text = (
        "# kommentar\n%YAML 1.1\n---\nopen: yes\nmode: 0755\non: 2\nday: 2026-01-01\n"
        'quoted: "no"\nbig: 1.5e6\ntitle: Tekst\n'
    )
    loaded = load(text, backend)
    assert loaded.data is None
    assert found(loaded) == [(YamlCode.DIRECTIVE, 2, 1)]
    assert loaded.findings[0].message == (
        "Fila er merkt «%YAML 1.1», men bygdevekst les YAML 1.2, og YAML 1.1 les «yes» på"
        " linje 4, «0755» på linje 5, «on» på linje 6 og «1.5e6» på linje 9 annleis (der er"
        " yes, no, on og off ja/nei-verdiar, og eit tal med 0 først er oktalt); skriv"
        " verdiane slik dei er meinte i YAML 1.2, og ta bort linja"
    )


def test_a_file_marked_yaml_1_1_that_reads_the_same_is_still_refused_at_its_line() -> None:
    loaded = load("%YAML 1.1\r\n---\r\ntitle: Tekst\r\nyear: 2026\r\n")
    assert found(loaded) == [(YamlCode.DIRECTIVE, 1, 1)]
    assert "her les begge versjonane verdiane likt, så ta bort linja" in (
        loaded.findings[0].message
    )


def test_after_yaml_1_1_the_files_other_defects_are_named_too() -> None:
    loaded = load("%YAML 1.1\n---\na: no\nb: 1\nb: 2\n")
    assert found(loaded) == [(YamlCode.DIRECTIVE, 1, 1), (YamlCode.DUPLICATE_KEY, 5, 1)]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("first", "message"),
    [
        (
            "%YAML 2.0",
            "Fila er merkt «%YAML 2.0», men bygdevekst les YAML 1.2 og ingen annan versjon;"
            " ta bort linja",
        ),
        (
            "%YAML 1.3",
            "Fila er merkt «%YAML 1.3», men bygdevekst les YAML 1.2 og ingen annan versjon;"
            " ta bort linja",
        ),
        (
            "%FOO  bar",
            "«%FOO bar» er eit YAML-direktiv som bygdevekst ikkje les: filene er YAML 1.2 og"
            " treng ingen direktiv; ta bort linja",
        ),
    ],
)
def test_another_version_or_an_unknown_directive_is_one_finding_at_its_line(
    backend: str, first: str, message: str
) -> None:
    """Before: «fila krev ein YAML-versjon som ikkje kan lesast (berre 1.x)» for 1.3 (a 1.x),
    the unknown directive at column 5, and ruamel's pure parser failed an assertion."""
    loaded = load(f"\n{first}\n---\na: 1\n", backend)
    assert [(f.code, f.line, f.column, f.message) for f in loaded.findings] == [
        (YamlCode.DIRECTIVE, 2, 1, message)
    ]


@pytest.mark.parametrize("first", ["%YAML 1.2", "%TAG !e! tag:example.com,2000:", ""])
def test_yaml_1_2_and_tag_directives_are_read_as_before(first: str) -> None:
    loaded = load(f"{first}\n---\na: yes\nb: 0755\n")
    assert (loaded.data, loaded.findings) == ({"a": "yes", "b": 755}, ())


def test_a_percent_sign_at_the_start_of_a_line_in_a_text_is_no_directive() -> None:
    loaded = load("a: |\n  50\n  %\nb: >-\n  %YAML 1.1\n")
    assert (loaded.data, loaded.findings) == ({"a": "50\n%\n", "b": "%YAML 1.1"}, ())


def test_validate_refuses_a_plan_marked_yaml_1_1_naming_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    plan = pilot / "plans" / "2026.yaml"
    text = "%YAML 1.1\n---\n" + plan.read_text(encoding="utf-8").replace(
        "covers_period: true", "covers_period: yes"
    )
    plan.write_text(text, encoding="utf-8")
    code, findings = validate_json(pilot)
    assert code == 1
    [finding] = [f for f in findings if f["code"] == "BV018"]
    assert (finding["file"], finding["line"], finding["severity"]) == (
        "pilots/testdalen/plans/2026.yaml",
        1,
        "error",
    )
    assert f"«yes» på linje {line_of(text, 'covers_period')}" in finding["message"]


# --- too large ----------------------------------------------------------------------------


def test_a_file_one_byte_over_the_limit_says_both_sizes_in_bytes_at_line_1() -> None:
    """Before: «Fila er 1024 KiB; største tillatne er 1024 KiB», without a line."""
    loaded = load("a: 1\n" + "#" * (MAX_BYTES - 4))
    assert found(loaded) == [(YamlCode.TOO_LARGE, 1, None)]
    assert loaded.findings[0].message == (
        "Fila er for stor: 1\xa0048\xa0577 byte, og bygdevekst les filer på opptil"
        " 1\xa0048\xa0576 byte (1 MiB); ei avtale- eller planfil er berre nokre titals kB,"
        " så sjå etter om dette er rett fil"
    )


def test_validate_names_a_file_too_large_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    plan = pilot / "plans" / "2026.yaml"
    with plan.open("a", encoding="utf-8") as stream:
        stream.write(("# " + "x" * 1000 + "\n") * 1100)
    code, findings = validate_json(pilot)
    assert code == 1
    assert [(f["code"], f["file"], f["line"]) for f in findings if f["severity"] == "error"] == [
        ("BV007", "pilots/testdalen/plans/2026.yaml", 1)
    ]


SPARSE = 256 * 1024 * 1024
"""A file of zeros this large, made sparse (``truncate``): read whole, it takes 256 MiB."""
TOO_LARGE_NN = (
    "Fila er for stor: 268\xa0435\xa0456 byte, og bygdevekst les filer på opptil"
    " 1\xa0048\xa0576 byte (1 MiB); ei avtale- eller planfil er berre nokre titals kB,"
    " så sjå etter om dette er rett fil"
)


def sparse(path: Path, size: int = SPARSE) -> Path:
    """``path`` (what it holds kept at its start) grown to ``size`` bytes never written."""
    with path.open("ab") as file:
        file.truncate(size)
    return path


def peak_bytes(call: Callable[[], T]) -> tuple[T, int]:
    """What ``call`` gives, and the most memory Python held at once while it ran."""
    tracemalloc.start()
    try:
        return call(), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_validate_refuses_a_file_too_large_from_its_size_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the file was read whole (and read again for inline suppressions) only to be
    refused: 256 MiB held for a file of 256 MiB."""
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    sparse(pilot / "plans" / "2026.yaml")
    (code, findings), peak = peak_bytes(lambda: validate_json(pilot))
    assert code == 1
    assert [(f["code"], f["file"], f["line"], f["message"]) for f in findings] == [
        ("BV007", "pilots/testdalen/plans/2026.yaml", 1, TOO_LARGE_NN)
    ]
    assert peak < SPARSE // 8


def test_validate_of_one_file_too_large_refuses_it_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pilot.yaml unread, its written standard is the command line's."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    pilot = copy_minimal(tmp_path)
    sparse(pilot / "pilot.yaml")
    (code, output), peak = peak_bytes(
        lambda: run_cli("validate", "pilots/testdalen/pilot.yaml", "--format", "json")
    )
    assert code == 1
    findings = json.loads(output)["findings"]
    assert [(f["code"], f["file"], f["line"], f["message"]) for f in findings] == [
        ("BV007", "pilots/testdalen/pilot.yaml", 1, TOO_LARGE_NN)
    ]
    assert peak < SPARSE // 8


@pytest.mark.parametrize("command", [("fmt",), ("fmt", "--check"), ("migrate",)])
def test_a_rewriting_command_refuses_a_file_too_large_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    pilot = copy_minimal(tmp_path)
    plan = sparse(pilot / "plans" / "2026.yaml")
    target = plan if command[0] == "fmt" else pilot
    result, peak = peak_bytes(lambda: run_cli(*command, str(target.relative_to(tmp_path))))
    assert result == (1, f"bygdevekst: pilots/testdalen/plans/2026.yaml:1: {TOO_LARGE_NN}\n")
    assert peak < SPARSE // 8
    assert plan.stat().st_size == SPARSE


def test_the_loader_refuses_a_file_too_large_from_its_size(tmp_path: Path) -> None:
    path = sparse(tmp_path / "stor.yaml")
    loaded, peak = peak_bytes(lambda: loader.load_yaml(path, "stor.yaml", "en"))
    assert [(f.code, f.file, f.line, f.message) for f in loaded.findings] == [
        (
            YamlCode.TOO_LARGE,
            "stor.yaml",
            1,
            "The file is too large: 268,435,456 bytes, and bygdevekst reads files of up to"
            " 1,048,576 bytes (1 MiB); an agreement or plan file is only some tens of kB, so"
            " check that this is the right file",
        )
    ]
    assert peak < SPARSE // 8


# --- the path a schema message starts with ------------------------------------------------


def _schema_messages(pilot: Path) -> list[tuple[str, int, str]]:
    code, findings = validate_json(pilot)
    assert code == 1
    return [(f["code"], f["line"], f["message"]) for f in findings if f["code"] < "BV200"]


def test_a_path_names_a_measure_by_its_id_an_item_from_1_and_quotes_a_key_with_a_dot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: ``measures.0.cost_shares.1.1`` (the first measure as 0, and the key 1.1 as
    two steps more) and ``funding.grants.0.amount``."""
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    plan = pilot / "plans" / "2026.yaml"
    text = edit(
        plan,
        "    partners: [husbanken]\n",
        "    partners: [husbanken]\n    cost_shares:\n      1.1: 100\n",
    )
    text = edit(plan, "      amount: 18000000", "      amount: 18 000 000")
    assert _schema_messages(pilot) == [
        (
            "BV103",
            line_of(text, "1.1: 100"),
            "measures[id «1.1»].cost_shares.«1.1»: Venta tekst, fekk talet 1.1; set verdien i"
            ' hermeteikn: "1.1"',
        ),
        (
            "BV104",
            line_of(text, "amount: 18 000 000"),
            "funding.grants[1].amount: Skriv beløpet som eit heiltal utan mellomrom, punktum,"
            " «kr» eller hermeteikn: 18000000, ikkje «18 000 000»",
        ),
    ]


def test_a_measure_whose_id_is_not_one_of_a_kind_is_named_by_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    plan = pilot / "plans" / "2026.yaml"
    edit(plan, '  - id: "2.1"', '  - id: "1.1"')
    text = edit(plan, "    title: Nettverk for næringane\n", "")
    assert _schema_messages(pilot) == [
        (
            "BV101",
            line_of(text, '- id: "1.1"', 2),
            "measures[2].title: Manglar påkravd felt «title»",
        )
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "Fila er tom"),
        (b"\xef\xbb\xbf", "Fila er tom"),
        (
            b"# handlingsplan 2027\n\n# kjem\n",
            "Fila har berre kommentarar og tomme linjer, ingen felt (nøkkel: verdi)",
        ),
    ],
)
def test_a_file_of_comments_is_not_called_empty(raw: bytes, message: str) -> None:
    """Before: «Fila er tom» for a file whose comments the writer sees in it."""
    loaded = load_yaml_bytes(raw, Path("f.yaml"), "f.yaml", "nn")
    assert [(f.code, f.line, f.message) for f in loaded.findings] == [
        (YamlCode.NOT_MAPPING, 1, message)
    ]


DASH_AFTER_KEY = (
    "YAML-syntaksfeil: YAML les «-» rett etter «{key}:» som eit listepunkt, og det kan ikkje"
    " stå der; meiner du ein tekst som byrjar med «-», set han i hermeteikn, og meiner du"
    " ingen verdi, ta bort «-»"
)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "key", "line", "column"),
    [
        ("year: 2026\namount: -\n", "amount", 2, 9),
        ("grants:\n  - amount: -\n", "amount", 2, 13),
        ("a:\n  - note: - første punkt\n", "note", 2, 11),
    ],
)
def test_a_dash_after_a_key_is_said_to_start_a_list(
    backend: str, text: str, key: str, line: int, column: int
) -> None:
    """Before: «listepunkt («- ») på feil stad (innrykk?)» for «amount: -», a secretariat's
    «nothing», where no indentation is wrong."""
    loaded = load(text, backend)
    assert [(f.code, f.line, f.column, f.message) for f in loaded.findings] == [
        (YamlCode.SYNTAX, line, column, DASH_AFTER_KEY.format(key=key))
    ]


def test_a_list_item_out_of_place_is_still_worded_as_one() -> None:
    loaded = load('a: "x" - y\n')  # a dash after a value, not after a key
    assert [f.message for f in loaded.findings] == [
        "YAML-syntaksfeil: listepunkt («- ») på feil stad (innrykk?)"
    ]


def test_validate_names_the_amount_written_as_a_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    text = edit(pilot / "plans" / "2026.yaml", "amount: 500000", "amount: -")
    code, findings = validate_json(pilot)
    assert code == 1
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in findings] == [
        ("BV001", line_of(text, "amount: -"), 15, DASH_AFTER_KEY.format(key="amount"))
    ]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "line", "column", "written", "meant"),
    [
        ("a: 1\nyear:2026\ncontributors:\n  - x\n", 2, 6, "year:2026", "year: 2026"),
        ("a:\n  b:1\n  c: 2\n", 2, 5, "b:1", "b: 1"),
        ('measures:\n  - id:"1.1"\n    title: x\n', 2, 8, 'id:"1.1"', 'id: "1.1"'),
        ("a: 1\r\ntitle:Plan for 2026 # x\r\nb: 2\r\n", 2, 7, "title:Plan for 2026", None),
    ],
)
def test_a_colon_without_a_space_after_it_is_named_on_its_own_line(
    backend: str, text: str, line: int, column: int, written: str, meant: str | None
) -> None:
    """Before: «manglar «:» etter nøkkelen» on the line below «year:2026», and «kolon på feil
    stad» on the line below «b:1»."""
    meant = meant or written.replace(":", ": ", 1)
    loaded = load(text, backend)
    assert [(f.code, f.line, f.column, f.message) for f in loaded.findings] == [
        (
            YamlCode.SYNTAX,
            line,
            column,
            f"YAML-syntaksfeil: det manglar mellomrom etter kolonet i «{written}»; skriv «{meant}»",
        )
    ]


@pytest.mark.parametrize(
    "text",
    ["tittel: Plan: 2026\n", "a:\n  - https://x.no\n    b: 1\n", "a:\n  b: kl: 10:30\n  c: 2\n"],
)
def test_a_colon_in_a_text_is_still_worded_as_before(text: str) -> None:
    loaded = load(text)
    assert "mellomrom etter kolonet" not in " ".join(f.message for f in loaded.findings)


@pytest.mark.parametrize(
    ("loc", "shown"),
    [
        (("år",), "år"),
        (("year\xa0",), "«year\xa0»"),
        (("measures", 1, "budget", 2026, "own_funds"), "measures[id «2.1»].budget.2026.own_funds"),
        (("measures", 1, "id"), "measures[2].id"),
        (("measures", 5, "title"), "measures[6].title"),
        (("funding", "cost_shares", "1.1"), "funding.cost_shares.«1.1»"),
    ],
)
def test_the_shown_path_of_a_key(loc: tuple[str | int, ...], shown: str) -> None:
    from bygdevekst_cli.schema_errors import shown_path

    data = {"measures": [{"id": "1.1"}, {"id": "2.1"}], "funding": {"cost_shares": {}}}
    assert shown_path(loc, data) == shown


# --- a directive without «---» after it ---------------------------------------------------

WITHOUT_START = {
    "nn": "YAML-syntaksfeil: «%YAML 1.2» på linje 2 er eit YAML-direktiv, og eit direktiv må"
    " følgjast av «---» (starten på dokumentet) på ei eiga linje før innhaldet; bygdevekst les"
    " YAML 1.2 og treng ingen direktiv, så ta bort linja",
    "nb": "YAML-syntaksfeil: «%YAML 1.2» på linje 2 er et YAML-direktiv, og et direktiv må"
    " følges av «---» (starten på dokumentet) på en egen linje før innholdet; bygdevekst leser"
    " YAML 1.2 og trenger ingen direktiver, så ta bort linjen",
    "en": "YAML syntax error: «%YAML 1.2» on line 2 is a YAML directive, and a directive must"
    " be followed by «---» (the start of the document) on a line of its own before the"
    " content; bygdevekst reads YAML 1.2 and needs no directives, so remove the line",
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("language", WITHOUT_START)
def test_a_directive_without_a_document_start_says_so_at_the_content(
    backend: str, language: str
) -> None:
    """Before: «innhald etter slutten på dokumentet (etter «...»)», in a file with no «...»."""
    raw = b"# plan\n%YAML 1.2\n\ntitle: Tekst\n"
    loaded = load_yaml_bytes(raw, Path("f.yaml"), "f.yaml", language, BACKENDS[backend]())
    assert [(f.code, f.line, f.column, f.message) for f in loaded.findings] == [
        (YamlCode.SYNTAX, 4, 1, WITHOUT_START[language])
    ]


def test_a_yaml_1_1_directive_without_a_document_start_is_named_twice_at_its_lines() -> None:
    loaded = load("%YAML 1.1\r\ntitle: Tekst\r\n")
    assert [(f.code, f.line) for f in loaded.findings] == [
        (YamlCode.DIRECTIVE, 1),
        (YamlCode.SYNTAX, 2),
    ]
    assert loaded.findings[1].message.startswith(
        "YAML-syntaksfeil: «%YAML 1.1» på linje 1 er eit YAML-direktiv, og eit direktiv må"
        " følgjast av «---»"
    )


def test_content_after_a_document_end_is_still_worded_as_before() -> None:
    loaded = load("%YAML 1.2\n---\na: 1\n...\nb: 2\n")
    assert [(f.code, f.line, f.message) for f in loaded.findings] == [
        (YamlCode.SYNTAX, 5, "YAML-syntaksfeil: innhald etter slutten på dokumentet (etter «...»)")
    ]


def test_validate_names_a_plan_with_a_directive_and_no_document_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    plan = pilot / "plans" / "2026.yaml"
    text = "%YAML 1.2\n" + plan.read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    code, findings = validate_json(pilot)
    assert code == 1
    assert [(f["code"], f["file"], f["line"], f["message"]) for f in findings] == [
        (
            "BV001",
            "pilots/testdalen/plans/2026.yaml",
            line_of(text, "schema_version"),  # below the directive and a comment
            "YAML-syntaksfeil: «%YAML 1.2» på linje 1 er eit YAML-direktiv, og eit direktiv må"
            " følgjast av «---» (starten på dokumentet) på ei eiga linje før innhaldet;"
            " bygdevekst les YAML 1.2 og treng ingen direktiv, så ta bort linja",
        )
    ]
