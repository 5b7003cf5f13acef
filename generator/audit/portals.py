"""Read what each commune has published, from wherever the registry says its portal is.

Every way of reading ends in the same shape (records and site facts the compliance rules read),
or in a diagnostic saying why the commune could not be read; one commune's failure never stops
the audit of the others.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.audit.fetch import FetchError, fetch
from generator.audit.http_cache import HttpCache
from generator.audit.manifest_records import ManifestError, manifest_inputs, parse_manifest
from generator.audit.registry import Commune, Registry
from generator.compliance.evaluate import Evaluable, SiteFacts
from generator.diagnostics import Diagnostic, Position, Severity, diagnostic
from generator.publish.manifest import MANIFEST_PATH

DEFAULT_JOBS = 8


@dataclass
class Portal:
    """What the audit could read of one commune's portal."""

    commune: Commune
    origin: str
    """Where it was read from: the manifest's URL or file, or the content folder."""
    records: list[Evaluable] = field(default_factory=list)
    site: SiteFacts | None = None
    generator: str = ""
    data_updated: dt.date | None = None
    withdrawn: list[tuple[str, str]] = field(default_factory=list)
    """(type, id) of items taken down when their publication period ended."""
    problem: Diagnostic | None = None
    seconds: float = 0.0
    unchanged: bool = False
    """Fetched over HTTP and answered 304 Not Modified: the kept copy was read."""

    @property
    def ok(self) -> bool:
        return self.problem is None and self.site is not None


@dataclass(frozen=True)
class Obtained:
    """A portal's manifest as fetched or read from disk (the part of reading that waits), before
    it is checked and turned into records (the part that computes)."""

    data: bytes | None = None
    unchanged: bool = False
    problem: tuple[str, str] | None = None
    """The diagnostic code and message of why it could not be had."""
    seconds: float = 0.0


def obtain(commune: Commune, registry: Registry, cache: HttpCache | None = None) -> Obtained:
    """The manifest's bytes, or why they could not be had; nothing for a content checkout, which
    is read whole by `read_obtained`."""
    start = time.perf_counter()
    try:
        if commune.kind == "content":
            got = Obtained()
        elif commune.kind == "site":
            path = Path(commune.location) / MANIFEST_PATH
            got = Obtained(_read_file(path, registry.max_bytes))
        else:
            fetched = fetch(
                commune.location + MANIFEST_PATH,
                timeout=registry.timeout,
                max_bytes=registry.max_bytes,
                cache=cache,
            )
            got = Obtained(fetched.body, fetched.unchanged)
    except FetchError as exc:
        got = Obtained(problem=(exc.code, exc.message))
    return replace(got, seconds=time.perf_counter() - start)


def read_obtained(commune: Commune, got: Obtained, registry: Registry, as_of: dt.date) -> Portal:
    """Check what `obtain` brought and read it as the rules' inputs."""
    start = time.perf_counter()
    if commune.kind == "content":
        portal = _from_content(commune, registry, as_of)
    else:
        origin = (
            (Path(commune.location) / MANIFEST_PATH).as_posix()
            if commune.kind == "site"
            else commune.location + MANIFEST_PATH
        )
        portal = Portal(commune, origin=origin, unchanged=got.unchanged)
        if got.problem is not None:
            portal = _failed(portal, registry, *got.problem)
        else:
            assert got.data is not None
            portal = _from_manifest(portal, got.data, registry)
    portal.seconds = got.seconds + time.perf_counter() - start
    return portal


def read_portal(
    commune: Commune, registry: Registry, as_of: dt.date, cache: HttpCache | None = None
) -> Portal:
    return read_obtained(commune, obtain(commune, registry, cache), registry, as_of)


def _read_file(path: Path, max_bytes: int) -> bytes:
    if not path.parent.parent.is_dir():
        raise FetchError("CK710", f"không có thư mục {path.parent.parent}")
    if not path.is_file():
        raise FetchError("CK717", f"thư mục cổng không có {MANIFEST_PATH}")
    size = path.stat().st_size
    if size > max_bytes:
        raise FetchError(
            "CK713",
            f"manifest nặng {size / 2**20:.1f} MB, vượt giới hạn {max_bytes / 2**20:.1f} MB",
        )
    return path.read_bytes()


def _from_manifest(portal: Portal, data: bytes, registry: Registry) -> Portal:
    try:
        manifest = parse_manifest(data)
    except ManifestError as exc:
        code = "CK711" if str(exc).startswith("không phải JSON") else "CK712"
        return _failed(portal, registry, code, str(exc))
    portal.records, portal.site = manifest_inputs(  # type: ignore[assignment]
        manifest, portal.origin, registry.checked_from
    )
    portal.generator = manifest.generator
    portal.data_updated = manifest.data_updated
    portal.withdrawn = [(w.type, w.id) for w in manifest.withdrawn]
    if portal.commune.portal is None and manifest.site.url:
        portal.commune = replace(portal.commune, portal=manifest.site.url.rstrip("/") + "/")
    return portal


def _from_content(commune: Commune, registry: Registry, as_of: dt.date) -> Portal:
    """Build the records from a content checkout with the ordinary load and validate stages."""
    from generator import __version__
    from generator.build import published_records
    from generator.load import load
    from generator.project import Project
    from generator.validate import validate

    root = Path(commune.location)
    portal = Portal(commune, origin=root.as_posix())
    if not (root / "content").is_dir() and not (root / "site_config").is_dir():
        return _failed(
            portal,
            registry,
            "CK710",
            f"{root} không phải kho nội dung (thiếu content/, site_config/)",
        )
    project = Project(root)
    loaded = load(project)
    validated = validate(loaded)
    errors = [d for d in [*loaded.diagnostics, *validated.diagnostics] if d.is_error]
    if errors or validated.site is None:
        first = errors[0] if errors else None
        where = f"{first.file}:{first.line}:{first.column}: {first.message}" if first else ""
        return _failed(
            portal,
            registry,
            "CK716",
            f"nội dung có {len(errors)} lỗi, chưa dựng được cổng"
            + (f" (đầu tiên: {where})" if where else ""),
        )
    site = validated.site
    if registry.checked_from is not None:
        site = site.model_copy(update={"compliance_from": registry.checked_from})
    portal.records = list(validated.records)
    portal.site = site
    portal.generator = f"congkhai {__version__}"
    published = published_records(validated.records, as_of)
    portal.data_updated = max((r.last_modified for r in published), default=None)
    portal.withdrawn = [
        (r.kind.folder, r.url.rstrip("/")) for r in validated.records if r not in published
    ]
    if commune.portal is None and site.site_url:
        portal.commune = replace(commune, portal=str(site.site_url).rstrip("/") + "/")
    return portal


def _failed(portal: Portal, registry: Registry, code: str, message: str) -> Portal:
    made = diagnostic(
        code,
        f"{portal.commune.name} ({portal.commune.code}): {message}",
        registry.name,
        Position(portal.commune.line, portal.commune.column),
        field=portal.origin,
    )
    portal.problem = replace(made, severity=Severity.WARNING)
    return portal
