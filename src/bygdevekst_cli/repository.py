"""The pilots repository around a folder: where its root is, and what ``init`` sets up in it.

A pilots repository is a git repository with ``pilots/<id>/`` folders, ``schemas/`` (the JSON
Schemas the files' ``$schema`` lines point to), a ``.gitignore`` that keeps rendered
documents (``out/``) out of git, the configuration ``bygdevekst.toml``, a pre-commit
configuration and, by choice, a CI workflow. ``bootstrap`` writes whatever of that is
missing, all or nothing, and never overwrites a file that exists (but for schemas that no
longer match the models).
"""

from __future__ import annotations

import errno
import json
import os
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from bygdevekst_cli import __version__
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.fsutil import make_folders, remove_made_folders, write_all
from bygdevekst_cli.language import Words, cli_words, words
from bygdevekst_cli.pilotfolder import PILOTS_DIR

SCHEMAS_DIR = "schemas"
GITIGNORE = ".gitignore"
CONFIG_FILE = "bygdevekst.toml"
PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
IGNORED_OUTPUT = "out/"
"""The folder ``render`` writes to by default, which ``.gitignore`` keeps out of git."""
IGNORED_TEMPORARIES = (".*.tmp", f"{PILOTS_DIR}/.*.????????/")
"""What a run killed while writing leaves until the next write removes it (``fsutil``): a
file's temporary ``.<name>.<8 characters>.tmp`` beside it, and the hidden folder an import
or ``init`` builds a new pilot in. ``.gitignore`` keeps them out of a commit (``git add
-A`` would take them in), as ``validate`` and ``check`` leave them unread."""
IGNORED_SITE_TEMPORARIES = (".*.????????/",)
"""The hidden folders beside a site's output a ``site`` run killed while writing leaves until
the next run removes them (``site.recover_site``): the half-built ``.<output>.<8 characters>``
and the old site aside in ``.<output>.old.<8 characters>``, wherever ``--output`` points."""

_CI_PACKAGE = "bygdevekst_cli.ci"
DISTRIBUTION = "bygdevekst-cli"
PLACEHOLDER_REPOSITORY = "https://github.com/ORG/bygdevekst"
"""The tool's repository as the templates name it, until ``init`` knows the real one."""


class CiChoice(StrEnum):
    GITHUB = "github"
    GITLAB = "gitlab"
    NONE = "none"


#: Where each CI choice's files go in the pilots repository, from which template.
CI_FILES: dict[CiChoice, tuple[tuple[str, str], ...]] = {
    CiChoice.GITHUB: ((".github/workflows/bygdevekst.yml", "github-actions/bygdevekst.yml"),),
    CiChoice.GITLAB: (("ci/bygdevekst.gitlab-ci.yml", "gitlab/bygdevekst.gitlab-ci.yml"),),
    CiChoice.NONE: (),
}
GITLAB_ROOT_FILE = ".gitlab-ci.yml"

#: Where the workflow that publishes the pilots' website (``bygdevekst site``) goes, for
#: ``init --pages``: the templates of ``ci/pages/``, filled in as the CI files are (a copy
#: of the template by hand names the placeholder repository, and its build fails).
PAGES_FILES: dict[CiChoice, tuple[tuple[str, str], ...]] = {
    CiChoice.GITHUB: ((".github/workflows/pages.yml", "pages/github-pages.yml"),),
    CiChoice.GITLAB: (("ci/pages.gitlab-ci.yml", "pages/gitlab-pages.gitlab-ci.yml"),),
    CiChoice.NONE: (),
}


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``.git`` (a folder, or a file in a
    worktree or submodule); ``None`` outside a git repository."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def schemas_folder(cwd: Path) -> Path:
    """``schemas/`` at the repository's root, wherever inside it the command runs; outside a
    repository, ``schemas/`` in ``cwd``."""
    root = repository_root(cwd)
    return (root if root is not None else cwd) / SCHEMAS_DIR


def tool_version_tag() -> str:
    """The release tag of the running tool, which the files ``init`` writes pin."""
    return f"v{__version__}"


def pinned(template: str) -> str:
    """A CI or pre-commit template with the tool's version set to the running one."""
    tag = tool_version_tag()
    template = re.sub(r"(?m)^(\s*BYGDEVEKST_VERSION:\s*)\S+", rf"\g<1>{tag}", template)
    return re.sub(r"(?m)^([\s-]*rev:\s*)v\d+\.\d+\.\d+\S*", rf"\g<1>{tag}", template)


class InstallSource(NamedTuple):
    """Where the running tool was installed from, as its installer recorded it."""

    repository: str | None
    """The git repository CI and pre-commit can install the tool from; None: not known."""
    origin: str
    """What it was installed from: a git URL, a wheel's or folder's path or URL; empty for a
    package index (no record) or a tool that is not installed."""


def install_source() -> InstallSource:
    """Where the running tool came from, by the installer's record of a direct URL
    (PEP 610 ``direct_url.json``). Only a git repository another machine can reach is one
    CI and pre-commit can install from: a local clone (``file:``), a wheel or a folder is
    not, and an install from a package index names no repository at all."""
    from importlib import metadata

    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
        record = json.loads(text or "{}")
    except (metadata.PackageNotFoundError, ValueError):  # not installed, or a damaged record
        return InstallSource(None, "")
    url = record.get("url") if isinstance(record, dict) else None
    if not isinstance(url, str):
        return InstallSource(None, "")
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and not url.startswith("file:"):
        return InstallSource(url, url)
    return InstallSource(None, url.removeprefix("file://"))


def ci_template(name: str, source: InstallSource | None = None) -> str:
    """A file of the CI templates (``ci/`` in the tool's repository), pinned, and naming
    ``source``'s repository when it is known."""
    from importlib import resources  # ~10 ms: not for every command that imports this module

    template = resources.files(_CI_PACKAGE).joinpath(*name.split("/"))
    text = pinned(template.read_text(encoding="utf-8"))
    if source is not None and source.repository is not None:
        text = with_repository(text, source.repository)
    return text


def with_repository(template: str, url: str) -> str:
    """``template`` installing the tool from the git repository ``url`` rather than the
    placeholder: ``BYGDEVEKST_SOURCE`` (pip's ``git+`` URL) and pre-commit's ``repo:``."""
    placeholder = re.escape(PLACEHOLDER_REPOSITORY)
    template = re.sub(
        rf"(?m)^(\s*BYGDEVEKST_SOURCE:\s*)git\+{placeholder}\S*$",
        lambda m: f"{m[1]}git+{url}",
        template,
    )
    return re.sub(rf"(?m)^([\s-]*repo:\s*){placeholder}\S*$", lambda m: f"{m[1]}{url}", template)


def names_placeholder(text: str) -> bool:
    """Whether a file ``init`` writes still names the placeholder repository."""
    return PLACEHOLDER_REPOSITORY in text


@dataclass(repr=False, eq=False)
class Bootstrap:
    """What ``bootstrap`` wrote, and what it found and left as it was."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    added_to: list[Path] = field(default_factory=list)
    """The user's files that got lines of ours below their own (``.gitignore``)."""
    unfilled: list[Path] = field(default_factory=list)
    """Files written with the placeholder repository: the tool's source was not known."""


def bootstrap(
    root: Path,
    ci: CiChoice,
    language: str,
    source: InstallSource | None = None,
    pages: CiChoice = CiChoice.NONE,
) -> Bootstrap:
    """Write the parts of a pilots repository that ``root`` lacks; comments in ``language``;
    CI and pre-commit install the tool from ``source`` (None: where this one came from);
    ``pages``: also the workflow that publishes the site, for GitHub or GitLab Pages.

    All or nothing: every file is made ready first, then all are written at once
    (``fsutil.write_all``); a failure at any step (a folder where a file must go, a folder
    that cannot be written, a full disk, Ctrl+C) leaves ``root`` as it was: the files and
    folders made are removed, a file of the user's added to is its old self again, and
    nothing that was there before is removed. The failure is one ``UserError`` naming the
    path, in the command line's words."""
    done = Bootstrap()
    made: list[Path] = []
    try:
        files = _files_to_write(root, ci, pages, words(language), source, done)
        made = make_folders(root / PILOTS_DIR)
        write_all(files)
    except BaseException as exc:
        remove_made_folders(made)
        if not isinstance(exc, OSError):
            raise
        where = Path(exc.filename).as_posix() if exc.filename else root.as_posix()
        message = cli_words(language)("cli.init.cannot_write", path=where, reason=exc)
        raise UserError(message) from None  # the command line's words; the files' are ``w``'s
    return done


def _files_to_write(
    root: Path,
    ci: CiChoice,
    pages: CiChoice,
    w: Words,
    source: InstallSource | None,
    done: Bootstrap,
) -> dict[Path, bytes | str]:
    """What ``bootstrap`` writes, by path, with ``done`` telling of each file; nothing is
    written yet. Refused (an ``OSError`` naming the path) when a file of the user's cannot
    be read or a folder stands where a file must go."""
    source = source or install_source()
    files: dict[Path, bytes | str] = {}
    ignored = _read_gitignore(root / GITIGNORE)
    schemas = _schema_texts(root / SCHEMAS_DIR)
    if any(_differs(path, text) for path, text in schemas.items()):
        files.update(schemas)
        done.written.extend(schemas)
    _gitignore(
        root / GITIGNORE,
        ignored,
        [
            (w("init.gitignore_comment"), (IGNORED_OUTPUT,), _OUTPUT_SPELLINGS),
            (w("init.gitignore_temporaries"), IGNORED_TEMPORARIES, IGNORED_TEMPORARIES),
            (w("init.gitignore_site"), IGNORED_SITE_TEMPORARIES, IGNORED_SITE_TEMPORARIES),
        ],
        files,
        done,
    )
    _new_file(root / CONFIG_FILE, w("init.config_file"), files, done)
    templates = [(PRE_COMMIT_CONFIG, "pre-commit-config.yaml"), *CI_FILES[ci]]
    for target, template in [*templates, *PAGES_FILES[pages]]:
        text = ci_template(template, source)
        if _new_file(root / target, text, files, done) and names_placeholder(text):
            done.unfilled.append(root / target)
    included = [
        target
        for choice, table in ((ci, CI_FILES), (pages, PAGES_FILES))
        if choice is CiChoice.GITLAB
        for target, _ in table[choice]
    ]
    if included:
        _new_file(root / GITLAB_ROOT_FILE, gitlab_include(w, included), files, done)
    return files


def _schema_texts(folder: Path) -> dict[Path, str]:
    """The JSON Schema of each file kind, by its path in ``folder``."""
    from bygdevekst_cli.models import FILE_KINDS
    from bygdevekst_cli.schema_export import schema_text

    return {folder / kind.schema_file: schema_text(kind) for kind in FILE_KINDS}


def _differs(path: Path, text: str) -> bool:
    """Whether ``path`` is not a file holding ``text`` (as ``schema --check`` compares:
    line endings aside); a file that is not UTF-8 differs."""
    if not path.is_file():
        return True
    return path.read_text(encoding="utf-8", errors="replace") != text


def gitlab_include(w: Words, files: list[str]) -> str:
    """The root ``.gitlab-ci.yml`` that includes ``files`` (the CI jobs, the Pages job)."""
    includes = "".join(f"  - local: {file}\n" for file in files)
    return w("init.gitlab_include", files=w.join(files), includes=includes)


def _new_file(path: Path, text: str, files: dict[Path, bytes | str], done: Bootstrap) -> bool:
    """``path`` to be written with ``text`` unless it exists; whether it will be. A folder
    of that name is refused (it had been «kept», as if it were the user's file)."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if path.exists():
        done.kept.append(path)
        return False
    files[path] = text
    done.written.append(path)
    return True


_OUTPUT_SPELLINGS = (IGNORED_OUTPUT, "out", "/out", "/out/")
"""The lines of a user's ``.gitignore`` that already keep ``out/`` out of git."""


def _gitignore(
    path: Path,
    raw: bytes,
    blocks: list[tuple[str, tuple[str, ...], tuple[str, ...]]],
    files: dict[Path, bytes | str],
    done: Bootstrap,
) -> None:
    """Each block of ``blocks`` (a comment, its lines, and the lines that show the user's
    file has it already) in ``.gitignore``: a new file, or the blocks it lacks added to the
    user's (a repository made before a block was added to ``init`` gets it at its next
    ``init``), to be written: in ``files``."""
    text = _decoded_gitignore(path, raw)
    lines = {line.strip() for line in text.splitlines()}
    missing = [
        "\n".join([comment, *entries]) + "\n"
        for comment, entries, present in blocks
        if not lines & set(present)
    ]
    if not missing:
        done.kept.append(path)
        return
    separator = "" if not text or text.endswith("\n") else "\n"
    files[path] = _encoded_like(text + separator + "".join(missing), raw)
    (done.added_to if text else done.written).append(path)


def _read_gitignore(path: Path) -> bytes:
    """The bytes of the user's ``.gitignore`` (none when there is none), checked to be text
    it can be added to (``_decoded_gitignore``)."""
    raw = path.read_bytes() if path.exists() else b""
    _decoded_gitignore(path, raw)
    return raw


def _decoded_gitignore(path: Path, raw: bytes) -> str:
    """The user's ``.gitignore`` as text; one saved as UTF-16 (PowerShell's ``>``) or in
    Windows-1252 is refused, naming it and the line, rather than added to in another
    encoding (it had been a traceback)."""
    from bygdevekst_cli.editing.roundtrip import decode

    return decode(raw, path.as_posix()) if raw else ""


def _encoded_like(text: str, raw: bytes) -> bytes | str:
    """``text`` with the byte order mark and line endings of the user's file ``raw``: a
    ``.gitignore`` saved on Windows (CRLF) keeps them, not a diff of every line."""
    from bygdevekst_cli.editing.roundtrip import encoded_like

    return encoded_like(text, raw) if raw else text


def pilots_root(cwd: Path) -> Path:
    """The folder whose ``pilots/`` holds the pilots: the nearest at or above ``cwd`` that has
    one, not above the repository's root; else the repository's root (or ``cwd``)."""
    cwd = cwd.resolve()
    for folder in (cwd, *cwd.parents):
        if (folder / PILOTS_DIR).is_dir() or (folder / ".git").exists():
            return folder
    return cwd


def pilot_ids(root: Path) -> list[str]:
    """The ids of the pilots under ``root/pilots/`` (folders with a pilot.yaml)."""
    from bygdevekst_cli.pilotfolder import pilot_folders

    folder = root / PILOTS_DIR
    if not folder.is_dir():
        return []
    return [p.name for p in pilot_folders(folder, ids_only=True)]


def folder_named(folder: Path, cwd: Path, w: Words) -> str:
    """``folder`` (absolute) in a message, as the user can type it where they stand:
    relative to ``cwd`` (``..`` from a folder below it), the words for the current folder
    when it is ``cwd`` itself, absolute only when no relative path leads there (another
    drive on Windows)."""
    from bygdevekst_cli.validate import display_path

    shown = display_path(folder.resolve(), cwd, relative=True)
    return w("cli.init.here") if shown == "." else shown


def refuse_pilots_not_folder(pilots: Path, cwd: Path, w: Words) -> None:
    """Wrong use when ``pilots`` is there but is no folder (a file by that name): it was
    said that there was no ``pilots/`` folder, as if nothing stood there."""
    from bygdevekst_cli.errors import UsageError
    from bygdevekst_cli.pilotfolder import not_a_folder

    if not_a_folder(pilots):
        raise UsageError(w("cli.init.pilots_not_folder", path=folder_named(pilots, cwd, w)))


def pilots_elsewhere(root: Path, cwd: Path, w: Words) -> str | None:
    """Where the pilots are when ``root`` has no ``pilots/`` but a folder below it has
    (``data/pilots/``), and how to point a command at them; None when none is found."""
    from bygdevekst_cli.pilotfolder import pilot_folders, pilots_below
    from bygdevekst_cli.validate import display_path

    found = pilots_below(root)
    if not found:
        return None
    return w(
        "cli.init.pilots_below",
        folder=folder_named(root, cwd, w),
        found=w.join([display_path(path, cwd, relative=True) for path in found]),
        parent=display_path(found[0].parent, cwd, relative=True),
        example=display_path(pilot_folders(found[0])[0], cwd, relative=True),
    )


def pilot_arguments(given: list[Path], cwd: Path, w: Words) -> list[Path]:
    """Command-line PATH arguments, where a pilot's id stands for its folder.

    No argument means every pilot of the repository; without a ``pilots/`` folder that is
    wrong use, with the advice to create one with ``init``. A path that exists stays as it
    is. A bare name that is not one becomes ``pilots/<name>`` of the repository when that
    pilot exists; otherwise it is wrong use, with the pilot ids that look like it. Anything
    else is left for the command to report.
    """
    from bygdevekst_cli.errors import UsageError
    from bygdevekst_cli.suggest import did_you_mean

    if not given:
        root = pilots_root(cwd)
        refuse_pilots_not_folder(root / PILOTS_DIR, cwd, w)
        if not (root / PILOTS_DIR).is_dir():
            elsewhere = pilots_elsewhere(root, cwd, w)
            here = folder_named(root, cwd, w)
            raise UsageError(elsewhere or w("cli.init.no_pilots", folder=here))
    resolved = []
    for path in given:
        target = path if path.is_absolute() else cwd / path
        if target.exists() or len(path.parts) != 1 or path.suffix in (".yaml", ".yml"):
            resolved.append(path)
            continue
        root = pilots_root(cwd)
        if path.name in (known := pilot_ids(root)):
            resolved.append(_typed_here(root / PILOTS_DIR / path.name, cwd))
            continue
        from bygdevekst_cli.history import moved_folder_problem

        moved = moved_folder_problem(str(path), cwd, "cli.msg.pilot.folder_moved")
        hint = did_you_mean(path.name, known, w)
        raise UsageError(moved or w("cli.suggest.no_pilot", name=path.name) + hint)
    return resolved


def _typed_here(folder: Path, cwd: Path) -> Path:
    """``folder`` as a path typed in ``cwd`` names it (``../pilots/x`` from a folder beside
    ``pilots/``): a pilot named by its id is shown as one named by its path, not absolute."""
    import os

    try:
        return Path(os.path.relpath(folder, cwd.resolve()))
    except ValueError:  # on another drive (Windows): no relative path
        return folder


def unknown_pilot(value: str, cwd: Path, w: Words) -> str | None:
    """Why ``value`` names no pilot, with the ids that look like it; ``None`` when it names
    one (a folder with a pilot.yaml, or an id under the repository's ``pilots/``) or when
    there is no ``pilots/`` to look in (the command then says what is missing)."""
    from bygdevekst_cli.pilotfolder import PILOT_FILE, holds_pilot_file
    from bygdevekst_cli.suggest import did_you_mean

    given = Path(value)
    direct = given if given.is_absolute() else cwd / given
    if holds_pilot_file(direct):
        return None
    root = pilots_root(cwd)
    known = pilot_ids(root)
    value = given.as_posix()  # an id typed with a slash at its end (``testdalen/``): the id
    for folder, shown in ((direct, value), (root / PILOTS_DIR / value, f"{PILOTS_DIR}/{value}")):
        if folder.is_dir() and value not in known:  # a folder, but not a pilot's
            from bygdevekst_cli.gitsource import git_folder_instead

            instead = git_folder_instead(folder, shown)  # a git folder, a bare repository
            return instead or w("cli.suggest.no_pilot_file", name=shown, file=PILOT_FILE)
    if not (root / PILOTS_DIR).is_dir() or value in known:
        return None
    return w("cli.suggest.no_pilot", name=value) + did_you_mean(given.name, known, w)
