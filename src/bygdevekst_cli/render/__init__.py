"""Documents from a pilot's data: agreement, action plan, case document, changes, status.

The pipeline: ``documents`` picks the data a document needs (or says in one line what is
missing) and ``views`` works it into what the templates show; the templates in
``templates/`` write Markdown in the pilot's written standard; ``formats`` turns that
Markdown into md, html, docx or pdf, and ``output`` writes the files atomically.

This module stays light: the CLI reads the names below to offer its choices.
"""

from __future__ import annotations

#: Every document, with what it is (Bokmål, for the CLI's help).
DOCUMENTS: dict[str, str] = {
    "agreement": "bygdevekstavtalen med kapitler, parter og delmål",
    "plan": "handlingsplanen med tiltak og budsjett",
    "case": "saksframlegget til én kommune (eller alle med --municipality all)",
    "changes": "nye, endrede og avsluttede tiltak siden forrige planår",
    "status": "årets rapport per tiltak, per delmål og samlet",
}

ALL_MUNICIPALITIES = "all"
