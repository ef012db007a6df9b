"""Files written, caches and interruption: a failure, Ctrl+C or a killed run at any step
leaves the old files as they were, nothing half written and nothing behind. The failures are
real ones (a full disk, a refused move, Ctrl+C) at each step of each writer; the commands
are the real command line on real folders."""

from __future__ import annotations

import copy
import errno
import fcntl
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bygdevekst_cli import cache, fsutil
from bygdevekst_cli.cli import app
from bygdevekst_cli.site import recover_site
from tests.helpers import DATA, console_script, copy_minimal
from tests.test_import import build_markdown
from tests.test_import_plan import ROWS, pilot_without_2026, run_plan, write_csv

STALE = time.time() - 2 * fsutil.STALE_AFTER


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


def invoke(*args: str) -> tuple[int, str]:
    """The command line in this process: its exit code and output (error output too)."""
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (hidden ones too) by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def named(argument: object) -> str:
    """What a call's argument names: a path, or the file an open handle is of (Linux)."""
    handle = Path(f"/proc/self/fd/{argument}")
    if isinstance(argument, int) and handle.exists():
        return str(handle.readlink())
    return str(argument)


def fail_on_call(
    patch: pytest.MonkeyPatch,
    owner: object,
    name: str,
    call: int,
    error: BaseException,
    about: str = "",
) -> None:
    """``owner.name`` raises ``error`` the ``call``-th time it runs (counting from 1) with an
    argument that names ``about``."""
    real = getattr(owner, name)
    calls = iter(range(1, 1000))

    def failing(*args: object, **kwargs: object) -> object:
        if any(about in named(a) for a in args) and next(calls) == call:
            raise copy.copy(error)  # a new one each time, as the system raises it
        return real(*args, **kwargs)

    patch.setattr(owner, name, failing)


def left_temporary(path: Path, suffix: str, *, age: float = STALE) -> Path:
    """A temporary file beside ``path`` as a killed write leaves it, last changed at ``age``."""
    temporary = path.with_name(f".{path.name}.{suffix}.tmp")
    temporary.write_bytes(b"half a file")
    os.utime(temporary, (age, age))
    return temporary


@pytest.fixture
def held() -> Iterator[list[int]]:
    """Handles of files another process is writing (locked as ``lock_in_use`` locks)."""
    handles: list[int] = []
    yield handles
    for handle in handles:
        os.close(handle)


def hold(path: Path, handles: list[int]) -> None:
    handle = os.open(path, os.O_RDWR)
    fcntl.flock(handle, fcntl.LOCK_EX)
    handles.append(handle)


# --- 1. a killed write's temporary file ----------------------------------------------------


def test_the_next_write_removes_what_a_killed_write_left_and_nothing_else(
    tmp_path: Path, held: list[int]
) -> None:
    """A write killed (SIGKILL, a power cut) between making its temporary file and moving it
    into place left ``.NAME.XXXXXXXX.tmp`` beside the file, and every such run one more."""
    copy_minimal(tmp_path)
    target = tmp_path / "plan.md"
    killed = [left_temporary(target, suffix) for suffix in ("abcd_123", "zz9y8x7w")]
    in_use = left_temporary(target, "inuse123")
    hold(in_use, held)  # another run writes it this very moment
    just_made = left_temporary(target, "fresh123", age=time.time())
    not_ours = [left_temporary(target, "kopi"), left_temporary(tmp_path / "plan", "abcdefgh")]
    code, output = invoke("render", "plan", "testdalen", "-f", "md", "-o", "plan.md")
    assert code == 0, output
    assert target.read_text(encoding="utf-8").startswith("#")
    assert [p.exists() for p in killed] == [False, False]
    assert in_use.read_bytes() == just_made.read_bytes() == b"half a file"
    assert all(p.exists() for p in not_ours)


def test_a_write_holds_its_temporary_so_no_other_run_removes_it(tmp_path: Path) -> None:
    """The lock a writer holds is what tells another run the file is in use."""
    target = tmp_path / "plan.yaml"
    seen: list[bool] = []
    real = os.fsync

    def fsync(handle: int) -> None:
        (temporary,) = tmp_path.glob(".plan.yaml.*.tmp")
        os.utime(temporary, (STALE, STALE))  # as old as a stale one: the lock alone decides
        seen.append(fsutil.abandoned(temporary))
        real(handle)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", fsync)
        fsutil.atomic_write(target, "year: 2026\n")
    assert seen == [False]
    assert target.read_text(encoding="utf-8") == "year: 2026\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


# --- 2. the cache on Ctrl+C, a full disk, a killed run --------------------------------------


@pytest.mark.parametrize(
    "error", [KeyboardInterrupt(), OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))]
)
def test_a_cache_entry_interrupted_before_its_rename_leaves_nothing(
    cache_dir: Path, error: BaseException
) -> None:
    cache.store("catalogue/x", "key", "old value")
    with pytest.MonkeyPatch.context() as patch:
        fail_on_call(patch, Path, "replace", 1, error)
        if isinstance(error, KeyboardInterrupt):
            with pytest.raises(KeyboardInterrupt):
                cache.store("catalogue/x", "key2", "new value")
        else:
            cache.store("catalogue/x", "key2", "new value")  # a full disk is a no-op
    assert cache.load("catalogue/x", "key") == "old value"
    assert [p.name for p in (cache_dir / "catalogue").iterdir()] == ["x.marshal"]


def test_a_cache_entry_a_killed_run_left_is_removed_once_by_the_next(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, held: list[int]
) -> None:
    monkeypatch.setattr(cache, "_swept", set())
    folder = cache_dir / "catalogue"
    folder.mkdir(parents=True)
    killed = left_temporary(folder / "x.marshal", "4242")
    in_use = left_temporary(folder / "y.marshal", "4343")
    hold(in_use, held)
    cache.store("catalogue/z", "key", "value")
    assert not killed.exists() and in_use.exists()
    again = left_temporary(folder / "x.marshal", "4444")
    cache.store("catalogue/z", "key", "value")
    assert again.exists()  # one listing per folder and process, not one per entry
    assert cache.load("catalogue/z", "key") == "value"


# --- 3. import: pilot.yaml and agreement.yaml all or nothing ------------------------------


def half_imported_pilot(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A pilot folder with only an old agreement.yaml (its pilot.yaml not yet written), the
    agreement to import into it, and the folder's files as they are."""
    folder = tmp_path / "pilots" / "vv"
    folder.mkdir(parents=True)
    (folder / "agreement.yaml").write_text("# the old agreement\nchapters: []\n")
    source = tmp_path / "avtale.md"
    build_markdown(source)
    return folder, source, snapshot(folder)


def import_update(folder: Path, source: Path) -> tuple[int, str]:
    return invoke(*import_update_args(folder, source))


def import_update_args(folder: Path, source: Path) -> list[str]:
    """The arguments of an agreement ``source`` imported over the pilot in ``folder``."""
    return [
        "import", "agreement", str(source), "--pilot", folder.name,
        "--dir", str(folder.parent), "--name", "Vestre Varanger", "--update",
    ]  # fmt: skip


FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
REFUSED = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
STEPS = [
    pytest.param(os, "fsync", FULL, "pilot.yaml", "pilot.yaml", id="disk-full-writing-pilot"),
    pytest.param(os, "fsync", FULL, "agreement.yaml", "agreement.yaml", id="disk-full-agreement"),
    pytest.param(Path, "replace", REFUSED, "pilot.yaml", "pilot.yaml", id="moving-pilot"),
    pytest.param(
        Path, "replace", REFUSED, "agreement.yaml", "agreement.yaml", id="moving-agreement"
    ),
    pytest.param(Path, "replace", KeyboardInterrupt(), "agreement.yaml", None, id="ctrl-c-moving"),
    pytest.param(os, "fsync", KeyboardInterrupt(), "agreement.yaml", None, id="ctrl-c-writing"),
]


@pytest.mark.parametrize(("owner", "name", "error", "about", "shown"), STEPS)
def test_an_import_that_fails_at_any_step_leaves_the_pilot_folder_as_it_was(
    tmp_path: Path,
    owner: object,
    name: str,
    error: BaseException,
    about: str,
    shown: str | None,
) -> None:
    """Before, pilot.yaml was written and then agreement.yaml: a failure or Ctrl+C between
    left a new pilot.yaml beside the old agreement."""
    folder, source, before = half_imported_pilot(tmp_path)
    with pytest.MonkeyPatch.context() as patch:
        fail_on_call(patch, owner, name, 1, error, about)
        code, output = import_update(folder, source)
    if shown is None:
        assert (code, output[-31:]) == (130, "bygdevekst: avbrote med Ctrl+C\n")
    else:
        assert code == 1, output
        assert f"{folder.as_posix()}/{shown}: kan ikkje skrive fila (" in output
        assert "Traceback" not in output
    assert snapshot(folder) == before


NEW_FOLDER_STEPS = [
    pytest.param(Path, "write_text", FULL, "pilot.yaml", id="disk-full-writing-pilot"),
    pytest.param(Path, "write_text", FULL, "agreement.yaml", id="disk-full-agreement"),
    pytest.param(Path, "replace", REFUSED, "/.vv.", id="moving-the-folder"),
    pytest.param(Path, "write_text", KeyboardInterrupt(), "agreement.yaml", id="ctrl-c"),
]


@pytest.mark.parametrize(("owner", "name", "error", "about"), NEW_FOLDER_STEPS)
def test_an_import_of_a_new_pilot_that_fails_at_any_step_leaves_no_folder(
    tmp_path: Path, owner: object, name: str, error: BaseException, about: str
) -> None:
    (tmp_path / "pilots").mkdir()
    source = tmp_path / "avtale.md"
    build_markdown(source)
    with pytest.MonkeyPatch.context() as patch:
        fail_on_call(patch, owner, name, 1, error, about)
        code, output = import_update(tmp_path / "pilots" / "vv", source)
    assert code == (130 if isinstance(error, KeyboardInterrupt) else 1), output
    assert "Traceback" not in output
    assert list((tmp_path / "pilots").iterdir()) == []


def test_an_import_without_hard_links_keeps_a_copy_and_writes_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system without hard links (FAT, a network drive): the old file is copied."""
    folder, source, _ = half_imported_pilot(tmp_path)
    fail_on_call(monkeypatch, os, "link", 1, OSError(errno.EPERM, os.strerror(errno.EPERM)))
    code, output = import_update(folder, source)
    assert code == 0, output
    assert sorted(snapshot(folder)) == ["agreement.yaml", "pilot.yaml"]
    assert "the old agreement" not in (folder / "agreement.yaml").read_text(encoding="utf-8")


def test_write_all_puts_back_every_file_already_moved(tmp_path: Path) -> None:
    files = {tmp_path / name: f"new {name}" for name in ("a.yaml", "b.yaml", "c.yaml")}
    (tmp_path / "a.yaml").write_text("old a")
    (tmp_path / "c.yaml").write_text("old c")
    with pytest.MonkeyPatch.context() as patch:
        # «/c.yaml», the target: «c.» matched the random part of a.yaml's temporary too
        failure = OSError(errno.EIO, os.strerror(errno.EIO))
        fail_on_call(patch, Path, "replace", 1, failure, "/c.yaml")
        with pytest.raises(OSError) as caught:
            fsutil.write_all(files)
    assert caught.value.filename == str(tmp_path / "c.yaml")
    assert snapshot(tmp_path) == {"a.yaml": b"old a", "c.yaml": b"old c"}
    fsutil.write_all(files)
    assert snapshot(tmp_path) == {p.name: t.encode() for p, t in files.items()}


# --- 4. site: the old site is never lost ---------------------------------------------------


def build_site(output: Path) -> tuple[int, str]:
    return invoke("site", str(DATA / "minimal"), "-o", str(output), "--downloads", "none")


@pytest.fixture
def old_site(tmp_path: Path) -> Path:
    output = tmp_path / "site"
    output.mkdir()
    (output / "index.html").write_text("the old site")
    return output


def beside(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.iterdir())


@pytest.mark.parametrize("call", [1, 2], ids=["moving-the-old-aside", "moving-the-new-in"])
@pytest.mark.parametrize(
    "error", [OSError(errno.EXDEV, os.strerror(errno.EXDEV)), KeyboardInterrupt()]
)
def test_a_site_that_fails_at_either_move_keeps_the_old_site(
    old_site: Path, call: int, error: BaseException
) -> None:
    """The old site moved aside, then the new one in: a failure of either put the old one
    back, where before Ctrl+C between them lost it."""
    with pytest.MonkeyPatch.context() as patch:
        fail_on_call(patch, Path, "replace", call, error, "/.site.")
        code, output = build_site(old_site)
    if isinstance(error, KeyboardInterrupt):
        assert code == 130, output
    else:
        assert code == 1 and f"{old_site.as_posix()}: kan ikkje skrive i mappa" in output
    assert snapshot(old_site) == {"index.html": b"the old site"}
    assert beside(old_site) == ["site"]


def test_a_site_run_killed_between_the_moves_is_put_right_by_the_next(old_site: Path) -> None:
    """Killed with the old site aside and the new one not in place: no site at all, and the
    old one in a hidden folder nobody looks in."""
    aside = old_site.parent / ".site.old.abcd1234"
    aside.mkdir()
    old_site.replace(aside / "site")
    half_built = old_site.parent / ".site.zyxw9876"
    (half_built / "testdalen").mkdir(parents=True)
    for folder in (aside, half_built):
        os.utime(folder, (STALE, STALE))
    recover_site(old_site)
    assert snapshot(old_site) == {"index.html": b"the old site"}
    assert beside(old_site) == ["site"]
    code, output = build_site(old_site)
    assert code == 0, output
    assert "testdalen/index.html" in snapshot(old_site)
    assert beside(old_site) == ["site"]


def test_a_site_another_run_is_building_is_left_alone(old_site: Path) -> None:
    building = old_site.parent / ".site.abcd1234"
    building.mkdir()
    os.utime(building, (STALE, STALE))
    with fsutil.folder_in_use(building):  # as another run building its site holds it
        code, output = build_site(old_site)
    assert code == 0, output
    assert building.is_dir()


# --- a killed init or import of a new pilot ------------------------------------------------


def test_a_new_pilot_a_killed_run_left_half_written_is_no_pilot(tmp_path: Path) -> None:
    """``init`` and ``import`` write a new pilot in ``.ID.XXXXXXXX`` and then move it into
    place; killed before the move, the hidden folder (with a pilot.yaml) was read as the
    pilot by ``overview`` in place of the real one, and never removed."""
    copy_minimal(tmp_path)
    left = tmp_path / "pilots" / ".testdalen.abcd1234"
    shutil.copytree(tmp_path / "pilots" / "testdalen", left)
    code, output = invoke("overview", "--format", "json")
    assert code == 0, output
    assert ".testdalen" not in output
    os.utime(left, (STALE, STALE))
    shutil.rmtree(tmp_path / "pilots" / "testdalen")
    code, output = invoke("init", "testdalen", "--name", "Testdalen", "--lang", "nn")
    assert code == 0, output
    assert sorted(p.name for p in (tmp_path / "pilots").iterdir()) == ["testdalen"]


# --- 5. names that differ only in case -----------------------------------------------------


def test_an_imported_plan_is_not_written_beside_one_named_in_other_case(tmp_path: Path) -> None:
    """``plans/2026.YAML`` (saved so on Windows) is this year's plan under another name:
    ``import plan`` wrote ``plans/2026.yaml`` beside it, two files Linux keeps apart and a
    clone on Windows or macOS makes one (the one checked out last wins)."""
    folder = pilot_without_2026(tmp_path)
    (folder / "plans" / "2025.yaml").replace(folder / "plans" / "2026.YAML")
    before = snapshot(folder)
    source = tmp_path / "handlingsplan.csv"
    write_csv(source, ROWS)
    code, output = run_plan(folder, source)
    assert code == 1, output
    assert "plans/2026.YAML: planen finst allereie; han blir ikkje skriven over" in output
    assert snapshot(folder) == before


@pytest.mark.parametrize("command", ["plan new", "import plan"])
def test_a_plans_folder_named_in_other_case_gets_no_second_one(
    tmp_path: Path, command: str
) -> None:
    """``Plans/`` (made so in Explorer): ``plan new`` wrote the first plan, without
    measures, into a new ``plans/`` beside it, on Windows into ``Plans/`` unread."""
    folder = pilot_without_2026(tmp_path)
    (folder / "plans").replace(folder / "Plans")
    before = snapshot(folder)
    if command == "plan new":
        code, output = invoke("plan", "new", str(folder), "2026")
    else:
        write_csv(tmp_path / "handlingsplan.csv", ROWS)
        code, output = run_plan(folder, tmp_path / "handlingsplan.csv")
    assert code == 1, output
    assert output == (
        "bygdevekst: pilots/vest-telemark/Plans er mappa for handlingsplanane, men ho må heite "
        "plans/ (Windows og macOS skil ikkje mellom store og små bokstavar, git og Linux gjer "
        "det); gje mappa nytt namn\n"
    )
    assert snapshot(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == ["Plans", "agreement.yaml", "pilot.yaml"]


# --- an output that is a link, a folder; a full disk in every writer -----------------------


def test_a_document_named_through_a_link_is_written_where_the_link_leads(
    tmp_path: Path,
) -> None:
    """The link was replaced by a file of its own and the file it named (the one a web
    page or a shared folder publishes) silently left as it was."""
    copy_minimal(tmp_path)
    for name, args in (
        ("plan.md", ["render", "plan", "testdalen", "-f", "md"]),
        ("o.csv", ["overview", "pilots"]),
    ):
        published = tmp_path / f"published-{name}"
        published.write_text("old")
        (tmp_path / name).symlink_to(published)
        code, output = invoke(*args, "-o", name)
        assert code == 0, output
        assert (tmp_path / name).is_symlink()
        assert published.read_text(encoding="utf-8") not in ("old", "")


def test_a_pilot_file_that_is_a_link_out_of_the_pilot_is_never_written_through(
    tmp_path: Path,
) -> None:
    """A repository's agreement.yaml may be a link to any file of the user's: ``import``
    replaces the link, and never writes the file it names."""
    folder, source, _ = half_imported_pilot(tmp_path)
    theirs = tmp_path / "not-a-pilot.txt"
    theirs.write_text("the user's own file")
    (folder / "agreement.yaml").unlink()
    (folder / "agreement.yaml").symlink_to(theirs)
    code, output = import_update(folder, source)
    assert code == 0, output
    assert theirs.read_text(encoding="utf-8") == "the user's own file"
    assert not (folder / "agreement.yaml").is_symlink()


def test_a_site_whose_folder_is_a_link_is_written_where_it_leads(old_site: Path) -> None:
    """``-o public`` linked to the web server's folder: the link was replaced by a folder
    and the server kept showing the old site."""
    link = old_site.parent / "public"
    link.symlink_to(old_site)
    code, output = build_site(link)
    assert code == 0, output
    assert link.is_symlink()
    assert "testdalen/index.html" in snapshot(old_site)
    assert beside(old_site) == ["public", "site"]


def test_a_document_whose_name_is_a_folder_is_refused_and_the_folder_kept(tmp_path: Path) -> None:
    copy_minimal(tmp_path)
    (tmp_path / "plan.md").mkdir()
    (tmp_path / "plan.md" / "keep.txt").write_text("mine")
    code, output = invoke("render", "plan", "testdalen", "-f", "md", "-o", "plan.md")
    assert (code, output) == (
        1,
        "bygdevekst: plan.md: kan ikkje skrive fila (det er ei mappe, ikkje ei fil)\n",
    )
    assert snapshot(tmp_path / "plan.md") == {"keep.txt": b"mine"}


WRITERS = {
    "fmt": (["fmt", "pilots/testdalen"], os, "fsync", "pilots/testdalen/plans/2026.yaml"),
    "plan-new": (["plan", "new", "testdalen", "2027"], os, "fsync", "plans/2027.yaml"),
    "init": (["init", "nyby", "--name", "Ny", "--lang", "nn"], Path, "write_text", "nyby"),
    "site": (["site", "pilots", "-o", "site", "--downloads", "none"], Path, "write_bytes", "site"),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_full_disk_in_each_writer_names_what_it_could_not_write_and_keeps_all(
    tmp_path: Path, old_site: Path, writer: str
) -> None:
    args, owner, name, shown = WRITERS[writer]
    plan = copy_minimal(tmp_path) / "plans" / "2026.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("year: 2026", "year:   2026"))
    before = snapshot(tmp_path)
    with pytest.MonkeyPatch.context() as patch:
        fail_on_call(patch, owner, name, 1, FULL)
        code, output = invoke(*args)
    assert code == 1, output
    assert shown in output and "(det er ikkje meir plass på disken)" in output
    assert snapshot(tmp_path) == before


# --- the cache damaged, shared, or nowhere -------------------------------------------------


@pytest.mark.parametrize("damage", ["empty", "half", "a-folder"])
def test_validate_with_damaged_cache_entries_says_what_it_says_without_a_cache(
    tmp_path: Path, cache_dir: Path, damage: str
) -> None:
    pilot = copy_minimal(tmp_path)
    (pilot / "plans" / "2026.yaml").write_text("year: 2026\nmeasures: [\n")
    expected = invoke("validate", "--no-cache", "--format", "json", str(pilot))
    assert invoke("validate", "--format", "json", str(pilot)) == expected
    entries = [p for p in cache_dir.rglob("*.marshal") if p.is_file()]
    assert entries
    for entry in entries:
        raw = entry.read_bytes()
        if damage == "a-folder":
            entry.unlink()
            entry.mkdir()
        else:
            entry.write_bytes(b"" if damage == "empty" else raw[: len(raw) // 2])
    assert invoke("validate", "--format", "json", str(pilot)) == expected


def test_validate_without_a_home_or_a_cache_folder_it_can_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI container: no HOME, no XDG_CACHE_HOME; or the cache folder's name is a file."""
    pilot = copy_minimal(tmp_path)
    expected = invoke("validate", "--no-cache", str(pilot))
    for name in ("HOME", "XDG_CACHE_HOME", "LOCALAPPDATA", cache.CACHE_VARIABLE):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", lambda: (_ for _ in ()).throw(RuntimeError("no home")))
    assert invoke("validate", str(pilot)) == expected
    (tmp_path / "a-file").write_text("x")
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(tmp_path / "a-file"))
    assert invoke("validate", str(pilot)) == expected
    assert (tmp_path / "a-file").read_text() == "x"


def test_two_validate_runs_at_once_share_the_cache_and_both_are_right(
    tmp_path: Path, cache_dir: Path
) -> None:
    pilot = copy_minimal(tmp_path)
    plan = pilot / "plans" / "2026.yaml"
    environment = {**os.environ, cache.CACHE_VARIABLE: str(cache_dir)}
    for text in (None, "year: 2026\nmeasures: [\n", plan.read_text(encoding="utf-8")):
        if text is not None:
            plan.write_text(text, encoding="utf-8")
        expected = invoke("validate", "--no-cache", "--format", "json", str(pilot))
        runs = [
            subprocess.Popen(
                [console_script(), "validate", "--format", "json", str(pilot)],
                stdout=subprocess.PIPE,
                text=True,
                env=environment,
            )
            for _ in range(2)
        ]
        assert [(run.wait(), run.communicate()[0]) for run in runs] == [expected, expected]
    assert not list(cache_dir.rglob("*.tmp"))


def test_a_pilot_named_in_other_case_is_spelt_as_its_folder_is(tmp_path: Path) -> None:
    """On Windows and macOS ``render plan Fjellbygda`` finds ``pilots/fjellbygda`` and
    went on as ``pilots/Fjellbygda``: BV214 (the id does not name the folder) about a pilot
    that is right, and git asked for the history of a folder it does not know. The name is
    taken from the folder's listing (on Linux, where the other case finds nothing, too)."""
    (tmp_path / "pilots" / "fjellbygda").mkdir(parents=True)
    (tmp_path / "pilots" / "FJELL").mkdir()
    (tmp_path / "pilots" / "fjell").mkdir()
    named = fsutil.as_named_on_disk
    assert named(tmp_path / "Pilots" / "Fjellbygda") == tmp_path / "pilots" / "fjellbygda"
    assert named(tmp_path / "pilots" / "fjellbygda") == tmp_path / "pilots" / "fjellbygda"
    assert named(tmp_path / "pilots" / "Fjell") == tmp_path / "pilots" / "Fjell"  # two match
    assert named(tmp_path / "pilots" / "borte") == tmp_path / "pilots" / "borte"
