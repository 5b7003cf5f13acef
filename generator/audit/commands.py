"""`congkhai audit` and `congkhai audit-registry`: the supervising level's commands."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator.diagnostics import format_text
from generator.vn.formatting import today_in_vietnam
from generator.vn.text import fold

as_of_option = click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Kiểm tra thời hạn tính đến ngày này (YYYY-MM-DD); mặc định là hôm nay.",
)
_URL_HELP = "Mẫu địa chỉ cổng, ví dụ https://{slug}.ninhbinh.gov.vn/"
_SITE_HELP = "Mẫu thư mục site/ đã dựng, ví dụ ban-sao/{code}/site"


@click.command("audit")
@click.argument(
    "registry",
    metavar="[DANH_SÁCH_XÃ]",
    required=False,
    type=click.Path(dir_okay=False, path_type=Path),
)
@as_of_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("kiem-tra"),
    show_default=True,
    help="Thư mục ghi bảng tổng hợp (HTML, matrix.csv, matrix.json).",
)
@click.option(
    "--previous",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="matrix.json của một lần kiểm tra trước, để so sánh xã nào cải thiện, xã nào giảm.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="Số cổng tải cùng lúc.",
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=None,
    help="Số tiến trình kiểm tra song song (mặc định: số lõi CPU, tối đa 8).",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Thư mục giữ manifest đã tải, để lần sau chỉ tải lại cổng có thay đổi "
    "(mặc định trong thư mục cache của người dùng).",
)
@click.option("--no-cache", is_flag=True, help="Tải lại mọi manifest, không dùng và không giữ.")
@click.option(
    "--province",
    "provinces",
    multiple=True,
    help="Không có tệp danh sách xã: kiểm tra mọi xã của tỉnh này theo danh mục (tên hoặc mã, "
    "ghi nhiều lần được; `ca-nuoc` là cả nước); cần --url hoặc --site.",
)
@click.option("--url", "url_pattern", default=None, help=_URL_HELP)
@click.option("--site", "site_pattern", default=None, help=_SITE_HELP)
def audit_command(
    registry: Path | None,
    as_of: dt.datetime | None,
    out: Path,
    previous: Path | None,
    jobs: int,
    processes: int | None,
    cache: Path | None,
    no_cache: bool,
    provinces: tuple[str, ...],
    url_pattern: str | None,
    site_pattern: str | None,
) -> None:
    """Kiểm tra mức độ công khai của nhiều xã và ghi bảng tổng hợp tĩnh (cho cấp tỉnh).

    Bắt đầu bằng một lệnh, không cần tệp danh sách:
    congkhai audit --province 'Ninh Bình' --url 'https://{slug}.ninhbinh.gov.vn/'
    (danh sách dùng được ghi ra <out>/danh-sach-xa.yaml để sửa và dùng lại)."""
    from generator.audit.http_cache import HttpCache, default_folder
    from generator.audit.run import run_audit

    if registry is None:
        if not provinces:
            raise click.UsageError("Cần tệp danh sách xã, hoặc --province cùng --url hoặc --site.")
        out.mkdir(parents=True, exist_ok=True)
        registry = out / "danh-sach-xa.yaml"
        registry.write_text(
            _official_registry(provinces, url_pattern, site_pattern, None), encoding="utf-8"
        )
        click.echo(f"Đã lập danh sách xã theo danh mục: {registry}", err=True)
    elif provinces or url_pattern or site_pattern:
        raise click.UsageError("--province, --url, --site chỉ dùng khi không có tệp danh sách xã.")

    progress: dict[str, object] = {}

    def on_start(total: int) -> None:
        if sys.stderr.isatty():
            bar = click.progressbar(
                length=total,
                label="Kiểm tra cổng các xã",
                file=sys.stderr,
                show_pos=True,
                show_eta=True,
            )
            progress["bar"] = bar.__enter__()

    def on_done(_summary: object) -> None:
        bar = progress.get("bar")
        if bar is not None:
            bar.update(1)  # type: ignore[attr-defined]

    run = run_audit(
        registry,
        as_of=as_of.date() if as_of else today_in_vietnam(),
        out=out,
        previous=previous,
        jobs=jobs,
        processes=processes,
        cache=None if no_cache else HttpCache(cache or default_folder()),
        on_start=on_start,
        on_done=on_done,
    )
    if "bar" in progress:
        progress["bar"].__exit__(None, None, None)  # type: ignore[attr-defined]
    if run.diagnostics:
        click.echo(format_text(run.diagnostics, run.lines), err=True)
    if run.audit is None:
        click.echo("Chưa kiểm tra: sửa các lỗi ở trên rồi chạy lại.", err=True)
        sys.exit(1)
    communes = run.audit.communes
    readable = sum(1 for c in communes if c.reachable)
    unchanged = sum(1 for c in communes if c.unchanged)
    click.echo(
        f"Đã kiểm tra {readable}/{len(communes)} xã, {len(run.audit.rules)} quy tắc"
        + (f" ({unchanged} cổng không đổi từ lần trước, chỉ tải tiêu đề)" if unchanged else "")
        + f"; bảng tổng hợp: {out / 'index.html'}",
        err=True,
    )


@click.command("audit-registry")
@click.option(
    "--province",
    "provinces",
    multiple=True,
    required=True,
    help="Tỉnh, thành phố (tên hoặc mã; ghi nhiều lần được); `ca-nuoc` là cả nước.",
)
@click.option("--url", "url_pattern", default=None, help=_URL_HELP)
@click.option("--site", "site_pattern", default=None, help=_SITE_HELP)
@click.option(
    "--checked-from",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Ngày bắt đầu xét các kỳ công khai (mặc định 2025-07-01).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Tệp ghi danh sách (mặc định: in ra màn hình).",
)
def audit_registry_command(
    provinces: tuple[str, ...],
    url_pattern: str | None,
    site_pattern: str | None,
    checked_from: dt.datetime | None,
    output: Path | None,
) -> None:
    """Lập tệp danh sách xã cho `congkhai audit` từ danh mục đơn vị hành chính (sau sáp nhập
    ngày 1/7/2025): mọi xã, phường, đặc khu của một tỉnh hoặc cả nước.

    Trong mẫu địa chỉ: {code} mã xã, {slug} tên xã không dấu (gia-vien), {codename} (xa_gia_vien),
    {province} tên tỉnh không dấu (ninh_binh)."""
    text = _official_registry(
        provinces, url_pattern, site_pattern, checked_from.date() if checked_from else None
    )
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Đã ghi {text.count('  - {code:')} xã vào {output}", err=True)


def _official_registry(
    provinces: tuple[str, ...],
    url_pattern: str | None,
    site_pattern: str | None,
    checked_from: dt.date | None,
) -> str:
    from generator.audit.official import (
        DEFAULT_CHECKED_FROM,
        PatternError,
        find_province,
        province_names,
        registry_yaml,
    )

    if (url_pattern is None) == (site_pattern is None):
        raise click.UsageError(
            "Ghi đúng một trong --url (mẫu địa chỉ cổng) hoặc --site (mẫu thư mục)."
        )
    codes: list[str] | None = []
    for wanted in provinces:
        if fold(wanted).lower().replace(" ", "-") in ("ca-nuoc", "all"):
            codes = None
            break
        code = find_province(wanted)
        if code is None:
            raise click.UsageError(
                f"Không có tỉnh `{wanted}` trong danh mục. Các tỉnh, thành phố: "
                + "; ".join(province_names())
            )
        assert codes is not None
        codes.append(code)
    try:
        return registry_yaml(
            codes,
            kind="url" if url_pattern is not None else "site",
            pattern=url_pattern if url_pattern is not None else str(site_pattern),
            checked_from=checked_from or DEFAULT_CHECKED_FROM,
        )
    except PatternError as exc:
        raise click.UsageError(str(exc)) from None
