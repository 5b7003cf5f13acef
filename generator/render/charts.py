"""Charts drawn at build time as static SVG and inlined in the page: no JavaScript, nothing fetched.

Three kinds are all the portal needs (horizontal grouped bars, horizontal stacked bars, lines over
ordered points), so they are drawn here directly as SVG elements rather than through a charting
library's interactive output made static afterwards. Everything is sized for the 328 px a 360 px
phone leaves, and the SVG scales down, never up: each category's name, wrapped, sits just above
its own bars; the legend sits above the plot in one row or two columns; each value is written
after its bar or beside its point; the labels under a line chart are staggered when they would
touch.

Colours, sizes and fonts are presentation attributes, inherited from groups, so a chart reads
the same in a feed, in print or opened alone. The only ids are the `<title>` and `<desc>`'s, made
from the chart's key, so two builds of the same data are byte-identical. Each chart is one image
(`role="img"`) named by a Vietnamese `<title>` and `<desc>`, and the page shows the same numbers
in a table next to it. Colours come from the Okabe-Ito colour-blind-safe palette, darkened where
needed so that every mark stands at least 3:1 against the white background (WCAG 2.1, 1.4.11);
text is #333 (12.6:1). Lines are told apart without colour too: solid, dashed or dotted, with
round, square or triangular points.
"""

from __future__ import annotations

import functools
import math
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

SVG_NS = "http://www.w3.org/2000/svg"

WIDTH = 328
"""The chart's width: a 360 px phone's screen less the page's margins."""
TEXT_COLOUR = "#333333"
GRID_COLOUR = "#d9d9d9"
FONT = "sans-serif"
FONT_SIZE = 12
NAME_SIZE = 13
"""A category's name above its bars."""
VALUE_SIZE = 11
"""A value written after its bar or beside its point."""

BLUE = "#0072B2"
VERMILLION = "#D55E00"
DARK = "#333333"
GREY = "#8C8C8C"
PAIR = (BLUE, VERMILLION)

_LEFT = 10
_RIGHT = 18
_LINE = NAME_SIZE + 3
"""Height of one line of a category's name."""
_SWATCH = 12
_DASHES = (None, "6 3", "2 2")
_SHAPES = ("circle", "square", "triangle")


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
    return _draw(
        _bars, key, title, description, tuple(categories), tuple(series), tuple(colours),
        (value_format, axis_format),
    )  # fmt: skip


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
    return _draw(
        _bars, key, title, description, tuple(categories), tuple(series), tuple(colours),
        (None, "d", axis_title),
    )  # fmt: skip


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
    return _draw(
        _lines, key, title, description, tuple(points), tuple(series), tuple(colours),
        (value_format, axis_format, reference),
    )  # fmt: skip


@functools.lru_cache(maxsize=256)
def _draw(
    kind: Callable[..., None],
    key: str,
    title: str,
    description: str,
    categories: tuple[str, ...],
    series: tuple[Series, ...],
    colours: tuple[str, ...],
    options: tuple[object, ...],
) -> Chart:
    # Cached: the same chart can appear on two pages (an execution report and its year).
    drawing = _Drawing()
    kind(drawing, list(categories), list(series), list(colours), *options)
    return drawing.finish(key, title, description)


# Drawing ------------------------------------------------------------------------------------------


class _Drawing:
    """An SVG being drawn: elements are added to groups, the height grows as they are placed."""

    def __init__(self) -> None:
        self.root = ET.Element("svg")
        self.height = 0.0

    def group(self, **attributes: str) -> ET.Element:
        return ET.SubElement(self.root, "g", attributes)

    def finish(self, key: str, title: str, description: str) -> Chart:
        prefix = "ck-chart-" + re.sub(r"[^a-z0-9-]+", "-", key.lower()).strip("-")
        height = _num(math.ceil(self.height))
        self.root.attrib.update(
            {
                "xmlns": SVG_NS,
                "width": str(WIDTH),
                "height": height,
                "viewBox": f"0 0 {WIDTH} {height}",
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
        desc = ET.Element("desc", {"id": f"{prefix}-desc"})
        desc.text = description
        self.root.insert(0, desc)
        heading = ET.Element("title", {"id": f"{prefix}-title"})
        heading.text = title
        self.root.insert(0, heading)
        svg = ET.tostring(self.root, encoding="unicode", short_empty_elements=True)
        return Chart(key=key, title=title, description=description, svg=svg)


def _text(parent: ET.Element, x: float, y: float, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, "text", {"x": _num(x), "y": _num(y), **attributes})
    element.text = text
    return element


def _rect(parent: ET.Element, x: float, y: float, width: float, height: float, fill: str) -> None:
    ET.SubElement(
        parent,
        "rect",
        {"x": _num(x), "y": _num(y), "width": _num(width), "height": _num(height), "fill": fill},
    )


def _num(value: float) -> str:
    """A coordinate to a tenth of a pixel, without a trailing `.0`."""
    return f"{value:.1f}".removesuffix(".0").replace("-0", "0") if value else "0"


def _text_width(text: str, size: float) -> float:
    """A generous estimate of a label's width: wide enough for Vietnamese capitals and digits."""
    return len(text) * size * 0.6


def _wrap(name: str, size: int = NAME_SIZE) -> list[str]:
    """A category's name in lines that fit the drawn width."""
    return textwrap.wrap(name, int((WIDTH - _LEFT) / (size * 0.6))) or [name]


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round ticks from `low` (0 or below) to at least `high`: steps of 1, 2, 2.5 or 5 x 10^n."""
    span = (high - low) or 1
    rough = span / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    ticks = [math.floor(low / step) * step]
    while ticks[-1] < high - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _legend(drawing: _Drawing, names: list[str], colours: list[str]) -> None:
    """Swatches and names above the plot: one row when they fit, else two columns."""
    if len(names) < 2:
        return
    legend = drawing.group(**{"class": "ck-legend"})
    widths = [_SWATCH + 6 + _text_width(name, FONT_SIZE) + 14 for name in names]
    one_row = sum(widths) <= WIDTH - _LEFT
    column = (WIDTH - _LEFT) / 2
    for index, name in enumerate(names):
        if one_row:
            x, row = _LEFT + sum(widths[:index]), 0
        else:
            x, row = _LEFT + (index % 2) * column, index // 2
        y = drawing.height + 4 + row * 18
        _rect(legend, x, y, _SWATCH, _SWATCH, colours[index % len(colours)])
        _text(legend, x + _SWATCH + 6, y + 10.5, name)
    rows = 1 if one_row else math.ceil(len(names) / 2)
    drawing.height += 4 + rows * 18 + 6


def _bars(
    drawing: _Drawing,
    categories: list[str],
    series: list[Series],
    colours: list[str],
    value_format: str | None,
    axis_format: str,
    axis_title: str | None = None,
) -> None:
    stacked = axis_title is not None
    _legend(drawing, [s.name for s in series], colours)
    names = [_wrap(c) for c in categories]
    bar = 16 if stacked else (14 if len(series) == 1 else 15)
    name_height = max(len(n) for n in names) * _LINE + 3
    band = name_height + (bar if stacked else len(series) * bar) + 9
    if stacked:
        totals = [sum(s.values[i] or 0 for s in series) for i in range(len(categories))]
        highest, lowest = max([*totals, 0]), 0.0
    else:
        values = [v for s in series for v in s.values if v is not None]
        highest, lowest = max([*values, 0]), min([*values, 0])
    fmt = number_format(value_format) if value_format else None
    right = _RIGHT
    plot_width = WIDTH - _LEFT - right
    if (
        fmt is not None
        and value_format
        and value_format.endswith("%")
        and lowest >= 0
        and highest <= 1
    ):
        # Shares end at 100%: the value after a full bar is written in the margin instead.
        ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
        right = max(_RIGHT, math.ceil(_text_width(fmt(highest), VALUE_SIZE) + 8))
        plot_width = WIDTH - _LEFT - right
    else:
        if fmt is not None and highest > 0:
            # Room after the longest bar for its value.
            room = _text_width(fmt(highest), VALUE_SIZE) + 8
            highest = highest * plot_width / (plot_width - room)
        ticks = _nice_ticks(lowest, highest or 1)
    low, high = ticks[0], ticks[-1]
    # A negative first tick's label is wider than the margin: the plot starts after its half.
    start_x = max(_LEFT, _text_width(number_format(axis_format)(low), FONT_SIZE) / 2 + 2)
    plot_width -= start_x - _LEFT

    def x(value: float) -> float:
        return start_x + (value - low) / ((high - low) or 1) * plot_width

    top = drawing.height + 4
    plot = drawing.group(**{"class": "ck-plot"})
    bottom = top + band * len(categories)
    axis = number_format(axis_format)
    grid = ET.SubElement(plot, "g", {"stroke": GRID_COLOUR})
    for tick in ticks:
        ET.SubElement(grid, "path", {"d": f"M{_num(x(tick))} {_num(top)}V{_num(bottom)}"})
    labels = ET.SubElement(plot, "g", {"text-anchor": "middle"})
    for tick in ticks:
        _text(labels, x(tick), bottom + 14, axis(tick))
    for index in range(len(categories)):
        y = top + index * band
        heading = ET.SubElement(plot, "g", {"font-size": str(NAME_SIZE)})
        for line, text in enumerate(names[index]):
            _text(heading, _LEFT, y + (line + 1) * _LINE - 3, text)
        y += name_height
        # The zero line beside the bars only: it never crosses a category's name.
        ET.SubElement(
            plot,
            "path",
            {"d": f"M{_num(x(0))} {_num(y)}v{_num(band - name_height)}", "stroke": TEXT_COLOUR},
        )
        start = 0.0
        for number, one in enumerate(series):
            value = one.values[index]
            colour = colours[number % len(colours)]
            if stacked:
                if value:
                    _rect(plot, x(start), y, x(start + value) - x(start), bar, colour)
                    start += value
                continue
            row = y + number * bar
            if value is None:
                continue
            left, right_end = sorted((x(0), x(value)))
            _rect(plot, left, row + 1, right_end - left, bar - 2, colour)
            if fmt is not None:
                label_x = (right_end + 4) if value >= 0 else (left - 4)
                anchor = {} if value >= 0 else {"text-anchor": "end"}
                _text(
                    plot, label_x, row + bar - 3, fmt(value),
                    **{"font-size": str(VALUE_SIZE), **anchor},
                )  # fmt: skip
    drawing.height = bottom + 20
    if axis_title:
        _text(
            plot,
            _LEFT + plot_width / 2,
            drawing.height + 4,
            axis_title,
            **{"text-anchor": "middle"},
        )
        drawing.height += 12


def _lines(
    drawing: _Drawing,
    points: list[str],
    series: list[Series],
    colours: list[str],
    value_format: str,
    axis_format: str,
    reference: float | None,
) -> None:
    _legend(drawing, [s.name for s in series], colours)
    values = [v for s in series for v in s.values if v is not None]
    ticks = _nice_ticks(0, max([*values, reference or 0, 0]) * 1.15 or 1, 5)
    axis = number_format(axis_format)
    fmt = number_format(value_format)
    left = 6 + max(_text_width(axis(t), FONT_SIZE) for t in ticks)
    plot_width = WIDTH - left - 28
    top = drawing.height + 8
    height = 180.0
    slot = plot_width / max(len(points), 1)
    stagger = max(_text_width(p, FONT_SIZE) for p in points) > slot - 4

    def y(value: float) -> float:
        return top + height - (value - ticks[0]) / ((ticks[-1] - ticks[0]) or 1) * height

    def x(index: int) -> float:
        # Points inset from both ends, so that the first and last labels stay clear of the axis.
        share = 0.08 + 0.84 * index / (len(points) - 1) if len(points) > 1 else 0.5
        return left + share * plot_width

    plot = drawing.group(**{"class": "ck-plot"})
    grid = ET.SubElement(plot, "g", {"stroke": GRID_COLOUR})
    for tick in ticks:
        ET.SubElement(grid, "path", {"d": f"M{_num(left)} {_num(y(tick))}h{_num(plot_width)}"})
    labels = ET.SubElement(plot, "g", {"text-anchor": "end"})
    for tick in ticks:
        _text(labels, left - 4, y(tick) + 4, axis(tick))
    if reference is not None:
        ET.SubElement(
            plot,
            "path",
            {
                "d": f"M{_num(left)} {_num(y(reference))}h{_num(plot_width)}",
                "stroke": GREY,
                "stroke-dasharray": "2 3",
            },
        )
    tops = [
        max((s.values[i] for s in series if s.values[i] is not None), default=None)
        for i in range(len(points))
    ]
    for number, one in enumerate(series):
        colour = colours[number % len(colours)]
        group = ET.SubElement(plot, "g", {"fill": colour})
        path, drawing_line = [], False
        for index, value in enumerate(one.values):
            if value is None:
                drawing_line = False  # a gap where there is no figure
                continue
            path.append(f"{'L' if drawing_line else 'M'}{_num(x(index))} {_num(y(value))}")
            drawing_line = True
        line = {"d": "".join(path), "fill": "none", "stroke": colour, "stroke-width": "2.5"}
        if _DASHES[number % len(_DASHES)]:
            line["stroke-dasharray"] = _DASHES[number % len(_DASHES)]
        ET.SubElement(group, "path", line)
        for index, value in enumerate(one.values):
            if value is None:
                continue
            _point(group, x(index), y(value), number)
            # Only one series labels above at each point: the first with the highest value.
            first_top = next(s for s in series if s.values[index] == tops[index]) is one
            above = value == tops[index] and first_top
            _text(
                group, x(index), y(value) - 9 if above else y(value) + 8 + VALUE_SIZE, fmt(value),
                **{"font-size": str(VALUE_SIZE), "text-anchor": "middle", "fill": TEXT_COLOUR},
            )  # fmt: skip
    names = ET.SubElement(plot, "g", {"text-anchor": "middle"})
    for index, point in enumerate(points):
        _text(names, x(index), top + height + 16 + (14 if stagger and index % 2 else 0), point)
    drawing.height = top + height + (40 if stagger else 26)


def _point(parent: ET.Element, x: float, y: float, series: int, r: float = 4) -> None:
    """A point drawn as a circle, a square or a triangle, by series."""
    shape = _SHAPES[series % len(_SHAPES)]
    if shape == "circle":
        ET.SubElement(parent, "circle", {"cx": _num(x), "cy": _num(y), "r": _num(r)})
    elif shape == "square":
        ET.SubElement(
            parent,
            "rect",
            {"x": _num(x - r), "y": _num(y - r), "width": _num(2 * r), "height": _num(2 * r)},
        )
    else:
        top, side = _num(y - r * 1.2), _num(r * 1.1)
        ET.SubElement(
            parent, "path", {"d": f"M{_num(x)} {top}l{side} {_num(r * 2)}h{_num(-r * 2.2)}Z"}
        )
