"""Documents from a pilot's data: agreement, action plan, case document, changes, status.

The pipeline: ``documents`` picks the data a document needs (or says in one line what is
missing) and ``views`` works it into what the templates show; the templates in
``templates/`` write Markdown in the pilot's written standard; ``formats`` turns that
Markdown into md, html, docx or pdf, and ``output`` writes the files atomically.

This module stays light: the CLI reads the names below to offer its choices.
"""

from __future__ import annotations

from bygdevekst_cli.language import cli_words

#: Every document, with what it is (for the CLI's help, in the command line's language:
#: the catalogues' ``doc.help`` table).
DOCUMENTS: dict[str, str] = {
    name: cli_words()(f"doc.help.{name}")
    for name in ("agreement", "plan", "case", "changes", "status")
}

ALL_MUNICIPALITIES = "all"
