"""What an import could not place: said in the command line's language to the user, and in
the pilot's written standard in the YAML comments it leaves behind (``import.unplaced``)."""

from __future__ import annotations

from dataclasses import dataclass

from bygdevekst_cli.language import cli_words, words
from bygdevekst_cli.models import Language

SERIOUS = frozenset(
    {
        "chapter_unknown",
        "heading",
        "signature",
        "no_main_chapter",
        "no_main_list",
        "no_number",
        "no_partners",
        "party_row",
    }
)
"""What looks like a chapter, a sub-goal or a party: the import fails unless allowed."""


@dataclass(frozen=True)
class Unplaced:
    """One thing the import found but could not place, with the source text if any."""

    kind: str
    detail: str = ""
    number: str = ""
    title: str = ""
    name: str = ""
    line: int | None = None
    """Where it stands in the source (line, or paragraph of a Word or ODT file)."""

    @property
    def serious(self) -> bool:
        return self.kind in SERIOUS

    def text(self, language: Language | str | None = None) -> str:
        """In ``language`` (the pilot's standard, or the command line's), by default the
        command line's language."""
        say = words(language) if language is not None else cli_words()
        label = say(
            f"import.unplaced.{self.kind}", number=self.number, title=self.title, name=self.name
        )
        return f"{label}: {self.detail}" if self.detail else label

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "message": self.text(),
            "text": self.detail or None,
            "line": self.line,
            "serious": self.serious,
        }
