"""``bygdevekst import agreement|plan``: existing documents and tables into a pilot's YAML.

Every text the user sees comes from the catalogue (``cli.import``).
"""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bygdevekst_cli.app import WrittenStandard, given_path, sub_group
from bygdevekst_cli.language import Words, cli_words, report_language

if TYPE_CHECKING:
    from bygdevekst_cli.findings import Report
    from bygdevekst_cli.importer.plan import PlanImport
    from bygdevekst_cli.importer.run import ImportResult

_say = cli_words()

import_app = sub_group("import")

_SHOWN_REPAIRS = 12


class ChangesOption(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    FAIL = "fail"


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


PilotOption = Annotated[str, typer.Option("--pilot", help=_say("cli.import.help_pilot"))]
DirOption = Annotated[
    Path | None, typer.Option("--dir", parser=given_path, help=_say("cli.import.help_dir"))
]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help=_say("cli.import.help_dry_run"))]
UpdateOption = Annotated[bool, typer.Option("--update", help=_say("cli.import.help_update"))]
ChangesFlag = Annotated[
    ChangesOption, typer.Option("--changes", help=_say("cli.import.help_changes"))
]
FormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help=_say("cli.import.help_format"))
]


@import_app.command("agreement", help=_say("cli.import.help_agreement"))
def agreement(
    file: Annotated[
        Path, typer.Argument(help=_say("cli.import.help_file"), exists=True, dir_okay=False)
    ],
    pilot: PilotOption,
    lang: Annotated[
        WrittenStandard | None, typer.Option("--lang", help=_say("cli.import.help_lang"))
    ] = None,
    directory: DirOption = None,
    name: Annotated[str | None, typer.Option("--name", help=_say("cli.import.help_name"))] = None,
    cohort: Annotated[
        int | None, typer.Option("--cohort", min=1, max=2, help=_say("cli.import.help_cohort"))
    ] = None,
    changes: ChangesFlag = ChangesOption.FAIL,
    dry_run: DryRunOption = False,
    update: UpdateOption = False,
    allow_unplaced: Annotated[
        bool, typer.Option("--allow-unplaced", help=_say("cli.import.help_allow_unplaced"))
    ] = False,
    output_format: FormatOption = ReportFormat.TEXT,
) -> None:
    from bygdevekst_cli.importer.blocks import Changes
    from bygdevekst_cli.importer.run import Options, import_agreement, to_json
    from bygdevekst_cli.language import works_on
    from bygdevekst_cli.models import Language
    from bygdevekst_cli.validate import display_path, find_repository_pilots

    if lang is not None:  # a refusal in the pilot's written standard, as ``init``'s and the
        works_on(lang.value)  # report after a good import: not Bokmål for a Nynorsk pilot
    cwd = Path.cwd()
    shown = display_path(file.resolve(), cwd) if file.exists() else file.as_posix()
    parent = directory if directory is not None else find_repository_pilots(cwd)
    result = import_agreement(
        file,
        shown,
        pilot_id=pilot,
        parent=parent,
        language=Language(lang.value) if lang is not None else None,
        name=name,
        cohort=cohort,
        options=Options(Changes(changes.value), dry_run, update, allow_unplaced),
    )
    if output_format is ReportFormat.JSON:
        _echo_json(to_json(result, shown))
    else:
        _report(result, display_path(result.folder.resolve(), cwd), dry_run)
    raise typer.Exit(_exit_code(result))


def _exit_code(result: "ImportResult") -> int:
    if result.blocked:
        return 1
    return 0 if result.report is None or result.report.ok else 1


def _report(result: "ImportResult", folder: str, dry_run: bool) -> None:
    say = cli_words(result.language.value)
    imported = result.imported
    goals = imported.agreement["sub_goals"]
    if dry_run:
        for name, text in result.texts.items():
            typer.echo(f"--- {folder}/{name}")
            typer.echo(text, nl=False)
    if result.existed and result.diff:
        typer.echo(result.diff, nl=False)
    elif result.existed:
        typer.echo(say("cli.import.no_difference", folder=folder))
    if result.written:
        files = " + ".join(f"{folder}/{name}" for name in result.texts)
        typer.echo(say("cli.import.wrote", files=files, language=result.language.value))
    if result.missing_parties:
        typer.echo(say("cli.import.missing_parties", parties=", ".join(result.missing_parties)))
    typer.echo(
        say(
            "import2.report.counts",
            chapters=say.plural("import2.chapters", len(imported.agreement["chapters"])),
            goals=say.plural("import2.goals", len(goals)),
            parties=say.plural("import2.parties", len(imported.pilot["parties"])),
        )
    )
    for goal in goals:
        partners = ", ".join(goal["partners"]) or say("cli.import.none")
        typer.echo(
            say("cli.import.goal", number=goal["number"], title=goal["title"], partners=partners)
        )
    for notice in result.notices:
        typer.echo(notice)
    _repairs(result.repairs, result.language.value)
    for dropped in result.dropped:
        typer.echo(say("cli.import.dropped", what=dropped))
    for kind, count in result.changes.items():
        typer.echo(say("import2.report.accepted", changes=say.plural(f"import2.{kind}", count)))
    for guess in imported.guesses:
        typer.echo(say("cli.import.guess", what=guess))
    if imported.unplaced:
        typer.echo(say("cli.import.unplaced"))
        for item in imported.unplaced:
            where = say("cli.import.at", line=item.line) if item.line is not None else ""
            typer.echo(f"  - {item.text(say.language)}{where}")
    _outcome(result, folder)


def _repairs(repairs: dict[tuple[str, str], int], language: str) -> None:
    if not repairs:
        return
    say = cli_words(language)
    shown = sorted(repairs.items(), key=lambda item: -item[1])[:_SHOWN_REPAIRS]
    pairs = ", ".join(f"{old} → {new} ×{n}" for (old, new), n in shown)
    total = sum(repairs.values())
    errors = say.plural("cli.import.scan_errors", total)
    kinds = say.plural("cli.import.scan_kinds", len(repairs))
    typer.echo(say("cli.import.repaired", errors=errors, kinds=kinds, pairs=pairs))


def _outcome(result: "ImportResult", folder: str) -> None:
    say = cli_words(result.language.value)
    if result.blocked:
        typer.echo(say.plural("cli.import.blocked", len(result.serious)))
    elif result.existed and not result.written:
        typer.echo(say("cli.import.use_update", folder=folder))
    report = result.report
    if report is not None:
        typer.echo(_checked(say, report, folder))


def _checked(say: Words, report: "Report", folder: str) -> str:
    """The validation of what was written, each count in its plural form (``1 åtvaring``,
    ``2 åtvaringar``) from the tables ``validate`` counts with."""
    errors = say.plural("cli.validate.errors", report.errors)
    warnings = say.plural("cli.validate.warnings", report.warnings)
    return say("cli.import.checked", errors=errors, warnings=warnings, folder=folder)


def _known_fields(items: list[str] | None) -> list[str] | None:
    """``--map``, checked as the arguments are parsed: an item that is not «Column=field»
    with a known field is wrong use (exit 2), told before the pilot and the table are read
    (it was exit 1, once both were)."""
    from bygdevekst_cli.click_i18n import click
    from bygdevekst_cli.importer.plan import bad_map, map_item_wrong

    for item in items or []:
        if map_item_wrong(item):
            raise click.exceptions.UsageError(bad_map(item, _say))
    return items


@import_app.command("plan", help=_say("cli.import.help_plan"))
def plan(
    file: Annotated[
        Path,
        typer.Argument(help=_say("cli.import.help_plan_file"), exists=True, dir_okay=False),
    ],
    pilot: PilotOption,
    year: Annotated[int, typer.Option("--year", help=_say("cli.import.help_year"))],
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", callback=_known_fields, help=_say("cli.import.help_map")),
    ] = None,
    changes: ChangesFlag = ChangesOption.FAIL,
    dry_run: DryRunOption = False,
    update: UpdateOption = False,
    output_format: FormatOption = ReportFormat.TEXT,
) -> None:
    from bygdevekst_cli.importer.blocks import Changes
    from bygdevekst_cli.importer.plan import import_plan
    from bygdevekst_cli.validate import display_path, resolve_pilot

    cwd = Path.cwd()
    shown = display_path(file.resolve(), cwd) if file.exists() else file.as_posix()
    folder = resolve_pilot(pilot, cwd)
    result = import_plan(
        file,
        shown,
        folder=folder,
        display=display_path(folder.resolve(), cwd),
        year=year,
        mapping=mapping or [],
        dry_run=dry_run,
        update=update,
        changes=Changes(changes.value),
    )
    if output_format is ReportFormat.JSON:
        _echo_json(result.to_json())
    else:
        _plan_report(result, dry_run)
    raise typer.Exit(0 if result.report is None or result.report.ok else 1)


def _plan_report(result: "PlanImport", dry_run: bool) -> None:
    say = cli_words(result.language)
    if dry_run:
        typer.echo(f"--- {result.display}")
        typer.echo(result.text, nl=False)
    if result.measures is not None:
        from bygdevekst_cli.present.diff import lines, title_line

        typer.echo(title_line(result.measures))
        for level, _, text in lines(result.measures, report_language(result.language)):
            typer.echo("  " * level + text)
    if result.diff and (dry_run or result.measures is None):
        typer.echo(result.diff, nl=False)
    if result.written:
        typer.echo(say.plural("cli.import.plan_wrote", len(result.rows), file=result.display))
    elif result.existed and not dry_run:
        typer.echo(say("cli.import.plan_use_update", file=result.display))
    for notice in result.notices:
        typer.echo(notice)
    _repairs(result.repairs, result.language)
    for row in result.rows:
        typer.echo(say(f"cli.import.plan_row_{row.match}", id=row.id, title=row.title))
    for item in result.unplaced:
        typer.echo(item["message"])
    for measure_id in result.not_in_table:
        typer.echo(say("cli.import.plan_not_in_table", id=measure_id))
    for guess in result.guesses:
        typer.echo(say("cli.import.guess", what=guess))
    if result.hidden:
        typer.echo(say("cli.import.plan_hidden_rows", rows=", ".join(result.hidden)))
    if result.hidden_columns:
        shown = [say("cli.import.plan_hidden_column", **c) for c in result.hidden_columns]
        typer.echo(say("cli.import.plan_hidden_columns", columns=", ".join(shown)))
    for need in result.needs_reason:
        typer.echo(say("cli.import.plan_needs_reason", id=need[0], fields=need[1]))
    if result.report is not None:
        typer.echo(_checked(say, result.report, result.pilot_display))


def _echo_json(data: object) -> None:
    """The report as JSON on standard output, in UTF-8 whatever the console's encoding."""
    import json  # not at import: ``--help`` has no use for it

    from bygdevekst_cli.textio import stdout_for

    with stdout_for("json") as out:
        out.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
