"""QR codes back to a page, drawn at build time as inline SVG (segno): a printed page or a sheet
on the notice board leads a phone's camera to the page on the portal, with nothing fetched."""

from __future__ import annotations

import functools
import html

import segno


def page_address(site_url: object, url: str) -> str | None:
    """The page's full address on the published portal, or None when the portal's address is not
    configured (site.yaml `site_url`)."""
    if not site_url:
        return None
    return str(site_url).rstrip("/") + "/" + url.lstrip("/")


@functools.cache
def qr_svg(address: str) -> str:
    """The QR code of `address` as one line of SVG (no fixed size: the stylesheet sizes it),
    with the address as its accessible name."""
    # One fixed mask pattern: any of the eight is a valid code every reader decodes, and choosing
    # the best-scoring one is most of segno's work, paid once per item page (bench/RESULTS.md).
    code = segno.make(address, error="m", mask=0)
    svg = code.svg_inline(
        scale=1, border=4, omitsize=True, svgclass="ck-qr", lineclass=None, title=None
    )
    label = html.escape(f"Mã QR dẫn đến {address}", quote=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
