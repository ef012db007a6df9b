"""A plan year's line in the totals says how many pilots its sum is of beside the year:
after the unknown measures' «(ukjent, ikkje rekna som 0)» the count read as one more
remark on them («… (ukjent, ikkje rekna som 0) (1 pilot)»)."""

from __future__ import annotations

import pytest

from bygdevekst_cli.language import words
from tests.helpers import REPO, invoke


@pytest.mark.parametrize("lang", ["nn", "nb"])
@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_the_count_of_pilots_stands_by_the_year(lang: str, fmt: str) -> None:
    result = invoke("overview", "-f", fmt, "--lang", lang, str(REPO / "pilots"))
    assert result.exit_code == 0, result.output
    w = words(lang)
    year = f"2025 ({w.plural('overview.plan_year_pilots', 1)})"
    unknown = w.plural("overview.unknown", 7)
    assert f"{w('overview.budget_none_known', year=year)}; {unknown};" in result.stdout
    assert f"{unknown} ({w.plural('overview.plan_year_pilots', 1)})" not in result.stdout
