"""``bygdevekst plan new``: next year's action plan from the latest one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bygdevekst_cli.app import PilotArgument, QuickHelpGroup, app

plan_app = typer.Typer(
    cls=QuickHelpGroup,
    help="Handlingsplaner.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(plan_app, name="plan")


@plan_app.command("new")
def new(
    pilot: PilotArgument,
    year: Annotated[
        int, typer.Argument(help="Året planen gjelder, f.eks. 2027.", min=2000, max=2100)
    ],
    keep_past_budget: Annotated[
        bool,
        typer.Option(
            "--keep-past-budget",
            help="Behold budsjettår før ÅR (standard: de står i sine egne planer).",
        ),
    ] = False,
) -> None:
    """Lag plans/ÅR.yaml fra den siste planen før året.

    Tiltak som ikke er avsluttet føres videre med samme ID og budsjettet fra ÅR; det som hører ett
    år til (rapport, begrunnelse, vurdering, prioritering, årets status, møtedatoer,
    vedtak og saksnummer) tømmes. Kommentarer og rekkefølge beholdes. En plan som finnes
    fra før blir aldri overskrevet.
    """
    from bygdevekst_cli.editing.plannew import new_plan
    from bygdevekst_cli.validate import display_path, require_valid_pilot, resolve_pilot

    cwd = Path.cwd()
    require_valid_pilot(pilot, cwd)  # no new plan from data that breaks the rules
    folder = resolve_pilot(pilot, cwd)
    result = new_plan(folder, display_path(folder, cwd), year, keep_past_budget=keep_past_budget)
    if result.source_year is None:
        typer.echo(f"Skrev {result.display}: første plan, uten tiltak.")
    else:
        typer.echo(f"Skrev {result.display} fra planen for {result.source_year}.")
        typer.echo(f"Ført videre: {_count(result.carried, 'tiltak')}.")
        if result.closed:
            typer.echo(f"Ikke ført videre (avsluttet): {', '.join(result.closed)}.")
        for measure in result.past_end:
            typer.echo(
                f"Obs: tiltak {measure} har end_year før {year}, men er ikke avsluttet;"
                " avslutt det (status closed og assessment) eller forleng perioden."
            )
    typer.echo(
        f"Fyll inn tiltak, budsjett for {year} og møtedatoer, og kjør"
        f" «bygdevekst validate {display_path(folder, cwd)}»."
    )


def _count(ids: list[str], noun: str) -> str:
    return f"{len(ids)} {noun}" + (f" ({', '.join(ids)})" if ids else "")
