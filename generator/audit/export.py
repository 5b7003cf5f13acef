"""The whole matrix as JSON (also the input of the next audit's `--previous`) and as CSV, and each
commune's findings with their evidence as its own JSON file."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from generator import __version__
from generator.audit.matrix import (
    CELL_TITLES,
    Audit,
    Cell,
    CommuneResult,
    CommuneSummary,
    pass_share,
)
from generator.audit.registry import official_data_version
from generator.compliance.rules import CONFIDENCE_TITLES
from generator.diagnostics import Diagnostic, diagnostic

FORMAT = "congkhai-audit"
VERSION = 2
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


def audit_head(audit: Audit) -> dict[str, Any]:
    """The whole matrix: every commune's cell for every rule. The periods and evidence behind
    each cell are in chi-tiet.jsonl (a line per commune, in the same order), so that this one
    stays a few MB at thousands of communes and the next audit's `--previous` reads it
    quickly."""
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
        "provinces": [
            {"code": p.code, "name": p.name, "communes": len(p.communes), "readable": p.readable}
            for p in audit.provinces()
        ],
        "previous_as_of": audit.previous_as_of,
    }


def _identity(summary: CommuneSummary) -> dict[str, Any]:
    commune = summary.commune
    return {
        # Each audit's share of rules passed, this one last: the next audit's `--previous` reads
        # it back, so that the commune's trend grows by one point an audit.
        "history": [{"as_of": when, "share": share} for when, share in summary.history],
        "code": commune.code,
        "name": commune.name,
        "province": commune.province or None,
        "source": {"kind": commune.kind, "location": commune.location},
        "portal": commune.portal,
        "readable": summary.reachable,
        "problem": None
        if summary.problem is None
        else {"code": summary.problem.code, "message": summary.problem.message},
        "generator": summary.generator or None,
        "data_updated": summary.data_updated.isoformat() if summary.data_updated else None,
        "changes": None
        if summary.changes is None
        else [
            {"rule": c.rule_id, "before": c.before, "after": c.after, "direction": c.direction}
            for c in summary.changes
        ],
    }


def _summary(summary: CommuneSummary) -> dict[str, Any]:
    return {
        **_identity(summary),
        "cells": {
            rule_id: {"status": cell.cell.value, "advisory": cell.advisory}
            for rule_id, cell in summary.cells.items()
        },
    }


def commune_json(result: CommuneResult, summary: CommuneSummary) -> bytes:
    """One commune with every period's finding and evidence behind each cell."""
    data = {
        "format": FORMAT + "-commune",
        "version": VERSION,
        **_identity(summary),
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
    return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)


def write_json(audit: Audit, path: Path) -> Path:
    """matrix.json, a commune at a time: at the whole country the communes' part as one Python
    structure would cost more memory than all of the audit's results."""
    head = orjson.dumps(audit_head(audit))
    temporary = path.with_name(f".tmp-{path.name}")
    with open(temporary, "wb") as handle:
        handle.write(head[:-1] + b',"communes":[')
        for index, result in enumerate(audit.communes):
            if index:
                handle.write(b",\n")
            handle.write(orjson.dumps(_summary(result)))
        handle.write(b"]}\n")
    os.replace(temporary, path)
    return path


def write_csv(audit: Audit, path: Path) -> Path:
    """One row per commune and rule (a commune that could not be read: one row with the reason),
    UTF-8 with BOM and CRLF like the portal's open data, so that Excel opens it as is. Written
    row by row: at the whole country it is tens of MB."""
    temporary = path.with_name(f".tmp-{path.name}")
    with open(temporary, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for result in audit.communes:
            writer.writerows(_csv_rows(audit, result))
    os.replace(temporary, path)
    return path


def _csv_rows(audit: Audit, result: CommuneSummary) -> list[list[str]]:
    commune = result.commune
    problem = result.problem
    if problem is not None:
        return [[commune.code, commune.name, "khong", problem.message, "", "", "", "", "", "", ""]]
    rows = []
    for rule in audit.rules:
        cell = result.cells[rule.id]
        rows.append(
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
                cell.failing,
            ]
        )
    return rows


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
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
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
