"""The layering the README promises, read from the source itself (ast, not grep):

- typer only in the command-line modules (``app.py``, ``cli.py``, ``commands/``);
- rich only in the presentation package (``present/``);
- no Norwegian word in a string literal outside the language layer (the catalogues).
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

from bygdevekst_cli.language import CLI_LANGUAGES
from bygdevekst_cli.rules.language import marker_words

SOURCE = Path(__file__).parent.parent / "src" / "bygdevekst_cli"


def _modules() -> dict[str, ast.Module]:
    return {
        path.relative_to(SOURCE).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(SOURCE.rglob("*.py"))
    }


MODULES = _modules()


def _imports(tree: ast.Module) -> set[str]:
    """Top-level package of every import, wherever it stands (also inside functions)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _importers(package: str) -> set[str]:
    return {name for name, tree in MODULES.items() if package in _imports(tree)}


def _is_cli(name: str) -> bool:
    return name in ("app.py", "cli.py", "cli_coercion.py", "click_i18n.py") or name.startswith(
        "commands/"
    )


def test_typer_only_in_the_command_line_modules() -> None:
    assert sorted(n for n in _importers("typer") if not _is_cli(n)) == []


def test_rich_only_in_the_presentation_package() -> None:
    assert sorted(n for n in _importers("rich") if not n.startswith("present/")) == []


def test_the_import_check_sees_imports_inside_functions() -> None:
    tree = ast.parse("def f():\n    from rich.console import Console\n    import typer.core\n")
    assert _imports(tree) == {"rich", "typer"}


# --- Norwegian in string literals ------------------------------------------------------------

#: Common Norwegian words (both written standards) beyond the marker list; none is English.
COMMON = frozenset(
    """
    ikke ikkje mangler manglar finnes finst skal bør må eller og ingen inga kjør køyr skriv
    fila filen feil advarsel advarsler åtvaring tiltak tiltaket delmål delmålet avtale avtalen
    avtala piloten pilotar piloter kommune kommunen kommuner kommunar sammen saman etter ennå
    enno tekst teksten heller verken korkje allerede utdatert kontrollert skrev skreiv
    planen handlingsplan handlingsplanen mappe mappen mappa
    """.split()  # noqa: SIM905 (a word list reads better as words)
)

#: Modules other engineers are emptying in parallel (issue 8 and the issues beside it): the
#: coordinator empties each at merge time and deletes its line (the test below fails for a
#: line whose module no longer needs it).
ALLOWED: frozenset[str] = frozenset()
"""Modules that may still hold Norwegian string literals: none (keep it empty)."""


@functools.cache
def _norwegian() -> frozenset[str]:
    markers = marker_words()
    return COMMON | frozenset(markers.nynorsk) | frozenset(markers.bokmaal)


_WORD = re.compile(r"[^\W\d_]+")

#: A command-line option (``--bare`` is git's, not the Norwegian "only").
_OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")


def norwegian_words(text: str) -> list[str]:
    """The Norwegian words of ``text``; option names and a bare language code are not words."""
    if text in CLI_LANGUAGES:  # "en" is the code of English, not the Bokmål article
        return []
    words = [w.lower() for w in _WORD.findall(_OPTION.sub(" ", text))]
    return [w for w in words if w in _norwegian() or re.search("[æøå]", w)]


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the string constants that are docstrings or bare expression statements."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def norwegian_literals(tree: ast.Module) -> list[tuple[int, str]]:
    """``(line, literal)`` for every string literal (f-string parts too) with a Norwegian
    word; docstrings and comments do not count."""
    skipped = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped
            and norwegian_words(node.value)
        ):
            found.append((node.lineno, node.value))
    return found


def test_no_norwegian_string_literal_outside_the_language_layer() -> None:
    hits = {
        name: norwegian_literals(tree)
        for name, tree in MODULES.items()
        if name not in ALLOWED and not name.startswith("data/")
    }
    assert {name: found for name, found in hits.items() if found} == {}


def test_every_allowed_module_still_needs_its_line() -> None:
    needed = {name for name, tree in MODULES.items() if norwegian_literals(tree)}
    assert sorted(ALLOWED - needed) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('x = "Fant ingen pilot"', 1),
        ('x = f"{a} manglar budsjett"', 1),
        ('x = "Budsjett {year}"', 0),  # not a listed word: the list is not a dictionary
        ('"""Ein docstring: ikkje talt."""\nx = 1', 0),
        ('x = "no such key: {key}"', 0),
        ('x = "Møtedato"', 1),
        ('x = "en"', 0),  # the language code
        ('x = "en pilot"', 1),
        ('args = ["clone", "--bare", url]', 0),  # git's option
        ('x = "bruk --format, ikke --bare"', 1),
    ],
)
def test_the_counter_counts_what_it_should(source: str, expected: int) -> None:
    assert len(norwegian_literals(ast.parse(source))) == expected
