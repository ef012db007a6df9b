"""The on-disk cache (``bygdevekst_cli.cache``) and what the language layer keeps in it."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from babel.lists import format_list

from bygdevekst_cli import __version__, cache, language


def test_a_stored_value_comes_back_for_the_same_key(cache_dir: Path) -> None:
    cache.store("entry", ("v1", 12), {"a": [1, 2], "b": "æøå"})
    assert cache.load("entry", ("v1", 12)) == {"a": [1, 2], "b": "æøå"}
    assert [p.name for p in cache_dir.iterdir()] == ["entry.marshal"]


def test_another_key_is_a_miss(cache_dir: Path) -> None:
    cache.store("entry", ("v1", 12), "value")
    assert cache.load("entry", ("v1", 13)) is None
    assert cache.load("other", ("v1", 12)) is None


def test_a_damaged_entry_is_a_miss(cache_dir: Path) -> None:
    cache.store("entry", "key", "value")
    (cache_dir / "entry.marshal").write_bytes(b"\x00not marshal")
    assert cache.load("entry", "key") is None


def test_an_unwritable_folder_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(blocker / "cache"))
    cache.store("entry", "key", "value")
    assert cache.load("entry", "key") is None


def test_the_cache_can_be_turned_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.NO_CACHE_VARIABLE, "1")
    cache.store("entry", "key", "value")
    assert cache.load("entry", "key") is None
    assert not cache_dir.exists()


def test_no_cache_turns_off_what_comes_of_the_files_worked_on_only(cache_dir: Path) -> None:
    """``--no-cache`` (``disabled()``): results and parsed files are neither read nor kept;
    what comes of the tool's own files alone (``tool_data``) still is."""
    cache.store("result", "key", "kept before")
    with cache.disabled():
        assert cache.load("result", "key") is None
        cache.store("another result", "key", "value")
        cache.store("words", "key", "catalogue", tool_data=True)
        assert cache.load("words", "key", tool_data=True) == "catalogue"
    assert sorted(p.name for p in cache_dir.iterdir()) == ["result.marshal", "words.marshal"]


def test_the_variable_turns_off_the_tools_own_data_too(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.NO_CACHE_VARIABLE, "1")
    cache.store("words", "key", "catalogue", tool_data=True)
    assert cache.load("words", "key", tool_data=True) is None
    assert not cache_dir.exists()


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.CACHE_VARIABLE, raising=False)
    monkeypatch.delenv(cache.NO_CACHE_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "bygdevekst"


def test_a_test_without_a_cache_folder_of_its_own_uses_the_runs(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Not the user's ``~/.cache/bygdevekst`` (``conftest._cache_of_the_run``)."""
    folder = cache.cache_dir()
    assert folder is not None
    assert folder.is_relative_to(tmp_path_factory.getbasetemp())


def test_the_catalogue_is_read_from_the_cache_and_follows_the_file(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    words_dir = tmp_path / "words"
    words_dir.mkdir()
    source = language.catalogue_path("nb")
    shutil.copy(source, words_dir / "nb.toml")
    monkeypatch.setattr(language, "_WORD_FOLDERS", (words_dir,))
    language._catalogue.cache_clear()
    try:
        fresh = language._catalogue("nb")
        name = language.cache_entry_name("nb", words_dir / "nb.toml")
        assert (cache_dir / f"{name}.marshal").is_file()
        language._catalogue.cache_clear()
        assert language._catalogue("nb") == fresh
        # an edited catalogue is read again, not taken from the cache
        with (words_dir / "nb.toml").open("a", encoding="utf-8") as out:
            out.write('\n[cache_test]\nword = "ny"\n')
        language._catalogue.cache_clear()
        assert language._catalogue("nb")["cache_test.word"] == "ny"
    finally:
        language._catalogue.cache_clear()


def test_two_installations_keep_their_own_catalogue_entry(tmp_path: Path) -> None:
    one = language.cache_entry_name("nb", tmp_path / "one" / "nb.toml")
    other = language.cache_entry_name("nb", tmp_path / "other" / "nb.toml")
    assert one != other
    assert one == language.cache_entry_name("nb", tmp_path / "one" / "nb.toml")


def test_the_cached_catalogue_is_the_parsed_file(cache_dir: Path) -> None:
    import tomllib

    language._catalogue.cache_clear()
    try:
        for code in language.CLI_LANGUAGES:
            path = language.catalogue_path(code)
            parsed = language._flatten(tomllib.loads(path.read_text(encoding="utf-8")))
            assert language._catalogue(code) == parsed
            language._catalogue.cache_clear()
            assert language._catalogue(code) == parsed  # now from the cache
            stat = path.stat()
            key = (__version__, str(path), stat.st_mtime_ns, stat.st_size)
            assert cache.load(language.cache_entry_name(code, path), key) == parsed
    finally:
        language._catalogue.cache_clear()


@pytest.mark.parametrize("code", language.CLI_LANGUAGES)
def test_plural_forms_are_babels_from_the_cache_and_without_it(code: str, cache_dir: Path) -> None:
    """The plural rule's text is kept in the cache; what it chooses is Babel's CLDR rule, on
    a miss (locale data), a hit (the kept text), and when the kept entry is damaged."""
    from babel import Locale

    babel_rule = Locale.parse(code).plural_form
    counts = [*range(0, 130), 1000, 1001, 1_000_000]
    expected = [babel_rule(n) for n in counts]

    def forms() -> list[str]:
        language._plural_rule.cache_clear()
        return [language._plural_rule(code)(n) for n in counts]

    try:
        assert forms() == expected  # a miss: from Babel's locale data
        name = f"plural-rule-{code}"
        assert cache.load(name, __version__) == babel_rule.rules
        assert forms() == expected  # a hit: from the kept text
        for damaged in ({"one": 5}, {"several": "n in 1"}, {"one": "n in in"}, ["n in 1"]):
            cache.store(name, __version__, damaged)
            assert forms() == expected, damaged
            assert cache.load(name, __version__) == babel_rule.rules  # stored again
    finally:
        language._plural_rule.cache_clear()


def test_a_kept_plural_rule_is_used_without_babels_locale_data(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the cache saves: on a hit, no Babel locale is parsed (its locale data is loaded
    then, some 18 ms)."""
    from babel import Locale

    language._plural_rule.cache_clear()
    try:
        language._plural_rule("nn")  # fills the cache
        language._plural_rule.cache_clear()

        def refused(*args: object, **kwargs: object) -> Locale:
            raise AssertionError("Babel's locale data was read")

        monkeypatch.setattr(Locale, "parse", refused)
        nn = language.words("nn")
        assert nn.plural("cli.validate.warnings", 1) != nn.plural("cli.validate.warnings", 2)
    finally:
        language._plural_rule.cache_clear()


@pytest.mark.parametrize(
    ("code", "style"), list(itertools.product(language.CLI_LANGUAGES, ("standard", "or")))
)
def test_join_is_babels_list_format(code: str, style: str, cache_dir: Path) -> None:
    language._list_patterns.cache_clear()
    w = language.words(code)
    items = ["Fyresdal", "Kviteseid", "Nissedal", "Seljord", "Tokke"]
    for count in range(len(items) + 1):
        expected = (
            format_list(items[:count], style=style, locale=language.cldr_locale(code))
            if count
            else ""
        )
        assert w.join(items[:count], style=style) == expected  # type: ignore[arg-type]
        language._list_patterns.cache_clear()
        assert w.join(items[:count], style=style) == expected  # type: ignore[arg-type]


_DATA_FILES = sorted(p.name for p in Path(language.__file__).parent.joinpath("data").glob("*.yaml"))


@pytest.mark.parametrize("name", _DATA_FILES)
def test_the_tools_data_files_come_back_from_the_cache_as_read(
    name: str, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data file of the package (the register of municipalities, the written standards'
    words) is read once and then served from the cache, equal to what the loader read; a
    ``--no-cache`` run uses it too (it is the tool's own data)."""
    from bygdevekst_cli import loader

    fresh = loader.load_package_data(name)

    def unread(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"data/{name} was parsed again")

    monkeypatch.setattr(loader, "load_yaml_bytes", unread)
    with cache.disabled():
        assert loader.load_package_data(name) == fresh


def test_a_data_file_of_other_bytes_is_read_again(cache_dir: Path) -> None:
    """The entry is keyed by the file's bytes: a file installed anew (another release, an
    edited checkout) is read, not answered with what was kept for the bytes before."""
    from bygdevekst_cli import loader

    before = (__version__, b"codes: {}\n")
    cache.store("package-data-codes.yaml", before, {"stale": True}, tool_data=True)
    assert cache.load("package-data-codes.yaml", before, tool_data=True) == {"stale": True}
    read = loader.load_package_data("codes.yaml")
    assert "stale" not in read
    assert read == loader.load_package_data("codes.yaml")
