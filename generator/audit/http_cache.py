"""What each portal last sent, kept between audits so that the next one asks "changed since?".

A daily re-audit of thousands of portals should not download thousands of unchanged manifests.
For every URL that answered with an ETag or a Last-Modified header, the body and those two
validators are kept in a folder (by default in the user's cache directory); the next request
sends If-None-Match / If-Modified-Since, and a `304 Not Modified` answer (headers only) is served
from the kept body.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.caching import cache_dir


def default_folder() -> Path:
    return cache_dir() / "audit-http"


@dataclass(frozen=True)
class Kept:
    etag: str | None
    last_modified: str | None
    body: Path

    def headers(self) -> dict[str, str]:
        """The conditional request headers for this kept answer."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class HttpCache:
    """One folder: `<hash>.json` (URL and validators) and `<hash>.body` per URL."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _stem(self, url: str) -> Path:
        return self.folder / hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]

    def kept(self, url: str) -> Kept | None:
        stem = self._stem(url)
        try:
            meta = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        body = stem.with_suffix(".body")
        if not isinstance(meta, dict) or meta.get("url") != url or not body.is_file():
            return None
        etag, modified = meta.get("etag"), meta.get("last_modified")
        if not isinstance(etag, str) and not isinstance(modified, str):
            return None
        return Kept(
            etag if isinstance(etag, str) else None,
            modified if isinstance(modified, str) else None,
            body,
        )

    def keep(self, url: str, body: bytes, etag: str | None, last_modified: str | None) -> None:
        """Keep the body if the server gave a validator; forget the URL otherwise. A folder that
        cannot be written only costs the next audit a full download."""
        stem = self._stem(url)
        try:
            if not etag and not last_modified:
                stem.with_suffix(".json").unlink(missing_ok=True)
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            # The body first, the validators last: a run cut off in between never pairs new
            # validators with an old body.
            _replace(stem.with_suffix(".body"), body)
            meta = {"url": url, "etag": etag, "last_modified": last_modified}
            _replace(stem.with_suffix(".json"), json.dumps(meta).encode("utf-8"))
        except OSError:
            return


def _replace(path: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
