"""The `congkhai` command: build, validate and preview a commune's portal."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path

import click

from generator import __version__
from generator.build import BuildResult, build, validate_project
from generator.diagnostics import (
    diagnostic,
    format_github,
    format_gitlab,
    format_json,
    format_text,
)
from generator.project import Project
from generator.types import TYPES
from generator.types.ngan_sach import PHASE_TITLES
from generator.vn.formatting import today_in_vietnam


def _report(result: BuildResult, output_format: str) -> None:
    if output_format == "json":
        click.echo(format_json(result.diagnostics))
    elif output_format == "github":
        click.echo(format_github(result.diagnostics))
    elif output_format == "gitlab":
        click.echo(format_gitlab(result.diagnostics))
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
    type=click.Choice(["text", "json", "github", "gitlab"]),
    default="text",
    show_default=True,
    help="Cách in lỗi: text cho người đọc, json cho máy, github là chú thích trên GitHub Actions, "
    "gitlab là báo cáo Code Quality của GitLab CI.",
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
@click.option(
    "--strict",
    is_flag=True,
    help="Coi cảnh báo là lỗi: không xuất bản nếu có cảnh báo (trừ khuyến nghị CK490).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help="Số tiến trình dựng trang cùng lúc; mặc định mỗi nhân CPU một tiến trình.",
)
def build_command(
    root: Path, as_of: dt.datetime | None, output_format: str, strict: bool, jobs: int | None
) -> None:
    """Kiểm tra nội dung và dựng cổng vào thư mục site/."""
    project = Project(root.resolve())
    day = as_of.date() if as_of else today_in_vietnam()
    result = build(project, as_of=day, strict=strict, jobs=jobs)
    _report(result, output_format)
    if not result.published:
        click.echo("Chưa xuất bản: site/ giữ nguyên như lần dựng trước.", err=True)
        sys.exit(1)
    if logging.getLogger("mkdocs").isEnabledFor(logging.INFO):
        stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.timings.items())
        click.echo(f"Thời gian: {stages}", err=True)
    site_dir = project.display(project.site_dir)
    click.echo(f"Đã dựng {result.count} mục công khai vào {site_dir}/", err=True)


@main.command("validate")
@project_option
@as_of_option
@format_option
def validate_command(root: Path, as_of: dt.datetime | None, output_format: str) -> None:
    """Chỉ kiểm tra nội dung, không dựng trang."""
    project = Project(root.resolve())
    result, _ = validate_project(project, as_of=as_of.date() if as_of else today_in_vietnam())
    _report(result, output_format)
    if output_format == "text" and result.ok:
        click.echo(f"Không có lỗi: {result.count} mục công khai hợp lệ.", err=True)
    sys.exit(0 if result.ok else 1)


@main.command("check")
@project_option
@as_of_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text cho người đọc, json cho máy, html là một trang báo cáo.",
)
def check_command(root: Path, as_of: dt.datetime | None, output_format: str) -> None:
    """Kiểm tra mức độ công khai theo các quy định có hiệu lực vào ngày --as-of."""
    from generator.compliance.report import (
        format_report_html,
        format_report_json,
        format_report_text,
    )

    project = Project(root.resolve())
    result, validated = validate_project(
        project, as_of=as_of.date() if as_of else today_in_vietnam()
    )
    if result.report is None or validated.site is None:
        click.echo(format_text(result.diagnostics, result.lines), err=True)
        sys.exit(1)
    if output_format == "json":
        click.echo(format_report_json(result.report))
    elif output_format == "html":
        click.echo(format_report_html(result.report, validated.site, result.records), nl=False)
    else:
        click.echo(format_report_text(result.report))
    sys.exit(1 if result.report.blocking() else 0)


@main.command("serve")
@project_option
@as_of_option
@click.option("--port", default=8000, show_default=True, help="Cổng mạng của máy xem trước.")
def serve_command(root: Path, as_of: dt.datetime | None, port: int) -> None:
    """Xem trước cổng trên máy, tự dựng lại khi sửa tệp."""
    from generator.commands.serve import serve

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
    from generator.publish.schemas import schema_files, write_schemas

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
    from generator.commands.scaffold import file_name, scaffold, schema_ref
    from generator.publish.schemas import schema_file_name, write_schemas

    project = Project(root.resolve())
    year = year if year is not None else today_in_vietnam().year
    target = project.content_dir / kind / file_name(year, title, yearless=TYPES[kind].yearless)
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


@main.command("editor")
@project_option
@click.option(
    "--backend",
    type=click.Choice(["gitlab", "github"]),
    default=None,
    help="Nơi lưu kho của xã; bỏ trống thì giữ cấu hình đã có (mặc định gitlab).",
)
@click.option("--repo", default=None, help="Kho dạng nhóm/tên-kho, ví dụ ubnd-tan-hoa/cong.")
@click.option("--branch", default="main", show_default=True, help="Nhánh được xuất bản.")
@click.option("--app-id", default=None, help="GitLab: Application ID của ứng dụng OAuth (PKCE).")
@click.option(
    "--base-url",
    default=None,
    help="GitLab: địa chỉ máy chủ GitLab (mặc định https://gitlab.com); GitHub: dịch vụ đăng "
    "nhập OAuth của tỉnh.",
)
def editor_command(
    root: Path,
    backend: str | None,
    repo: str | None,
    branch: str,
    app_id: str | None,
    base_url: str | None,
) -> None:
    """Ghi trang soạn thảo trên web (/quan-tri/) cho cán bộ: mỗi loại công khai một biểu mẫu."""
    from generator.commands.editor import Backend, read_backend, site_url_of, write_editor

    project = Project(root.resolve())
    chosen = None
    if backend or repo or app_id or base_url:
        kept = read_backend(project.editor_config_file) or Backend()
        chosen = Backend(
            name=backend or kept.name,
            repo=repo or kept.repo,
            branch=branch,
            app_id=app_id or kept.app_id,
            base_url=base_url or kept.base_url,
        )
    result = write_editor(project.root, chosen, site_url=site_url_of(project))
    if result.diagnostics:
        click.echo(format_text(result.diagnostics, {}), err=True)
        sys.exit(1)
    for name in result.files:
        click.echo(name)
    click.echo(
        "Commit tệp này; lần dựng sau có trang /quan-tri/. Cách đăng nhập: README.md, "
        'mục "Soạn trên web".',
        err=True,
    )


@main.group("import")
def import_group() -> None:
    """Nhập bảng tính (.xlsx, .csv) thành tệp YAML trong content/."""


def _finish_import(project: Project, imported: object, source: Path, force: bool) -> None:
    from generator.commands.importing import Imported, check, write

    assert isinstance(imported, Imported)
    # What the sheet itself shows (a household count that differs is only a warning) comes
    # first; the type's own checks run unless the sheet could not be read.
    read_errors = any(p.is_error for p in imported.diagnostics)
    problems = imported.diagnostics + ([] if read_errors else check(imported))
    for note in imported.notes:
        click.echo(note, err=True)
    if problems and not any(p.is_error for p in problems):
        # Official figures are written as signed: a total that differs is shown, not refused.
        click.echo(format_text(problems, {}), err=True)
    elif problems:
        click.echo(format_text(problems, {}), err=True)
        click.echo("Chưa ghi tệp nào: sửa bảng tính rồi nhập lại.", err=True)
        sys.exit(1)
    written = write(project, imported, source, force=force)
    if not isinstance(written, Path):
        click.echo(format_text([written], {}), err=True)
        sys.exit(1)
    click.echo(project.display(written))
    click.echo(
        "Đã ghi. Điền các chỗ <điền ...> còn lại (nếu có) rồi chạy: congkhai validate", err=True
    )


spreadsheet_argument = click.argument(
    "source", metavar="TỆP", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
date_type = click.DateTime(formats=["%Y-%m-%d"])
force_option = click.option("--force", is_flag=True, help="Ghi đè tệp YAML đã có.")


@import_group.command("ngan-sach")
@project_option
@spreadsheet_argument
@click.option("--year", type=int, help="Năm ngân sách.")
@click.option("--phase", type=click.Choice(list(PHASE_TITLES)), help="Giai đoạn ngân sách.")
@click.option("--published", type=date_type, help="Ngày đăng lên cổng (YYYY-MM-DD).")
@click.option("--title", help="Tiêu đề; mặc định ghép từ giai đoạn và năm.")
@click.option(
    "--unit",
    default=None,
    help="Đơn vị tính khi bảng tính không in dòng “Đơn vị” (đồng, 1000 đồng, triệu đồng); bảng "
    "tính in đơn vị khác thì báo lỗi.",
)
@click.option(
    "--table",
    type=click.Choice(
        ["thu", "chi", "can-doi", "chi-dau-tu", "tai-chinh-khac", "revenue", "expenditure"]
    ),
    help="Loại biểu (thu, chi, can-doi...) khi tiêu đề biểu không nói rõ.",
)
@click.option(
    "--amendment",
    type=click.IntRange(1, 20),
    help="Lần điều chỉnh dự toán (với giai đoạn dieu-chinh), khi tiêu đề không ghi “lần ...”.",
)
@force_option
def import_budget_command(
    root: Path,
    source: Path,
    year: int | None,
    phase: str | None,
    published: dt.datetime | None,
    title: str | None,
    unit: str | None,
    table: str | None,
    amendment: int | None,
    force: bool,
) -> None:
    """Nhập các biểu ngân sách (biểu 103–120 hoặc biểu của tỉnh), mỗi trang tính một biểu."""
    from generator.commands.importing import import_budget

    project = Project(root.resolve())
    imported = import_budget(
        source,
        project.display(source.resolve()),
        year=year,
        phase=phase,
        published=published.date() if published else None,
        title=title,
        unit=unit,
        table=table,
        amendment=amendment,
    )
    _finish_import(project, imported, source, force)


@import_group.command("ho-ngheo")
@project_option
@spreadsheet_argument
@click.option("--year", type=int, help="Năm rà soát.")
@click.option("--review-kind", type=click.Choice(["dinh-ky", "thuong-xuyen"]), help="Loại rà soát.")
@click.option("--posted-from", type=date_type, help="Ngày bắt đầu niêm yết (YYYY-MM-DD).")
@click.option("--posted-to", type=date_type, help="Ngày kết thúc niêm yết (YYYY-MM-DD).")
@click.option("--published", type=date_type, help="Ngày đăng lên cổng (YYYY-MM-DD).")
@click.option("--title", help="Tiêu đề; mặc định ghép từ năm.")
@click.option("--place", "places", multiple=True, help="Nơi niêm yết (ghi nhiều lần được).")
@click.option(
    "--list",
    "list_name",
    type=click.Choice(["poor", "near_poor", "escaped"]),
    help="Danh sách trong tệp, khi tên trang không nói rõ (poor, near_poor, escaped).",
)
@force_option
def import_households_command(
    root: Path,
    source: Path,
    year: int | None,
    review_kind: str | None,
    posted_from: dt.datetime | None,
    posted_to: dt.datetime | None,
    published: dt.datetime | None,
    title: str | None,
    places: tuple[str, ...],
    list_name: str | None,
    force: bool,
) -> None:
    """Nhập danh sách hộ nghèo, cận nghèo (cột STT, Họ và tên chủ hộ, Thôn, Phân loại)."""
    from generator.commands.importing import import_households

    project = Project(root.resolve())
    imported = import_households(
        source,
        project.display(source.resolve()),
        year=year,
        review_kind=review_kind,
        posted_from=posted_from.date() if posted_from else None,
        posted_to=posted_to.date() if posted_to else None,
        published=published.date() if published else None,
        title=title,
        places=places,
        list_name=list_name,
    )
    _finish_import(project, imported, source, force)


@main.command("init")
@click.argument("directory", metavar="THƯ_MỤC", type=click.Path(path_type=Path))
@click.option("--commune", default=None, help='Tên xã, phường, đặc khu, ví dụ "Xã Tân Hòa".')
@click.option("--province", default=None, help='Tên tỉnh, thành phố, ví dụ "Tỉnh Ninh Bình".')
@click.option("--phone", default=None, help="Số điện thoại văn phòng UBND.")
@click.option("--email", default=None, help="Thư điện tử văn phòng UBND (nên là thư công vụ).")
@click.option("--address", default=None, help="Địa chỉ trụ sở UBND; mặc định: tên xã, tên tỉnh.")
@click.option("--site-url", default=None, help="Địa chỉ cổng khi đã xuất bản (https://...).")
@click.option(
    "--congkhai-spec",
    default=None,
    help="Cách cài congkhai ghi vào requirements.txt: phiên bản (congkhai==X.Y.Z), đường dẫn tệp "
    ".whl (được chép vào kho) hoặc địa chỉ kho gói của tỉnh (https://.../simple/); mặc định: "
    "đúng phiên bản đang chạy, từ PyPI.",
)
@click.option("--branch", default="main", show_default=True, help="Nhánh được xuất bản.")
def init_command(
    directory: Path,
    commune: str | None,
    province: str | None,
    phone: str | None,
    email: str | None,
    address: str | None,
    site_url: str | None,
    congkhai_spec: str | None,
    branch: str,
) -> None:
    """Tạo kho nội dung cho cổng của một xã mới: ví dụ mỗi loại, README, CI GitHub và GitLab.

    Mọi câu hỏi đều có tuỳ chọn; chạy trong cửa sổ dòng lệnh thì điều còn thiếu được hỏi, chạy
    trong CI hay một tệp lệnh thì điều còn thiếu được báo một lần.
    """
    from generator.commands.init import Identity, init_project

    questions = {
        "--commune": ("Tên xã, phường, đặc khu (ví dụ Xã Tân Hòa)", commune),
        "--province": ("Tên tỉnh, thành phố (ví dụ Tỉnh Ninh Bình)", province),
        "--phone": ("Số điện thoại văn phòng UBND", phone),
        "--email": ("Thư điện tử văn phòng UBND", email),
    }
    answers = {name: (value or "").strip() for name, (_, value) in questions.items()}
    if sys.stdin.isatty():
        for name, (question, _) in questions.items():
            if not answers[name]:
                # An empty answer is an answer: it is reported below, never asked again forever.
                answers[name] = click.prompt(question, default="", show_default=False).strip()
    missing = [name for name, answer in answers.items() if not answer]
    if missing:
        click.echo(
            f"Thiếu {', '.join(missing)}: ghi thêm vào lệnh, ví dụ\n"
            '  congkhai init tan-hoa --commune "Xã Tân Hòa" --province "Tỉnh Ninh Bình" '
            '--phone "0229 3861 245" --email ubnd.tanhoa@ninhbinh.gov.vn',
            err=True,
        )
        click.echo(f"Chưa tạo {directory}.", err=True)
        sys.exit(2)
    identity = Identity(
        commune=answers["--commune"],
        province=answers["--province"],
        address=(address or "").strip() or f"{answers['--commune']}, {answers['--province']}",
        phone=answers["--phone"],
        email=answers["--email"],
        site_url=site_url,
    )
    result = init_project(
        directory, identity, as_of=today_in_vietnam(), congkhai_spec=congkhai_spec, branch=branch
    )
    if not result.ok:
        click.echo(format_text(result.diagnostics, {}), err=True)
        click.echo(f"Chưa tạo {directory}.", err=True)
        sys.exit(1)
    if not (address or "").strip():
        result.warnings.append(
            f"chưa có --address: địa chỉ trụ sở tạm ghi là “{identity.address}”; sửa `address` "
            "trong site_config/site.yaml."
        )
    for warning in result.warnings:
        click.echo(f"cảnh báo: {warning}", err=True)
    click.echo(f"Đã tạo {len(result.files)} tệp trong {directory}/.", err=True)
    click.echo(
        f"Bước tiếp theo: đọc {directory}/README.md, rồi đẩy thư mục lên GitHub hoặc GitLab.",
        err=True,
    )


@main.group("examples")
def examples_group() -> None:
    """Các mục ví dụ do congkhai init tạo (example: true)."""


@examples_group.command("remove")
@project_option
@click.option("--dry-run", is_flag=True, help="Chỉ liệt kê, không xoá.")
def examples_remove_command(root: Path, dry_run: bool) -> None:
    """Xoá mọi mục ví dụ trong content/ và tệp đính kèm chỉ mục ví dụ dùng."""
    from generator.commands.examples import find_examples, remove_examples

    project = Project(root.resolve())
    found = find_examples(project) if dry_run else remove_examples(project)
    for path in [*found.items, *found.files]:
        click.echo(project.display(path))
    for path in found.unreadable:
        shown = project.display(path)
        click.echo(f"bỏ qua {shown}: không đọc được (xem congkhai validate)", err=True)
    verb = "Sẽ xoá" if dry_run else "Đã xoá"
    click.echo(
        f"{verb} {len(found.items)} mục ví dụ và {len(found.files)} tệp đính kèm của chúng.",
        err=True,
    )


@examples_group.command("check")
@project_option
def examples_check_command(root: Path) -> None:
    """Mã thoát 1 khi còn mục ví dụ: CI của xã không xuất bản cổng khi còn nội dung ví dụ."""
    from generator.commands.examples import find_examples

    project = Project(root.resolve())
    found = find_examples(project)
    if not found.items:
        click.echo("Không còn mục ví dụ nào.", err=True)
        return
    for path in found.items:
        click.echo(project.display(path))
    click.echo(
        f"Còn {len(found.items)} mục ví dụ (example: true): cổng chưa được xuất bản. Sửa các mục "
        "này thành nội dung thật và xoá dòng `example: true`, hoặc xoá hết bằng "
        "`congkhai examples remove`.",
        err=True,
    )
    raise SystemExit(1)


# The province's intake service and the staff commands beside it (generator/intake/).
from generator.intake.commands import intake_group  # noqa: E402

main.add_command(intake_group)

# The supervising level's audit of many communes (generator/audit/).
from generator.audit.commands import audit_command, audit_registry_command  # noqa: E402

main.add_command(audit_command)
main.add_command(audit_registry_command)
