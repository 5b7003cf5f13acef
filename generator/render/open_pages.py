"""The two portal pages about the machine-readable portal: /feeds/ and /du-lieu/.

They are ordinary Markdown pages (Material theme, navigation); the files they link to are written
after MkDocs by the publish stage, so their links are inline HTML, which MkDocs does not check.
"""

from __future__ import annotations

from collections.abc import Sequence

import jinja2

from generator.publish.feeds import FEED_SIZE, base_url, feed_specs
from generator.publish.manifest import MANIFEST_PATH, SCHEMA_PATH, SCHEMA_VERSION
from generator.publish.opendata import LIST_SEPARATOR, layouts
from generator.types.record import Record
from generator.types.site import SiteConfig

FEEDS_PAGE = "feeds/index.md"
DATA_PAGE = "du-lieu/index.md"
NAV = [{"Nguồn tin RSS": FEEDS_PAGE}, {"Dữ liệu mở": DATA_PAGE}]


def render_open_pages(
    env: jinja2.Environment, site: SiteConfig, records: Sequence[Record]
) -> dict[str, str]:
    """Markdown of the feeds page and the open-data page (with its data dictionary)."""
    from generator.render.environment import relative

    common = {"site": site, "base": base_url(site), "relative": relative}
    specs = feed_specs(site, records)
    return {
        FEEDS_PAGE: env.get_template("feeds.md.j2").render(
            page=FEEDS_PAGE,
            feeds=[s for s in specs if "/" not in s.key],
            villages=[s for s in specs if "/" in s.key],
            feed_size=FEED_SIZE,
            **common,
        ),
        DATA_PAGE: env.get_template("du-lieu.md.j2").render(
            page=DATA_PAGE,
            layouts=layouts(),
            manifest_path=MANIFEST_PATH,
            schema_path=SCHEMA_PATH,
            schema_version=SCHEMA_VERSION,
            list_separator=LIST_SEPARATOR.strip(),
            **common,
        ),
    }
