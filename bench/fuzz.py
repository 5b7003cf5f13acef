"""The fuzz test at full size: at least 10,000 generated inputs across content, site_config,
import files and intake bodies (and the drafts intake writes), through the real code.

    uv run python bench/fuzz.py [--scale 2]

Runs tests/test_fuzz.py with every test's number of examples multiplied by --scale (the suite
runs it at 1: about 8,000 inputs, a few minutes on a shared 2-core machine), then prints how many
inputs of each kind ran. Every input that ended in a traceback, or in a diagnostic without a code
and a position, fails the run; the figures for bench/RESULTS.md are printed only when none did.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=2.0)
    args = parser.parse_args()
    os.environ["CONGKHAI_FUZZ_SCALE"] = str(args.scale)
    import pytest

    start = time.perf_counter()
    status = pytest.main([str(ROOT / "tests/test_fuzz.py"), "-q", "-p", "no:cacheprovider"])
    elapsed = time.perf_counter() - start
    counts = sys.modules["fuzz_inputs"].COUNTS
    total = sum(counts.values())
    print(f"\nscale {args.scale}: {total:,} inputs in {elapsed:.0f} s, exit status {int(status)}")
    for kind, count in sorted(counts.items()):
        print(f"  {kind}: {count:,}")
    if status != 0:
        print("FAILED: see the falsifying example above", file=sys.stderr)
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
