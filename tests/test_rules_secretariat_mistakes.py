"""The mistakes a secretariat makes typing a year's update by hand, each as one finding.

One wrong value is one finding, at the line to change: two errors for one wrong date send
the secretariat to correct a date that is right.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import check, copy_minimal, edit, line_of


@pytest.fixture(autouse=True)
def _nynorsk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The messages in the pilot's Nynorsk; every run reads the files as they are now."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    monkeypatch.setenv("BYGDEVEKST_NO_CACHE", "1")


def _findings(pilot: Path, code: str) -> list[tuple[str, int | None, str]]:
    return [(Path(f.file).name, f.line, f.message) for f in check(pilot).findings if f.code == code]


_COUNTY_COUNCIL = (
    "  - party: fylket\n    body: county_council\n    date: 2026-05-06\n"
    "    case_number: 26/41\n    outcome: adopted\n"
)


def test_a_municipal_council_dated_after_the_county_is_one_finding(tmp_path: Path) -> None:
    """Fyresdal's council typed in May, after both the county committee and the county
    council: one error, at the county's first meeting, not one per county meeting."""
    pilot = copy_minimal(tmp_path)
    plan = pilot / "plans" / "2026.yaml"
    edit(plan, "  - party: kdd\n", _COUNTY_COUNCIL + "  - party: kdd\n")
    text = edit(plan, "date: 2026-02-19", "date: 2026-05-20")
    assert _findings(pilot, "BV210") == [
        (
            "2026.yaml",
            line_of(text, "date: 2026-04-29"),
            "Telemark fylkeskommune handsamar planen i fylkesutvalet (2026-04-29) før"
            " kommunestyret i Fyresdal kommune (2026-05-20); kommunane vedtek planen før"
            " fylkeskommunen",
        )
    ]
