"""The report formats and options ``validate`` and ``check`` share, in a module of their
own: ``check --help`` then imports neither ``validate`` nor ``schema`` with them."""

from typing import Annotated

import typer

from bygdevekst_cli.app import w

#: The ``--format`` choices: the names of ``present.validate.REPORTER_BY_NAME`` (a test keeps
#: them equal), so that ``--help`` does not import the presenters.
FORMATS = ("text", "json", "github", "sarif", "gitlab", "junit")

#: ``--select``/``--ignore``: comma lists, repeatable.
SelectOption = Annotated[
    list[str] | None,
    typer.Option("--select", help=w("cli.options.select"), metavar="BVxxx"),
]
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option("--ignore", help=w("cli.options.ignore"), metavar="BVxxx"),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help=w("cli.options.quiet"))]
#: ``--no-cache``: nothing read from or written to the cache.
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help=w("cli.cache.help"))]
