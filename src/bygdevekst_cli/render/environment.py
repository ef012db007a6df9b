"""The one place the Jinja2 environment is built.

Sandboxed (a template can read the data it is given, never reach Python internals),
``StrictUndefined`` (a misspelt name is an error, not an empty string), and escaped in
both output languages: every value an HTML template (``*.html.j2``) prints is HTML-escaped
by Jinja, and every value a Markdown template (``*.md.j2``) prints goes through
``markdown.escape``, so data never becomes markup in either. Autoescaping is on for both
kinds, so that what macros and filters build on purpose (``Markup``, ``Md``) passes as is.

Templates hold no words: each render gets ``w``, the word catalogue of the document's
written standard (``DocumentWords`` below, over ``language.words``), with ``w.join``,
``w.plural``, ``w.number`` and ``w.definite`` for lists, plural choice, number words and
titles in the definite form (see templates/README.md).

The templates are the package ``bygdevekst_cli.templates``, which the project maps onto
the repository's ``templates/`` folder (see pyproject.toml): the same files serve an
editable checkout and an installed wheel.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, pass_context
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from bygdevekst_cli import __version__, cache, formatting
from bygdevekst_cli.language import Words, words
from bygdevekst_cli.render import partial
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


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in the user's cache folder (``bygdevekst_cli.cache``).

    Compiling the templates of a case document costs more than rendering six of them, and
    every ``render`` is a new process. Jinja checks each entry against the template's
    source and the Python version; the key adds the tool's and Jinja's versions and this
    module (which sets the options the compiled code depends on). Caching off
    (``BYGDEVEKST_NO_CACHE=1``) or a folder that cannot be written: compiled each time.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        data = cache.load(_entry_name(bucket), _compiled_key(), tool_data=True)
        if isinstance(data, bytes):
            bucket.bytecode_from_string(data)  # Jinja drops it if the source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        cache.store(
            _entry_name(bucket), _compiled_key(), bucket.bytecode_to_string(), tool_data=True
        )


def _entry_name(bucket: Bucket) -> str:
    return f"template-{bucket.key}"


@functools.cache
def _compiled_key() -> tuple[str, str, str]:
    import hashlib

    import jinja2

    try:
        module = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    except OSError:
        module = ""
    return __version__, jinja2.__version__, module


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
        bytecode_cache=CompiledTemplates(),
    )
    from bygdevekst_cli.render.views import document_label, named

    env.filters.update(
        measure_name=named,
        document_label=document_label,
        measure_heading=measure_heading,
        prose=prose,
        cell=cell,
        kroner=_localised(partial.kroner),
        figure=_localised(partial.figure),
        year_total=partial.year_total,
        million_kroner=_localised(formatting.million_kroner),
        percent=_localised(formatting.percent),
        date=_localised(formatting.long_date),
        capitalise=capitalise,
        unbroken=unbroken,
    )
    env.globals["h"] = heading
    env.globals["br"] = Md("\\")  # a backslash at the end of a line: a hard line break
    return env


def measure_heading(label: str, title: str) -> Md:
    """A measure's number and title as a heading names it, each escaped on its own (a title
    such as «#» is text, never a heading's closing mark); the title alone where there is no
    number (shared work)."""
    return Md(f"{escape(label)} {escape(title)}") if label else escape(title)


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


def unbroken(value: Any) -> Markup:
    """An HTML table cell's text with each number, amount, phone number and code in a
    ``nobreak`` span, and each e-mail address as ``nobreak`` parts with a ``<wbr>`` after
    its «@» and before its dots (the pieces of ``render/formats/unbroken.py``, as the
    documents' cells in ``html.py``): on a phone the overview's narrow columns broke «2026»
    into «20» over «26». The text is unchanged; search and copy read it as written."""
    from bygdevekst_cli.render.formats.unbroken import email_parts, pieces

    html = Markup()
    for piece in pieces(str(value)):
        if not piece.whole:
            html += piece.text  # escaped by Markup's +
            continue
        parts = email_parts(piece.text) if piece.email else [piece.text]
        html += Markup("<wbr>").join(
            Markup('<span class="nobreak">{}</span>').format(part) for part in parts
        )
    return html


def capitalise(value: str) -> str:
    """Upper-case the first letter only (Jinja's ``capitalize`` lowers the rest)."""
    return value[:1].upper() + value[1:]


def shown(value: Any) -> Md:
    """A value as a Markdown template prints it (see ``_finalize``): None as a dash, what
    a macro or filter built as it is, anything else escaped."""
    if value is None:
        return Md("–")
    if isinstance(value, Markup | Md):
        return Md(str(value))
    return escape(value)


class DocumentWords:
    """The word catalogue as the document templates read it: ``w`` in every template.

    ``w("doc.plan.title", year=2026)`` is the entry with its slots filled; the entry is
    Markdown as it stands, each slot's value is escaped like any value a template prints.
    ``w.text`` leaves the slots as they are (for the title and subject, which are escaped
    where they are printed). List joins, plurals, number words and definite forms of
    titles come from the catalogue and Babel, never from Python.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self._words: Words = words(language)

    def __call__(self, key: str, /, **slots: Any) -> Md:
        return Md(self._words(key, **{name: shown(v) for name, v in slots.items()}))

    def text(self, key: str, /, **slots: Any) -> str:
        return self._words(key, **slots)

    def plural(self, key: str, count: partial.Amount, /, **slots: Any) -> Md:
        """``key``'s form for ``count``; a partial sum takes its known part's («minst 1
        time»)."""
        if isinstance(count, partial.AtLeast):
            count = count.known or 0
        return Md(self._words.plural(key, count, **{n: shown(v) for n, v in slots.items()}))

    def join(self, items: Iterable[Any]) -> Md:
        """``A, B og C`` (CLDR's list pattern), each item escaped unless already Markdown."""
        return Md(self._words.join(shown(item) for item in items))

    def number(self, value: partial.Amount) -> str:
        """A number as running text writes it: a word where the catalogue has one (2–10),
        else digits in groups (``12 000``); a partial sum as «minst …»."""
        if isinstance(value, partial.AtLeast):
            return partial.written(value, self.number, self.language)
        word = self._words.get(f"number.{value}")
        return word or formatting.number(value, self.language)

    def definite(self, title: str) -> str:
        """A title in the definite form (``Kommunedirektør`` → ``kommunedirektøren``) from
        the catalogue's ``title`` table; a title it lacks is printed as written, in lower case."""
        plain = title.strip().lower()
        return self._words.get(f"title.{plain}", plain) or plain

    def has(self, key: str) -> bool:
        return self._words.has(key)


@functools.cache
def document_words(language: str) -> DocumentWords:
    return DocumentWords(language)
