"""Shared pytest set-up: a neutral language environment, tests that need the source
documents, and the switch that rewrites golden files.

Every test runs without ``BYGDEVEKST_LANGUAGE`` and with a locale that names no language,
so that the command line speaks its default (Bokmål) whatever the developer's machine
says; tests that want another language set it themselves.

A test that uses ``SEEDS`` or a ``SEED_*`` constant (``tests/helpers.py``) reads the source
documents in ``../shared/seeds``: it is marked ``seeds`` and skipped with one line when they
are absent (a fresh clone), or failed when they are absent in CI.

The tool's cache folder is one of the run's own, under pytest's temporary folder: tests
make thousands of pilot folders, each a cache entry, which must not pile up in the user's
``~/.cache/bygdevekst``, and the user's entries must not take part in a test. Tests about
the cache itself take a folder of their own (``cache_dir``).

Rendered documents are compared with reference files under ``tests/golden/``. After a
deliberate change to a template or the data, rewrite them and review the diff:

    .venv/bin/python -m pytest tests/test_render.py --update-golden
    (or BYGDEVEKST_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py)
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bygdevekst_cli import cache
from bygdevekst_cli.language import command_language
from tests import helpers
from tests.helpers import copy_minimal, require_seeds

if TYPE_CHECKING:
    import git

GOLDEN = Path(__file__).parent / "golden"


def pytest_configure(config: pytest.Config) -> None:
    """The command line's language follows the environment (``cli_language``); the tests
    expect Bokmål where no pilot chooses, whatever the machine's locale. Set before any test
    module imports the application (its help texts are read at import)."""
    os.environ.pop("BYGDEVEKST_LANGUAGE", None)
    os.environ["LC_ALL"] = "C.UTF-8"


@pytest.fixture(autouse=True, scope="session")
def _cache_of_the_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The cache folder of every test that does not choose one: the run's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(cache.CACHE_VARIABLE, str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True)
def _neutral_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No language from the environment, nor from a pilot an earlier test read
    (``language.works_on``)."""
    monkeypatch.delenv("BYGDEVEKST_LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    with command_language():
        yield


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, with the cache on whatever the environment says."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(folder))
    monkeypatch.delenv(cache.NO_CACHE_VARIABLE, raising=False)
    return folder


@pytest.fixture
def pilot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal pilot copied into the test's folder, which is the current folder. A test
    module that needs another pilot has its own ``pilot``."""
    monkeypatch.chdir(tmp_path)
    return copy_minimal(tmp_path)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    """The minimal pilot committed in a git repository of the test's own, which is the
    current folder. A test module that needs more in the repository has its own ``repo``."""
    from tests.gitrepo import pilot_repo

    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    return repo


def uses_seeds(item: pytest.Item) -> bool:
    """Whether the test function names ``SEEDS`` or a ``SEED_*`` constant."""
    code = getattr(getattr(item, "function", None), "__code__", None)
    names = code.co_names if code is not None else ()
    return any(name == "SEEDS" or name.startswith("SEED_") for name in names)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if uses_seeds(item):
            item.add_marker(pytest.mark.seeds)


@contextmanager
def _absent_seeds_skip() -> Iterator[None]:
    """Skip (in CI: fail) a test that tried to read a source document that is not there.

    ``uses_seeds`` sees only the names in the test function itself; a test that reads the
    documents through a helper, a lambda in a parametrize table or a fixture is not marked,
    and in a fresh clone it would fail with ``FileNotFoundError`` instead of skipping."""
    try:
        yield
    except FileNotFoundError as error:
        if _names_an_absent_seed(error.filename):
            require_seeds()
        raise


def _names_an_absent_seed(filename: object) -> bool:
    """Whether ``filename`` (a ``FileNotFoundError``'s) is under ``SEEDS``, which is absent."""
    seeds = helpers.SEEDS
    return isinstance(filename, str) and not seeds.is_dir() and Path(filename).is_relative_to(seeds)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    with _absent_seeds_skip():
        if item.get_closest_marker("seeds") is not None:
            require_seeds()
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    with _absent_seeds_skip():
        return (yield)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files under tests/golden/ instead of comparing with them.",
    )


GoldenCheck = Callable[[str, str], None]


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> GoldenCheck:
    """``golden(name, text)``: compare ``text`` with ``tests/golden/<name>`` (or rewrite it)."""
    update = bool(request.config.getoption("--update-golden")) or bool(
        os.environ.get("BYGDEVEKST_UPDATE_GOLDEN")
    )

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.is_file(), f"{path} is missing; run pytest with --update-golden"
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"golden/{name}",
                    "rendered",
                    n=2,
                )
            )
            pytest.fail(
                f"{name} differs from its golden file (--update-golden rewrites it):\n{diff}"
            )

    return check
