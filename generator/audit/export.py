"""The whole matrix as JSON (also the input of the next audit's `--previous`) and as CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import __version__
from generator.audit.matrix import CELL_TITLES, Audit, Cell, CommuneResult, pass_share
from generator.audit.registry import official_data_version
from generator.compliance.rules import CONFIDENCE_TITLES
from generator.diagnostics import Diagnostic, diagnostic

FORMAT = "congkhai-audit"
VERSION = 1
CSV_COLUMNS = (
    "ma_xa",
    "ten_xa",
    "doc_duoc",
    "ly_do",
    "ma_quy_tac",
    "ten_quy_tac",
    "nhom",
    "ket_qua",
    "ket_qua_ten",
    "chi_canh_bao",
    "ky_chua_dat",
)


def audit_dict(audit: Audit) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"congkhai {__version__}",
        "title": audit.title,
        "as_of": audit.as_of.isoformat(),
        "province": {"code": audit.province_code, "name": audit.province_name},
        "official_list": f"vietnam-provinces, dữ liệu ngày {official_data_version()}",
        "statuses": {cell.value: CELL_TITLES[cell] for cell in Cell},
        "rules": [
            {
                "id": rule.id,
                "title": rule.title,
                "group": rule.group,
                "basis": rule.basis_on(audit.as_of),
                "confidence": rule.confidence_on(audit.as_of),
                "confidence_title": CONFIDENCE_TITLES[rule.confidence_on(audit.as_of)],
                "advisory": rule.advisory_on(audit.as_of),
                "figures": {c.value: n for c, n in audit.figures(rule).items()},
            }
            for rule in audit.rules
        ],
        "communes": [_commune(audit, result) for result in audit.communes],
        "previous_as_of": audit.previous_as_of,
        "changes": None
        if audit.changes is None
        else {
            code: [
                {"rule": c.rule_id, "before": c.before, "after": c.after, "direction": c.direction}
                for c in changes
            ]
            for code, changes in audit.changes.items()
        },
    }


def _commune(audit: Audit, result: CommuneResult) -> dict[str, Any]:
    portal = result.portal
    commune = portal.commune
    return {
        # Each audit's share of rules passed, this one last: the next audit's `--previous` reads
        # it back, so that the commune's trend grows by one point an audit.
        "history": [{"as_of": when, "share": share} for when, share in audit.trend(result)],
        "code": commune.code,
        "name": commune.name,
        "source": {"kind": commune.kind, "location": commune.location},
        "portal": commune.portal,
        "readable": portal.ok,
        "problem": None
        if portal.problem is None
        else {"code": portal.problem.code, "message": portal.problem.message},
        "generator": portal.generator or None,
        "data_updated": portal.data_updated.isoformat() if portal.data_updated else None,
        "cells": {
            rule_id: {
                "status": cell.cell.value,
                "advisory": cell.advisory,
                "periods": [
                    {
                        "status": p.cell.value,
                        "period": p.period,
                        "due": p.due.isoformat() if p.due else None,
                        "detail": p.detail,
                        "evidence": [
                            {
                                "title": e.title,
                                "url": e.url,
                                "published": e.published.isoformat() if e.published else None,
                            }
                            for e in p.evidence
                        ],
                    }
                    for p in cell.periods
                ],
            }
            for rule_id, cell in result.cells.items()
        },
    }


def audit_json(audit: Audit) -> bytes:
    return (json.dumps(audit_dict(audit), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def audit_csv(audit: Audit) -> bytes:
    """One row per commune and rule (a commune that could not be read: one row with the reason),
    UTF-8 with BOM and CRLF like the portal's open data, so that Excel opens it as is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for result in audit.communes:
        commune = result.portal.commune
        problem = result.portal.problem
        if problem is not None:
            writer.writerow(
                [commune.code, commune.name, "khong", problem.message, "", "", "", "", "", "", ""]
            )
            continue
        for rule in audit.rules:
            cell = result.cells[rule.id]
            failing = [p.period or "cả kỳ" for p in cell.periods if p.cell in _FAILING]
            writer.writerow(
                [
                    commune.code,
                    commune.name,
                    "co",
                    "",
                    rule.id,
                    rule.title,
                    rule.group,
                    cell.cell.value,
                    CELL_TITLES[cell.cell],
                    "co" if cell.advisory else "khong",
                    "; ".join(failing),
                ]
            )
    return buffer.getvalue().encode("utf-8-sig")


_FAILING = (Cell.MISSING, Cell.INCOMPLETE, Cell.LATE)


@dataclass(frozen=True)
class Previous:
    """An earlier audit's matrix.json, as far as the next audit uses it."""

    cells: dict[str, dict[str, str]]
    """Commune code -> rule id -> cell value."""
    as_of: str
    history: dict[str, list[tuple[str, float]]]
    """Commune code -> (ISO date, share of rules passed) per audit up to that one, oldest first."""


def read_previous(path: Path) -> Previous | Diagnostic:
    """An earlier audit's matrix.json: its cells and each commune's history."""
    name = path.as_posix()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return diagnostic("CK720", f"không đọc được kết quả kiểm tra trước ({exc})", name)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return diagnostic("CK720", "tệp không phải matrix.json do `congkhai audit` ghi ra", name)
    previous: dict[str, dict[str, str]] = {}
    history: dict[str, list[tuple[str, float]]] = {}
    as_of = str(data.get("as_of", ""))
    for commune in data.get("communes", []):
        code = str(commune.get("code"))
        cells = commune.get("cells") or {}
        previous[code] = {rule: str(cell.get("status", "")) for rule, cell in cells.items()}
        points = _history(commune.get("history"))
        if points is None:  # written before audits kept a history: its own point only
            share = pass_share(list(previous[code].values()))
            points = [] if share is None else [(as_of, share)]
        history[code] = points
    return Previous(previous, as_of, history)


def _history(data: object) -> list[tuple[str, float]] | None:
    if not isinstance(data, list):
        return None
    points = []
    for point in data:
        if isinstance(point, dict) and isinstance(point.get("share"), int | float):
            points.append((str(point.get("as_of", "")), float(point["share"])))
    return points
