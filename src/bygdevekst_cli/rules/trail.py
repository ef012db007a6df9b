"""The codes of the tamper-evident trail (``bygdevekst_cli.verify``).

They are reported by ``history --verify`` and ``check``, not by ``validate`` (they ask git
about signatures and ancestry, not the files), so they have no check here; registering
them lets ``--list-rules``, ``--select``, ``--ignore`` and ``severity`` in the
configuration know them. Their names and severities are the rulebook's (``rulebook.py``).
"""

from __future__ import annotations

from bygdevekst_cli.rulebook import Stage
from bygdevekst_cli.rules.registry import register_unchecked

register_unchecked(Stage.TRAIL)
