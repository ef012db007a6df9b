"""From a pilot folder to files: read, pick the data, fill the templates, convert, write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bygdevekst_cli.language import words
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.render.charts import DocumentChart, document_charts
from bygdevekst_cli.render.documents import (
    DocumentMeta,
    Job,
    Request,
    Source,
    jobs,
    source_of,
)
from bygdevekst_cli.render.environment import document_words, environment
from bygdevekst_cli.render.provenance import Provenance, provenance_of

#: The provenance line under every document.
FOOTER = "footer/layout.md.j2"


@dataclass(frozen=True)
class Rendered:
    """One document as Markdown, with what every output format needs around it."""

    document: str
    pilot: str
    pilot_name: str
    language: str
    title: str
    subject: str
    body: str
    """The document in Markdown, from its title (``# …``) on."""
    footer: str
    """The provenance line, in Markdown."""
    provenance: Provenance
    stem: str
    """The file name without extension."""
    warnings: list[str] = field(default_factory=list)
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    charts: dict[str, DocumentChart] = field(default_factory=dict)
    """The charts the body places as ``![…](chart:ID)``, by id (render/charts.py)."""

    @property
    def file_title(self) -> str:
        """The title in a file's metadata (DOCX, PDF, HTML): the document's own, or the one
        that names the municipality (a case document: ``DocumentMeta.title``), so that an
        archive receiving one file per municipality can tell them apart."""
        return self.meta.title or self.title

    @property
    def author(self) -> str:
        """The author in a file's metadata: the saksbehandlar or municipality of a case
        document, else the pilot."""
        return self.meta.author or self.pilot_name

    @property
    def keywords(self) -> list[str]:
        """The keywords in a file's metadata, in the document's written standard: what an
        archive (Noark 5) or Word's «Eigenskapar» shows a reader, so words and names, not
        the machine keys of the provenance (which the description and footer carry)."""
        w = words(self.language)
        found = [w("doc.metadata.theme"), w(f"doc.file.{self.document}"), self.pilot_name]
        if self.meta.municipality is not None:
            found.append(self.meta.municipality)
        if self.provenance.year is not None:
            found.append(str(self.provenance.year))
        return found

    @property
    def category(self) -> str:
        """The kind of document, in words (DOCX's category)."""
        w = words(self.language)
        return w("doc.metadata.category", document=w(f"doc.file.{self.document}"))

    @property
    def locale(self) -> str:
        """``nn-NO`` or ``nb-NO``: the language tag for DOCX and PDF."""
        return f"{self.language}-NO"

    def markdown(self) -> str:
        """The Markdown file: the document, a rule, and the provenance line."""
        return f"{self.body.rstrip()}\n\n---\n\n{self.footer.strip()}\n"


def render_job(source: Source, job: Job, provenance: Provenance) -> Rendered:
    env = environment()
    template = env.get_template(job.template)
    w = document_words(source.language)
    charts = document_charts(source, job.document, job.year)
    module: Any = template.make_module({**job.context, "w": w, "charts": charts})
    body = _tidy(str(module))
    stamp = provenance.for_year(job.year)
    footer = env.get_template(FOOTER).render(
        p=stamp,
        lang=source.language,
        pilot_name=source.pilot.name,
        w=w,
        agreement=job.agreement_line(source.agreement),
    )
    return Rendered(
        document=job.document,
        pilot=source.pilot.id,
        pilot_name=source.pilot.name,
        language=source.language,
        title=str(module.title),
        subject=str(module.subject),
        body=body,
        footer=" ".join(footer.split()),
        provenance=stamp,
        stem=job.stem,
        warnings=list(job.warnings),
        meta=job.meta,
        charts={chart.id: chart for chart in charts},
    )


def _tidy(markdown: str) -> str:
    """At most one blank line between blocks, and none at the ends (templates are loose)."""
    lines = [line.rstrip(" ") for line in markdown.splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line == "" and (not tidy or tidy[-1] == ""):
            continue
        tidy.append(line)
    return "\n".join(tidy).strip("\n") + "\n"


@dataclass(frozen=True)
class Prepared:
    """A pilot read, and the documents a request asks for, ready to render one by one."""

    source: Source
    jobs: list[Job]
    provenance: Provenance

    def render(self) -> Iterator[Rendered]:
        for job in self.jobs:
            yield render_job(self.source, job, self.provenance)


def prepare(
    files: PilotFiles,
    request: Request,
    *,
    date: dt.date | None = None,
    provenance: Provenance | None = None,
) -> Prepared:
    """Check that the pilot has what the document needs (else ``UserError``) and plan the
    files; ``provenance`` (else git state of the folder and ``date``) goes into each one."""
    source = source_of(files)
    planned = jobs(source, request)
    stamp = provenance or provenance_of(source.pilot.id, files.folder, date)
    return Prepared(source, planned, stamp)


def render_markdown(files: PilotFiles, request: Request, **options: Any) -> list[Rendered]:
    """Every document of a request as ``Rendered`` (the Markdown form)."""
    return list(prepare(files, request, **options).render())
