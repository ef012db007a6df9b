"""Indicators as an agreement's YAML writes them, for the tests that add, change and take
out indicators and read how ``diff``, ``history`` and the changes document word it.

``HANDLINGSPLAN`` is a sub-goal's text line in the test pilots' agreements
(tests/data/minimal and the repositories of tests/gitrepo.py): the indicators are added
after it, as that sub-goal's ``indicators:`` list (``indicators``).
"""

from __future__ import annotations

HANDLINGSPLAN = "    text: Samarbeidspartane skal utvikle ein handlingsplan.\n"
FOLKETAL = """      - id: folketal
        title: Folketal i kommunane
        unit: personar
        source: SSB
        direction: increase
        baseline: {year: 2024, value: 5200}
        target: {year: 2028, value: 5400}
"""
LEDIGE_BUSTADER = """      - id: ledige-bustader
        title: Ledige bustader
        unit: bustader
        direction: decrease
        baseline: {year: 2024, value: 80}
        target: {year: 2028, value: 40}
"""
NYE_BUSTADER = """      - id: nye-bustader
        title: Nye bustader
        unit: bustader
        direction: increase
        target: {year: 2028, value: 30}
"""


def indicators(*entries: str) -> str:
    """A sub-goal's ``indicators:`` list of ``entries``."""
    return "    indicators:\n" + "".join(entries)
