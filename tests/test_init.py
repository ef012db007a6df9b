"""``bygdevekst init``: a new pilot folder that validates, with comments in its own standard."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import Language, Pilot
from bygdevekst_cli.rules.language import marker_words
from tests.helpers import run_cli


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pilots").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def comment_text(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(
        m.group(1) for line in lines if (m := re.search(r"#(?! yaml-language-server)(.*)$", line))
    )


@pytest.mark.parametrize("language", [Language.NYNORSK, Language.BOKMAAL])
def test_a_new_pilot_validates_and_speaks_its_own_standard(repo: Path, language: Language) -> None:
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", language.value)
    assert code == 0, output
    folder = repo / "pilots" / "nye-dalen"
    assert sorted(p.name for p in folder.iterdir()) == ["agreement.yaml", "pilot.yaml"]
    assert "Skrev pilots/nye-dalen/pilot.yaml" in output
    assert "Fyll inn:" in output
    code, output = run_cli("validate", "pilots/nye-dalen", "--format", "json")
    assert code == 0, output
    warnings = Counter(f["code"] for f in json.loads(output)["findings"])
    # what is still to fill in: the county, the texts, the sub-goal's title, municipalities
    assert warnings == {"BV226": 10, "BV227": 1}
    markers = marker_words()
    for name in ("pilot.yaml", "agreement.yaml"):
        text = comment_text(folder / name)
        assert len(text.splitlines()) >= 4
        assert markers.find(text, language) == [], (name, markers.find(text, language))
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{name[:-5]}.schema.json"
    pilot = Pilot.model_validate(load_yaml(folder / "pilot.yaml").data)
    assert (pilot.id, pilot.name, pilot.language) == ("nye-dalen", "Nye dalen", language)


def test_the_new_files_are_in_canonical_form(repo: Path) -> None:
    run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn")
    assert run_cli("fmt", "--check")[0] == 0


def test_municipalities_get_their_numbers(repo: Path) -> None:
    code, _ = run_cli(
        "init", "vest", "--name", "Vest", "--lang", "nn", "--county", "Telemark",
        "-m", "Fyresdal", "-m", "Tokke",
    )  # fmt: skip
    assert code == 0
    pilot = Pilot.model_validate(load_yaml(repo / "pilots" / "vest" / "pilot.yaml").data)
    assert pilot.county == "Telemark"
    assert [(p.id, p.municipality_number) for p in pilot.municipalities] == [
        ("fyresdal", "4032"),
        ("tokke", "4034"),
    ]
    assert run_cli("validate", "pilots/vest")[0] == 0


def test_a_name_in_two_counties_needs_the_county(repo: Path) -> None:
    code, output = run_cli("init", "sor", "--name", "Sør", "--lang", "nb", "-m", "Våler")
    assert code == 1
    assert "fant ikke kommunen «Våler» i kommunelisten (2024); angi fylket med --county" in output
    code, _ = run_cli(
        "init", "sor", "--name", "Sør", "--lang", "nb", "-m", "Våler", "--county", "Innlandet"
    )
    assert code == 0
    pilot = Pilot.model_validate(load_yaml(repo / "pilots" / "sor" / "pilot.yaml").data)
    assert pilot.municipalities[0].municipality_number == "3419"


def test_an_existing_folder_is_refused(repo: Path) -> None:
    (repo / "pilots" / "nye-dalen").mkdir()
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn")
    assert code == 1
    assert "finnes allerede" in output
    assert list((repo / "pilots" / "nye-dalen").iterdir()) == []


@pytest.mark.parametrize("bad", ["Nye-Dalen", "nye dalen", "_dalen", "dalen/x", "a" * 65])
def test_an_id_outside_the_pattern_is_refused(repo: Path, bad: str) -> None:
    code, output = run_cli("init", bad, "--name", "X", "--lang", "nn")
    assert code == 1
    assert "ugyldig pilot-ID" in output
    assert list((repo / "pilots").iterdir()) == []


def test_dir_puts_the_pilot_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run_cli("init", "x", "--name", "X", "--lang", "nb", "--dir", "andre")
    assert code == 0, output
    assert (tmp_path / "andre" / "x" / "pilot.yaml").is_file()
    assert not [p for p in (tmp_path / "andre").iterdir() if p.name.startswith(".")]


def test_a_language_other_than_nn_or_nb_is_a_usage_error(repo: Path) -> None:
    code, _ = run_cli("init", "x", "--name", "X", "--lang", "se")
    assert code == 2


def test_the_municipality_table_is_whole_and_consistent() -> None:
    from bygdevekst_cli.municipalities import register

    table = register()

    def number(name: str, county: str | None = None) -> str | None:
        found = table.find(name, county)
        return found.number if found is not None else None

    numbers = [m.number for m in table.municipalities]
    assert len(numbers) == len(set(numbers)) == 357
    for municipality in table.municipalities:
        assert re.fullmatch(r"\d{4}", municipality.number)
        assert municipality.number[:2] == table.counties[municipality.county]
    assert number("Seljord") == "4022"
    assert number("Tana") == number("Deatnu") == "5628"
    assert number("Våler") is None
    assert number("Våler kommune", "Østfold") == "3114"
