"""The editor's code (Decap CMS), pinned and self-hosted, and the admin page the build publishes.

The bundle is about 6 MB: too big to ship in congkhai or to commit in every commune's
repository. A build that finds quan-tri/config.yml fetches the pinned npm tarball once from the
package registry, checks it against the integrity hash written here (the registry's own
`dist.integrity`), and keeps the few files the page loads in the user's cache directory; the
portal then serves them from its own domain, so the editor makes no request to a CDN. Without
the registry (and no cached copy) the build warns (CK203) and publishes the portal without the
editor: residents' pages never depend on it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.caching import cache_dir
from generator.diagnostics import Diagnostic, diagnostic

EDITOR_DIR = "quan-tri"
"""The editor's folder, in the repository and on the portal (/quan-tri/)."""
CONFIG_NAME = "config.yml"


@dataclass(frozen=True)
class NpmPackage:
    name: str
    version: str
    integrity: str
    """`sha512-<base64>`, as `npm view <name>@<version> dist.integrity` prints it."""

    @property
    def tarball(self) -> str:
        registry = os.environ.get("CONGKHAI_NPM_REGISTRY", "https://registry.npmjs.org")
        return f"{registry.rstrip('/')}/{self.name}/-/{self.name}-{self.version}.tgz"


DECAP = NpmPackage(
    "decap-cms",
    "3.16.3",
    "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==",
)

KEPT = re.compile(
    r"^package/dist/(decap-cms\.js|[0-9]+\.decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt)$"
)
"""What the page loads: the main script, the chunks it fetches on demand (from beside itself),
the WebAssembly it uses, and the licences of the libraries bundled in it; not the source maps."""

BUNDLE_DIR = "decap"
"""Where the bundle goes under /quan-tri/ on the portal."""
COMPLETE = ".complete"

LICENSE = """\
Decap CMS {version} (npm package decap-cms), licensed under the MIT License.
Licences of the libraries bundled in decap-cms.js: decap-cms.js.LICENSE.txt.

Copyright (c) 2016 Netlify <decap@p-m.si>

MIT License

Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

PAGE_DIR = Path(__file__).resolve().parent / "editor_page"
"""The admin page's own files (index.html, editor.js), shipped in the package."""


def integrity_of(data: bytes, algorithm: str = "sha512") -> str:
    digest = hashlib.new(algorithm, data).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode('ascii')}"


def bundle(package: NpmPackage = DECAP, cache: Path | None = None) -> Path | str:
    """The directory holding the package's kept files, fetched and checked on first use; or a
    Vietnamese sentence saying why it could not be had."""
    target = (cache or cache_dir()) / f"{package.name}-{package.version}"
    if (target / COMPLETE).is_file():
        return target
    try:
        with urllib.request.urlopen(package.tarball, timeout=120) as response:
            data = response.read()
    except (urllib.error.URLError, OSError) as exc:
        return f"không tải được {package.tarball}: {exc}"
    algorithm = package.integrity.split("-", 1)[0]
    if integrity_of(data, algorithm) != package.integrity:
        return (
            f"tệp tải về từ {package.tarball} không khớp mã kiểm tra {package.integrity} "
            "(có thể bị sửa trên đường truyền): không dùng"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for member in archive.getmembers():
                if member.isfile() and KEPT.match(member.name):
                    source = archive.extractfile(member)
                    assert source is not None
                    (staging / Path(member.name).name).write_bytes(source.read())
        (staging / "LICENSE").write_text(LICENSE.format(version=package.version), "utf-8")
        (staging / COMPLETE).write_text(package.integrity + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except OSError as exc:
        return f"không ghi được vào {target.parent}: {exc}"
    return target


class _Stylesheets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "stylesheet" and values.get("href"):
            self.found.append(values["href"] or "")


def portal_stylesheets(site_dir: Path) -> list[str]:
    """The stylesheets the portal's home page loads, as URLs from /quan-tri/: the preview then
    shows an item with the portal's own CSS, whatever the theme's hashed file names are."""
    home = site_dir / "index.html"
    if not home.is_file():
        return []
    parser = _Stylesheets()
    parser.feed(home.read_text(encoding="utf-8"))
    return [
        href if re.match(r"^[a-z]+:|^/", href) else f"../{href}"
        for href in parser.found
        if not re.match(r"^[a-z]+://", href)  # no third-party CSS in the editor
    ]


def admin_page(stylesheets: list[str]) -> str:
    """index.html of /quan-tri/, with what editor.js needs to know written into it."""
    # Imported here: the build imports this module before the types are loaded.
    from generator.types import TYPES

    template = (PAGE_DIR / "index.html").read_text(encoding="utf-8")
    settings = {"styles": stylesheets, "collections": list(TYPES)}
    # `</` never occurs in JSON of these values, but escape it anyway inside a <script>.
    return template.replace("__SETTINGS__", json.dumps(settings).replace("</", "<\\/"))


def publish_editor(
    config: bytes | None, site_dir: Path, *, shown: str, cache: Path | None = None
) -> list[Diagnostic]:
    """Put the admin page, its configuration (`config`, the bytes of quan-tri/config.yml, which
    load read; `shown`: its name in messages) and the CMS bundle under site_dir/quan-tri/. Nothing
    without a configuration; a warning, never an error, when the bundle cannot be had."""
    if config is None:
        return []
    found = bundle(cache=cache)
    if isinstance(found, str):
        return [diagnostic("CK203", found, shown)]
    out = site_dir / EDITOR_DIR
    (out / BUNDLE_DIR).mkdir(parents=True, exist_ok=True)
    for source in sorted(found.iterdir()):
        if source.is_file() and source.name != COMPLETE:
            shutil.copyfile(source, out / BUNDLE_DIR / source.name)
    (out / CONFIG_NAME).write_bytes(config)
    shutil.copyfile(PAGE_DIR / "editor.js", out / "editor.js")
    (out / "index.html").write_text(admin_page(portal_stylesheets(site_dir)), encoding="utf-8")
    return []
