"""``import agreement`` and ``import plan`` on files as other municipalities write them, and on
broken files: every file is built here from code (python-docx, odfpy, openpyxl, raw bytes),
then imported through the real CLI and checked against the bundled pilot, or checked to be
refused with a Norwegian message that names the file, with nothing written."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import Agreement, Pilot
from tests.helpers import SEEDS
from tests.test_import_layouts import SEED, VT, VV, build_word, bundled, run_import

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'


def imported(folder: Path) -> tuple[Pilot, Agreement]:
    return (
        Pilot.model_validate(load_yaml(folder / "pilot.yaml").data),
        Agreement.model_validate(load_yaml(folder / "agreement.yaml").data),
    )


def assert_like_bundled(folder: Path, pilot_id: str) -> None:
    """Sub-goals, partners, chapters, parties and signatures as the bundled pilot has them."""
    pilot, agreement = imported(folder)
    want_pilot, want = bundled(pilot_id)
    assert [(g.number, g.title, g.partners) for g in agreement.sub_goals] == [
        (g.number, g.title, g.partners) for g in want.sub_goals
    ]
    assert [(c.number, c.kind, c.title) for c in agreement.chapters] == [
        (c.number, c.kind, c.title) for c in want.chapters
    ]
    assert sorted(p.id for p in pilot.parties) == sorted(p.id for p in want_pilot.parties)
    assert [s.party for s in agreement.signatures] == [s.party for s in want.signatures]


# --- characters a word processor leaves in the text ---------------------------------------


def _word_texts(path: Path, change: Callable[[Any], None], pilot_id: str) -> None:
    """A Word agreement with ``change`` applied to every text element (``w:t``)."""
    import docx

    build_word(path, pilot_id, "bold_numbers")
    document = docx.Document(str(path))
    for element in list(document.element.body.iter(f"{{{W}}}t")):
        change(element)
    document.save(str(path))


def _soft_hyphens(element: Any) -> None:
    """Optional breaks in every long word, as Word keeps them after hyphenation by hand."""
    element.text = re.sub(r"(\w{4})(\w{4,})", "\\1\u00ad\\2", element.text or "")


def _non_breaking_hyphens(element: Any) -> None:
    """Each «-» written as Word's non-breaking hyphen element (``w:noBreakHyphen``)."""
    from docx.oxml import parse_xml

    first, *rest = (element.text or "").split("-")
    element.text = first
    after = element
    for part in rest:
        hyphen = parse_xml(f"<w:noBreakHyphen {NS}/>")
        after.addnext(hyphen)
        after = parse_xml(f'<w:t {NS} xml:space="preserve"></w:t>')
        after.text = part
        hyphen.addnext(after)


def _text_with_breaks(path: Path, pilot_id: str) -> None:
    """The seed as a text export that kept soft hyphens, zero-width spaces and U+2011."""
    text = (SEEDS / SEED[pilot_id]).read_text(encoding="utf-8")
    text = re.sub(r"(\w{4})(\w{4,})", "\\1\u00ad\\2", text).replace("-", "\u2011")
    path.write_text(text.replace(" og ", " og\u200b "), encoding="utf-8")


INVISIBLE: dict[str, tuple[str, str, Callable[[Path], None]]] = {
    "docx-soft-hyphens-nn": (VT, ".docx", lambda p: _word_texts(p, _soft_hyphens, VT)),
    "docx-soft-hyphens-nb": (VV, ".docx", lambda p: _word_texts(p, _soft_hyphens, VV)),
    "docx-no-break-hyphens": (VT, ".docx", lambda p: _word_texts(p, _non_breaking_hyphens, VT)),
    "txt-invisible-breaks": (VT, ".txt", lambda p: _text_with_breaks(p, VT)),
}


@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_soft_hyphens_and_special_hyphens_do_not_split_words(tmp_path: Path, name: str) -> None:
    pilot_id, suffix, build = INVISIBLE[name]
    source = tmp_path / f"avtale{suffix}"
    build(source)
    code, output = run_import(tmp_path, source, pilot_id)
    assert code == 0, output
    folder = tmp_path / "pilots" / pilot_id
    assert_like_bundled(folder, pilot_id)
    written = (folder / "agreement.yaml").read_text(encoding="utf-8")
    assert not re.search("[\u00ad\u200b\u2011]", written)


# --- headings written «Kapittel 2 …» -------------------------------------------------------


def _word_chapter_words(path: Path, pilot_id: str) -> None:
    """Bold Normal headings «Kapittel 2 Hovudpartar i avtala» instead of «2. Hovudpartar …»."""
    import docx

    build_word(path, pilot_id, "bold_numbers")
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        runs = paragraph.runs
        if runs and runs[0].bold and re.match(r"\d\. ", runs[0].text):
            runs[0].text = re.sub(r"^(\d)\. ", r"Kapittel \1 ", runs[0].text)
    document.save(str(path))


def _text_chapter_words(path: Path, pilot_id: str) -> None:
    """The seed as text with «Kap. 2: Hovudpartar i avtala» chapter lines."""
    text = (SEEDS / SEED[pilot_id]).read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^ ?(\d)\. (?=[A-ZÆØÅ])", r"Kap. \1: ", text), encoding="utf-8")


CHAPTER_WORDS: dict[str, tuple[str, str, Callable[[Path], None]]] = {
    "docx-nn": (VT, ".docx", lambda p: _word_chapter_words(p, VT)),
    "docx-nb": (VV, ".docx", lambda p: _word_chapter_words(p, VV)),
    "txt-nn": (VT, ".txt", lambda p: _text_chapter_words(p, VT)),
}


@pytest.mark.parametrize("name", sorted(CHAPTER_WORDS))
def test_chapter_headings_with_the_word_kapittel(tmp_path: Path, name: str) -> None:
    pilot_id, suffix, build = CHAPTER_WORDS[name]
    source = tmp_path / f"avtale{suffix}"
    build(source)
    code, output = run_import(tmp_path, source, pilot_id)
    assert code == 0, output
    assert_like_bundled(tmp_path / "pilots" / pilot_id, pilot_id)
