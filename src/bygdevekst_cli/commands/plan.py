"""``bygdevekst plan new``: next year's action plan from the latest one."""

from pathlib import Path
from typing import Annotated

import typer

from bygdevekst_cli.app import PilotArgument, sub_group, w

plan_app = sub_group("plan")


@plan_app.command("new", help=w("cli.help.plan.new"))
def new(
    pilot: PilotArgument,
    year: Annotated[int, typer.Argument(help=w("cli.help.plan.year"), min=2000, max=2100)],
    keep_past_budget: Annotated[
        bool,
        typer.Option(
            "--keep-past-budget",
            help=w("cli.help.plan.keep_past_budget"),
        ),
    ] = False,
) -> None:
    from bygdevekst_cli.editing.plannew import new_plan
    from bygdevekst_cli.fsutil import seen_from
    from bygdevekst_cli.validate import command_argument, require_valid_pilot, resolve_pilot

    cwd = Path.cwd()
    require_valid_pilot(pilot, cwd)  # no new plan from data that breaks the rules
    folder = resolve_pilot(pilot, cwd)
    shown = seen_from(cwd, _as_given(pilot, folder, cwd))
    result = new_plan(folder, shown, year, keep_past_budget=keep_past_budget)
    if result.source_year is None:
        typer.echo(w("cli.msg.plan.first", file=result.display))
    else:
        typer.echo(w("cli.msg.plan.from", file=result.display, year=result.source_year))
        carried = result.carried
        typer.echo(
            w.plural("cli.msg.plan.carried", len(carried), ids=", ".join(carried))
            if carried
            else w("cli.msg.plan.carried_none")
        )
        if result.closed:
            typer.echo(w("cli.msg.plan.closed", ids=", ".join(result.closed)))
        for measure in result.past_end:
            typer.echo(w("cli.msg.plan.past_end", measure=measure, year=year))
        if result.joined:
            typer.echo(w("cli.msg.plan.joined", ids=", ".join(result.joined), year=year))
    typer.echo(w("cli.msg.plan.next", year=year, folder=command_argument(shown)))


def _as_given(pilot: str, folder: Path, cwd: Path) -> Path:
    """The pilot folder as the user named it when they named it by its path (``../x``),
    for the messages to name it so; else (an id found under ``pilots/``) where it lies."""
    from bygdevekst_cli.fsutil import resolved

    given = Path(pilot)
    return given if resolved(cwd / given) == folder else folder
