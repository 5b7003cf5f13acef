"""Download a portal's manifest over HTTP(S) without letting the server hang or flood the audit.

The standard library's client is enough and lets us bound everything a hostile or broken server
could stretch: a total time budget per portal (a server that drips one byte a second is cut off),
a size cap checked while reading, a few redirects within http(s), and retries only for failures
that may pass (refused connections, 5xx, 429).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException, HTTPResponse

from generator import __version__
from generator.audit.http_cache import HttpCache, Kept

MAX_REDIRECTS = 5
RETRIES = 2
_CHUNK = 64 * 1024
_RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass
class FetchError(Exception):
    code: str
    """CK710 unreachable, CK713 too large, CK714 redirects, CK715 too slow."""
    message: str

    def __str__(self) -> str:
        return self.message


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not newurl.lower().startswith(("http://", "https://")):
            raise FetchError("CK714", f"chuyển hướng tới địa chỉ không phải http(s): {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def]
        try:
            return super().http_error_302(req, fp, code, msg, headers)
        except urllib.error.HTTPError as exc:
            if "redirect" in str(exc.msg).lower():
                raise FetchError(
                    "CK714", f"chuyển hướng quá {MAX_REDIRECTS} lần (vòng lặp chuyển hướng?)"
                ) from exc
            raise

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_OPENER = urllib.request.build_opener(_LimitedRedirects)


@dataclass(frozen=True)
class Fetched:
    body: bytes
    unchanged: bool
    """True when the server answered 304 Not Modified and the body is the one kept earlier."""


def fetch(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    retries: int = RETRIES,
    cache: HttpCache | None = None,
) -> Fetched:
    """The body at `url`, or FetchError; never takes much longer than `timeout` seconds. With a
    cache, asks only for a body that changed since the kept one."""
    deadline = time.monotonic() + timeout
    attempt = 0
    kept = cache.kept(url) if cache is not None else None
    while True:
        try:
            fetched, etag, modified = _fetch_once(url, deadline, max_bytes, kept)
            if cache is not None and not fetched.unchanged:
                cache.keep(url, fetched.body, etag, modified)
            return fetched
        except _Stale:
            kept = None  # a 304 for a body no longer on disk: ask again without validators
            continue
        except _Retryable as exc:
            attempt += 1
            pause = 0.2 * attempt
            if attempt > retries or time.monotonic() + pause >= deadline:
                raise FetchError("CK710", exc.message) from None
            time.sleep(pause)


class _Stale(Exception):
    pass


class _Retryable(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _fetch_once(
    url: str, deadline: float, max_bytes: int, kept: Kept | None
) -> tuple[Fetched, str | None, str | None]:
    """The answer, and the ETag and Last-Modified headers that came with it."""
    headers = {
        "User-Agent": f"congkhai-audit/{__version__}",
        "Accept": "application/json",
        "Accept-Encoding": "identity",
    }
    if kept is not None:
        headers.update(kept.headers())
    request = urllib.request.Request(url, headers=headers)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError("CK715", "hết thời gian chờ cổng trả lời")
    try:
        with _OPENER.open(request, timeout=remaining) as response:
            body = _read_body(response, deadline, max_bytes)
            answer = response.headers
            return Fetched(body, False), answer.get("ETag"), answer.get("Last-Modified")
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code == 304 and kept is not None:
            exc.close()
            try:
                return Fetched(kept.body.read_bytes(), True), None, None
            except OSError:
                raise _Stale from None
        message = f"cổng trả lời mã HTTP {exc.code} cho {url}"
        if exc.code in _RETRY_STATUS:
            raise _Retryable(message) from None
        raise FetchError("CK710", message) from None
    except TimeoutError:
        raise FetchError("CK715", "hết thời gian chờ cổng trả lời") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FetchError("CK715", "hết thời gian chờ cổng trả lời") from None
        raise _Retryable(f"không kết nối được tới cổng ({exc.reason})") from None
    except (HTTPException, ConnectionError, OSError) as exc:
        raise _Retryable(f"kết nối tới cổng bị ngắt ({type(exc).__name__})") from None


def _read_body(response: HTTPResponse, deadline: float, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError("CK713", _too_large(int(declared), max_bytes))
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError("CK715", "cổng gửi dữ liệu quá chậm, hết thời gian chờ")
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError("CK713", _too_large(size, max_bytes, at_least=True))
        chunks.append(chunk)


def _too_large(size: int, limit: int, at_least: bool = False) -> str:
    more = "hơn " if at_least else ""
    return (
        f"manifest nặng {more}{size / 2**20:.1f} MB, vượt giới hạn {limit / 2**20:.1f} MB "
        "(max_bytes trong danh sách xã)"
    )
