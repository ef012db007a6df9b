"""Reading a pilot from git objects at any revision, without a checkout.

Every git problem a user can meet (no repository, no commits yet, an unknown revision, a
shallow clone without the base) becomes a ``UserError`` that says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from bygdevekst_cli.errors import UserError

if TYPE_CHECKING:
    import git


def open_repository(path: Path) -> git.Repo:
    """The repository that holds ``path``."""
    import git

    try:
        repo = git.Repo(path, search_parent_directories=True)
    except git.InvalidGitRepositoryError:
        raise UserError(
            f"{path} er ikke i et git-repo; historikk og revisjoner krever git"
        ) from None
    except git.NoSuchPathError:
        raise UserError(f"Stien finnes ikke: {path}") from None
    if not repo.head.is_valid():
        raise UserError(f"Git-repoet i {repo.working_dir} har ingen commits ennå")
    return repo


def resolve_commit(repo: git.Repo, revision: str) -> git.Commit:
    """The commit ``revision`` names; in a shallow clone, say exactly what to fetch."""
    import git

    try:
        return repo.commit(revision)
    except (git.BadName, ValueError, git.GitCommandError):
        pass
    shallow = Path(repo.git_dir, "shallow").is_file()
    if shallow:
        raise UserError(
            f"Revisjonen «{revision}» finnes ikke i denne grunne klonen (shallow clone). Hent den"
            f" med «git fetch --deepen=50 origin» eller «git fetch origin {revision}»,"
            " eller klon med full historikk (actions/checkout: fetch-depth: 0)"
        )
    raise UserError(f"Fant ikke revisjonen «{revision}» i {repo.working_dir}")


def repository_path(repo: git.Repo, path: Path) -> str:
    """``path`` relative to the repository root, with ``/``."""
    root = Path(repo.working_dir).resolve()
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        raise UserError(f"{path} ligger utenfor git-repoet i {root}") from None


@dataclass(frozen=True)
class GitTreeSource:
    """A pilot folder as it is in one commit (implements ``pilotset.FileSource``)."""

    commit: git.Commit
    folder: str
    """The pilot folder relative to the repository root."""

    def yaml_files(self) -> list[str]:
        import git

        try:
            tree = self.commit.tree / self.folder
        except KeyError:
            return []
        found = []
        for item in tree.traverse():
            if isinstance(item, git.Blob) and str(item.path).endswith((".yaml", ".yml")):
                found.append(PurePosixPath(item.path).relative_to(self.folder).as_posix())
        return sorted(found)

    def read(self, relative: str) -> bytes:
        blob = self.commit.tree / f"{self.folder}/{relative}"
        data: bytes = blob.data_stream.read()
        return data
