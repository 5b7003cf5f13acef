"""The whole build, in order: one function per stage, each in its own folder.

    load      content/ + site_config/  -> parsed files with source positions, rules, ratings,
                                          the list of attachments (the only reader of the project)
    validate  parsed files             -> records, diagnostics (schemas + cross-record checks)
    check     records, rules, as_of    -> compliance report + findings (dated rules)
    render    records, report          -> Markdown pages + nav, in memory (Jinja2)
    html      pages, nav               -> HTML in a staging site dir (MkDocs + Material,
                                          the pages shared among one process per core)
    publish   records                  -> feeds, manifest, open data, schemas, sitemap, search
    editor    quan-tri/config.yml      -> the clerks' web editor (/quan-tri/) with the pinned
                                          Decap CMS bundle, if the repository has one
    swap      staging site             -> site/, atomically

Everything is read and checked before anything is written, and site/ is replaced only when every
stage succeeded, so a failed build leaves the published site exactly as it was. `congkhai serve`
(commands/serve.py) runs the same stages and has the html stage write only the pages an edit
changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.compliance.evaluate import Report, evaluate
from generator.compliance.findings import check
from generator.compliance.report import ADVISORY_CODE
from generator.diagnostics import Diagnostic, has_errors
from generator.html import MkDocsConfig, html_config, write_html
from generator.html.parallel import default_jobs
from generator.load import Loaded, SourceCache, load
from generator.project import Project
from generator.publish import publish
from generator.publish.editor import publish_editor
from generator.publish.search_index import search_metadata
from generator.publish.swap import swap_into_place
from generator.render import Rendered, render
from generator.render.environment import make_environment
from generator.types.record import Record
from generator.types.site import SiteConfig
from generator.validate import Validated, validate


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)
    """Source lines by file, for the code frames of the diagnostics."""
    records: list[Record] = field(default_factory=list)
    published: bool = False
    report: Report | None = None
    """The compliance report of the check stage (None when content errors stopped it)."""
    timings: dict[str, float] = field(default_factory=dict)
    """Wall time of each stage in seconds, in pipeline order (for `-v` and bench/)."""

    @contextlib.contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    @property
    def count(self) -> int:
        """How many records the content holds."""
        return len(self.records)


@dataclass
class Portal:
    """What the content stages (load to render) give the html and publish stages."""

    site: SiteConfig
    published: list[Record]
    """The records on the portal (not past their unpublish_after date), newest first."""
    withdrawn: list[Record]
    rendered: Rendered
    build_date: dt.date
    """The newest date in the content: what the pages, feeds and sitemap are stamped with."""
    ratings: dict[str, dict[str, int]]
    attachments: set[str]
    """Files under content/files/ that the published pages link to: only these are published."""
    editor_config: bytes | None = None
    """The clerks' web editor's configuration (quan-tri/config.yml), when the commune has one."""

    def html_config(self, project: Project, docs_dir: Path, site_dir: Path) -> MkDocsConfig:
        """The engine's configuration for these pages."""
        return html_config(
            project,
            self.site,
            self.rendered.nav,
            docs_dir,
            site_dir,
            pages=self.rendered.pages,
            indexed=search_metadata(self.published),
            ratings=self.ratings,
        )


def build(
    project: Project, *, as_of: dt.date, strict: bool = False, jobs: int | None = None
) -> BuildResult:
    """Build the portal into site/; on any error, report everything and leave site/ untouched.

    `strict`: any warning stops publishing, except advisory findings of unverified or
    good-practice rules; `jobs`: processes the html stage shares the pages among (default: one
    per core, parallel.default_jobs)."""
    with fewer_collections():
        result, portal = prepare(project, as_of)
        if portal is None:
            return result
        if strict and any(d.code != ADVISORY_CODE for d in result.diagnostics):
            return result

        with result.timed("html"):
            docs_dir, site_dir = _staging(project)
            copy_attachments(docs_dir, project.files_dir, portal.attachments)
            pages = portal.rendered.pages
            result.diagnostics += write_html(
                portal.html_config(project, docs_dir, site_dir),
                project,
                portal.build_date,
                pages,
                jobs=jobs or default_jobs(len(pages)),
            )
        if not result.ok:
            return result

        with result.timed("publish"):
            result.diagnostics += publish(
                portal.site, portal.published, portal.build_date, site_dir, portal.withdrawn
            )
        if not result.ok:
            return result

        with result.timed("editor"):
            # The clerks' web editor (/quan-tri/), when the repository has one: a warning at most.
            shown = project.display(project.editor_config_file)
            result.diagnostics += publish_editor(portal.editor_config, site_dir, shown=shown)

        with result.timed("swap"):
            swap_into_place(site_dir, project.site_dir)
        result.published = True
        return result


def prepare(
    project: Project, as_of: dt.date, sources: SourceCache | None = None
) -> tuple[BuildResult, Portal | None]:
    """load → validate → check → render: everything the portal is made of, in memory; None when
    errors stop it. `sources`: files parsed by an earlier run in this process (the preview)."""
    result, loaded, validated = _load_validate_check(project, as_of, sources)
    site = validated.site
    if not result.ok or site is None:
        return result, None

    with result.timed("render"):
        # Items past their unpublish_after date leave every output; they still count as
        # evidence for the compliance report, which is computed from all records.
        published = published_records(validated.records, as_of)
        withdrawn = [r for r in validated.records if r.item.withdrawn(as_of)]
        rendered = render(
            make_environment(),
            site,
            published,
            as_of=as_of,
            attachments=loaded.attachments,
            report=result.report,
            withdrawn=withdrawn,
        )
    portal = Portal(
        site=site,
        published=sorted(published, key=Record.sort_key, reverse=True),
        withdrawn=withdrawn,
        rendered=rendered,
        build_date=max((r.last_modified for r in published), default=as_of),
        ratings=loaded.ratings,
        attachments={name for r in published for _, name in r.item.files()} | set(site.files()),
        editor_config=loaded.editor_config,
    )
    return result, portal


def validate_project(project: Project, *, as_of: dt.date) -> tuple[BuildResult, Validated]:
    """load → validate → check: everything `congkhai validate` reports, without writing."""
    result, _, validated = _load_validate_check(project, as_of, None)
    return result, validated


def published_records(records: list[Record], as_of: dt.date) -> list[Record]:
    """The records still on the portal on `as_of` (not past their unpublish_after date)."""
    return [record for record in records if not record.item.withdrawn(as_of)]


def _load_validate_check(
    project: Project, as_of: dt.date, sources: SourceCache | None
) -> tuple[BuildResult, Loaded, Validated]:
    result = BuildResult()
    with result.timed("load"):
        loaded = load(project, sources)
    with result.timed("validate"):
        validated = validate(loaded)
    result.diagnostics = [*loaded.diagnostics, *validated.diagnostics]
    result.lines = loaded.lines
    result.records = validated.records
    site = validated.site
    if result.ok and site is not None:
        with result.timed("check"):
            result.report = evaluate(
                loaded.rules.rules, validated.records, site, as_of, site_source=loaded.site
            )
            result.diagnostics += check(validated.records, site, as_of, result.report)
    return result, loaded, validated


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cycle collector scans every 700 new objects by default; a build makes millions
    (parsed YAML, models, pages, MkDocs' trees), nearly all freed by reference counting, and
    rescanning them cost a sixth of congkhai's own stages (bench/RESULTS.md). During a build it
    runs every 50,000 instead; cycles are still collected."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def copy_attachments(docs_dir: Path, files_dir: Path, files: set[str]) -> list[str]:
    """Copy the attachments in `files` under docs_dir/files/ (nothing else under content/files/
    is published), unless already there unchanged; remove whatever else docs_dir holds.

    Returns the stale files removed (by path under docs_dir)."""
    docs_dir.mkdir(parents=True, exist_ok=True)  # MkDocs wants it, attachments or not
    wanted = set()
    for name in sorted(files):
        source, target = files_dir / name, docs_dir / "files" / name
        wanted.add(target)
        if target.is_file() and _same_file(source, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    # Whatever an earlier run left that this one does not publish goes: above all the attachment
    # of an item past its unpublish_after date.
    removed = []
    for old in sorted(docs_dir.rglob("*"), reverse=True):
        if old.is_dir():
            if not any(old.iterdir()):
                old.rmdir()
        elif old not in wanted:
            old.unlink()
            removed.append(old.relative_to(docs_dir).as_posix())
    return removed


def _same_file(source: Path, copy: Path) -> bool:
    # copy2 keeps the modification time, so an unchanged attachment is neither copied again nor
    # seen as changed by MkDocs.
    a, b = source.stat(), copy.stat()
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def _staging(project: Project) -> tuple[Path, Path]:
    """The attachments' dir, kept between runs (an unchanged attachment is not copied again), and
    an empty staging site dir."""
    docs_dir = project.work_dir / "docs"
    site_dir = project.work_dir / "site"
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.mkdir(parents=True)
    docs_dir.mkdir(parents=True, exist_ok=True)
    return docs_dir, site_dir
