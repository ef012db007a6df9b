"""Which code page a file that is not UTF-8 was saved in: Windows-1252 (and Latin-1) as
before, unless Mac Roman or DOS code page 850 reads more Norwegian letters in it."""

from __future__ import annotations

import pytest

from bygdevekst_cli.codepages import DOS, MAC_ROMAN, WINDOWS, code_page

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
