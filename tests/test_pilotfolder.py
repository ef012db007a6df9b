"""The files of a pilot folder as ``FolderSource`` finds them: YAML files inside, links out."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from bygdevekst_cli.pilotfolder import FolderSource, inside
from tests.helpers import MINIMAL, run_cli


def _walked_with_os_walk(folder: Path) -> tuple[list[str], list[str]]:
    """What ``FolderSource`` gave when it walked with ``os.walk`` (the reference)."""
    root = folder.resolve()
    found: list[str] = []
    outside: list[str] = []
    for current, folders, names in os.walk(folder):
        here = Path(current)
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in list(folders):
            if (here / name).is_symlink():
                folders.remove(name)
                if not inside(here / name, root):
                    outside.append((here / name).relative_to(folder).as_posix())
            elif name.endswith((".yaml", ".yml")):  # a folder where a file belongs
                folders.remove(name)
                found.append((here / name).relative_to(folder).as_posix())
        for name in names:
            path = here / name
            if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                continue
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink() and not inside(path, root):
                outside.append(relative)
            elif path.is_file():
                found.append(relative)
    return sorted(found), sorted(outside)


@pytest.fixture
def tangled(tmp_path: Path) -> Path:
    """A pilot folder with every kind of entry: files, hidden ones, deeper folders, a
    folder named like a file, and links to files and folders inside and outside."""
    pilot = tmp_path / "pilots" / "alfa"
    (pilot / "plans" / "old").mkdir(parents=True)
    (pilot / ".hidden").mkdir()
    (pilot / "data.yaml").mkdir()
    outside = tmp_path / "elsewhere"
    (outside / "folder").mkdir(parents=True)
    for name in (
        "pilot.yaml",
        "agreement.yml",
        "notes.txt",
        ".secret.yaml",
        "plans/2026.yaml",
        "plans/old/2024.yaml",
        ".hidden/x.yaml",
        "data.yaml/inner.yaml",
    ):
        (pilot / name).write_text("a: 1\n", encoding="utf-8")
    (outside / "stolen.yaml").write_text("a: 1\n", encoding="utf-8")
    (outside / "folder" / "more.yaml").write_text("a: 1\n", encoding="utf-8")
    links = {
        "plans/2027.yaml": pilot / "plans" / "2026.yaml",  # a file inside: read
        "plans/2028.yaml": outside / "stolen.yaml",  # a file outside: reported
        "plans/gone.yaml": tmp_path / "missing.yaml",  # dangling: reported
        "copy": pilot / "plans",  # a folder inside: not walked into
        "away": outside / "folder",  # a folder outside: reported
        ".away": outside / "folder",  # hidden: left alone
        "text.txt": outside / "stolen.yaml",  # not YAML: left alone
    }
    for name, target in links.items():
        (pilot / name).symlink_to(target)
    return pilot


def test_the_files_and_links_are_what_os_walk_gave(tangled: Path) -> None:
    source = FolderSource(tangled)
    assert (source.yaml_files(), source.links_outside()) == _walked_with_os_walk(tangled)
    assert source.yaml_files() == [
        "agreement.yml",
        "data.yaml",  # a folder: listed where a file belongs, so reading it says so
        "pilot.yaml",
        "plans/2026.yaml",
        "plans/2027.yaml",
        "plans/old/2024.yaml",
    ]
    assert source.links_outside() == ["away", "plans/2028.yaml", "plans/gone.yaml"]


def test_a_folder_that_is_not_there_has_no_files(tmp_path: Path) -> None:
    source = FolderSource(tmp_path / "nothing")
    assert (source.yaml_files(), source.links_outside()) == ([], [])
    assert _walked_with_os_walk(tmp_path / "nothing") == ([], [])


def test_the_bundled_and_test_pilots_give_the_same_files() -> None:
    pilots = Path(__file__).resolve().parent.parent / "pilots"
    folders = [p for p in sorted(pilots.iterdir()) if p.is_dir()]
    folders += [p.parent for p in (Path(__file__).parent / "data").rglob("pilot.yaml")]
    assert len(folders) > 4
    for folder in folders:
        source = FolderSource(folder)
        assert (source.yaml_files(), source.links_outside()) == _walked_with_os_walk(folder)


def test_a_link_out_and_a_link_that_leads_nowhere_are_told_apart(tmp_path: Path) -> None:
    """A link out of the folder is not followed; a dangling link or a loop is not one that
    leads out, and its finding says what it is."""
    from bygdevekst_cli.pilotset import read_pilot

    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(MINIMAL, pilot)
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("a: 1\n", encoding="utf-8")
    (pilot / "plans" / "2028.yaml").symlink_to(outside)
    (pilot / "plans" / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    (pilot / "plans" / "loop.yaml").symlink_to(pilot / "plans" / "loop.yaml")
    files = read_pilot(pilot, "pilots/testdalen")
    said = {f.file: f.message for f in files.findings if f.code == "BV011"}
    assert said == {
        "pilots/testdalen/plans/2028.yaml": "«plans/2028.yaml» er ei symbolsk lenkje ut av "
        "pilotmappa; ho blir ikkje følgd, og innhaldet blir ikkje lese",
        "pilots/testdalen/plans/gone.yaml": "«plans/gone.yaml» er ei symbolsk lenkje som ikkje "
        "fører fram (målet finst ikkje, eller lenkja går i ring); ho blir ikkje følgd",
        "pilots/testdalen/plans/loop.yaml": "«plans/loop.yaml» er ei symbolsk lenkje som ikkje "
        "fører fram (målet finst ikkje, eller lenkja går i ring); ho blir ikkje følgd",
    }


@pytest.mark.parametrize("target", ["plans", "missing"])
def test_a_plans_folder_that_is_a_link_to_nowhere_is_told_not_left_out(
    tmp_path: Path, target: str
) -> None:
    """``plans`` as a link to itself (a loop) or to nothing: before, no word, and the pilot
    was checked as if it had no plans."""
    from bygdevekst_cli.pilotset import read_pilot

    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(MINIMAL, pilot)
    shutil.rmtree(pilot / "plans")
    (pilot / "plans").symlink_to(target)
    files = read_pilot(pilot, "pilots/testdalen")
    assert [(f.code, f.file, f.message) for f in files.findings] == [
        (
            "BV011",
            "pilots/testdalen/plans",
            "«plans» er ei symbolsk lenkje som ikkje fører fram (målet finst ikkje, eller"
            " lenkja går i ring); ho blir ikkje følgd",
        )
    ]


def test_a_required_file_linked_out_is_told_once_not_also_as_missing(tmp_path: Path) -> None:
    """agreement.yaml as a link out of the pilot: BV011 says it is not followed; BV014
    had said too that the folder lacked agreement.yaml, «meant agreement.yaml?»."""
    from bygdevekst_cli.pilotset import read_pilot

    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(MINIMAL, pilot)
    outside = tmp_path / "agreement.yaml"
    (pilot / "agreement.yaml").rename(outside)
    (pilot / "agreement.yaml").symlink_to(outside)
    files = read_pilot(pilot, "pilots/testdalen")
    assert [(f.code, f.file) for f in files.findings] == [
        ("BV011", "pilots/testdalen/agreement.yaml")
    ]


def test_a_folder_named_as_a_plan_is_an_error_not_left_out(tmp_path: Path) -> None:
    # plans/2027.yaml made as a folder (an unzipped attachment, a slip in Explorer) was
    # walked into: validate said «Ingen feil» and the plan was silently left out; an
    # agreement.yaml folder was «manglar agreement.yaml; meinte du «agreement.yaml»?»
    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(MINIMAL, pilot)
    (pilot / "plans" / "2027.yaml").mkdir()
    (pilot / "agreement.yaml").unlink()
    (pilot / "agreement.yaml").mkdir()
    code, output = run_cli("validate", str(pilot))
    assert code == 1
    for name in ("plans/2027.yaml", "agreement.yaml"):
        assert f"{name}: feil BV011 Kan ikkje lese fila: det er ei mappe, ikkje ei fil" in output
    assert "meinte du" not in output


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_a_plans_file_where_the_folder_belongs_is_an_error_not_left_out(
    tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``plans`` as a file (a zip's leftover, a plan saved without its folder): ``validate``
    said «Ingen feil» and checked the pilot as if it had no plans. It is an error at the
    file, in the pilot's written standard, and the command exits 1."""
    pilot = tmp_path / "pilots" / "testdalen"
    shutil.copytree(MINIMAL, pilot)
    shutil.rmtree(pilot / "plans")
    (pilot / "plans").write_text("schema_version: 2\nyear: 2026\n", encoding="utf-8")
    if lang == "nb":
        pilot_yaml = pilot / "pilot.yaml"
        pilot_yaml.write_text(
            pilot_yaml.read_text(encoding="utf-8").replace("language: nn", "language: nb"),
            encoding="utf-8",
        )
    monkeypatch.chdir(tmp_path)
    code, output = run_cli("validate", "pilots/testdalen", "-f", "json")
    assert code == 1, output
    found = [f for f in json.loads(output)["findings"] if f["code"] == "BV011"]
    expected = {
        "nn": "Dette er ei fil, ikkje ei mappe: handlingsplanane til piloten skal liggje i"
        " mappa plans/, så ingen handlingsplan er kontrollert",
        "nb": "Dette er en fil, ikke en mappe: handlingsplanene til piloten skal ligge i"
        " mappen plans/, så ingen handlingsplan er kontrollert",
    }[lang]
    assert [(f["file"], f["severity"]) for f in found] == [("pilots/testdalen/plans", "error")]
    assert found[0]["message"].startswith(expected)


def test_a_plans_folder_is_no_finding_and_a_plans_link_to_nowhere_is_told_once(
    tmp_path: Path,
) -> None:
    """The check of ``plans`` finds nothing in a pilot as it should be, and a broken link
    named ``plans`` keeps its one finding (the link's), not a second one."""
    from bygdevekst_cli.pilotfolder import FolderSource

    pilot = tmp_path / "testdalen"
    shutil.copytree(MINIMAL, pilot)
    assert not FolderSource(pilot).plans_not_folder()
    shutil.rmtree(pilot / "plans")
    (pilot / "plans").symlink_to("missing")
    assert not FolderSource(pilot).plans_not_folder()
