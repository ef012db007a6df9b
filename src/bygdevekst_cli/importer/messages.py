"""What an import could not place, said in Bokmål to the user and in the pilot's standard
in the YAML comments it leaves behind."""

from __future__ import annotations

from dataclasses import dataclass

from bygdevekst_cli.models import Language

_TEXTS = {
    "chapter_unknown": (
        "Kapittel {number} «{title}» (ukjent i KDDs mal)",
        "Kapittel {number} «{title}» (ukjent i malen frå KDD)",
    ),
    "chapter_empty": (
        "Kapittel {number} «{title}» (uten tekst)",
        "Kapittel {number} «{title}» (utan tekst)",
    ),
    "preamble": ("Tekst før kapittel 1", "Tekst før kapittel 1"),
    "signature": ("Signaturlinje uten kjent part", "Signaturlinje utan kjend part"),
    "no_partners": (
        "Fant ikke samarbeidspartene i delmål {number}",
        "Fann ikkje samarbeidspartane i delmål {number}",
    ),
    "no_main_chapter": (
        "Fant ikke kapitlet om hovedparter; partene må legges inn",
        "Fann ikkje kapitlet om hovudpartar; partane må leggjast inn",
    ),
    "no_main_list": (
        "Fant ikke listen over hovedparter i kapittel {number}",
        "Fann ikkje lista over hovudpartar i kapittel {number}",
    ),
    "no_county": (
        "Fant ikke fylket; county må fylles inn i pilot.yaml",
        "Fann ikkje fylket; county må fyllast inn i pilot.yaml",
    ),
    "no_number": (
        "Fant ikke kommunenummeret til {name}",
        "Fann ikkje kommunenummeret til {name}",
    ),
}


@dataclass(frozen=True)
class Unplaced:
    """One thing the import found but could not place, with the source text if any."""

    kind: str
    detail: str = ""
    number: str = ""
    title: str = ""
    name: str = ""

    def text(self, language: Language = Language.BOKMAAL) -> str:
        bokmaal, nynorsk = _TEXTS[self.kind]
        label = (nynorsk if language is Language.NYNORSK else bokmaal).format(
            number=self.number, title=self.title, name=self.name
        )
        return f"{label}: {self.detail}" if self.detail else label
