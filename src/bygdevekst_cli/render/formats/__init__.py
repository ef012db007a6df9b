"""The output formats: one converter module per format, registered in ``FORMAT_BY_NAME``.

The table also gives the CLI its ``--format`` choices, so it stays light: a converter's
module (and its library: python-docx, typst) is imported only when a file is converted.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from bygdevekst_cli.render.pipeline import Rendered


class Converter(Protocol):
    def __call__(self, rendered: Rendered, draft: str | None = None) -> bytes:
        """The file's bytes; ``draft`` is the marking for data with errors (``--draft``),
        shown on every page and put in the metadata."""
        ...


class Format(NamedTuple):
    name: str
    extension: str
    module: str
    """The module under ``bygdevekst_cli.render.formats`` with a ``convert`` function."""
    draft: bool = False
    """Mark every document as a draft made from data with errors (``render --draft``)."""

    @property
    def description(self) -> str:
        """What the format is, in the command line's language (``cli.help.render_format``)."""
        from bygdevekst_cli.language import cli_words

        return cli_words()(f"cli.help.render_format.{self.name}")

    def marked_draft(self, draft: bool = True) -> Format:
        return self._replace(draft=draft)

    def convert(self, rendered: Rendered) -> bytes:
        module = importlib.import_module(f"{__name__}.{self.module}")
        converter: Converter = module.convert
        return converter(rendered, draft_mark(rendered) if self.draft else rendered.meta.draft)


def draft_mark(rendered: Rendered) -> str:
    """``UTKAST – inneheld feil`` (nn) or ``UTKAST – inneholder feil`` (nb); a document
    that is a draft of its own (``meta.draft``) is a draft with errors all the same."""
    from bygdevekst_cli.language import words

    return words(rendered.language)("draft.mark")


FORMAT_BY_NAME: dict[str, Format] = {
    "md": Format("md", "md", "md"),
    "html": Format("html", "html", "html"),
    "docx": Format("docx", "docx", "docx"),
    "pdf": Format("pdf", "pdf", "pdf"),
}
