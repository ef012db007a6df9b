"""The codes of the tamper-evident trail (``bygdevekst_cli.verify``).

They are reported by ``history --verify`` and ``check``, not by ``validate`` (they ask git
about signatures and ancestry, not the files), so they have no check here; registering
them lets ``--list-rules``, ``--select``, ``--ignore`` and ``severity`` in the
configuration know them.
"""

from __future__ import annotations

from bygdevekst_cli.findings import Severity
from bygdevekst_cli.rules.registry import CATALOGUE, Rule

TRAIL_CODES = (
    Rule("BV310", "adoption-tag-unsigned", Severity.WARNING),
    Rule("BV311", "adoption-signature-bad", Severity.ERROR),
    Rule("BV312", "adoption-key-untrusted", Severity.ERROR),
    Rule("BV313", "adoption-unreachable", Severity.ERROR),
    Rule("BV314", "adoption-dropped", Severity.ERROR),
    Rule("BV315", "trail-not-verified", Severity.WARNING),
)

for _code in TRAIL_CODES:
    if _code.code in CATALOGUE:
        raise RuntimeError(f"finding code {_code.code} is registered twice")
    CATALOGUE[_code.code] = _code
