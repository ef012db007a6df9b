"""Language-neutral codes for values that were Norwegian words (issue 10, item 8).

A file holds the code (``body: municipal_council``); the nn and nb words are labels in the
catalogues. The words older files hold are listed in ``data/codes.yaml``: they are still
read (old git revisions must load), ``validate`` reports each as an error that says to run
``bygdevekst migrate`` (BV232), and ``migrate`` rewrites them.
"""

from __future__ import annotations

import functools
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator


class Body(StrEnum):
    """The political body that treats a plan."""

    FORMANNSKAP = "executive_committee"
    """Formannskap."""
    KOMMUNESTYRE = "municipal_council"
    """Kommunestyre."""
    FYLKESUTVAL = "county_committee"
    """Fylkesutval."""
    FYLKESTING = "county_council"
    """Fylkesting."""
    KDD = "kdd"
    """The ministry's approval."""


@functools.cache
def old_codes() -> dict[str, dict[str, str]]:
    """Per field name, the old word -> its code (``data/codes.yaml``)."""
    from bygdevekst_cli.loader import load_package_data

    data = load_package_data("codes.yaml")
    return {str(f): {str(k): str(v) for k, v in table.items()} for f, table in data.items()}


def old_word(field: str, value: object) -> str | None:
    """The code an old word stands for in ``field``, or None when ``value`` is no old word."""
    return old_codes().get(field, {}).get(value) if isinstance(value, str) else None


def _read_old_word(field: str) -> Any:
    """Old words are read as their codes, so that old git revisions still load; ``validate``
    reports them (BV232) and ``migrate`` rewrites them. The JSON schema lists the codes only."""

    def read(value: Any) -> Any:
        return old_word(field, value) or value

    return BeforeValidator(read)


#: A ``body`` field: a ``Body`` code (an old word is read as its code, see above).
BodyCode = Annotated[Body, _read_old_word("body")]
