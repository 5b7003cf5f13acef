"""How numbers and dates are written for Vietnamese readers."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def vnd(amount: int | None) -> str:
    """1234567 -> `1.234.567`: Vietnamese groups thousands with dots."""
    if amount is None:
        return "–"
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


def vn_quantity(value: float) -> str:
    """42 -> `42`, 1500 -> `1.500`, 2.5 -> `2,5`: a count as a Vietnamese text writes it."""
    whole = int(value)
    if value == whole:
        return vnd(whole)
    decimals = f"{value:.6f}".split(".")[1].rstrip("0")
    return f"{vnd(whole)},{decimals}"


def vn_date(value: dt.date | None) -> str:
    """2025-01-05 -> `05/01/2025`."""
    return value.strftime("%d/%m/%Y") if value else "–"


def today_in_vietnam() -> dt.date:
    """Today's date where the commune is, whatever the machine's time zone (CI runs in UTC)."""
    return dt.datetime.now(VIETNAM).date()
