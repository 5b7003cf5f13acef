"""What the clerk does when a rule is not met: which folder, which field, which command.

A rule may carry its own `hint`; otherwise one is written from the kind of check and the problem
found, so that every "cách sửa" of CK401/402/403 says what to do, and the legal basis follows it.
"""

from __future__ import annotations

import datetime as dt

from generator.compliance.evaluate import SITE_CONFIG_FILE, Finding
from generator.compliance.rules import (
    Contains,
    DeadlineCheck,
    ExistsCheck,
    FieldsCheck,
    PostingCheck,
    Present,
    Selector,
    SiteCheck,
    Where,
)
from generator.vn.formatting import vn_date


def fix_hint(finding: Finding, as_of: dt.date) -> str:
    """The hint of the diagnostic: the action first, then the legal basis in force on `as_of`."""
    rule = finding.rule
    action = rule.hint or _action(finding)
    return f"{action} Căn cứ: {rule.basis_on(as_of)}."


def _action(finding: Finding) -> str:
    check = finding.rule.check
    if finding.problem == "late":
        due = f" (lần này hạn là {vn_date(finding.due)})" if finding.due else ""
        field = f"`{finding.field}`" if finding.field else "ngày đăng"
        return f"Không sửa {field} cho kịp hạn: đó phải là ngày thật. Kỳ sau làm đúng hạn{due}."
    if isinstance(check, SiteCheck):
        names = ", ".join(f"`{f}`" for f in check.fields)
        return f"Ghi {names} trong {SITE_CONFIG_FILE}."
    if not isinstance(check, Selector):
        return f"Sửa {SITE_CONFIG_FILE} theo yêu cầu của quy tắc."
    folder = check.type
    if finding.problem == "missing":
        values = _where_text(check.where)
        return (
            f"Tạo tệp mới bằng lệnh `congkhai new {folder}` (tệp nằm trong `content/{folder}/`)"
            + (f", ghi {values}" if values else "")
            + ", điền các chỗ trống rồi chạy `congkhai validate`."
        )
    field = f"`{finding.field}`" if finding.field else "trường còn thiếu"
    if isinstance(check, PostingCheck) and check.from_field == "posted_from":
        return (
            f"Mở tệp {finding.file}, ghi {field}: ngày niêm yết tại trụ sở UBND xã "
            "(`posted_from`, `posted_to`) và nơi niêm yết (`posting_places`)."
        )
    if isinstance(check, PostingCheck):
        return f"Mở tệp {finding.file}, ghi {field}: ngày thông báo trên loa truyền thanh."
    if isinstance(check, FieldsCheck | DeadlineCheck | ExistsCheck):
        return f"Mở tệp {finding.file}, ghi {field} rồi chạy `congkhai validate`."
    return f"Mở tệp {finding.file} và sửa {field}."


def _where_text(where: Where) -> str:
    parts = []
    for name, wanted in where.items():
        if isinstance(wanted, Present | Contains):
            continue
        value = wanted[0] if isinstance(wanted, list) else wanted
        parts.append(f"`{name}: {str(value).lower() if isinstance(value, bool) else value}`")
    return ", ".join(parts)
