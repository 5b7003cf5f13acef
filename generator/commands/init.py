"""`congkhai init`: a new commune's repository, ready to push and be published by CI.

The repository gets one example of every disclosure type, the commune's identity in
site_config/site.yaml, the MkDocs configuration, a README for staff, requirements.txt pinning
congkhai, and CI for GitHub Actions and GitLab CI. It carries no copy of the theme: the build
takes it from the installed congkhai (generator/shipped.py).

Everything is written to a temporary folder beside the target and validated there, then moved
into place, so a failed init leaves nothing half-made.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import InvalidWheelFilename, parse_wheel_filename

from generator import __version__
from generator.commands.editor import Backend, write_editor
from generator.commands.scaffold import schema_ref
from generator.diagnostics import Diagnostic, diagnostic
from generator.html.shipped import shipped
from generator.publish.schemas import schema_file_name, write_schemas
from generator.types import TYPES
from generator.vn.phone import has_phone_number

TEMPLATE = Path(__file__).resolve().parent / "project_template"

COMMUNE_LEVELS = ("Xã ", "Phường ", "Đặc khu ")
PROVINCE_LEVELS = ("Tỉnh ", "Thành phố ")

# Mailboxes anyone can open: allowed (many communes have only one), but not an official address.
PUBLIC_MAIL_PROVIDERS = frozenset(
    {"gmail.com", "yahoo.com", "yahoo.com.vn", "outlook.com", "hotmail.com", "icloud.com"}
)

WHEELS_DIR = "wheels"
"""Where a wheel given to `--congkhai-spec` is kept in the new repository, for CI to install."""


def default_spec() -> str:
    """The requirement line that installs this very version of congkhai, from PyPI."""
    return f"congkhai=={__version__}"


@dataclass(frozen=True)
class Pin:
    """How requirements.txt installs congkhai: its lines, and a wheel to copy into the repo."""

    lines: tuple[str, ...]
    wheel: Path | None = None


def resolve_spec(spec: str, cwd: Path) -> Pin | Diagnostic:
    """What `--congkhai-spec` means, refused when it can be seen not to resolve.

    - a wheel file (`dist/congkhai-0.1.0-py3-none-any.whl`, relative to `cwd`): copied into the
      repository's wheels/ and installed from there, so CI needs nothing else;
    - an index URL ending in `/` (`https://pypi.tinh.gov.vn/simple/`, a province's mirror): this
      version is installed from it;
    - any pip requirement naming congkhai (`congkhai==0.1.0`, `congkhai @ https://.../x.whl`).
    """
    text = spec.strip()
    if text.endswith(".whl") and "://" not in text and " @ " not in text:
        path = (cwd / text).resolve()
        if not path.is_file():
            return _bad_spec(f'không có tệp "{text}"', "Ghi đúng đường dẫn tệp .whl của congkhai.")
        try:
            name, _, _, _ = parse_wheel_filename(path.name)
        except InvalidWheelFilename:
            name = ""
        if name != "congkhai":
            return _bad_spec(f'"{path.name}" không phải tệp cài đặt (wheel) của congkhai')
        return Pin((f"./{WHEELS_DIR}/{path.name}",), wheel=path)
    if re.fullmatch(r"https?://\S+/", text):
        return Pin((f"--index-url {text}", default_spec()))
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return _bad_spec(f'"{text}" không phải dòng cài đặt của pip')
    if requirement.name != "congkhai":
        return _bad_spec(f'"{text}" cài gói {requirement.name}, không phải congkhai')
    if requirement.url and requirement.url.startswith("file:"):
        local = Path(urllib.request.url2pathname(urllib.parse.urlsplit(requirement.url).path))
        if not local.exists():
            return _bad_spec(f"không có {local.as_posix()} ({requirement.url})")
    return Pin((text,))


def _bad_spec(message: str, hint: str | None = None) -> Diagnostic:
    return diagnostic("CK603", message, "--congkhai-spec", hint=hint)


def mail_warning(email: str) -> str | None:
    """A warning for an office e-mail on a public provider, which residents cannot tell apart
    from an impostor's."""
    domain = email.rpartition("@")[2].lower()
    if domain in PUBLIC_MAIL_PROVIDERS:
        return (
            f"thư điện tử {email} là hộp thư công cộng ({domain}), không phải thư công vụ "
            "(.gov.vn): cổng vẫn được tạo; khi có thư công vụ, sửa `email` trong "
            "site_config/site.yaml."
        )
    return None


@dataclass(frozen=True)
class Identity:
    """What `congkhai init` asks for: the commune, and how residents reach its office."""

    commune: str
    province: str
    address: str
    phone: str
    email: str
    site_url: str | None = None

    @property
    def place(self) -> str:
        """The commune's name as it reads mid-sentence: "xã Tân Hòa"."""
        return self.commune[:1].lower() + self.commune[1:]

    @property
    def agency(self) -> str:
        return f"Ủy ban nhân dân {self.place}"


@dataclass
class InitResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Files written, relative to the new repository, with forward slashes."""
    warnings: list[str] = field(default_factory=list)
    """Things made that staff should look at again (the repository is made all the same)."""

    @property
    def ok(self) -> bool:
        return not self.diagnostics


def init_project(
    target: Path,
    identity: Identity,
    *,
    as_of: dt.date,
    congkhai_spec: str | None = None,
    branch: str = "main",
    cwd: Path | None = None,
) -> InitResult:
    """Make a new commune repository at `target`, which must not exist or be empty.

    The examples are dated in the year before `as_of` (today, for the command), so that every
    date in them has passed; `as_of` is also the portal's start (`compliance_from`): nothing
    falling due before it is reported. A relative wheel path in `congkhai_spec` is read from
    `cwd` (the current directory).
    """
    pin = resolve_spec(congkhai_spec or default_spec(), cwd or Path.cwd())
    result = InitResult(diagnostics=_problems(target, identity, pin))
    if not result.ok or isinstance(pin, Diagnostic):
        return result
    warning = mail_warning(identity.email)
    if warning:
        result.warnings.append(warning)

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        result.files = _write(staging, identity, as_of=as_of, pin=pin, branch=branch)
        result.diagnostics = _validate(staging, as_of)
        if result.ok:
            if target.exists():
                target.rmdir()
            staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return result


def _problems(target: Path, identity: Identity, pin: Pin | Diagnostic) -> list[Diagnostic]:
    shown = target.as_posix()
    found = []
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        found.append(diagnostic("CK600", f"{shown} đã có và không trống", shown))
    if not identity.commune.startswith(COMMUNE_LEVELS):
        found.append(
            diagnostic(
                "CK601",
                f'"{identity.commune}" không bắt đầu bằng Xã, Phường hoặc Đặc khu',
                "--commune",
            )
        )
    if not identity.province.startswith(PROVINCE_LEVELS):
        found.append(
            diagnostic(
                "CK602",
                f'"{identity.province}" không bắt đầu bằng Tỉnh hoặc Thành phố',
                "--province",
            )
        )
    if not has_phone_number(identity.phone):
        found.append(
            diagnostic("CK605", f'"{identity.phone}" không phải số điện thoại đầy đủ', "--phone")
        )
    if isinstance(pin, Diagnostic):
        found.append(pin)
    return found


def _environment() -> jinja2.Environment:
    # Other delimiters than Jinja's own: the CI files are full of GitHub's `${{ ... }}`.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE),
        variable_start_string="[@",
        variable_end_string="@]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )


def _yaml_string(value: str) -> str:
    """A value that YAML reads back as exactly this string (JSON strings are YAML strings)."""
    return json.dumps(value, ensure_ascii=False)


def _write(root: Path, identity: Identity, *, as_of: dt.date, pin: Pin, branch: str) -> list[str]:
    env = _environment()
    env.filters["yaml"] = _yaml_string
    values = {
        "commune": identity.commune,
        "province": identity.province,
        "province_lower": identity.province[:1].lower() + identity.province[1:],
        "place": identity.place,
        "agency": identity.agency,
        "address": identity.address,
        "phone": identity.phone,
        "email": identity.email,
        "site_url": identity.site_url,
        "year": as_of.year - 1,
        "started": as_of.isoformat(),
        "requirements": "\n".join(pin.lines),
        "branch": branch,
        "version": __version__,
        "types": list(TYPES.values()),
    }
    written: list[str] = []

    def put(relative: str, text: str) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(relative)

    schemas_dir = root / "schemas"
    write_schemas(schemas_dir)
    written += sorted(p.relative_to(root).as_posix() for p in schemas_dir.rglob("*") if p.is_file())

    for kind in TYPES.values():
        for source in sorted((TEMPLATE / "content" / kind.folder).glob("*.yaml")):
            name = source.name if kind.yearless else f"{values['year']}-{source.name}"
            relative = f"content/{kind.folder}/{name}"
            ref = schema_ref(root / relative, schemas_dir, schema_file_name(kind.folder))
            body = env.get_template(f"content/{kind.folder}/{source.name}").render(values)
            put(relative, f"# yaml-language-server: $schema={ref}\n{body}")

    for source in sorted((TEMPLATE / "content" / "files").rglob("*")):
        if source.is_file():
            relative = source.relative_to(TEMPLATE).as_posix()
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, root / relative)
            written.append(relative)

    for source in sorted(TEMPLATE.rglob("*")):
        relative = source.relative_to(TEMPLATE).as_posix()
        if source.is_dir() or relative.startswith("content/") or relative == "README.md":
            continue
        # Stored without the leading dot (.github, .gitignore): dot-files are easy to lose when
        # the package is built or copied.
        name = re.sub(r"(^|/)dot-", r"\1.", relative)
        put(name, env.get_template(relative).render(values))

    if pin.wheel is not None:
        relative = f"{WHEELS_DIR}/{pin.wheel.name}"
        (root / WHEELS_DIR).mkdir()
        shutil.copyfile(pin.wheel, root / relative)
        written.append(relative)

    put("mkdocs.yml", project_mkdocs_yml())
    # The clerks' web editor: its forms come from the models; the backend block holds
    # placeholders the README tells the commune how to fill.
    written += write_editor(root, Backend(branch=branch), site_url=identity.site_url).files
    values.update(_error_example(root, as_of))
    put("README.md", env.get_template("README.md").render(values))
    return written


def _error_example(root: Path, as_of: dt.date) -> dict[str, object]:
    """The README's sample error, made by really validating a mistake in the hoi-dap example.

    Staff compare what they see on screen with the README, so the sample is the validator's own
    output, never a hand-written imitation that drifts.
    """
    from generator.build import validate_project
    from generator.diagnostics import format_text
    from generator.project import Project

    example = next((root / "content" / "hoi-dap").glob("*-vi-du-*.yaml"))
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("channel: hop-dan", "channel: hop dan"), encoding="utf-8")
    try:
        result, _ = validate_project(Project(root), as_of=as_of)
    finally:
        example.write_text(text, encoding="utf-8")
    errors = [d for d in result.diagnostics if d.is_error]
    first = errors[0]
    return {
        "error_example": format_text(errors, result.lines),
        "error_line": first.line,
        "error_column": first.column,
        "error_code": first.code,
    }


def project_mkdocs_yml() -> str:
    """congkhai's own mkdocs.yml, without custom_dir: the build layers in the package's theme."""
    text = shipped("mkdocs.yml").read_text(encoding="utf-8")
    return re.sub(
        r"^(\s*)custom_dir: theme\s*$",
        r"\1# Giao diện lấy từ gói congkhai. Muốn sửa một phần: tạo thư mục theme/, đặt tệp ghi đè"
        "\n"
        r"\1# vào đó rồi bỏ dấu # ở dòng dưới (tệp của xã được ưu tiên hơn tệp của congkhai)."
        "\n"
        r"\1# custom_dir: theme",
        text,
        count=1,
        flags=re.MULTILINE,
    )


def _validate(root: Path, as_of: dt.date) -> list[Diagnostic]:
    """The new repository must pass `congkhai validate` as it stands."""
    from generator.build import validate_project
    from generator.project import Project

    result, _ = validate_project(Project(root), as_of=as_of)
    return [d for d in result.diagnostics if d.is_error]
