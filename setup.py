"""Package discovery that pyproject.toml alone cannot express (the rest is in pyproject.toml).

Every package under src/ is found as usual; ``bygdevekst_cli.templates`` is added by name,
because its files live in the repository's templates/ folder (mapped in ``package-dir``);
so is ``bygdevekst_cli.ci``, the CI templates in ci/ that ``bygdevekst init`` copies. Their
subfolders hold only data, but Python could import them (as namespace packages), so they
are listed too: setuptools then knows they are meant to be installed and says nothing.
"""

from setuptools import find_namespace_packages, setup


def data_folders(package: str, folder: str) -> list[str]:
    """``package``'s subfolders in ``folder`` whose names Python could import."""
    return [
        f"{package}.{name}"
        for name in find_namespace_packages(folder)
        if all(part.isidentifier() for part in name.split("."))
    ]


setup(
    packages=[
        *find_namespace_packages("src", include=["bygdevekst_cli", "bygdevekst_cli.*"]),
        "bygdevekst_cli.templates",
        *data_folders("bygdevekst_cli.templates", "templates"),
        "bygdevekst_cli.ci",
        *data_folders("bygdevekst_cli.ci", "ci"),
    ]
)
