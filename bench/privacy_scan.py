"""How long the personal-data scan takes on long runs of what its patterns start on.

    uv run python bench/privacy_scan.py [--size 40000]

Every pattern must cost one pass over the text, whatever it holds: a clerk may paste a long
token (a link, a base64 image, a column of figures without spaces) into a body of up to 5 MB,
and a resident's question is scanned at export. Prints the seconds per input; the scan of each
must stay well under a second at 40,000 characters (it took 16 s for `@ ` + 40,000 letters
before the e-mail pattern was anchored at the start of a word).
"""

from __future__ import annotations

import argparse
import time

from generator.validate.privacy import matches


def inputs(size: int) -> dict[str, str]:
    return {
        "@ + letters": "@ " + "a" * size,
        "letters + @": "a" * size + " @",
        "sinh 1985 + digits": "sinh 1985 " + "1" * size,
        "digits": "1" * size,
        "digits and spaces": "1 " * (size // 2),
        "digits and dots": "1." * (size // 2),
        "digits + bank word": "1" * size + " x Agribank",
        "STK + digits": "STK " + "1" * size,
        "words with at": "a at " * (size // 5),
        "dotted words": "a." * (size // 2) + "1",
        "capitalised names": "Nguyen Van " * (size // 11) + "1",
        "table rows": "| Ngày sinh |\n" + "| 1 |\n" * (size // 6),
        "MST, many times": "MST " * (size // 4) + "1",
        "birth words": "sinh ngay " * (size // 10) + "1",
        "e-mail-like words": "a@b " * (size // 4),
        "spaced dots": "a @ b . " * (size // 8),
        "zero-width digits": "0\u200b" * (size // 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=40_000)
    args = parser.parse_args()
    worst = 0.0
    for name, text in inputs(args.size).items():
        start = time.perf_counter()
        found = sum(1 for _ in matches(text))
        elapsed = time.perf_counter() - start
        worst = max(worst, elapsed)
        print(f"{name:24} {len(text):>8,} chars  {found:>6} found  {elapsed:6.3f} s")
    print(f"slowest: {worst:.3f} s")


if __name__ == "__main__":
    main()
