"""Which code page a file that is not UTF-8 was saved in: Windows-1252 (and Latin-1) as
before, unless Mac Roman or DOS code page 850 reads more Norwegian letters in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bygdevekst_cli.codepages import DOS, MAC_ROMAN, WINDOWS, code_page
from bygdevekst_cli.loader import load_yaml_bytes
from tests.helpers import run_cli

NORWEGIAN = "Søknad frå Øvre Årdal: tiltak på garden, Ærø og «bær» i 2026–2028\n"


@pytest.mark.parametrize(
    ("encoding", "page"),
    [("cp1252", WINDOWS), ("latin-1", WINDOWS), ("mac_roman", MAC_ROMAN), ("cp850", DOS)],
)
def test_norwegian_text_is_told_by_its_letters(encoding: str, page: str) -> None:
    text = NORWEGIAN if encoding in ("cp1252", "mac_roman") else NORWEGIAN.replace("–", "-")
    assert code_page(text.encode(encoding)) == page


@pytest.mark.parametrize(
    "text",
    [
        "Ola’s tun – Šimek-garden, 2025–2028",  # ’ is DOS's Æ
        "‘ein’ dag og “to” netter • 1¾ time",  # ‘ is DOS's æ, ¾ Mac's æ
        "Produkt® og ¿Qué?",  # ® is Mac's Æ, ¿ its ø
        "† 1923",  # † is DOS's å
        "",
    ],
)
def test_windows_signs_without_a_norwegian_word_stay_windows(text: str) -> None:
    assert code_page(text.encode("cp1252")) == WINDOWS


@pytest.mark.parametrize(
    ("text", "page"),
    [
        ("Tiltak på Øya", MAC_ROMAN),  # «pŒ ¯ya» in Windows-1252: no sign between letters
        ("Åsen", MAC_ROMAN),  # 0x81, which Windows-1252 lacks
        ("Gården", DOS),
    ],
)
def test_a_single_word_is_enough(text: str, page: str) -> None:
    assert code_page(text.encode(page)) == page


def test_a_byte_no_code_page_reads_as_a_letter_is_none() -> None:
    assert code_page(b"Tomter\x81 og \x8d") is None


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "nb",
            "Filen er ikke UTF-8, men ser ut til å være lagret med tegnkoden Mac Roman (fra et"
            " eldre Mac-program, som Word eller Excel for Mac): byte 0xbf er «ø» der; lagre den"
            " som UTF-8",
        ),
        (
            "en",
            "The file is not UTF-8 but seems to be saved in the code page Mac Roman (from an"
            " older Mac program, such as Word or Excel for Mac): byte 0xbf is «ø» there; save"
            " it as UTF-8",
        ),
    ],
)
def test_the_loader_names_mac_roman_in_each_language(language: str, message: str) -> None:
    raw = "title: Tiltak\nnote: Søknad på garden\n".encode("mac_roman")
    loaded = load_yaml_bytes(raw, Path("plan.yaml"), "plan.yaml", language)
    assert [(f.code, f.line, f.column, f.message) for f in loaded.findings] == [
        ("BV008", 2, 8, message)
    ]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "nb",
            "{file}:2: filen ser ut til å være lagret med tegnkoden DOS (kodeside 850), ikke"
            " UTF-8 eller Windows-1252 (der står «Søknad»), og blir ikke lest som rotete tekst;"
            " lagre filen som «CSV UTF-8» eller «Unicode-tekst» og prøv igjen",
        ),
        (
            "en",
            "{file}:2: the file seems to be saved in the code page DOS (code page 850), not"
            " UTF-8 or Windows-1252 (where it has «Søknad»), and is not read as garbled text;"
            " save the file as «CSV UTF-8» or «Unicode text» and try again",
        ),
    ],
)
def test_the_import_names_a_dos_file_in_each_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    (tmp_path / "pilots").mkdir()
    source = tmp_path / "avtale.txt"
    source.write_bytes("Bygdevekstavtale\r\nSøknad frå garden\r\n".encode("cp850"))
    code, output = run_cli("import", "agreement", source.name, "--pilot", "garden", "--dry-run")
    assert (code, output) == (1, f"bygdevekst: {message.format(file=source.name)}\n")


MAC_PUNCTUATION = [
    "Delmal 1: “Gode tun” – for bygda’s folk…",  # no letter: only the marks tell
    "“Gode tun” – for folket",
    "Tun ‘Sol’ og ‘Mane’",
    "Fase 1 – 2026—2028…",
    "bygda’s",
]


@pytest.mark.parametrize("text", MAC_PUNCTUATION)
def test_mac_quotes_and_dashes_alone_tell_mac_roman(text: str) -> None:
    """Before: Windows-1252, which reads them as «ÒGode tunÓ Ð for bygdaÕs folkÉ»."""
    assert code_page(text.encode("mac_roman")) == MAC_ROMAN


@pytest.mark.parametrize(
    "text",
    [
        *MAC_PUNCTUATION,
        "CAFÉ og ESPAÑA, École og Ñandú",  # capitals where a word has them
        "Ola’s tun “Ó”",  # as many of Windows-1252's own marks
        "Ó Briain",  # a quote alone may be a capital
    ],
)
def test_windows_punctuation_and_capitals_stay_windows(text: str) -> None:
    assert code_page(text.encode("cp1252")) == WINDOWS


def test_a_mac_file_with_letters_is_still_told_by_its_letters() -> None:
    raw = "Tiltak på “Øya” – 2026".encode("mac_roman")
    assert code_page(raw) == MAC_ROMAN
    assert code_page("Tiltak på “Øya” – 2026".encode("cp1252")) == WINDOWS


def test_the_loader_names_a_mac_quote() -> None:
    raw = "year: 2026\ntitle: “Gode tun” – for bygda\n".encode("mac_roman")
    loaded = load_yaml_bytes(raw, Path("plan.yaml"), "plan.yaml", "en")
    assert [(f.code, f.line, f.column, f.message) for f in loaded.findings] == [
        (
            "BV008",
            2,
            8,
            "The file is not UTF-8 but seems to be saved in the code page Mac Roman (from an"
            " older Mac program, such as Word or Excel for Mac): byte 0xd2 is «“» there; save"
            " it as UTF-8",
        )
    ]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "nn",
            "{file}:2: fila ser ut til å vere lagra med teiknkoden Mac Roman (frå eit eldre"
            " Mac-program, som Word eller Excel for Mac), ikkje UTF-8 eller Windows-1252 (der"
            " står «“Gode»), og blir ikkje lesen som rotete tekst; lagre fila som «CSV UTF-8»"
            " eller «Unicode-tekst» og prøv igjen",
        ),
        (
            "nb",
            "{file}:2: filen ser ut til å være lagret med tegnkoden Mac Roman (fra et eldre"
            " Mac-program, som Word eller Excel for Mac), ikke UTF-8 eller Windows-1252 (der"
            " står «“Gode»), og blir ikke lest som rotete tekst; lagre filen som «CSV UTF-8»"
            " eller «Unicode-tekst» og prøv igjen",
        ),
    ],
)
def test_the_import_names_a_mac_file_of_quotes_and_dashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, message: str
) -> None:
    """Before: read as Windows-1252, the heading «Delmal 1: ÒGode tunÓ Ð for bygdaÕs folkÉ»."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    (tmp_path / "pilots").mkdir()
    source = tmp_path / "avtale.txt"
    text = "Bygdevekstavtale\r\nDelmal 1: “Gode tun” – for bygda’s folk…\r\n"
    source.write_bytes(text.encode("mac_roman"))
    code, output = run_cli(
        "import", "agreement", source.name, "--pilot", "garden", "--lang", "nn", "--dry-run"
    )
    assert (code, output) == (1, f"bygdevekst: {message.format(file=source.name)}\n")
