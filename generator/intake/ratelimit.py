"""Per-client rate limits without keeping who the client is.

A client is known only by a keyed hash of its address: HMAC-SHA256 under a key derived from a
secret and today's date, so the same address gives an unrelated hash tomorrow and a hash cannot be
turned back into an address without the secret. The counts live in memory only, per hour.

An IPv6 client is counted by its /64 network: one household's or phone's connection is given a
whole /64 and may take a new address in it at will, so a limit per address would be none. Only
submissions that were accepted count: a resident whose question was refused for a mistake (too
short, no consent) is not also refused for trying again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import threading
from collections import Counter


class RateLimiter:
    def __init__(self, secret: bytes, limits: dict[str, int]) -> None:
        """`limits`: submissions allowed per client and hour for each kind; 0 means no limit."""
        self._secret = secret
        self._limits = limits
        self._counts: Counter[tuple[str, str, str]] = Counter()
        self._hour = ""
        self._lock = threading.Lock()

    def client_key(self, address: str, day: dt.date) -> str:
        day_key = hmac.new(self._secret, day.isoformat().encode(), hashlib.sha256).digest()
        return hmac.new(day_key, client_of(address).encode(), hashlib.sha256).hexdigest()[:32]

    def allow(self, kind: str, address: str, when: dt.datetime | None = None) -> bool:
        """Count one submission; False when the client has used up this hour's allowance. A
        submission refused after this was asked is taken back with `release`."""
        limit = self._limits.get(kind, 0)
        if limit <= 0:
            return True
        when = when or dt.datetime.now(dt.UTC)
        hour = when.strftime("%Y-%m-%dT%H")
        key = (kind, self.client_key(address, when.date()), hour)
        with self._lock:
            if hour != self._hour:
                # A new hour: last hour's counts are no use any more; forget them.
                self._counts.clear()
                self._hour = hour
            if self._counts[key] >= limit:
                return False
            self._counts[key] += 1
            return True

    def release(self, kind: str, address: str, when: dt.datetime | None = None) -> None:
        """Take back a submission `allow` counted that was then refused or not stored."""
        if self._limits.get(kind, 0) <= 0:
            return
        when = when or dt.datetime.now(dt.UTC)
        hour = when.strftime("%Y-%m-%dT%H")
        key = (kind, self.client_key(address, when.date()), hour)
        with self._lock:
            if hour == self._hour and self._counts[key] > 0:
                self._counts[key] -= 1


def client_of(address: str) -> str:
    """Who is counted: an IPv4 address as it is, an IPv6 address by its /64 network (an IPv4
    address written as IPv6, `::ffff:203.0.113.7`, as the IPv4 one)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)
