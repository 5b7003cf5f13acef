"""Charts drawn at build time as static SVG and inlined in the page: no JavaScript, nothing fetched.

Each chart is a Vega-Lite specification rendered by vl-convert (Vega in an embedded engine, no
browser). It was chosen over pygal and matplotlib for the same budget chart at a phone's width:
about 9 kB of SVG against pygal's 9 kB once its script and comments are stripped, but with a
layout that fits 360 px (pygal's legend and axis labels collided), text kept as text, d3's locale
formatting for Vietnamese numbers, and no ids drawn at random (pygal names every chart with a UUID).

Vega's own ARIA labels are English, so they are switched off; each chart is instead one image
(`role="img"`) named by a Vietnamese `<title>` and `<desc>`, and the page shows the same numbers in
a table next to it. Colours come from the Okabe-Ito colour-blind-safe palette, darkened where needed
so that every mark stands at least 3:1 against the white background (WCAG 2.1, 1.4.11).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import vl_convert

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

WIDTH = 300
"""Plot width in px: with its margins a chart stays under the 328 px a 360 px phone leaves."""
TEXT_COLOUR = "#333333"
GRID_COLOUR = "#d9d9d9"
FONT = "sans-serif"
"""What the SVG names; the stylesheet (ck-charts.css) sets the page's own font over it."""

BLUE = "#0072B2"
VERMILLION = "#D55E00"
DARK = "#333333"
GREY = "#8C8C8C"
PAIR = (BLUE, VERMILLION)
"""Two series: the Okabe-Ito pair that stays apart under every kind of colour blindness."""

VN_NUMBERS = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
"""d3-format locale: 1.234,5 (dots group thousands, a comma marks decimals)."""

_CONFIG = {
    "aria": False,
    "font": FONT,
    "background": "white",
    "view": {"stroke": None},
    "axis": {
        "labelColor": TEXT_COLOUR,
        "titleColor": TEXT_COLOUR,
        "labelFontSize": 12,
        "titleFontSize": 12,
        "titleFontWeight": "normal",
        "gridColor": GRID_COLOUR,
        "domainColor": TEXT_COLOUR,
        "tickColor": TEXT_COLOUR,
    },
    "legend": {
        "labelColor": TEXT_COLOUR,
        "labelFontSize": 12,
        "orient": "top",
        "direction": "horizontal",
        "title": None,
        "symbolType": "square",
        "labelLimit": 280,
    },
    "header": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR, "labelFont": FONT},
    "text": {"color": TEXT_COLOUR, "fontSize": 11},
}


_ROW_HEADER = {
    # Each category's name sits just above its own bars, closer to them than to the bars before.
    "labelOrient": "top",
    "labelAngle": 0,
    "labelAnchor": "start",
    "labelAlign": "left",
    "labelBaseline": "top",
    "labelFontSize": 13,
    "labelPadding": 3,
    "labelLimit": WIDTH,
    # Names are wrapped into lines (see `_wrap`) rather than cut short.
    "labelExpr": "split(datum.value, '\\n')",
}


@dataclass(frozen=True)
class Chart:
    """A chart ready to inline: its SVG names itself by `title` and `description`."""

    key: str
    """Unique on its page: the ids of the SVG's title and description start with it."""
    title: str
    description: str
    svg: str

    @property
    def size(self) -> int:
        return len(self.svg.encode())


def vn_number(value: float, decimals: int = 1) -> str:
    """1234.5 -> `1.234,5`, as the charts and their tables write it."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_percent(value: float | None) -> str:
    """0.953 -> `95,3%`."""
    return "–" if value is None else vn_number(value * 100, 1) + "%"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    """One value per category, in the categories' order; None where there is no figure."""


def grouped_bars(
    key: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    value_format: str = ",.1f",
    axis_format: str = ",.0f",
    colours: Sequence[str] = PAIR,
) -> Chart:
    """Horizontal bars, one group per category with its name above it (long Vietnamese names
    stay readable on a phone), one bar per series, each bar labelled with its value."""
    categories = [_wrap(c) for c in categories]
    rows = [
        {"c": category, "s": s.name, "v": value}
        for index, category in enumerate(categories)
        for s in series
        if (value := s.values[index]) is not None
    ]
    highest = max([r["v"] for r in rows] + [0])
    lowest = min([r["v"] for r in rows] + [0])
    names = [s.name for s in series]
    spec = {
        "data": {"values": rows},
        "facet": {
            "row": {
                "field": "c",
                "type": "nominal",
                "sort": list(categories),
                "title": None,
                "header": _ROW_HEADER,
            }
        },
        "spacing": 12,
        "spec": {
            "width": WIDTH,
            "height": {"step": 17},
            "encoding": {
                "y": {"field": "s", "type": "nominal", "sort": names, "axis": None},
                "x": {
                    "field": "v",
                    "type": "quantitative",
                    "title": None,
                    # Room on the right for the value written after the longest bar.
                    "scale": {"domain": [lowest, _headroom(highest)], "nice": True},
                    "axis": {"format": axis_format, "tickCount": 4},
                },
            },
            "layer": [
                {
                    "mark": {"type": "bar", "height": {"band": 0.85}},
                    "encoding": {
                        "color": {
                            "field": "s",
                            "type": "nominal",
                            "sort": names,
                            "scale": {"domain": names, "range": list(colours[: len(names)])},
                        }
                    },
                },
                {
                    "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 3},
                    "encoding": {
                        "text": {"field": "v", "type": "quantitative", "format": value_format}
                    },
                },
            ],
        },
        "resolve": {"scale": {"x": "shared"}},
    }
    return render(key, title, description, spec)


def stacked_bars(
    key: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    colours: Sequence[str],
    *,
    axis_title: str,
) -> Chart:
    """One horizontal bar per category, split into its parts, category names above the bars."""
    names = [s.name for s in series]
    categories = [_wrap(c) for c in categories]
    rows = [
        {"c": category, "s": s.name, "o": order, "v": value}
        for index, category in enumerate(categories)
        for order, s in enumerate(series)
        if (value := s.values[index])
    ]
    spec = {
        "data": {"values": rows},
        "facet": {
            "row": {
                "field": "c",
                "type": "nominal",
                "sort": list(categories),
                "title": None,
                "header": _ROW_HEADER,
            }
        },
        "spacing": 10,
        "spec": {
            "width": WIDTH,
            "height": 16,
            # A white edge between parts: each part then stands against white, whatever its
            # neighbour's colour (WCAG 1.4.11).
            "mark": {"type": "bar", "stroke": "white", "strokeWidth": 1.5},
            "encoding": {
                "x": {
                    "field": "v",
                    "type": "quantitative",
                    "stack": "zero",
                    "title": axis_title,
                    "axis": {"format": "d", "tickMinStep": 1},
                },
                "color": {
                    "field": "s",
                    "type": "nominal",
                    "sort": names,
                    "scale": {"domain": names, "range": list(colours[: len(names)])},
                },
                "order": {"field": "o", "type": "quantitative"},
            },
        },
        "resolve": {"scale": {"x": "shared"}},
    }
    return render(key, title, description, spec)


def lines(
    key: str,
    title: str,
    description: str,
    points: Sequence[str],
    series: Sequence[Series],
    *,
    value_format: str = ".0%",
    axis_format: str = ".0%",
    reference: float | None = None,
    colours: Sequence[str] = PAIR,
) -> Chart:
    """Lines over ordered points (quarters, audits), each point labelled with its value; solid and
    dashed lines and different point shapes keep the series apart without colour. At each point
    the highest value is labelled above its mark and the others below, so that close values
    never sit on each other's line."""
    names = [s.name for s in series]
    rows = []
    for index, point in enumerate(points):
        values = [(s.name, s.values[index]) for s in series if s.values[index] is not None]
        top = max(values, key=lambda pair: pair[1], default=None)
        for name, value in values:
            rows.append({"p": point, "s": name, "v": value, "above": (name, value) == top})
    highest = max([r["v"] for r in rows] + [reference or 0])
    x = {
        "field": "p",
        "type": "ordinal",
        "sort": list(points),
        "title": None,
        "axis": {"labelAngle": 0, "labelLimit": WIDTH // max(len(points), 1)},
    }
    y = {
        "field": "v",
        "type": "quantitative",
        "title": None,
        "scale": {"domain": [0, _headroom(highest)], "nice": True},
        "axis": {"format": axis_format, "tickCount": 5},
    }

    def by_series(values: list[object]) -> dict[str, object]:
        scale = {"domain": names, "range": values[: len(names)]}
        return {"field": "s", "type": "nominal", "sort": names, "scale": scale}

    colour = by_series(list(colours))
    layers: list[dict[str, object]] = []
    if reference is not None:
        layers.append(
            {
                "mark": {"type": "rule", "color": GREY, "strokeDash": [2, 3]},
                "encoding": {"y": {"datum": reference, "type": "quantitative"}},
            }
        )
    dashes = by_series([[1, 0], [6, 3], [2, 2]])
    layers.append(
        {
            "mark": {"type": "line", "strokeWidth": 2.5},
            "encoding": {"x": x, "y": y, "color": colour, "strokeDash": dashes},
        }
    )
    shapes = by_series(["circle", "square", "triangle-up"])
    layers.append(
        {
            "mark": {"type": "point", "filled": True, "size": 60, "opacity": 1},
            "encoding": {"x": x, "y": y, "color": colour, "shape": shapes},
        }
    )
    for above, dy in ((True, -11), (False, 15)):
        layers.append(
            {
                "transform": [{"filter": f"datum.above == {str(above).lower()}"}],
                "mark": {"type": "text", "dy": dy, "fontSize": 11, "color": TEXT_COLOUR},
                "encoding": {
                    "x": x,
                    "y": y,
                    "text": {"field": "v", "type": "quantitative", "format": value_format},
                },
            }
        )
    spec = {"data": {"values": rows}, "width": WIDTH, "height": 180, "layer": layers}
    return render(key, title, description, spec)


def _wrap(name: str) -> str:
    """A category's name in lines that fit the plot's width (about 42 characters at 13 px)."""
    return "\n".join(textwrap.wrap(name, 42)) or name


def _headroom(highest: float) -> float:
    return highest * 1.25 if highest > 0 else 1


def render(key: str, title: str, description: str, spec: dict[str, object]) -> Chart:
    """Render a Vega-Lite spec to SVG and give it its accessible name and description."""
    full = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", **spec, "config": _CONFIG}
    svg = _accessible(
        _to_svg(json.dumps(full, ensure_ascii=False, sort_keys=True)), key, title, description
    )
    return Chart(key=key, title=title, description=description, svg=svg)


_cache_dir: Path | None = None


def cache_charts_in(directory: Path | None) -> None:
    """Keep drawn charts in `directory` between builds (None: only in memory). Drawing takes tens
    of milliseconds a chart, and past years' charts never change; a chart is found again by the
    hash of its specification and of the drawing library's version, so a cached chart is the
    same bytes a fresh drawing would give."""
    global _cache_dir
    _cache_dir = directory


_VERSION = f"vl-convert {importlib.metadata.version('vl-convert-python')}"


def _to_svg(spec: str) -> str:
    path = None
    if _cache_dir is not None:
        digest = hashlib.sha256(f"{_VERSION}\n{spec}".encode()).hexdigest()
        path = _cache_dir / f"{digest}.svg"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    # Drawn (or found in memory) and then kept on disk, whichever project drew it first.
    svg = _draw(spec)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(svg, encoding="utf-8")
        partial.replace(path)
    return svg


@functools.lru_cache(maxsize=256)
def _draw(spec: str) -> str:
    # The same chart can appear on two pages (an execution report and its year): draw it once.
    # No base URL is allowed: the data is inline, and a chart must never fetch anything.
    return vl_convert.vegalite_to_svg(spec, format_locale=VN_NUMBERS, allowed_base_urls=[])


_KEY = re.compile(r"[^a-z0-9-]+")


def _accessible(svg: str, key: str, title: str, description: str) -> str:
    """One image for assistive technology, named by a Vietnamese title and description; ids that
    the drawing uses are prefixed with the chart's key so that charts on one page never clash."""
    prefix = "ck-chart-" + _KEY.sub("-", key.lower()).strip("-")
    root = ET.fromstring(svg)
    _strip(root)
    for element in root.iter():
        if "id" in element.attrib:
            element.set("id", f"{prefix}-{element.get('id')}")
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title")
    root.set("aria-describedby", f"{prefix}-desc")
    root.set("class", "ck-chart__svg")
    root.set("focusable", "false")
    title_element = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{prefix}-title"})
    title_element.text = title
    desc_element = ET.Element(f"{{{SVG_NS}}}desc", {"id": f"{prefix}-desc"})
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    text = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", text)


_DROPPED_ATTRIBUTES = ("aria-hidden", "aria-label", "aria-roledescription", "role", "class")
"""Vega's English ARIA labels and roles (the chart is one image, named in Vietnamese) and its CSS
classes, which nothing styles."""
_EMPTY_PATHS = {"", "M0,0h0v0h0Z"}


def _strip(parent: ET.Element) -> None:
    """Drop what draws nothing: about a third of Vega's SVG, and it keeps charts under 30 kB."""
    for child in list(parent):
        if child.tag == f"{{{SVG_NS}}}path" and (
            child.get("display") == "none" or child.get("d", "") in _EMPTY_PATHS
        ):
            parent.remove(child)
            continue
        for name in _DROPPED_ATTRIBUTES:
            child.attrib.pop(name, None)
        if child.get("opacity") == "1":
            del child.attrib["opacity"]
        if child.get("pointer-events") == "none":
            del child.attrib["pointer-events"]
        _strip(child)
