"""What a file is before a library opens it: an Office Open XML or OpenDocument package
(a zip), or something that only carries the suffix.

python-docx, openpyxl and odfpy fail on an empty file, an old binary Office file (Word or
Excel 97–2003) renamed to .docx/.xlsx, a password-protected file (Office and LibreOffice
both keep those encrypted inside a container the libraries cannot open) or a zip of other
things, with an English message about zip archives or XML. ``check`` says instead, in the
user's language, what the file is and what to do, before any library reads it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bygdevekst_cli.errors import UserError

_COMPOUND = bytes.fromhex("d0cf11e0a1b11ae1")
"""The signature of a compound file: old Office files and encrypted Office Open XML."""
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
"""The stream an encrypted .docx or .xlsx keeps its package in (named in UTF-16)."""
_ZIP = b"PK\x03\x04"
_KINDS = {
    ".docx": ("[Content_Types].xml", (b"wordprocessingml", b"ms-word"), "cli.import.not_docx"),
    ".xlsx": ("[Content_Types].xml", (b"spreadsheetml", b"ms-excel"), "cli.import.not_package"),
    ".xlsm": ("[Content_Types].xml", (b"spreadsheetml", b"ms-excel"), "cli.import.not_package"),
    ".odt": ("mimetype", (b"opendocument.text",), "cli.import.not_package"),
    ".ods": ("mimetype", (b"opendocument.spreadsheet",), "cli.import.not_package"),
}
"""Per suffix: the part that says what a package holds, what it says for that suffix (a
Word document or template, with or without macros; a workbook; an ODF text or sheet), and
the message for a file that is something else."""
_ODF_MANIFEST = "META-INF/manifest.xml"
_ODF_ENCRYPTED = b"encryption-data"
"""What an OpenDocument manifest lists for each part that is encrypted."""
_HEAD = 4096
_TEXT_SUFFIXES = (".txt", ".md", ".csv")
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
"""The byte-order marks of UTF-16 text (Excel's and Notepad's «Unicode» text)."""
_PDF = b"%PDF"
_OWNER_FILE = "~$"
"""How the name of the lock file Word and Excel keep beside an open document begins."""
_MODERN = {".doc": ".docx", ".xls": ".xlsx"}
"""An old Office file's suffix → the suffix to save it as."""


@dataclass(frozen=True)
class Opened:
    """How the import reads a file it accepts: as the kind its content is (``suffix``),
    with a ``notice`` for the user when its name says another kind."""

    suffix: str
    notice: str | None = None


def accept(path: Path, display: str, say: Any, suffixes: tuple[str, ...]) -> Opened:
    """Refuse ``path`` unless the import can read it: a suffix of ``suffixes`` (or of an
    old Office file whose modern kind is one), a file that is there, and (``check``) a
    content the import reads. A package is read by what it holds, not by its name: a
    workbook named .xls, a Word file named .doc, an OpenDocument sheet named .xlsx."""
    if path.name.startswith(_OWNER_FILE):
        raise UserError(say("cli.import.owner_file", file=display))
    suffix = path.suffix.lower()
    modern = _MODERN.get(suffix)
    if suffix not in suffixes and modern not in suffixes:
        raise UserError(
            say(
                "cli.import.suffix",
                file=display,
                suffix=path.suffix or say("cli.import.no_suffix"),
                allowed=say.join(suffixes, "or"),
            )
        )
    if not path.is_file():
        raise UserError(say("cli.import.missing", file=display))
    if suffix in _KINDS or modern is not None:
        actual = package_kind(path)
        if actual is not None and actual in suffixes and not _holds(path, suffix):
            check(path, display, say, actual)
            notice = say("cli.import.read_as", file=display, suffix=suffix, kind=actual)
            return Opened(actual, notice)
    if modern is not None:
        _refuse_old(path, display, say, suffix, modern)
    check(path, display, say)
    return Opened(suffix)


def package_kind(path: Path) -> str | None:
    """The suffix of the kind of package ``path`` is by its content (``.docx``, ``.xlsx``,
    ``.odt``, ``.ods``); none for anything else, a damaged package too."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            for part in ("[Content_Types].xml", "mimetype"):
                said = package.read(part) if part in names else b""
                for suffix in _READ_AS:
                    wanted, kinds, _ = _KINDS[suffix]
                    if wanted == part and any(kind in said for kind in kinds):
                        return suffix
    except Exception:  # not a zip, or damaged: whatever the zip module raises
        return None
    return None


_READ_AS = (".docx", ".xlsx", ".odt", ".ods")
"""The kinds a package is read as by its content (a workbook with macros reads as one)."""


def _holds(path: Path, suffix: str) -> bool:
    """Whether ``path`` is the package its ``suffix`` says (an .xlsm is a workbook)."""
    if suffix not in _KINDS:
        return False
    with path.open("rb") as file:
        return file.read(len(_ZIP)) == _ZIP and not _other_kind(path, suffix)


def _refuse_old(path: Path, display: str, say: Any, suffix: str, modern: str) -> None:
    """Refuse a file named .doc or .xls that is not a package the import reads: an old
    binary Office file (saved anew as ``modern`` it is read), or something else."""
    with path.open("rb") as file:
        head = file.read(_HEAD)
    if not head:
        raise UserError(say("cli.import.empty_file", file=display))
    if head.startswith(_COMPOUND) and _ENCRYPTED_STREAM in path.read_bytes():
        raise UserError(say("cli.import.encrypted", file=display, suffix=modern))
    if head.startswith(_COMPOUND):
        raise UserError(say("cli.import.old_format", file=display, suffix=modern))
    raise UserError(say("cli.import.not_old_office", file=display, suffix=suffix, kind=modern))


def check(path: Path, display: str, say: Any, suffix: str | None = None) -> None:
    """Refuse ``path`` when it is empty, or not the package or text its suffix (or the
    kind ``suffix`` it is read as) says, naming why."""
    suffix = suffix or path.suffix.lower()
    with path.open("rb") as file:
        head = file.read(_HEAD)
    if not head:
        raise UserError(say("cli.import.empty_file", file=display))
    if suffix in _TEXT_SUFFIXES and _binary(head):
        raise UserError(say("cli.import.not_text", file=display, suffix=suffix))
    if suffix not in _KINDS:
        return
    if head.startswith(_COMPOUND):
        encrypted = _ENCRYPTED_STREAM in path.read_bytes()
        key = "cli.import.encrypted" if encrypted else "cli.import.old_office"
        raise UserError(say(key, file=display, suffix=suffix))
    if not head.startswith(_ZIP) or _damaged(path) or _other_kind(path, suffix):
        raise UserError(say(_KINDS[suffix][2], file=display, suffix=suffix))
    if suffix == ".docx" and _word_variant(path):
        raise UserError(say("cli.import.docx_variant", file=display))
    if _odf_encrypted(path):
        raise UserError(say("cli.import.encrypted", file=display, suffix=suffix))


def _binary(head: bytes) -> bool:
    """Whether a file named as text is something else: NUL bytes (a Word, zip or Office
    file) other than UTF-16 text's, or a PDF."""
    if head.startswith(UTF16_MARKS):
        return False
    return b"\0" in head or head.startswith(_PDF)


def _damaged(path: Path) -> bool:
    """Whether ``path`` begins as a zip but is none (cut off, or junk after the signature):
    the libraries said «File is not a zip file» or «Package not found», in English."""
    try:
        with zipfile.ZipFile(path):
            return False
    except zipfile.BadZipFile:
        return True


def _other_kind(path: Path, suffix: str) -> bool:
    """Whether ``path`` is a package of another kind than ``suffix`` says (a zip of other
    files, a workbook renamed .docx). A damaged zip is not: the library says what is wrong."""
    part, kinds, _ = _KINDS[suffix]
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if part not in names:  # an OpenDocument writer may leave «mimetype» out
                return not (part == "mimetype" and "content.xml" in names)
            said = package.read(part)
    except Exception:  # damaged: whatever the zip module raises
        return False
    return not any(kind in said for kind in kinds)


_WORD_DOCUMENT = b"wordprocessingml.document.main+xml"
"""The content type of a plain Word document's main part, the only kind python-docx opens
(not a template, .dotx, nor a document with macros, .docm, renamed .docx)."""


def _word_variant(path: Path) -> bool:
    """Whether a Word package is a template or holds macros rather than a plain document."""
    try:
        with zipfile.ZipFile(path) as package:
            return _WORD_DOCUMENT not in package.read("[Content_Types].xml")
    except Exception:  # damaged: the library says what is wrong
        return False


def _odf_encrypted(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as package:
            if _ODF_MANIFEST not in package.namelist():
                return False
            return _ODF_ENCRYPTED in package.read(_ODF_MANIFEST)
    except Exception:  # damaged: the library says what is wrong
        return False
