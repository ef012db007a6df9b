"""Rules beyond the schema. Importing this package registers every rule in the catalogue."""

from bygdevekst_cli.rules import (  # noqa: F401  (registration by import)
    adoption,
    amendment,
    codes,
    completeness,
    consistency,
    documents,
    flows,
    language,
    money,
    period,
    schedule,
    trail,
    version,
    years,
)
from bygdevekst_cli.rules.registry import CATALOGUE, Rule, run_rules

__all__ = ["CATALOGUE", "Rule", "run_rules"]
