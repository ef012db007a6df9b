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


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.CACHE_VARIABLE, raising=False)
    monkeypatch.delenv(cache.NO_CACHE_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "bygdevekst"


def test_the_catalogue_is_read_from_the_cache_and_follows_the_file(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    words_dir = tmp_path / "words"
    words_dir.mkdir()
    source = language._catalogue_path("nb")
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
            path = language._catalogue_path(code)
            parsed = language._flatten(tomllib.loads(path.read_text(encoding="utf-8")))
            assert language._catalogue(code) == parsed
            language._catalogue.cache_clear()
            assert language._catalogue(code) == parsed  # now from the cache
            stat = path.stat()
            key = (__version__, str(path), stat.st_mtime_ns, stat.st_size)
            assert cache.load(language.cache_entry_name(code, path), key) == parsed
    finally:
        language._catalogue.cache_clear()


@pytest.mark.parametrize(
    ("code", "style"), list(itertools.product(language.CLI_LANGUAGES, ("standard", "or")))
)
def test_join_is_babels_list_format(code: str, style: str, cache_dir: Path) -> None:
    language._list_patterns.cache_clear()
    w = language.words(code)
    items = ["Fyresdal", "Kviteseid", "Nissedal", "Seljord", "Tokke"]
    for count in range(len(items) + 1):
        expected = format_list(items[:count], style=style, locale=code) if count else ""
        assert w.join(items[:count], style=style) == expected  # type: ignore[arg-type]
        language._list_patterns.cache_clear()
        assert w.join(items[:count], style=style) == expected  # type: ignore[arg-type]
