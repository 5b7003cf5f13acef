"""Files kept at the top of the source tree that the installed package also carries.

theme/ (the Material overrides) and mkdocs.yml are edited where the repository's own build uses
them, and copied into the wheel under generator/ (pyproject.toml, force-include), so that a
commune's repository made by `congkhai init` can use them from an installed congkhai.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

_PACKAGE = Path(__file__).resolve().parent.parent  # generator/


def shipped(name: str) -> Path:
    """`name` inside the installed package, or at the top of the source tree in a checkout."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"congkhai is installed without generator/{name}")


def layer_package_theme(config: MkDocsConfig) -> None:
    """Put congkhai's theme right after the project's custom_dir, or first when there is none.

    A commune's repository carries no copy of the theme, so upgrading congkhai upgrades the
    portal's look too, while the few files a commune overrides in its own custom_dir still win.
    """
    theme_dir = shipped("theme")
    dirs = config.theme.dirs
    if any(Path(d).resolve() == theme_dir for d in dirs):
        return
    dirs.insert(1 if config.theme.custom_dir else 0, str(theme_dir))
