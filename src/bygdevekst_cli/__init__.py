"""bygdevekst: data, checks and documents for the Norwegian bygdevekst pilots."""

#: The one place the version is written: pyproject.toml reads it (setuptools' dynamic
#: version), ``bygdevekst --version`` prints it. Release tags are ``v`` + this.
__version__ = "0.3.0"
