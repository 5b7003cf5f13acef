"""Many residents at once, and the server killed in the middle: nothing acknowledged is lost.
(bench/intake.py runs the same at full size: 50 clients, 20,000 requests.)"""

from __future__ import annotations

import importlib.util
import sys

from fixtures import REPO

# bench/intake.py, by its path: a folder of tests named `intake` must not stand in for it.
_spec = importlib.util.spec_from_file_location("bench_intake", REPO / "bench" / "intake.py")
assert _spec is not None and _spec.loader is not None
bench_intake = importlib.util.module_from_spec(_spec)
sys.modules["bench_intake"] = bench_intake  # its dataclasses look their module up there
_spec.loader.exec_module(bench_intake)
killed_midway = bench_intake.killed_midway


def test_sigkill_under_load_loses_no_acknowledged_submission(tmp_path):
    load, lost = killed_midway(tmp_path, str(tmp_path / "tai.sqlite3"), clients=8, total=400)
    # The kill came after a quarter was acknowledged, and cut off some of the rest.
    assert 100 <= len(load.acknowledged) < 400
    assert load.failures > 0
    assert lost == []
