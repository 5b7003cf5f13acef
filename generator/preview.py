"""`congkhai serve`: a live preview for staff, rebuilt whenever a content file changes.

It runs the same stages as `build` into a private directory, never into site/. Markdown pages are
rewritten only when their text changed.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import click
from mkdocs.livereload import LiveReloadServer

from generator.cli import VIETNAM
from generator.diagnostics import format_text
from generator.mkdocs_build import mkdocs_config, run_mkdocs
from generator.pipeline import attached_files, published_records, validate_project, write_docs
from generator.project import Project
from generator.render import render
from generator.search_index import build_search_index, search_metadata


def serve(project: Project, *, as_of: dt.date | None, port: int, host: str = "127.0.0.1") -> None:
    docs_dir = project.work_dir / "preview-docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    site_dir = tempfile.mkdtemp(prefix="congkhai-preview-")

    def rebuild() -> None:
        day = as_of or dt.datetime.now(VIETNAM).date()
        result, validated = validate_project(project, as_of=day)
        if result.diagnostics:
            click.echo(format_text(result.diagnostics, result.lines), err=True)
        if not result.ok or validated.site is None:
            click.echo("Có lỗi: trang xem trước giữ nguyên bản trước.", err=True)
            return
        published = published_records(validated.records, day)
        rendered = render(validated.site, published, day, project.files_dir, report=result.report)
        write_docs(rendered, docs_dir, project.files_dir, attached_files(published, validated.site))
        config = mkdocs_config(project, validated.site, docs_dir, Path(site_dir), rendered.nav)
        config.extra["congkhai_search"] = search_metadata(published)
        problems = run_mkdocs(config, project, day)
        if not problems:
            problems = build_search_index(Path(site_dir), "xem trước", len(published))
        if problems:
            click.echo(format_text(problems, {}), err=True)
        else:
            click.echo(f"Đã dựng lại {len(validated.records)} mục.", err=True)

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=site_dir)
    rebuild()
    for path in (project.content_dir, project.site_config_file.parent, project.root / "theme"):
        if path.exists():
            server.watch(str(path))
    click.echo(f"Xem trước tại {server.url} (Ctrl+C để dừng)", err=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
