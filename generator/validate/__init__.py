"""Stage 2: check every parsed file against its type's schema and the records against each other.

pydantic does the schema work (its errors become positioned Vietnamese diagnostics through
diagnostics/models.py); this stage adds the checks that span fields, files and attachments. It
reads nothing: the load stage has read every file and listed every attachment.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from generator.compliance.access import info_access_problems
from generator.diagnostics import Diagnostic, diagnostic
from generator.diagnostics.models import validate_model
from generator.diagnostics.positions import FieldPath, SourceFile, format_path
from generator.load import Loaded
from generator.load.attachments import file_problem
from generator.types.common import MAX_SLUG, RESERVED_SLUGS, Disclosure
from generator.types.record import Record
from generator.types.site import SiteConfig
from generator.validate import hidden, privacy
from generator.validate.attachment_privacy import scan_attachments
from generator.validate.budget import shrinking_cumulative_figures
from generator.validate.examples import example_warnings
from generator.validate.plan import validate_plans


@dataclass
class Validated:
    site: SiteConfig | None
    records: list[Record] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def validate(loaded: Loaded) -> Validated:
    """Validate the site config, the plan and every item; collect all problems, stop at none."""
    result = Validated(site=None)
    if loaded.site is not None:
        result.site = validate_model(SiteConfig, loaded.site, result.diagnostics)
    if result.site is not None and loaded.site is not None:
        result.diagnostics += privacy.scan_site(result.site, loaded.site)
        result.diagnostics += hidden.scan(result.site, loaded.site)
        result.diagnostics += info_access_problems(
            result.site, loaded.attachments, loaded.site, loaded.mislabelled
        )
        if loaded.plan is not None:
            plans = validate_plans(loaded.plan, result.diagnostics)
            result.diagnostics += privacy.scan_data(loaded.plan.data, loaded.plan, result.site)
            merged = sorted([*result.site.disclosure_plans, *plans], key=lambda p: -p.year)
            result.site = result.site.model_copy(update={"disclosure_plans": merged})
    for kind, source in loaded.items:
        item = validate_model(kind.model, source, result.diagnostics)
        if item is None:
            # A clerk fixing a field should learn now, not on the next run, that the PDF it
            # names is missing too: check the attachments as written.
            written = _written_files(source.data)
            result.diagnostics.extend(
                _file_problems(written, source, loaded.attachments, loaded.mislabelled)
            )
            continue
        slug = item.slug or item.default_slug(source.path.stem)
        problems = [
            *_item_problems(item, source, loaded.attachments, loaded.mislabelled),
            *_slug_problems(slug, item, source),
        ]
        result.diagnostics.extend(problems)
        if not any(p.is_error for p in problems):
            result.records.append(Record(kind=kind, item=item, source=source, slug=slug))
    if result.site is not None:
        for record in result.records:
            result.diagnostics.extend(privacy.scan(record, result.site))
            result.diagnostics.extend(
                scan_attachments(record, result.site, loaded.attachment_texts)
            )
    for record in result.records:
        result.diagnostics.extend(hidden.scan(record.item, record.source))
    result.diagnostics.extend(_duplicate_urls(result.records))
    result.diagnostics.extend(example_warnings(result.records))
    result.diagnostics.extend(shrinking_cumulative_figures(result.records))
    # A link into a folder whose files have errors may point at one of them: report the cause,
    # not the echo.
    failed = {kind.folder for kind, source in loaded.items if source.name in _error_files(result)}
    failed |= {_folder(d.file) for d in loaded.diagnostics if d.is_error}  # files not even read
    result.diagnostics.extend(_broken_references(result.records, skip_folders=failed))
    return result


def _item_problems(
    item: Disclosure,
    source: SourceFile,
    attachments: Mapping[str, int],
    mislabelled: Mapping[str, str],
) -> Iterator[Diagnostic]:
    """The item's own checks, and its attachments: missing from content/files/, of a type not
    published, or not what their name says (load/attachments.py)."""
    for problem in item.problems():
        yield source.at(
            problem.path,
            problem.code,
            problem.message,
            problem.hint,
        )
    yield from _file_problems(item.files(), source, attachments, mislabelled)


def _file_problems(
    files: Iterable[tuple[FieldPath, str]],
    source: SourceFile,
    attachments: Mapping[str, int],
    mislabelled: Mapping[str, str],
) -> Iterator[Diagnostic]:
    for at, name in files:
        problem = file_problem(name, attachments, mislabelled)
        if problem is not None:
            yield source.at(
                at,
                problem.code,
                problem.message,
                problem.hint,
            )


def _written_files(data: object, at: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every `file:` written in a file that does not validate: in every type, `file` names an
    attachment under content/files/."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "file" and isinstance(value, str):
                yield (*at, key), value
            else:
                yield from _written_files(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _written_files(value, (*at, index))


def _slug_problems(slug: str, item: Disclosure, source: SourceFile) -> Iterator[Diagnostic]:
    """A slug (set, or taken from the file name) that would replace one of the portal's own
    pages, or too long for an address."""
    at = ("slug",) if item.slug else ()
    if slug in RESERVED_SLUGS:
        yield source.at(
            at,
            "CK120",
            f"địa chỉ của mục sẽ là `{slug}`, trùng trang danh sách của chuyên mục",
            "Đổi tên tệp (ví dụ `2025-tin-moi.yaml`) hoặc ghi `slug:` khác `index`.",
        )
    elif len(slug) > MAX_SLUG:
        yield source.at(
            at,
            "CK104",
            f"địa chỉ của mục lấy từ tên tệp dài {len(slug)} ký tự, quá {MAX_SLUG}",
            "Đặt tên tệp ngắn hơn, hoặc ghi `slug:` ngắn gọn, ví dụ `du-toan-2025`.",
        )


def _duplicate_urls(records: Iterable[Record]) -> Iterator[Diagnostic]:
    first: dict[str, Record] = {}
    for record in sorted(records, key=lambda r: r.source.name):
        other = first.setdefault(record.url, record)
        if other is record:
            continue
        yield diagnostic(
            "CK107",
            f"hai tệp cùng đăng vào địa chỉ /{record.url}",
            record.source.name,
            record.source.locate(("slug",) if record.item.slug else ()),
            related=[f"{other.source.name}:1:1"],
            hint="Mỗi giai đoạn ngân sách của một năm chỉ có một tệp; với loại khác, đổi tên tệp "
            "hoặc đặt trường `slug` khác nhau.",
        )


def _folder(name: str) -> str:
    """`content/van-ban/2026-a.yaml` -> `van-ban`: the type folder a file is in."""
    parts = name.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "content" else ""


def _error_files(result: Validated) -> set[str]:
    return {d.file for d in result.diagnostics if d.is_error}


def _broken_references(records: list[Record], skip_folders: set[str]) -> Iterator[Diagnostic]:
    urls = {record.url for record in records}
    for record in records:
        for at, target in record.item.references():
            if target not in urls and target.split("/")[0] not in skip_folders:
                close = difflib.get_close_matches(target, sorted(urls), n=1)
                yield diagnostic(
                    "CK115",
                    f"không có mục nào ở địa chỉ /{target}",
                    record.source.name,
                    record.source.locate(at),
                    field=format_path(at),
                    hint=f"Có phải ý bạn là `{close[0]}`?"
                    if close
                    else "Ghi địa chỉ của mục được liên kết, ví dụ `van-ban/2025/nq-12-quy-che/`.",
                )


def attached(name: str, attachments: Mapping[str, int]) -> bool:
    """Whether `name` (as written in a file: `van-ban/qd.pdf`, `./van-ban//qd.pdf`) is one of the
    attachments under content/files/; a name that leads out of it never is."""
    return posixpath.normpath(name) in attachments
