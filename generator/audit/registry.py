"""The supervising level's list of communes to audit, and where each one's portal is.

A registry is a YAML file written by provincial staff, so a mistake in it is a diagnostic with
file, line and column, like a mistake in a commune's content. Official codes and names come from
the vietnam-provinces package (the General Statistics Office's list after 1 Jul 2025); a code or
name that does not match it is a warning, since the list itself may lag behind a new decision.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, HttpUrl, model_validator

from generator.diagnostics import Diagnostic, Severity, diagnostic
from generator.diagnostics.positions import SourceFile
from generator.load.sources import read_source
from generator.types.common import Date, StrictModel, Text
from generator.vn.text import fold

SourceKind = Literal["site", "content", "url"]


def _five_digits(value: object) -> object:
    # Codes have leading zeros ("00004"); YAML reads 00004 as the number 4, so accept both.
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 100_000:
        return f"{value:05d}"
    return value


WardCode = Annotated[str, BeforeValidator(_five_digits), Field(pattern=r"^\d{5}$")]
ProvinceCode = Annotated[
    str,
    BeforeValidator(lambda v: f"{v:02d}" if isinstance(v, int) and 0 < v < 100 else v),
    Field(pattern=r"^\d{2}$"),
]


class ProvinceEntry(StrictModel):
    """Tỉnh, thành phố thực hiện kiểm tra."""

    code: ProvinceCode
    """Mã tỉnh, thành phố theo danh mục đơn vị hành chính (2 chữ số), ví dụ "37" là Ninh Bình."""
    name: Text | None = None
    """Tên tỉnh, thành phố; để trống thì lấy theo danh mục."""


class CommuneEntry(StrictModel):
    """Một xã, phường, đặc khu và nơi lấy dữ liệu cổng của nó (ghi đúng một trong site, content,
    url)."""

    code: WardCode
    """Mã đơn vị hành chính cấp xã (5 chữ số), ví dụ "14215"."""
    name: Text | None = None
    """Tên xã, phường, đặc khu; để trống thì lấy theo danh mục đơn vị hành chính."""
    site: Text | None = None
    """Thư mục site/ đã dựng của cổng (có api/manifest.json), tính từ thư mục của tệp này."""
    content: Text | None = None
    """Thư mục kho nội dung của xã (có content/ và site_config/), tính từ thư mục của tệp này."""
    url: HttpUrl | None = None
    """Địa chỉ cổng (https://...): công cụ tải <địa chỉ>/api/manifest.json."""
    portal: HttpUrl | None = None
    """Địa chỉ công khai của cổng, để dẫn chứng trong báo cáo mở được trang của xã (khi lấy dữ
    liệu từ site hoặc content); mặc định là url, hoặc site_url của xã."""

    @model_validator(mode="after")
    def _one_source(self) -> CommuneEntry:
        given = [name for name in ("site", "content", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("ghi đúng một trong ba: site, content hoặc url")
        return self

    @property
    def source_kind(self) -> SourceKind:
        if self.site is not None:
            return "site"
        return "content" if self.content is not None else "url"


class RegistryFile(StrictModel):
    """Danh sách xã cần kiểm tra mức độ công khai."""

    title: Text = "Kiểm tra mức độ công khai của các xã"
    """Tiêu đề của bảng tổng hợp."""
    province: ProvinceEntry | None = None
    """Tỉnh, thành phố kiểm tra; các xã thuộc tỉnh khác sẽ được cảnh báo."""
    checked_from: Date
    """Chỉ xét các kỳ có hạn công khai từ ngày này, như nhau cho mọi xã (thay compliance_from
    của từng xã); manifest.json không ghi ngày xã bắt đầu tự kiểm tra, nên phải ghi ở đây."""
    rules: list[Text] = []
    """Tệp quy tắc bổ sung của tỉnh (tính từ thư mục của tệp này); quy tắc cùng mã thay quy tắc
    có sẵn."""
    timeout: Annotated[float, Field(gt=0, le=300)] = 20.0
    """Thời gian tối đa (giây) để tải manifest của một cổng, kể cả các lần thử lại."""
    max_bytes: Annotated[int, Field(ge=1024, le=512 * 2**20)] = 50 * 2**20
    """Dung lượng tối đa (byte) của một manifest; lớn hơn là bị từ chối."""
    communes: list[CommuneEntry] = Field(min_length=1)
    """Các xã, phường, đặc khu."""


@dataclass(frozen=True)
class Commune:
    """A registry entry resolved: official name, absolute paths, and where it is written."""

    code: str
    name: str
    kind: SourceKind
    location: str
    """The absolute directory (site, content) or the portal's base URL ending in `/`."""
    portal: str | None
    """The public base URL, ending in `/`, used to link evidence; None when unknown."""
    line: int
    column: int
    province: str = ""
    """Its province's code: the official list's, else the registry's province, else empty."""


@dataclass
class Registry:
    path: Path
    name: str
    """The registry file as shown in messages."""
    title: str = ""
    province_code: str | None = None
    province_name: str | None = None
    checked_from: dt.date | None = None
    rule_files: list[Path] = field(default_factory=list)
    timeout: float = 20.0
    max_bytes: int = 50 * 2**20
    communes: list[Commune] = field(default_factory=list)


@dataclass
class LoadedRegistry:
    registry: Registry | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)


@functools.cache
def official_wards() -> dict[str, tuple[str, str]]:
    """Ward code -> (official name, province code), from the vietnam-provinces package."""
    from vietnam_provinces import Ward

    return {
        f"{ward.code.value:05d}": (ward.name, f"{ward.province_code.value:02d}")
        for ward in Ward.iter_all()
    }


@functools.cache
def official_provinces() -> dict[str, str]:
    from vietnam_provinces import Province

    return {f"{p.code.value:02d}": p.name for p in Province.iter_all()}


def official_data_version() -> str:
    import vietnam_provinces

    return vietnam_provinces.__data_version__


def load_registry(path: Path, name: str | None = None) -> LoadedRegistry:
    """Read and check a registry file; paths in it are relative to its folder."""
    from generator.diagnostics.models import validate_model

    shown = name or path.as_posix()
    result = LoadedRegistry(registry=None)
    if not path.is_file():
        result.diagnostics.append(
            diagnostic("CK700", "không có tệp danh sách xã", shown, hint=_REGISTRY_HINT)
        )
        return result
    source, problems = read_source(path, shown)
    result.diagnostics += problems
    if source is None:
        return result
    result.lines[shown] = source.lines
    parsed = validate_model(RegistryFile, source, result.diagnostics)
    if parsed is None:
        return result
    registry = Registry(
        path=path,
        name=shown,
        title=parsed.title,
        checked_from=parsed.checked_from,
        rule_files=[(path.parent / rules).resolve() for rules in parsed.rules],
        timeout=parsed.timeout,
        max_bytes=parsed.max_bytes,
    )
    for index, rules in enumerate(parsed.rules):
        if not (path.parent / rules).is_file():
            result.diagnostics.append(
                diagnostic(
                    "CK705",
                    f"không có tệp quy tắc `{rules}` (tính từ thư mục của tệp danh sách xã)",
                    shown,
                    source.locate(("rules", index)),
                    field=f"rules[{index}]",
                )
            )
    if parsed.province is not None:
        registry.province_code = parsed.province.code
        registry.province_name = parsed.province.name or official_provinces().get(
            parsed.province.code
        )
        if parsed.province.code not in official_provinces():
            result.diagnostics.append(
                _warning(
                    "CK702",
                    f"mã tỉnh `{parsed.province.code}` không có trong danh mục đơn vị hành chính "
                    f"(dữ liệu ngày {official_data_version()})",
                    source,
                    ("province", "code"),
                )
            )
    seen: dict[str, int] = {}
    for index, entry in enumerate(parsed.communes):
        where = source.locate(("communes", index))
        if entry.code in seen:
            result.diagnostics.append(
                diagnostic(
                    "CK701",
                    f"mã `{entry.code}` đã có ở xã thứ {seen[entry.code] + 1} trong danh sách",
                    shown,
                    source.locate(("communes", index, "code")),
                    field=f"communes[{index}].code",
                )
            )
            continue
        seen[entry.code] = index
        result.diagnostics += _official_name_problems(entry, index, registry, source)
        official = official_wards().get(entry.code)
        registry.communes.append(
            Commune(
                code=entry.code,
                name=entry.name or (official[0] if official else f"Xã mã {entry.code}"),
                kind=entry.source_kind,
                location=_location(entry, path.parent),
                portal=_slash(str(entry.portal or entry.url or "")) or None,
                line=where.line,
                column=where.column,
                province=official[1] if official else registry.province_code or "",
            )
        )
    if not any(d.is_error for d in result.diagnostics):
        result.registry = registry
    return result


_REGISTRY_HINT = "Xem mẫu tệp danh sách xã trong examples/audit/registry.yaml và docs/kiem-tra.md."


def _official_name_problems(
    entry: CommuneEntry, index: int, registry: Registry, source: SourceFile
) -> list[Diagnostic]:
    official = official_wards().get(entry.code)
    version = official_data_version()
    if official is None:
        return [
            _warning(
                "CK702",
                f"mã `{entry.code}` không có trong danh mục đơn vị hành chính cấp xã "
                f"(dữ liệu ngày {version})",
                source,
                ("communes", index, "code"),
            )
        ]
    name, province = official
    problems = []
    if entry.name is not None and fold(entry.name).lower() != fold(name).lower():
        problems.append(
            _warning(
                "CK703",
                f"tên `{entry.name}` khác tên trong danh mục của mã `{entry.code}`: `{name}`",
                source,
                ("communes", index, "name"),
            )
        )
    if registry.province_code is not None and province != registry.province_code:
        other = official_provinces().get(province, province)
        problems.append(
            _warning(
                "CK704",
                f"mã `{entry.code}` ({name}) thuộc {other}, không thuộc tỉnh đang kiểm tra",
                source,
                ("communes", index, "code"),
            )
        )
    return problems


def _warning(
    code: str, message: str, source: SourceFile, path: tuple[str | int, ...]
) -> Diagnostic:
    field_name = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path)
    made = diagnostic(code, message, source.name, source.locate(path), field=field_name)
    return replace(made, field=field_name.replace(".[", "["), severity=Severity.WARNING)


def _location(entry: CommuneEntry, base: Path) -> str:
    if entry.url is not None:
        return _slash(str(entry.url))
    folder = entry.site if entry.site is not None else entry.content
    assert folder is not None
    return str((base / folder).resolve())


def _slash(url: str) -> str:
    return url if not url or url.endswith("/") else url + "/"
