"""The document templates, installed as the package ``bygdevekst_cli.templates``.

This folder is the one place the templates live. pyproject.toml maps it into the package
(``package-dir``), so an editable checkout reads these files directly and a wheel carries
them; this file makes the folder a regular package, which editable installs need.
See README.md in this folder for how the templates are organised.
"""
