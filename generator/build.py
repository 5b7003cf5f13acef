"""The whole build, in order. Each stage returns values; only the last stages touch the disk.

    load      content/ + site_config/  -> parsed files with source positions, diagnostics
    validate  parsed files             -> records, diagnostics (schemas + cross-record checks)
    check     records, rules, as_of    -> compliance report + diagnostics (dated rules)
    render    records                  -> Markdown pages + nav (in memory; attachments are
                                          copied to a staging docs dir)
    mkdocs    staging docs             -> HTML in a staging site dir (Material theme), the
                                          pages shared among one process per core
    publish   models, records          -> JSON Schemas (/schemas/), feeds (/feeds/), manifest
                                          (/api/), open data (/du-lieu/), sitemap lastmod
    search    staging site             -> congkhai's search index (/ck-search/) over the item pages
    swap      staging site             -> site/, atomically

Everything is read and checked before anything is written, and site/ is replaced only when every
stage succeeded, so a failed build leaves the published site exactly as it was.

`congkhai serve` (preview.py) runs the same stages (prepare, html_config, write_data), and after
its first build has MkDocs write only the pages an edit changed. A rebuild with nothing changed
reads the own stages' result back (memo.py).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig

from generator.code_cache import CodeCache, keep_code, read_code
from generator.collector import fewer_collections
from generator.compliance.access import info_access_problems
from generator.compliance.evaluate import Report, evaluate
from generator.compliance.findings import check
from generator.compliance.report import ADVISORY_CODE
from generator.diagnostics import Diagnostic, has_errors
from generator.html import mkdocs_config, run_mkdocs
from generator.html.forked import Pending, Turns, in_background
from generator.html.parallel import default_jobs
from generator.html.template_code import compile_templates, use_compiled
from generator.load import SourceCache, load
from generator.load.ratings import load_page_ratings
from generator.load.rules import RuleSet, load_rules
from generator.load.sources import SourceFile
from generator.memo import Memo
from generator.project import Project
from generator.publish import data_files, schema_data_files, sitemap_files, write_files
from generator.publish.feeds import base_url
from generator.publish.lock import exclusive_build, staging_site
from generator.publish.search_index import build_search_index, search_metadata
from generator.publish.sitemap import page_dates
from generator.publish.swap import swap_into_place
from generator.render import (
    PagePart,
    in_plan_order,
    make_environment,
    plan_pages,
    render_taken,
)
from generator.types.record import Record
from generator.types.site import SiteConfig
from generator.validate import Validated, validate
from generator.vn.workdays import days_off, remember
from generator.vn.workdays import known as known_days_off


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    """The validated records (`validate_project`); a build keeps only their number."""
    count: int = 0
    """How many records the content holds."""
    published: bool = False
    report: Report | None = None
    """The compliance report of the check stage (None when content errors stopped it)."""
    timings: dict[str, float] = field(default_factory=dict)
    """Wall time of each stage in seconds, in pipeline order (for `-v` and bench/)."""
    spans: list[tuple[str, float, float]] = field(default_factory=list)
    """Each stage's start and end on the `time.perf_counter` clock (bench/ samples memory)."""

    @contextlib.contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            end = time.perf_counter()
            self.timings[stage] = self.timings.get(stage, 0.0) + end - start
            self.spans.append((stage, start, end))

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def build(
    project: Project, *, as_of: dt.date, strict: bool = False, jobs: int | None = None
) -> BuildResult:
    """Build the portal into site/; on any error, report everything and leave site/ untouched.

    `jobs`: processes MkDocs' pages are shared among (default: one per core, see default_jobs).
    """
    with fewer_collections(), exclusive_build(project) as refused:
        if refused is not None:
            return BuildResult(diagnostics=[refused])
        return _build(project, as_of=as_of, strict=strict, jobs=jobs)


def _build(project: Project, *, as_of: dt.date, strict: bool, jobs: int | None) -> BuildResult:
    recalling = BuildResult()
    # Everything up to MkDocs is timed as one of congkhai's own stages (bench/ adds them up); the
    # staging dirs and the kept results are the memo's part.
    with recalling.timed("memo"):
        docs_dir, site_dir = _staging(project)
        memo = Memo(project, as_of)
        kept = memo.recall()
        code = read_code(project.work_dir)
        known = code.copy()
    if kept is not None:
        # Nothing changed since the last run of congkhai's own stages: their result is read back.
        result, prepared = kept
    else:
        memo.forget()
        result, prepared = prepare(project, as_of, docs_dir, code=code, site_dir=site_dir)
        if prepared is None:
            return result
        # The records stay out of what is kept (reading them back costs more than validating),
        # and so do the source lines of files without a diagnostic to show them in.
        shown = {d.file for d in result.diagnostics}
        lines = {name: text for name, text in result.lines.items() if name in shown}
        kept = dataclasses.replace(result, records=[], lines=lines, timings={}, spans=[])
        with recalling.timed("memo"):
            memo.keep((kept, prepared))
    result.timings = {**recalling.timings, **result.timings}
    result.spans = [*recalling.spans, *result.spans]
    # Under --strict any warning stops publishing, except advisory findings of unverified or
    # good-practice rules, which never block.
    if strict and any(d.code != ADVISORY_CODE for d in result.diagnostics):
        return result

    with result.timed("mkdocs"):
        config = html_config(project, prepared, docs_dir, site_dir)
        jobs = jobs or default_jobs(len(prepared.pages))
        result.diagnostics += run_mkdocs(
            config, project, prepared.build_date, prepared.pages, jobs=jobs, theme_code=code.theme,
            clean=False,  # new, and holding the data files already
        )  # fmt: skip
    if not result.ok:
        return result
    if code != known:
        with result.timed("memo"):
            keep_code(project.work_dir, code)

    with result.timed("publish"):
        result.diagnostics += write_data(prepared, site_dir)
    if not result.ok:
        return result

    with result.timed("search"):
        display = project.display(project.work_dir / "site")
        result.diagnostics += build_search_index(
            site_dir, display, expected_pages=len(prepared.search)
        )
    if not result.ok:
        return result

    with result.timed("swap"):
        swap_into_place(site_dir, project.site_dir)
    result.published = True
    return result


@dataclass
class Prepared:
    """What congkhai's own stages give MkDocs and the files written beside its HTML; small
    enough to keep between runs (memo.py): records are not in it."""

    site: SiteConfig
    nav: list[object]
    search: dict[str, dict[str, object]]
    """What the theme writes on each item page for the search index, by page URL."""
    ratings: dict[str, dict[str, int]]
    build_date: dt.date
    """The newest date in the content: what MkDocs and the feeds stamp."""
    data: dict[str, bytes]
    """Feeds, manifest, open data and schemas by site path (publish.data_files)."""
    dates: dict[str, dt.date]
    """Each page's newest date, for the sitemap's lastmod."""
    pages: dict[str, str]
    """Every Markdown page by its path in the docs: MkDocs reads them from here, not from files
    (creating a thousand files costs more than a tenth of a second)."""
    removed: list[str] = field(default_factory=list)
    """Attachments docs_dir held that are gone (by path under docs_dir)."""


def prepare(
    project: Project,
    as_of: dt.date,
    docs_dir: Path,
    *,
    sources: SourceCache | None = None,
    env: jinja2.Environment | None = None,
    code: CodeCache | None = None,
    site_dir: Path | None = None,
    background: bool = True,
) -> tuple[BuildResult, Prepared | None]:
    """load → validate → check → render → publish data: congkhai's own stages. The attachments
    the pages link to are copied to `docs_dir`; None when errors stop it.

    `sources` and `env`: parsed files and compiled templates of an earlier run (the preview);
    `code`: what an earlier build kept of the work that depends on congkhai's code alone
    (code_cache.py), completed here when missing; `site_dir`: where the feeds, manifest and
    open data are written as soon as they are made (write_data writes whatever is missing);
    `background`: whether forked processes may share the work (forked.py).
    """
    code = code if code is not None else CodeCache()
    result = BuildResult()
    # Every step below is inside a timed stage: bench/ adds the stages up as the own stages' time.
    with result.timed("load"):
        env, fixed = _code_work(env, code, as_of, background)
    validated, checking = _load_and_validate(result, project, sources, background)
    site = validated.site
    if not result.ok or site is None:
        fixed.cancel()
        return result, None

    with result.timed("check"):
        # Items past their unpublish_after date leave every output; they still count as
        # evidence for the compliance report, which is computed from all records.
        published = published_records(validated.records, as_of)
        withdrawn = withdrawn_records(validated.records, as_of)
        build_date = _newest_date(published, as_of)
        _take_code(env, code, fixed())
        plan = plan_pages(site, published, as_of, project.files_dir, env, withdrawn)
    with Turns(plan.parts) as turns:
        with result.timed("check"):
            # The feeds, manifest and open data need only the records: a forked child makes
            # them while this process checks; then both render the pages by turns.
            elsewhere = in_background(
                functools.partial(
                    _data_and_pages, site, published, build_date, withdrawn, site_dir, turns
                ),
                background=background,
            )
        _check(result, validated, checking, project, as_of)
        code.days_off.update(known_days_off())  # with any year the check had to make
        if not result.ok:
            elsewhere.cancel()
            return result, None
        with result.timed("render"):
            report = result.report
            compliance = plan.compliance(report)() if report else {}
            mine = render_taken(turns.take())
            attached = attached_files(published, site)
            removed = copy_attachments(docs_dir, project.files_dir, attached)
        with result.timed("publish"):
            (made_data, problems), theirs = elsewhere()
            result.diagnostics += problems
            if not result.ok:
                return result, None
            prepared = Prepared(
                site=site,
                nav=plan.nav(with_compliance=report is not None),
                search=search_metadata(published),
                ratings=checking.ratings,
                build_date=build_date,
                data={**made_data, **code.schemas},
                dates=page_dates(published),
                pages={**in_plan_order({**mine, **theirs}), **compliance},
                removed=removed,
            )
    return result, prepared


def _data_and_pages(
    site: SiteConfig,
    published: list[Record],
    build_date: dt.date,
    withdrawn: list[Record],
    site_dir: Path | None,
    turns: Turns[PagePart],
) -> tuple[tuple[dict[str, bytes], list[Diagnostic]], dict[int, dict[str, str]]]:
    data = _publish_data(site, published, build_date, withdrawn, site_dir)
    return data, render_taken(turns.take())


def _publish_data(
    site: SiteConfig,
    published: list[Record],
    build_date: dt.date,
    withdrawn: list[Record],
    site_dir: Path | None,
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """The feeds, manifest and open data, written into `site_dir` at once if given: while the
    pages render the disk is idle, where after MkDocs it is busy with a thousand new pages."""
    files = data_files(site, published, build_date, withdrawn)
    return files, (write_files(files, site_dir) if site_dir is not None else [])


def _code_work(
    env: jinja2.Environment | None, code: CodeCache, as_of: dt.date, background: bool
) -> tuple[jinja2.Environment, Pending[CodeCache]]:
    """The templates' environment, and what `code` lacks of the work that depends on congkhai's
    code alone, done on the other core while the YAML is read (none of it depends on the
    content)."""
    compiling = None
    if env is None:
        env = make_environment()
        if code.templates:
            use_compiled(env, code.templates)
        else:
            compiling = env
    years = set(_calendar_years(as_of)) - code.days_off.keys()
    if compiling is None and code.schemas and not years:
        return env, Pending(CodeCache)
    return env, in_background(
        functools.partial(_code_only, compiling, not code.schemas, years), background=background
    )


def _code_only(env: jinja2.Environment | None, schemas: bool, years: set[int]) -> CodeCache:
    return CodeCache(
        templates=compile_templates(env) if env is not None else {},
        schemas=schema_data_files() if schemas else {},
        days_off=days_off(years),
    )


def _take_code(env: jinja2.Environment, code: CodeCache, made: CodeCache) -> None:
    """Put what the code work made (_code_work) to use, and into `code` to be kept."""
    code.add(made)
    if made.templates:
        use_compiled(env, made.templates)
    remember(code.days_off)


def _calendar_years(as_of: dt.date) -> range:
    """The years whose working days a build is likely to count: deadlines of the last decade's
    items (older ones are counted too, from a table made when first asked about)."""
    return range(as_of.year - 10, as_of.year + 2)


def html_config(
    project: Project, prepared: Prepared, docs_dir: Path, site_dir: Path
) -> MkDocsConfig:
    """MkDocs' configuration for the rendered pages, with what the theme reads per page."""
    config = mkdocs_config(project, prepared.site, docs_dir, site_dir, prepared.nav)
    config.extra["congkhai_search"] = prepared.search
    config.extra["congkhai_ratings"] = prepared.ratings
    return config


def write_data(prepared: Prepared, site_dir: Path) -> list[Diagnostic]:
    """Feeds, manifest, open data, schemas and the sitemap with the data's dates, beside the
    HTML MkDocs wrote in `site_dir`."""
    files = dict(prepared.data)
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file():
        base = base_url(prepared.site)
        files.update(sitemap_files(sitemap.read_bytes(), base, prepared.dates, prepared.build_date))
    return write_files(files, site_dir)


def validate_project(
    project: Project,
    *,
    as_of: dt.date,
    sources: SourceCache | None = None,
    background: bool = True,
) -> tuple[BuildResult, Validated]:
    """load → validate → check: everything `congkhai validate` reports, without writing.

    `sources`: files parsed by an earlier run in this process (the live preview);
    `background`: whether forked processes may share the work (forked.py).
    """
    result = BuildResult()
    validated, checking = _load_and_validate(result, project, sources, background)
    _check(result, validated, checking, project, as_of)
    return result, validated


@dataclass
class _Checking:
    """What the check stage needs besides the records: the rules and the site config's source;
    and the pages' ratings, read with them."""

    rules: RuleSet
    site_source: SourceFile | None
    ratings: dict[str, dict[str, int]]


def _load_and_validate(
    result: BuildResult, project: Project, sources: SourceCache | None, background: bool
) -> tuple[Validated, _Checking]:
    with result.timed("load"):
        loaded = load(project, sources, background=background)
        rules = load_rules(project)
        ratings, rating_problems = load_page_ratings(project)
    with result.timed("validate"):
        validated = validate(loaded, project)
    result.diagnostics = [
        *loaded.diagnostics, *rules.diagnostics, *validated.diagnostics, *rating_problems
    ]  # fmt: skip
    result.lines = {**loaded.lines, **rules.lines}
    result.records = validated.records
    result.count = len(validated.records)
    return validated, _Checking(rules, loaded.site, ratings)


def _check(
    result: BuildResult,
    validated: Validated,
    checking: _Checking,
    project: Project,
    as_of: dt.date,
) -> None:
    """The check stage, when the content validated: its report and findings go into `result`."""
    site = validated.site
    if not result.ok or site is None:
        return
    with result.timed("check"):
        result.diagnostics += info_access_problems(site, project, checking.site_source)
        result.report = evaluate(
            checking.rules.rules, validated.records, site, as_of, site_source=checking.site_source
        )
        result.diagnostics += check(validated.records, site, as_of, result.report)


def published_records(records: list[Record], as_of: dt.date) -> list[Record]:
    """The records still on the portal on `as_of` (not past their unpublish_after date)."""
    return [record for record in records if not record.item.withdrawn(as_of)]


def withdrawn_records(records: list[Record], as_of: dt.date) -> list[Record]:
    """The records past their unpublish_after date on `as_of`: listed as withdrawn, not shown."""
    return [record for record in records if record.item.withdrawn(as_of)]


def attached_files(records: list[Record], site: SiteConfig) -> set[str]:
    """Files under content/files/ that published pages refer to: only these are copied."""
    return {name for record in records for _, name in record.item.files()} | set(site.files())


def copy_attachments(docs_dir: Path, files_dir: Path, files: set[str]) -> list[str]:
    """Copy the attachments in `files` under docs_dir/files/ (nothing else under content/files/
    is published), unless already there unchanged; remove whatever else docs_dir holds.

    Returns the stale files removed (by path under docs_dir)."""
    docs_dir.mkdir(parents=True, exist_ok=True)  # MkDocs wants it, attachments or not
    wanted = set()
    for name in sorted(files):
        source, target = files_dir / name, docs_dir / "files" / name
        wanted.add(target)
        if target.is_file() and _same_file(source.stat(), target.stat()):
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


def _same_file(source: os.stat_result, copy: os.stat_result) -> bool:
    # copy2 keeps the modification time, so an unchanged attachment is neither copied again nor
    # seen as changed by MkDocs.
    return source.st_size == copy.st_size and source.st_mtime_ns == copy.st_mtime_ns


def _staging(project: Project) -> tuple[Path, Path]:
    """The attachments' dir, kept between runs (an unchanged attachment is not copied again), and
    this run's empty staging site dir."""
    docs_dir = project.work_dir / "docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    site_dir = staging_site(project.work_dir)
    return docs_dir, site_dir


def _newest_date(records: list[Record], fallback: dt.date) -> dt.date:
    return max((r.last_modified for r in records), default=fallback)
