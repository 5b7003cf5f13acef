"""The reference pages in docs/ say what the code does (regenerate: scripts/gen_docs.py)."""

from __future__ import annotations

import importlib.util

import pytest
from fixtures import REPO

spec = importlib.util.spec_from_file_location("gen_docs", REPO / "scripts/gen_docs.py")
gen_docs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen_docs)


@pytest.mark.parametrize("path", sorted(gen_docs.PAGES))
def test_reference_page_is_up_to_date(path):
    current = (REPO / path).read_text(encoding="utf-8")
    assert current == gen_docs.PAGES[path](), (
        f"{path} is stale: run `uv run python scripts/gen_docs.py`"
    )


def test_every_field_has_a_vietnamese_description():
    from generator.types import TYPES
    from generator.types.site import SiteConfig

    models = [SiteConfig, *(kind.model for kind in TYPES.values())]
    queue = list(models)
    seen = set()
    while queue:
        model = queue.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no docstring"
        queue += gen_docs._nested_models(model)


# Codes the bad-input corpus cannot show: a file outside any type folder (tested in test_load),
# a file over the size limit, and findings about the whole portal or the build machinery.
NO_CORPUS_EXAMPLE = {"CK109", "CK117", "CK120", "CK121"}


def test_every_content_error_code_has_a_tested_example():
    from generator.diagnostics.codes import CODES

    examples = gen_docs.code_examples()
    # Spreadsheet codes (CK15x, and later ones named spreadsheet-...) are about a cell of a
    # workbook, not a YAML file: tests/commands/test_import.py holds their examples.
    content_codes = {
        code
        for code in CODES
        if code.startswith("CK1")
        and not code.startswith("CK15")
        and not CODES[code].slug.startswith("spreadsheet-")
    }
    missing = sorted(content_codes - NO_CORPUS_EXAMPLE - set(examples))
    assert not missing, f"add a case to tests/cases/bad/ for {missing}"
