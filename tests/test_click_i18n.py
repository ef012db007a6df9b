"""Help and click's own texts in the user's language: usage, headings, placeholders, errors."""

from __future__ import annotations

import re

import pytest
import typer.main
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from bygdevekst_cli.click_i18n import error_message, help_text
from bygdevekst_cli.language import words

ENGLISH_CLICK = ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message", "[default:",
                 "required]", "Try '")  # fmt: skip
PYTHON_TYPES = re.compile(r"<(str|int|float|bool|int range|float range|path|Path|list\[.*?\])>")


def command_paths() -> list[list[str]]:
    """Every command and group, as the words that call it (``[]`` is the program)."""
    found: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        found.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


def run(language: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"BYGDEVEKST_LANGUAGE": language})
    return result.exit_code, result.output


def test_every_command_is_walked() -> None:
    names = {" ".join(p) for p in command_paths()}
    assert {"", "validate", "init", "render", "plan new", "import agreement"} <= names


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "bygdevekst")
def test_help_has_no_english_click_words_and_no_python_types(
    language: str, path: list[str]
) -> None:
    code, output = run(language, *path, "--help")
    assert code == 0, output
    w = words(language)
    assert output.startswith(f"{w('click.usage')} bygdevekst")
    assert f"{w('click.heading.options')}:" in output
    assert w("click.help_option") in output
    for english in ENGLISH_CLICK:
        assert english not in output, (english, output)
    assert PYTHON_TYPES.search(output) is None, output


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "bygdevekst")
def test_english_help_when_english_is_chosen(path: list[str]) -> None:
    code, output = run("en", *path, "--help")
    assert code == 0
    assert output.startswith("Usage: bygdevekst")
    assert "Show this message and exit." in output
    assert PYTHON_TYPES.search(output) is None, output


def test_the_placeholders_are_words() -> None:
    _, nn = run("nn", "init", "--help")
    _, en = run("en", "init", "--help")
    assert "Bruk: bygdevekst init [VAL] {PILOT-ID}" in nn
    assert "--cohort TAL" in nn and "-m, --municipality KOMMUNE" in nn
    assert "[standard: 2; 1<=x<=2]" in nn and "[påkravd]" in nn
    assert "Usage: bygdevekst init [OPTIONS] {PILOT-ID}" in en
    assert "--cohort NUMBER" in en and "[default: 2; 1<=x<=2]" in en
    _, plan = run("nb", "plan", "new", "--help")
    assert "Bruk: bygdevekst plan new [VALG] {PILOT} {ÅR}" in plan


@pytest.mark.parametrize(
    ("language", "args", "lines"),
    [
        ("nn", ["validate", "--formt", "json"], [
            "Bruk: bygdevekst validate [VAL] [STI]...",
            "Sjå «bygdevekst validate -h» for hjelp.",
            "",
            "Feil: Ukjent val: --formt. Meinte du --format?",
        ]),
        ("nb", ["valdate"], [
            "Bruk: bygdevekst [VALG] KOMMANDO [ARGUMENTER]...",
            "Se «bygdevekst -h» for hjelp.",
            "",
            "Feil: Ukjent kommando: «valdate». Mente du «validate»?",
        ]),
        ("nb", ["init"], [
            "Bruk: bygdevekst init [VALG] {PILOT-ID}",
            "Se «bygdevekst init -h» for hjelp.",
            "",
            "Feil: Argumentet «PILOT-ID» mangler.",
        ]),
        ("en", ["init", "x", "--name", "X", "--lang", "se"], [
            "Usage: bygdevekst init [OPTIONS] {PILOT-ID}",
            "Try «bygdevekst init -h» for help.",
            "",
            "Error: Invalid value for «--lang»: «se» is not nn or nb",
        ]),
    ],
)  # fmt: skip
def test_usage_errors_in_the_language_exit_2(
    language: str, args: list[str], lines: list[str]
) -> None:
    code, output = run(language, *args)
    assert code == 2
    assert output.splitlines() == lines


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Missing option '--name'.", "Valet «--name» manglar."),
        ("Missing command.", "Kommandoen manglar."),
        ("Got unexpected extra argument(s) (b c)", "Uventa argument: b c"),
        ("Option '--format' requires an argument.", "Valet «--format» treng ein verdi."),
        ("Invalid value for 'year': Input should be a valid integer, unable to parse",
         "Ugyldig verdi for «ÅR»: må vere eit heilt tal"),
        ("Invalid value for '--cohort': Input should be less than or equal to 2",
         "Ugyldig verdi for «--cohort»: må vere høgst 2"),
        ("Invalid value for 'FILE': Path 'x.docx' does not exist.",
         "Ugyldig verdi for «FIL»: x.docx finst ikkje"),
        ("Something click adds one day", "Something click adds one day"),
    ],
)  # fmt: skip
def test_click_messages_in_nynorsk(message: str, expected: str) -> None:
    assert error_message(message, words("nn")) == expected


def test_help_notes() -> None:
    nb = words("nb")
    assert help_text("Utdata.  [default: text]", nb) == "Utdata.  [standard: text]"
    assert help_text("[required]", nb) == "[påkrevd]"
    assert help_text("Åpen tekst [uten merknad", nb) == "Åpen tekst [uten merknad"


def test_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    from bygdevekst_cli import __version__

    for flag in ("--version", "-V"):
        assert run("nn", flag) == (0, f"bygdevekst {__version__}\n")
