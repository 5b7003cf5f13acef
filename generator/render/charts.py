"""Charts drawn at build time as static SVG and inlined in the page: no JavaScript, nothing fetched.

Each chart is drawn by pygal. It replaced Vega-Lite rendered by vl-convert, which gave the same
pictures but cost about 100 ms for a budget report's chart (8 groups, 2 series) in its embedded
JavaScript engine, with no gain from threads: 27 s of charts for a commune with 150 budget
reports. Measured on one machine (bench/charts.py, bench/RESULTS.md), per chart:

    chart                        vl-convert          pygal (as used here)
    budget, 8 groups             115 ms, 13.1 kB     3.3 ms, 3.8 kB
    quarters, lines              31 ms, 7.8 kB       3.2 ms, 2.9 kB
    audit, 50 rules              746 ms, 52.7 kB     6-11 ms, 19.0 kB

pygal draws the value axis, its guides, the bars and the lines; what pygal lays out badly on a
phone is placed here instead (its category labels sit left of the bars and its legend beside the
plot, which collided at 360 px): each category's name, wrapped, just above its own bars; the legend
above the plot in one row or two columns; each value written after its bar or beside its point;
the labels under a line chart staggered when they would touch. Everything is sized for the 328 px
a 360 px phone leaves, and the SVG scales down, never up.

What pygal adds for its interactive mode is left out or removed: no script (`js=[]`, and its
config script is never built), no stylesheet (colours, sizes and fonts are presentation
attributes, inherited from groups, so a chart reads the same in a feed, in print or opened alone),
no tooltips, no comments (one carries the day's date), and no ids drawn at random (pygal names each
chart with a UUID): the only ids are the `<title>` and `<desc>`'s, made from the chart's key, so two
builds of the same data are byte-identical.

Each chart is one image (`role="img"`) named by a Vietnamese `<title>` and `<desc>`, and the page
shows the same numbers in a table next to it. Colours come from the Okabe-Ito colour-blind-safe
palette, darkened where needed so that every mark stands at least 3:1 against the white background
(WCAG 2.1, 1.4.11); text is #333 (12.6:1).

Drawn charts are no longer kept on disk between builds: reading a cached file costs about what
drawing it does now. The same chart on two pages of one build (an execution report and its year)
is drawn once, in memory.
"""

from __future__ import annotations

import functools
import math
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygal
from pygal.config import SerieConfig
from pygal.etree import etree as pygal_etree
from pygal.graph import base as pygal_base
from pygal.style import Style

# The standard library's ElementTree, whether or not lxml is installed: the same bytes everywhere.
pygal_etree.to_etree()

LIBRARY = "pygal"
SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)

WIDTH = 328
"""Drawn width in px: the 360 px of a small phone less the page's margins."""
TEXT_COLOUR = "#333333"
GRID_COLOUR = "#d9d9d9"
FONT = "sans-serif"
"""What the SVG names; the stylesheet (ck-charts.css) sets the page's own font over it."""
FONT_SIZE = 12
"""Axis ticks and legend."""
NAME_SIZE = 13
"""A category's name above its bars."""
VALUE_SIZE = 11
"""A value written after its bar or beside its point."""

BLUE = "#0072B2"
VERMILLION = "#D55E00"
DARK = "#333333"
GREY = "#8C8C8C"
PAIR = (BLUE, VERMILLION)
"""Two series: the Okabe-Ito pair that stays apart under every kind of colour blindness."""

_LEFT = 10
_RIGHT = 18
"""Room beside the plot for half of the first and last tick labels."""
_LINE = NAME_SIZE + 3
"""Height of one line of a category's name."""


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


def number_format(spec: str) -> Callable[[float], str]:
    """The formats the charts use, in d3's notation: `,.1f` (1.234,5), `,.0f` and `d` (1.234),
    `.0%` (95%)."""
    match = re.fullmatch(r",?\.?(\d*)([fd%])", spec)
    if match is None:
        raise ValueError(f"unsupported number format {spec!r}")
    digits, kind = int(match.group(1) or 0), match.group(2)
    if kind == "%":
        return lambda value: vn_number(value * 100, digits) + "%"
    return lambda value: vn_number(value, digits if kind == "f" else 0)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    """One value per category, in the categories' order; None where there is no figure."""

    def __post_init__(self) -> None:
        # Kept as a tuple, so that a series is hashable: drawn charts are cached by their data.
        object.__setattr__(self, "values", tuple(self.values))


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
    return _cached(
        "grouped",
        key,
        title,
        description,
        tuple(categories),
        tuple(series),
        tuple(colours),
        value_format=value_format,
        axis_format=axis_format,
    )


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
    return _cached(
        "stacked",
        key,
        title,
        description,
        tuple(categories),
        tuple(series),
        tuple(colours),
        axis_title=axis_title,
    )


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
    return _cached(
        "lines",
        key,
        title,
        description,
        tuple(points),
        tuple(series),
        tuple(colours),
        value_format=value_format,
        axis_format=axis_format,
        reference=reference,
    )


@functools.lru_cache(maxsize=256)
def _cached(
    kind: str,
    key: str,
    title: str,
    description: str,
    categories: tuple[str, ...],
    series: tuple[Series, ...],
    colours: tuple[str, ...],
    **options: object,
) -> Chart:
    # The same chart can appear on two pages (an execution report and its year): draw it once.
    chart = _KINDS[kind](list(categories), list(series), list(colours), **options)
    root = chart.render_tree()
    svg = _finish(root, key, title, description, colours)
    return Chart(key=key, title=title, description=description, svg=svg)


# Drawing --------------------------------------------------------------------------------------


_STYLE = Style(
    font_family=FONT,
    background="white",
    plot_background="white",
    foreground=TEXT_COLOUR,
    foreground_strong=TEXT_COLOUR,
    foreground_subtle=GRID_COLOUR,
    label_font_size=FONT_SIZE,
    major_label_font_size=FONT_SIZE,
    value_font_size=VALUE_SIZE,
    legend_font_size=FONT_SIZE,
    colors=PAIR,
)

_CONFIG: dict[str, object] = {
    "js": [],
    "css": [],
    "disable_xml_declaration": True,
    "no_prefix": True,
    "show_legend": False,  # drawn above the plot instead (see _Layout._legend_rows)
    "explicit_size": True,
    "truncate_label": -1,
    "margin_left": _LEFT,
    "margin_right": _RIGHT,
    "spacing": 6,
    "show_minor_y_labels": True,
}


def _text_width(text: str, size: float) -> float:
    """A generous estimate of a label's width: wide enough for Vietnamese capitals and digits."""
    return len(text) * size * 0.6


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round ticks from `low` (0 or below) to at least `high`: steps of 1, 2, 2.5 or 5 x 10^n."""
    span = (high - low) or 1
    rough = span / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _round(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


_object_attribute = object.__getattribute__
_SERIE_SETTINGS = dir(SerieConfig())


class _SerieConfig(SerieConfig):
    """pygal's settings of one series, whose dir() is answered from a list made once: pygal asks
    it of a fresh one for each of some hundred chart settings of each series (a sixth of the
    drawing). A fresh one's attributes are the class's, which never change, so the answer is
    the same; nothing else adds any before pygal is done asking."""

    def __dir__(self) -> list[str]:
        return list(_SERIE_SETTINGS)


# pygal's series preparation (BaseGraph.prepare_values) is the only user of the name.
pygal_base.SerieConfig = _SerieConfig


class _Layout:
    """What the three kinds share: no tooltips, no script or stylesheet built, the legend above
    the plot, and a height that follows from the plot's own."""

    ck_plot_height: float
    ck_legend: list[tuple[str, str]]
    """(name, colour) of each series."""

    def __getattribute__(self, name: str) -> object:
        # pygal's BaseGraph.__getattribute__, answering the same, in one call instead of three:
        # while a chart is drawn its settings are read from the transient state first. pygal
        # reads them tens of thousands of times over 128 charts; its own way was a fifth of
        # the drawing.
        state = _object_attribute(self, "__dict__").get("state")
        if state is not None and name != "state" and not name.startswith("__"):
            settings = state.__dict__
            if name in settings:
                return settings[name]
        return _object_attribute(self, name)

    def _draw(self) -> None:
        # pygal builds a stylesheet and a script with its whole configuration for every chart:
        # neither is wanted, so neither is built.
        self.svg.add_styles = lambda: None  # type: ignore[attr-defined]
        self.svg.add_scripts = lambda: None  # type: ignore[attr-defined]
        super()._draw()  # type: ignore[misc]

    def _tooltip_data(self, *args: object, **kwargs: object) -> None:
        """No tooltips: nothing would show them without pygal's script."""

    def _legend_rows(self) -> list[list[int]]:
        names = [name for name, _ in self.ck_legend]
        if len(names) < 2:
            return []
        widths = [_text_width(n, FONT_SIZE) + 24 for n in names]
        if sum(widths) <= WIDTH - _LEFT:
            return [list(range(len(names)))]
        return [list(range(i, min(i + 2, len(names)))) for i in range(0, len(names), 2)]

    def _compute_margin(self) -> None:
        super()._compute_margin()  # type: ignore[misc]
        rows = len(self._legend_rows())
        self.margin_box.top = 4 + rows * 20 + (6 if rows else 0)
        self.height = math.ceil(self.margin_box.top + self.margin_box.bottom + self.ck_plot_height)

    def _decorate(self) -> None:
        super()._decorate()  # type: ignore[misc]
        rows = self._legend_rows()
        if not rows:
            return
        legend = self.svg.node(self.nodes["graph"], "g", class_="ck-legend")
        column = (WIDTH - _LEFT) / max(len(r) for r in rows) if len(rows) > 1 else None
        for row_index, row in enumerate(rows):
            x = _LEFT
            y = 4 + row_index * 20
            for position, index in enumerate(row):
                name, colour = self.ck_legend[index]
                if column is not None:
                    x = _LEFT + position * column
                self.svg.node(legend, "rect", x=x, y=y + 1, width=12, height=12, fill=colour)
                self.svg.node(legend, "text", x=x + 17, y=y + 11.5).text = name
                x += _text_width(name, FONT_SIZE) + 24


class _Bars(_Layout, pygal.HorizontalBar):
    """Bars placed by band: each category's name, then its bars one under the other."""

    ck_names: list[list[str]]
    ck_band: float
    ck_bar: float
    ck_name_height: float
    ck_stacked: bool = False
    ck_format: Callable[[float], str] | None = None

    def _bar(self, serie, parent, x, y, i, zero, secondary=False):
        top = i * self.ck_band + self.ck_name_height
        if self.ck_stacked:
            # Parts in the series' order from the left, whatever order pygal draws them in.
            start = sum(s.values[i] or 0 for s in self.series if s.index < serie.index)
            left, right = self.view.y(start), self.view.y(start + y)
        else:
            top += serie.index * self.ck_bar
            left, right = self.view.y(zero), self.view.y(y)
        height = self.ck_bar - (0 if self.ck_stacked else 2)
        rect = self.svg.node(
            parent,
            "rect",
            x=_round(min(left, right)),
            y=_round(top),
            width=_round(abs(right - left)),
            height=_round(height),
            fill=self.ck_legend[serie.index][1],
        )
        if self.ck_stacked:
            # A white edge between parts: each part then stands against white, whatever its
            # neighbour's colour (WCAG 1.4.11).
            rect.set("stroke", "white")
            rect.set("stroke-width", "1.5")
        # pygal's convention before transposition: position along the categories, then value.
        return top, right, height, left - right

    def _tooltip_and_print_values(
        self, serie_node, serie, parent, i, val, metadata, x, y, width, height
    ):
        if self.ck_format is None:
            return
        value = serie.values[i]
        end = max(y, y + height) if value >= 0 else min(y, y + height)
        text = self.svg.node(
            serie_node["text_overlay"],
            "text",
            x=_round(end + 4 if value >= 0 else end - 4),
            y=_round(x + width / 2 + VALUE_SIZE * 0.35),
        )
        if value < 0:
            text.set("text-anchor", "end")
        text.text = self.ck_format(value)

    def _plot(self) -> None:
        super()._plot()
        names = self.svg.node(self.nodes["plot"], "g", class_="ck-names")
        names.set("font-size", str(NAME_SIZE))
        # A white edge around each letter hides the guides behind the names.
        names.attrib.update({"stroke": "white", "stroke-width": "3", "paint-order": "stroke"})
        for index, lines_ in enumerate(self.ck_names):
            top = index * self.ck_band
            text = self.svg.node(names, "text", x=0, y=_round(top + NAME_SIZE))
            if len(lines_) == 1:
                text.text = lines_[0]
                continue
            for number, line in enumerate(lines_):
                span = self.svg.node(text, "tspan", x=0, dy="0" if not number else str(_LINE))
                span.text = line


def _wrap(name: str, size: int = NAME_SIZE) -> list[str]:
    """A category's name in lines that fit the drawn width."""
    return textwrap.wrap(name, int((WIDTH - _LEFT) / (size * 0.6))) or [name]


def _bars(
    categories: list[str],
    series: list[Series],
    colours: list[str],
    *,
    value_format: str | None,
    axis_format: str,
    stacked: bool = False,
    axis_title: str | None = None,
) -> _Bars:
    names = [_wrap(c) for c in categories]
    single = len(series) == 1 or stacked
    bar = 16 if stacked else (14 if single else 15)
    name_height = max(len(n) for n in names) * _LINE + 3
    band = name_height + (bar if stacked else len(series) * bar) + 9
    if stacked:
        totals = [sum(s.values[i] or 0 for s in series) for i in range(len(categories))]
        highest, lowest = max([*totals, 0]), 0.0
    else:
        values = [v for s in series for v in s.values if v is not None]
        highest, lowest = max([*values, 0]), min([*values, 0])
    fmt = number_format(value_format) if value_format else None
    plot_width = WIDTH - _LEFT - _RIGHT
    right = _RIGHT
    if fmt is not None and value_format.endswith("%") and lowest >= 0 and highest <= 1:
        # Shares end at 100%: the value after a full bar is written in the margin instead.
        ticks = [0, 0.25, 0.5, 0.75, 1]
        right = max(_RIGHT, math.ceil(_text_width(fmt(highest), VALUE_SIZE) + 8))
    else:
        if fmt is not None and highest > 0:
            # Room after the longest bar for its value.
            room = _text_width(fmt(highest), VALUE_SIZE) + 8
            highest = highest * plot_width / (plot_width - room)
        ticks = _nice_ticks(lowest, highest or 1)
    axis = number_format(axis_format)
    chart = _Bars(
        **{**_CONFIG, "margin_right": right},
        style=_style(colours),
        range=(ticks[0], ticks[-1]),
        y_labels=[{"value": t, "label": axis(t)} for t in ticks],
        # Horizontal: pygal's x labels are the categories (drawn here above their bars) and its
        # y labels the value ticks, drawn under the plot.
        show_x_labels=True,
        show_y_labels=False,
        x_title=axis_title,
        width=WIDTH,
        height=400,
    )
    chart.ck_names = names
    chart.ck_band = band
    chart.ck_bar = bar
    chart.ck_name_height = name_height
    chart.ck_plot_height = band * len(categories)
    chart.ck_stacked = stacked
    chart.ck_format = fmt
    chart.ck_legend = [(s.name, colours[i]) for i, s in enumerate(series)]
    chart.x_labels = categories
    for s in series:
        values = [(v if v else None) if stacked else v for v in s.values]
        chart.add(s.name, values)
    return chart


def _grouped(categories, series, colours, *, value_format, axis_format) -> _Bars:
    return _bars(categories, series, colours, value_format=value_format, axis_format=axis_format)


def _stacked(categories, series, colours, *, axis_title) -> _Bars:
    return _bars(
        categories,
        series,
        colours,
        value_format=None,
        axis_format="d",
        stacked=True,
        axis_title=axis_title,
    )


_DASHES = (None, "6 3", "2 2")
_SHAPES = ("circle", "square", "triangle")


class _Lines(_Layout, pygal.Line):
    """Lines with a labelled point at each step, the labels under the plot placed by congkhai."""

    ck_points: list[str]
    ck_format: Callable[[float], str]
    ck_reference: float | None = None

    def _static_value(self, serie_node, value, x, y, metadata, align_text="left", classes=None):
        # pygal passes the point shifted by one font size; the label goes above the point if
        # this series is the highest there, else below.
        x -= self.style.value_font_size
        y -= self.style.value_font_size
        above = bool(metadata and metadata.get("ck_above"))
        text = self.svg.node(
            serie_node["text_overlay"],
            "text",
            x=_round(x),
            y=_round(y - 9 if above else y + 8 + VALUE_SIZE),
        )
        text.set("text-anchor", "middle")
        text.text = value

    def _compute(self) -> None:
        super()._compute()
        # Points inset from both ends, so that the first and last labels stay clear of the axis.
        count = self._len
        self._x_pos = [0.08 + 0.84 * i / (count - 1) for i in range(count)] if count > 1 else [0.5]
        self._points(self._x_pos)

    def _plot(self) -> None:
        if self.ck_reference is not None:
            y = self.view.y(self.ck_reference)
            self.svg.node(
                self.nodes["plot"],
                "path",
                d=f"M0 {_round(y)}h{_round(self.view.width)}",
                stroke=GREY,
                **{"stroke-dasharray": "2 3"},
            )
        super()._plot()
        # The points' names under the plot, staggered on two lines when they would touch.
        count = len(self.ck_points)
        slot = self.view.width / max(count, 1)
        widest = max(_text_width(p, FONT_SIZE) for p in self.ck_points)
        stagger = widest > slot - 4
        labels = self.svg.node(self.nodes["plot"], "g", class_="ck-points")
        labels.set("text-anchor", "middle")
        for index, point in enumerate(self.ck_points):
            x = self.view.x(self._x_pos[index])
            y = self.view.height + 16 + (14 if stagger and index % 2 else 0)
            self.svg.node(labels, "text", x=_round(x), y=_round(y)).text = point


def _lines(
    points: list[str],
    series: list[Series],
    colours: list[str],
    *,
    value_format: str,
    axis_format: str,
    reference: float | None,
) -> _Lines:
    values = [v for s in series for v in s.values if v is not None]
    ticks = _nice_ticks(0, max([*values, reference or 0, 0]) * 1.15 or 1, 5)
    axis = number_format(axis_format)
    slot = (WIDTH - 50 - _RIGHT) / max(len(points), 1)
    stagger = max(_text_width(p, FONT_SIZE) for p in points) > slot - 4
    chart = _Lines(
        **{**_CONFIG, "margin_left": 4, "margin_right": 28},
        style=_style(colours),
        range=(ticks[0], ticks[-1]),
        y_labels=[{"value": t, "label": axis(t)} for t in ticks],
        show_x_labels=False,
        # Room under the plot for the points' names (see _Lines._plot), and for labels at both ends.
        margin_bottom=(40 if stagger else 26),
        dots_size=4,
        width=WIDTH,
        height=300,
        allow_interruptions=True,
    )
    chart.ck_points = points
    chart.ck_format = number_format(value_format)
    chart.ck_reference = reference
    chart.ck_plot_height = 180
    chart.ck_legend = [(s.name, colours[i]) for i, s in enumerate(series)]
    chart.value_formatter = chart.ck_format
    chart.x_labels = points
    tops = []
    for index in range(len(points)):
        present = [s.values[index] for s in series if s.values[index] is not None]
        tops.append(max(present) if present else None)
    for s in series:
        marked: list[dict[str, object] | None] = []
        seen_top = set()
        for index, value in enumerate(s.values):
            if value is None:
                marked.append(None)
                continue
            # Only one series labels above at each point: the first with the highest value.
            above = (
                value == tops[index]
                and index not in seen_top
                and _first_top(series, s, index, tops[index])
            )
            seen_top.add(index)
            marked.append({"value": value, "ck_above": above})
        chart.add(s.name, marked)
    return chart


def _first_top(series: list[Series], this: Series, index: int, top: float | None) -> bool:
    first = next(s for s in series if s.values[index] == top)
    return first is this


def _style(colours: Sequence[str]) -> Style:
    style = Style(**{k: getattr(_STYLE, k) for k in _STYLE_FIELDS})
    style.colors = tuple(colours)
    return style


_STYLE_FIELDS = (
    "font_family",
    "background",
    "plot_background",
    "foreground",
    "foreground_strong",
    "foreground_subtle",
    "label_font_size",
    "major_label_font_size",
    "value_font_size",
    "legend_font_size",
)

_KINDS: dict[str, Callable[..., pygal.graph.graph.Graph]] = {
    "grouped": _grouped,
    "stacked": _stacked,
    "lines": _lines,
}


# Finishing ------------------------------------------------------------------------------------


_KEY = re.compile(r"[^a-z0-9-]+")
_NUMBER = re.compile(r"-?\d+\.\d+")
_DROPPED = {"title", "desc", "defs", "style", "script"}


def _finish(
    root: ET.Element, key: str, title: str, description: str, colours: Sequence[str]
) -> str:
    """pygal's drawing made static and self-contained: classes turned into presentation
    attributes, what draws nothing dropped, and one image for assistive technology, named by a
    Vietnamese title and description."""
    root.attrib.clear()
    prefix = "ck-chart-" + _KEY.sub("-", key.lower()).strip("-")
    graph = next(c for c in root if c.tag == "g")
    width, height = graph[0].get("width", "0"), graph[0].get("height", "0")
    root.attrib.update(
        {
            "xmlns": SVG_NS,
            "width": width,
            "height": height,
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "aria-labelledby": f"{prefix}-title",
            "aria-describedby": f"{prefix}-desc",
            "class": "ck-chart__svg",
            "focusable": "false",
            "font-family": FONT,
            "font-size": str(FONT_SIZE),
            "fill": TEXT_COLOUR,
        }
    )
    _clean(root, None, -1, colours)
    title_element = ET.Element("title", {"id": f"{prefix}-title"})
    title_element.text = title
    desc_element = ET.Element("desc", {"id": f"{prefix}-desc"})
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


def _clean(parent: ET.Element, colour: str | None, serie: int, colours: Sequence[str]) -> None:
    """Walk pygal's tree: `colour` and `serie` are those of the series being walked."""
    for child in list(parent):
        tag = child.tag
        if not isinstance(tag, str) or tag in _DROPPED:  # comments, tooltips, pygal's <title>
            parent.remove(child)
            continue
        classes = child.attrib.pop("class", "").split()
        if "tooltip-overlay" in classes:
            parent.remove(child)
            continue
        if "background" in classes:
            if "plot" in parent.get("ck-class", ""):
                parent.remove(child)  # the plot's own white, over the chart's white
                continue
            child.set("fill", "white")
        child_colour, child_serie = colour, serie
        for name in classes:
            if name.startswith("color-"):
                child_serie = int(name.removeprefix("color-"))
                child_colour = colours[child_serie % len(colours)]
        if tag == "g":
            child.set("ck-class", " ".join(classes))
        if "axis" in classes and tag in ("g", "text"):  # SVG allows text-anchor on text only
            child.set("text-anchor", "middle" if "x" in classes else "end")
        elif tag == "path" and "line" in classes:
            if "reactive" in classes:  # a series' line
                child.set("stroke", child_colour or TEXT_COLOUR)
                child.set("fill", "none")
                child.set("stroke-width", "2.5")
                dash = _DASHES[child_serie % len(_DASHES)]
                if dash:
                    child.set("stroke-dasharray", dash)
            else:  # a guide, or the axis
                child.set("stroke", TEXT_COLOUR if "guide" not in classes else GRID_COLOUR)
        elif tag == "circle" and "dot" in classes:
            _shape(child, child_colour or TEXT_COLOUR, child_serie)
        _clean(child, child_colour, child_serie, colours)
        child.attrib.pop("ck-class", None)
        for name in ("rx", "ry"):
            if child.get(name) == "0":
                del child.attrib[name]
        for name in ("x", "y", "cx", "cy", "width", "height", "r"):
            value = child.get(name)
            if value is not None and "." in value:
                child.set(name, _round(float(value)))
        if "d" in child.attrib:
            child.set("d", _NUMBER.sub(lambda m: _round(float(m.group())), child.get("d", "")))
        if tag == "g" and not len(child):
            parent.remove(child)


def _shape(dot: ET.Element, colour: str, serie: int) -> None:
    """A point drawn as a circle, a square or a triangle, by series."""
    dot.set("fill", colour)
    shape = _SHAPES[serie % len(_SHAPES)]
    if shape == "circle":
        return
    x, y, r = float(dot.get("cx", 0)), float(dot.get("cy", 0)), float(dot.get("r", 4))
    dot.attrib.clear()
    dot.set("fill", colour)
    if shape == "square":
        dot.tag = "rect"
        dot.attrib.update(
            {
                "x": _round(x - r),
                "y": _round(y - r),
                "width": _round(2 * r),
                "height": _round(2 * r),
            }
        )
    else:
        dot.tag = "path"
        top, side = _round(y - r * 1.2), _round(r * 1.1)
        dot.set("d", f"M{_round(x)} {top}l{side} {_round(r * 2)}h{_round(-r * 2.2)}Z")
