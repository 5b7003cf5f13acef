"""The province's registry of communes: whose portals may send questions and ratings.

It is the same YAML file the supervising level lists its communes in for the completeness audit
(`congkhai audit`): a `communes` list whose entries carry the official five-digit `code`, the
`name`, and where the portal is. The intake service reads the portal's public address, `portal`
or else `url`, and accepts forms only from that origin; the other keys are the audit's.

    communes:
      - code: "14464"
        name: Xã Tân Hòa
        url: https://tanhoa.ninhbinh.gov.vn/
      - code: "14470"
        name: Xã Yên Mỹ
        content: ../yenmy
        portal: https://yenmy.ninhbinh.gov.vn/

A commune listed without a public address (only a local `site` or `content` directory) cannot
send anything until one is added.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, HttpUrl

from generator.diagnostics import Diagnostic, diagnostic
from generator.diagnostics.models import validate_model
from generator.load.sources import read_source


def _five_digits(value: object) -> object:
    # Codes have leading zeros ("00004"); YAML reads 00004 as the number 4, so accept both.
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 100_000:
        return f"{value:05d}"
    return value


CommuneCode = Annotated[str, BeforeValidator(_five_digits), Field(pattern=r"^\d{5}$")]


def origin_of(url: str) -> str:
    """`https://Tanhoa.gov.vn:443/a/` -> `https://tanhoa.gov.vn`: what a browser sends as Origin."""
    parts = urllib.parse.urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(scheme)
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{scheme}://{host}{port}"


class RegisteredCommune(BaseModel):
    """Một xã trong danh sách của tỉnh."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    code: CommuneCode
    """Mã đơn vị hành chính cấp xã (5 chữ số), ví dụ "14464"."""
    name: str | None = None
    """Tên xã, ví dụ "Xã Tân Hòa"."""
    url: HttpUrl | None = None
    """Địa chỉ cổng thông tin của xã, ví dụ https://tanhoa.ninhbinh.gov.vn/."""
    portal: HttpUrl | None = None
    """Địa chỉ công khai của cổng, khi khác `url` hoặc khi xã được kiểm tra từ thư mục."""

    @property
    def title(self) -> str:
        return self.name or f"xã mã {self.code}"

    @property
    def public_url(self) -> str | None:
        """The portal's base URL, ending with `/` (pages are resolved against it)."""
        base = self.portal or self.url
        if base is None:
            return None
        text = str(base)
        return text if text.endswith("/") else text + "/"

    @property
    def portal_base(self) -> str:
        return self.public_url or ""

    def allowed_origins(self) -> set[str]:
        return {origin_of(str(u)) for u in (self.portal, self.url) if u is not None}


class RegistryFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    communes: list[RegisteredCommune] = Field(min_length=1)


@dataclass
class Registry:
    communes: dict[str, RegisteredCommune] = field(default_factory=dict)
    unreachable: list[RegisteredCommune] = field(default_factory=list)
    """Listed without a public address: the service accepts nothing for them."""

    def origins(self) -> list[str]:
        return sorted({o for c in self.communes.values() for o in c.allowed_origins()})

    def get(self, code: str) -> RegisteredCommune | None:
        return self.communes.get(code)


def load_registry(path: Path) -> tuple[Registry | None, list[Diagnostic], dict[str, list[str]]]:
    """Read and check the registry; returns it, or the diagnostics that say what is wrong, and the
    file's lines for printing them."""
    name = path.as_posix()
    if not path.is_file():
        return None, [diagnostic("CK652", f"không thấy tệp danh sách xã {name}", name)], {}
    source, problems = read_source(path, name)
    if source is None:
        return None, problems, {}
    lines = {name: source.lines}
    parsed = validate_model(RegistryFile, source, problems)
    if parsed is None or any(p.is_error for p in problems):
        return None, problems, lines
    registry = Registry()
    for index, commune in enumerate(parsed.communes):
        if commune.code in registry.communes:
            problems.append(
                diagnostic(
                    "CK652",
                    f"mã xã {commune.code} ghi hai lần",
                    name,
                    source.locate(("communes", index, "code")),
                    field=f"communes[{index}].code",
                )
            )
        if commune.public_url is None:
            registry.unreachable.append(commune)
        else:
            registry.communes[commune.code] = commune
    return (None if problems else registry), problems, lines
