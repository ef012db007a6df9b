"""A run of text (a ``Span``) as the WordprocessingML python-docx's ``add_run`` makes."""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]  # no stubs; python-docx uses it

from bygdevekst_cli.render.formats.docx_columns import bound
from bygdevekst_cli.render.markdown import Span

# WordprocessingML names in Clark notation (``qn`` once each).
_R = qn("w:r")
_RPR = qn("w:rPr")
_T = qn("w:t")
_BR = qn("w:br")
_B = qn("w:b")
_I = qn("w:i")
_LANG = qn("w:lang")
_VAL = qn("w:val")
_SPACE = qn("xml:space")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_TC = qn("w:tc")


#: Characters python-docx turns into elements of their own in a run's text.
_RUN_CONTROLS = frozenset("\t\r\n")

#: A hyphen inside a word («Vest-Telemark», «Nord-Fron»), not one that ends a word
#: («Kommunal- og …») or stands between spaces.
_WORD_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def add_span(paragraph: etree._Element, span: Span, *, keep_words_whole: bool = False) -> None:
    """One run at the end of ``paragraph`` (a ``w:p``): the elements python-docx's
    ``add_run()``, ``run.bold``, ``run.italic`` and ``add_break()`` make, made directly.
    ``keep_words_whole`` (headings): a hyphen inside a word is Word's non-breaking hyphen
    (``w:noBreakHyphen``), so that a title is not broken after «Vest-», «Telemark» alone
    on a line. python-docx and Word's text export read it as «-»; Word's search matches it
    only as «^~», so such headings are found by their other words.

    In a table cell (``paragraph`` in a ``w:tc``) a date, a phone number, a case number or
    an amount is joined by no-break spaces (``docx_columns.bound``), as HTML and PDF keep
    it whole: a narrow column split «+47» from «35 06 80 00»."""
    run = etree.SubElement(paragraph, _R)
    if span.is_break:
        etree.SubElement(run, _BR)
        return
    properties = etree.SubElement(run, _RPR)
    if span.strong:
        etree.SubElement(properties, _B)
    if span.emphasis:
        etree.SubElement(properties, _I)
    if span.lang is not None:  # a name in another language (Sami, Kven): w:lang on the run
        etree.SubElement(properties, _LANG).set(_VAL, span.lang)
    text = span.text
    parent = paragraph.getparent()
    if parent is not None and parent.tag == _TC:
        text = bound(text)
    if not _RUN_CONTROLS.isdisjoint(text):
        run.text = text  # CT_R (python-docx): tabs and line breaks as elements
    elif keep_words_whole:
        for number, part in enumerate(_WORD_HYPHEN.split(text)):
            if number:
                etree.SubElement(run, _NO_BREAK_HYPHEN)
            _add_text(run, part)
    else:
        _add_text(run, text)


def _add_text(run: etree._Element, text: str) -> None:
    """A ``w:t`` of ``text`` at the end of ``run`` (none for no text), its spaces kept."""
    if text:
        t = etree.SubElement(run, _T)
        t.text = text
        if len(text.strip()) < len(text):
            t.set(_SPACE, "preserve")
