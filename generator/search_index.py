"""Stage 6b: the site-wide search index (Pagefind), built from the staged HTML before the swap.

Pagefind folds tone and vowel marks (`dat dai` finds `đất đai`'s `dai`), but not đ, which has no
Unicode decomposition: `dong gop` would miss `đóng góp`. So Pagefind reads a prepared copy of each
item page in which every word holding đ is repeated with d (`đóng` -> `dóng`), inside the page's
searchable body; Pagefind then folds the tones of that copy as usual. The served pages stay as
MkDocs wrote them, and the copy repeats each word as often as the page uses it, so ranking by
frequency is not skewed. The browser side (theme/assets/javascripts/ck-search.js) strips the copy
from excerpts after the `FOLDED_MARK` it starts with.

Which pages are indexed, and their filters and metadata, is written by the theme
(theme/main.html) from `search_metadata`, so that a page describes itself. Filters are words
(`filter_word`) in that same copy: searching with a filter adds its word to the query.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from generator.diagnostics import Diagnostic, diagnostic
from generator.formatting import vn_date
from generator.records import Record
from generator.types.van_ban import Document

INDEX_DIR = "pagefind"
FOLDED_MARK = "⁂"
"""Not a word character, so Pagefind does not index it, but it stays in the page text."""
FOLDED_SLOT = "<!-- ck-search-folded -->"
"""Where theme/main.html lets this stage add the folded copy, inside the searchable body."""

_FILTERS = re.compile(r'data-ck-filters="([^"]*)"')
_TAGS = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)
_WORD_WITH_D = re.compile(r"\S*[đĐ]\S*")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " "}
_ENTITY = re.compile("|".join(_ENTITIES))
# The heading is ranked like a title (Pagefind's default weight for h1).
_TITLE_WEIGHT = 7


def search_metadata(records: list[Record]) -> dict[str, dict[str, object]]:
    """What the theme writes on each item page for the index: result metadata and filters."""
    meta: dict[str, dict[str, object]] = {}
    for record in records:
        filters = {"loai": record.kind.title}
        if not record.kind.yearless:
            filters["nam"] = str(record.year)
        entry: dict[str, object] = {"type": record.kind.title, "date": vn_date(record.published)}
        item = record.item
        if isinstance(item, Document):
            filters["loai-van-ban"] = item.doc_type_title
            filters["co-quan"] = item.issuer
            entry["number"] = item.number
        entry["filters"] = filters
        meta[record.url] = entry
    return meta


def filter_word(key: str, value: str) -> str:
    """The word that stands for one filter value in the index: `ckf` and a 32-bit FNV-1a hash.

    ck-search.js computes the same word to filter. Pagefind's own filters are not used because
    Pagefind 1.5.2 writes them in a different order on every run, and two builds of the same
    content must be byte-identical. All these words have the same length, so none is the prefix
    of another.
    """
    digest = 0x811C9DC5
    for byte in unicodedata.normalize("NFC", f"{key}={value}").encode("utf-8"):
        digest = ((digest ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"ckf{digest:08x}"


def fold_d(text: str) -> str:
    """`Đóng góp đất` -> `dóng góp dất`: đ as d; tones are left for Pagefind to fold."""
    return text.replace("đ", "d").replace("Đ", "d")


def _body_tag(page_html: str) -> tuple[int, int, int] | None:
    """Where the searchable body's opening tag starts and ends, and where its slot is."""
    slot = page_html.find(FOLDED_SLOT)
    marker = page_html.rfind("data-pagefind-body", 0, slot) if slot >= 0 else -1
    if marker < 0:
        return None
    return page_html.rfind("<", 0, marker), page_html.find(">", marker) + 1, slot


def folded_copy(page_html: str) -> str:
    """What the index reads after the page's body: its words that hold đ, each written with d,
    and the words of its filters, as HTML."""
    bounds = _body_tag(page_html)
    if bounds is None:
        return ""
    tag_start, tag_end, slot = bounds
    body = page_html[tag_end:slot]
    heading = _HEADING.search(body)
    title_words = _d_words(heading.group(1)) if heading else []
    rest = body[heading.end() :] if heading else body
    parts = [f'<p data-pagefind-weight="{_TITLE_WEIGHT}">{" ".join(title_words)}</p>']
    parts.append(f"<p>{' '.join(_d_words(rest))}</p>")
    filters = _FILTERS.search(page_html, tag_start, tag_end)
    if filters:
        chosen = json.loads(html.unescape(filters.group(1)))
        parts.append(f"<p>{' '.join(filter_word(k, v) for k, v in sorted(chosen.items()))}</p>")
    return f"<div>{FOLDED_MARK} {''.join(parts)}</div>"


def _d_words(html_text: str) -> list[str]:
    text = _ENTITY.sub(lambda m: _ENTITIES[m.group(0)], _TAGS.sub(" ", html_text))
    words = [fold_d(w).lower() for w in _WORD_WITH_D.findall(text)]
    # Re-escape: the copy is put back into HTML for Pagefind to parse.
    return [w.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for w in words]


def prepare_pages(site_dir: Path, target: Path) -> int:
    """Write what Pagefind should index into `target`, at the pages' own paths: each item
    page's searchable body with its folded copy added, and nothing of the navigation around it
    (Pagefind would skip it anyway, but reading and parsing it is most of the work)."""
    count = 0
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        bounds = _body_tag(text)
        if bounds is None:
            continue
        body = text[bounds[0] : bounds[2]] + folded_copy(text) + "</div>"
        out = target / page.relative_to(site_dir)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            f'<!DOCTYPE html>\n<html lang="vi">\n<body>\n{body}\n</body>\n</html>\n',
            encoding="utf-8",
        )
        count += 1
    return count


def _drop_unused_ui(output: Path) -> None:
    """Pagefind also writes its own search UIs; the portal has its own (ck-search.js)."""
    for pattern in ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*",
                    "pagefind-highlight.js"):  # fmt: skip
        for path in output.glob(pattern):
            path.unlink()


def pagefind_executable() -> Path | None:
    """The Pagefind binary shipped in the `pagefind[bin]` wheel, if installed."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return get_executable()
    except FileNotFoundError:
        return None


def build_search_index(site_dir: Path, display_dir: str, expected_pages: int) -> list[Diagnostic]:
    """Write the Pagefind bundle to `site_dir`/pagefind/; problems come back as diagnostics.

    A portal with no items yet gets no index (the search box then says so); items whose pages
    lost their search markers are an error of the theme, not silently unsearchable.
    """
    executable = pagefind_executable()
    if executable is None:
        return [diagnostic("CK500", "Không tìm thấy chương trình Pagefind", display_dir)]
    output = site_dir / INDEX_DIR
    if output.exists():
        shutil.rmtree(output)
    with tempfile.TemporaryDirectory(prefix="congkhai-search-") as tmp:
        source = Path(tmp)
        prepared = prepare_pages(site_dir, source)
        if prepared == 0 and expected_pages == 0:
            return []
        if prepared == 0:
            message = f"Không trang nào trong {expected_pages} trang nội dung có dấu hiệu tìm kiếm"
            return [diagnostic("CK502", message, display_dir)]
        command = [
            str(executable),
            "--site",
            str(source),
            "--output-path",
            str(output.resolve()),
            "--force-language",
            "vi",
            "--quiet",
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as exc:
            return [diagnostic("CK500", f"Không chạy được Pagefind: {exc}", display_dir)]
    if done.returncode == 0:
        _drop_unused_ui(output)
    if done.returncode != 0 or not (output / "pagefind.js").is_file():
        details = (done.stderr or done.stdout).strip().splitlines()[-3:]
        message = "Pagefind không dựng được chỉ mục tìm kiếm"
        if details:
            message += ": " + " / ".join(details)
        return [diagnostic("CK501", message, display_dir)]
    return []
