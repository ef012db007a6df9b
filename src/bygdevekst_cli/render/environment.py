"""The one place the Jinja2 environment is built.

Sandboxed (a template can read the data it is given, never reach Python internals),
``StrictUndefined`` (a misspelt name is an error, not an empty string), and escaped in
both output languages: every value an HTML template (``*.html.j2``) prints is HTML-escaped
by Jinja, and every value a Markdown template (``*.md.j2``) prints goes through
``markdown.escape``, so data never becomes markup in either. Autoescaping is on for both
kinds, so that what macros and filters build on purpose (``Markup``, ``Md``) passes as is.

The templates are the package ``bygdevekst_cli.templates``, which the project maps onto
the repository's ``templates/`` folder (see pyproject.toml): the same files serve an
editable checkout and an installed wheel.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from bygdevekst_cli import formatting
from bygdevekst_cli.render.markdown import Md, cell, escape, prose

TEMPLATE_PACKAGE = "bygdevekst_cli.templates"


class PackageLoader(BaseLoader):
    """Templates read through importlib.resources (works from a folder and from a zip)."""

    def __init__(self, root: Traversable) -> None:
        self.root = root

    def get_source(
        self, environment: Any, template: str
    ) -> tuple[str, str | None, Callable[[], bool]]:
        parts = template.split("/")
        if any(part in ("", ".", "..") for part in parts):
            raise TemplateNotFound(template)
        node = self.root
        for part in parts:
            node = node.joinpath(part)
        if not node.is_file():
            raise TemplateNotFound(template)
        return node.read_text(encoding="utf-8"), None, lambda: True


@functools.cache
def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=PackageLoader(resources.files(TEMPLATE_PACKAGE)),
        undefined=StrictUndefined,
        autoescape=_autoescape,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(
        prose=prose,
        cell=cell,
        md=escape,
        kroner=_localised(formatting.kroner),
        million_kroner=_localised(formatting.million_kroner),
        percent=_localised(formatting.percent),
        date=_localised(formatting.long_date),
        and_list=and_list,
        number_word=number_word,
        capitalise=capitalise,
        definite=definite,
    )
    env.globals["h"] = heading
    env.globals["br"] = Md("\\")  # a backslash at the end of a line: a hard line break
    return env


def heading(level: int) -> Md:
    """The Markdown marker of a heading at ``level`` (templates cannot print ``#`` raw)."""
    return Md("#" * level)


def _autoescape(name: str | None) -> bool:
    return True


def _is_markdown(context: Context) -> bool:
    return bool(context.name and context.name.endswith(".md.j2"))


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Markdown templates: data is escaped as Markdown, then marked safe for Jinja's HTML
    escaping; what a macro or filter built (``Markup``, ``Md``) is already Markdown."""
    if not _is_markdown(context):
        return value
    if value is None:
        return Markup("–")
    if isinstance(value, Markup | Md):
        return Markup(value)
    return Markup(escape(value))


def _localised(format_value: Callable[[Any, str], str]) -> Callable[..., Md]:
    """A formatting function as a filter in the document's language (``lang`` in context)."""

    @pass_context
    def apply(context: Context, value: Any) -> Md:
        # Babel's output is digits, letters and spaces: safe anywhere but at a line's start.
        if value is None:
            return Md("–")
        return Md(format_value(value, context["lang"]))

    return apply


def and_list(items: Iterable[Any], conjunction: str = "og") -> str:
    """``["a", "b", "c"]`` → ``a, b og c`` (the same in Nynorsk and Bokmål)."""
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


_NUMBER_WORDS = ("", "", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti")


def number_word(value: int) -> str:
    """2–10 as words (the same in both written standards); other numbers as digits."""
    return _NUMBER_WORDS[value] if 2 <= value < len(_NUMBER_WORDS) else str(value)


def definite(title: str) -> str:
    """A masculine title in the definite form, the same in both written standards:
    ``Kommunedirektør`` → ``kommunedirektøren``, ``Rådmann`` → ``rådmannen``."""
    word = title.strip().lower()
    return word if word.endswith("en") else f"{word}en"


def capitalise(value: str) -> str:
    """Upper-case the first letter only (Jinja's ``capitalize`` lowers the rest)."""
    return value[:1].upper() + value[1:]
