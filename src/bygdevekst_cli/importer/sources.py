"""Reading an agreement from Word, OpenDocument, Markdown or plain text into blocks.

Whatever the format, the written standard is detected from the text (unless given), and
scanning damage is repaired in the same way (``ocr``) and reported. Tracked changes are
handled by ``Changes``: refused by default, with how many insertions and deletions there
are, so that nothing unaccepted slips in or out unnoticed.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import NoReturn

from bygdevekst_cli.codepages import OTHERS, code_page, signs_in
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.findings import VALUE_LIMIT, cut
from bygdevekst_cli.importer import ocr, packages
from bygdevekst_cli.importer.blocks import Block, Changes, Kind, Source
from bygdevekst_cli.importer.chars import plain
from bygdevekst_cli.importer.markdown import markdown_blocks
from bygdevekst_cli.importer.textflow import BULLET_MARKS, blocks_from_text
from bygdevekst_cli.language import Words, cli_words
from bygdevekst_cli.models import Language

SUFFIXES = (".docx", ".odt", ".md", ".txt")
_WORD = re.compile(r"[^\W\d_]+")


def read_source(
    path: Path, display: str, language: Language | None, changes: Changes = Changes.FAIL
) -> tuple[Source, Language]:
    """The blocks of an agreement file and its written standard (detected when not given)."""
    say = cli_words()
    opened = packages.accept(path, display, say, SUFFIXES)
    suffix = opened.suffix
    if suffix in (".docx", ".odt"):
        source, language = _document(path, display, language, changes, suffix)
        return _noticed(source, opened), language
    text = read_text(path, display, say)
    language = language or detect_language(text, display)
    repairs: Counter[tuple[str, str]] = Counter()
    if ocr.damaged(text, language):
        fixed = ocr.repair(text, language)
        text, repairs = fixed.text, fixed.changes
    if suffix == ".md":
        blocks, dropped = markdown_blocks(text), Counter[str]()
    else:
        blocks, dropped = blocks_from_text(text)
    source = Source(blocks, _dropped(dropped, language), dict(repairs))
    return _noticed(source, opened), language


def _noticed(source: Source, opened: packages.Opened) -> Source:
    """``source`` with the notice of how its file was opened, if there is one."""
    if opened.notice is not None:
        source.notices.append(opened.notice)
    return source


def _document(
    path: Path, display: str, language: Language | None, changes: Changes, suffix: str
) -> tuple[Source, Language]:
    if suffix == ".docx":
        from bygdevekst_cli.importer.word import read_docx

        read = read_docx(path, display, changes)
    else:
        from bygdevekst_cli.importer.odt import read_odt

        read = read_odt(path, display, changes)
    blocks, dropped, counts = read.blocks, read.dropped, read.changes
    if counts and changes is Changes.FAIL:
        refuse_tracked(counts, display)
    text = "\n".join(block.text for block in blocks)
    found = language or detect_language(text, display)
    repairs = _repair_blocks(blocks, found)
    return Source(blocks, _dropped(dropped, found), repairs, dict(counts)), found


def refuse_tracked(counts: Counter[str], display: str, language: str | None = None) -> NoReturn:
    """Refuse a file with tracked changes not yet accepted, with how many there are: what
    they insert or delete would slip in or out unnoticed (``--changes`` decides)."""
    say = cli_words(language)
    raise UserError(
        say(
            "import2.report.tracked",
            file=display,
            insertions=say.plural("import2.insertions", counts["insertions"]),
            deletions=say.plural("import2.deletions", counts["deletions"]),
        )
    )


def _repair_blocks(blocks: list[Block], language: Language) -> dict[tuple[str, str], int]:
    """OCR repair block by block (a Word file made from a scan has the same damage)."""
    if not ocr.damaged("\n".join(b.text for b in blocks), language):
        return {}
    repairs: Counter[tuple[str, str]] = Counter()
    for block in blocks:
        fixed = ocr.repair(block.text, language)
        repairs.update(fixed.changes)
        block.text = fixed.text
        if block.kind is Kind.PARAGRAPH and block.text.startswith("• "):
            block.kind, block.text = Kind.BULLET, block.text.lstrip(BULLET_MARKS).strip()
        if block.cells:
            block.cells = tuple(ocr.repair(cell, language).text for cell in block.cells)
    return dict(repairs)


_DROPPED_WORDS = {
    "toc": "cli.import.toc",
    "text_box": "cli.import.text_box",
    "footnote": "cli.import.footnote",
    "hidden_text": "cli.import.hidden_text",
}
"""What a reader drops and counts by a kind of its own → the catalogue's word for it (the
residue lines of a text export are counted by their own words)."""


def _dropped(dropped: Counter[str], language: Language) -> list[str]:
    say = cli_words(language.value)
    return [
        f"{say(_DROPPED_WORDS[kind]) if kind in _DROPPED_WORDS else kind} ({n})"
        for kind, n in dropped.items()
    ]


def detect_language(text: str, display: str) -> Language:
    """Nynorsk or Bokmål by the marker words each standard has and the other has not."""
    from bygdevekst_cli.rules.language import marker_words

    markers = marker_words()
    words = [w.lower() for w in _WORD.findall(text)]
    nynorsk = sum(1 for w in words if w in markers.nynorsk)
    bokmaal = sum(1 for w in words if w in markers.bokmaal)
    if nynorsk == bokmaal:
        raise UserError(cli_words()("cli.import.which_language", file=display))
    return Language.NYNORSK if nynorsk > bokmaal else Language.BOKMAAL


def read_text(path: Path, display: str, say: Words) -> str:
    """A text file as exported on any system: UTF-8 (with or without BOM), UTF-16 (with
    BOM) or Windows-1252, with CRLF, CR or LF line ends; soft hyphens and other invisible
    breaks taken out. A file in none of them (DOS or Mac letters, two encodings mixed, a
    damaged UTF-16 file) is refused at the byte's line, never read as mojibake. A file
    larger than a YAML file may be (``MAX_BYTES``) is refused from its size, unread."""
    raw = _bytes_within_limit(path, display, say)
    if raw.startswith(packages.UTF16_MARKS):  # «Unicode text» from Excel or Notepad
        text = _decoded(raw, "utf-16", display, say)
    elif _utf8(raw):
        text = raw.decode("utf-8")
    elif (page := code_page(raw)) in OTHERS:  # Mac Roman (old Word or Excel for Mac), DOS
        _refuse_code_page(raw, page, display, say)
    elif _UTF8_LETTER.search(raw):  # UTF-8 letters beside bytes that are no UTF-8
        text = _decoded(raw, "utf-8", display, say)  # two encodings: refused at the first
    else:  # a Windows export
        text = _decoded(raw, "cp1252", display, say)
        _refuse_foreign(text, display, say)
    return plain(text).replace("\r\n", "\n").replace("\r", "\n")


def _bytes_within_limit(path: Path, display: str, say: Words) -> bytes:
    """``path``'s bytes; a file over the size limit is refused as ``validate`` refuses a
    YAML file so large (BV007), before a byte of it is read."""
    from bygdevekst_cli.filesize import FileTooLarge, read_within_limit
    from bygdevekst_cli.loader import too_large

    try:
        return read_within_limit(path)
    except FileTooLarge as exc:
        problem = too_large(exc.size, say)
        raise UserError(
            say("cli.msg.file.refused", where=f"{display}:1", problem=problem)
        ) from None


_UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]")
"""A letter such as «ø» as UTF-8 writes it (two bytes): never Windows-1252 text («Ã¸»)."""
_FOREIGN = re.compile(r"(?<=[^\W\d_])[ƒ„…†‡ˆ‰‹‘“”•˜™›¿¾Œ](?=[^\W\d_])")
"""A Windows-1252 character between two letters that no Norwegian word holds there: the
«å», «æ» or «ø» of a DOS (cp850) or Mac file read as Windows-1252 («G†rd» for «Gård»)."""


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decoded(raw: bytes, encoding: str, display: str, say: Words) -> str:
    """``raw`` in ``encoding``; a byte it cannot hold is refused with its line."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode(encoding, errors="replace")
        raise UserError(
            say(
                "cli.import.text_bytes",
                file=display,
                line=before.count("\n") + 1,
                byte=f"0x{raw[exc.start]:02X}",
            )
        ) from None


def _refuse_code_page(raw: bytes, page: str, display: str, say: Words) -> NoReturn:
    """Refuse a file saved in ``page`` (not Windows-1252), naming it and quoting the first
    word with a Norwegian letter (or, in a Mac file that has none, a Mac quote or dash) as
    ``page`` reads it, at its line."""
    text = raw.decode(page)
    at = signs_in(raw, page)[0]
    raise UserError(
        say(
            "cli.import.text_code_page",
            file=display,
            line=_line_at(text, at),
            page=say(f"code_page.{page}"),
            text=cut(_word_at(text, at, at + 1)),
        )
    )


_BREAK = re.compile(r"\r\n|\r|\n")


def _line_at(text: str, at: int) -> int:
    """The line (from 1) ``text[at]`` is on, lines ended by LF, CRLF or CR (a Mac's)."""
    return len(_BREAK.findall(text, 0, at)) + 1


def _word_at(text: str, start: int, end: int) -> str:
    """The word (up to a space or a CSV file's separator) ``text[start:end]`` stands in."""
    left = _CELL_TAIL.search(text[max(0, start - VALUE_LIMIT) : start])
    right = _CELL_HEAD.match(text, end)
    return (left.group() if left else "") + text[start:end] + (right.group() if right else "")


def _refuse_foreign(text: str, display: str, say: Words) -> None:
    """Refuse a file read as Windows-1252 whose letters are another code page's."""
    found = _FOREIGN.search(text)
    if found is None:
        return
    shown = _word_at(text, found.start(), found.end())
    raise UserError(
        say(
            "cli.import.text_foreign",
            file=display,
            line=_line_at(text, found.start()),
            text=cut(shown),
        )
    )


_CELL_HEAD = re.compile(r"[^\s;,\t\"]*")
_CELL_TAIL = re.compile(r"[^\s;,\t\"]*\Z")
"""The word a character stands in, up to a space or a CSV file's separator, to quote it."""
