"""The repository's configuration: ``[tool.bygdevekst]`` in ``pyproject.toml`` or a
``bygdevekst.toml`` (top-level keys), found from a folder upwards to the git root.

In one folder ``bygdevekst.toml`` wins over ``pyproject.toml`` (as ``ruff.toml`` does for
ruff), with a warning that the other is not read; a ``pyproject.toml`` without a
``[tool.bygdevekst]`` table is passed by. The nearest folder that has one wins.

::

    [tool.bygdevekst]
    select = ["BV"]                      # codes or prefixes; default: every code
    ignore = ["BV22", "BV304"]
    per-path-ignores = { "pilots/*/plans/2025.yaml" = ["BV223", "BV224"] }
    severity = { BV224 = "error" }
    language = "nn"                      # the messages: nn, nb or en
    format = "text"                      # default --format of validate and check

Globs in ``per-path-ignores`` are relative to the folder of the configuration file, in
``.gitignore`` syntax (``*`` stays inside a folder, ``**`` crosses folders).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from bygdevekst_cli.errors import UsageError
from bygdevekst_cli.findings import Severity
from bygdevekst_cli.language import CLI_LANGUAGES, LANGUAGE_VARIABLE, cli_words

if TYPE_CHECKING:  # pydantic is loaded only to check a table that sets something
    from pydantic import ValidationError

CONFIG_FILE = "bygdevekst.toml"
PYPROJECT_FILE = "pyproject.toml"

#: A code (``BV224``) or a prefix of codes (``BV2``, ``BV``).
CODE_PATTERN = re.compile(r"BV\d{0,3}")


class BadCode(ValueError):
    """A value that is not a code or a prefix of codes (``value``: as written)."""

    def __init__(self, value: str) -> None:
        super().__init__(cli_words()("config.bad_code", code=value))
        self.value = value


def check_code(value: str) -> str:
    """A code or prefix as written, upper-cased; ``BadCode`` for anything else."""
    code = value.strip().upper()
    if not CODE_PATTERN.fullmatch(code):
        raise BadCode(value)
    return code


class Settings(NamedTuple):
    """The table's keys, checked (``config_table.SettingsTable``); the defaults when the
    table is empty or there is no file."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    per_path_ignores: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    severity: Mapping[str, Severity] = MappingProxyType({})
    language: Literal["nn", "nb", "en"] | None = None
    format: str | None = None

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> Settings:
        """The settings in a configuration table; pydantic's ``ValidationError`` for a bad
        one. An empty table is the defaults, checked without loading pydantic."""
        if not table:
            return cls()
        from bygdevekst_cli.config_table import SettingsTable

        checked = SettingsTable.model_validate(dict(table))
        return cls(**{name: getattr(checked, name) for name in SETTINGS_FIELDS})


#: The fields of ``Settings``, in order (``SettingsTable`` has the same).
SETTINGS_FIELDS = ("select", "ignore", "per_path_ignores", "severity", "language", "format")


class Config(NamedTuple):
    """The settings in force, and where they came from (None: no file, the defaults)."""

    settings: Settings = Settings()
    file: Path | None = None

    @property
    def root(self) -> Path | None:
        """The folder the ``per-path-ignores`` globs are relative to."""
        return None if self.file is None else self.file.parent


def _table(path: Path) -> dict[str, Any] | None:
    """The configuration table of one file (None: a pyproject.toml without one). A byte
    order mark is read past: Notepad saves «UTF-8 with BOM», which ``tomllib`` refuses."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise UsageError(f"{path}: {cli_words()('config.not_utf8')}") from None
    except OSError as error:
        from bygdevekst_cli.os_reasons import reason

        raise UsageError(f"{path}: {reason(error)}") from None
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(path, error) from None
    except RecursionError:  # ``a = [[[[…]]]]`` thousands deep: tomllib recurses per level
        w = cli_words()
        raise UsageError(f"{path}: {w('config.bad_toml')}: {w('config.toml_too_deep')}") from None
    if path.name == CONFIG_FILE:
        return data
    tool = data.get("tool")
    table = tool.get("bygdevekst") if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise UsageError(f"{path}: {cli_words()('config.not_a_table')}")
    return table


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
#: The start of ``tomllib``'s English details, and the catalogue's words for them (a
#: detail not here is shown as it is).
_TOML_DETAILS = (
    ("Invalid value", "config.toml_value"),
    ("Invalid statement", "config.toml_statement"),
    ("Unclosed array", "config.toml_array"),
    ("Unclosed inline table", "config.toml_inline_table"),
    ("Unterminated string", "config.toml_string"),
    ("Illegal character '\\n'", "config.toml_string"),  # a one-line string not closed
    ("Expected '=' after a key", "config.toml_equals"),
    ("Expected ']", "config.toml_table"),
    ("Cannot overwrite a value", "config.toml_twice"),
    ("Cannot declare", "config.toml_twice"),
    ("Cannot redefine", "config.toml_twice"),
    ("Duplicate inline table key", "config.toml_twice"),
    ("Expected newline or end of document", "config.toml_newline"),
    ("Invalid initial character", "config.toml_character"),
    ("Illegal character", "config.toml_character"),
    ("Found invalid character", "config.toml_character"),
)


def _syntax_error(path: Path, error: tomllib.TOMLDecodeError) -> UsageError:
    """``file:line:column: not valid TOML: detail`` (tomllib puts the place in its text)."""
    detail = str(error)
    place = str(path)
    position = _TOML_POSITION.search(detail)
    if position is not None:
        place += f":{position.group(1)}:{position.group(2)}"
        detail = detail[: position.start()]
    w = cli_words()
    key = next((key for start, key in _TOML_DETAILS if detail.startswith(start)), None)
    return UsageError(f"{place}: {w('config.bad_toml')}: {w(key) if key else detail}")


def place(path: Path, keys: Sequence[str | int], value: str | None = None) -> str:
    """``file:line`` of what a message is about, or ``file`` when the line is not certain:
    the one line that holds ``value`` as a TOML string (a code in a list), else the one
    line that sets the innermost named key (``key = ...``) or opens it as a table
    (``[severity]``, ``[tool.bygdevekst.severity]``, or a table below it). List indexes in
    ``keys`` are passed by; case is not looked at (a code is upper-cased once read)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return str(path)
    line = _line_of_string(text, value) if value is not None else None
    for key in reversed([key for key in keys if isinstance(key, str)]):
        if line is not None:
            break
        line = _line_of(text, key)
    return f"{path}:{line}" if line is not None else str(path)


def _only_line(text: str, pattern: re.Pattern[str]) -> int | None:
    """The line of the one match of ``pattern`` in ``text``; None for none or several."""
    lines = {text.count("\n", 0, match.start()) + 1 for match in pattern.finditer(text)}
    return lines.pop() if len(lines) == 1 else None


def _line_of(text: str, key: str) -> int | None:
    """The line of ``key = ...`` or of the table header ``[key]`` when exactly one line
    sets it; else unknown."""
    name = rf"[\"']?{re.escape(key)}[\"']?"
    setting = rf"^[ \t]*{name}[ \t]*="
    table = rf"^[ \t]*\[[ \t]*(?:tool\.bygdevekst\.)?{name}[ \t]*[\].]"
    return _only_line(text, re.compile(f"{setting}|{table}", re.MULTILINE | re.IGNORECASE))


def _line_of_string(text: str, value: str) -> int | None:
    """The line of ``"value"`` or ``'value'`` when exactly one line holds it (a comment
    is no line that holds it)."""
    quoted = rf"^(?![ \t]*#).*?([\"']){re.escape(value)}\1"
    return _only_line(text, re.compile(quoted, re.MULTILINE | re.IGNORECASE))


#: The allowed values of the keys that have a fixed set, for the error message.
_CHOICES = {"language": CLI_LANGUAGES, "severity": tuple(s.value for s in Severity)}
#: pydantic's error types for a value of the wrong kind, and the catalogue's words for them.
_WANTED = {
    "tuple_type": "config.want_list",
    "list_type": "config.want_list",
    "string_type": "config.want_text",
    "dict_type": "config.want_table",
}


def _message(problem: Mapping[str, Any], shown: str) -> str:
    w = cli_words()
    kind = problem["type"]
    if kind == "extra_forbidden":
        return w("config.unknown_key", key=shown)
    if kind in ("literal_error", "enum"):
        choices = _CHOICES.get(str(problem["loc"][0]), ())
        listed = w.join([f"«{choice}»" for choice in choices], style="or")
        return w("config.one_of", key=shown, value=problem["input"], choices=listed)
    if kind in _WANTED:
        return w(_WANTED[kind], key=shown)
    return f"{shown}: {str(problem['msg']).removeprefix('Value error, ')}"


def _error(path: Path, error: ValidationError) -> UsageError:
    """The first problem, as ``file:line: key: message``."""
    problem = error.errors()[0]
    keys = [str(part) for part in problem["loc"]]
    message = _message(problem, ".".join(keys) or "?")
    bad_code = problem.get("ctx", {}).get("error")
    value = bad_code.value if isinstance(bad_code, BadCode) else None
    return UsageError(f"{place(path, problem['loc'], value)}: {message}")


def read_config(path: Path) -> Config:
    """The configuration in one file; a file without a table gives the defaults."""
    table = _table(path)
    if table is None:
        return Config()
    if not table:  # every key commented out, as ``init`` writes it: checked without pydantic
        return Config(Settings(), path)
    from pydantic import ValidationError

    try:
        settings = Settings.from_table(table)
    except ValidationError as error:
        raise _error(path, error) from None
    return Config(settings, path)


def find_config_file(start: Path) -> tuple[Path | None, Path | None]:
    """The configuration file in force from ``start``, and a file passed over beside it.

    Walks from ``start`` upwards and stops at the git root (the folder with ``.git``).
    """
    start = start.resolve()
    for folder in (start, *start.parents):
        own, pyproject = folder / CONFIG_FILE, folder / PYPROJECT_FILE
        has_pyproject = pyproject.is_file() and _table(pyproject) is not None
        # a folder by its name, or a link that leads nowhere, is said (``_table``), not
        # passed by as if there were none: its settings had silently not applied
        if os.path.lexists(own):
            return own, pyproject if has_pyproject else None
        if has_pyproject:
            return pyproject, None
        if (folder / ".git").exists():
            break
    return None, None


class Loaded(NamedTuple):
    config: Config
    warning: str | None = None
    """A second configuration file beside the one in force, which is not read."""


def load_config(start: Path | None = None) -> Loaded:
    """The configuration for a command run in ``start`` (default: the current folder)."""
    file, passed_over = find_config_file(start or Path.cwd())
    if file is None:
        return Loaded(Config())
    warning = None
    if passed_over is not None:
        warning = cli_words()("config.both_files", used=file, ignored=passed_over)
    return Loaded(read_config(file), warning)


def apply_language(config: Config) -> None:
    """Make the configured language the command line's, unless the user's environment chose.

    ``language.cli_language`` reads ``BYGDEVEKST_LANGUAGE`` first; an explicit value there
    still wins over the file.
    """
    if config.settings.language is not None:
        os.environ.setdefault(LANGUAGE_VARIABLE, config.settings.language)
