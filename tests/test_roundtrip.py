"""The round-trip loader and dumper every writing command uses: bundled files come back as is."""

from __future__ import annotations

from pathlib import Path

import pytest

from bygdevekst_cli.editing import roundtrip
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.loader import load_yaml
from tests.helpers import MINIMAL, REPO

BUNDLED = sorted((REPO / "pilots").rglob("*.yaml")) + sorted(MINIMAL.rglob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_bundled_file_round_trips_byte_for_byte(path: Path) -> None:
    raw = path.read_bytes()
    data = roundtrip.loads(raw.decode("utf-8"), path.name)
    assert roundtrip.dumps(data).encode("utf-8") == raw


def test_there_are_bundled_files_to_check() -> None:
    assert len([p for p in BUNDLED if "pilots" in p.parts]) >= 8


def test_windows_line_endings_and_byte_order_mark_are_read_and_written_plainly(
    tmp_path: Path,
) -> None:
    source = (MINIMAL / "pilot.yaml").read_text(encoding="utf-8")
    windows = tmp_path / "pilot.yaml"
    windows.write_bytes(b"\xef\xbb\xbf" + source.replace("\n", "\r\n").encode("utf-8"))
    text = roundtrip.dumps(roundtrip.load(windows, "pilot.yaml"))
    assert text == source
    assert load_yaml(windows).data == load_yaml(MINIMAL / "pilot.yaml").data


def test_yes_no_and_dates_keep_their_yaml_1_2_meaning() -> None:
    data = roundtrip.loads("a: yes\nb: 2026-02-19\nc: '0301'\nd: null\n", "x.yaml")
    assert data["a"] == "yes"
    assert roundtrip.dumps(data) == "a: yes\nb: 2026-02-19\nc: '0301'\nd: null\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [1, 2\n", "x.yaml:2: YAML-syntaksfeil"),
        ("- 1\n- 2\n", "x.yaml: toppnivået må være en tabell"),
        # worded as validate words them, where the round-trip parser says it in English
        ("a: 1\na: 2\n", "x.yaml:2: Nøkkelen «a» står to ganger (første gang på linje 1)"),
        ("a:\n\tb: 1\n", "x.yaml:2: Tabulator i innrykk; bruk mellomrom i YAML"),
        ("a: 1\n---\nb: 2\n", "x.yaml:2: Filen har flere YAML-dokumenter (---)"),
        ("a: b: c\n", "x.yaml:1: YAML-syntaksfeil: kolon på feil sted;"),
    ],
)
def test_bad_yaml_is_a_one_line_user_error_with_file_and_line(text: str, message: str) -> None:
    with pytest.raises(UserError) as raised:
        roundtrip.loads(text, "x.yaml")
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_a_file_that_is_not_utf8_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes("year: 2026\ntitle: Bø\n".encode("latin-1"))
    with pytest.raises(UserError, match=r"plan.yaml:2: Filen er ikke UTF-8, men ser ut til å være"):
        roundtrip.load(path, "plan.yaml")
    path.write_bytes(b"year: 2026\ntitle: B\x81\n")  # no letter in Windows-1252 either
    with pytest.raises(UserError, match=r"plan.yaml:2: filen er ikke UTF-8; lagre den som UTF-8"):
        roundtrip.load(path, "plan.yaml")
