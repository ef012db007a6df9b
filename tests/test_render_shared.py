"""What one ``render`` call shares across its documents and formats gives the files that
separate calls give: the pilot read once, one Markdown parse per document for HTML, DOCX
and PDF, one Typst compiler for every PDF."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdf
import pytest
import typst

from bygdevekst_cli import pilotset, validate
from bygdevekst_cli.pilotset import read_pilot
from bygdevekst_cli.render import output
from bygdevekst_cli.render.documents import Request
from bygdevekst_cli.render.formats import glyphs, pdf
from bygdevekst_cli.render.formats.html import body_html
from bygdevekst_cli.render.markdown import document_tokens, parse, parser
from bygdevekst_cli.render.output import prepare_pilot
from bygdevekst_cli.render.pipeline import Rendered
from tests.helpers import REPO, run_cli

VEST_TELEMARK = REPO / "pilots" / "vest-telemark"
TOWNS = ("fyresdal", "kviteseid", "nissedal", "seljord", "tokke", "vinje")
FORMATS = ("md", "html", "docx", "pdf")


def _content(path: Path) -> dict[str, bytes]:
    """A DOCX part by part (the zip's dates aside); any other file as it is."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    return {"": path.read_bytes()}


def _case(town: str, folder: Path) -> tuple[int, str]:
    return run_cli(
        "render", "case", str(VEST_TELEMARK), "--year", "2026", "--municipality", town,
        "--format", ",".join(FORMATS), "--output", str(folder),
    )  # fmt: skip


def test_six_documents_in_one_call_equal_six_calls_of_one_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the same day in every call
    code, told = _case("all", tmp_path / "all")
    assert code == 0, told
    for town in TOWNS:
        code, told = _case(town, tmp_path / town)
        assert code == 0, told
    many = sorted(p for p in (tmp_path / "all").rglob("*") if p.is_file())
    assert len(many) == len(TOWNS) * len(FORMATS)
    for path in many:
        town = path.stem.rsplit("-", 1)[1]
        alone = tmp_path / town / path.relative_to(tmp_path / "all")
        assert _content(path) == _content(alone), path.name


def test_the_pilot_is_read_once_for_the_check_and_the_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders: list[Path] = []

    def counted(folder: Path, display: str) -> object:
        folders.append(folder)
        return read_pilot(folder, display)

    for module in (pilotset, output, validate):  # wherever a caller finds it
        if hasattr(module, "read_pilot"):
            monkeypatch.setattr(module, "read_pilot", counted)
    code, told = _case("all", tmp_path)
    assert code == 0, told
    assert folders == [VEST_TELEMARK]


def test_a_broken_pilot_is_still_refused_before_anything_is_written(tmp_path: Path) -> None:
    pilot = tmp_path / "vest-telemark"
    pilot.mkdir()
    for path in VEST_TELEMARK.rglob("*"):
        target = pilot / path.relative_to(VEST_TELEMARK)
        if path.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_bytes(path.read_bytes())
    plan = pilot / "plans" / "2026.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("schema_version: 2", "schema_version: 99"),
        encoding="utf-8",
    )
    code, told = run_cli(
        "render", "case", str(pilot), "--year", "2026", "--municipality", "all",
        "--format", "md,pdf", "--output", str(tmp_path / "out"),
    )  # fmt: skip
    assert code != 0
    assert "--draft" in told
    assert "Traceback" not in told
    assert not (tmp_path / "out").exists()


def _rendered() -> list[Rendered]:
    prepared = prepare_pilot(str(VEST_TELEMARK), Request("case", 2026, "all"), cwd=REPO)
    return list(prepared.render())


def test_html_leaves_the_shared_parse_as_it_was_and_equals_a_fresh_parse() -> None:
    rendered = _rendered()[0]
    markdown = rendered.body + "\n[Gáivuotna](lang:se) og ![Eit bilete](bilete.png)\n"
    shared = document_tokens(markdown)
    before = [token.as_dict() for token in shared]
    html = body_html(markdown)
    assert '<span lang="se">Gáivuotna</span>' in html
    assert 'scope="col"' in html and 'alt="Eit bilete"' in html
    assert [token.as_dict() for token in shared] == before
    assert body_html(markdown) == html  # again, from the same shared tokens
    fresh = parse(markdown)
    assert [token.as_dict() for token in fresh] == before
    assert parser().renderer.render(fresh, parser().options, {}) != html  # it did change


def _text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_shared_typst_compiler_gives_what_a_fresh_compiler_gives() -> None:
    documents = _rendered()
    shared = [pdf.convert(rendered) for rendered in documents]
    for rendered, data in zip(documents, shared, strict=True):
        fresh = typst.Compiler(ignore_system_fonts=True).compile(
            input=pdf.typst_source(rendered).encode("utf-8"),
            format="pdf",
            pdf_standards=["a-2a", "ua-1"],
            timestamp=pdf.timestamp(rendered),
        )
        assert data == fresh
        assert rendered.pilot_name in _text(data)
    assert glyphs.compiler() is glyphs.compiler()


def test_provenance_in_a_repository_without_commits(tmp_path: Path) -> None:
    import subprocess

    from bygdevekst_cli.render.provenance import git_state

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    pilot = tmp_path / "pilots" / "p"
    pilot.mkdir(parents=True)
    assert git_state(pilot) == (None, False)
    (pilot / "pilot.yaml").write_text("id: p\n", encoding="utf-8")
    assert git_state(pilot) == (None, True)
