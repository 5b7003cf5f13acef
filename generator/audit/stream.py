"""Communes through the audit one at a time, the waiting and the computing apart.

Threads fetch manifests (`jobs` at a time: the wait is the portals'); worker processes, one per
core, check each manifest, run the rules, write the commune's page and JSON, and hand back only
its line of the matrix. Nothing holds more than `jobs` manifests and results at once, so memory
stays flat from one province to the whole country.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from generator.audit import details
from generator.audit.dashboard import write_commune
from generator.audit.export import Previous
from generator.audit.http_cache import HttpCache
from generator.audit.matrix import Audit, CommuneSummary, Judge, SummaryCell, summarize
from generator.audit.portals import Obtained, obtain, read_obtained
from generator.audit.registry import Commune, Registry


def default_processes() -> int:
    """One worker per core this process may use, at most 8."""
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:  # macOS, Windows
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


@dataclass
class Context:
    """What every commune's evaluation shares; set before the worker processes fork, so that it
    is never pickled."""

    registry: Registry
    judge: Judge
    frame: Audit
    """The audit's title, date, rules and earlier audit's date, without communes: what a
    commune's page shows around its findings."""
    previous: Previous | None
    out: Path | None

    @property
    def as_of(self) -> dt.date:
        return self.judge.as_of


_CONTEXT: Context | None = None


def audit_one(commune: Commune, got: Obtained) -> CommuneSummary:
    """Read, judge, write the commune's page and JSON; its line of the matrix."""
    context = _CONTEXT
    assert context is not None
    portal = read_obtained(commune, got, context.registry, context.as_of)
    result = context.judge(portal)
    previous = context.previous
    summary = summarize(
        result,
        previous.cells.get(commune.code) if previous is not None else None,
        previous.history.get(commune.code, []) if previous is not None else [],
        context.as_of,
        context.judge.columns,
    )
    if context.out is not None:
        write_commune(context.out, context.frame, result, summary)
    return summary


def _shared(summary: CommuneSummary, seen: dict[SummaryCell, SummaryCell]) -> CommuneSummary:
    """The summary with equal cells as one object and the rule ids as the interned strings:
    thousands of communes repeat the same few cells, and a summary that came back from a worker
    process has copies of its own."""
    summary.cells = {
        sys.intern(rule): seen.setdefault(cell, cell) for rule, cell in summary.cells.items()
    }
    return summary


def _ready() -> bool:
    return True


def audit_communes(
    context: Context,
    communes: list[Commune],
    *,
    jobs: int,
    processes: int,
    cache: HttpCache | None,
    on_done: Callable[[CommuneSummary], None] | None = None,
) -> list[CommuneSummary]:
    """Every commune's line of the matrix, in registry order."""
    global _CONTEXT
    _CONTEXT = context
    if context.out is not None:
        details.start(context.out)
    pool: ProcessPoolExecutor | None = None
    if processes > 1 and len(communes) > 1 and "fork" in multiprocessing.get_all_start_methods():
        pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))
        # Fork every worker now, before the fetching threads start.
        pool.submit(_ready).result()

    def one(commune: Commune) -> CommuneSummary:
        got = obtain(commune, context.registry, cache)
        if pool is None:
            return audit_one(commune, got)
        return pool.submit(audit_one, commune, got).result()

    results: list[CommuneSummary | None] = [None] * len(communes)
    cells: dict[SummaryCell, SummaryCell] = {}
    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as threads:
            futures: dict[Future[CommuneSummary], int] = {
                threads.submit(one, commune): index for index, commune in enumerate(communes)
            }
            for future in as_completed(futures):
                summary = _shared(future.result(), cells)
                results[futures[future]] = summary
                if on_done is not None:
                    on_done(summary)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        details.finish()
        _CONTEXT = None
    return [r for r in results if r is not None]
