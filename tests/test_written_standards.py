"""No word of the other written standard in what the templates add, and the right forms.

Every document kind is rendered for pilots in both written standards, as Markdown, HTML
(with the attributes a screen reader speaks) and DOCX (its text, header, footer and
metadata), plain and marked as a draft. The pilot's own text is not the templates': each
free text of the pilot (every value with a space in it) is replaced by a marker first, and
the words that remain in its files (ids, single-word values) are left out. What is left is
checked word by word against the words only the other standard uses
(``tests/data/written_standard/``, from the hunspell-no dictionaries).

The command line's counts take the plural form of their number (``1 time``, ``2 timar``;
``1 measure``, ``2 measures``).
"""

from __future__ import annotations

import io
import re
import shutil
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
import yaml

from bygdevekst_cli import cache
from bygdevekst_cli import language as catalogues
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.language import words
from bygdevekst_cli.pilotset import read_pilot
from bygdevekst_cli.render.documents import Request
from bygdevekst_cli.render.formats import FORMAT_BY_NAME
from bygdevekst_cli.render.pipeline import Rendered, render_markdown
from bygdevekst_cli.render.provenance import Provenance
from tests.gitrepo import KARI, commit, init_repo, pilot_repo
from tests.helpers import DATA, MINIMAL, REPO, edit, run_cli

WORD_LISTS = DATA / "written_standard"
LANGUAGES = ("nn", "nb")
OTHER = {"nn": "nb", "nb": "nn"}
MARKER = "Zqx"
"""What every free text of a pilot becomes: a word of neither standard."""

_WORD = re.compile(r"[^\W\d_]+")


def only_in(language: str) -> frozenset[str]:
    """The words only ``language`` uses (``tests/data/written_standard/<language>_only.txt``)."""
    path = WORD_LISTS / f"{language}_only.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def test_the_word_lists_are_real_lists_of_words() -> None:
    nynorsk, bokmaal = only_in("nn"), only_in("nb")
    assert len(nynorsk) > 400 and len(bokmaal) > 400
    assert not nynorsk & bokmaal
    assert {"ikkje", "kva", "korleis", "eg", "frå", "laurdag", "kommunane"} <= nynorsk
    assert {"ikke", "hva", "hvordan", "jeg", "fra", "lørdag", "kommunene"} <= bokmaal
    assert all(_WORD.fullmatch(word) and word == word.lower() for word in nynorsk | bokmaal)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_catalogue_entry_holds_a_word_of_the_other_standard(language: str) -> None:
    """The whole catalogue, the command line's words too (the documents' check above sees
    only the entries the pilots reach)."""
    foreign = only_in(OTHER[language])
    hits = {}
    for key, entry in _entries(language).items():
        found = {word.lower() for word in _WORD.findall(re.sub(r"\{\w+\}", " ", entry))}
        if found & foreign:
            hits[key] = sorted(found & foreign)
    assert hits == {}


# ------------------------------------------------------------------------------ pilots


def _pilot_sources() -> dict[str, Path]:
    bundled = {folder.name: folder for folder in sorted((REPO / "pilots").iterdir())}
    fixtures = {
        folder.name: folder
        for folder in sorted(DATA.iterdir())
        if (folder / "pilot.yaml").is_file()
    }
    return bundled | fixtures


def _decided(folder: Path) -> None:
    """Every outcome of a political treatment, and a rejected grant."""
    plan = folder / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    outcomes = iter(["rejected", "postponed", "adopted_with_changes", "noted", "adopted"])
    text = re.sub(r"outcome: adopted", lambda _: f"outcome: {next(outcomes)}", text)
    plan.write_text(text.replace("status: applied", "status: rejected", 1), encoding="utf-8")


def _one_hour(folder: Path) -> None:
    """A contribution in kind of one hour (a count of one, assumed), after one of two."""
    edit(folder / "plans" / "2026.yaml", "hours: 200", "hours: 2")
    assumed = "hours: 1\n        assumed:\n          hours: Eit anslag."
    edit(folder / "plans" / "2027.yaml", "hours: 150", assumed)


def _empty_plan(folder: Path) -> None:
    """A plan without measures after one with two (the measures dropped, not closed)."""
    (folder / "plans" / "2027.yaml").write_text(
        "schema_version: 2\nyear: 2027\nmeasures: []\n", encoding="utf-8"
    )


def _draft_agreement(folder: Path) -> None:
    """An agreement still in draft: «UTKAST» on every page and in the metadata."""
    path = folder / "pilot.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(\n  state: )\w+", r"\1draft", text, count=1), encoding="utf-8")


#: Pilots built from the fixtures for what those do not show.
BUILT = {
    "decided": ("fullpilot", _decided),
    "one-hour": ("einbygd", _one_hour),
    "empty-plan": ("minimal", _empty_plan),
    "draft": ("minimal", _draft_agreement),
}


def _free_text_as_markers(value: object) -> object:
    """The YAML data with each free text (a string with a space in it) a marker."""
    if isinstance(value, dict):
        return {key: _free_text_as_markers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_free_text_as_markers(item) for item in value]
    if isinstance(value, str) and " " in value.strip():
        return MARKER
    return value


def _masked(source: Path, target: Path, language: str) -> set[str]:
    """``source`` copied to ``target`` in ``language``, its free text as markers; the words
    still in its files (ids, single-word values), which are the pilot's, not the templates'."""
    shutil.copytree(source, target)
    left: set[str] = set()
    for path in sorted(target.rglob("*.yaml")):
        data = _free_text_as_markers(yaml.safe_load(path.read_text(encoding="utf-8")))
        if path.name == "pilot.yaml":
            assert isinstance(data, dict)
            data["language"] = language
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1 << 20)
        path.write_text(text, encoding="utf-8")
        left |= {word.lower() for word in _WORD.findall(text)}
    return left


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Text:
    """The words of one rendering of one document, and where they stand."""

    where: str
    words: frozenset[str]


def _html_text(page: str) -> str:
    """The text of an HTML page as a reader hears it: its text and the attributes read
    aloud (alt, aria-label, title) or naming the language."""
    spoken = re.findall(r'\b(?:alt|aria-label|aria-description|title|lang)="([^"]*)"', page)
    text = re.sub(r"<style\b.*?</style>|<script\b.*?</script>", " ", page, flags=re.DOTALL)
    return unescape(re.sub(r"<[^>]+>", " ", text) + " " + " ".join(spoken))


def _docx_text(data: bytes) -> str:
    """Every text node of a DOCX file (body, header, footer, comments, core, app and
    custom properties) and the alt text of its pictures."""
    parts: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if not name.endswith(".xml") or name.startswith(("word/styles", "word/theme")):
                continue
            xml = package.read(name).decode("utf-8")
            parts += re.findall(r">([^<>]+)<", xml)
            parts += re.findall(r'<wp:docPr\b[^>]*?\b(?:descr|title)="([^"]*)"', xml)
    return unescape(" ".join(parts))


def _texts(rendered: Rendered, where: str) -> Iterator[tuple[str, str]]:
    yield f"{where}.md", rendered.markdown()
    for draft, mark in ((False, ""), (True, "/draft")):
        html = FORMAT_BY_NAME["html"].marked_draft(draft).convert(rendered)
        yield f"{where}.html{mark}", _html_text(html.decode("utf-8"))
        docx = FORMAT_BY_NAME["docx"].marked_draft(draft).convert(rendered)
        yield f"{where}.docx{mark}", _docx_text(docx)


def _requests(years: list[int]) -> Iterator[Request]:
    yield Request("agreement", None, None)
    for year in years:
        for document in ("plan", "changes", "status"):
            yield Request(document, year, None)
        yield Request("case", year, "all")


_STAMP = Provenance(
    pilot="x",
    date=__import__("datetime").date(2026, 1, 20),
    commit="0123456789abcdef0123456789abcdef01234567",
)


def _rendered(folder: Path) -> Iterator[Rendered]:
    """Every document the pilot has the data for (the others are refused, by design)."""
    files = read_pilot(folder, f"pilots/{folder.name}")
    for request in _requests(sorted(files.plans)):
        try:
            yield from render_markdown(files, request, provenance=_STAMP)
        except UserError:
            continue


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Text]]:
    """By written standard: the words the templates add to each rendering."""
    root = tmp_path_factory.mktemp("written")
    sources = _pilot_sources()
    made: dict[str, list[Text]] = {language: [] for language in LANGUAGES}
    for name, (fixture, change) in BUILT.items():
        built = root / "built" / name
        shutil.copytree(sources[fixture], built)
        change(built)
        sources[name] = built
    for name, source in sources.items():
        for language in LANGUAGES:
            folder = root / language / name
            pilots_own = _masked(source, folder, language) | {MARKER.lower()}
            for rendered in _rendered(folder):
                assert rendered.language == language
                for where, text in _texts(rendered, f"{name}/{language}/{rendered.stem}"):
                    found = {word.lower() for word in _WORD.findall(text)} - pilots_own
                    made[language].append(Text(where, frozenset(found)))
    return made


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_document_has_a_word_of_the_other_standard(
    documents: dict[str, list[Text]], language: str
) -> None:
    foreign = only_in(OTHER[language])
    hits = {text.where: sorted(text.words & foreign) for text in documents[language]}
    assert {where: found for where, found in hits.items() if found} == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_check_sees_the_templates_words(
    documents: dict[str, list[Text]], language: str
) -> None:
    """Not vacuous: every kind of document and format is there, and the templates' own
    words of their standard are found in them."""
    texts = documents[language]
    kinds = {text.where.rsplit(".", 1)[1] for text in texts}
    assert kinds == {"md", "html", "html/draft", "docx", "docx/draft"}
    seen = frozenset().union(*(text.words for text in texts))
    assert len(seen & only_in(language)) > 60
    stems = {text.where.split("/")[2].split(".")[0] for text in texts}
    documents_made = {stem.split("-")[0] for stem in stems}
    assert len(documents_made) == 5, documents_made  # agreement, plan, changes, status, case


def test_a_contribution_of_one_hour_is_one_hour(tmp_path: Path) -> None:
    folder = tmp_path / "pilots" / "einbygd"
    shutil.copytree(DATA / "einbygd", folder)
    _one_hour(folder)
    for language, two in (("nn", "to timar"), ("nb", "to timer")):
        if language == "nb":
            edit(folder / "pilot.yaml", "language: nn", "language: nb")
        plans = {}
        for document, year in (("plan", "2026"), ("plan", "2027"), ("changes", "2027")):
            code, output = run_cli("render", document, str(folder), "-y", year, "-o", "-")
            assert code == 0, output
            plans[(document, year)] = output
        code, case = run_cli("render", "case", str(folder), "-y", "2027", "-m", "all", "-o", "-")
        assert code == 0, case
        assert f": {two}\n" in plans[("plan", "2026")]
        assert ": 1 time (" in plans[("plan", "2027")]
        # the mark of an assumed value after the unit, as in the plan: «1 time (anteke …)»
        assert " 1 time (" in plans[("changes", "2027")]
        assert ": 1 time (" in case
        for text in (*plans.values(), case):
            assert not re.search(r"\b1 tim(?:ar|er)\b", text)


# --------------------------------------------------------------------- counts and forms


def _entries(language: str) -> dict[str, str]:
    """The catalogue's entries by dotted key, as the file has them."""
    path = REPO / "templates" / "words" / f"{language}.toml"

    def flat(table: dict[str, object], prefix: str = "") -> Iterator[tuple[str, str]]:
        for key, value in table.items():
            if isinstance(value, dict):
                yield from flat(value, f"{prefix}{key}.")
            elif isinstance(value, str):
                yield f"{prefix}{key}", value

    return dict(flat(tomllib.loads(path.read_text(encoding="utf-8"))))


_COUNT_THEN_WORD = re.compile(r"\{(count|errors|warnings|kinds|hours)\} ([^\W\d_]+)")
#: Nouns whose plural is their singular (``1 feil``, ``2 feil``).
_SAME_IN_BOTH_NUMBERS = {
    "nn": {"feil", "funn", "tiltak", "ting", "delmål", "skannefeil", "vedtak", "kapittel"},
    "nb": {"feil", "funn", "tiltak", "ting", "delmål", "skannefeil", "vedtak"},
    "en": set(),
}
#: Sentences said of two or more only: ``.many`` (the rule says one by its own sentence),
#: the signed texts (rules/language.py, more than one), the files of one --output, the
#: scheme's pilots (data/scheme.yaml); and «… og {count} til» (no noun).
_NEVER_ONE = re.compile(
    r"\.many$|^rule\.BV211\.signed$|^doc\.message\.output_file_for_many$|^doc\.case3\.pilots$"
    r"|^gate\.more$"
)


@pytest.mark.parametrize("language", ["nn", "nb", "en"])
def test_a_count_before_a_noun_is_a_plural_choice(language: str) -> None:
    """``{count} åtvaringar`` said of 1 is wrong: a count before a noun that changes with
    the number stands in a plural table (``.one``/``.other``), chosen by the count."""
    wrong = {}
    for key, entry in _entries(language).items():
        if key.endswith((".one", ".other")) or _NEVER_ONE.search(key):
            continue
        nouns = [
            noun
            for _, noun in _COUNT_THEN_WORD.findall(entry)
            if noun.lower() not in _SAME_IN_BOTH_NUMBERS[language]
        ]
        if nouns:
            wrong[key] = nouns
    assert wrong == {}


@pytest.mark.parametrize("language", ["nn", "nb", "en"])
def test_every_plural_table_says_one_of_one_only(language: str) -> None:
    entries = _entries(language)
    tables = {key.rpartition(".")[0] for key in entries if key.endswith((".one", ".other"))}
    assert len(tables) > 20
    w = words(language)
    for table in tables:
        one, other = entries.get(f"{table}.one"), entries.get(f"{table}.other")
        assert other is not None, table
        slots = set(re.findall(r"\{(\w+)", f"{one} {other}")) | {"count"}
        filled = dict.fromkeys(slots - {"count"}, "X")
        for count in (0, 1, 2, 21):
            chosen = "one" if count == 1 and one is not None else "other"
            expected = entries[f"{table}.{chosen}"].format(count=count, **filled)
            assert w.plural(table, count, **filled) == expected, (table, count)


def _close_measure(folder: Path, measure_end: str) -> None:
    edit(
        folder / "plans" / "2026.yaml",
        f"end_year: {measure_end}\n    status: ongoing",
        f"end_year: {measure_end}\n    status: closed\n    assessment: Ferdig.",
    )


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "Carried over: 1 measure (1.1).", "Carried over: 2 measures (1.1, 2.1)."),
        ("nn", "Ført vidare: 1 tiltak (1.1).", "Ført vidare: 2 tiltak (1.1, 2.1)."),
    ],
)
def test_plan_new_counts_the_measures_it_carries_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, one: str, two: str
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    both, single = tmp_path / "both", tmp_path / "single"
    shutil.copytree(MINIMAL, both)
    shutil.copytree(MINIMAL, single)
    _close_measure(single, "2026")
    for folder, said in ((both, two), (single, one)):
        code, output = run_cli("plan", "new", str(folder), "2027")
        assert code == 0, output
        assert said in output.splitlines()


def test_a_pilot_with_one_schema_error_is_said_to_have_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the render pipeline says of a pilot whose files fail the schema (the render
    and site commands stop before it, with their own words; a program calling it gets
    this)."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "en")
    folder = tmp_path / "pilots" / "testdalen"
    shutil.copytree(MINIMAL, folder)
    edit(folder / "pilot.yaml", "cohort: 2", "cohort: two")
    with pytest.raises(UserError) as refused:
        render_markdown(read_pilot(folder, "testdalen"), Request("agreement", None, None))
    assert " has 1 error (testdalen/pilot.yaml:6: " in str(refused.value)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nn", "Kontroll: 0 feil, 1 åtvaring (sjå «bygdevekst validate "),
        ("nb", "Kontroll: 0 feil, 1 advarsel (se «bygdevekst validate "),
        ("en", "Check: 0 errors, 1 warning (see «bygdevekst validate "),
    ],
)
def test_an_imported_plan_with_one_warning_is_said_to_have_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, said: str
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    folder = tmp_path / "pilots" / "testdalen"
    shutil.copytree(MINIMAL, folder)
    edit(folder / "plans" / "2026.yaml", "    case_number: 26/7\n", "")  # BV224, a warning
    table = tmp_path / "plan.csv"
    table.write_text(
        "Nr;Delmål;Tiltak;Budsjett 2026\n1.1;1;Kartlegging av bustadbehov;600000\n"
        "2.1;2;Nettverk for næringane;600000\n",
        encoding="utf-8",
    )
    code, output = run_cli(
        "import", "plan", str(table), "--pilot", str(folder), "--year", "2026", "--update"
    )
    assert code == 0, output
    assert said in output


@pytest.fixture
def reworded(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, dict[str, str]], None]]:
    """Change entries of one catalogue for one test (the results cache off): what the
    command says then shows whether its words come from the catalogue or from Python."""
    real = catalogues._catalogue
    monkeypatch.setenv(cache.NO_CACHE_VARIABLE, "1")

    def reword(code: str, entries: dict[str, str]) -> None:
        def catalogue(wanted: str) -> dict[str, object]:
            found = real(wanted)
            return {**found, **entries} if wanted == code else found

        monkeypatch.setattr(catalogues, "_catalogue", catalogue)
        catalogues._entries.cache_clear()

    yield reword
    catalogues._entries.cache_clear()


def test_the_history_counts_its_commits_in_the_catalogues_words(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    reworded: Callable[[str, dict[str, str]], None],
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    code, output = run_cli("history", "testdalen")
    assert code == 0 and output.startswith("Historikk for testdalen (1 commit)\n"), output
    edit(tmp_path / "repo" / "pilots" / "testdalen" / "pilot.yaml", "cohort: 2", "cohort: 1")
    commit(repo, "Pulje 1", author=KARI)
    code, output = run_cli("history", "testdalen")
    assert code == 0 and output.startswith("Historikk for testdalen (2 commits)\n"), output
    reworded("nn", {"history.commits.other": "{count} innsjekkar"})
    code, output = run_cli("history", "testdalen")
    assert code == 0 and output.startswith("Historikk for testdalen (2 innsjekkar)\n"), output


def test_a_history_whose_pilot_yaml_fails_the_schema_is_told_in_the_pilots_standard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest pilot.yaml names Nynorsk but has a bad cohort: the history is still in
    Nynorsk (it was in Bokmål, the fallback for a pilot that could not be read)."""
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    monkeypatch.delenv("BYGDEVEKST_LANGUAGE", raising=False)
    edit(tmp_path / "repo" / "pilots" / "testdalen" / "pilot.yaml", "cohort: 2", "cohort: 3")
    commit(repo, "Pulje 3", author=KARI)
    code, output = run_cli("history", "testdalen")
    assert code == 0, output
    assert "fila kunne ikkje lesast i denne commiten (BV103, " in output
    assert "ny fil" in output and "kunne ikke" not in output


def test_the_history_says_each_change_in_one_catalogue_sentence(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    reworded: Callable[[str, dict[str, str]], None],
) -> None:
    """A line of the history is one sentence of the catalogue with slots, so that a
    language can order its words its own way (it was glued together in Python from
    «nytt tiltak», the id and the title)."""
    repo = pilot_repo(tmp_path / "repo")
    plan = tmp_path / "repo" / "pilots" / "testdalen" / "plans" / "2026.yaml"
    edit(plan, "    end_year: 2026\n    status: ongoing", "    end_year: 2026\n    status: closed")
    text = plan.read_text(encoding="utf-8").replace(
        "    status: closed\n", "    status: closed\n    assessment: Nettverket er i drift.\n"
    )
    plan.write_text(text, encoding="utf-8")
    commit(repo, "Avslutta 2.1", author=KARI)
    monkeypatch.chdir(tmp_path / "repo")
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    code, before = run_cli("history", "testdalen")
    assert code == 0, before
    assert "tiltak 2.1 avslutta, vurdering: «Nettverket er i drift.»" in before
    assert "nytt tiltak 1.1 «Kartlegging av bustadbehov»" in before
    reworded(
        "nn",
        {
            "history.line.new": "{title} ({measure}) er nytt",
            "history.line.closed_assessed": "{measure} er avslutta ({assessment})",
        },
    )
    code, after = run_cli("history", "testdalen")
    assert code == 0, after
    assert "2.1 er avslutta («Nettverket er i drift.»)" in after
    assert "«Kartlegging av bustadbehov» (1.1) er nytt" in after


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nn", "{a} og {b} har feil, så endringane blir ikkje viste før dei er retta"),
        ("nb", "{a} og {b} har feil, så endringene vises ikke før de er rettet"),
        ("en", "there are errors in {a} and {b}, so the changes are not shown until"),
    ],
)
def test_check_names_the_files_it_cannot_read_as_a_list_of_its_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, said: str
) -> None:
    """Two files of a pilot that do not read: «a og b har feil» (they were joined with a
    comma in Python, «a, b har feil», and English said «a, b has errors»)."""
    repo = init_repo(tmp_path / "repo")
    pilot = tmp_path / "repo" / "pilots" / "fjellbygda"
    shutil.copytree(DATA / "fullpilot", pilot)
    commit(repo, "Fjellbygda", author=KARI)
    for name in ("agreement.yaml", "plans/2027.yaml"):
        text = (pilot / name).read_text(encoding="utf-8")
        broken = text.replace("schema_version: 2\n", "schema_version: 2\nfoo: [\n", 1)
        (pilot / name).write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "repo")
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    code, output = run_cli("check", "--base", "HEAD")
    assert code == 1
    files = {"a": "pilots/fjellbygda/agreement.yaml", "b": "pilots/fjellbygda/plans/2027.yaml"}
    assert said.format(**files) in output


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "nn",
            "plan.xyz: filtypen «.xyz» er ikkje støtta; bruk .docx, .xlsx, .xlsm, .ods eller .csv",
        ),
        ("nb", "plan.xyz: filtypen «.xyz» støttes ikke; bruk .docx, .xlsx, .xlsm, .ods eller .csv"),
        (
            "en",
            "plan.xyz: the file type «.xyz» is not supported; "
            "use .docx, .xlsx, .xlsm, .ods or .csv",
        ),
    ],
)
def test_an_import_names_the_file_types_it_takes_as_a_choice_of_its_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, said: str
) -> None:
    """«bruk .docx, .xlsx, .ods eller .csv», not a bare comma list in a sentence."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    folder = tmp_path / "pilots" / "testdalen"
    shutil.copytree(MINIMAL, folder)
    table = tmp_path / "plan.xyz"
    table.write_text("Nr;Tiltak\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, output = run_cli("import", "plan", "plan.xyz", "--pilot", str(folder), "--year", "2027")
    assert code == 1
    assert said in output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_finding_of_a_pilot_is_worded_in_its_standard_also_among_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """Over pilots in both standards the command line's own words are the locale's; each
    finding's severity is in the standard of its pilot's message, first run and cached."""
    from tests.helpers import copy_minimal, copy_pilot

    for pilot in (copy_minimal(tmp_path, "alfa"), copy_pilot(MINIMAL, tmp_path, "beta", "nb")):
        edit(pilot / "plans" / "2026.yaml", "    case_number: 26/10\n", "")
    monkeypatch.delenv(catalogues.LANGUAGE_VARIABLE, raising=False)
    monkeypatch.setenv("LANG", "C")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # the second run from the results cache
        code, output = run_cli("validate", "--jobs", jobs, "pilots")
        assert code == 0, output
        lines = [line for line in output.splitlines() if "BV224" in line]
        assert [line.split(": ")[1].split()[0] for line in lines] == ["åtvaring", "advarsel"]
        assert "manglar saksnummer" in lines[0] and "mangler saksnummer" in lines[1]
        assert re.fullmatch(
            r"Ingen feil, \d+ advarsler; 6 filer kontrollert\.", output.splitlines()[-1]
        )
