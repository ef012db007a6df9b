"""The command line's English (``BYGDEVEKST_LANGUAGE=en``) is English throughout.

en.toml has an entry for every key whose words can reach the terminal or a machine-readable
report; the keys only documents and the files the tool writes show are listed below with
the reason. A sentence English lacks is read from Bokmål, and then its lists, plural forms
and amounts are Bokmål too: one sentence, one language. The real CLI is run in English on
the bundled pilots and on broken copies of them, and its own words must hold no Norwegian.
"""

from __future__ import annotations

import ast
import functools
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import git
import pytest
import yaml
from typer.testing import CliRunner

from bygdevekst_cli import cache, language
from bygdevekst_cli.cli import app
from bygdevekst_cli.errors import PilotNotFound
from bygdevekst_cli.language import words
from tests.gitrepo import commit, init_repo
from tests.helpers import DATA, REPO, copy_pilot, edit
from tests.indicator_yaml import FOLKETAL, LEDIGE_BUSTADER, NYE_BUSTADER, indicators

SOURCE = REPO / "src" / "bygdevekst_cli"

#: Keys (prefixes) whose words only documents and the files the tool writes show, in the
#: pilot's written standard: they have no English entry, by design.
NORWEGIAN_ONLY: dict[str, str] = {
    "doc.": "the documents render writes (except the messages below)",
    "chart.": "charts in documents, the site and the dashboard",
    "overview.": "the files overview writes, always in a written standard (-o, stdout)",
    "site.": "the static site",
    "title.": "chief executives' titles in case documents",
    "number.": "numbers documents write as words (not the amounts below)",
    "draft.": "the draft mark in documents",
    "scaffold.": "comments and placeholders init and plan new write into pilot files",
    "init.": "comments in the .gitignore, bygdevekst.toml and GitLab include init writes",
    "import.": "comments and placeholders import writes into pilot files",
    "ocr.": "the note import writes into pilot files",
    "code.": "the words of codes in documents (the command line's are body.* and outcome.*)",
    "cli.help.schema.": "descriptions in the JSON Schema files (types.py: always Bokmål)",
    "rule.BV226.text": "a placeholder init writes; BV226 finds it in nn or nb data",
    "rule.BV226.fill_in": "a placeholder init writes; BV226 finds it in nn or nb data",
    "rule.BV226.county": "a placeholder init writes; BV226 finds it in nn or nb data",
    "rule.BV226.sub_goal_title": "a placeholder init writes; BV226 finds it in nn or nb data",
    "rule.BV250.table_word": "a word BV250 reads in the pilot's own text",
    "rule.BV250.and": "a word BV250 reads in the pilot's own text",
    "rule.BV255.plan_word": "a word BV255 reads in the pilot's own text",
    "rule.BV255.for": "a word BV255 reads in the pilot's own text",
}
SCHEMA_DESCRIPTION = re.compile(r"^schema\.[A-Z]\w*\.(?!errors\.)")
"""``schema.<Model>.<field>``: a field's description in the JSON Schema files only (the
model's own messages, ``schema.<Model>.errors.*``, are findings)."""

#: Keys under a Norwegian-only prefix that the command line shows all the same.
SHOWN_ALL_THE_SAME = (
    "doc.message.",  # render's one-line refusals
    "doc.help.",  # render's help
    "doc.docx.",  # a reference document render cannot use (not doc.docx.page, below)
    "doc.draft.refused",
    "doc.draft.warning",
    "doc.assumed2.",  # init's --end
    "scaffold.todo.",  # what init says is left to fill in
    "import.unplaced.",  # what import lists as not placed
    "number.kroner",  # amounts in findings, diff and history
    "number.million_kroner",
    # what diff and history say of an entry of the agreement or the plan added or taken
    # out whole, and of a nested value (present/value_text.py's lines, not its sentences)
    "doc.changes3.indicator",
    "doc.changes3.sub_goal_added",
    "doc.changes3.sub_goal_taken_out",
    "doc.changes3.fact",
    "doc.changes3.point",
    "doc.changes3.nested",
    "doc.changes3.link_",  # a link of the plan or the agreement added, taken out, retitled
    "doc.changes3.named",  # an entry of pilot.yaml (a party, a role) added or taken out
)
#: Keys under a Norwegian-only prefix that the command line shows, as whole keys (their
#: prefix is another key's too: ``doc.measures2.shared`` is not ``…shared_intro``).
SHOWN_AS_THEY_ARE = frozenset(
    {
        "doc.measures2.shared",  # diff's group of the measures of no sub-goal
        "doc.indicators.increase",  # an indicator's direction in diff and history
        "doc.indicators.decrease",
    }
)
DOCUMENT_ONLY_ALL_THE_SAME = ("doc.docx.page",)


@functools.cache
def field_labels() -> frozenset[str]:
    """The labels the models give their fields (``Meta(label=…)``): diff and history name
    a changed field by its label, «cost sharing Vinje kommune: 40% → 50%»."""
    found = set()
    for path in (SOURCE / "models").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Meta":
                found |= {
                    k.value.value
                    for k in node.keywords
                    if k.arg == "label" and isinstance(k.value, ast.Constant) and k.value.value
                }
    return frozenset(found)


def shown_on_the_terminal(key: str) -> bool:
    if key in DOCUMENT_ONLY_ALL_THE_SAME:
        return False
    if key.startswith(SHOWN_ALL_THE_SAME) or key in SHOWN_AS_THEY_ARE or key in field_labels():
        return True
    return not (key.startswith(tuple(NORWEGIAN_ONLY)) or SCHEMA_DESCRIPTION.match(key))


def test_every_key_the_terminal_can_show_has_english_words() -> None:
    terminal = {key for key in language._catalogue("nb") if shown_on_the_terminal(key)}
    assert sorted(terminal - language._catalogue("en").keys()) == []


def test_english_has_no_words_for_a_key_only_documents_show() -> None:
    """An English entry for a document key would be a sign the list above is wrong."""
    english = language._catalogue("en").keys()
    assert sorted(k for k in english if not shown_on_the_terminal(k)) == []


#: The modules that word what validate, check, diff, history, import and the errors print.
REPORTING = [
    *sorted((SOURCE / "rules").glob("*.py")),
    *sorted((SOURCE / "commands").glob("*.py")),
    *sorted((SOURCE / "models").glob("*.py")),
    *(
        SOURCE / name
        for name in (
            "app.py",
            "check.py",
            "config.py",
            "diff.py",
            "errors.py",
            "findings.py",
            "gitblobs.py",
            "gitlog.py",
            "gitrun.py",
            "gitsource.py",
            "gittags.py",
            "history.py",
            "loader.py",
            "pilotset.py",
            "revisions.py",
            "schema_errors.py",
            "selection.py",
            "suggest.py",
            "validate.py",
            "verify.py",
            "importer/messages.py",
            "present/check.py",
            "present/diff.py",
            "present/history.py",
            "present/statistics.py",
            "present/validate.py",
            "present/value_text.py",
        )
    ),
]


_KEY = re.compile(r"[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+")


def _keys_named_in(path: Path, tables: frozenset[str]) -> Iterator[tuple[str, bool]]:
    """Each catalogue key a module names as a string: ``(key, whole)``, ``whole`` False for
    the literal start of an f-string (``f"rule.{code}.summary"`` names ``rule.``)."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            if isinstance(first, ast.Constant) and _names_a_table(first.value, tables):
                yield first.value, False
        elif isinstance(node, ast.Constant) and _names_a_table(node.value, tables):
            yield node.value, _KEY.fullmatch(node.value) is not None


def _names_a_table(value: object, tables: frozenset[str]) -> bool:
    return isinstance(value, str) and "." in value and value.split(".")[0] in tables


def test_the_keys_the_reporting_modules_name_have_english_words() -> None:
    """Derived from the code: every key (or f-string's key prefix) the modules that report
    to the terminal name is in English, unless it is one listed as Norwegian only."""
    nb, en = words("nb").keys(), language._catalogue("en").keys()
    tables = frozenset(key.split(".")[0] for key in nb)
    lacking = set()
    for path in REPORTING:
        for named, whole in _keys_named_in(path, tables):
            found = [named] if whole else [k for k in nb if k.startswith(named)]  # a prefix
            lacking |= {k for k in found if k in nb and k not in en and shown_on_the_terminal(k)}
    assert sorted(lacking) == []
    assert len(REPORTING) > 40  # the globs found the modules


# --------------------------------------------------------- one sentence, one language


@pytest.fixture
def english_lacks(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Take keys out of the English catalogue for one test (as before this sweep, when most
    findings had no English words), with the results cache off."""
    real = language._catalogue
    monkeypatch.setenv(cache.NO_CACHE_VARIABLE, "1")

    def lacking(*keys: str) -> None:
        def catalogue(code: str) -> dict[str, object]:
            entries = real(code)
            return {k: v for k, v in entries.items() if k not in keys} if code == "en" else entries

        monkeypatch.setattr(language, "_catalogue", catalogue)
        language._entries.cache_clear()

    yield lacking
    language._entries.cache_clear()


def _validate(*paths: str) -> str:
    result = CliRunner().invoke(app, ["validate", *paths])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def _line(output: str, code: str) -> str:
    (line,) = [line for line in output.splitlines() if f" {code} " in line]
    return line


BV224_PILOTS = str(REPO / "pilots" / "vest-telemark")


@pytest.mark.parametrize(
    ("lacks", "said"),
    [
        (
            (),
            "Vinje kommune and Kommunal- og distriktsdepartementet; record case_number from"
            " the archive",
        ),
        (
            ("rule.BV224.many",),
            "Vinje kommune og Kommunal- og distriktsdepartementet; før inn case_number fra arkivet",
        ),
    ],
)
def test_a_list_is_joined_in_the_language_of_its_sentence(
    monkeypatch: pytest.MonkeyPatch,
    english_lacks: Callable[..., None],
    lacks: tuple[str, ...],
    said: str,
) -> None:
    """«13 vedtak i 2025 mangler saksnummer: …, vinje, and kdd»: a Bokmål sentence with an
    English «and» was what English printed for a finding it had no words for."""
    english_lacks(*lacks)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "en")
    assert _line(_validate(BV224_PILOTS), "BV224").endswith(said)


def _full_plan_with_a_granted_line(tmp_path: Path) -> Path:
    """The full plan with Innovasjon Norge's applied 50 000 kr called granted: BV242 says
    the budget counts on 50 000 kr of which 0 kr is granted."""
    pilot = copy_pilot(DATA / "full_plan", tmp_path, "fullplan", "nb")
    edit(
        pilot / "plans" / "2026.yaml",
        "          funder: innovasjon\n          status: applied",
        "          funder: innovasjon\n          status: granted",
    )
    return pilot


@pytest.mark.parametrize(
    ("code", "lacks", "said"),
    [
        ("nb", (), "regner med 50\u00a0000\u00a0kr fra Innovasjon Noreg i 2026"),
        ("en", (), "counts on NOK\u00a050,000 from Innovasjon Noreg in 2026"),
        (
            "en",
            ("rule.BV242.applied",),
            "regner med 50\u00a0000\u00a0kr fra Innovasjon Noreg i 2026",
        ),
    ],
)
def test_an_amount_is_written_in_the_language_of_its_sentence(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    english_lacks: Callable[..., None],
    code: str,
    lacks: tuple[str, ...],
    said: str,
) -> None:
    english_lacks(*lacks)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", code)
    assert said in _line(_validate(str(_full_plan_with_a_granted_line(tmp_path))), "BV242")


def test_an_errors_list_is_joined_in_the_language_of_its_sentence(
    english_lacks: Callable[..., None],
) -> None:
    error = PilotNotFound(pilot="nye-dalen", known=["austdalen", "testdalen", "vestdalen"])
    assert error.message(words("en")).endswith("austdalen, testdalen and vestdalen")
    english_lacks("error.pilot_not_found")
    assert error.message(words("en")).endswith("kjente piloter: austdalen, testdalen og vestdalen")


def test_the_sentence_of_a_key_is_in_the_language_its_words_are_in() -> None:
    english = words("en")
    assert english.sentence("diff.changed") is english
    assert english.sentence("doc.plan.title").language == "nb"  # documents: Norwegian only
    assert words("nn").sentence("doc.plan.title").language == "nn"


def test_english_dates_numbers_and_lists_are_british() -> None:
    """«19 February 2026», «NOK 2,000,000», «60%», «A, B and C» (no serial comma)."""
    import datetime as dt

    from bygdevekst_cli.formatting import kroner, long_date, percent

    assert long_date(dt.date(2026, 2, 19), "en") == "19 February 2026"
    assert kroner(2_000_000, "en") == "NOK\u00a02,000,000"
    assert (percent(60, "en"), percent(60, "nb"), percent(1234, "nn")) == (
        "60%",
        "60\u00a0%",
        "1\u00a0234\u00a0%",
    )
    assert words("en").join(["Fyresdal", "Kviteseid", "Nissedal"]) == (
        "Fyresdal, Kviteseid and Nissedal"
    )
    assert words("en").join(["nn", "nb", "en"], "or") == "nn, nb or en"


# ----------------------------------------------------------------- the real CLI in English

#: Frequent words of the tool's Norwegian (both written standards), as whole words.
NORWEGIAN_WORDS = re.compile(
    r"\b(?:mangler|manglar|ikkje|ikke|fila|filen|filene|filene|tiltak|delmål|og|eller|"
    r"ingen|inga|endringer|endringar|endret|endra|har|skal|kan|fra|frå|feil|advarsel|"
    r"advarsler|åtvaring|åtvaringar|kjør|køyr|linje|piloten|vedtak|saksnummer|budsjett|"
    r"kommuner|kommunar|finnes|finst|ukjent|ugyldig|forventet|venta|historikk|sak|tabell)\b",
    re.IGNORECASE,
)
NORWEGIAN_LETTERS = re.compile(r"[æøåÆØÅ]")
QUOTED = re.compile(r"«[^»]*»")
PATH = re.compile(r"\S*(?:/|\.yaml)\S*")


def _data_strings(root: Path) -> list[str]:
    """Every text of the pilots' files (keys and values, also as one line) and of the git
    history (messages, authors): the data the tool quotes, longest first."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str) and node.strip():
            found.update({node.strip(), " ".join(node.split())})

    for path in root.rglob("*.yaml"):
        try:
            walk(yaml.safe_load(path.read_bytes()))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
    for entry in git.Repo(root).iter_commits("--all"):
        found.update({str(entry.message).strip(), str(entry.author.name)})
    return sorted(found, key=len, reverse=True)


def _own_words(output: str, data: list[str]) -> str:
    """``output`` without what it quotes from the data (the data's texts as whole words,
    «…», paths) and without the English names of the written standards."""
    quoted = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, data)) + r")(?!\w)")
    text = PATH.sub(" ", QUOTED.sub(" ", quoted.sub(" ", output)))
    return re.sub(r"\bBokmål\b", " ", text)


WORD = re.compile(r"[^\W\d_]{2,}")
SLOT = re.compile(r"\{[^{}]*\}")
LITERALS = frozenset({"null", "true", "false"})
"""JSON's and YAML's words, which a Norwegian entry names and a JSON report prints."""


def _words_of(language_code: str) -> set[str]:
    """The words (two letters or more, lower case) of a catalogue's entries, without
    their slots' names."""
    entries = language._catalogue(language_code).values()
    text = " ".join(SLOT.sub(" ", entry) for entry in entries if isinstance(entry, str))
    return {word.lower() for word in WORD.findall(text)}


@functools.cache
def catalogue_norwegian() -> frozenset[str]:
    """The words of the Nynorsk and Bokmål catalogues that no English entry has: a key
    English lacks, read from Bokmål, shows one («enhet», «utgangsverdien») even where
    ``NORWEGIAN_WORDS`` and ``NORWEGIAN_LETTERS`` find nothing."""
    return frozenset((_words_of("nn") | _words_of("nb")) - _words_of("en") - LITERALS)


def _norwegian(output: str, data: list[str]) -> list[str]:
    own = _own_words(output, data)
    catalogue = catalogue_norwegian()
    found = {m.group() for m in NORWEGIAN_WORDS.finditer(own)}
    found |= {word for word in WORD.findall(own) if word.lower() in catalogue}
    return sorted(found) + sorted(
        {line.strip() for line in own.splitlines() if NORWEGIAN_LETTERS.search(line)}
    )


BROKEN: dict[str, Callable[[Path], None]] = {
    "syntax": lambda p: _replace(p / "pilot.yaml", "cohort: 2", "cohort: [2"),
    "wrong-type": lambda p: _replace(p / "pilot.yaml", "cohort: 2", "cohort: to"),
    "unknown-key": lambda p: _replace(p / "pilot.yaml", "county: ", "fylke: x\ncounty: "),
    "missing-file": lambda p: (p / "agreement.yaml").unlink(),
    "bad-choice": lambda p: _replace(p / "plans" / "2026.yaml", "status: ongoing", "status: x"),
    "tab": lambda p: _replace(p / "pilot.yaml", "\n  - id: fyresdal", "\n\t- id: fyresdal"),
    "not-utf8": lambda p: (p / "pilot.yaml").write_bytes(b"name: \xe6\xf8\xe5\n"),
    "duplicate-key": lambda p: _replace(p / "pilot.yaml", "cohort: 2", "cohort: 2\ncohort: 1"),
}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled pilots in a repository of two commits (the second changes the 2026 plan
    and breaks copies of Vest-Telemark every way ``BROKEN`` says), the CLI in English."""
    root = tmp_path / "repo"
    repo = init_repo(root)
    shutil.copytree(REPO / "pilots", root / "pilots")
    commit(repo, "Add the pilots")
    plan = root / "pilots" / "vest-telemark" / "plans" / "2026.yaml"
    _replace(plan, "status: ongoing", "status: closed\n    assessment: Done.")
    for name, damage in BROKEN.items():
        folder = root / "pilots" / f"broken-{name}"
        shutil.copytree(root / "pilots" / "vest-telemark", folder)
        damage(folder)
    commit(repo, "Close a measure, break copies")
    monkeypatch.chdir(root)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "en")
    return root


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code in (0, 1), (args, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


ENGLISH_RUNS = [
    ("validate", "pilots"),
    ("validate", "pilots", "-f", "json"),
    ("validate", "pilots", "-f", "sarif"),
    ("validate", "pilots", "-f", "github"),
    ("validate", "--list-rules"),
    *(("validate", f"pilots/broken-{name}") for name in BROKEN),
    ("check", "--base", "HEAD~1", "-f", "text"),
    ("check", "--base", "HEAD~1", "-f", "github"),
    ("check", "--base", "HEAD~1", "-f", "json"),
    ("diff", "vest-telemark", "--from", "2025", "--to", "2026"),
    ("diff", "vest-telemark", "--base", "HEAD~1"),
    ("diff", "vest-telemark", "--base", "HEAD~1", "-f", "markdown"),
    ("history", "vest-telemark"),
    ("history", "vest-telemark", "-f", "json"),
    ("history", "broken-syntax"),
]


@pytest.mark.usefixtures("repository")
def test_the_cli_speaks_english_on_good_and_broken_pilots(repository: Path) -> None:
    data = _data_strings(repository)
    outputs = {" ".join(args): _run(*args) for args in ENGLISH_RUNS}
    norwegian = {
        run: found for run, output in outputs.items() if (found := _norwegian(output, data))
    }
    assert norwegian == {}
    # the runs reached what they were meant to: findings of each kind, changes, history
    said = "\n".join(outputs.values())
    for expected in (
        "YAML syntax error",
        "Expected an integer",
        "Unknown field «fylke»",
        "The pilot folder lacks agreement.yaml",
        "Invalid value «x»",
        "Tab in indentation",
        "The file is not UTF-8",
        "The key «cohort» appears twice",
        "Closed measures",
        "History of vest-telemark",
        "decisions in 2025 have no case number",
    ):
        assert expected in said, expected


def test_the_check_for_norwegian_finds_the_tools_norwegian() -> None:
    """The check above fails on a Norwegian sentence of the tool's, not on quoted data."""
    data = ["Grøn region Vest-Telemark"]
    assert _norwegian("Measure 2.4 Grøn region Vest-Telemark «ikkje»", data) == []
    assert _norwegian("7 tiltak mangler budsjett for 2025", data) == [
        "budsjett",
        "mangler",
        "tiltak",
    ]
    assert _norwegian("Changes (Endringar)", data) == ["Endringar"]
    assert _norwegian("Bokmål words: «bygdevekstavtaler»", data) == []
    assert _norwegian("Planåret 2031", data) == ["Planåret", "Planåret 2031"]
    # words of the catalogue without æ, ø or å, and not among the frequent ones
    assert _norwegian("sub-goal 1, indikatoren «ikkje», utgangsverdien: 5,200 → 5,210", data) == [
        "indikatoren",
        "utgangsverdien",
    ]
    assert _norwegian("sub-goal 1, indicator «Fjell», baseline value: 5,200 → 5,210", data) == []


# ---------------------------------------------- the agreement's and the plan's own values

VALUES = """indicator_values:
  - indicator: folketal
    year: 2026
    value: 5260
  - indicator: ledige-bustader
    year: 2026
    value: 70
    source: Kommunane
"""
NEW_VALUES = """indicator_values:
  - indicator: folketal
    year: 2026
    value: 5270
  - indicator: nye-bustader
    year: 2026
    value: 12
    source: Kommunane
    note: Talet er førebels.
"""
SAMFERDSEL = """  - number: 4
    title: Betre samferdsel
    weight: 10
    partners: [telemark-fylkeskommune]
    may_invite: [Statens vegvesen]
    text: Partane skal betre samferdsla.
signatures:
"""
MEASURE_1_1 = """    title: Samarbeid om innsiktsarbeid og kartlegging for bustadstrategi
    start_year: 2025
    status: ongoing
"""
MEASURE_1_1_REVISED = """    title: Samarbeid om innsiktsarbeid og kartlegging for bustadstrategi
    municipalities: [fyresdal, vinje]
    cost_shares: {fyresdal: 40, vinje: 60}
    links:
      - title: Bustadanalyse
        url: https://example.no/bustadanalyse
    start_year: 2025
    status: ongoing
    change_reason: Fleire kommunar er med.
"""
PLAN_LINK = "links:\n  - title: Handlingsplanen\n    url: https://example.no/plan\n"
MEASURE_1_4 = """    number: 4
    title: «Kompetansesirkel»
"""


@pytest.fixture
def own_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Vest-Telemark in a repository of two commits: the first gives sub-goal 1 two
    indicators and the plan a value of each; the second changes, replaces and adds
    indicators and their values, adds sub-goal 4, and gives measures and the plan the
    fields diff names by the documents' labels. The CLI in English."""
    root = tmp_path / "repo"
    repo = init_repo(root)
    pilot = root / "pilots" / "vest-telemark"
    shutil.copytree(REPO / "pilots" / "vest-telemark", pilot)
    agreement, plan = pilot / "agreement.yaml", pilot / "plans" / "2026.yaml"
    indicators_yaml = indicators(FOLKETAL, LEDIGE_BUSTADER)
    edit(agreement, "\n  - number: 2\n", f"\n{indicators_yaml}  - number: 2\n")
    plan.write_text(plan.read_text("utf-8") + VALUES, "utf-8")
    commit(repo, "Indikatorar")
    edit(agreement, "weight: 60", "weight: 50")
    revised = FOLKETAL.replace("increase", "decrease").replace("5200}", "5210.5}")
    edit(
        agreement,
        FOLKETAL,
        revised.replace("{year: 2028, value: 5400}", "{year: 2030, value: 5500}"),
    )
    edit(agreement, LEDIGE_BUSTADER, NYE_BUSTADER)
    edit(agreement, "signatures:\n", SAMFERDSEL)
    edit(plan, VALUES, NEW_VALUES)
    edit(plan, "measures:\n", f"{PLAN_LINK}measures:\n")
    edit(plan, MEASURE_1_1, MEASURE_1_1_REVISED)
    edit(plan, MEASURE_1_4, MEASURE_1_4 + '    parent: "1.1"\n    change_reason: Del av 1.1.\n')
    commit(repo, "Revidert avtale og plan")
    monkeypatch.chdir(root)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "en")
    return root


AGREEMENT_LINES = [
    "sub-goal 1, weight: 60% → 50%",
    "sub-goal 1, indicator «Folketal i kommunane», direction: increase → decrease",
    "sub-goal 1, indicator «Folketal i kommunane», baseline value: 5,200 → 5,210.5",
    "sub-goal 1, indicator «Folketal i kommunane», target: 5,400 in 2028 → 5,500 in 2030",
    "New indicator under sub-goal 1: «Nye bustader» (unit: bustader; direction: increase;"
    " target: 30 in 2028).",
    "Indicator «Ledige bustader» under sub-goal 1 removed (unit: bustader; direction:"
    " decrease; baseline: 80 in 2024; target: 40 in 2028).",
    "New sub-goal 4: «Betre samferdsel» (weight: 10%; partners: Telemark fylkeskommune;"
    " may invite: Statens vegvesen).",
    "sub-goal 4, text: not filled in → «Partane skal betre samferdsla.»",
]
MEASURE_LINES = [
    "municipalities: not filled in → Fyresdal kommune, Vinje kommune",
    "cost sharing Fyresdal kommune: not filled in → 40%",
    "cost sharing Vinje kommune: not filled in → 60%",
    "New link: «Bustadanalyse» (https://example.no/bustadanalyse).",
]
PLAN_LINES = [
    "New link: «Handlingsplanen» (https://example.no/plan).",
    "indicator values 2026, indicator «Folketal i kommunane», value: 5,260 → 5,270",
    "New value for indicator «Nye bustader» in 2026: 12 (source: Kommunane; note:"
    " «Talet er førebels.»).",
    "Value for indicator «Ledige bustader» in 2026 removed (was 70; source: Kommunane).",
]


def _lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.strip()]


def test_diff_and_history_word_the_agreements_and_plans_values_in_english(
    own_values: Path,
) -> None:
    """An indicator, its values and a sub-goal added or changed, and the fields named by
    the documents' labels (an indicator's, a measure's), in English. They were read from
    Bokmål: «Ny indikator under sub-goal 1: … (enhet: …; retning: økning …)»,
    «kostnadsdeling», «indikatoren «…», utgangsverdien»."""
    diff = _run("diff", "vest-telemark", "--base", "HEAD~1", "--head", "HEAD")
    assert _lines(diff) == [
        "vest-telemark: HEAD~1 → HEAD",
        "Changed measures",
        "Sub-goal 1 Fleire eigna bustader i Vest-Telemark",
        "Measure 1.1 Samarbeid om innsiktsarbeid og kartlegging for bustadstrategi",
        *MEASURE_LINES,
        "Justification: Fleire kommunar er med.",
        "Measure 1.4 «Kompetansesirkel»",
        "parent measure: not filled in → «1.1»",
        "Justification: Del av 1.1.",
        "Changes to the agreement",
        *AGREEMENT_LINES,
        "Other changes to the plan",
        *PLAN_LINES,
    ]
    history = _lines(_run("history", "vest-telemark"))
    start = history.index("Revidert avtale og plan") + 1
    end = history.index("Indikatorar") - 1  # the older commit's line, before its message
    assert history[start:end] == [
        "agreement.yaml",
        *AGREEMENT_LINES,
        "plans/2026.yaml",
        *(f"measure 1.1: {line}" for line in MEASURE_LINES),
        "measure 1.1: justification: «Fleire kommunar er med.»",
        "measure 1.4: parent measure: not filled in → «1.1»",
        "measure 1.4: justification: «Del av 1.1.»",
        *PLAN_LINES,
    ]
    data = _data_strings(own_values)
    outputs = {
        "diff": diff,
        "diff markdown": _run("diff", "vest-telemark", "--base", "HEAD~1", "-f", "markdown"),
        "history": "\n".join(history),
        "check": _run("check", "--base", "HEAD~1", "-f", "text"),
    }
    norwegian = {run: found for run, text in outputs.items() if (found := _norwegian(text, data))}
    assert norwegian == {}
    assert "Changes to the agreement" in outputs["check"]  # check showed the changes
