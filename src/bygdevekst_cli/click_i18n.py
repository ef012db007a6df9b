"""click's own words (usage line, headings, placeholders, errors) in the command line's language.

Typer (0.29 and later) carries its own copy of click, whose texts are English literals;
only a few of Typer's pass through ``gettext``. Patching module globals would follow every
release of that private copy, so the words are translated instead at the two places all of
them pass through:

* the help formatter (``Context.formatter_class``, a documented click hook): the usage
  prefix, section headings, the placeholders in the usage line and the first column (the
  Python types Typer shows, ``<int range>``, ``<list[Path]>``, become words: ``<TAL>``),
  the help option's text and the ``[default: …; required]`` notes;
* the error display: ``LocalisedGroup.main`` runs the command as click does, but shows a
  usage error, a click error or an abort itself, in words from the catalogue.

Every text has a key in the catalogue table ``click`` (nn, nb, en); the language is
``language.cli_language()``, read when the text is shown. A text this module does not know
is shown as click wrote it.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import typer
import typer.core

from bygdevekst_cli.language import Words, cli_words, command_language, speak_named_pilots
from bygdevekst_cli.textio import ClosedOutput, closed_pipe_ends_quietly

click: Any = getattr(typer.core, "_click", None)
if click is None:  # pragma: no cover - Typer before 0.29 used click itself
    import click as _click_package

    click = _click_package

# --- the help formatter --------------------------------------------------------------------

_HEADINGS = {"Arguments": "arguments", "Options": "options", "Commands": "commands"}
_HELP_TEXTS = {"Show this message and exit.": "click.help_option"}

#: Placeholders declared in the code (upper case, English) and their catalogue keys.
_LABEL_ALIASES = {"STI": "path", "ARGS": "args"}

#: Typer's type descriptors (``<str>``) as placeholder keys.
_TYPE_LABELS = {
    "str": "text",
    "int": "number",
    "float": "number",
    "int range": "number",
    "float range": "number",
    "path": "path",
    "Path": "path",
    "file": "path",
    "directory": "path",
    "datetime": "date",
    "date": "date",
}

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|-)*")  # letters (any alphabet) and hyphens
_NOTES = re.compile(r"^(?P<text>.*?)(?P<space>\s*)\[(?P<notes>[^\[\]]+)\]$", re.DOTALL)


def label(token: str, w: Words) -> str:
    """A placeholder (``PATH``, ``year``) in words of the language; unknown ones as they are."""
    key = _LABEL_ALIASES.get(token, token.lower())
    return w.get(f"click.metavar.{key}", token) or token


def _type_label(descriptor: str, w: Words) -> str:
    """``<int range>`` → ``<TAL>``; choices (``<text|json>``) stay the values they are."""
    inner = descriptor[1:-1]
    if "|" in inner and not inner.startswith("list["):
        return descriptor
    while inner.startswith("list[") and inner.endswith("]"):
        inner = inner[5:-1]
    if "|" in inner:
        return f"<{inner}>"
    key = _TYPE_LABELS.get(inner, "value")
    return f"<{w(f'click.metavar.{key}')}>"


def _usage_args(args: str, w: Words) -> str:
    return _WORD.sub(lambda m: label(m.group(0), w), args)


_COLUMN_PART = re.compile(r"(?P<type><[^<>]*>)|(?P<word>[^\s,]+)")


def _first_column(text: str, w: Words) -> str:
    """``-y, --year <int>`` → ``-y, --year <TAL>``; an argument's name in words."""

    def part(found: re.Match[str]) -> str:
        if found["type"]:
            return _type_label(found["type"], w)
        word = found["word"]
        return word if word.startswith("-") else _WORD.sub(lambda m: label(m[0], w), word)

    return _COLUMN_PART.sub(part, text)


def _note(note: str, w: Words) -> str:
    if note == "required":
        return w("click.required")
    if note.startswith("default: "):
        return w("click.default", value=note.removeprefix("default: "))
    if note.startswith("env var: "):
        return w("click.env_var", name=note.removeprefix("env var: "))
    return note


def help_text(text: str, w: Words) -> str:
    """The second column: click's help option, and the notes in brackets at the end."""
    if text in _HELP_TEXTS:
        return w(_HELP_TEXTS[text])
    found = _NOTES.match(text)
    if found is None:
        return text
    notes = "; ".join(_note(n, w) for n in found["notes"].split("; "))
    return f"{found['text']}{found['space']}[{notes}]"


class LocalisedFormatter(click.HelpFormatter):  # type: ignore[misc]
    """click's help formatter, speaking the command line's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        w = cli_words()
        if prefix is None:
            prefix = f"{w('click.usage')} "
        super().write_usage(prog, _usage_args(args, w), prefix)

    def write_heading(self, heading: str) -> None:
        key = _HEADINGS.get(heading)
        super().write_heading(cli_words()(f"click.heading.{key}") if key else heading)

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        w = cli_words()
        translated = [(_first_column(first, w), help_text(second, w)) for first, second in rows]
        super().write_dl(translated, col_max, col_spacing)


# --- errors --------------------------------------------------------------------------------

_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], Words], str]]


def _quoted(name: str) -> str:
    """click's ``'--format'`` as ``«--format»``."""
    return f"«{name.strip(chr(39))}»"


def _param(name: str, w: Words) -> str:
    """A parameter in an error: an option as it is, an argument's name in words."""
    bare = name.split(" / ")[0].strip("'")  # click names every spelling: '--format' / '-f'
    return _quoted(bare if bare.startswith("-") else _WORD.sub(lambda m: label(m[0], w), bare))


def _choices(text: str) -> list[str]:
    return [c.strip().strip("'") for c in text.split(",")]


def _value_rules() -> list[_Rule]:
    """What a parameter's value was wrong about (the part after ``Invalid value for …:``)."""
    return [
        (
            re.compile(r"^(?:Value error, )?'(?P<value>.*)' is not one of (?P<choices>.+?)\.?$"),
            lambda m, w: w(
                "click.not_one_of",
                value=_quoted(m["value"]),
                choices=w.join(_choices(m["choices"]), style="or"),
            ),
        ),
        (
            re.compile(r"^Input should be less than or equal to (?P<limit>\S+)$"),
            lambda m, w: w("click.at_most", limit=m["limit"]),
        ),
        (
            re.compile(r"^Input should be greater than or equal to (?P<limit>\S+)$"),
            lambda m, w: w("click.at_least", limit=m["limit"]),
        ),
        (re.compile(r"^Input should be a valid integer\b.*$"), lambda m, w: w("click.not_integer")),
        (re.compile(r"^Input should be a valid number\b.*$"), lambda m, w: w("click.not_number")),
        (re.compile(r"^Input should be a valid date\b.*$"), lambda m, w: w("click.not_date")),
        (
            re.compile(r"^\w+ '(?P<path>.+)' does not exist\.$"),  # File, file, dir, …
            lambda m, w: w("click.path_missing", path=m["path"]),
        ),
        (
            re.compile(r"^\w+ '(?P<path>.+)' is a file\.$"),
            lambda m, w: w("cli.msg.click.is_a_file", path=m["path"]),
        ),
        (
            re.compile(r"^\w+ '(?P<path>.+)' is a directory\.$"),
            lambda m, w: w("cli.msg.click.is_a_folder", path=m["path"]),
        ),
        (
            re.compile(r"^\w+ '(?P<path>.+)' is not (?P<what>readable|writable)\.$"),
            lambda m, w: w(f"cli.msg.click.not_{m['what']}", path=m["path"]),
        ),
    ]


def _value(message: str, w: Words) -> str:
    for pattern, word in _value_rules():
        found = pattern.match(message)
        if found is not None:
            return word(found, w)
    return message


def _error_rules() -> list[_Rule]:
    return [
        (
            re.compile(
                r"^No such option: (?P<name>\S+)(?: \(Possible options: (?P<options>.+)\))?$"
            ),
            lambda m, w: (
                w("click.no_such_option", name=m["name"])
                + (
                    " " + w("click.did_you_mean", options=w.join(m["options"].split(", "), "or"))
                    if m["options"]
                    else ""
                )
            ),
        ),
        (
            re.compile(r"^No such command '(?P<name>.+)'\.(?: Did you mean (?P<options>.+)\?)?$"),
            lambda m, w: (
                w("click.no_such_command", name=_quoted(m["name"]))
                + (
                    " "
                    + w(
                        "click.did_you_mean",
                        options=w.join([_quoted(o) for o in _choices(m["options"])], "or"),
                    )
                    if m["options"]
                    else ""
                )
            ),
        ),
        (
            re.compile(
                r"^Missing (?P<kind>argument|option|parameter) (?P<name>.+?)\."
                r"(?: Choose from:\s*(?P<choices>.+))?$",
                re.DOTALL,
            ),
            lambda m, w: (
                w(f"click.missing_{m['kind']}", name=_param(m["name"], w))
                + (
                    " " + w("click.choose_from", choices=w.join(_choices(m["choices"]), "or"))
                    if m["choices"]
                    else ""
                )
            ),
        ),
        (re.compile(r"^Missing command\.$"), lambda m, w: w("click.missing_command")),
        (
            re.compile(r"^Invalid value for (?P<name>.+?): (?P<message>.+)$", re.DOTALL),
            lambda m, w: w(
                "click.invalid_value", name=_param(m["name"], w), message=_value(m["message"], w)
            ),
        ),
        (
            re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$"),
            lambda m, w: w("click.extra_arguments", args=m["args"]),
        ),
        (
            re.compile(r"^Option (?P<name>'.+') requires an argument\.$"),
            lambda m, w: w("click.requires_value", name=_quoted(m["name"])),
        ),
        (
            re.compile(r"^Option (?P<name>'.+') does not take a value\.$"),
            lambda m, w: w("click.takes_no_value", name=_quoted(m["name"])),
        ),
    ]


def error_message(message: str, w: Words) -> str:
    """click's message for a usage error, in words of the language (else as it is)."""
    for pattern, word in _error_rules():
        found = pattern.match(message)
        if found is not None:
            return word(found, w)
    return message


#: Why a write to standard output fails, other than a closed pipe: a full disk or quota, a
#: device error, a file too large, or a stream that is closed (``>&-``).
OUTPUT_FAILURES = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EIO", "EFBIG", "EBADF")
    if hasattr(errno, name)
)


def show_output_refused(error: OSError) -> None:
    """Standard output could not be written (a full disk, ``>&-``): one line on standard
    error in the catalogue's words, not a traceback (a closed pipe never comes here:
    ``closed_pipe_ends_quietly`` ends the command first)."""
    w = cli_words()
    typer.echo(w("cli.error.line", message=w("error.output_refused", reason=error)), err=True)


#: The exit status of a command stopped with Ctrl+C: 128 + 2 (SIGINT), as a shell gives a
#: program the signal killed, so that a script (or CI) reads it as stopped, not as failed.
INTERRUPTED = 130


def show_interrupted() -> None:
    """One line on standard error for Ctrl+C, in the catalogue's words."""
    w = cli_words()
    typer.echo(w("cli.error.line", message=w("error.interrupted")), err=True)


@contextmanager
def interrupt_in_one_line() -> Iterator[None]:
    """Ctrl+C within this block ends the command with ``INTERRUPTED`` and one line, not a
    traceback; Typer's own handling exits 130 without a word, as if nothing was wrong. The
    files the command was writing are written whole or not at all (``fsutil.atomic_write``)."""
    try:
        yield
    except KeyboardInterrupt:
        show_interrupted()
        raise typer.Exit(INTERRUPTED) from None


def show_error(error: Any) -> None:
    """Show a click error as click does, in the command line's language: the written
    standard of the pilot the command names, when it names one (``speak_named_pilots``)."""
    speak_named_pilots()
    w = cli_words()
    if isinstance(error, click.exceptions.NoArgsIsHelpError):
        error.show()
        return
    ctx = getattr(error, "ctx", None)
    lines: list[str] = []
    if isinstance(error, click.exceptions.UsageError) and ctx is not None:
        lines.append(ctx.get_usage())
        names = ctx.help_option_names
        if ctx.command.get_help_option(ctx) is not None and names:
            lines.append(w("click.try_help", command=ctx.command_path, option=names[0]))
        lines.append("")
    lines.append(w("click.error", message=error_message(error.format_message(), w)))
    typer.echo("\n".join(lines), err=True)


class LocalisedGroup(typer.core.TyperGroup):
    """The application's group: click's texts from the catalogue, and its errors shown in them."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        install()
        if any(name.endswith("_COMPLETE") for name in os.environ):
            # the shell asks for completions: Typer's classes for bash, zsh, fish, PowerShell
            from typer._completion_classes import completion_init

            completion_init()
        if sys.stdout is None:  # started with standard output closed (>&-)
            sys.stdout = ClosedOutput()
        with command_language():
            if not standalone_mode:
                return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            try:
                result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
                with closed_pipe_ends_quietly():  # what is still buffered, before exit
                    sys.stdout.flush()
            except click.exceptions.ClickException as error:
                show_error(error)
                sys.exit(error.exit_code)
            except typer.Abort:
                typer.echo(cli_words()("click.aborted"), err=True)
                sys.exit(1)
            except OSError as error:
                if error.filename is not None or error.errno not in OUTPUT_FAILURES:
                    raise  # a file the command named, or not a write: not the output's fault
                show_output_refused(error)
                sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def make_context(self, *args: Any, **extra: Any) -> Any:
        """The context, as click makes it; ``--help`` and ``--version`` write here."""
        with interrupt_in_one_line(), closed_pipe_ends_quietly():  # click: exit 1 on a pipe
            return super().make_context(*args, **extra)

    def invoke(self, ctx: Any) -> Any:
        """The command, as click runs it, ended quietly when its reader has gone, and in one
        line on Ctrl+C."""
        with interrupt_in_one_line(), closed_pipe_ends_quietly():  # click: exit 1 on a pipe
            return super().invoke(ctx)


def install() -> None:
    """Make click's help formatter the localised one (idempotent)."""
    click.Context.formatter_class = LocalisedFormatter
