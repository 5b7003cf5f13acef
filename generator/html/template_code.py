"""Compiled Jinja templates, made once and handed around as bytes.

Compiling congkhai's 39 templates takes about 0.2 s, as long as reading 400 disclosures; it does
not depend on the content, so a build has it done by a forked child (forked.py) while this process
reads the YAML, and installs the result with `use_compiled`. The theme's templates are compiled
once per process for MkDocs' builds in the same way (mkdocs_pages.py).
"""

from __future__ import annotations

import jinja2
import jinja2.bccache


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, by Jinja's key (the template's name); Jinja checks the
    checksum of the source stored with each, so an edited template is compiled afresh."""

    def __init__(self, code: dict[str, bytes] | None = None) -> None:
        self.code: dict[str, bytes] = dict(code or {})

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def compile_templates(env: jinja2.Environment) -> dict[str, bytes]:
    """Compile every template `env`'s loader lists; their code as a bytecode cache keeps it.

    Run in a forked child: `env` is the child's copy, so the parent's is left as it was."""
    cache = CompiledTemplates()
    env.bytecode_cache = cache
    for name in env.list_templates():
        env.get_template(name)
    return cache.code


def use_compiled(env: jinja2.Environment, code: dict[str, bytes]) -> None:
    """Have `env` load templates from `code` (compile_templates) instead of compiling them."""
    env.bytecode_cache = CompiledTemplates(code)
