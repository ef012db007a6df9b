"""Commands of this module are added by their issue; see bygdevekst_cli.cli."""
