"""The console script: the application, whose commands are imported when they run."""

from __future__ import annotations

from bygdevekst_cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    from bygdevekst_cli.textio import tolerate_narrow_encodings

    tolerate_narrow_encodings()  # a cp1252 console gets "?" for what it lacks, not a crash
    app()
