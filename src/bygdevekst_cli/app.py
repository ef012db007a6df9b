"""The Typer application, and the one place a library error becomes a message and an exit code.

Commands live in ``bygdevekst_cli.commands``, one module per command or group; each is a
thin layer that imports the library inside the command. The top group knows its commands
from one table (``COMMANDS``: name, module, catalogue key of the help) and imports and
builds only the command that runs (click's lazy group: ``list_commands``/``get_command``),
so ``bygdevekst --help`` lists every command without importing any of them. A command lets
a ``UserError`` go: ``_Group.invoke`` words it (in the command line's language) and exits
1, or 2 for a ``UsageError``.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import importlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer

from bygdevekst_cli.click_i18n import OUTPUT_FAILURES, LocalisedGroup, click
from bygdevekst_cli.errors import PathRefused, UserError
from bygdevekst_cli.language import cli_words

#: The command line's words: help texts are built from them at import (in the language of
#: the environment), a command's messages at each use (in its pilots' written standard once
#: it has read them: ``language.works_on``).
w = cli_words()


class CommandEntry(NamedTuple):
    """A command of the top group: its module in ``bygdevekst_cli.commands`` and the
    catalogue key of its help (the decorator and the top-level list read the same key)."""

    module: str
    help_key: str


#: Every command and sub-group, in the order ``bygdevekst --help`` lists them.
COMMANDS: dict[str, CommandEntry] = {
    "validate": CommandEntry("validate", "cli.validate.help"),
    "schema": CommandEntry("validate", "cli.schema.help"),
    "diff": CommandEntry("diff", "cli.help.diff.help"),
    "history": CommandEntry("history", "cli.help.history.help"),
    "check": CommandEntry("check", "cli.check.help"),
    "render": CommandEntry("render", "cli.render.help"),
    "init": CommandEntry("init", "cli.init.help"),
    "fmt": CommandEntry("fmt", "cli.fmt.help"),
    "migrate": CommandEntry("migrate", "migrate.help"),
    "overview": CommandEntry("overview", "cli.overview.help"),
    "site": CommandEntry("site", "cli.site.help"),
    "completion": CommandEntry("completion", "cli.completion.help"),
    "plan": CommandEntry("plan", "cli.help.plan.help"),
    "import": CommandEntry("importing", "cli.import.help"),
}


def command_help(name: str) -> str:
    """The help of the command ``name`` (its decorator's ``help=``)."""
    return w(COMMANDS[name].help_key)


#: Where the command modules register their commands and sub-groups (``@registry.command``,
#: ``registry.add_typer``). It is never run itself: the top group builds from it, with
#: Typer's own functions, only the command that runs.
registry = typer.Typer()


class WrittenStandard(StrEnum):
    """``--lang`` of ``init`` and ``import``: the pilot's written standard (``models.Language``
    without importing the models at start-up)."""

    NN = "nn"
    NB = "nb"


def error_line(error: UserError) -> str:
    """The one wording of an error: ``bygdevekst: <message>``."""
    return w("cli.error.line", message=error.message(w))


class _QuickHelp:
    """A command whose ``--help`` flag defaults to ``False`` rather than ``None``.

    Typer passes every parameter value that is not already a bool through its pydantic
    coercion; the help flag defaults to ``None``, so every run would import pydantic on
    the way to the command. With ``False`` the flag skips coercion.
    """

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and option.default is None:
            option.default = False
        return option


class QuickHelpGroup(_QuickHelp, LocalisedGroup):
    """A group with the quick ``--help`` flag: the top group and the sub-groups (``import``,
    ``plan``)."""


def sub_group(name: str) -> typer.Typer:
    """The group of commands ``bygdevekst NAME …`` (``import``, ``plan``), registered: every
    sub-group is made here, so that each has the quick help, ``-h`` and plain click help as
    the top group has them."""
    group = typer.Typer(
        cls=QuickHelpGroup,
        help=command_help(name),
        no_args_is_help=True,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    registry.add_typer(group, name=name)
    return group


class QuickHelpCommand(_QuickHelp, typer.core.TyperCommand):
    """A command with the quick ``--help`` flag (``_build`` gives it to every command), that
    speaks the written standard of the pilot it names from the start (``name_the_pilot``)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        name_the_pilot(self, ctx, args)
        result: list[str] = super().parse_args(ctx, args)
        return result


def name_the_pilot(command: Any, ctx: Any, args: list[str]) -> None:
    """Make the pilot that ``args`` name as the command's PILOT known before they are
    checked (``language.names_pilot``): click checks the options before the arguments, and
    a bad option after PILOT was told in the locale's language, the next mistake (found
    once PILOT is read) in the pilot's. So too the written standard ``--lang`` gives a new
    pilot (``init``, ``import``): ``init x --lang nn --cohort 3`` was refused in Bokmål.
    Not for a help page, whose texts are made in the environment's language at import: its
    headings must not speak another standard."""
    from bygdevekst_cli.language import names_pilot

    names_one = any(p.param_type_name == "argument" and p.name == "pilot" for p in command.params)
    if not names_one and not any(p.name == "lang" for p in command.params):
        return
    if any(arg in ctx.help_option_names for arg in args):
        return
    parser = command.make_parser(ctx)
    parser.ignore_unknown_options = True  # «--formt»: still the pilot's words
    try:
        opts, _, _ = parser.parse_args(args=list(args))
    except click.ClickException:
        return  # the command's own parse says what is wrong, in the locale's words
    value = opts.get("pilot")
    if names_one and isinstance(value, str):
        names_pilot(functools.partial(_language_of_named, value, Path.cwd()))
    written = opts.get("lang")  # ``init``/``import --lang nn``: the new pilot's standard
    if written in tuple(WrittenStandard):
        names_pilot(functools.partial(str, written))


def _prepare(typer_instance: typer.Typer) -> None:
    """Ready the commands registered on ``typer_instance`` and its sub-groups for building.

    Each is built as a ``QuickHelpCommand`` unless it names a class of its own (Typer's
    default is ``TyperCommand``). Its callback's annotations, strings under ``from
    __future__ import annotations``, are resolved once: Typer reads them twice per build
    (``inspect.signature(eval_str=True)`` and ``get_type_hints``), evaluating every string
    each time, which is most of what building a command costs.
    """
    import typing

    for info in typer_instance.registered_commands:
        if info.cls in (None, typer.core.TyperCommand):
            info.cls = QuickHelpCommand
        callback = info.callback
        if callback is not None and any(
            isinstance(a, str) for a in callback.__annotations__.values()
        ):
            callback.__annotations__ = typing.get_type_hints(callback, include_extras=True)
    for group in typer_instance.registered_groups:
        if group.typer_instance is not None:
            _prepare(group.typer_instance)


def quick_coercion(command: Any) -> Any:
    """``cli_coercion.quick_coercion``, where this Typer has the parts it builds on. (The
    top group's own option, ``--version``, is a flag: Typer never coerces a bool.)"""
    try:
        from bygdevekst_cli.cli_coercion import quick_coercion as quick
    except ImportError:  # pragma: no cover - another Typer: its own coercion
        return command
    return quick(command)


def _build(name: str) -> Any:
    """The click command ``name``, built from its module's registration as Typer builds it."""
    from typer.main import get_command_from_info, get_command_name, get_group_from_info

    importlib.import_module(f"bygdevekst_cli.commands.{COMMANDS[name].module}")
    _prepare(registry)
    for info in registry.registered_commands:
        assert info.callback is not None
        if (info.name or get_command_name(info.callback.__name__)) == name:
            command = get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
            return quick_coercion(command)
    for group in registry.registered_groups:
        if group.name == name:
            return quick_coercion(
                get_group_from_info(
                    group,
                    pretty_exceptions_short=app.pretty_exceptions_short,
                    rich_markup_mode=app.rich_markup_mode,
                    suggest_commands=app.suggest_commands,
                )
            )
    raise LookupError(f"module {COMMANDS[name].module} registers no command {name!r}")


class _LazyCommands(MutableMapping[str, Any]):
    """The top group's commands by name: every name of ``COMMANDS`` is there from the
    start, and a command is imported and built when it is first looked up."""

    def __init__(self, built: Mapping[str, Any]) -> None:
        self._built = dict(built)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built and name in COMMANDS:
            self._built[name] = _build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(1 for name in self._built if name not in COMMANDS)

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._built


class _Group(QuickHelpGroup):
    """The top command group, lazy as click's documentation shows (``list_commands`` and
    ``get_command``): its commands come from ``COMMANDS``, each imported and built when it
    is first asked for. ``commands`` holds every name without building any, so Typer's
    lookup, its "did you mean" and shell completion work as they do on any group. Every
    command and sub-group runs inside this group's ``invoke``."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _LazyCommands(self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: Typer's own would build every command

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return self.commands.get(cmd_name)

    def command_short_help(self, name: str, limit: int = 45) -> str:
        """A command's short help as click makes it (``get_short_help_str``), for the
        commands of ``COMMANDS`` from the catalogue, without importing the command."""
        if name not in COMMANDS:
            return str(self.commands[name].get_short_help_str(limit))
        import inspect

        text = click.utils.make_default_short_help(inspect.cleandoc(command_help(name)), limit)
        return str(text).strip()

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list, as click writes it: no command is imported."""
        from gettext import gettext as _

        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        with formatter.section(_("Commands")):
            formatter.write_dl([(name, self.command_short_help(name, limit)) for name in names])

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """The commands that start with ``incomplete`` (with their short help), then the
        options, as Typer's group completes them, without importing the commands."""
        found = [
            click.shell_completion.CompletionItem(name, help=self.command_short_help(name))
            for name in self.list_commands(ctx)
            if name.startswith(incomplete)
        ]
        return [*found, *click.core.Command.shell_complete(self, ctx, incomplete)]

    def invoke(self, ctx: Any) -> Any:  # typer vendors click: its Context is private
        try:
            return super().invoke(ctx)
        except UserError as error:
            typer.echo(error_line(error), err=True)
            raise typer.Exit(error.exit_code) from None
        except OSError as error:
            if isinstance(error, BrokenPipeError) or error.errno == errno.EPIPE:
                raise  # output to a reader that has gone: ``closed_pipe_ends_quietly``
            if error.filename is None and error.errno in OUTPUT_FAILURES and _output_fails():
                raise  # standard output itself (``>&-``, a full disk): the group says so
            typer.echo(os_error_line(error), err=True)
            raise typer.Exit(PathRefused.exit_code) from None
        except RuntimeError as error:
            looped = symlink_loop(error)
            if looped is None:
                raise
            typer.echo(os_error_line(looped), err=True)
            raise typer.Exit(PathRefused.exit_code) from None


_SYMLINK_LOOP = re.compile(r"Symlink loop from '(?P<path>.+)'")


def symlink_loop(error: RuntimeError) -> OSError | None:
    """The ``OSError`` (ELOOP) that ``Path.resolve`` raises from Python 3.13 on a symbolic
    link that leads round in a circle, for the ``RuntimeError`` it raised before: a command
    that resolved such a path (``render -o`` a link to itself) ended in a traceback. Its
    path as seen from the current folder; None for any other ``RuntimeError``."""
    found = _SYMLINK_LOOP.fullmatch(str(error))
    if found is None:
        return None
    from bygdevekst_cli.validate import display_path

    path = display_path(Path(found["path"]), Path.cwd())
    return OSError(errno.ELOOP, os.strerror(errno.ELOOP), path)


def _output_fails() -> bool:
    """Whether standard output is what failed (a write to it fails now too), not a file
    deep in the command that the error does not name (a disk failing under it)."""
    try:
        sys.stdout.write("")
        sys.stdout.flush()
    except (OSError, ValueError):  # ValueError: a stream that is closed
        return True
    return False


def os_error_line(error: OSError) -> str:
    """An ``OSError`` no command worded, in one line: the path it names, or, with none
    (raised deep in a library), the system's reason alone, in the catalogue's words."""
    if error.filename is not None:
        return error_line(PathRefused(file=os.fsdecode(error.filename), reason=error))
    return w("cli.error.line", message=w("error.os_error", reason=error))


def known_pilot(moved_key: str) -> Callable[[str], str]:
    """The check of a PILOT argument: one that names no pilot is wrong use (exit 2), with
    the ids that look like it, or, for a folder that was moved (``git mv``), where it went
    in ``moved_key``'s words (``history`` says how to ask for the history there)."""

    def check(value: str) -> str:
        from bygdevekst_cli.repository import unknown_pilot

        problem = unknown_pilot(value, Path.cwd(), w)
        if problem is None:
            return value
        from bygdevekst_cli.history import moved_folder_problem

        moved = moved_folder_problem(value, Path.cwd(), moved_key)
        raise typer.BadParameter(moved or problem)

    return check


def works_on_named(value: str) -> None:
    """The command speaks the written standard of the pilot ``value`` names from here on,
    as it would once it has read the pilot: for a check of the other arguments that fails
    before that (``diff --from/--to``), so that a Nynorsk repository is not told of it in
    Bokmål. Only pilot.yaml's ``language`` is read, and only then: nothing is added to a
    run that goes well. A pilot that cannot be found or read says nothing here."""
    from bygdevekst_cli.language import works_on

    works_on(_language_of_named(value, Path.cwd()))


def _language_of_named(value: str, cwd: Path) -> str | None:
    """The written standard pilot.yaml of the pilot ``value`` names gives (None: none
    found, or none that reads)."""
    from bygdevekst_cli.pilotfolder import FolderSource
    from bygdevekst_cli.pilotset import pilot_language
    from bygdevekst_cli.validate import resolve_pilot

    try:
        folder = resolve_pilot(value, cwd)
    except UserError:
        return None
    return pilot_language(FolderSource(folder))


def complete_pilot_id(incomplete: str) -> list[str]:
    """Shell completion of PILOT: the ids under the repository's ``pilots/``."""
    from bygdevekst_cli.repository import pilot_ids, pilots_root

    return [i for i in pilot_ids(pilots_root(Path.cwd())) if i.startswith(incomplete)]


def _completed_pilot(ctx: click.Context) -> Path | None:
    """The folder of the pilot the command line being completed names (None: it names
    none yet, or none that is found)."""
    from bygdevekst_cli.validate import resolve_pilot

    named = ctx.params.get("pilot")
    if named is None and ctx.args:
        # An option waiting for the value being completed (``-m <Tab>``) ends click's
        # parse before it hands out the arguments, which stay in ``ctx.args``.
        again = ctx.command.make_context(
            ctx.info_name, list(ctx.args), parent=ctx.parent, resilient_parsing=True
        )
        named = again.params.get("pilot")
    if not isinstance(named, str):
        return None
    try:
        return resolve_pilot(named, Path.cwd())
    except (UserError, OSError):
        return None


def plan_years(ctx: click.Context, incomplete: str) -> list[str]:
    """Shell completion of a plan year: the years of the named pilot's plans."""
    from bygdevekst_cli.pilotfolder import PLAN_FILE_PATTERN, PLANS_DIR

    folder = _completed_pilot(ctx)
    try:
        names = [p.name for p in (folder / PLANS_DIR).iterdir()] if folder is not None else []
    except OSError:
        return []
    found = (re.fullmatch(PLAN_FILE_PATTERN, name) for name in names)
    years = sorted({match["year"] for match in found if match is not None})
    return [year for year in years if year.startswith(incomplete)]


def municipality_ids(ctx: click.Context, incomplete: str) -> list[str]:
    """Shell completion of a municipality: the ids of the named pilot's municipalities
    (as its pilot.yaml lists them, whatever else the file holds), and ``all``."""
    from bygdevekst_cli.loader import load_yaml_bytes
    from bygdevekst_cli.pilotfolder import PILOT_FILE
    from bygdevekst_cli.render import ALL_MUNICIPALITIES

    folder = _completed_pilot(ctx)
    try:
        raw = (folder / PILOT_FILE).read_bytes() if folder is not None else b""
    except OSError:
        return []
    data = load_yaml_bytes(raw, Path(PILOT_FILE), PILOT_FILE).data if raw else None
    parties = data.get("parties") if isinstance(data, dict) else None
    ids = [
        str(party["id"])
        for party in (parties if isinstance(parties, list) else [])
        # PartyKind.MUNICIPALITY, read without building the models a Tab would wait for
        if isinstance(party, dict) and party.get("kind") == "municipality" and party.get("id")
    ]
    return [i for i in (*ids, ALL_MUNICIPALITIES) if i.startswith(incomplete)]


def pilot_argument(moved_key: str = "cli.msg.pilot.folder_moved") -> Any:
    """The PILOT argument's settings (``Annotated[str, pilot_argument()]``), checked by
    ``known_pilot``."""
    return typer.Argument(
        help=w("cli.app.pilot_help"),
        metavar="PILOT",
        callback=known_pilot(moved_key),
        autocompletion=complete_pilot_id,
    )


#: The PILOT argument of every command that works on one pilot.
PilotArgument = Annotated[str, pilot_argument()]

#: The PATH... argument of the commands that take pilot folders or files.
PilotPaths = Annotated[
    list[Path] | None,
    typer.Argument(help=w("cli.app.paths_help"), show_default=False, metavar=w("cli.app.paths")),
]


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(value: str) -> dt.date:
    """A date option's value (``--since``, ``--at``, ``--end``), written ``YYYY-MM-DD`` as
    every date in the YAML files is; checked as the arguments are parsed, so that a bad
    one is refused as a usage error before any pilot is read. ``fromisoformat`` alone also
    takes ``20260101`` and the week date ``2026-W01-1``, which nobody means here."""
    from bygdevekst_cli.language import speak_named_pilots

    try:
        if _ISO_DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    speak_named_pilots()  # in the words of the pilot the command names, as its other errors
    raise typer.BadParameter(w("doc.assumed2.init_bad_end", value=value))


def given_path(value: str) -> Path:
    """An ``--output`` path as typed: an empty one (``-o "$OUT"`` with the variable unset)
    is refused as it is parsed, not taken for the folder one stands in (``Path("")`` is
    ``.``), where the files would be written unasked."""
    from bygdevekst_cli.language import speak_named_pilots

    if not value:
        speak_named_pilots()
        raise typer.BadParameter(w("cli.options.empty_path"))
    return Path(value)


def given_folder(value: str) -> Path:
    """A folder ``--output`` as typed (``given_path``), refused as it is parsed when a file
    is there (as ``file_okay=False`` does, which a ``parser`` replaces)."""
    path = given_path(value)
    if path.is_file():
        raise typer.BadParameter(w("cli.msg.click.is_a_file", path=value))
    return path


def format_option(help_key: str, formats: Iterable[str]) -> Any:
    """``--format``/``-f`` of a command that writes a report in several formats
    (``validate``, ``check``, ``diff``, ``history``): its help, ``help_key``, names them."""
    return typer.Option("--format", "-f", help=w(help_key, formats=w.join(formats, style="or")))


app = typer.Typer(
    name="bygdevekst",
    cls=_Group,
    help=w("cli.app.help"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: rich's help formatter costs ~60 ms at start-up
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from bygdevekst_cli import __version__

        typer.echo(f"bygdevekst {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help=w("cli.version.help"),
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Options of the program itself, before any command."""
