"""The console script: the application, whose commands are imported when they run.

The application is imported inside ``main``, not when this module is: the console script
imports this module before any code of ours runs, and Ctrl+C during the ~0.1 s the
application takes to import would otherwise end in a traceback of the import machinery.
``app`` is still there to import from this module (``from bygdevekst_cli.cli import app``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, NoReturn

from bygdevekst_cli.collector import collect_less

if TYPE_CHECKING:
    from bygdevekst_cli.app import app

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    """``app``, imported the first time it is asked for (PEP 562)."""
    if name == "app":
        from bygdevekst_cli.app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: pydantic's switch for its plugins (``pydantic.plugin._loader``), and the value that turns
#: them all off.
PYDANTIC_PLUGINS = ("PYDANTIC_DISABLE_PLUGINS", "__all__")


def main() -> None:
    collect_less()  # before the imports, whose collections cost ~7 % of a short run
    without_pydantic_plugins()
    try:
        from bygdevekst_cli.app import app
        from bygdevekst_cli.textio import tolerate_narrow_encodings
    except KeyboardInterrupt:
        _interrupted_while_starting()
    tolerate_narrow_encodings()  # a cp1252 console gets "?" for what it lacks, not a crash
    warn_of_an_unknown_language()
    app()


def warn_of_an_unknown_language() -> None:
    """One line on standard error when ``BYGDEVEKST_LANGUAGE`` names no language of the
    command line (``BYGDEVEKST_LANGUAGE=nyn``): it was passed over in silence, and the
    messages came in another language than the one asked for. The command goes on."""
    from bygdevekst_cli.language import CLI_LANGUAGES, LANGUAGE_VARIABLE

    chosen = os.environ.get(LANGUAGE_VARIABLE, "").strip()
    if chosen and chosen.lower() not in CLI_LANGUAGES:
        import sys

        from bygdevekst_cli.language import cli_words

        known = ", ".join(CLI_LANGUAGES)
        print(cli_words()("cli.error.unknown_language", value=chosen, known=known), file=sys.stderr)


def without_pydantic_plugins() -> None:
    """Turn pydantic's plugins off for this process (and the workers it starts), unless the
    environment already says which to load.

    pydantic looks for plugins when it builds the first model: it reads the entry points of
    every package installed beside the tool, ~1.4 % of a run that validates one pilot in a
    venv of 68 packages, more in a larger one. The tool's models are its own; a plugin that
    watches validation elsewhere (an observability tool) has nothing to do here.
    """
    name, value = PYDANTIC_PLUGINS
    os.environ.setdefault(name, value)


def _interrupted_while_starting() -> NoReturn:
    """Ctrl+C before the application was imported: the line and exit status a command
    stopped with Ctrl+C has (``click_i18n.interrupt_in_one_line``); the line is left out if
    a second Ctrl+C comes while its words are read."""
    status = 130  # click_i18n.INTERRUPTED, which may be what was being imported
    try:
        from bygdevekst_cli.click_i18n import INTERRUPTED, show_interrupted

        status = INTERRUPTED
        show_interrupted()
    except KeyboardInterrupt:
        pass
    raise SystemExit(status)
