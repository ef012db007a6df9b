"""A run of text (a ``Span``) as the WordprocessingML python-docx's ``add_run`` makes."""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]  # no stubs; python-docx uses it

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


#: Characters python-docx turns into elements of their own in a run's text.
_RUN_CONTROLS = frozenset("\t\r\n")


def add_span(paragraph: etree._Element, span: Span) -> None:
    """One run at the end of ``paragraph`` (a ``w:p``): the elements python-docx's
    ``add_run()``, ``run.bold``, ``run.italic`` and ``add_break()`` make, made directly."""
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
    if not _RUN_CONTROLS.isdisjoint(text):
        run.text = text  # CT_R (python-docx): tabs and line breaks as elements
    elif text:
        t = etree.SubElement(run, _T)
        t.text = text
        if len(text.strip()) < len(text):
            t.set(_SPACE, "preserve")
