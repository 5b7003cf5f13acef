"""Many residents at once, and the server killed in the middle: nothing acknowledged is lost.
(bench/intake.py runs the same at full size: 50 clients, 20,000 requests.)"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from intake import killed_midway


def test_sigkill_under_load_loses_no_acknowledged_submission(tmp_path):
    load, lost = killed_midway(tmp_path, str(tmp_path / "tai.sqlite3"), clients=8, total=400)
    # The kill came after a quarter was acknowledged, and cut off some of the rest.
    assert 100 <= len(load.acknowledged) < 400
    assert load.failures > 0
    assert lost == []
