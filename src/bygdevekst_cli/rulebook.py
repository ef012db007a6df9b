"""Every finding code the tool can report: its name, severity and when it is found.

This table is the one source of the codes. The rule registry (``rules.registry``) takes
each rule's name and severity from here when a rule registers, and refuses a code that is
not here; ``validate`` and ``check`` use the table where they need only to know the codes
(``--select``, ``--ignore``, the configuration, the names in a report), so that a run
served from the results cache imports no rule, model or YAML parser.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from bygdevekst_cli.findings import Severity


class Stage(StrEnum):
    """When a code is found."""

    READING = "reading"
    """While reading files: YAML, schema, folder layout, suppression comments."""
    RULE = "rule"
    """By a rule run on a whole pilot (``rules/*.py``)."""
    TRAIL = "trail"
    """By the tamper-evident trail (``history --verify``, ``check``), not by ``validate``."""


class Code(NamedTuple):
    name: str
    severity: Severity
    stage: Stage


ERROR, WARNING = Severity.ERROR, Severity.WARNING
READING, RULE, TRAIL = Stage.READING, Stage.RULE, Stage.TRAIL

#: Every code, in order.
CODES: dict[str, Code] = {
    "BV001": Code("yaml-syntax", ERROR, READING),
    "BV002": Code("tab-indent", ERROR, READING),
    "BV003": Code("duplicate-key", ERROR, READING),
    "BV004": Code("yaml-tag", ERROR, READING),
    "BV005": Code("anchor-alias", ERROR, READING),
    "BV006": Code("too-deep", ERROR, READING),
    "BV007": Code("too-large", ERROR, READING),
    "BV008": Code("not-utf8", ERROR, READING),
    "BV009": Code("multi-document", ERROR, READING),
    "BV010": Code("root-not-mapping", ERROR, READING),
    "BV011": Code("unreadable", ERROR, READING),
    "BV012": Code("complex-key", ERROR, READING),
    "BV013": Code("unknown-file", WARNING, READING),
    "BV014": Code("missing-file", ERROR, READING),
    "BV015": Code("rules-not-run", WARNING, READING),
    "BV016": Code("old-format-version", WARNING, RULE),
    "BV017": Code("cut-off", WARNING, READING),
    "BV018": Code("yaml-directive", ERROR, READING),
    "BV090": Code("unused-suppression", WARNING, READING),
    "BV091": Code("bad-suppression", WARNING, READING),
    "BV101": Code("missing-field", ERROR, READING),
    "BV102": Code("unknown-field", ERROR, READING),
    "BV103": Code("invalid-value", ERROR, READING),
    "BV104": Code("whole-kroner", ERROR, READING),
    "BV201": Code("duplicate-id", ERROR, RULE),
    "BV202": Code("unknown-reference", ERROR, RULE),
    "BV203": Code("weights-sum", ERROR, RULE),
    "BV204": Code("outside-period", ERROR, RULE),
    "BV205": Code("budget-outside-measure", ERROR, RULE),
    "BV206": Code("measure-funds-exceeded", ERROR, RULE),
    "BV207": Code("allocation-off-weight", WARNING, RULE),
    "BV208": Code("closed-without-assessment", ERROR, RULE),
    "BV209": Code("municipality-not-scheduled", ERROR, RULE),
    "BV210": Code("decision-order", ERROR, RULE),
    "BV211": Code("written-standard", WARNING, RULE),
    "BV212": Code("plan-year-mismatch", ERROR, RULE),
    "BV213": Code("schema-line", WARNING, RULE),
    "BV214": Code("pilot-id-not-folder", WARNING, RULE),
    "BV220": Code("budget-missing", WARNING, RULE),
    "BV221": Code("measure-period-missing", WARNING, RULE),
    "BV222": Code("case-data-missing", WARNING, RULE),
    "BV223": Code("decision-missing", WARNING, RULE),
    "BV224": Code("case-number-missing", WARNING, RULE),
    "BV225": Code("carry-over-amount-missing", WARNING, RULE),
    "BV226": Code("placeholder", WARNING, RULE),
    "BV227": Code("no-municipalities", WARNING, RULE),
    "BV228": Code("sub-goal-without-measures", WARNING, RULE),
    "BV229": Code("municipality-number", WARNING, RULE),
    "BV230": Code("period-end-unknown", WARNING, RULE),
    "BV231": Code("party-not-member", WARNING, RULE),
    "BV232": Code("old-word-for-code", ERROR, RULE),
    "BV240": Code("measure-parent", ERROR, RULE),
    "BV241": Code("cost-shares-sum", ERROR, RULE),
    "BV242": Code("funder-granted-below-allocated", ERROR, RULE),
    "BV243": Code("rejected-money-budgeted", WARNING, RULE),
    "BV244": Code("in-kind-empty", ERROR, RULE),
    "BV245": Code("unknown-indicator", ERROR, RULE),
    "BV250": Code("table-citation", WARNING, RULE),
    "BV251": Code("recommendation-missing", WARNING, RULE),
    "BV252": Code("conclusion-missing", WARNING, RULE),
    "BV253": Code("signature-name-missing", WARNING, RULE),
    "BV254": Code("unfinished-sentence", WARNING, RULE),
    "BV255": Code("recommendation-year", WARNING, RULE),
    "BV256": Code("not-in-pdf-fonts", WARNING, RULE),
    "BV301": Code("change-without-reason", ERROR, RULE),
    "BV302": Code("measure-dropped", ERROR, RULE),
    "BV303": Code("closed-reopened", ERROR, RULE),
    "BV304": Code("adopted-revision-unknown", WARNING, RULE),
    "BV305": Code("adopted-plan-changed", ERROR, RULE),
    "BV310": Code("adoption-tag-unsigned", WARNING, TRAIL),
    "BV311": Code("adoption-signature-bad", ERROR, TRAIL),
    "BV312": Code("adoption-key-untrusted", ERROR, TRAIL),
    "BV313": Code("adoption-unreachable", ERROR, TRAIL),
    "BV314": Code("adoption-dropped", ERROR, TRAIL),
    "BV315": Code("trail-not-verified", WARNING, TRAIL),
}


def is_known(prefix: str) -> bool:
    """Whether some code starts with ``prefix`` (a code or a prefix such as ``BV2``)."""
    return any(code.startswith(prefix) for code in CODES)


def name_of(code: str) -> str:
    """The code's name (``case-number-missing``); empty for a code not in the table."""
    entry = CODES.get(code)
    return entry.name if entry is not None else ""


def pilot_rule_span() -> str:
    """The span of the codes of the rules that need the whole pilot (``BV016–BV305``)."""
    codes = sorted(code for code, entry in CODES.items() if entry.stage is Stage.RULE)
    return f"{codes[0]}–{codes[-1]}" if codes else ""
