"""The language layer: one catalogue per written standard, the same keys in both, and no
marker word of the other standard in either."""

from __future__ import annotations

import pytest

from bygdevekst_cli.language import MissingWord, words
from bygdevekst_cli.models import Language
from bygdevekst_cli.rules.language import marker_words


def test_both_written_standards_have_the_same_keys() -> None:
    nynorsk, bokmaal = words("nn").keys(), words("nb").keys()
    assert sorted(nynorsk - bokmaal) == []
    assert sorted(bokmaal - nynorsk) == []


def test_the_command_line_catalogue_has_no_key_the_others_lack() -> None:
    assert sorted(words("en").keys() - words("nb").keys()) == []


@pytest.mark.parametrize(
    ("code", "written_in"), [("nn", Language.NYNORSK), ("nb", Language.BOKMAAL)]
)
def test_no_catalogue_entry_holds_a_marker_word_of_the_other_standard(
    code: str, written_in: Language
) -> None:
    catalogue = words(code)
    hits = {
        key: [word for _, word, _ in marker_words().find(catalogue(key), written_in)]
        for key in catalogue.keys()  # noqa: SIM118 (Words is not a mapping)
    }
    assert {key: found for key, found in hits.items() if found} == {}


def test_slots_plurals_and_lists() -> None:
    nn, nb = words("nn"), words("nb")
    assert nn.join(["Fyresdal", "Kviteseid", "Nissedal"]) == "Fyresdal, Kviteseid og Nissedal"
    assert nb.join(["a", "b"], style="or") == "a eller b"
    assert nn.join([]) == ""
    assert nn("language.name") == "nynorsk"
    assert nb("language.name") == "bokmål"


def test_a_missing_key_is_a_named_error_and_get_falls_back() -> None:
    with pytest.raises(MissingWord, match=r"nn: no\.such\.key"):
        words("nn")("no.such.key")
    assert words("nb").get("no.such.key", "title") == "title"
