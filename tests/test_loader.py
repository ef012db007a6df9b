"""The YAML loader: positions for every value, and every defect as one finding at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bygdevekst_cli.loader import MAX_BYTES, MAX_DEPTH, YamlCode, load_yaml, load_yaml_bytes


def load(raw: bytes):  # type: ignore[no-untyped-def]
    return load_yaml_bytes(raw, Path("f.yaml"), "f.yaml")


DEFECTS = [
    pytest.param(b"a: [1, 2\nb: 3\n", YamlCode.SYNTAX, 2, id="syntax"),
    pytest.param(b"a: 1\nb:\n\t- 1\n", YamlCode.TAB, 3, id="tab-indent"),
    pytest.param(b"a: 1\nb: 2\na: 3\n", YamlCode.DUPLICATE_KEY, 3, id="duplicate-key"),
    pytest.param(b"a:\n  b: 1\n  b: 2\n", YamlCode.DUPLICATE_KEY, 3, id="duplicate-nested-key"),
    pytest.param(b"a: 1\nb: !!str 3\n", YamlCode.TAG, 2, id="tag"),
    pytest.param(b"a: !custom x\n", YamlCode.TAG, 1, id="local-tag"),
    pytest.param(b"a: 1\nb: &x {c: 1}\n", YamlCode.ANCHOR, 2, id="anchor"),
    pytest.param(b"a: 1\n---\nb: 2\n", YamlCode.MULTI_DOCUMENT, 2, id="several-documents"),
    pytest.param(b"- 1\n- 2\n", YamlCode.NOT_MAPPING, 1, id="root-list"),
    pytest.param(b"just text\n", YamlCode.NOT_MAPPING, 1, id="root-scalar"),
    pytest.param(b"", YamlCode.NOT_MAPPING, 1, id="empty"),
    pytest.param("a: 1\nb: bl\xe5\n".encode("latin-1"), YamlCode.ENCODING, 2, id="latin-1"),
    pytest.param(
        b"a:\n  " + b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), YamlCode.TOO_DEEP, 2, id="deep"
    ),
    pytest.param(b"? [a]\n: 1\n", YamlCode.COMPLEX_KEY, 1, id="complex-key"),
]


@pytest.mark.parametrize(("raw", "code", "line"), DEFECTS)
def test_defect_gives_exactly_one_finding_at_its_line(raw: bytes, code: str, line: int) -> None:
    loaded = load(raw)
    assert loaded.data is None
    assert [(f.code, f.line, f.severity.value) for f in loaded.findings] == [(code, line, "error")]
    assert loaded.findings[0].file == "f.yaml"


def test_an_anchor_is_one_finding_that_names_the_lines_of_its_aliases() -> None:
    """Before: one finding for the anchor and one more for every use of it."""
    loaded = load(b"a: &x 1\nb: *x\nc: [*x, *x]\nd: &y 2\ne: *y\n")
    assert [(f.code, f.line, f.column, f.message) for f in loaded.findings] == [
        (
            YamlCode.ANCHOR,
            1,
            4,
            "Anker &x og aliasene *x på linje 2 og 3 er ikke tillatt;"
            " skriv verdien ut der hvert alias står",
        ),
        (
            YamlCode.ANCHOR,
            4,
            4,
            "Anker &y og aliaset *y på linje 5 er ikke tillatt; skriv verdien ut der aliaset står",
        ),
    ]


def test_an_anchor_no_alias_uses_and_an_alias_of_no_anchor_are_one_finding_each() -> None:
    loaded = load(b"a: &x 1\nb: *z\nc: *z\n")
    assert [(f.line, f.message) for f in loaded.findings] == [
        (1, "Anker &x er ikke tillatt"),
        (2, "Alias *z (her og på linje 3) er ikke tillatt; skriv verdien ut"),
    ]


def test_the_lines_of_the_aliases_are_the_editors_after_a_break_only_yaml_counts() -> None:
    """U+2028 in a quoted text is a line break to libyaml and none to an editor: the
    alias stands on the editor's line 3 (the parser's 4)."""
    loaded = load('b: "tekst\u2028meir"\na: &x 1\nc: *x\n'.encode())
    assert [(f.line, f.message) for f in loaded.findings] == [
        (2, "Anker &x og aliaset *x på linje 3 er ikke tillatt; skriv verdien ut der aliaset står")
    ]


def test_an_anchor_used_a_thousand_times_names_ten_lines() -> None:
    raw = b"a: &x 1\n" + b"".join(b"k%d: *x\n" % n for n in range(1000))
    [finding] = load(raw).findings
    assert finding.message == (
        "Anker &x og aliasene *x på linje 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 og … er ikke tillatt;"
        " skriv verdien ut der hvert alias står"
    )


def test_every_duplicate_key_is_reported_in_one_pass() -> None:
    loaded = load(b"a: 1\na: 2\nb: 1\nb: 2\n")
    assert [(f.code, f.line) for f in loaded.findings] == [
        (YamlCode.DUPLICATE_KEY, 2),
        (YamlCode.DUPLICATE_KEY, 4),
    ]
    assert "linje 1" in loaded.findings[0].message


def test_too_large_file_is_refused_before_parsing() -> None:
    loaded = load(b"a: '" + b"x" * MAX_BYTES + b"'\n")
    assert [f.code for f in loaded.findings] == [YamlCode.TOO_LARGE]


def test_unreadable_path_is_a_finding(tmp_path: Path) -> None:
    loaded = load_yaml(tmp_path / "missing.yaml")
    assert [f.code for f in loaded.findings] == [YamlCode.UNREADABLE]


def test_bom_and_crlf_are_accepted_with_positions_intact() -> None:
    loaded = load(b"\xef\xbb\xbfa: 1\r\nb:\r\n  c: tekst\r\n")
    assert loaded.findings == ()
    assert loaded.data == {"a": 1, "b": {"c": "tekst"}}
    assert loaded.source.values[("b", "c")] == (3, 6)
    assert loaded.first_line == "a: 1"


def test_tabs_inside_text_are_allowed() -> None:
    loaded = load(b"a: 'x\ty'\n")
    assert loaded.findings == ()
    assert loaded.data == {"a": "x\ty"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2026", 2026),
        ("-5", -5),
        ("017", 17),  # no octal: YAML 1.2 writes it 0o17
        # integers only YAML reads stay as typed, for the field to refuse them
        ("0o17", "0o17"),
        ("0x1F", "0x1F"),
        ("0b101", "0b101"),
        ("1_000", "1_000"),
        ("+12", "+12"),
        ("1.5", 1.5),
        ("true", True),
        ("yes", "yes"),  # YAML 1.2: not a boolean
        ("no", "no"),
        ("~", None),
        ("null", None),
        ("2025-01-01", "2025-01-01"),  # dates stay text; the models parse them
        ("'2026'", "2026"),
        ('"4032"', "4032"),
    ],
)
def test_scalars_follow_yaml_1_2(text: str, value: object) -> None:
    assert load(f"a: {text}\n".encode()).data == {"a": value}


def test_positions_of_keys_values_and_list_items() -> None:
    loaded = load(b"items:\n  - id: x\n    n: 1\n  - id: y\ntext: |\n  line one\n  line two\n")
    source = loaded.source
    assert source.keys[("items", 1, "id")] == (4, 5)
    assert source.values[("items", 0, "n")] == (3, 8)
    assert ("text",) in source.literal_blocks
    assert source.locate(("items", 1, "missing", 3)) == (4, 5)


def test_syntax_errors_explain_the_common_mistakes_in_norwegian() -> None:
    (finding,) = load(b"tittel: Plan: 2026\n").findings
    assert (finding.code, finding.line, finding.column) == (YamlCode.SYNTAX, 1, 13)
    assert "sett tekst som inneholder «: » i anførselstegn" in finding.message


def test_without_libyaml_the_pure_python_parser_gives_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import bygdevekst_cli.loader as loader

    raw = b"a: 1\nb:\n  - x\n  - 'y'\nc: |\n  tekst\n"
    with_libyaml = load(raw)
    pure_backend = loader._ruamel_backend(pure=True)
    assert pure_backend.name == "ruamel-pure"
    monkeypatch.setattr(loader, "default_backend", lambda: pure_backend)
    pure = load(raw)
    assert pure.data == with_libyaml.data == {"a": 1, "b": ["x", "y"], "c": "tekst\n"}
    assert pure.source == with_libyaml.source
    assert [f.code for f in load(b"a: 1\na: 2\n").findings] == [YamlCode.DUPLICATE_KEY]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nn", "Nøkkelen «a» står to gonger (første gong på linje 1)"),
        ("nb", "Nøkkelen «a» står to ganger (første gang på linje 1)"),
    ],
)
def test_messages_follow_the_pilots_written_standard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, expected: str
) -> None:
    from tests.helpers import check, copy_minimal, edit

    monkeypatch.delenv("BYGDEVEKST_LANGUAGE", raising=False)
    pilot = copy_minimal(tmp_path)
    edit(pilot / "pilot.yaml", "language: nn", f"language: {language}")
    (pilot / "plans" / "2027.yaml").write_text("a: 1\na: 2\n", encoding="utf-8")
    messages = [f.message for f in check(pilot).findings if f.code == YamlCode.DUPLICATE_KEY]
    assert messages == [expected]


def test_a_long_key_is_cut_in_the_message() -> None:
    key = "k" * 300
    finding = load(f"{key}: 1\n{key}: 2\n".encode()).findings[0]
    assert len(finding.message) < 150 and "…" in finding.message


# --- breaks only YAML counts: U+0085, U+2028, U+2029 (pasted from other programs) ----------

HIDDEN_BREAKS = ["\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("hidden", HIDDEN_BREAKS)
def test_positions_after_a_hidden_break_in_quotes_are_the_editors(hidden: str) -> None:
    """libyaml counts the character as a new line; editors, git and GitHub do not. Every
    position after it is given as they count it: the same as with a letter in its place."""
    text = 'title: "første\u00a0{}andre"\nb:\n  - 1\n  - {{c: !!str 3}}\nd: 4\n'
    with_break = load(text.format(hidden).encode())
    with_letter = load(text.format("x").encode())
    assert [(f.code, f.line, f.column) for f in with_break.findings] == [("BV004", 4, 9)]
    assert [(f.code, f.line, f.column) for f in with_letter.findings] == [("BV004", 4, 9)]
    assert with_break.source.values == with_letter.source.values
    assert with_break.source.keys == with_letter.source.keys


@pytest.mark.parametrize("hidden", HIDDEN_BREAKS)
@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: 1\nb: første{}andre\nc: 3\n", 2, 10),  # in plain text
        ("a: 1\nb: |\n  første{}andre\n  tredje\n", 3, 9),  # in a literal block
    ],
)
def test_a_hidden_break_that_breaks_the_syntax_is_named_where_it_is(
    hidden: str, text: str, line: int, column: int
) -> None:
    found = load(text.format(hidden).encode())
    assert [(f.code, f.line, f.column) for f in found.findings] == [(YamlCode.SYNTAX, line, column)]
    code = f"U+{ord(hidden):04X}"
    assert f"usynlig linjeskift ({code})" in found.findings[0].message
    assert found.data is None


def test_a_file_without_hidden_breaks_keeps_the_quick_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check for them is a scan of the text; a file without them is not moved."""
    import bygdevekst_cli.loader as loader

    def refused(*args: object) -> None:
        raise AssertionError("positions moved in a file without hidden breaks")

    monkeypatch.setattr(loader, "_on_editor_lines", refused)
    assert load('a: "første andre"\nb: !!str 3\n'.encode()).findings[0].line == 2
    assert load(b'a: "f\xc3\xb8rste andre"\nb: 3\n').findings == ()


def test_a_harmless_hidden_break_does_not_take_the_blame_for_another_syntax_error() -> None:
    """A break inside quotes is valid YAML: a missing bracket further down is the fault,
    reported where it is (on the editor's line), not the break."""
    text = 'a: "første\u2028andre"\nb: [1, 2\nc: 3\n'
    found = load(text.encode())
    with_letter = load(text.replace("\u2028", "x").encode())
    assert [(f.code, f.line, f.column) for f in found.findings] == [
        (f.code, f.line, f.column) for f in with_letter.findings
    ]
    assert found.findings[0].code == YamlCode.SYNTAX
    assert "usynlig linjeskift" not in found.findings[0].message
