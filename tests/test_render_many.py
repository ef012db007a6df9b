"""``bygdevekst render`` of many documents in several formats in one call, through the real
CLI: the same files as one call per format, warnings told once, bad names refused first;
and the compiled templates kept in the cache folder."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bygdevekst_cli.render.environment import environment
from tests.helpers import REPO, run_cli

VEST_TELEMARK = REPO / "pilots" / "vest-telemark"
CASE = ("render", "case", str(VEST_TELEMARK), "--year", "2026", "--municipality", "all")
MUNICIPALITIES = ("fyresdal", "kviteseid", "nissedal", "seljord", "tokke", "vinje")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def content(path: Path) -> dict[str, bytes]:
    """A file's content to compare: a DOCX part by part (the XML, not the zip's dates)."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    return {"": path.read_bytes()}


def written(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_six_documents_in_four_formats_in_one_call_equal_one_call_per_format(
    workdir: Path,
) -> None:
    code, output = run_cli(*CASE, "--format", "md,html", "-f", "docx", "--format", "pdf")
    assert code == 0, output
    many = workdir / "out"
    expected = [
        f"vest-telemark/2026/saksframlegg-{m}.{ext}"
        for m in MUNICIPALITIES
        for ext in ("docx", "html", "md", "pdf")
    ]
    assert written(many) == expected
    assert output.count("Skreiv out/vest-telemark/2026/saksframlegg-") == 24
    # a document's warnings are told once, not once per format
    assert output.count("Kviteseid kommune manglar namnet til kommunedirektøren") == 1

    for ext in ("md", "html", "docx", "pdf"):
        code, output = run_cli(*CASE, "--format", ext, "--output", "single")
        assert code == 0, output
    single = workdir / "single"
    assert written(single) == expected
    for name in expected:
        assert content(many / name) == content(single / name), name


def test_a_repeated_format_is_written_once(workdir: Path) -> None:
    code, output = run_cli("render", "plan", str(VEST_TELEMARK), "-f", "md,html", "-f", "md")
    assert code == 0, output
    assert written(workdir / "out") == [
        "vest-telemark/2026/handlingsplan.html",
        "vest-telemark/2026/handlingsplan.md",
    ]
    assert output.count("handlingsplan.md") == 1


@pytest.mark.parametrize("formats", [("docx,rtf",), ("docx", "rtf"), ("md,",)])
def test_an_unknown_format_exits_2_with_the_choices_before_writing(
    workdir: Path, formats: tuple[str, ...]
) -> None:
    options = [item for value in formats for item in ("--format", value)]
    code, output = run_cli(*CASE, *options)
    assert code == 2, output
    bad = "rtf" if "rtf" in "".join(formats) else ""
    assert f"«--format»: Ukjent format «{bad}» (vel mellom md, html, docx, pdf)" in output
    assert "Traceback" not in output
    assert not (workdir / "out").exists()


def test_several_formats_never_go_to_standard_output(workdir: Path) -> None:
    code, output = run_cli("render", "plan", str(VEST_TELEMARK), "-f", "md,html", "-o", "-")
    assert code == 2, output
    assert "--output - gjeld berre eitt dokument i md eller html" in output
    assert not (workdir / "out").exists()


def test_one_document_in_one_format_may_still_name_the_file(workdir: Path) -> None:
    code, output = run_cli("render", "agreement", str(VEST_TELEMARK), "-f", "html", "-o", "a.html")
    assert code == 0, output
    assert (workdir / "a.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")


@pytest.fixture
def fresh_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and a Jinja environment that has compiled nothing yet."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BYGDEVEKST_CACHE_DIR", str(folder))
    monkeypatch.delenv("BYGDEVEKST_NO_CACHE", raising=False)
    environment.cache_clear()
    yield folder
    environment.cache_clear()


def test_compiled_templates_are_kept_and_give_the_same_documents(
    workdir: Path, fresh_templates: Path
) -> None:
    code, output = run_cli(*CASE, "-f", "md,html", "-o", "first")
    assert code == 0, output
    entries = sorted(fresh_templates.glob("template-*.marshal"))
    assert entries, "no compiled template was stored"
    stored = {p: p.read_bytes() for p in entries}

    environment.cache_clear()  # a new process: the templates come from the cache folder
    code, output = run_cli(*CASE, "-f", "md,html", "-o", "second")
    assert code == 0, output
    assert {p: p.read_bytes() for p in entries} == stored  # read, not compiled again
    first, second = workdir / "first", workdir / "second"
    assert written(first) == written(second)
    for name in written(first):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_damaged_compiled_template_is_compiled_again(
    workdir: Path, fresh_templates: Path
) -> None:
    code, output = run_cli("render", "plan", str(VEST_TELEMARK), "-o", "first")
    assert code == 0, output
    entries = sorted(fresh_templates.glob("template-*.marshal"))
    assert entries
    for entry in entries:
        entry.write_bytes(b"\x00not marshal")

    environment.cache_clear()
    code, output = run_cli("render", "plan", str(VEST_TELEMARK), "-o", "second")
    assert code == 0, output
    name = "vest-telemark/2026/handlingsplan.md"
    assert (workdir / "first" / name).read_bytes() == (workdir / "second" / name).read_bytes()
    assert all(entry.read_bytes() != b"\x00not marshal" for entry in entries)  # rewritten
