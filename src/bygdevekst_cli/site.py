"""A static website of the pilots, for GitHub or GitLab Pages: plain HTML and CSS, offline.

The layout (every link relative, so the folder works from a disk, a zip or any sub-path):

```
index.html                         the overview dashboard, each pilot linked
<pilot>/index.html                 the pilot: facts, documents, measures, downloads
<pilot>/agreement.html             the agreement            (+ .docx, .pdf)
<pilot>/<year>/plan.html           each year's action plan   (+ .docx, .pdf)
<pilot>/<year>/changes.html        changes since the year before, where there is one
<pilot>/<year>/status.html         the year's status report, where the plan has one
<pilot>/measures/<id>.html         a measure: each year's data, and its history from git
```

Documents come from the ``render`` library (the same Markdown, turned into HTML by the
document format's own converter) inside the site's page; the downloads are the ``render``
formats' files. A measure's history (who changed what and when, and which council adopted
which revision) comes from ``history.pilot_history`` for pilots read from a working tree
in a git repository, and from ``history.history_at`` for a ``repo@ref`` source (the commits
in the history of that revision); for a URL source (its clone removed once read) the page
says that the history is not available. The pages are in the pilot's written standard;
the front page follows ``present.overview.default_language``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from bygdevekst_cli.errors import FolderNotWritable, UsageError, UserError
from bygdevekst_cli.fsutil import (
    abandoned,
    folder_in_use,
    made_names,
    make_folders,
    remove_stale_folders,
    resolved,
)
from bygdevekst_cli.language import Words, cli_words, words
from bygdevekst_cli.overview import Failure, Overview, PilotSummary, build_overview
from bygdevekst_cli.pilotfolder import PILOT_FILE, PILOTS_DIR

if TYPE_CHECKING:
    from bygdevekst_cli.commit_changes import Change
    from bygdevekst_cli.history import History
    from bygdevekst_cli.render.pipeline import Rendered

#: Download formats a site can offer (render formats other than md and html).
DOWNLOAD_FORMATS = ("docx", "pdf")


@dataclass
class SiteResult:
    """What was written: pages and downloads (relative paths), and what was left out."""

    overview: Overview
    pages: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)
    problems: list[Failure] = field(default_factory=list)
    built: list[str] = field(default_factory=list)
    """Ids of the pilots that have their own pages (the front page links only these)."""
    kept: bool = False
    """No source could be read, so the site already in the output folder was left as it was."""

    @property
    def ok(self) -> bool:
        return self.overview.ok and not self.problems


@dataclass(frozen=True)
class DocumentPage:
    """One rendered document on the site, with its downloads."""

    label: str
    path: str
    rendered: Rendered
    downloads: tuple[tuple[str, str], ...]
    """``(format, relative path)``."""


def _documents_of(source: Any) -> list[tuple[str, int | None, str]]:
    """``(document, year, stem)`` of each document a pilot's site shows: the agreement,
    and for each plan year its plan, its changes (when an earlier plan is there to compare
    with) and its status report (when the plan reports on its measures)."""
    from bygdevekst_cli.render import views

    wanted: list[tuple[str, int | None, str]] = [("agreement", None, "agreement")]
    for year, plan in source.plans.items():
        wanted.append(("plan", year, f"{year}/plan"))
        if any(y < year for y in source.plans):
            wanted.append(("changes", year, f"{year}/changes"))
        if views.has_report(plan):
            wanted.append(("status", year, f"{year}/status"))
    return wanted


def _relative(target: str, page: str) -> str:
    """The link from ``page`` to ``target`` (both relative to the site root)."""
    return Path(os.path.relpath(target, str(Path(page).parent))).as_posix()


class SiteBuilder:
    """Writes the site into a temporary folder, then moves it into place as a whole."""

    def __init__(
        self,
        output: Path,
        *,
        downloads: Sequence[str] = DOWNLOAD_FORMATS,
        lang: str | None = None,
        date: dt.date | None = None,
        cwd: Path | None = None,
    ) -> None:
        from bygdevekst_cli.render.provenance import today

        self.output = output
        self.downloads = tuple(downloads)
        self.lang = lang
        self.date = date or today()
        self.cwd = cwd or Path.cwd()
        self.root = Path()

    def build(self, overview: Overview) -> SiteResult:
        """Build the site; a folder that cannot be written (no permission, a read-only file
        system, a full disk) is a ``FolderNotWritable`` naming the output, and leaves the
        old site as it was."""
        try:
            return self._build(overview)
        except OSError as exc:
            raise FolderNotWritable(folder=self.output.as_posix(), reason=exc) from None

    def _build(self, overview: Overview) -> SiteResult:
        result = SiteResult(overview)
        make_folders(self.output.parent)
        recover_site(self.output)
        staging = Path(tempfile.mkdtemp(prefix=_building(self.output), dir=self.output.parent))
        try:
            with folder_in_use(staging):  # another run's recover_site leaves it alone
                self.root = staging
                self._pilots(overview, result)
                self._front(overview, result)
                _replace_folder(staging, self.output)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return result

    # -- writing

    def _write(self, relative: str, data: bytes | str, result: SiteResult, page: bool) -> None:
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        (result.pages if page else result.downloads).append(relative)

    def _page(
        self,
        relative: str,
        lang: str,
        title: str,
        body: str,
        result: SiteResult,
        crumbs: Sequence[tuple[str, str]] = (),
        footer: Markup | None = None,
    ) -> None:
        from bygdevekst_cli.render.environment import environment
        from bygdevekst_cli.render.formats.html import stylesheet

        w = words(lang)
        html = (
            environment()
            .get_template("site/page.html.j2")
            .render(
                lang=lang,
                w=w,
                title=title,
                css=Markup(stylesheet()),
                crumbs=[(label, _relative(path, relative)) for label, path in crumbs],
                body=Markup(body),
                footer=footer or w("site.generated", date=_date(self.date, lang)),
            )
        )
        self._write(relative, html, result, page=True)

    def _fragment(self, template: str, **context: Any) -> str:
        from bygdevekst_cli.render.environment import environment

        return environment().get_template(template).render(**context)

    # -- the front page

    def _front(self, overview: Overview, result: SiteResult) -> None:
        from bygdevekst_cli.present.overview import dashboard_context, default_language
        from bygdevekst_cli.render.environment import environment

        lang = self.lang or default_language(overview)
        links = {pilot_id: f"{pilot_id}/index.html" for pilot_id in result.built}
        context = dashboard_context(overview, lang, links)
        html = environment().get_template("overview/dashboard.html.j2").render(**context)
        self._write("index.html", html, result, page=True)

    # -- a pilot

    def _pilots(self, overview: Overview, result: SiteResult) -> None:
        for summary in overview.pilots:  # each id once: build_overview keeps the first
            try:
                self._pilot(summary, result)
            except UserError as error:
                result.problems.append(Failure(summary.location, str(error)))
                continue
            result.built.append(summary.id)

    def _pilot(self, summary: PilotSummary, result: SiteResult) -> None:
        from bygdevekst_cli.render.documents import source_of
        from bygdevekst_cli.render.output import safe_component

        pilot_id = safe_component(summary.id)
        lang = summary.language
        w = words(lang)
        source = source_of(summary.files)
        documents = self._documents(summary, source, result)
        history = self._history(summary)
        measures = self._measures(summary, source, history, documents, result)
        crumbs = [(w("site.front"), "index.html")]
        view = _pilot_view(summary, lang)
        body = self._fragment(
            "site/pilot.html.j2",
            lang=lang,
            w=w,
            view=view,
            charts=_charts(view, lang),
            documents=[
                (d.label, _relative(d.path, f"{pilot_id}/index.html"), d) for d in documents
            ],
            downloads={
                d.path: [
                    (fmt, _relative(path, f"{pilot_id}/index.html")) for fmt, path in d.downloads
                ]
                for d in documents
            },
            measures=[
                (label, _relative(path, f"{pilot_id}/index.html")) for label, path in measures
            ],
            history_available=history is not None,
        )
        self._page(f"{pilot_id}/index.html", lang, summary.name, body, result, crumbs)

    def _documents(
        self, summary: PilotSummary, source: Any, result: SiteResult
    ) -> list[DocumentPage]:
        """A page (and the chosen downloads) for each document the pilot's data makes."""
        from bygdevekst_cli.render.documents import Request, jobs
        from bygdevekst_cli.render.pipeline import render_job
        from bygdevekst_cli.render.provenance import Provenance

        provenance = Provenance(pilot=summary.id, date=self.date, commit=summary.commit)
        pages = []
        for document, year, stem in _documents_of(source):
            (job,) = jobs(source, Request(document, year))
            rendered = render_job(source, job, provenance)
            pages.append(self._document(summary, document, year, stem, rendered, result))
        return pages

    def _document(
        self,
        summary: PilotSummary,
        document: str,
        year: int | None,
        stem: str,
        rendered: Rendered,
        result: SiteResult,
    ) -> DocumentPage:
        """One document's page and downloads; from data with errors, marked as a draft in
        every one of them (as ``render --draft`` marks it: nothing from broken data
        unmarked)."""
        from bygdevekst_cli.render.formats import FORMAT_BY_NAME, draft_mark
        from bygdevekst_cli.render.formats.html import body_html, draft_banner
        from bygdevekst_cli.render.markdown import parser

        lang = summary.language
        w = words(lang)
        with_errors = summary.errors > 0
        path = f"{summary.id}/{stem}.html"
        downloads = []
        for name in self.downloads:
            fmt = FORMAT_BY_NAME[name].marked_draft(with_errors)
            download = f"{summary.id}/{stem}.{fmt.extension}"
            self._write(download, fmt.convert(rendered), result, page=False)
            downloads.append((name, download))
        label = w(f"site.document.{document}", year=year)
        crumbs = [(w("site.front"), "index.html"), (summary.name, f"{summary.id}/index.html")]
        links = self._fragment(
            "site/downloads.html.j2",
            lang=lang,
            w=w,
            downloads=[(fmt, _relative(target, path)) for fmt, target in downloads],
        )
        title, body = rendered.title, body_html(rendered.body)
        if with_errors:
            draft = draft_mark(rendered)
            title, body = f"{draft}: {title}", draft_banner(draft) + body
        self._page(
            path,
            lang,
            title,
            body + links,
            result,
            crumbs,
            footer=Markup(parser().renderInline(rendered.footer)),
        )
        return DocumentPage(label, path, rendered, tuple(downloads))

    def _history(self, summary: PilotSummary) -> History[Change] | None:
        """The pilot's audit trail, for a pilot read from a working tree in git, or at a
        revision of a repository (``PATH@REF``: the history of that revision)."""
        from bygdevekst_cli.history import history_at, pilot_history

        folder = summary.files.folder
        if summary.commit is None:
            return None
        from_git_objects = "@" in summary.files.display  # repo@ref and URL sources
        if from_git_objects:  # None for a URL's clone, removed once read
            return history_at(summary.files)
        if not (folder / "pilot.yaml").is_file():
            return None
        return pilot_history(folder, cwd=self.cwd)

    def _measures(
        self,
        summary: PilotSummary,
        source: Any,
        history: History[Change] | None,
        documents: list[DocumentPage],
        result: SiteResult,
    ) -> list[tuple[str, str]]:
        from bygdevekst_cli.render.output import safe_component

        lang = summary.language
        w = words(lang)
        by_id: dict[str, dict[int, Any]] = {}
        for year, plan in source.plans.items():
            for measure in plan.measures:
                by_id.setdefault(measure.id, {})[year] = measure
        listed = []
        for measure_id in sorted(by_id, key=_measure_order):
            years = by_id[measure_id]
            latest = years[max(years)]
            path = f"{summary.id}/measures/{safe_component(measure_id)}.html"
            label = w("site.measure_label", id=measure_id, title=latest.title)
            commits = (
                [
                    _commit_view(c, measure_id, lang)
                    for c in history.commits
                    if any(ch.measure == measure_id for ch in c.changes)
                ]
                if history is not None
                else None
            )
            rows = [
                _measure_year(w, year, m, source.agreement_of(year), lang)
                for year, m in sorted(years.items())
            ]
            plans = {
                d.rendered.provenance.year: d for d in documents if d.rendered.document == "plan"
            }
            body = self._fragment(
                "site/measure.html.j2",
                lang=lang,
                w=w,
                title=label,
                rows=rows,
                commits=commits,
                plans=[
                    (w("site.document.plan", year=year), _relative(plans[year].path, path))
                    for year in sorted(years)
                    if year in plans
                ],
                adoptions=_adoptions(history, lang) if history is not None else [],
            )
            crumbs = [(w("site.front"), "index.html"), (summary.name, f"{summary.id}/index.html")]
            self._page(path, lang, label, body, result, crumbs)
            listed.append((label, path))
        return listed


def _measure_order(measure_id: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in measure_id.split("."))


def _date(value: dt.date, lang: str) -> str:
    from bygdevekst_cli import formatting

    return formatting.long_date(value, lang)


def _measure_year(w: Words, year: int, measure: Any, agreement: Any, lang: str) -> dict[str, str]:
    """A row of a measure's page: its sub-goal by number and title, as the charts give it."""
    from bygdevekst_cli.present.overview import sub_goal_label

    return {
        "year": str(year),
        "status": w(f"overview.status.{measure.status.value}"),
        "sub_goal": sub_goal_label(measure.sub_goal, agreement, w),
        "budget": _budget(w, measure, year, lang),
        "reason": measure.change_reason or "–",
        "assessment": measure.assessment or "–",
    }


def _budget(w: Words, measure: Any, year: int, lang: str) -> str:
    """A measure's budget for a year: unknown when none is given, «minst …» when a source is
    named without an amount (``render.partial``); none («–») in a year the measure needs no
    budget for (closed, ended or not begun)."""
    from bygdevekst_cli.render import partial
    from bygdevekst_cli.render.views import needs_budget

    budget = measure.budget.get(year)
    if budget is None and not needs_budget(measure, year):
        return "–"
    if budget is None or not (any(True for _ in budget.amounts()) or budget.unknown_sources()):
        return w("site.unknown")
    return partial.kroner(partial.year_total(budget), lang)


def _commit_view(commit: Any, measure_id: str, lang: str) -> dict[str, Any]:
    from bygdevekst_cli.present.history import change_text, norwegian_clock

    return {
        "date": norwegian_clock(commit.date)[:10],
        "author": commit.author,
        "short": commit.short,
        "message": commit.message,
        "changes": [change_text(c, lang) for c in commit.changes if c.measure == measure_id],
        "adoptions": [a.text for a in commit.adoptions],
    }


def _adoptions(history: History[Change], lang: str) -> list[dict[str, str]]:
    from bygdevekst_cli.present.history import norwegian_clock

    return [
        {"short": commit.short, "date": norwegian_clock(commit.date)[:10], "text": adoption.text}
        for commit in history.commits
        for adoption in commit.adoptions
    ]


def _charts(view: Any, lang: str) -> list[tuple[Any, dict[str, Any], Markup]]:
    """Each of the pilot's charts with its data table (as on the dashboard)."""
    from bygdevekst_cli.present.overview import chart_table

    w = words(lang)
    found = []
    for chart in view.charts:
        money = chart.id.endswith("-budget")
        header = w("chart.year") if money else w("chart.sub_goal_label")
        found.append((chart, chart_table(chart, w, lang, header, money), Markup(chart.svg)))
    return found


def _pilot_view(summary: PilotSummary, lang: str) -> Any:
    from bygdevekst_cli.present.overview import pilot_view

    return pilot_view(summary, lang)


def _replace_folder(staging: Path, output: Path) -> None:
    """Put the built site where ``output`` names; an old site there is replaced whole.

    The old site is first moved aside into a hidden folder beside it, then the new one
    into place. A failure (or Ctrl+C) at either step puts the old site back; a run killed
    between the two leaves it aside, where the next run finds it (``recover_site``).
    """
    if not output.exists():
        staging.replace(output)
        output.chmod(0o755)
        return
    if not output.is_dir():
        raise UserError(cli_words()("cli.site.not_a_folder", path=output.as_posix()))
    old = Path(tempfile.mkdtemp(prefix=_aside(output), dir=output.parent))
    try:
        with folder_in_use(old):
            _swap(staging, output, old / output.name)
    except BaseException:
        with contextlib.suppress(OSError):  # not empty: the old site is left aside
            old.rmdir()
        raise
    shutil.rmtree(old, ignore_errors=True)
    output.chmod(0o755)


def _building(output: Path) -> str:
    """The start of the name of the folder a site for ``output`` is built in."""
    return f".{output.name}."


def _aside(output: Path) -> str:
    """The start of the name of the folder the old site is moved aside into."""
    return f".{output.name}.old."


def _swap(staging: Path, output: Path, moved: Path) -> None:
    """The old site at ``output`` to ``moved``, the new one from ``staging`` to ``output``;
    on a failure of the second move the old site goes back (and the failure is raised)."""
    output.replace(moved)
    try:
        staging.replace(output)
    except BaseException:
        moved.replace(output)
        raise


def recover_site(output: Path) -> None:
    """Clear what a run killed while it wrote the site into ``output`` left beside it.

    Killed between the two moves of ``_replace_folder``, it left no site at ``output`` and
    the old one in ``.NAME.old.XXXXXXXX/NAME``: that is put back. Its half-built site
    (``.NAME.XXXXXXXX``) and the aside folders are removed. A folder another running
    ``site`` still holds is left alone (``fsutil.abandoned``).
    """
    if not output.exists() and not output.is_symlink():
        _put_back_aside(output)
    for prefix in (_building(output), _aside(output)):
        remove_stale_folders(output.parent, made_names(prefix))


def _put_back_aside(output: Path) -> None:
    """The old site a killed run left aside, back at ``output`` (any one, if several runs
    were killed: each is a whole site)."""
    aside = made_names(_aside(output))
    try:
        folders = [p for p in output.parent.iterdir() if aside.fullmatch(p.name)]
    except OSError:
        return
    for folder in folders:
        kept = folder / output.name
        if kept.is_dir() and abandoned(folder):
            kept.replace(output)
            with contextlib.suppress(OSError):  # not empty: left to remove_stale_folders
                folder.rmdir()
            return


def refuse_to_replace(output: Path, cwd: Path) -> None:
    """Refuse an output folder that is not a site: the site replaces its folder as a whole,
    and ``-o .`` or ``-o <the pilots' repository>`` deleted the repository with its pilots.

    A folder may be replaced when it is empty or holds a site (an ``index.html``) with no
    git repository, no ``pilots/`` and no ``pilot.yaml`` in it, and is not the folder the
    command runs in (or one above it)."""
    if not output.is_dir():
        return
    here = cwd.resolve()
    folder = output.resolve()
    names = {entry.name for entry in folder.iterdir()}
    if not names and folder not in (here, *here.parents):
        return
    kept = {".git", PILOTS_DIR, PILOT_FILE} & names
    if folder in (here, *here.parents) or kept or "index.html" not in names:
        raise UsageError(cli_words()("cli.site.not_a_site", path=output.as_posix()))


def build_site(
    sources: Sequence[str],
    output: Path,
    *,
    cwd: Path | None = None,
    at: dt.date | None = None,
    lang: str | None = None,
    downloads: Sequence[str] = DOWNLOAD_FORMATS,
    date: dt.date | None = None,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> SiteResult:
    """Read the sources and write the site into ``output`` (replaced as a whole), unless
    no source could be read and a site is there already (an empty site must not replace
    the last good one)."""
    cwd = cwd or Path.cwd()
    if output.is_symlink() and output.is_dir():
        output = resolved(output)  # the site goes where the link leads, and the link stays
    refuse_to_replace(output, cwd)
    overview = build_overview(sources, cwd=cwd, at=at, today=today, progress=progress)
    if overview.failures and not overview.pilots and output.exists():
        return SiteResult(overview, kept=True)
    builder = SiteBuilder(output, downloads=downloads, lang=lang, date=date, cwd=cwd)
    return builder.build(overview)
