"""Positions found when asked: a clean file records only the parser's marks as it is read,
and its source map is made from them as far as each question needs (``SourceMap``).

Every test compares that map with the one the full reading (``_Builder``) records for the
same text, which gives every position eagerly; they must agree on every path, asked in any
order, and after a trip through the results cache's plain form (``kept``/``from_kept``).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bygdevekst_cli import loader
from bygdevekst_cli.findings import YamlPath
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.loader import SourceMap, load_yaml_bytes
from tests.helpers import DATA

ROOT = DATA.parent.parent

SHAPES = {
    "nested": "a: 1\nb:\n  c: [1, 2, {d: x}]\n  e:\n    - f: 1\n      g: 2\n    - [3, 4]\n",
    "literal": "tekst: |\n  linje ein\n  linje to\nliste:\n  - |\n    blokk\n  - vanleg\n",
    "folded": "tekst: >\n  samanbrett\n  tekst\nneste: 2\n",
    "flow": "{a: 1, b: [x, y, {c: z}], 'd e': \"f\"}\n",
    "empty": "a: {}\nb: []\nc:\nd: ''\ne: [[], {}]\n",
    "keys": "2: to\n'2': to som tekst\ntrue: sann\n3.5: flyt\n~: ingenting\n2026-01-01: dato\n",
    "crlf": "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  blokk\r\n",
    "unicode": "namn: «Vinje» – Ørsta\nære: {å: ø}\nemoji: 🌲\n",
    "explicit": "%YAML 1.2\n---\na: 1\nb: [2]\n...\n",
    "comments": "# topp\na: 1  # etter\n\n# mellom\nb:\n  # inne\n  - 2\n",
    "deep": "a:" + "".join(f"\n{'  ' * n}k{n}:" for n in range(1, 20)) + " botn\n",
}


def texts() -> list[tuple[str, str]]:
    """The shapes above, and every YAML file of the bundled pilots and the test data."""
    found = list(SHAPES.items())
    for folder in (ROOT / "pilots", DATA):
        for path in sorted(folder.rglob("*.yaml")):
            found.append((path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")))
    return found


TEXTS = texts()


def eager(text: str) -> SourceMap:
    """The map the full reading records as it reads (every position, eagerly)."""
    backend = loader.default_backend()
    builder = loader._Builder("f.yaml", cli_words(None), backend.events)
    builder.build(backend.reader(text.removeprefix(loader.BOM)))
    return SourceMap(builder.values, builder.keys, frozenset(builder.literal_blocks))


def lazy(text: str) -> SourceMap:
    loaded = load_yaml_bytes(text.encode("utf-8"), Path("f.yaml"), "f.yaml")
    assert loaded.data is not None and loaded.findings == ()
    return loaded.source


def questions(full: SourceMap) -> list[tuple[YamlPath, bool]]:
    """Every path of the file as a value and as a key, and paths that are not in it: below
    a scalar, past the end of a list, an unknown key at each level."""
    paths = sorted(set(full.values) | set(full.keys), key=repr)
    absent: list[YamlPath] = [("finst-ikkje",), (0,)]
    for path in paths:
        absent += [(*path, "finst-ikkje"), (*path, 99), (*path, "finst-ikkje", 0)]
    return [(path, key) for path in [*paths, *absent] for key in (False, True)]


@pytest.mark.parametrize(("name", "text"), TEXTS, ids=[name for name, _ in TEXTS])
def test_a_clean_file_is_read_without_the_full_reading(name: str, text: str) -> None:
    """The files the tool reads every day take the clean reading: nothing is recorded
    for them but marks until a position is asked for."""
    source = lazy(text)
    assert source._data is not None, name
    assert not source._values


@pytest.mark.parametrize(("name", "text"), TEXTS, ids=[name for name, _ in TEXTS])
def test_every_position_asked_in_any_order_is_the_full_readings(name: str, text: str) -> None:
    full = eager(text)
    asked = questions(full)
    random.Random(name).shuffle(asked)
    source = lazy(text)
    for path, key in asked:
        assert source.locate(path, key=key) == full.locate(path, key=key), (name, path, key)
    assert source == full


@pytest.mark.parametrize(("name", "text"), TEXTS, ids=[name for name, _ in TEXTS])
def test_the_whole_map_is_the_full_readings(name: str, text: str) -> None:
    full, source = eager(text), lazy(text)
    assert source.values == full.values
    assert source.keys == full.keys
    assert source.literal_blocks == full.literal_blocks


@pytest.mark.parametrize("asked_first", [0, 1, 5, None])
@pytest.mark.parametrize(("name", "text"), TEXTS[:12], ids=[name for name, _ in TEXTS[:12]])
def test_a_kept_map_gives_the_same_positions(name: str, text: str, asked_first: int | None) -> None:
    """Kept before any position was asked, after some were, or after all were."""
    full = eager(text)
    loaded = load_yaml_bytes(text.encode("utf-8"), Path("f.yaml"), "f.yaml")
    assert loaded.data is not None
    asked = questions(full)
    for path, key in asked if asked_first is None else asked[:asked_first]:
        loaded.source.locate(path, key=key)
    again = SourceMap.from_kept(loaded.data, loaded.source.kept())
    for path, key in asked:
        assert again.locate(path, key=key) == full.locate(path, key=key), (path, key)
    assert again == full


@pytest.mark.parametrize(
    "kept",
    [
        ("order", [1, 2], [1], []),  # lines and columns of different lengths
        ("order", ["x"], [1], []),
        ("map", [], {}, []),
        ("other", 1, 2, 3),
        ("order", [1]),
    ],
)
def test_a_damaged_kept_map_is_refused(kept: tuple[object, ...]) -> None:
    with pytest.raises((TypeError, ValueError)):
        SourceMap.from_kept({"a": 1}, kept)


@pytest.mark.parametrize(("name", "text"), TEXTS[:12], ids=[name for name, _ in TEXTS[:12]])
def test_kept_marks_that_are_not_the_datas_are_refused(name: str, text: str) -> None:
    """A mark too many or too few, or a literal block past the end, is refused when the
    map is made again (a cache miss), not found out when a finding asks."""
    loaded = load_yaml_bytes(text.encode("utf-8"), Path("f.yaml"), "f.yaml")
    assert loaded.data is not None
    kind, lines, columns, literal = loaded.source.kept()
    for damaged in (
        (kind, lines[:-1], columns[:-1], literal),
        (kind, [*lines, 1], [*columns, 1], literal),
        (kind, lines, columns, [*literal, len(lines)]),
    ):
        with pytest.raises(ValueError):
            SourceMap.from_kept(loaded.data, damaged)


def test_a_file_with_a_defect_is_read_in_full_with_its_positions() -> None:
    loaded = load_yaml_bytes(b"a: 1\nb: &x 2\nc: 3\n", Path("f.yaml"), "f.yaml")
    assert loaded.data is None
    assert loaded.source._data is None
    assert loaded.source.values[("c",)] == (3, 4)


@pytest.mark.parametrize(
    "text",
    [
        "? a\n: 1\n",  # an explicit key: the same data, read in full
        "a: 1\n&k b: 2\n!!str c: 3\n",  # a key's anchor and tag are not looked at
        "&top\na: 1\n",
        "!!map\na: 1\n",
        "a: " + "[" * (loader.MAX_DEPTH - 1) + "]" * (loader.MAX_DEPTH - 1) + "\n",
    ],
)
def test_rarer_forms_give_the_same_data_and_positions_either_way(text: str) -> None:
    """What the clean reading leaves to the full reading reads as it always did."""
    loaded = load_yaml_bytes(text.encode("utf-8"), Path("f.yaml"), "f.yaml")
    backend = loader.default_backend()
    builder = loader._Builder("f.yaml", cli_words(None), backend.events)
    data = builder.build(backend.reader(text))
    assert loaded.data == (data if not builder.findings else None)
    assert loaded.source == eager(text)
