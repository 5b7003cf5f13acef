"""The `congkhai` command: build, validate and preview a commune's portal."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from generator import __version__
from generator.diagnostics import diagnostic, format_json, format_text
from generator.pipeline import BuildResult, build, validate_project
from generator.project import Project
from generator.types import TYPES

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def _today() -> dt.date:
    return dt.datetime.now(VIETNAM).date()


def _report(result: BuildResult, output_format: str) -> None:
    if output_format == "json":
        click.echo(format_json(result.diagnostics))
    elif result.diagnostics:
        click.echo(format_text(result.diagnostics, result.lines), err=True)


project_option = click.option(
    "--project",
    "-p",
    "root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=".",
    show_default=True,
    help="Thư mục dự án của xã (chứa content/, site_config/, mkdocs.yml).",
)
as_of_option = click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Kiểm tra thời hạn tính đến ngày này (YYYY-MM-DD); mặc định là hôm nay.",
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Cách in lỗi: text cho người đọc, json cho máy.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="congkhai")
@click.option("--verbose", "-v", is_flag=True, help="In thêm thông tin tiến trình của MkDocs.")
def main(verbose: bool) -> None:
    """congkhai: dựng cổng thông tin công khai của xã từ các tệp YAML.

    Build a commune's public-disclosure portal from YAML files.
    """
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.INFO if verbose else logging.ERROR)


@main.command("build")
@project_option
@as_of_option
@format_option
@click.option("--strict", is_flag=True, help="Coi cảnh báo là lỗi: không xuất bản nếu có cảnh báo.")
def build_command(root: Path, as_of: dt.datetime | None, output_format: str, strict: bool) -> None:
    """Kiểm tra nội dung và dựng cổng vào thư mục site/."""
    project = Project(root.resolve())
    result = build(project, as_of=as_of.date() if as_of else _today(), strict=strict)
    _report(result, output_format)
    if not result.published:
        click.echo("Chưa xuất bản: site/ giữ nguyên như lần dựng trước.", err=True)
        sys.exit(1)
    if logging.getLogger("mkdocs").isEnabledFor(logging.INFO):
        stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.timings.items())
        click.echo(f"Thời gian: {stages}", err=True)
    site_dir = project.display(project.site_dir)
    click.echo(f"Đã dựng {len(result.records)} mục công khai vào {site_dir}/", err=True)


@main.command("validate")
@project_option
@as_of_option
@format_option
def validate_command(root: Path, as_of: dt.datetime | None, output_format: str) -> None:
    """Chỉ kiểm tra nội dung, không dựng trang."""
    project = Project(root.resolve())
    result, _ = validate_project(project, as_of=as_of.date() if as_of else _today())
    _report(result, output_format)
    if output_format == "text" and not result.diagnostics:
        click.echo(f"Không có lỗi: {len(result.records)} mục công khai hợp lệ.", err=True)
    sys.exit(0 if result.ok else 1)


@main.command("serve")
@project_option
@as_of_option
@click.option("--port", default=8000, show_default=True, help="Cổng mạng của máy xem trước.")
def serve_command(root: Path, as_of: dt.datetime | None, port: int) -> None:
    """Xem trước cổng trên máy, tự dựng lại khi sửa tệp."""
    from generator.preview import serve

    serve(Project(root.resolve()), as_of=as_of.date() if as_of else None, port=port)


@main.command("schema")
@project_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Thư mục ghi JSON Schema; mặc định là schemas/ trong thư mục dự án.",
)
def schema_command(root: Path, out: Path | None) -> None:
    """Ghi JSON Schema của từng loại công khai (để trình soạn thảo gợi ý và kiểm tra)."""
    from generator.schemas import schema_files, write_schemas

    project = Project(root.resolve())
    directory = out if out is not None else project.root / "schemas"
    changed = write_schemas(directory)
    click.echo(
        f"Đã ghi {len(schema_files())} tệp vào {project.display(directory.resolve())}/ "
        f"({len(changed)} tệp thay đổi).",
        err=True,
    )


@main.command("new")
@project_option
@click.argument("kind", metavar="LOẠI", type=click.Choice(sorted(TYPES)))
@click.option("--title", default=None, help="Tiêu đề của mục; cũng dùng để đặt tên tệp.")
@click.option("--year", type=int, default=None, help="Năm của mục; mặc định là năm nay.")
def new_command(root: Path, kind: str, title: str | None, year: int | None) -> None:
    """Tạo tệp YAML mẫu, có chú thích tiếng Việt, cho một mục công khai mới."""
    from generator.scaffold import file_name, scaffold, schema_ref
    from generator.schemas import schema_file_name, write_schemas

    project = Project(root.resolve())
    year = year if year is not None else _today().year
    target = project.content_dir / kind / file_name(year, title)
    if target.exists():
        problem = diagnostic("CK158", "đã có tệp này", project.display(target))
        click.echo(format_text([problem], {}), err=True)
        sys.exit(1)
    schemas_dir = project.root / "schemas"
    write_schemas(schemas_dir)
    ref = schema_ref(target, schemas_dir, schema_file_name(kind))
    text = scaffold(TYPES[kind], schema_ref=ref, title=title, year=year)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(project.display(target))
    click.echo(
        "Điền các chỗ <điền ...> và <chọn ...> rồi kiểm tra bằng: congkhai validate", err=True
    )
