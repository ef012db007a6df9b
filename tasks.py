"""Set up the project and run its two jobs, the same way on Windows, macOS and Linux.

    python tasks.py validate [ARGS...]   set up .venv if needed, then `bygdevekst validate`
    python tasks.py test [ARGS...]       set up .venv if needed, then the test suite

Only the standard library is used here, so this works on a fresh Python 3.11 with git.
The environment is reinstalled when pyproject.toml (or the extras chosen) changes. The
project is installed with its ``test`` extra; ``BYGDEVEKST_EXTRAS=test,bench`` chooses others.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"


def _venv_bin(name: str) -> Path:
    folder = VENV / ("Scripts" if os.name == "nt" else "bin")
    return folder / (f"{name}.exe" if os.name == "nt" else name)


def _extras() -> str:
    return os.environ.get("BYGDEVEKST_EXTRAS", "").strip() or "test"


def _fingerprint() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(_extras().encode())
    return digest.hexdigest()


def ensure_environment() -> None:
    """Create .venv and install the project with its extras, unless that is current."""
    if STAMP.is_file() and STAMP.read_text(encoding="utf-8") == _fingerprint():
        return
    if not _venv_bin("python").is_file():
        print("Lager virtuelt miljø i .venv …", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installerer bygdevekst-cli med testavhengigheter …", flush=True)
    subprocess.run(
        [str(_venv_bin("python")), "-m", "pip", "install", "--quiet", "-e", f".[{_extras()}]"],
        cwd=ROOT,
        check=True,
    )
    STAMP.write_text(_fingerprint(), encoding="utf-8")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("validate", "test"):
        print(__doc__)
        return 2
    ensure_environment()
    job, rest = argv[0], argv[1:]
    if job == "validate":
        command = [str(_venv_bin("bygdevekst")), "validate", *rest]
    else:
        command = [str(_venv_bin("python")), "-m", "pytest", *rest]
    return subprocess.run(command, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
