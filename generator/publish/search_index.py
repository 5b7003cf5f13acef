"""Part of the publish stage: the site-wide search index, built from the staged HTML before the
swap.

congkhai writes its own chunked static index (read by theme/assets/javascripts/ck-search.js),
because what a resident's first query downloads is what a phone on a slow line waits for: a
general-purpose engine (Pagefind, used before) could not be brought under 100 kB for a first
query at 5,000 disclosures; this index stays well under it (bench/RESULTS.md, "Search").

How words are kept, the same here and in ck-search.js:
- a token is a run of letters, digits and marks in the NFC, lower-cased text; a chunk such as
  `115/QĐ-UBND` also gives its joined tails (`115qđubnd`, `qđubnd`), so a document number is
  found as typed;
- the index is keyed by the folded token: tone and vowel marks removed and đ as d (`đất` ->
  `dat`), so residents find words typed without marks; under it, each spelling (`variant`) keeps
  its own postings, so the exact spelling ranks first. A variant is the letters with their vowel
  marks and then the tone marks (`hoà` and `hòa` are both `hoa~1`), so the old and new tone
  placements are one spelling.

The files, under site/ck-search/ (`index.json`, then everything else in a directory named by the
digest of its content, so a browser never mixes two builds and two builds of the same content are
byte-identical):
- `w/<prefix>.json`, one per folded prefix of two characters: each token's document frequency and
  the postings file that holds it; a one-character prefix also lists the most frequent tokens
  that start with it, for a half-typed first letter;
- `p/<prefix>.<n>.json`: postings by token and variant, small tokens of one prefix together;
  per document the gap from the previous id and one weight character (a title bit and the BM25
  term weight quantised to 0..31), base-64 varints;
- `q/<n>.json`: every two words side by side in a page (folded: `ho ngheo`), hashed into
  `pairs` files (index.json) by FNV-1a, with the documents that have them: a query's adjacent
  words fetch one file each, and a phrase outranks the same words apart;
- `facets.json`: each document's type, year, document kind and issuer, for the filters; only
  fetched when a filter is chosen;
- `f/<id>.json`: one result (title, address, type, date, number, the text for the excerpt),
  fetched for the results shown.
Documents are numbered newest first, which also breaks ties between equal scores.

Which pages are indexed, and their metadata, come from the records (`search_metadata`); the text
is what a resident reads on the page MkDocs wrote: the theme (theme/main.html) marks the indexed
body with the element carrying `data-ck-search-body`, up to `<!-- ck-search-end -->`; inside it,
elements marked
`data-ck-search-ignore` (or the older `data-pagefind-ignore`) and the print/download controls
(`ck-actions`, the same on every page) are not indexed.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import json
import re
import shutil
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, diagnostic
from generator.types.record import Record
from generator.types.van_ban import Document
from generator.vn.abbreviations import expansions
from generator.vn.formatting import vn_date

INDEX_DIR = "ck-search"
BODY_ATTR = "data-ck-search-body"
END_MARK = "<!-- ck-search-end -->"
"""Where theme/main.html ends the indexed body."""

PREFIX = 2
"""Letters of a folded token that name its vocabulary file."""
TOP_COMPLETIONS = 8
"""Tokens a one-letter vocabulary file lists for a one-letter query (ck-search.js COMPLETIONS)."""
BUCKET_BYTES = 2048
"""Small postings of one prefix share a file up to about this size."""
EXCERPT_CHARS = 6000
"""Page text kept for excerpts: enough for every item page but the longest tables."""
MAX_TOKEN = 40
"""Longer tokens are cut (hashes, long links); ck-search.js cuts query words the same way."""
MAX_COMPOUND_PARTS = 5
"""Chunks of more parts (links, e-mail addresses) do not give joined tails."""

_K1 = 1.2
_B = 0.75
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_TONES = {"\u0300": "1", "\u0301": "2", "\u0303": "3", "\u0309": "4", "\u0323": "5"}
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
_INLINE = frozenset(
    ("a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q",
     "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr")
)  # fmt: skip
"""Tags inside a word (`<strong>đ</strong>ất`): removed, not turned into a space."""
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"))  # fmt: skip
_UNSEEN = re.compile(r"<!--.*?-->|<(script|style|template)\b.*?</\1\s*>", re.DOTALL | re.I)
"""Comments, scripts and styles: in the page, but not words a resident reads."""
_SPACES = re.compile(r"\s+")
_IGNORED = ("data-ck-search-ignore", "data-pagefind-ignore", 'class="ck-actions"')


# --- what the theme writes on each item page ------------------------------------------------------


def search_metadata(records: list[Record]) -> dict[str, dict[str, object]]:
    """What the theme writes on each item page for the index: result metadata and filters."""
    meta: dict[str, dict[str, object]] = {}
    for record in records:
        filters = {"loai": record.kind.title}
        if not record.kind.yearless:
            filters["nam"] = str(record.year)
        entry: dict[str, object] = {
            "type": record.kind.title,
            "date": vn_date(record.published),
            "published": record.published.isoformat(),
        }
        item = record.item
        if isinstance(item, Document):
            filters["loai-van-ban"] = item.doc_type_title
            filters["co-quan"] = item.issuer
            entry["number"] = item.number
        entry["filters"] = filters
        meta[record.url] = entry
    return meta


# --- words ----------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)  # words repeat: a portal has tens of thousands, not millions
def fold(text: str) -> str:
    """`Đất đai` -> `dat dai`: lower case, every mark removed, đ as d."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return plain.replace("đ", "d")


def variant(token: str) -> str:
    """The spelling of a lower-case NFC token, whatever the tone placement: its letters with
    their vowel marks, then `~` and its tone marks in order (`hoà`, `hòa` -> `hoa~1`)."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", token):
        if char in _TONES:
            tones.append(_TONES[char])
        else:
            letters.append(char)
    base = unicodedata.normalize("NFC", "".join(letters))
    return f"{base}~{''.join(tones)}" if tones else base


def tokens(text: str) -> list[str]:
    """The tokens of `text` (NFC, lower case), in order: each word, and after a chunk of several
    words joined by punctuation (`115/QĐ-UBND`) its joined tails (`115qđubnd`, `qđubnd`)."""
    out: list[str] = []
    for chunk in unicodedata.normalize("NFC", text).lower().split():
        if chunk.isalnum():  # most chunks are one plain word: no need for the regex
            out.append(chunk[:MAX_TOKEN])
            continue
        parts = _WORD.findall(chunk)
        out.extend(part[:MAX_TOKEN] for part in parts)
        if 1 < len(parts) <= MAX_COMPOUND_PARTS and any(c.isalpha() for c in chunk):
            for start in range(len(parts) - 1):
                out.append("".join(parts[start:])[:MAX_TOKEN])
    return out


# --- reading the staged pages ---------------------------------------------------------------------


@dataclass
class Page:
    url: str
    meta: dict[str, object]
    title: str
    text: str


class PageError(ValueError):
    pass


class MarkersMissing(PageError):
    """The theme no longer marks the indexed body (theme/main.html's `content` block)."""


def _skip_element(body: str, start: int) -> int:
    """Where the element whose start tag begins at `start` ends (after its end tag)."""
    match = _TAG.match(body, start)
    if match is None:
        return start + 1
    name = match.group(2).lower()
    if name in _VOID or match.group(0).endswith("/>"):
        return match.end()
    depth = 0
    for tag in _TAG.finditer(body, start):
        if tag.group(2).lower() != name or tag.group(0).endswith("/>"):
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return len(body)


def _without_ignored(body: str) -> str:
    kept: list[str] = []
    at = 0
    while True:
        hits = [i for i in (body.find(marker, at) for marker in _IGNORED) if i >= 0]
        if not hits:
            kept.append(body[at:])
            return "".join(kept)
        tag_start = body.rfind("<", at, min(hits))
        if tag_start < 0:
            kept.append(body[at:])
            return "".join(kept)
        kept.append(body[at:tag_start])
        at = _skip_element(body, tag_start)


def _text(fragment: str) -> str:
    """Plain text of an HTML fragment: block tags become spaces, inline tags vanish."""
    spaced = _TAG.sub(lambda m: "" if m.group(2).lower() in _INLINE else " ", fragment)
    return _SPACES.sub(" ", html.unescape(spaced)).strip()


def read_page(page_html: str, url: str, meta: dict[str, object]) -> Page:
    """The indexed part of one staged item page: its title and its text."""
    marker = page_html.find(BODY_ATTR)
    if marker < 0:
        raise MarkersMissing(f"thiếu {BODY_ATTR}")
    tag_end = page_html.find(">", marker) + 1
    end = page_html.find(END_MARK, tag_end)
    if end < 0:
        raise PageError(f"thiếu {END_MARK}")
    body = _without_ignored(_UNSEEN.sub(" ", page_html[tag_end:end]))
    h1 = body.find("<h1")
    title = ""
    if h1 >= 0:
        h1_end = _skip_element(body, h1)
        title = _text(body[h1:h1_end])
        body = body[:h1] + " " + body[h1_end:]
    return Page(url=url, meta=meta, title=title, text=_text(body))


def read_pages(
    site_dir: Path, metadata: dict[str, dict[str, object]]
) -> tuple[list[Page], list[Diagnostic]]:
    """The item pages of `metadata` (by URL) as MkDocs wrote them into `site_dir`."""
    pages: list[Page] = []
    problems: list[Diagnostic] = []
    for url in sorted(metadata, key=_path_order):
        path = site_dir / url / "index.html"
        try:
            pages.append(read_page(path.read_text(encoding="utf-8"), url, metadata[url]))
        except MarkersMissing as exc:
            message = f"Trang {url or '/'} không có dấu hiệu cho công cụ tìm kiếm: {exc}"
            problems.append(diagnostic("CK502", message, str(path)))
        except (OSError, UnicodeDecodeError, PageError) as exc:
            message = f"Trang {url or '/'} không đọc được để dựng chỉ mục tìm kiếm: {exc}"
            problems.append(diagnostic("CK501", message, str(path)))
    return pages, problems


def _path_order(url: str) -> tuple[str, ...]:
    # The order the pages were once read in from the site's files (sorted paths of index.html),
    # which numbers the documents and so keeps the index byte for byte what it was.
    return (*url.rstrip("/").split("/"), "index.html")


# --- the index ------------------------------------------------------------------------------------


def _varint(number: int) -> str:
    """Base-64 digits, five bits each, least significant first; 32 marks "more follows"."""
    out = []
    while True:
        low = number & 31
        number >>= 5
        if number:
            out.append(_B64[low | 32])
        else:
            out.append(_B64[low])
            return "".join(out)


def encode_postings(postings: list[tuple[int, int]]) -> str:
    """(doc id, weight 0..63) in id order -> gap varints each followed by one weight digit."""
    out = []
    previous = -1
    for doc, weight in postings:
        out.append(_varint(doc - previous - 1))
        out.append(_B64[weight])
        previous = doc
    return "".join(out)


def _file_key(prefix: str) -> str:
    if re.fullmatch(r"[a-z0-9]+", prefix):
        return prefix
    return "x" + prefix.encode("utf-8").hex()


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


@dataclass
class _Token:
    df: int = 0
    variants: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def index_files(pages: list[Page]) -> dict[str, bytes]:
    """Every file of the index but the entry, by path under the versioned directory."""
    pages = sorted(pages, key=lambda p: p.url)
    pages.sort(key=lambda p: str(p.meta.get("published", "")), reverse=True)  # stable
    files: dict[str, bytes] = {}
    # Page length for BM25, in chunks between spaces: near enough the words, and cheap.
    lengths = [max(1, len(p.text.split())) for p in pages]
    average = sum(lengths) / len(lengths)

    vocabulary: dict[str, _Token] = defaultdict(_Token)
    pair_postings: dict[str, list[int]] = defaultdict(list)
    cache: dict[str, tuple[str, str]] = {}

    def folded_and_spelled(token: str) -> tuple[str, str]:
        if token not in cache:
            cache[token] = (fold(token), variant(token))
        return cache[token]

    for doc, page in enumerate(pages):
        text_pairs, title_pairs = pairs(page.text), pairs(page.title)
        body = Counter(tokens(page.text))
        title = set(tokens(page.title))
        # `bhyt` finds the pages that spell out bảo hiểm y tế, and the other way round.
        body.update(expansions({folded_and_spelled(t)[0] for t in body}, text_pairs))
        title |= expansions({folded_and_spelled(t)[0] for t in title}, title_pairs)
        norm = _K1 * (1 - _B + _B * lengths[doc] / average)
        seen: set[str] = set()
        for token in sorted(body.keys() | title):
            folded, spelling = folded_and_spelled(token)
            tf = body.get(token, 0)
            weight = (round(31 * tf / (tf + norm)) or 1) if tf else 0
            if token in title:
                weight += 32
            entry = vocabulary[folded]
            postings = entry.variants.setdefault(spelling, [])
            if postings and postings[-1][0] == doc:
                # `hoà` and `hòa` on one page are two tokens of one spelling: keep the larger
                # weight, and the title bit if either has it.
                old = postings[-1][1]
                postings[-1] = (doc, max(old & 31, weight & 31) | ((old | weight) & 32))
            else:
                postings.append((doc, weight))
            if folded not in seen:
                seen.add(folded)
                entry.df += 1
        for pair in title_pairs | text_pairs:
            pair_postings[pair].append(doc)
        files[f"f/{doc}.json"] = _dump(_fragment(page))

    shards: dict[str, list[str]] = defaultdict(list)
    for folded in vocabulary:
        shards[folded[:PREFIX]].append(folded)
    postings_file: dict[str, str] = {}
    shard_files: dict[str, dict[str, object]] = {}
    for prefix, members in sorted(shards.items()):
        key = _file_key(prefix)
        bucket: dict[str, dict[str, str]] = {}
        size = 0
        number = 0
        listing: list[list[object]] = []
        for folded in sorted(members):
            entry = vocabulary[folded]
            encoded = {s: encode_postings(p) for s, p in sorted(entry.variants.items())}
            weight = sum(len(s) + len(e) + 6 for s, e in encoded.items())
            if bucket and size + weight > BUCKET_BYTES:
                files[f"p/{key}.{number}.json"] = _dump(bucket)
                bucket, size, number = {}, 0, number + 1
            bucket[folded] = encoded
            size += weight
            listing.append([folded, entry.df, number])
            postings_file[folded] = f"{key}.{number}"
        files[f"p/{key}.{number}.json"] = _dump(bucket)
        listing.sort(key=lambda row: (-int(row[1]), str(row[0])))  # type: ignore[call-overload]
        shard_files[prefix] = {"t": listing}
    for letter in sorted({f[:1] for f in vocabulary}):
        shard = shard_files.setdefault(letter, {"t": []})
        shard["top"] = _top_completions(letter, vocabulary, postings_file)
    for prefix, shard in shard_files.items():
        files[f"w/{_file_key(prefix)}.json"] = _dump(shard)
    files["facets.json"] = _dump(_facets(pages))
    files.update(_pair_files(pair_postings))
    return files


def pairs(text: str) -> set[str]:
    """Each two words side by side in `text`, folded and joined by a space (`ho ngheo`): what
    lets a phrase outrank the same words apart, over every page, before any list is cut."""
    words = [
        fold(word)[:MAX_TOKEN] for word in _WORD.findall(unicodedata.normalize("NFC", text).lower())
    ]
    return {f"{a} {b}" for a, b in itertools.pairwise(words)}


def pair_bucket(pair: str, buckets: int) -> int:
    """Which pairs file holds `pair`: FNV-1a (32 bits) of its UTF-8 bytes, as ck-search.js
    computes it, so a query fetches exactly one small file per pair of adjacent words."""
    value = 0x811C9DC5
    for byte in pair.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % buckets


def _pair_files(postings: dict[str, list[int]]) -> dict[str, bytes]:
    """`q/<n>.json`: pairs hashed into files of about BUCKET_BYTES; each pair's documents as
    gap varints (the weight digit unused)."""
    encoded = {pair: encode_postings([(doc, 0) for doc in docs]) for pair, docs in postings.items()}
    total = sum(len(pair) + len(text) + 6 for pair, text in encoded.items())
    buckets = max(1, round(total / BUCKET_BYTES))
    files: dict[int, dict[str, str]] = defaultdict(dict)
    for pair in sorted(encoded):
        files[pair_bucket(pair, buckets)][pair] = encoded[pair]
    return {f"q/{number}.json": _dump(files.get(number, {})) for number in range(buckets)}


def _top_completions(
    letter: str, vocabulary: dict[str, _Token], files: dict[str, str]
) -> list[list[object]]:
    """The most frequent tokens that start with `letter` (longer than it), with their postings
    file (`ho.0`): what a one-letter last word expands to."""
    longer = [f for f in vocabulary if f.startswith(letter) and len(f) > 1]
    longer.sort(key=lambda f: (-vocabulary[f].df, f))
    return [[f, vocabulary[f].df, files[f]] for f in longer[:TOP_COMPLETIONS]]


def _fragment(page: Page) -> dict[str, object]:
    text = page.text
    if len(text) > EXCERPT_CHARS:
        cut = text.rfind(" ", 0, EXCERPT_CHARS)
        text = text[: cut if cut > 0 else EXCERPT_CHARS]
    fragment: dict[str, object] = {
        "u": page.url,
        "t": page.title,
        "k": page.meta.get("type", ""),
        "d": page.meta.get("date", ""),
        "x": text,
    }
    if page.meta.get("number"):
        fragment["n"] = page.meta["number"]
    return fragment


def _facets(pages: list[Page]) -> dict[str, dict[str, list[object]]]:
    """For each filter key: its values, and each document's value as an index (-1: none)."""
    keys = sorted({k for p in pages for k in _filters(p)})
    facets: dict[str, dict[str, list[object]]] = {}
    for key in keys:
        chosen = [_filters(p).get(key) for p in pages]
        values = sorted({v for v in chosen if v is not None})
        where = {v: i for i, v in enumerate(values)}
        facets[key] = {
            "values": list(values),
            "docs": [where[v] if v is not None else -1 for v in chosen],
        }
    return facets


def _filters(page: Page) -> dict[str, str]:
    filters = page.meta.get("filters")
    if not isinstance(filters, dict):
        return {}
    return {str(k): unicodedata.normalize("NFC", str(v)) for k, v in filters.items()}


def write_index(files: dict[str, bytes], output: Path, docs: int) -> str:
    """Write the files under a directory named by their digest, and the entry pointing to it."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    version = digest.hexdigest()[:16]
    for name, content in files.items():
        path = output / version / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    pair_files = sum(1 for name in files if name.startswith("q/"))
    entry = {
        "version": version, "docs": docs, "prefix": PREFIX, "maxToken": MAX_TOKEN,
        "pairs": pair_files,
    }  # fmt: skip
    (output / "index.json").write_bytes(_dump(entry))
    return version


def build_search_index(
    site_dir: Path, metadata: dict[str, dict[str, object]], display_dir: str
) -> list[Diagnostic]:
    """Write the index of the item pages in `metadata` (search_metadata) to
    `site_dir`/ck-search/; problems come back as diagnostics. A portal with no items yet gets no
    index (the search box then says so)."""
    output = site_dir / INDEX_DIR
    if output.exists():
        shutil.rmtree(output)
    pages, problems = read_pages(site_dir, metadata)
    if problems or not pages:
        return problems
    try:
        write_index(index_files(pages), output, len(pages))
    except OSError as exc:
        return [diagnostic("CK501", f"Không ghi được chỉ mục tìm kiếm: {exc}", display_dir)]
    return []
