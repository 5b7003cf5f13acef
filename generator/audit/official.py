"""A registry of every commune of a province, or of the whole country, from the official list.

An auditor should not have to type 3,321 codes: the vietnam-provinces package carries the General
Statistics Office's list after the 1 Jul 2025 merger (34 provinces, 3,321 communes, wards and
special zones). Where each portal is comes from a pattern (`https://{slug}.ninhbinh.gov.vn/`),
since no official list of portal addresses exists; the file written is an ordinary registry that
staff can then correct by hand.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from generator.audit.registry import official_data_version, official_provinces
from generator.vn.text import fold

PLACEHOLDERS = ("code", "slug", "codename", "province")
"""What a location pattern may hold: `{code}` 14464, `{slug}` gia-vien, `{codename}` xa_gia_vien,
`{province}` ninh_binh."""
DEFAULT_CHECKED_FROM = dt.date(2025, 7, 1)
"""The day the two-tier local government began: the communes as they are now exist from then."""
_PREFIX = re.compile(r"^(tinh|thanh pho|tp\.?)\s+")
_KIND = re.compile(r"^(xa|phuong|dac_khu)_")


@dataclass(frozen=True)
class OfficialWard:
    code: str
    name: str
    codename: str
    province: str

    @property
    def slug(self) -> str:
        return _KIND.sub("", self.codename).replace("_", "-")


@functools.cache
def official_ward_list() -> tuple[OfficialWard, ...]:
    """Every commune-level unit, ordered by province then code."""
    from vietnam_provinces import Ward

    wards = (
        OfficialWard(f"{w.code.value:05d}", w.name, w.codename, f"{w.province_code.value:02d}")
        for w in Ward.iter_all()
    )
    return tuple(sorted(wards, key=lambda w: (w.province, w.code)))


@functools.cache
def _province_codenames() -> dict[str, str]:
    from vietnam_provinces import Province

    return {f"{p.code.value:02d}": p.codename for p in Province.iter_all()}


def _plain(name: str) -> str:
    return _PREFIX.sub("", " ".join(fold(name).lower().split()))


def find_province(query: str) -> str | None:
    """The province code for `37`, `Ninh Bình`, `ninh binh` or `Tỉnh Ninh Bình`; None if none
    matches."""
    text = query.strip()
    provinces = official_provinces()
    if text.isdigit():
        code = f"{int(text):02d}"
        return code if code in provinces else None
    wanted = _plain(text)
    for code, name in provinces.items():
        if _plain(name) == wanted:
            return code
    return None


def province_names() -> list[str]:
    """The official names, for a message listing what can be chosen."""
    return [f"{code} {name}" for code, name in sorted(official_provinces().items())]


class PatternError(ValueError):
    pass


def check_pattern(pattern: str) -> None:
    """A location pattern may name only the placeholders in PLACEHOLDERS."""
    for name in re.findall(r"\{([^{}]*)\}", pattern):
        if name not in PLACEHOLDERS:
            allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            raise PatternError(f"`{{{name}}}` không dùng được trong mẫu địa chỉ; dùng {allowed}")


def registry_yaml(
    provinces: list[str] | None,
    *,
    kind: str,
    pattern: str,
    checked_from: dt.date = DEFAULT_CHECKED_FROM,
    title: str | None = None,
) -> str:
    """A registry listing every commune of `provinces` (codes; None for the whole country), each
    read from `pattern` as `kind` (`url` or `site`)."""
    check_pattern(pattern)
    names = official_provinces()
    chosen = sorted(names) if provinces is None else sorted(set(provinces))
    wards = [w for w in official_ward_list() if w.province in chosen]
    if title is None:
        where = "cả nước" if provinces is None else ", ".join(names[c] for c in chosen)
        title = f"Kiểm tra mức độ công khai trên cổng thông tin các xã, {where}"
    lines = [
        "# Danh sách xã cần kiểm tra, lập bằng `congkhai audit-registry` từ danh mục đơn vị",
        f"# hành chính của gói vietnam-provinces (dữ liệu ngày {official_data_version()}).",
        "# Sửa địa chỉ của xã nào khác mẫu; xem docs/kiem-tra.md.",
        f"title: {_quoted(title)}",
    ]
    if len(chosen) == 1:
        lines.append(f'province: {{code: "{chosen[0]}"}}')
    lines += [f"checked_from: {checked_from.isoformat()}", "communes:"]
    codenames = _province_codenames()
    for ward in wards:
        location = pattern.format(
            code=ward.code,
            slug=ward.slug,
            codename=ward.codename,
            province=codenames.get(ward.province, ""),
        )
        lines.append(f'  - {{code: "{ward.code}", {kind}: {_quoted(location)}}}  # {ward.name}')
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
