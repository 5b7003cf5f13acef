"""Benchmark reading and scanning the text inside attachments, cold and warm.

    uv run python bench/attachments.py             # N = 60 and 300 attachments
    uv run python bench/attachments.py -n 30       # one size

For each N: a commune whose N questions (hoi-dap) each link one attachment, a third each of
an Excel list (300 households x 7 columns, title rows, merged header), a Word answer (80
paragraphs and a 40-row table) and a 6-page PDF with a text layer, none with personal data.
Times load + validate (the stages that read and scan attachments) three ways: with an empty
cache directory (every attachment read), again (every attachment's text from the cache), and the
same project with its `attachments:` removed (the cost without the check).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.caching import CACHE_DIR_VARIABLE  # noqa: E402

SITE = """\
commune: Xã Đo Thử
province: Tỉnh Kiểm Tra
agency: Ủy ban nhân dân xã Đo Thử
address: Thôn Một, xã Đo Thử
phone: "0200 3000 000"
email: ubnd@dothu.gov.vn
"""

QUESTION = """\
title: Hỏi về hỗ trợ số {n}
published: 2025-03-20
question: Tôi được hỗ trợ những gì?
received: 2025-03-03
channel: truc-tiep
topic: Chính sách
answer: Xem danh sách và văn bản trả lời kèm theo.
answered: 2025-03-14
answered_by: Chủ tịch UBND xã
"""


def workbook(seed: int) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "UBND XÃ ĐO THỬ"
    ws["A3"] = f"DANH SÁCH HỘ ĐƯỢC HỖ TRỢ ĐỢT {seed}"
    ws.merge_cells("A3:G3")
    ws.append([])
    ws.append(
        ["STT", "Họ và tên chủ hộ", "Thôn", "Nhân khẩu", None, "Mức hỗ trợ (đồng)", "Ghi chú"]
    )
    ws.append([None, None, None, "Tổng", "Nữ", None, None])
    ws.merge_cells("D5:E5")
    ws.append(list(range(1, 8)))
    for row in range(300):
        ws.append(
            [row + 1, f"Hộ số {seed}-{row}", f"Thôn {row % 9 + 1}", 4, 2, 1_500_000, "Đã nhận"]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def document(seed: int) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    para = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
    body = "".join(
        para.format(f"Đoạn {i} của văn bản trả lời số {seed}: nội dung chính sách hỗ trợ.")
        for i in range(80)
    )
    rows = "".join(
        "<w:tr>"
        + "".join(f"<w:tc>{para.format(v)}</w:tc>" for v in (i, f"Hộ {i}", "1.500.000"))
        + "</w:tr>"
        for i in range(40)
    )
    xml = f"<w:document xmlns:w='{w}'><w:body>{body}<w:tbl>{rows}</w:tbl></w:body></w:document>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def pdf(seed: int) -> bytes:
    pages = [
        f"Trang {p} bao cao so {seed}: thu 1.250.000.000 dong, chi 980.000.000" for p in range(6)
    ]
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objects) + 2} 0 R "
            "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        kids.append(f"{len(objects) - 1} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>"
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def make_commune(root: Path, n: int, linked: bool) -> None:
    (root / "site_config").mkdir(parents=True)
    (root / "site_config/site.yaml").write_text(SITE, encoding="utf-8")
    (root / "content/hoi-dap").mkdir(parents=True)
    (root / "content/files/hoi-dap").mkdir(parents=True)
    makers = [("xlsx", workbook), ("docx", document), ("pdf", pdf)]
    for i in range(n):
        suffix, make = makers[i % 3]
        name = f"hoi-dap/tep-{i:04d}.{suffix}"
        (root / "content/files" / name).write_bytes(make(i))
        item = QUESTION.format(n=i)
        if linked:
            item += f"attachments:\n  - file: {name}\n    title: Tệp kèm theo\n"
        (root / f"content/hoi-dap/2025-cau-hoi-{i:04d}.yaml").write_text(item, encoding="utf-8")


def load_validate(root: Path) -> tuple[float, int]:
    """Wall time of load + validate, and the errors found (none expected)."""
    from generator.load import load
    from generator.project import Project
    from generator.validate import validate

    start = time.perf_counter()
    loaded = load(Project(root))
    validated = validate(loaded)
    elapsed = time.perf_counter() - start
    errors = sum(1 for d in [*loaded.diagnostics, *validated.diagnostics] if d.is_error)
    return elapsed, errors


def run(n: int, work: Path) -> None:
    with_files, without = work / f"with-{n}", work / f"without-{n}"
    make_commune(with_files, n, linked=True)
    make_commune(without, n, linked=False)
    size = sum(p.stat().st_size for p in (with_files / "content/files").rglob("*") if p.is_file())
    os.environ[CACHE_DIR_VARIABLE] = str(work / f"cache-{n}")
    load_validate(without)  # imports and warm-up, outside the timings
    base, _ = load_validate(without)
    cold, errors = load_validate(with_files)
    warm, _ = load_validate(with_files)
    print(f"N = {n} attachments ({size / 1e6:.1f} MB; xlsx, docx, pdf in thirds), errors: {errors}")
    print(f"  load + validate without attachments linked: {base:.2f} s")
    print(f"  cold (every attachment read):               {cold:.2f} s  (+{cold - base:.2f} s)")
    print(f"  warm (every text from the cache):           {warm:.2f} s  (+{warm - base:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, action="append")
    args = parser.parse_args()
    print(f"{platform.machine()}, {os.cpu_count()} cores, CPython {platform.python_version()}")
    work = Path(tempfile.mkdtemp(prefix="congkhai-bench-attachments-"))
    try:
        for n in args.n or [60, 300]:
            run(n, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
