"""The loader reads every file the same with each YAML parser it can use.

``validate`` reads through PyYAML's libyaml parser; before, it read through ruamel's
(ruamel.yaml.clib), and without either it falls back to ruamel's pure-Python parser. Data,
positions, literal blocks and findings (code, message, line, column) must not depend on
which one a machine has: the same files, the bundled pilots, the test pilots and generated
pilots, and defective snippets for every kind of YAML finding, are read with each.
"""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bygdevekst_cli import loader
from bygdevekst_cli.loader import LoadedYaml, YamlBackend, load_yaml_bytes

REPO = Path(__file__).resolve().parent.parent

BACKENDS = {
    backend.name: backend
    for backend in (
        loader._pyyaml_backend(),
        loader._ruamel_backend(),
        loader._ruamel_backend(pure=True),
    )
    if backend is not None
}


def _same(value: Any) -> Any:
    """``value`` with NaN made comparable (NaN is never equal to itself)."""
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, dict):
        return {k: _same(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_same(v) for v in value]
    return value


def _read(raw: bytes, backend: YamlBackend, language: str = "nn") -> tuple[Any, ...]:
    loaded: LoadedYaml = load_yaml_bytes(raw, Path("x.yaml"), "x.yaml", language, backend)
    data = _same(loaded.data)
    # types too: 1 and True, 1 and 1.0 compare equal
    return (
        repr(data),
        data,
        loaded.source,
        [(f.code, f.message, f.line, f.column, f.severity) for f in loaded.findings],
        loaded.first_line,
    )


def test_the_default_is_libyaml_through_pyyaml() -> None:
    assert loader.default_backend().name == "pyyaml-libyaml"
    assert {"pyyaml-libyaml", "ruamel-libyaml", "ruamel-pure"} <= set(BACKENDS)


def _repository_files() -> list[Path]:
    found = [
        *sorted((REPO / "pilots").rglob("*.yaml")),
        *sorted((REPO / "tests" / "data").rglob("*.yaml")),
        *sorted((REPO / "tests" / "data").rglob("*.yml")),
        *sorted((REPO / "src" / "bygdevekst_cli" / "data").glob("*.yaml")),
        *sorted((REPO / "ci").rglob("*.y*ml")),
    ]
    assert len(found) > 20
    return found


def _compared(read: tuple[Any, ...], backend: str) -> tuple[Any, ...]:
    """What must agree: everything between the libyaml parsers; the pure-Python parser
    places an empty value (``key:`` with nothing after it) elsewhere, as it always has,
    so with it the positions are left out."""
    return read if backend != "ruamel-pure" else (*read[:2], *read[3:])


def test_every_bundled_and_test_file_reads_the_same_with_every_parser() -> None:
    reference = BACKENDS["pyyaml-libyaml"]
    for path in _repository_files():
        raw = path.read_bytes()
        expected = _read(raw, reference)
        for name, backend in BACKENDS.items():
            got = _compared(_read(raw, backend), name)
            assert got == _compared(expected, name), f"{path} with {name}"


def test_generated_pilots_read_the_same_with_every_parser(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(tmp_path), "--pilots", "2"],
        check=True,
        capture_output=True,
    )
    files = sorted((tmp_path / "pilots").rglob("*.yaml"))
    assert len(files) >= 6
    for path in files:
        raw = path.read_bytes()
        expected = _read(raw, BACKENDS["pyyaml-libyaml"])
        assert expected[3] == [], path  # a generated file has no YAML defect
        for name, backend in BACKENDS.items():
            assert _read(raw, backend) == expected, f"{path} with {name}"


SNIPPETS = {
    # scalars under the YAML 1.2 core schema
    "core schema": (
        "a: yes\nb: no\nc: on\nd: off\ne: true\nf: False\ng: ~\nh: null\ni:\n"
        "j: 0o17\nk: 017\nl: 0x1F\nm: 1_000\nn: 1.5\no: .inf\np: -.Inf\nq: .nan\n"
        "r: 2026-02-19\ns: 2026-02-19T10:00:00\nt: '2026'\nu: \"1.4\"\nv: +12\nw: -0\n"
        "x: 1e3\ny: 12:30\nz: 0b101\n"
    ),
    "block scalars": "a: |\n  one\n  two\nb: >\n  folded\n  text\nc: |-\n  kept\n",
    "flow": "a: [1, two, 'three', {b: c, d: [e]}]\nf: {}\ng: []\n",
    "nested": "a:\n  b:\n    - c: 1\n      d: [x]\n    - - y\n      - z\n",
    "unicode": "namn: Ålesund – «sitat» ✓\nnøkkel: verdi\n",
    "windows line ends": "a: 1\r\nb:\r\n  - x\r\n",
    "bom": "\ufeffa: 1\n",
    "comments": "# yaml-language-server: $schema=x.json\na: 1  # note\n# end\n",
    # every YAML finding
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "duplicate nested key": "a:\n  b: 1\n  b:\n    c: 2\n",
    "anchor and alias": "a: &x 1\nb: *x\n",
    "anchor on a mapping": "a: &m\n  b: 1\n",
    "tag": "a: !!str 1\nb: !custom x\n",
    "tag on a list": "a: !!seq\n  - 1\n",
    "several documents": "a: 1\n---\nb: 2\n",
    "document end": "a: 1\n...\n",
    "not a mapping": "- a\n- b\n",
    "scalar root": "just text\n",
    "empty": "",
    "only a comment": "# nothing\n",
    "null document": "~\n",
    "complex key": "? [a, b]\n: 1\n",
    "mapping key": "{a: 1}: 2\n",
    "tab": "a:\n\tb: 1\n",
    "tab after spaces": "a:\n  \tb: 1\n",
    "mapping values not allowed": "a: b: c\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "unclosed quote": "a: 'open\nb: 1\n",
    "unclosed flow": "a: [1, 2\nb: 3\n",
    "unclosed flow mapping": "a: {b: 1\nc: 2\n",
    "bad escape": 'a: "\\q"\n',
    "cannot start token": "a: `x`\n",
    "dash in mapping": "a: 1\n- b\n",
    "undefined alias": "a: *nope\n",
    "control character": "a: b\x01c\n",
    "directive": "%YAML 1.2\n---\na: 1\n",
    "old directive": "%YAML 1.1\n---\na: yes\n",
    "deep": "".join(f"{'  ' * i}k{i}:\n" for i in range(30)) + "  " * 30 + "v: 1\n",
    "deep list": "a: " + "[" * 30 + "]" * 30 + "\n",
    "deep at the limit": "".join(f"{'  ' * i}k{i}:\n" for i in range(22)) + "  " * 22 + "v: 1\n",
    "integer keys": "1: a\n2.5: b\ntrue: c\n~: d\n",
    "quoted keys": "'1': a\n\"b\": c\n",
    "long key": "k" * 300 + ": 1\n" + "k" * 300 + ": 2\n",
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
@pytest.mark.parametrize("language", ["nn", "nb"])
def test_snippets_read_the_same_with_every_libyaml_parser(name: str, language: str) -> None:
    raw = SNIPPETS[name].encode("utf-8")
    expected = _read(raw, BACKENDS["ruamel-libyaml"], language)
    assert _read(raw, BACKENDS["pyyaml-libyaml"], language) == expected


def test_the_snippets_cover_every_yaml_finding() -> None:
    """The snippets above reach every finding the parse itself can give (not the size,
    encoding and unreadable file checks, which come before any parser)."""
    reference = BACKENDS["pyyaml-libyaml"]
    codes = {code for raw in SNIPPETS.values() for code, *_ in _read(raw.encode(), reference)[3]}
    expected = {
        loader.YamlCode.SYNTAX,
        loader.YamlCode.TAB,
        loader.YamlCode.DUPLICATE_KEY,
        loader.YamlCode.TAG,
        loader.YamlCode.ANCHOR,
        loader.YamlCode.TOO_DEEP,
        loader.YamlCode.MULTI_DOCUMENT,
        loader.YamlCode.NOT_MAPPING,
        loader.YamlCode.COMPLEX_KEY,
        loader.YamlCode.DIRECTIVE,
    }
    assert codes == expected


def test_the_scalar_rules_are_ruamels_yaml_1_2_rules() -> None:
    """The loader keeps a copy of ruamel's YAML 1.2 resolver rules, so that reading a file
    does not import ruamel: the copy must be exactly what ruamel has."""
    from ruamel.yaml.resolver import VersionedResolver

    ruamel = {
        first: [(str(tag), rule.pattern, rule.flags) for tag, rule in rules]
        for first, rules in VersionedResolver(version=(1, 2)).versioned_resolver.items()
    }
    ours = {
        first: [(tag, rule.pattern, rule.flags) for tag, rule in rules]
        for first, rules in loader._implicit_resolvers().items()
    }
    assert ours == ruamel


def test_reading_a_file_imports_no_ruamel() -> None:
    code = (
        "import sys; from pathlib import Path; from bygdevekst_cli.loader import load_yaml_bytes;"
        "load_yaml_bytes(b'a: 1\\n', Path('x'), 'x');"
        "print(sorted(m for m in sys.modules if m.startswith('ruamel')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("name", sorted(BACKENDS))
@pytest.mark.parametrize("hidden", ["\x85", "\u2028", "\u2029"])
def test_positions_after_a_quoted_hidden_break_are_the_editors_with_every_parser(
    name: str, hidden: str
) -> None:
    """libyaml counts U+0085, U+2028 and U+2029 as line breaks (YAML 1.1), ruamel's pure
    parser does not (YAML 1.2): either way, positions are the editor's."""
    text = 'a: "første{}andre"\nb: [1, 2]\nc: {{d: !!str 3}}\ne: [1, 2\n'
    backend = BACKENDS[name]
    found = load_yaml_bytes(text.format(hidden).encode(), Path("f.yaml"), "f.yaml", None, backend)
    letter = load_yaml_bytes(text.format("x").encode(), Path("f.yaml"), "f.yaml", None, backend)
    assert [(f.code, f.line, f.column) for f in found.findings] == [
        (f.code, f.line, f.column) for f in letter.findings
    ]
    assert found.findings


def test_libyaml_reads_the_files_bytes_as_it_reads_their_text() -> None:
    """PyYAML's libyaml is handed a file's UTF-8 bytes, not the decoded text it would encode
    again: with a byte order mark, letters outside Latin-1 («–», «’», «ŋ») and a literal
    block, the data and every position are those of the text read through ruamel's libyaml
    (which is handed the text), and those of the text handed to PyYAML itself."""
    text = "tittel: Tiltak – «Bygdevekst»\nmål:\n  - Noko’s ŋ\n  - |\n    Linje to – her\nsum: 2\n"
    raw = "\ufeff".encode() + text.encode("utf-8")
    pyyaml = BACKENDS["pyyaml-libyaml"]
    assert pyyaml.reads_utf8
    as_text = dataclasses.replace(pyyaml, reads_utf8=False)
    read = _read(raw, pyyaml)
    assert read[1] == {
        "tittel": "Tiltak – «Bygdevekst»",
        "mål": ["Noko’s ŋ", "Linje to – her\n"],
        "sum": 2,
    }
    assert read == _read(raw, as_text) == _read(raw, BACKENDS["ruamel-libyaml"])
    assert read[2].values[("mål", 1)] == (4, 5)
    assert ("mål", 1) in read[2].literal_blocks
