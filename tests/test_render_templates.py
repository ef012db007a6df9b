"""The templates: written standard, the sandbox, escaping, and how they are packaged."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from bygdevekst_cli.language import words
from bygdevekst_cli.models import Language
from bygdevekst_cli.render.environment import document_words, environment
from bygdevekst_cli.render.markdown import Md, blocks, escape, parse, prose
from bygdevekst_cli.rules.language import marker_words
from tests.helpers import REPO

TEMPLATES = REPO / "templates"
SOURCE = REPO / "src" / "bygdevekst_cli"
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_QUOTED = re.compile(r'"([^"]*)"(?!\s*:)')  # a string, but not a key of a dict


def template_words(path: Path) -> str:
    """The words a template adds: its literal text and the strings inside its tags."""
    text = path.read_text(encoding="utf-8")
    literal = _JINJA.sub(" ", text)
    quoted = " ".join(
        " ".join(_QUOTED.findall(tag)) for tag in _JINJA.findall(text) if not tag.startswith("{#")
    )
    return f"{literal} {quoted}"


DOCUMENT_FOLDERS = ("agreement", "plan", "case", "changes", "status")
_KEY_CALL = re.compile(
    r"""\bw(\.text|\.plural)?\(\s*"([a-z0-9_.]+)"(?:\s+if\s+[^"]*\s+else\s+"([a-z0-9_.]+)")?"""
)
_LETTERS = re.compile(r"[^\W\d_]{2,}")


def _markdown_templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.md.j2"))


def _enum_values() -> set[str]:
    """Values of the models' enums, which templates may compare with (``"main_parties"``)."""
    from bygdevekst_cli.models.agreement import ChapterKind
    from bygdevekst_cli.models.pilot import PartyKind
    from bygdevekst_cli.models.plan import MeasureStatus

    return {e.value for e in [*ChapterKind, *PartyKind, *MeasureStatus]}


def test_every_document_is_one_layout_with_no_language_siblings() -> None:
    for folder in [*DOCUMENT_FOLDERS, "footer"]:
        assert sorted(p.name for p in (TEMPLATES / folder).iterdir()) == ["layout.md.j2"], folder
    assert sorted(p.name for p in (TEMPLATES / "common").iterdir()) == [
        "blocks.md.j2",
        "charts.md.j2",
        "indicators.md.j2",
        "money.md.j2",
        "party.md.j2",
    ]
    assert not list(TEMPLATES.rglob("nn.*.j2")) and not list(TEMPLATES.rglob("nb.*.j2"))


def test_templates_hold_no_words_outside_the_catalogue() -> None:
    """Outside its tags a Markdown template prints only punctuation; inside them a quoted
    string is a catalogue key, an enum value of the models, or punctuation. So no template
    holds a word of either written standard, and the marker words need checking only in
    the catalogues (tests/test_language.py)."""
    keys = words("nn").keys() | words("nb").keys()
    tables = {key.rsplit(".", 1)[0] for key in keys}  # "doc.case.intro": a plural choice
    allowed = _enum_values()
    for path in _markdown_templates():
        text = path.read_text(encoding="utf-8")
        literal = _JINJA.sub(" ", text)
        assert _LETTERS.findall(literal) == [], path.relative_to(REPO)
        for tag in _JINJA.findall(text):
            if tag.startswith("{#"):
                continue
            for quoted in re.findall(r'"([^"]*)"', tag):
                if not _LETTERS.search(quoted):
                    continue
                known = quoted in keys or quoted.removesuffix(".") in tables or quoted in allowed
                known = known or quoted.endswith(".md.j2")  # an import
                assert known, f"{path.relative_to(REPO)}: {quoted!r} is not a catalogue key"


def test_the_old_way_of_holding_words_would_be_caught() -> None:
    """The check above is not vacuous: a sentence in a template is found."""
    text = "{{ h(2) }} Innstilling frå {{ w.definite(title) }}"
    assert _LETTERS.findall(_JINJA.sub(" ", text)) == ["Innstilling", "frå"]


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_every_key_a_template_reads_is_in_both_catalogues(language: str) -> None:
    catalogue = words(language)
    used = set()
    for path in _markdown_templates():
        for match in _KEY_CALL.finditer(path.read_text(encoding="utf-8")):
            method, *keys = match.groups()
            # A plural choice reads key.other, and key.one where the language has it.
            suffix = ".other" if method == ".plural" else ""
            used.update(f"{key}{suffix}" for key in keys if key)
    assert len(used) > 100
    from bygdevekst_cli.models.plan import Body, FundingSource, MeasureStatus, Outcome

    # A key built in the template ("source." ~ run.source) has an entry for every value.
    built = {"code.body.": Body, "status.": MeasureStatus, "source.": FundingSource}
    built |= {"outcome.": Outcome, "doc.decisions.verb.": Outcome}
    built |= {"doc.decisions.verb_state.": Outcome}
    for prefix in sorted(key for key in used if key.endswith(".")):
        assert prefix in built, prefix
        assert all(catalogue.has(f"{prefix}{value.value}") for value in built[prefix]), prefix
    assert sorted(key for key in used if not key.endswith(".") and not catalogue.has(key)) == []


@pytest.mark.parametrize(
    ("code", "written_in"), [("nn", Language.NYNORSK), ("nb", Language.BOKMAAL)]
)
def test_the_document_words_hold_no_marker_word_of_the_other_standard(
    code: str, written_in: Language
) -> None:
    catalogue = words(code)
    tables = ("doc", "number", "title")
    document_keys = [k for k in catalogue.keys() if k.split(".")[0] in tables]  # noqa: SIM118
    assert len(document_keys) > 100
    hits = {k: marker_words().find(catalogue(k), written_in) for k in document_keys}
    assert {k: found for k, found in hits.items() if found} == {}


def test_document_words_escape_the_slots_and_keep_the_entry() -> None:
    w = document_words("nn")
    sentence = w("doc.case.county", party="*Fylke* <b>", meetings=Md("*allereie Markdown*"))
    assert sentence == "\\*Fylke\\* \\<b\\> handsamar saka i *allereie Markdown*."
    assert w("doc.common.period_until", end=None) == "til –"
    assert (
        w.text("doc.plan.title", year=2026, pilot="A*B")
        == "Handlingsplan 2026 for bygdevekstavtala i A*B"
    )


@pytest.mark.parametrize(
    ("code", "joined", "number", "definite"),
    [
        ("nn", "Fyresdal, Tokke og Vinje", "fire", "kommunedirektøren"),
        ("nb", "Fyresdal, Tokke og Vinje", "fire", "kommunedirektøren"),
    ],
)
def test_lists_numbers_and_definite_titles_come_from_the_catalogue_and_babel(
    code: str, joined: str, number: str, definite: str
) -> None:
    w = document_words(code)
    assert w.join(["Fyresdal", "Tokke", "Vinje"]) == joined
    assert w.join(["*a*"]) == "\\*a\\*"
    assert w.number(4) == number
    assert w.number(1) == "1" and w.number(11) == "11"  # digits where no word is listed
    assert w.definite(" Kommunedirektør ") == definite
    assert w.definite("Rådmann") == "rådmannen"
    # A title the catalogue lacks is printed as written, never given a guessed ending.
    assert w.definite("Dagleg leiar") == "dagleg leiar"
    one = w.plural("doc.case.intro", 1, number=w.number(1), pilot="P", municipality="K*")
    other = w.plural("doc.case.intro", 4, number=w.number(4), pilot="P", municipality="K*")
    assert one.startswith("K\\* er e") and other.startswith(f"Alle {number} kommun")


def test_the_environment_is_sandboxed_strict_and_built_in_one_place() -> None:
    env = environment()
    assert isinstance(env, SandboxedEnvironment)
    assert env is environment()
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()
    with pytest.raises(SecurityError):
        env.from_string("{{ x.__class__.__mro__ }}").render(x="")
    builders = [
        path.relative_to(SOURCE).as_posix()
        for path in SOURCE.rglob("*.py")
        if "SandboxedEnvironment(" in path.read_text(encoding="utf-8")
        or re.search(r"\bEnvironment\(", path.read_text(encoding="utf-8"))
    ]
    assert builders == ["render/environment.py"]


def test_values_are_escaped_in_markdown_and_html_templates() -> None:
    env = environment()
    hostile = "<script>alert(1)</script> *x* | # y"
    page = env.get_template("html/page.html.j2").render(
        lang="nn", title=hostile, subject="s", meta={"generator": "g"}, css="", body="", footer=""
    )
    assert "<script>" not in page and "&lt;script&gt;" in page
    markdown = env.from_string("{{ value }}")  # from_string is HTML-escaped: the safe default
    assert "&lt;script&gt;" in markdown.render(value=hostile)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("# Overskrift", "# Overskrift"),
        ("1. punkt", "1. punkt"),
        ("- punkt", "- punkt"),
        ("> sitat", "> sitat"),
        ("a | b", "a | b"),
        ("*feit* _kursiv_ `kode`", "*feit* _kursiv_ `kode`"),
        ("[lenkje](javascript:alert(1))", "[lenkje](javascript:alert(1))"),
        ("&amp; &#60;", "&amp; &#60;"),
        ("linje 1\nlinje 2", "linje 1 linje 2"),
        ("2025-2028 og 0.1.0", "2025-2028 og 0.1.0"),
    ],
)
def test_escaped_text_reads_back_as_exactly_that_text(text: str, shown: str) -> None:
    (paragraph,) = blocks(parse(escape(text)))
    assert "".join(span.text for span in paragraph.spans) == shown  # type: ignore[union-attr]


def test_prose_keeps_paragraphs_and_lists() -> None:
    text = "Innleiing:\n\n1. Nye tiltak\n2. Endra tiltak\n\n- a\n- b\n\nSlutt."
    kinds = [type(b).__name__ for b in blocks(parse(prose(text)))]
    assert kinds == ["Paragraph", "ListBlock", "ListBlock", "Paragraph"]


# ------------------------------------------------------------------------------ packaging


def test_the_templates_folder_is_installed_as_a_package() -> None:
    """templates/ maps onto bygdevekst_cli.templates (package-dir), setup.py adds that
    package to the ones found under src/, and package-data takes every template along."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    assert setuptools["package-dir"]["bygdevekst_cli.templates"] == "templates"
    assert setuptools["package-dir"][""] == "src"
    assert '"bygdevekst_cli.templates"' in (REPO / "setup.py").read_text(encoding="utf-8")
    patterns = setuptools["package-data"]["bygdevekst_cli.templates"]
    for template in TEMPLATES.rglob("*.j2"):
        relative = template.relative_to(TEMPLATES)
        assert any(relative.match(p.removeprefix("**/")) for p in patterns), relative
    assert ast.get_docstring(ast.parse((TEMPLATES / "__init__.py").read_text(encoding="utf-8")))


# ------------------------------------------------------------------ no words in Python

#: Frequent Norwegian words that are not marker words (valid in both written standards).
_COMMON_NORWEGIAN_TEXT = (
    "og ikke ikkje ingen har mangler manglar eller kommune kommunar kommuner tiltak "
    "delmål handlingsplan handlingsplanen saksframlegg saksfremlegg endringar "
    "endringer feil fant fann trenger treng gjelder gjeld ukjent velg piloten avtale "
    "avtala avtalen er"
)
_COMMON_NORWEGIAN = frozenset(_COMMON_NORWEGIAN_TEXT.split())
_NORWEGIAN_LETTERS = re.compile(r"[æøåÆØÅ«»]")
_WORDS = re.compile(r"[^\W\d_]+")


def norwegian_literals(source: str) -> list[tuple[int, str]]:
    """``(line, text)`` of each string literal in Python source that holds a Norwegian word:
    a letter æ/ø/å or «», a marker word of either standard, or a frequent Norwegian word.
    Docstrings (any statement that is only a string) are documentation, not shown text."""
    tree = ast.parse(source)
    documentation = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    markers = marker_words()
    vocabulary = _COMMON_NORWEGIAN | set(markers.nynorsk) | set(markers.bokmaal)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if id(node) in documentation:
            continue
        text = node.value
        words_in = {w.lower() for w in _WORDS.findall(text)}
        if _NORWEGIAN_LETTERS.search(text) or words_in & vocabulary:
            found.append((node.lineno, text))
    return found


def test_the_render_modules_hold_no_string_literal_with_norwegian_words() -> None:
    found = {
        path.name: hits
        for path in sorted((SOURCE / "render").glob("*.py"))
        if (hits := norwegian_literals(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_literal_count_finds_words_held_in_python() -> None:
    """What the render modules held before the catalogues took the words over."""
    old = (
        '"""Docstring with Kommunedirektør."""\n'
        '_NUMBER_WORDS = ("", "", "to", "tre", "fire", "åtte")\n'
        'def and_list(items, conjunction: str = "og"): ...\n'
        'def definite(word): return word if word.endswith("en") else f"{word}en"\n'
        '_STEMS = {"case": ("saksframlegg", "saksfremlegg")}\n'
        'raise UserError(f"{display}: fant ingen handlingsplan for {year}")\n'
        'ok = ("agreement", "layout.md.j2", f"doc.file.{document}", "-NO")\n'
    )
    lines = [line for line, _ in norwegian_literals(old)]
    assert sorted(set(lines)) == [2, 3, 4, 5, 6]
