"""What the compliance report tells staff: build diagnostics, and text or JSON for `check`."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from generator.compliance.evaluate import STATUS_TITLES, Finding, Report, Status
from generator.compliance.hints import fix_hint
from generator.compliance.rules import CONFIDENCE_TITLES
from generator.diagnostics import Diagnostic, Severity, diagnostic
from generator.types.record import Record
from generator.types.site import SiteConfig
from generator.vn.formatting import vn_date

_CODES = {"missing": "CK401", "late": "CK402", "incomplete": "CK403"}
ADVISORY_CODE = "CK490"


def report_diagnostics(report: Report) -> list[Diagnostic]:
    """One warning per failed finding; `build --strict` stops on those that are not advisory."""
    out = []
    for finding in report.findings:
        if not finding.failed:
            continue
        code = ADVISORY_CODE if finding.advisory else _CODES[finding.problem or "missing"]
        period = f" ({finding.period})" if finding.period else ""
        made = diagnostic(
            code,
            f"[{finding.rule.id}] {finding.rule.title}{period}: {finding.detail}",
            finding.file or "site_config/site.yaml",
            finding.at,
            field=finding.field,
            hint=fix_hint(finding, report.as_of),
        )
        out.append(replace(made, severity=Severity.WARNING))
    return out


def format_report_text(report: Report) -> str:
    counts = report.counts()
    lines = [
        f"Mức độ công khai tính đến ngày {vn_date(report.as_of)} "
        f"({len(report.in_force)} quy tắc đang áp dụng):",
        "",
    ]
    marks = {
        Status.PASS: "đạt",
        Status.FAIL: "THIẾU",
        Status.LATE: "CHẬM",
        Status.NOT_DUE: "chưa đến hạn",
        Status.NOT_APPLICABLE: "không áp dụng",
    }
    for finding in report.findings:
        period = f" · {finding.period}" if finding.period else ""
        note = " (chỉ cảnh báo)" if finding.failed and finding.advisory else ""
        lines.append(f"[{marks[finding.status]}]{note} {finding.rule.id}{period}")
        lines.append(f"    {finding.rule.title}: {finding.detail}")
        if finding.failed:
            lines.append(f"    Cách sửa: {fix_hint(finding, report.as_of)}")
        for item in finding.evidence[:3]:
            lines.append(f"    → /{item.url} {item.title}")
    lines += [
        "",
        ", ".join(f"{STATUS_TITLES[status]}: {count}" for status, count in counts.items()),
        f"{len(report.blocking())} vi phạm quy tắc bắt buộc.",
    ]
    return "\n".join(lines)


def report_as_dict(report: Report) -> dict[str, object]:
    return {
        "as_of": report.as_of.isoformat(),
        "checked_since": report.since.isoformat(),
        "counts": {status.value: count for status, count in report.counts().items()},
        "blocking": len(report.blocking()),
        "findings": [_finding_dict(f, report.as_of) for f in report.findings],
        "not_in_force": [rule.id for rule in report.not_in_force],
    }


def format_report_json(report: Report) -> str:
    return json.dumps(report_as_dict(report), ensure_ascii=False, indent=2)


def _finding_dict(finding: Finding, as_of: dt.date) -> dict[str, object]:
    rule = finding.rule
    confidence = rule.confidence_on(as_of)
    return {
        "rule": rule.id,
        "title": rule.title,
        "basis": rule.basis_on(as_of),
        "confidence": confidence,
        "confidence_title": CONFIDENCE_TITLES[confidence],
        "severity": rule.severity,
        "advisory": finding.advisory,
        "status": finding.status.value,
        "period": finding.period,
        "due": finding.due.isoformat() if finding.due else None,
        "days_late": finding.days_late,
        "detail": finding.detail,
        "evidence": [
            {
                "title": e.title,
                "url": e.url,
                "published": e.published.isoformat() if e.published else None,
            }
            for e in finding.evidence
        ],
    }


def format_report_html(report: Report, site: SiteConfig, records: list[Record]) -> str:
    """A standalone HTML page of the report (for e-mail or the supervising level), with links
    to the published portal when its address is known."""
    import html

    import markdown

    from generator.compliance.pages import REPORT_PAGE, render_compliance_pages
    from generator.render.environment import make_environment

    base = str(site.site_url).rstrip("/") + "/" if site.site_url else "/"

    def site_link(_page: str, path: str) -> str:
        stem = path.removesuffix(".md")
        return base + (stem.removesuffix("index") if stem.endswith("index") else stem + "/")

    env = make_environment()
    env.globals["relative"] = site_link
    text = render_compliance_pages(env, site, records, report)[REPORT_PAGE]
    body_text = text.split("---\n", 2)[-1]  # drop the front matter MkDocs would read
    body = markdown.markdown(body_text, extensions=["tables", "attr_list", "md_in_html"])
    title = html.escape(f"Mức độ công khai: {site.agency}")
    return (
        "<!doctype html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem;"
        "vertical-align:top}</style>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
