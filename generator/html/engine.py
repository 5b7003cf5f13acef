"""Which MkDocs engine builds the HTML: MkDocs 1.6 itself, or ProperDocs, the maintained fork of
MkDocs 1.x, as a drop-in.

ProperDocs answers every `mkdocs.*` import once `properdocs.replacement` is imported, so Material
and the rest of html/ run unchanged on it; its modules log under `properdocs.*`, so strict mode
listens on both loggers. `CONGKHAI_ENGINE=properdocs` (or `mkdocs`) chooses when both are
installed; by default MkDocs when it is installed, else ProperDocs.

Only html/ imports the engine; the rest of congkhai knows "Markdown pages + nav -> HTML".
"""

from __future__ import annotations

import importlib.util
import os

ENGINE_VARIABLE = "CONGKHAI_ENGINE"
LOGGERS = ("mkdocs", "properdocs")
"""Where either engine logs; a warning on either fails a strict build."""


def _chosen() -> str:
    wanted = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if wanted in ("mkdocs", "properdocs"):
        return wanted
    return "mkdocs" if importlib.util.find_spec("mkdocs") is not None else "properdocs"


ENGINE = _chosen()
if ENGINE == "properdocs":
    import properdocs.replacement  # noqa: F401  (aliases mkdocs.* to properdocs.*)
