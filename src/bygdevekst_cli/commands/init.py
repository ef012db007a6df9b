"""``bygdevekst init``: a pilots repository (when it is new) and a new pilot folder to fill in."""

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bygdevekst_cli.app import WrittenStandard, command_help, given_path, iso_date, registry
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.language import Words, cli_words

if TYPE_CHECKING:
    from bygdevekst_cli.repository import Bootstrap

_w = cli_words()


class CiOption(StrEnum):
    """``--ci`` and ``--pages``: the names of ``repository.CiChoice`` (a test keeps them
    equal), so that ``--help`` does not import the repository module."""

    GITHUB = "github"
    GITLAB = "gitlab"
    NONE = "none"


def _source_to_fill_in(done: "Bootstrap", cwd: Path, w: Words) -> list[str]:
    """The item to fill in when the CI and pre-commit files were written with the
    placeholder repository: which files, and where this tool came from instead."""
    from bygdevekst_cli.fsutil import seen_from
    from bygdevekst_cli.repository import install_source

    if not done.unfilled:
        return []
    files = ", ".join(seen_from(cwd, path) for path in done.unfilled)
    origin = install_source().origin
    if not origin:
        return [w("cli.init.source_from_index", files=files)]
    return [w("cli.init.source_unknown", files=files, origin=origin)]


def _as_seen(path: Path, cwd: Path) -> Path:
    """``path`` relative to the working folder when it lies in it, as the other commands
    name files (``display_path``): what ``init`` writes, and every message about it (the
    system's refusals too), then name the path as the user sees it, not from the root of
    the disk."""
    from bygdevekst_cli.validate import display_path

    return Path(display_path(path, cwd))


@registry.command(help=command_help("init"))
def init(
    pilot_id: Annotated[
        str, typer.Argument(metavar="PILOT-ID", help=_w("cli.init.pilot_id"), show_default=False)
    ],
    name: Annotated[str, typer.Option("--name", help=_w("cli.init.name"))],
    lang: Annotated[WrittenStandard, typer.Option("--lang", help=_w("cli.init.lang"))],
    ci: Annotated[CiOption, typer.Option("--ci", help=_w("cli.init.ci"))] = CiOption.NONE,
    pages: Annotated[CiOption, typer.Option("--pages", help=_w("cli.init.pages"))] = CiOption.NONE,
    directory: Annotated[
        Path | None,
        typer.Option("--dir", metavar="PATH", parser=given_path, help=_w("cli.init.dir")),
    ] = None,
    cohort: Annotated[
        int, typer.Option("--cohort", min=1, max=2, metavar="NUMBER", help=_w("cli.init.cohort"))
    ] = 2,
    county: Annotated[
        str | None, typer.Option("--county", metavar="TEXT", help=_w("cli.init.county"))
    ] = None,
    municipality: Annotated[
        list[str] | None,
        typer.Option(
            "--municipality", "-m", metavar="MUNICIPALITY", help=_w("cli.init.municipality")
        ),
    ] = None,
    end: Annotated[
        dt.date | None,
        typer.Option(
            "--end",
            parser=iso_date,
            metavar="DATE",
            help=_w("doc.assumed2.init_end"),
            show_default=False,
        ),
    ] = None,
) -> None:
    from bygdevekst_cli.editing.newpilot import init_pilot
    from bygdevekst_cli.fsutil import remove_made_folders, seen_from
    from bygdevekst_cli.language import works_on
    from bygdevekst_cli.models import Language
    from bygdevekst_cli.pilotfolder import PILOTS_DIR
    from bygdevekst_cli.repository import Bootstrap, CiChoice, bootstrap, repository_root
    from bygdevekst_cli.validate import command_argument

    works_on(lang.value)  # the system's refusals too (``app``'s handler): one language a run
    w = cli_words(lang.value)
    cwd = Path.cwd()
    root = None if directory is not None else repository_root(cwd)
    if directory is not None:
        parent = directory  # as typed: the messages name it so
    elif root is not None:
        parent = _as_seen(root / PILOTS_DIR, cwd)
    elif (cwd / PILOTS_DIR).is_dir():
        parent = Path(PILOTS_DIR)
    else:
        raise UserError(w("cli.init.no_repository", folder=cwd.as_posix()))
    created = init_pilot(
        pilot_id,
        name,
        Language(lang.value),
        parent,
        cohort=cohort,
        county=county,
        municipalities=municipality,
        end=end,
    )
    done = Bootstrap()
    if root is not None:
        try:
            seen = _as_seen(root, cwd)
            done = bootstrap(seen, CiChoice(ci.value), lang.value, pages=CiChoice(pages.value))
        except BaseException:  # all or nothing: run again once the problem is fixed
            import shutil

            shutil.rmtree(created.folder, ignore_errors=True)
            remove_made_folders(list(created.made))
            raise
    for path in [*done.written, *created.files]:  # as typed with --dir when not below cwd
        typer.echo(w("cli.init.wrote", path=seen_from(cwd, path)))
    for path in done.added_to:
        typer.echo(w("cli.init.added_to", path=seen_from(cwd, path)))
    for path in done.kept:
        typer.echo(w("cli.init.kept", path=seen_from(cwd, path)))
    typer.echo(w("cli.init.fill_in"))
    for item in [*created.todo, *_source_to_fill_in(done, cwd, w)]:
        typer.echo(f"  - {item}")
    shown = command_argument(seen_from(cwd, created.folder))
    typer.echo(w("cli.init.next", folder=shown))
