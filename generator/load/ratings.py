"""How many residents found each page useful: site_config/danh-gia.json, written by
`congkhai intake ratings` from the province's intake service and shown under each item page."""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.diagnostics import Diagnostic, diagnostic
from generator.project import Project

RATINGS_FILE = "site_config/danh-gia.json"


class PageCount(BaseModel):
    model_config = ConfigDict(extra="forbid")

    useful: int = Field(ge=0)
    not_useful: int = Field(ge=0)


class RatingsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    commune: str
    pages: dict[str, PageCount]


def load_page_ratings(project: Project) -> tuple[dict[str, dict[str, int]], list[Diagnostic]]:
    """Counts by page URL (`van-ban/2025/nq-12/`); no file means no counts, not an error."""
    path = project.root / RATINGS_FILE
    if not path.is_file():
        return {}, []
    try:
        parsed = RatingsFile.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        reason = str(exc).splitlines()[0]
        return {}, [diagnostic("CK651", f"tệp không đúng dạng: {reason}", RATINGS_FILE)]
    return {page: count.model_dump() for page, count in parsed.pages.items()}, []
