"""The CI templates (ci/ in the repository), installed as package data for ``bygdevekst init``."""
