"""Command-line values turned without pydantic give what Typer's own coercion gives.

``cli_coercion.QuickRuntimeParam`` takes the values whose result is certain and hands the
rest to Typer (``build_runtime_param``). For every parameter of every command, and a set
of values each (empty, words, numbers in and out of range, choices in any case, files and
folders that exist and do not, lists), the two must return the same value of the same
type, or fail with the same message.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer._coercion import build_runtime_param

from bygdevekst_cli.cli import app
from bygdevekst_cli.cli_coercion import QuickRuntimeParam


def _parameters() -> list[tuple[str, Any, Any]]:
    """Every parameter of every command as (id, parameter, its command)."""
    found: list[tuple[str, Any, Any]] = []

    def walk(command: Any, path: list[str]) -> None:
        for param in command.params:
            found.append((" ".join([*path, param.name]), param, command))
        for name in command.list_commands(None) if hasattr(command, "list_commands") else []:
            walk(command.get_command(None, name), [*path, name])

    root = typer.main.get_command(app)
    for name in root.list_commands(None):
        walk(root.get_command(None, name), [name])
    return found


PARAMETERS = _parameters()


def test_the_program_has_only_flags_of_its_own() -> None:
    """The top group's own options are flags, which Typer never coerces (a bool stays one),
    so it needs no quick coercion."""
    root = typer.main.get_command(app)
    assert [(p.name, p.type_descriptor.annotation) for p in root.params] == [("version", bool)]


def _values(folder: Path) -> list[Any]:
    afile = folder / "a.docx"
    afile.write_text("x", encoding="utf-8")
    return [
        "",
        "x",
        "testdalen",
        "12",
        "012",
        "0",
        "1",
        "2",
        "3",
        "2026",
        "1999",
        "2101",
        "-1",
        "+3",
        " 12",
        "1_000",
        "12.0",
        "1.5",
        "١٢",
        "json",
        "JSON",
        "text",
        "md",
        "nn",
        "github",
        "bash",
        "accept",
        "none",
        "2026-02-19",
        "2026-2-19",
        str(afile),
        str(folder),
        str(folder) + "/",
        str(folder / "missing"),
        7,
        ["a", "b"],
        ("12", "x"),
        (str(afile), str(folder)),
        [],
    ]


def _outcome(coerce: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = coerce(value, param=param, ctx=ctx)
    except typer.BadParameter as error:
        return "error", error.format_message()
    except Exception as error:  # any other failure must be the same too
        return "raised", (type(error).__name__, str(error))
    return "value", (type(result).__name__, result)


@pytest.mark.parametrize(("name", "param", "command"), PARAMETERS, ids=[p[0] for p in PARAMETERS])
def test_quick_coercion_gives_what_typer_gives(
    name: str, param: Any, command: Any, tmp_path: Path
) -> None:
    quick = param.get_runtime_param()
    assert isinstance(quick, QuickRuntimeParam), name
    typers = build_runtime_param(param.type_descriptor)
    assert not isinstance(typers, QuickRuntimeParam)
    ctx = typer.core._click.Context(command)
    for value in _values(tmp_path):
        assert _outcome(quick.coerce, value, param, ctx) == _outcome(
            typers.coerce, value, param, ctx
        ), (name, value)


def test_the_comparison_sees_a_difference(tmp_path: Path) -> None:
    """The check can fail: a coercion that turns a number into text differs from Typer's."""
    param = next(p for name, p, _ in PARAMETERS if name == "plan new year")
    assert len(PARAMETERS) > 80
    ctx = typer.core._click.Context(typer.main.get_command(app))
    typers = build_runtime_param(param.type_descriptor)

    def wrong(value: Any, param: Any, ctx: Any) -> Any:
        return str(value)

    assert _outcome(wrong, "2026", param, ctx) != _outcome(typers.coerce, "2026", param, ctx)


def test_ordinary_values_import_no_pydantic() -> None:
    """Values that take the quick way never build Typer's pydantic adapters."""
    probe = """
import sys, typer, typer.main
from bygdevekst_cli.cli import app
group = typer.main.get_command(app)
values = {"validate": {"paths": ["a", "b"], "output_format": "json", "select": ["BV001"],
                       "jobs": "2"},
          "render": {"document": "case", "year": "2026", "output": "out", "pilot": "x"},
          "init": {"cohort": "1", "lang": "nn", "ci": "github"}}
for name, given in values.items():
    command = group.get_command(None, name)
    ctx = typer.core._click.Context(command)
    for param in command.params:
        if param.name in given:
            param.get_runtime_param().coerce(given[param.name], param=param, ctx=ctx)
print(sorted(m for m in sys.modules if m.split(".")[0] == "pydantic" or m == "typer._adapters"))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]", done.stderr
