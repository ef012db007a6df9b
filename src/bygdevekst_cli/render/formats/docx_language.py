"""The document's language (nn-NO, nb-NO) in its styles and settings, and automatic
hyphenation for the table cells that ask for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]  # no stubs; python-docx uses it

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

# WordprocessingML names in Clark notation (``qn`` once each).
_PPR = qn("w:pPr")
_VAL = qn("w:val")
_SUPPRESS = "w:suppressAutoHyphens"
_SUPPRESS_HYPHENS = qn(_SUPPRESS)


def set_language(document: DocumentObject, locale: str) -> None:
    """The language of all text: in the style defaults, every style, and the settings."""
    styles = document.styles.element
    properties = _run_defaults(styles)
    for element in styles.iter(qn("w:lang")):
        element.set(qn("w:val"), locale)
    if properties.find(qn("w:lang")) is None:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), locale)
        properties.append(lang)
    settings = document.settings.element
    for element in settings.iter(qn("w:themeFontLang")):
        element.set(qn("w:val"), locale)


def _run_defaults(styles: etree._Element) -> etree._Element:
    """The styles' default run properties (``w:docDefaults/w:rPrDefault/w:rPr``), added
    where a template has none (they are optional; Word's own templates have them)."""
    parent = styles
    for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr"):
        child = parent.find(qn(tag))
        if child is None:
            child = OxmlElement(tag)
            parent.insert(0, child)  # each comes first in its parent
        parent = child
    return parent


def hyphenate_marked(document: DocumentObject) -> None:
    """Automatic hyphenation (in each paragraph's language: nn-NO, nb-NO) for the paragraphs
    that ask for it (``w:suppressAutoHyphens`` off: the cells of a table whose words do not
    fit their columns whole), and for no other (where a template hyphenates all its text,
    it stays so): Word and LibreOffice then break «arbeids-plassar» by their Norwegian
    hyphenation, and body text stays as it was."""
    settings = document.settings.element
    for existing in settings.findall(qn("w:autoHyphenation")):
        if existing.get(_VAL, "true") not in ("0", "false", "off"):
            return  # the template hyphenates all text: the cells too
        settings.remove(existing)
    settings.insert_element_before(OxmlElement("w:autoHyphenation"), *_AFTER_AUTO_HYPHENATION)
    defaults = _paragraph_defaults(document.styles.element)
    for existing in defaults.findall(_SUPPRESS_HYPHENS):  # a template's, on or off
        defaults.remove(existing)
    defaults.insert_element_before(OxmlElement(_SUPPRESS), *_AFTER_SUPPRESS)


#: The children of ``w:settings`` that come after ``w:autoHyphenation`` (the schema's
#: order, as python-docx's ``CT_Settings`` has it).
_AFTER_AUTO_HYPHENATION = (
    "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps",
    "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle",
    "w:evenAndOddHeaders", "w:bookFoldRevPrinting", "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin", "w:doNotShadeFormData",
    "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne",
    "w:strictFirstAndLastChars", "w:noLineBreaksAfter", "w:noLineBreaksBefore",
    "w:savePreviewPicture", "w:doNotValidateAgainstSchema", "w:saveInvalidXml",
    "w:ignoreMixedContent", "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr",
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
#: The children of ``w:pPr`` that come after ``w:suppressAutoHyphens``.
_AFTER_SUPPRESS = (
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _paragraph_defaults(styles: etree._Element) -> etree._Element:
    """The styles' default paragraph properties (``w:docDefaults/w:pPrDefault/w:pPr``),
    added where a template has none (after the run defaults)."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        _run_defaults(styles)
        defaults = styles.find(qn("w:docDefaults"))
    paragraph = defaults.find(qn("w:pPrDefault"))
    if paragraph is None:
        paragraph = OxmlElement("w:pPrDefault")
        defaults.append(paragraph)  # after w:rPrDefault, the only other child
    properties = paragraph.find(_PPR)
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.append(properties)
    return properties
