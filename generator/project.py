"""Where a commune project keeps its inputs and where the build writes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def files_dir(self) -> Path:
        """Attachments (PDF, images) referenced by the disclosures."""
        return self.content_dir / "files"

    @property
    def site_config_file(self) -> Path:
        return self.root / "site_config" / "site.yaml"

    @property
    def mkdocs_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def editor_config_file(self) -> Path:
        """The clerks' web editor's configuration (commands/editor.py), when the commune has one."""
        return self.root / "quan-tri" / "config.yml"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def work_dir(self) -> Path:
        """Staging area; on the same filesystem as site/ so that the final swap is a rename."""
        return self.root / ".congkhai-build"

    def display(self, path: Path) -> str:
        """A path as staff see it in messages: relative to the project, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
