"""Reading an agreement from a Word file, plain text or Markdown into blocks."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.importer import ocr
from bygdevekst_cli.importer.blocks import Block, Kind, Source
from bygdevekst_cli.importer.textflow import BULLET_MARKS, blocks_from_text, merge_continuations
from bygdevekst_cli.models import Language

SUFFIXES = (".docx", ".txt", ".md")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_WORD = re.compile(r"[^\W\d_]+")
_HEADING_STYLES = ("heading", "overskrift", "title", "tittel")
_LIST_STYLES = ("list", "liste")


def read_source(path: Path, display: str, language: Language | None) -> tuple[Source, Language]:
    """The blocks of an agreement file and its written standard (detected when not given)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(
            f"{display}: filtypen «{path.suffix or '(ingen)'}» støttes ikke;"
            f" bruk {', '.join(SUFFIXES)}"
        )
    if not path.is_file():
        raise UserError(f"{display}: filen finnes ikke")
    if suffix == ".docx":
        blocks = _docx_blocks(path, display)
        return _finish(blocks, Counter(), language, display)
    text = _read_text(path, display)
    language = language or detect_language(text, display)
    repairs: Counter[tuple[str, str]] = Counter()
    if language is Language.BOKMAAL and ocr.damaged(text):
        fixed = ocr.repair(text)
        text, repairs = fixed.text, fixed.changes
    if suffix == ".md":
        blocks, dropped = _markdown_blocks(text), Counter[str]()
    else:
        blocks, dropped = blocks_from_text(text)
    source = Source(blocks, [f"{kind} ({n})" for kind, n in dropped.items()], dict(repairs))
    return source, language


def _finish(
    blocks: list[Block], dropped: Counter[str], language: Language | None, display: str
) -> tuple[Source, Language]:
    text = "\n".join(block.text for block in blocks)
    found = language or detect_language(text, display)
    return Source(blocks, [f"{kind} ({n})" for kind, n in dropped.items()], {}), found


def detect_language(text: str, display: str) -> Language:
    """Nynorsk or Bokmål by the marker words each standard has and the other has not."""
    from bygdevekst_cli.rules.language import marker_words

    markers = marker_words()
    words = [w.lower() for w in _WORD.findall(text)]
    nynorsk = sum(1 for w in words if w in markers.nynorsk)
    bokmaal = sum(1 for w in words if w in markers.bokmaal)
    if nynorsk == bokmaal:
        raise UserError(
            f"{display}: fant ikke ut om teksten er på nynorsk eller bokmål; angi --lang nn|nb"
        )
    return Language.NYNORSK if nynorsk > bokmaal else Language.BOKMAAL


def _read_text(path: Path, display: str) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # a Windows export
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --- Markdown ---------------------------------------------------------------------------


def _markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = _MD_LINK.sub(r"\1", _MD_EMPHASIS.sub(r"\2", raw)).rstrip()
        heading, bullet = _MD_HEADING.match(line), _MD_BULLET.match(line)
        if heading:
            blocks.append(Block(Kind.HEADING, heading[2], number, marked=True))
            current = None
        elif bullet:
            current = Block(Kind.BULLET, bullet[1].strip(), number)
            blocks.append(current)
        elif not line.strip():
            current = None
        elif current is None:
            current = Block(Kind.PARAGRAPH, line.strip(), number)
            blocks.append(current)
        else:
            current.text = f"{current.text} {line.strip()}"
    return merge_continuations(blocks)


# --- Word -------------------------------------------------------------------------------


def _docx_blocks(path: Path, display: str) -> list[Block]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        return list(_docx_body(document))
    except PackageNotFoundError:
        raise UserError(f"{display}: er ikke en Word-fil (.docx), eller den er skadet") from None
    except Exception as exc:  # zip, XML and part errors of a damaged file: never a traceback
        raise UserError(f"{display}: kan ikke lese Word-filen ({_reason(exc)})") from None


def _reason(exc: Exception) -> str:
    text = str(exc).strip().split("\n")[0]
    return text or type(exc).__name__


def _docx_body(document: Any) -> Iterator[Block]:
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    comments = {c.comment_id: c for c in document.comments}
    seen: list[int] = []
    for index, child in enumerate(document.element.body.iterchildren(), start=1):
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            block = _docx_paragraph(paragraph, index)
            if block is not None:
                yield block
            yield from _docx_comments(child, comments, seen, index)
        elif child.tag == qn("w:tbl"):
            for row in Table(child, document).rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                text = "   ".join(dict.fromkeys(c for c in cells if c))
                if text:
                    yield Block(Kind.LINE, text, index)


def _docx_paragraph(paragraph: Any, index: int) -> Block | None:
    text = " ".join(paragraph.text.split())
    if not text:
        return None
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    if style.startswith(_HEADING_STYLES):
        return Block(Kind.HEADING, text, index, marked=True)
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if any(word in style for word in _LIST_STYLES) or numbered or text[0] in BULLET_MARKS[:5]:
        return Block(Kind.BULLET, text.lstrip(BULLET_MARKS).strip(), index)
    return Block(Kind.PARAGRAPH, text, index)


def _docx_comments(
    element: Any, comments: dict[int, Any], seen: list[int], index: int
) -> Iterator[Block]:
    from docx.oxml.ns import qn

    for reference in element.iter(qn("w:commentReference")):
        comment_id = int(reference.get(qn("w:id")))
        comment = comments.get(comment_id)
        if comment is None or comment_id in seen:
            continue
        seen.append(comment_id)
        text = " ".join(comment.text.split())
        yield Block(Kind.OPEN_POINT, text, index, ref=f"{comment.initials or ''}{len(seen)}")
