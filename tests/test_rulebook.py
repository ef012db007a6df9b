"""The rulebook is the one table of finding codes: the registry takes every rule's name
and severity from it, registers every code in it, and refuses a code that is not in it."""

from __future__ import annotations

import pytest

from bygdevekst_cli.findings import Severity
from bygdevekst_cli.rulebook import CODES, Stage, is_known, name_of, pilot_rule_span
from bygdevekst_cli.rules import CATALOGUE
from bygdevekst_cli.rules.registry import rule


def test_the_registry_holds_every_code_of_the_rulebook_as_the_rulebook_says() -> None:
    assert sorted(CATALOGUE) == list(CODES)
    for code, entry in CODES.items():
        registered = CATALOGUE[code]
        assert (registered.name, registered.severity) == (entry.name, entry.severity)
        assert (registered.check is not None) == (entry.stage is Stage.RULE), code


def test_a_rule_whose_code_is_not_in_the_rulebook_is_refused() -> None:
    with pytest.raises(RuntimeError, match="BV299"):
        rule("BV299")
    with pytest.raises(RuntimeError, match="BV001"):
        rule("BV001")  # a code found while reading, not by a rule


def test_the_light_questions() -> None:
    assert is_known("BV2") and is_known("BV224") and not is_known("BV8")
    assert name_of("BV224") == "case-number-missing"
    assert name_of("BV999") == ""
    assert CODES["BV104"].severity is Severity.ERROR
    checked = sorted(code for code, entry in CATALOGUE.items() if entry.check is not None)
    assert pilot_rule_span() == f"{checked[0]}–{checked[-1]}"
