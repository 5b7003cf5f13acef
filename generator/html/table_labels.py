"""A Markdown extension that lets a table read as cards on a phone (theme tables.css).

Each body cell gets its column's heading as `data-label`, and a table of three columns or more is
marked `data-ck-stack`: on a narrow screen the stylesheet shows every row as a card of
"heading: value" lines, so no cell lies past the screen's edge, with or without JavaScript. Done
when the Markdown becomes HTML, so the labels are there before any script runs. Two-column tables
(label and value already) stay tables.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

STACK_FROM_COLUMNS = 3


def cell_text(cell: etree.Element) -> str:
    return " ".join("".join(cell.itertext()).split())


class _TableLabels(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            label_table(table)


def label_table(table: etree.Element) -> None:
    """Give each body cell of `table` its column's heading; mark wide tables to stack."""
    head = table.find("thead")
    header_row = head.find("tr") if head is not None else None
    if header_row is None:
        return
    labels = [cell_text(th) for th in header_row.findall("th")]
    if len(labels) >= STACK_FROM_COLUMNS:
        table.set("data-ck-stack", "")
    for body in table.findall("tbody"):
        for row in body.findall("tr"):
            for label, cell in zip(labels, row.findall("td"), strict=False):
                if label:
                    cell.set("data-label", label)


class TableLabels(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (priority 20), so a heading's emphasis is plain text by then.
        md.treeprocessors.register(_TableLabels(md), "ck_table_labels", 5)


def makeExtension(**kwargs: object) -> TableLabels:
    return TableLabels(**kwargs)
