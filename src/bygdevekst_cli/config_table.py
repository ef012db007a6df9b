"""The configuration table checked by pydantic: the keys, their types and their codes.

Imported only when a configuration file sets something (``config.Settings.from_table``);
``config.py`` turns the checked table into its light ``Settings``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bygdevekst_cli.config import check_code
from bygdevekst_cli.findings import Severity


class SettingsTable(BaseModel):
    """The table's keys; unknown keys are errors (a misspelt key would silently do nothing)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    per_path_ignores: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, alias="per-path-ignores"
    )
    severity: dict[str, Severity] = Field(default_factory=dict)
    language: Literal["nn", "nb", "en"] | None = None
    format: str | None = None

    @field_validator("select", "ignore", mode="after")
    @classmethod
    def _codes(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return None if value is None else tuple(check_code(code) for code in value)

    @field_validator("per_path_ignores", mode="after")
    @classmethod
    def _path_codes(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        return {glob: tuple(check_code(code) for code in codes) for glob, codes in value.items()}

    @field_validator("severity", mode="before")
    @classmethod
    def _severity_codes(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {check_code(str(code)): level for code, level in value.items()}
        return value
