"""Package discovery that pyproject.toml alone cannot express (the rest is in pyproject.toml).

Every package under src/ is found as usual; ``bygdevekst_cli.templates`` is added by name,
because its files live in the repository's templates/ folder (mapped in ``package-dir``);
so is ``bygdevekst_cli.ci``, the CI templates in ci/ that ``bygdevekst init`` copies.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages("src", include=["bygdevekst_cli", "bygdevekst_cli.*"]),
        "bygdevekst_cli.templates",
        "bygdevekst_cli.ci",
    ]
)
