"""Structural mistakes a municipality's writer makes in a YAML file (a list then a key, a key
then a list item at the same indentation, a value then a dash) said plainly, from the text
around the parser's mark (``yaml_problems.structure_words``), in every parser's case alike.

Before: «innhald etter slutten på dokumentet (etter «...»)» for a file with no «...», and
«feil innrykk: nøkkelen står ikkje under noko» for a list item where a key has its value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bygdevekst_cli import loader
from bygdevekst_cli.loader import load_yaml_bytes
from tests.helpers import copy_minimal, invoke

BACKENDS = {
    "pyyaml-libyaml": loader.default_backend,
    "ruamel-libyaml": loader._ruamel_backend,
    "ruamel-pure": lambda: loader._ruamel_backend(pure=True),
}

CASES = {
    # name: (text, line, column, Nynorsk, Bokmål)
    "flow list then key": (
        "[1]\nb: 2\n",
        2,
        1,
        "«b: 2» kan ikkje stå her, for lista «[1]» på linje 1 er alt heile innhaldet i fila, og"
        " ingenting kan kome etter; set «[1]» under ein nøkkel (som «namn: [1]») eller ta bort"
        " linje 1",
        "«b: 2» kan ikke stå her, for listen «[1]» på linje 1 er allerede hele innholdet i"
        " filen, og ingenting kan komme etter; sett «[1]» under en nøkkel (som «navn: [1]»)"
        " eller ta bort linje 1",
    ),
    "flow table after a comment and a start": (
        "# plan\n---\n{a: 1}\nb: 2\n",
        4,
        1,
        "«b: 2» kan ikkje stå her, for tabellen «{a: 1}» på linje 3 er alt heile innhaldet i"
        " fila, og ingenting kan kome etter; set «{a: 1}» under ein nøkkel (som «namn: {a: 1}»)"
        " eller ta bort linje 3",
        "«b: 2» kan ikke stå her, for tabellen «{a: 1}» på linje 3 er allerede hele innholdet i"
        " filen, og ingenting kan komme etter; sett «{a: 1}» under en nøkkel (som «navn: {a:"
        " 1}») eller ta bort linje 3",
    ),
    "block list then key": (
        "- a\nb: 2\n",
        2,
        1,
        "«b: 2» står med same innrykk som punkta i lista som byrjar på linje 1 («- a»), og der"
        " kan det berre stå nye listepunkt («- »); høyrer linja til eit punkt, rykk henne inn"
        " under det, og er ho ein ny nøkkel, set lista under ein nøkkel («namn:»)",
        "«b: 2» står med samme innrykk som punktene i listen som begynner på linje 1 («- a»), og"
        " der kan det bare stå nye listepunkter («- »); hører linjen til et punkt, rykk den inn"
        " under det, og er den en ny nøkkel, sett listen under en nøkkel («navn:»)",
    ),
    "key then list item": (
        "a:\n  b: 1\n  - c\n",
        3,
        3,
        "listepunktet «- c» står med same innrykk som nøkkelen «b» på linje 2, som alt har"
        " verdien «1»; skal lista vere verdien til «b», ta bort «1» så linja sluttar med «b:»,"
        " og skal ho ikkje det, gi lista ein eigen nøkkel («namn:») på linja over",
        "listepunktet «- c» står med samme innrykk som nøkkelen «b» på linje 2, som allerede"
        " har verdien «1»; skal listen være verdien til «b», ta bort «1» så linjen slutter med"
        " «b:», og skal den ikke det, gi listen en egen nøkkel («navn:») på linjen over",
    ),
    "measure list, a key, then a measure": (
        "measures:\n- id: '1.1'\n  title: x  # tiltak\nyear: 2026\n- id: '1.2'\n",
        5,
        1,
        "listepunktet «- id: '1.2'» står med same innrykk som nøkkelen «year» på linje 4, som"
        " alt har verdien «2026»; skal lista vere verdien til «year», ta bort «2026» så linja"
        " sluttar med «year:», og skal ho ikkje det, gi lista ein eigen nøkkel («namn:») på"
        " linja over",
        "listepunktet «- id: '1.2'» står med samme innrykk som nøkkelen «year» på linje 4, som"
        " allerede har verdien «2026»; skal listen være verdien til «year», ta bort «2026» så"
        " linjen slutter med «year:», og skal den ikke det, gi listen en egen nøkkel («navn:»)"
        " på linjen over",
    ),
    "key with a block value then list item": (
        "a:\n  x: 1\n- c\n",
        3,
        1,
        "listepunktet «- c» står med same innrykk som nøkkelen «a» på linje 1, som alt har"
        " verdien sin på linjene under; rykk listepunktet inn under det det høyrer til, eller"
        " gi lista ein eigen nøkkel («namn:») på linja over",
        "listepunktet «- c» står med samme innrykk som nøkkelen «a» på linje 1, som allerede"
        " har verdien sin på linjene under; rykk listepunktet inn under det det hører til,"
        " eller gi listen en egen nøkkel («navn:») på linjen over",
    ),
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", CASES)
def test_a_structural_mistake_is_said_plainly_by_every_parser(name: str, backend: str) -> None:
    text, line, column, nynorsk, bokmaal = CASES[name]
    for language, words in (("nn", nynorsk), ("nb", bokmaal)):
        chosen = BACKENDS[backend]()
        loaded = load_yaml_bytes(text.encode(), Path("f.yaml"), "f.yaml", language, chosen)
        (finding,) = loaded.findings
        assert (finding.code, finding.line, finding.column, finding.message) == (
            "BV001",
            line,
            column,
            f"YAML-syntaksfeil: {words}",
        ), (language, backend)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: 1\n...\nb: 2\n", "innhald etter slutten på dokumentet (etter «...»)"),
        ("a:\n  b: 1\n c: 2\n", "feil innrykk: nøkkelen står ikkje under noko"),
    ],
)
def test_other_mistakes_keep_their_words(text: str, words: str) -> None:
    """Content after a real «...», and a key under nothing, are said as before."""
    loaded = load_yaml_bytes(text.encode(), Path("f.yaml"), "f.yaml", "nn")
    assert [f.message for f in loaded.findings] == [f"YAML-syntaksfeil: {words}"]


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_validate_names_the_file_and_line_of_a_list_then_a_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    text, line, column, nynorsk, bokmaal = CASES["flow list then key"]
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    (pilot / "plans" / "2026.yaml").write_text(text, encoding="utf-8")
    result = invoke("validate", "testdalen")
    assert result.exit_code == 1
    words = nynorsk if language == "nn" else bokmaal
    place = f"pilots/testdalen/plans/2026.yaml:{line}:{column}:"
    assert f"{place} feil BV001 YAML-syntaksfeil: {words}\n" in result.output
    assert "..." not in result.output
