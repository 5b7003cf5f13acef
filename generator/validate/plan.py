"""The annual disclosure plan (site_config/ke-hoach-cong-khai.yaml) checked like content."""

from __future__ import annotations

from generator.diagnostics import Diagnostic, diagnostic
from generator.diagnostics.models import validate_model
from generator.diagnostics.positions import SourceFile
from generator.types.plan import DisclosurePlan, DisclosurePlanFile


def validate_plans(source: SourceFile, diagnostics: list[Diagnostic]) -> list[DisclosurePlan]:
    """The plans of the file, newest year first; a year planned twice is reported."""
    parsed = validate_model(DisclosurePlanFile, source, diagnostics)
    if parsed is None:
        return []
    seen: set[int] = set()
    for index, plan in enumerate(parsed.plans):
        if plan.year in seen:
            diagnostics.append(
                diagnostic(
                    "CK107",
                    f"đã có kế hoạch công khai năm {plan.year}",
                    source.name,
                    source.locate(("plans", index, "year")),
                    field=f"plans[{index}].year",
                    hint="Mỗi năm chỉ có một kế hoạch; gộp các nội dung vào cùng một mục.",
                )
            )
        seen.add(plan.year)
    return sorted(parsed.plans, key=lambda p: p.year, reverse=True)
