"""bygdevekst: data, checks and documents for the Norwegian bygdevekst pilots."""

__version__ = "0.1.0"
