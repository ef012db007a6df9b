"""The output formats: one converter module per format, registered in ``FORMAT_BY_NAME``.

The table also gives the CLI its ``--format`` choices, so it stays light: a converter's
module (and its library: python-docx, typst) is imported only when a file is converted.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bygdevekst_cli.render.pipeline import Rendered


class Converter(Protocol):
    def __call__(self, rendered: Rendered) -> bytes: ...


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    module: str
    """The module under ``bygdevekst_cli.render.formats`` with a ``convert`` function."""
    description: str

    def convert(self, rendered: Rendered) -> bytes:
        module = importlib.import_module(f"{__name__}.{self.module}")
        converter: Converter = module.convert
        return converter(rendered)


FORMAT_BY_NAME: dict[str, Format] = {
    "md": Format("md", "md", "md", "Markdown"),
    "html": Format("html", "html", "html", "én frittstående HTML-fil"),
    "docx": Format("docx", "docx", "docx", "Word (DOCX)"),
    "pdf": Format("pdf", "pdf", "pdf", "PDF/A-2 med tagger (Typst)"),
}
