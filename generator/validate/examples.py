"""Example items (`example: true`, made by `congkhai init`): one warning while any remains.

One warning for them all, on the first: a fresh repository's other warnings stay readable. Being
a warning, it stops `congkhai build --strict`, so invented figures are never published by the
strict build a commune's CI runs once the portal is live.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from generator.diagnostics import Diagnostic, diagnostic
from generator.types.record import Record

REMOVE_COMMAND = "congkhai examples remove"


def example_records(records: Iterable[Record]) -> list[Record]:
    return [record for record in records if record.item.example]


def example_warnings(records: Iterable[Record]) -> Iterator[Diagnostic]:
    examples = sorted(example_records(records), key=lambda r: r.source.name)
    if not examples:
        return
    first, *others = examples
    yield diagnostic(
        "CK260",
        f"còn {len(examples)} mục ví dụ (example: true): cổng hiện chúng kèm khung “Nội dung ví "
        "dụ” và không tính chúng khi kiểm tra mức độ công khai",
        first.source.name,
        first.source.locate(("example",)),
        field="example",
        related=[record.source.name for record in others],
    )
