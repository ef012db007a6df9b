"""The command line's English (``BYGDEVEKST_LANGUAGE=en``) is English throughout.

en.toml has an entry for every key whose words can reach the terminal or a machine-readable
report; the keys only documents and the files the tool writes show are listed below with
the reason. A sentence English lacks is read from Bokmål, and then its lists, plural forms
and amounts are Bokmål too: one sentence, one language. The real CLI is run in English on
the bundled pilots and on broken copies of them, and its own words must hold no Norwegian.
"""

from __future__ import annotations

import ast
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
)
DOCUMENT_ONLY_ALL_THE_SAME = ("doc.docx.page",)


def shown_on_the_terminal(key: str) -> bool:
    if key in DOCUMENT_ONLY_ALL_THE_SAME:
        return False
    if key.startswith(SHOWN_ALL_THE_SAME):
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


def _norwegian(output: str, data: list[str]) -> list[str]:
    own = _own_words(output, data)
    return sorted({m.group() for m in NORWEGIAN_WORDS.finditer(own)}) + sorted(
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
    assert _norwegian("Planåret 2031", data) == ["Planåret 2031"]
