"""Characters word processors put in text that are not letters anyone reads.

Word and LibreOffice keep a soft hyphen (an optional break, U+00AD) and zero-width breaks
and joiners in a paragraph's text, and write a non-breaking hyphen as U+2011. Left in, they
split words («fora­nkra») so that headings, party names and template sentences no longer
match; every reader passes its text through ``plain`` before anything is matched.

A text export can hold more that no one reads: a page break (form feed) inside a line,
Unicode line and paragraph separators, control characters. YAML cannot hold them as they
are, so ``plain`` makes the line ends ``\n`` and takes the rest out.
"""

from __future__ import annotations

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
"""Soft hyphen, zero-width space, non-joiner and joiner, word joiner, zero-width no-break."""
_HYPHENS = "\u2010\u2011"
"""Hyphen and non-breaking hyphen: the plain hyphen-minus, as names are written."""
_LINE_BREAKS = "\x0b\x85\u2028\u2029"
"""Vertical tab (a manual line break copied out of Word), next line, line and paragraph
separator: line ends that YAML does not write as such, made ``\n``."""
_CONTROLS = "".join(
    chr(code)
    for code in (*range(0x20), *range(0x7F, 0xA0))
    if chr(code) not in "\t\n\r" + _LINE_BREAKS
)
"""Control characters (the form feed a PDF's text export puts between pages, escape
sequences, C1 codes): nothing to read, and characters a YAML file may not hold, so an
import that kept them would write a file no one can read back."""
_TABLE = {
    **dict.fromkeys(map(ord, _INVISIBLE + _CONTROLS)),
    **dict.fromkeys(map(ord, _HYPHENS), "-"),
    **dict.fromkeys(map(ord, _LINE_BREAKS), "\n"),
}


def plain(text: str) -> str:
    """``text`` without invisible break characters and control characters, its special
    hyphens made plain and its unusual line ends made ``\n``."""
    return text.translate(_TABLE)
