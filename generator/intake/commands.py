"""`congkhai intake ...`: run the service, and the staff's commands beside it."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.diagnostics import format_text

if TYPE_CHECKING:
    from generator.intake.export import Forgotten

database_option = click.option(
    "--database",
    "-d",
    envvar="CONGKHAI_INTAKE_DATABASE",
    default="tiep-nhan.sqlite3",
    show_default=True,
    help="Tệp SQLite, hoặc địa chỉ PostgreSQL postgresql://người-dùng@máy/tên-csdl "
    "(nên đặt qua biến môi trường CONGKHAI_INTAKE_DATABASE để mật khẩu không lộ).",
)
commune_option = click.option(
    "--commune", "-c", required=True, help="Mã đơn vị hành chính của xã, như trong danh sách xã."
)


# What the extra `congkhai[intake]` installs: a commune's portal never needs them.
SERVICE_MODULES = ("starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg")


def missing_service_modules() -> list[str]:
    return [name for name in SERVICE_MODULES if importlib.util.find_spec(name) is None]


@click.group("intake")
def intake_group() -> None:
    """Dịch vụ tiếp nhận câu hỏi và đánh giá trang của người dân (do tỉnh vận hành).

    Cần cài thêm phần dịch vụ: python -m pip install "congkhai[intake]".
    """
    missing = missing_service_modules()
    if missing:
        click.echo(
            f"Chưa cài phần dịch vụ tiếp nhận của congkhai (thiếu {', '.join(missing)}). Cài bằng:"
            '\n  python -m pip install "congkhai[intake]"\n'
            "(cùng phiên bản congkhai đang dùng; trong mã nguồn congkhai: uv sync --extra "
            "intake). Cổng của xã không cần phần này.",
            err=True,
        )
        sys.exit(1)


@intake_group.command("serve")
@click.option(
    "--registry",
    "-r",
    "registry_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="CONGKHAI_INTAKE_REGISTRY",
    required=True,
    help="Tệp YAML danh sách các xã (mã, tên, địa chỉ cổng) được phép gửi câu hỏi, đánh giá.",
)
@database_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ lắng nghe.")
@click.option("--port", default=8650, show_default=True, type=int, help="Cổng lắng nghe.")
@click.option(
    "--questions-per-hour",
    default=5,
    show_default=True,
    type=click.IntRange(min=0),
    help="Số câu hỏi tối đa mỗi người gửi trong một giờ (0: không giới hạn).",
)
@click.option(
    "--ratings-per-hour",
    default=60,
    show_default=True,
    type=click.IntRange(min=0),
    help="Số lượt đánh giá tối đa mỗi người gửi trong một giờ (0: không giới hạn).",
)
@click.option(
    "--max-body",
    default=16 * 1024,
    show_default=True,
    type=click.IntRange(min=1024),
    help="Dung lượng tối đa của một lần gửi, tính bằng byte.",
)
@click.option(
    "--forwarded-allow-ips",
    default=None,
    help="Địa chỉ của máy chủ proxy (nginx) được tin để lấy địa chỉ người gửi từ "
    "X-Forwarded-For, ví dụ 127.0.0.1.",
)
def serve_command(
    registry_path: Path,
    database: str,
    host: str,
    port: int,
    questions_per_hour: int,
    ratings_per_hour: int,
    max_body: int,
    forwarded_allow_ips: str | None,
) -> None:
    """Chạy dịch vụ tiếp nhận (máy chủ web ASGI)."""
    import uvicorn

    from generator.intake.app import Settings, create_app
    from generator.intake.registry import load_registry
    from generator.intake.store import open_store

    registry, problems, lines = load_registry(registry_path)
    if registry is None:
        click.echo(format_text(problems, lines), err=True)
        sys.exit(1)
    for commune in registry.unreachable:
        click.echo(
            f"Chưa nhận câu hỏi, đánh giá cho {commune.title}: danh sách xã chưa ghi địa chỉ "
            "công khai của cổng (`portal` hoặc `url`).",
            err=True,
        )
    secret = os.environ.get("CONGKHAI_INTAKE_SECRET", "").encode() or secrets.token_bytes(32)
    settings = Settings(
        registry=registry,
        engine=open_store(database),
        secret=secret,
        questions_per_hour=questions_per_hour,
        ratings_per_hour=ratings_per_hour,
        max_body=max_body,
    )
    click.echo(
        f"Dịch vụ tiếp nhận cho {len(registry.communes)} xã tại http://{host}:{port}/",
        err=True,
    )
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        # Access logs would write every sender's IP address to disk: the service keeps none.
        access_log=False,
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
        server_header=False,
        log_level="warning",
    )


@intake_group.command("export")
@commune_option
@database_option
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content/hoi-dap"),
    show_default=True,
    help="Thư mục ghi các bản nháp hỏi đáp.",
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Chỉ lấy câu hỏi nhận từ ngày này (YYYY-MM-DD).",
)
def export_command(commune: str, database: str, out: Path, since: dt.datetime | None) -> None:
    """Ghi các câu hỏi mới của một xã thành bản nháp YAML trong content/hoi-dap/."""
    from generator.intake.export import export_questions
    from generator.intake.store import open_store

    result = export_questions(open_store(database), commune, out, since.date() if since else None)
    if result.diagnostics:
        lines = {p.as_posix(): p.read_text(encoding="utf-8").splitlines() for p in result.files}
        click.echo(format_text(result.diagnostics, lines), err=True)
    for path in result.files:
        click.echo(f"Đã ghi {path.as_posix()}")
    for path in result.skipped:
        click.echo(f"Đã có {path.as_posix()} từ lần xuất trước, giữ nguyên.", err=True)
    if result.contacts:
        click.echo(
            "Người hỏi để lại cách liên hệ (không ghi vào tệp; chỉ dùng để trả lời họ):",
            err=True,
        )
        for contact in result.contacts:
            who = ", ".join(part for part in (contact.name, contact.contact) if part)
            click.echo(f"  câu hỏi số {contact.number}: {who}", err=True)
    click.echo(f"Xuất {len(result.files)} câu hỏi mới của xã {commune}.", err=True)


@intake_group.command("ratings")
@commune_option
@database_option
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("site_config/danh-gia.json"),
    show_default=True,
    help="Tệp JSON số lượt đánh giá theo trang; lần dựng cổng sau sẽ hiện các số này.",
)
def ratings_command(commune: str, database: str, out: Path) -> None:
    """Ghi số người thấy mỗi trang hữu ích thành tệp JSON để cổng hiển thị."""
    from generator.intake.export import write_rating_counts
    from generator.intake.store import open_store

    pages = write_rating_counts(open_store(database), commune, out)
    click.echo(f"Đã ghi số lượt đánh giá của {pages} trang vào {out.as_posix()}.", err=True)


@intake_group.command("forget")
@database_option
@click.option("--contact", default=None, help="Xoá họ tên, liên hệ ở mọi câu hỏi có liên hệ này.")
@click.option("--question", "number", type=int, default=None, help="Hoặc chỉ ở câu hỏi số này.")
@click.option(
    "--in-text",
    "in_text",
    is_flag=True,
    help="Xoá cả thông tin cá nhân trong nội dung: ở các câu hỏi của người đó, câu hỏi khác có "
    "liên hệ của họ, và góp ý đánh giá trang có họ tên hoặc liên hệ của họ.",
)
def forget_command(database: str, contact: str | None, number: int | None, in_text: bool) -> None:
    """Xoá họ tên và cách liên hệ của một người khi người đó yêu cầu."""
    from generator.intake.export import forget
    from generator.intake.store import open_store

    if (contact is None) == (number is None):
        raise click.UsageError("Ghi đúng một trong hai: --contact hoặc --question.")
    forgotten = forget(open_store(database), contact=contact, number=number, in_text=in_text)
    if not forgotten:
        where = "câu hỏi hay góp ý nào" if in_text else "câu hỏi nào"
        click.echo(f"Không có {where} còn lưu họ tên, liên hệ hay thông tin cá nhân này.", err=True)
        sys.exit(1)
    click.echo(forget_report(forgotten, in_text), err=True)


def forget_report(forgotten: Forgotten, in_text: bool) -> str:
    """What was erased, question by question: what staff tell the resident."""
    from generator.intake.erasure import MARK, summary

    lines = []
    for number, removed in forgotten.questions.items():
        lines.append(f"Câu hỏi số {number}: đã xoá {summary(removed)}.")
    for number, (page, removed) in forgotten.ratings.items():
        lines.append(f"Góp ý số {number} (trang {page or '/'}): đã xoá {summary(removed)}.")
    if in_text:
        lines.append(
            f"Các chỗ đã xoá trong nội dung được thay bằng {MARK}. Địa chỉ nhà, bệnh tật, tên "
            "người thân không được nhận ra tự động: nếu người đó có ghi, báo cán bộ quản trị "
            "dịch vụ xoá bằng tay."
        )
    if forgotten.exported:
        listed = ", ".join(str(n) for n in forgotten.exported)
        lines.append(
            f"Câu hỏi số {listed} đã được xuất thành bản nháp: xoá cả trường `asker` và sửa "
            "nội dung tương ứng trong content/hoi-dap/."
        )
    return "\n".join(lines)
