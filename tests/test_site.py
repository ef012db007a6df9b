"""``bygdevekst site``: every page of the bundled pilots' site, every link resolving, every
page through axe-core; a measure's history from a real repository; bad input."""

from __future__ import annotations

import re
import shlex
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from ruamel.yaml import YAML

from tests.axe import axe_violations, needs_axe
from tests.gitrepo import tag
from tests.helpers import DATA, REPO, copy_minimal, copy_pilot, run_cli
from tests.test_cli_use import help_of
from tests.test_overview import (
    _first_repo,
    _root_pilot_repo,
    check_page_structure,
)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href") is not None:
            self.links.append(str(found["href"]))


def _parse(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def broken_links(root: Path) -> list[str]:
    """Every link of every page that does not resolve to a file (and anchor) in the site."""
    broken = []
    parsed = {page: _parse(page) for page in root.rglob("*.html")}
    for page, links in parsed.items():
        for href in links.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                broken.append(f"{page}: external {href}")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file() or not target.is_relative_to(root.resolve()):
                broken.append(f"{page}: {href}")
            elif parts.fragment and parts.fragment not in parsed[target].ids:
                broken.append(f"{page}: #{parts.fragment}")
    return broken


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("site") / "public"
    code, text = run_cli("site", str(REPO / "pilots"), "--output", str(output))
    assert code == 0, text
    return output


def test_the_bundled_site_has_every_document_and_every_link_resolves(bundled_site: Path) -> None:
    pages = sorted(p.relative_to(bundled_site).as_posix() for p in bundled_site.rglob("*.html"))
    assert "index.html" in pages
    for pilot in ("vest-telemark", "vestre-varanger", "innlandet"):
        assert f"{pilot}/index.html" in pages
        assert f"{pilot}/agreement.html" in pages
        assert (bundled_site / pilot / "agreement.docx").read_bytes()[:2] == b"PK"
        assert (bundled_site / pilot / "agreement.pdf").read_bytes()[:5] == b"%PDF-"
    plans = sorted((REPO / "pilots" / "vest-telemark" / "plans").glob("*.yaml"))
    for plan in plans:
        assert f"vest-telemark/{plan.stem}/plan.html" in pages
    assert f"vest-telemark/{plans[-1].stem}/changes.html" in pages
    measures = {
        m
        for plan in plans
        for m in re.findall(r'^  - id: "([^"]+)"', plan.read_text(encoding="utf-8"), re.M)
    }
    assert {p for p in pages if "/measures/" in p} == {
        f"vest-telemark/measures/{m}.html" for m in measures
    }
    assert broken_links(bundled_site) == []
    front = _parse(bundled_site / "index.html").links
    assert {"vest-telemark/index.html", "innlandet/index.html"} <= set(front)
    for page in bundled_site.rglob("*.html"):
        check_page_structure(page.read_text(encoding="utf-8"))


def test_a_broken_link_is_found(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<a href="a.html#x">a</a><a href="b.html">b</a>')
    (tmp_path / "a.html").write_text('<p id="y">a</p>')
    assert broken_links(tmp_path) == [
        f"{tmp_path / 'index.html'}: #x",
        f"{tmp_path / 'index.html'}: b.html",
    ]


@needs_axe
def test_every_page_passes_axe(bundled_site: Path) -> None:
    pages = sorted(bundled_site.rglob("*.html"))
    violations = axe_violations(pages)
    assert {p: v for p, v in violations.items() if v} == {}
    assert len(violations) == len(pages)


def test_a_measure_page_shows_who_changed_what_and_who_adopted_it(tmp_path: Path) -> None:
    repo, first, second = _first_repo(tmp_path / "repo")
    tag(repo, "vedtak/testdalen/2026/fyresdal-kommunestyre", "Kommunestyret i Fyresdal, sak 26/11")
    output = tmp_path / "site"
    code, text = run_cli(
        "site", str(tmp_path / "repo"), "-o", str(output), "--downloads", "docx", "--lang", "nn"
    )
    assert code == 0, text
    page = (output / "testdalen" / "measures" / "2.1.html").read_text(encoding="utf-8")
    page = page.replace("\xa0", " ")
    assert "Ola Dunk" in page  # the_three_changes' author
    assert second[:7] in page
    assert "700 000 kr" in page
    assert "Fleire bedrifter vil vere med." in page  # the change's reason
    assert "Kommunestyret i Fyresdal" in page
    new = (output / "testdalen" / "measures" / "1.2.html").read_text(encoding="utf-8")
    assert "Ola Dunk" in new and first[:7] not in new
    assert broken_links(output) == []
    assert not list(output.rglob("*.pdf"))


def test_a_revision_source_has_the_history_up_to_it_and_a_bad_source_is_skipped(
    tmp_path: Path,
) -> None:
    """A source read at a revision (``PATH@REF``) said the history was not available; it
    is in the repository: the commits in the history of that revision are shown."""
    _, first, second = _first_repo(tmp_path / "repo")
    output = tmp_path / "site"
    code, text = run_cli(
        "site",
        f"{tmp_path / 'repo'}@{first}",
        str(tmp_path / "missing"),
        "-o",
        str(output),
        "--downloads",
        "none",
    )
    assert code == 1
    assert "missing" in text and "Traceback" not in text
    page = (output / "testdalen" / "measures" / "1.3.html").read_text(encoding="utf-8")
    assert "Kari Nordmann" in page and first[:7] in page and "nytt tiltak 1.3" in page
    assert "Ola Dunk" not in page and second[:7] not in page  # made after revision 1
    assert "ikkje tilgjengeleg" not in (output / "testdalen" / "index.html").read_text("utf-8")
    assert not (output / "testdalen" / "measures" / "1.2.html").exists()  # not at revision 1
    assert broken_links(output) == []
    code, text = run_cli(
        "site", f"{tmp_path / 'repo'}@main", "-o", str(output), "--downloads", "none"
    )
    assert code == 0, text
    page = (output / "testdalen" / "measures" / "2.1.html").read_text(encoding="utf-8")
    assert "Ola Dunk" in page and second[:7] in page and "Kari Nordmann" in page


def test_a_repository_whose_root_is_the_pilot_by_path_and_url(tmp_path: Path) -> None:
    root = tmp_path / "testdalen"
    _, first, _ = _root_pilot_repo(root)
    for name, source in (("by-path", str(root)), ("by-url", f"{root.as_uri()}@{first}")):
        output = tmp_path / name
        code, text = run_cli("site", source, "-o", str(output), "--downloads", "none")
        assert code == 0, text
        pages = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))
        assert "testdalen/index.html" in pages and "testdalen/measures/2.1.html" in pages
        assert ("testdalen/measures/1.3.html" in pages) is (name == "by-path")
        if name == "by-path":  # the history of a pilot at the repository's root
            page = (output / "testdalen" / "measures" / "1.3.html").read_text(encoding="utf-8")
            assert "Kari Nordmann" in page and "nytt tiltak 1.3" in page
        assert f"Skreiv {len(pages)} sider og 0 filer til nedlasting i {output}" in text
        assert broken_links(output) == []


def test_a_site_of_no_readable_source_does_not_replace_the_last_one(tmp_path: Path) -> None:
    _first_repo(tmp_path / "good")
    output = tmp_path / "site"
    code, text = run_cli("site", str(tmp_path / "good"), "-o", str(output), "--downloads", "none")
    assert code == 0, text
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    code, text = run_cli("site", str(tmp_path / "missing"), "-o", str(output))
    assert code == 1
    assert f"Skrev ikke {output.as_posix()}: ingen kilde kunne leses" in text
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_one_page_is_one_side(tmp_path: Path) -> None:
    """«1 side», never «1 sider»: the counts go through the catalogue's plural forms."""
    code, text = run_cli("site", str(tmp_path / "nothing"), "-o", str(tmp_path / "s"))
    assert code == 1
    assert f"Skrev 1 side og 0 filer til nedlasting i {tmp_path / 's'}" in text


def test_bad_output_and_options(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, text = run_cli("site", str(REPO / "pilots"), "-o", str(blocker), "--downloads", "none")
    assert code == 1 and str(blocker) in text and "Traceback" not in text
    assert blocker.read_text() == "x"
    assert [p.name for p in tmp_path.iterdir()] == ["file"]  # no half-built site left
    code, text = run_cli(
        "site", str(REPO / "pilots"), "-o", str(tmp_path / "s"), "--downloads", "odt"
    )
    assert code == 2 and "odt" in text


@pytest.mark.parametrize(
    ("workflow", "command"),
    [
        (
            "github-pages.yml",
            lambda d: next(s for s in d["jobs"]["build"]["steps"] if "site" in s.get("run", ""))[
                "run"
            ],
        ),
        ("gitlab-pages.gitlab-ci.yml", lambda d: d["pages"]["script"][0]),
    ],
)
def test_the_pages_workflows_build_the_site(
    workflow: str, command: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command each workflow runs, run here as written, in a pilots repository."""
    data = YAML(typ="safe").load((REPO / "ci" / "pages" / workflow).read_text(encoding="utf-8"))
    line = command(data)
    arguments = shlex.split(line)
    assert arguments[:2] == ["bygdevekst", "site"]
    copy_minimal(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, text = run_cli(*arguments[1:])
    assert code == 0, text
    output = tmp_path / arguments[arguments.index("--output") + 1]
    assert (output / "index.html").is_file()
    assert (output / "testdalen" / "2026" / "plan.pdf").is_file()
    assert broken_links(output) == []


def test_progress_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from bygdevekst_cli.commands.overview import read_with_progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")
    result = read_with_progress([str(REPO / "pilots"), str(tmp_path / "missing")], None)
    assert len(result.pilots) == 3 and len(result.failures) == 1
    shown = terminal.getvalue()
    assert "Leser kilder" in shown
    assert "0/2" in shown and "1/2" in shown  # a step per source
    assert "missing" in shown


def test_a_pilot_with_errors_gets_no_pages_and_no_dead_link(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path, "feildal")
    copy_minimal(tmp_path, "testdalen")
    text = (folder / "pilot.yaml").read_text(encoding="utf-8")
    (folder / "pilot.yaml").write_text(text.replace("id: testdalen", "id: feildal"), "utf-8")
    (folder / "agreement.yaml").write_text("chapters: []\n", encoding="utf-8")
    output = tmp_path / "site"
    code, text = run_cli("site", str(tmp_path / "pilots"), "-o", str(output), "--downloads", "none")
    assert code == 1
    assert "feildal" in text and "Traceback" not in text
    assert not (output / "feildal").exists()
    assert (output / "testdalen" / "index.html").is_file()
    assert "feildal/index.html" not in (output / "index.html").read_text(encoding="utf-8")
    assert broken_links(output) == []


def test_a_pilot_page_shows_its_budget_and_grants_as_the_dashboard_does(
    bundled_site: Path,
) -> None:
    page = (bundled_site / "vest-telemark" / "index.html").read_text(encoding="utf-8")
    page = page.replace("\xa0", " ")
    assert "<h2>Budsjett</h2>" in page and "<h2>Tilskot</h2>" in page
    assert "><span>Tilskot i handlingsplanen for 2026</span></caption>" in page
    assert "<p>2026: ingen kjende beløp; 7 tiltak utan budsjett for året" in page
    assert "<p>Tilskot for eitt år: 1 000 000 kr; tilskot for heile perioden" in page
    front = (bundled_site / "index.html").read_text(encoding="utf-8").replace("\xa0", " ")
    assert "<li>Tilskudd for 2026: 1 000 000 kr; ikke ført inn for " in front


def test_a_measure_page_names_its_sub_goal_by_title(tmp_path: Path) -> None:
    # the measure page's «Delmål» column said «1», where the charts and documents give
    # «1. Fleire eigna bustader»; the measure itself is headed by id and title
    pilot = copy_minimal(tmp_path)
    output = tmp_path / "site"
    code, text = run_cli("site", str(pilot), "-o", str(output), "--downloads", "none")
    assert code == 0, text
    page = (output / "testdalen" / "measures" / "1.1.html").read_text(encoding="utf-8")
    assert "<h1>Tiltak 1.1: Kartlegging av bustadbehov</h1>" in page
    assert '<th scope="row">2026</th><td>1. Fleire eigna bustader</td>' in page


def test_a_measure_page_gives_no_budget_as_unknown_in_a_year_after_it_closed(
    tmp_path: Path,
) -> None:
    # measure 2.1 closed in 2026 is in the 2027 plan without a budget for 2027: the page
    # said «ukjent», as if an amount were missing; a year the measure needs none is «–»
    pilot = copy_pilot(DATA / "fullpilot", tmp_path, "fjellbygda")
    output = tmp_path / "site"
    code, text = run_cli("site", str(pilot), "-o", str(output), "--downloads", "none")
    assert code == 0, text
    page = (output / "fjellbygda" / "measures" / "2.1.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r'<tr><th scope="row">(\d{4})</th>(.*?)</tr>', page))
    assert '<td class="num">600\xa0000\xa0kr</td>' in rows["2026"]
    assert '<td>avslutta</td><td class="num">–</td>' in rows["2027"]
    assert "ukjent" not in rows["2027"]


@pytest.mark.parametrize(("language", "front"), [("nn", "framsida"), ("nb", "forsiden")])
def test_site_lang_help_says_it_chooses_the_front_page_standard(language: str, front: str) -> None:
    # --lang was described with overview's words («for text, md, xlsx og html»), which the
    # site does not write; a pilot's pages always follow the pilot's own standard
    code, text = help_of(language, width=400)["site"]
    assert code == 0
    flat = " ".join(text.split())
    assert front in flat
    assert "xlsx og html" not in flat
