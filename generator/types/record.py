"""A validated disclosure with its place on the portal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from generator.diagnostics.positions import SourceFile
from generator.types import DisclosureType
from generator.types.common import Disclosure


@dataclass(frozen=True)
class Record:
    kind: DisclosureType
    item: Disclosure
    source: SourceFile
    slug: str

    # The item is frozen, so its year and URL are worked out once: listings, links, feeds and
    # sorting ask for them tens of times per record.
    @cached_property
    def year(self) -> int:
        return self.item.period_year()

    @cached_property
    def url(self) -> str:
        """Site-relative URL, stable over time: `ngan-sach/2025/du-toan/`."""
        if self.kind.yearless:
            return f"{self.kind.folder}/{self.slug}/"
        return f"{self.kind.folder}/{self.year}/{self.slug}/"

    @property
    def page_path(self) -> str:
        """The Markdown file MkDocs turns into `url` (directory URLs)."""
        return self.url.rstrip("/") + ".md"

    @property
    def published(self) -> dt.date:
        return self.item.published

    @property
    def last_modified(self) -> dt.date:
        return self.item.last_modified

    def sort_key(self) -> tuple[dt.date, str]:
        """Newest first, ties broken by URL so that order never depends on the file system."""
        return (self.published, self.url)
