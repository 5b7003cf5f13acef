"""The "access to information" section: who answers requests, where to send them, which forms.

Access to Information Law Art. 19(1)(đ), (g); Decree 13/2018 Art. 11(1). The data comes from
`info_access` in site_config/site.yaml and, for the focal point, from the organisation page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from generator.diagnostics import Diagnostic, diagnostic
from generator.diagnostics.positions import SourceFile
from generator.load.attachments import file_problem
from generator.types.record import Record
from generator.types.site import Contact, InfoDocument, SiteConfig


@dataclass(frozen=True)
class FocalPoint:
    name: str | None
    title: str
    phone: str | None
    email: str | None


def focal_point(site: SiteConfig, records: Iterable[Record]) -> FocalPoint | None:
    """The person who receives information requests: site config first, then the org page."""
    if site.info_access and site.info_access.focal_point:
        contact: Contact = site.info_access.focal_point
        return FocalPoint(contact.name, contact.role, contact.phone, contact.email)
    for record in records:
        official = getattr(record.item, "info_focal_point", None)
        if official is not None:
            return FocalPoint(official.name, official.title, official.phone, official.email)
    return None


def info_access_problems(
    site: SiteConfig,
    attachments: Mapping[str, int],
    source: SourceFile,
    mislabelled: Mapping[str, str],
) -> Iterator[Diagnostic]:
    """Forms and guides given as files must be attachments that can be published
    (load/attachments.py): under content/files/, of an allowed type, what their name says."""
    if site.info_access is None:
        return
    groups: list[tuple[str, list[InfoDocument]]] = [
        ("forms", site.info_access.forms),
        ("guides", site.info_access.guides),
    ]
    for name, documents in groups:
        for index, document in enumerate(documents):
            if document.file is None:
                continue
            problem = file_problem(document.file, attachments, mislabelled)
            if problem is not None:
                yield diagnostic(
                    problem.code,
                    problem.message,
                    source.name,
                    source.locate(("info_access", name, index, "file")),
                    field=f"info_access.{name}[{index}].file",
                    hint=problem.hint,
                )
