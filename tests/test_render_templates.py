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

from bygdevekst_cli.models import Language
from bygdevekst_cli.render.environment import environment
from bygdevekst_cli.render.markdown import blocks, escape, parse, prose
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


def _siblings(language: str) -> list[Path]:
    return sorted(TEMPLATES.glob(f"*/{language}.md.j2"))


@pytest.mark.parametrize(
    ("language", "written_in"), [("nn", Language.NYNORSK), ("nb", Language.BOKMAAL)]
)
def test_templates_hold_no_marker_word_of_the_other_standard(
    language: str, written_in: Language
) -> None:
    siblings = _siblings(language)
    assert {p.parent.name for p in siblings} >= {
        "agreement", "plan", "case", "changes", "status", "common", "footer"
    }  # fmt: skip
    for path in siblings:
        hits = marker_words().find(template_words(path), written_in)
        assert not hits, f"{path.relative_to(REPO)}: {[w for _, w, _ in hits]}"


def test_layouts_hold_no_words_of_either_standard() -> None:
    for path in [*sorted(TEMPLATES.glob("*/layout.md.j2")), TEMPLATES / "common/blocks.md.j2"]:
        text = template_words(path)
        for language in Language:
            assert not marker_words().find(text, language), path


def test_every_document_has_a_nynorsk_and_a_bokmaal_sibling_of_one_layout() -> None:
    for document in ("agreement", "plan", "case", "changes", "status"):
        for language in ("nn", "nb"):
            text = (TEMPLATES / document / f"{language}.md.j2").read_text(encoding="utf-8")
            assert f'{{% extends "{document}/layout.md.j2" %}}' in text


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
