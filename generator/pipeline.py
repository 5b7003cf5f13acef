"""The whole build, in order. Each stage returns values; only the last stages touch the disk.

    load      content/ + site_config/  -> parsed files with source positions, diagnostics
    validate  parsed files             -> records, diagnostics (schemas + cross-record checks)
    check     records, as_of           -> diagnostics (dated rules)
    render    records                  -> Markdown pages + nav, written to a staging docs dir
    mkdocs    staging docs             -> HTML in a staging site dir (Material theme)
    publish   models, records          -> JSON Schemas (/schemas/), feeds (/feeds/), manifest
                                          (/api/), open data (/du-lieu/), sitemap lastmod
    swap      staging site             -> site/, atomically

Everything is read and checked before anything is written, and site/ is replaced only when every
stage succeeded, so a failed build leaves the published site exactly as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.check import check
from generator.diagnostics import Diagnostic, has_errors
from generator.load import load
from generator.mkdocs_build import mkdocs_config, run_mkdocs
from generator.project import Project
from generator.publish import publish
from generator.records import Record
from generator.render import Rendered, render
from generator.schemas import write_schemas
from generator.swap import swap_into_place
from generator.validate import Validated, validate


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    published: bool = False
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


def build(project: Project, *, as_of: dt.date, strict: bool = False) -> BuildResult:
    """Build the portal into site/; on any error, report everything and leave site/ untouched."""
    result, validated = validate_project(project, as_of=as_of)
    if not result.ok or validated.site is None or (strict and result.diagnostics):
        return result

    with result.timed("render"):
        docs_dir, site_dir = _fresh_staging(project)
        rendered = render(validated.site, validated.records, as_of, project.files_dir)
        write_docs(rendered, docs_dir, project.files_dir)

    build_date = _newest_date(validated.records, as_of)
    with result.timed("mkdocs"):
        config = mkdocs_config(project, validated.site, docs_dir, site_dir, rendered.nav)
        result.diagnostics += run_mkdocs(config, project, build_date)
    if not result.ok:
        return result

    with result.timed("publish"):
        write_schemas(site_dir / "schemas")
        result.diagnostics += publish(validated.site, validated.records, site_dir, build_date)
    if not result.ok:
        return result

    with result.timed("swap"):
        swap_into_place(site_dir, project.site_dir)
    result.published = True
    return result


def validate_project(project: Project, *, as_of: dt.date) -> tuple[BuildResult, Validated]:
    """load → validate → check: everything `congkhai validate` reports, without writing."""
    result = BuildResult()
    with result.timed("load"):
        loaded = load(project)
    with result.timed("validate"):
        validated = validate(loaded, project)
    result.diagnostics = [*loaded.diagnostics, *validated.diagnostics]
    result.lines = loaded.lines
    result.records = validated.records
    if result.ok and validated.site is not None:
        with result.timed("check"):
            result.diagnostics += check(validated.records, validated.site, as_of)
    return result, validated


def write_docs(rendered: Rendered, docs_dir: Path, files_dir: Path) -> list[str]:
    """Write pages whose text changed (so a live preview rebuilds only what it must).

    Returns the pages written; stale pages from an earlier run are removed.
    """
    written = []
    wanted = {docs_dir / path for path in rendered.pages}
    for path, text in rendered.pages.items():
        target = docs_dir / path
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(path)
    for old in docs_dir.rglob("*.md"):
        if old not in wanted:
            old.unlink()
    if files_dir.is_dir():
        shutil.copytree(files_dir, docs_dir / "files", dirs_exist_ok=True)
    return written


def _fresh_staging(project: Project) -> tuple[Path, Path]:
    docs_dir = project.work_dir / "docs"
    site_dir = project.work_dir / "site"
    for directory in (docs_dir, site_dir):
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir(parents=True)
    return docs_dir, site_dir


def _newest_date(records: list[Record], fallback: dt.date) -> dt.date:
    return max((r.last_modified for r in records), default=fallback)
