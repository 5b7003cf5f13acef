"""The intake service: what residents send is stored durably, bad requests are refused with a
message in Vietnamese, no IP address is kept, and staff turn questions into hoi-dap drafts."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fixtures import (
    CODE,
    INTAKE_QUESTION,
    INTAKE_RATING,
    ORIGIN,
    IntakeServer,
    make_client,
    sqlite_rows,
)
from starlette.testclient import TestClient

from generator.cli import main
from generator.intake.ratelimit import RateLimiter
from generator.intake.registry import load_registry


@pytest.fixture
def client(registry: Path, tmp_path: Path) -> TestClient:
    return make_client(registry, tmp_path / "tiep-nhan.sqlite3")


def stored(database: Path) -> tuple[int, int]:
    return len(sqlite_rows(database, "questions")), len(sqlite_rows(database, "ratings"))


# -- through the application -------------------------------------------------------------------


def test_form_without_javascript_is_redirected_to_a_thank_you_page(client, tmp_path):
    response = client.post("/cau-hoi", data=INTAKE_QUESTION, headers={"Origin": ORIGIN})
    assert response.status_code == 303
    thanks = client.get(response.headers["location"])
    assert thanks.status_code == 200
    assert "Xã Tân Hòa đã nhận câu hỏi, mã tiếp nhận số 1." in thanks.text
    # The way back is the commune's own hoi-dap page, from the registry, not from the request.
    assert 'href="https://tanhoa.example.vn/hoi-dap/"' in thanks.text
    [row] = sqlite_rows(tmp_path / "tiep-nhan.sqlite3", "questions")
    assert (row["commune"], row["topic"], row["text"]) == (
        CODE,
        "Đất đai",
        INTAKE_QUESTION["question"],
    )
    assert row["name"] is None and row["contact"] is None


def test_script_gets_json_with_cors_for_the_portal(client):
    response = client.post(
        "/danh-gia", data=INTAKE_RATING, headers={"Origin": ORIGIN, "Accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json() == {"ok": True, "id": 1, "message": "Cảm ơn bạn đã đánh giá."}
    assert response.headers["access-control-allow-origin"] == ORIGIN


def test_preflight_only_for_registry_origins(client):
    allowed = client.options(
        "/cau-hoi", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
    )
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    refused = client.options(
        "/cau-hoi",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert refused.status_code == 403
    assert "không thuộc cổng thông tin của xã nào" in refused.text
    assert "access-control-allow-origin" not in refused.headers


BAD_REQUESTS = [
    ("honeypot", "/cau-hoi", {**INTAKE_QUESTION, "website": "http://spam"}, {}, 400, "ô ẩn đã được điền"),
    ("no question", "/cau-hoi", {**INTAKE_QUESTION, "question": " "}, {}, 400, "Chưa nhập nội dung câu hỏi"),
    ("short question", "/cau-hoi", {**INTAKE_QUESTION, "question": "Hỏi?"}, {}, 400, "quá ngắn"),
    ("long question", "/cau-hoi", {**INTAKE_QUESTION, "question": "a" * 5001}, {}, 400, "tối đa 5000 ký tự"),
    ("long topic", "/cau-hoi", {**INTAKE_QUESTION, "topic": "x" * 101}, {}, 400, "Lĩnh vực quá dài"),
    ("no commune", "/cau-hoi", {"question": INTAKE_QUESTION["question"]}, {}, 400, "Thiếu mã xã"),
    ("unknown commune", "/cau-hoi", {**INTAKE_QUESTION, "commune": "99999"}, {}, 400, "không có trong danh sách"),
    ("no consent", "/cau-hoi", {**INTAKE_QUESTION, "contact": "0912 345 678"}, {}, 400, "chưa đánh dấu ô đồng ý"),
    ("other origin", "/cau-hoi", INTAKE_QUESTION, {"Origin": "https://evil.example"}, 403, "không nhận từ https://evil.example"),
    ("another commune's portal", "/cau-hoi", INTAKE_QUESTION, {"Origin": "https://yenmy.example.vn"}, 403, "chỉ nhận câu hỏi"),
    ("no origin", "/cau-hoi", INTAKE_QUESTION, {"Origin": None}, 403, "thiếu Origin và Referer"),
    ("rating answer", "/danh-gia", {**INTAKE_RATING, "useful": "maybe"}, {}, 400, "Có hoặc Không"),
    ("rating page", "/danh-gia", {**INTAKE_RATING, "page": "../../etc/passwd"}, {}, 400, "không hợp lệ"),
    ("no rating page", "/danh-gia", {**INTAKE_RATING, "page": ""}, {}, 400, "Thiếu địa chỉ trang"),
    ("long comment", "/danh-gia", {**INTAKE_RATING, "comment": "y" * 1001}, {}, 400, "Góp ý quá dài"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "data", "headers", "status", "message"),
    [case[1:] for case in BAD_REQUESTS],
    ids=[case[0] for case in BAD_REQUESTS],
)
def test_bad_request_is_refused_with_a_message_and_nothing_stored(
    client, tmp_path, path, data, headers, status, message
):
    sent = {"Origin": ORIGIN, **headers}
    sent = {k: v for k, v in sent.items() if v is not None}
    page = client.post(path, data=data, headers=sent)
    assert page.status_code == status
    assert message in page.text
    assert '<html lang="vi">' in page.text
    as_json = client.post(path, data=data, headers={**sent, "Accept": "application/json"})
    assert as_json.status_code == status
    assert message in as_json.json()["message"]
    assert stored(tmp_path / "tiep-nhan.sqlite3") == (0, 0)


def test_size_encoding_and_media_type_limits(client, tmp_path):
    headers = {"Origin": ORIGIN}
    big = client.post("/cau-hoi", content=b"question=" + b"a" * 20_000, headers=headers)
    assert big.status_code == 413
    assert "quá lớn: tối đa 16 kB" in big.text
    latin1 = client.post(
        "/cau-hoi",
        content="question=Đất".encode("utf-16"),
        headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert latin1.status_code == 400
    assert "không phải UTF-8" in latin1.text
    xml = client.post(
        "/cau-hoi", content=b"<q/>", headers={**headers, "Content-Type": "application/xml"}
    )
    assert xml.status_code == 415
    broken = client.post(
        "/cau-hoi", content=b"{", headers={**headers, "Content-Type": "application/json"}
    )
    assert broken.status_code == 400
    assert "JSON" in broken.json()["message"]
    wrong_method = client.get("/cau-hoi")
    assert wrong_method.status_code == 405
    assert "phải gửi bằng POST" in wrong_method.text
    assert stored(tmp_path / "tiep-nhan.sqlite3") == (0, 0)


def test_consented_contact_is_kept(client, tmp_path):
    data = {
        **INTAKE_QUESTION,
        "name": "Nguyễn Văn An",
        "contact": "an@example.com",
        "consent": "co",
    }
    assert client.post("/cau-hoi", data=data, headers={"Origin": ORIGIN}).status_code == 303
    [row] = sqlite_rows(tmp_path / "tiep-nhan.sqlite3", "questions")
    assert (row["name"], row["contact"], row["consent"]) == ("Nguyễn Văn An", "an@example.com", 1)


def test_rate_limit_per_client(registry, tmp_path):
    client = make_client(registry, tmp_path / "db.sqlite3", questions_per_hour=2)
    statuses = [
        client.post("/cau-hoi", data=INTAKE_QUESTION, headers={"Origin": ORIGIN}).status_code
        for _ in range(3)
    ]
    assert statuses == [303, 303, 429]
    refused = client.post("/cau-hoi", data=INTAKE_QUESTION, headers={"Origin": ORIGIN})
    assert "nhiều lần trong một giờ" in refused.text
    # Ratings have their own allowance.
    assert (
        client.post("/danh-gia", data=INTAKE_RATING, headers={"Origin": ORIGIN}).status_code == 303
    )
    assert stored(tmp_path / "db.sqlite3") == (2, 1)


def test_client_key_is_keyed_and_changes_every_day():
    limiter = RateLimiter(b"secret", {"question": 1})
    day = dt.date(2026, 3, 2)
    key = limiter.client_key("203.0.113.7", day)
    assert key == limiter.client_key("203.0.113.7", day)
    assert key != limiter.client_key("203.0.113.7", day + dt.timedelta(days=1))
    assert key != RateLimiter(b"other", {}).client_key("203.0.113.7", day)
    assert "203" not in key
    at = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
    assert limiter.allow("question", "203.0.113.7", at)
    assert not limiter.allow("question", "203.0.113.7", at)
    assert limiter.allow("question", "198.51.100.2", at)
    assert limiter.allow("question", "203.0.113.7", at + dt.timedelta(hours=1))


def test_health_and_metrics(client):
    client.post("/cau-hoi", data=INTAKE_QUESTION, headers={"Origin": ORIGIN})
    client.post("/cau-hoi", data={**INTAKE_QUESTION, "website": "x"}, headers={"Origin": ORIGIN})
    assert client.get("/suc-khoe").json() == {"status": "ok", "communes": 2}
    metrics = client.get("/metrics").text
    assert 'congkhai_intake_requests_total{kind="question",outcome="stored"} 1' in metrics
    assert 'congkhai_intake_requests_total{kind="question",outcome="honeypot"} 1' in metrics
    assert 'congkhai_intake_stored_rows{table="questions"} 1' in metrics


def test_registry_errors_are_diagnostics(tmp_path):
    path = tmp_path / "cac-xa.yaml"
    path.write_text(
        'communes:\n  - code: "14464"\n    url: https://a.example/\n'
        '  - code: "14464"\n    url: https://b.example/\n  - code: "12"\n    url: https://c.example/\n',
        encoding="utf-8",
    )
    registry, problems, _ = load_registry(path)
    assert registry is None
    assert [(d.code, d.line) for d in problems] == [("CK104", 6)]
    path.write_text(
        'communes:\n  - code: "14464"\n    url: https://a.example/\n'
        '  - code: "14464"\n    url: https://b.example/\n',
        encoding="utf-8",
    )
    registry, problems, _ = load_registry(path)
    assert [(d.code, d.line, d.message) for d in problems] == [
        ("CK652", 4, "mã xã 14464 ghi hai lần")
    ]


# -- the real server ---------------------------------------------------------------------------


def test_real_server_stores_durably_keeps_no_ip_and_limits_rate(registry, tmp_path):
    database = tmp_path / "tiep-nhan.sqlite3"
    server = IntakeServer(registry, str(database), "--questions-per-hour", "3").start()
    try:
        with httpx.Client(base_url=server.url, headers={"Origin": ORIGIN}) as http:
            first = http.post("/cau-hoi", data=INTAKE_QUESTION)
            assert first.status_code == 303
            rating = http.post(
                "/danh-gia", data=INTAKE_RATING, headers={"Accept": "application/json"}
            )
            assert rating.json()["ok"] is True
            assert (
                http.post("/cau-hoi", data={**INTAKE_QUESTION, "website": "x"}).status_code == 400
            )
            limited = [http.post("/cau-hoi", data=INTAKE_QUESTION).status_code for _ in range(3)]
            assert limited == [303, 303, 429]
            evil = http.post(
                "/cau-hoi", data=INTAKE_QUESTION, headers={"Origin": "https://evil.example"}
            )
            assert evil.status_code == 403
    finally:
        # Killed, not stopped: what was acknowledged must already be on disk.
        server.kill()
    assert stored(database) == (3, 1)

    # No column holds the client's address, and no value contains it.
    with sqlite3.connect(database) as connection:
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        dump = "\n".join(connection.iterdump())
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert "127.0.0.1" not in dump
    for table in tables:
        columns = [r[1] for r in sqlite3.connect(database).execute(f"PRAGMA table_info({table})")]
        assert not [c for c in columns if re.search(r"ip|addr|client|host", c)], columns
    assert journal == "wal"

    restarted = IntakeServer(registry, str(database), port=server.port).start()
    try:
        metrics = httpx.get(f"{restarted.url}/metrics").text
        assert 'congkhai_intake_stored_rows{table="questions"} 3' in metrics
        assert 'congkhai_intake_stored_rows{table="ratings"} 1' in metrics
        again = httpx.post(
            f"{restarted.url}/cau-hoi", data=INTAKE_QUESTION, headers={"Origin": ORIGIN}
        )
        assert again.status_code == 303
        assert "ma=4" in again.headers["location"]
    finally:
        restarted.stop()


def test_serve_refuses_a_broken_registry(tmp_path):
    path = tmp_path / "cac-xa.yaml"
    path.write_text("communes: []\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["intake", "serve", "--registry", str(path)])
    assert result.exit_code == 1
    assert "cac-xa.yaml:1:" in result.output


# -- staff side ----------------------------------------------------------------------------------


def _export(database: Path, out: Path, *extra: str):
    return CliRunner().invoke(
        main,
        [
            "intake",
            "export",
            "--commune",
            CODE,
            "--database",
            str(database),
            "--out",
            str(out),
            *extra,
        ],
    )


def test_export_writes_drafts_that_validate_once_answered(client, tmp_path, make_project):
    database = tmp_path / "tiep-nhan.sqlite3"
    headers = {"Origin": ORIGIN}
    client.post("/cau-hoi", data=INTAKE_QUESTION, headers=headers)
    with_contact = {
        **INTAKE_QUESTION,
        "question": "Đường thôn Đông\nbị hỏng,\n\nkhi nào sửa? Gọi tôi: 0912 345 678",
        "topic": "Giao thông",
        "name": "Nguyễn Văn An",
        "contact": "an@example.com",
        "consent": "co",
    }
    client.post("/cau-hoi", data=with_contact, headers=headers)
    client.post(
        "/cau-hoi",
        data={**INTAKE_QUESTION, "commune": "14470"},
        headers={"Origin": "https://yenmy.example.vn"},
    )
    project = make_project({})
    out = project.root / "content" / "hoi-dap"

    result = _export(database, out)
    assert result.exit_code == 0, result.output
    drafts = sorted(out.glob("*.yaml"))
    year = dt.date.today().year  # the service stamps what it receives with the clock
    assert [p.name for p in drafts] == [f"{year}-cau-hoi-1.yaml", f"{year}-cau-hoi-2.yaml"]
    second = drafts[1].read_text(encoding="utf-8")
    assert "channel: cong-thong-tin" in second
    assert "asker: N.V.A." in second
    assert "an@example.com" not in second and "Nguyễn Văn An" not in second
    assert "câu hỏi số 2: Nguyễn Văn An, an@example.com" in result.output
    # The phone number the resident typed into the question is left out of the draft, and
    # staff are told.
    assert "0912 345 678" not in second and "Gọi tôi: [đã xoá]" in second
    assert "CK650" in result.output and "số điện thoại di động" in result.output
    assert "question: |\n  Đường thôn Đông\n  bị hỏng,\n\n  khi nào sửa?" in second

    # Not yet answered: the blanks stop validation.
    check = CliRunner().invoke(
        main, ["validate", "--project", str(project.root), "--as-of", "2099-01-01"]
    )
    assert check.exit_code == 1
    assert "CK150" in check.output

    for draft in drafts:
        text = draft.read_text(encoding="utf-8")
        received = re.search(r"^received: (\S+)$", text, re.M).group(1)
        text = (
            text.replace("published: <điền ngày YYYY-MM-DD>", f"published: {received}")
            .replace("answer: <điền văn bản>", "answer: UBND xã đã tiếp nhận và trả lời như sau.")
            .replace("answered: <điền ngày YYYY-MM-DD>", f"answered: {received}")
            .replace("answered_by: <điền văn bản>", "answered_by: Chủ tịch UBND xã")
        )
        draft.write_text(text, encoding="utf-8")
    check = CliRunner().invoke(
        main, ["validate", "--project", str(project.root), "--as-of", "2099-01-01"]
    )
    assert check.exit_code == 0, check.output

    # Exported rows are marked: a second export writes nothing new.
    again = _export(database, out)
    assert again.exit_code == 0
    assert "Xuất 0 câu hỏi mới" in again.output
    rows = sqlite_rows(database, "questions")
    assert [r["exported_at"] is not None for r in rows] == [True, True, False]


def test_forget_erases_a_persons_details(client, tmp_path):
    database = tmp_path / "tiep-nhan.sqlite3"
    data = {**INTAKE_QUESTION, "name": "Trần Thị Bình", "contact": "0987 654 321", "consent": "co"}
    client.post("/cau-hoi", data=data, headers={"Origin": ORIGIN})
    client.post("/cau-hoi", data=data, headers={"Origin": ORIGIN})
    client.post("/cau-hoi", data=INTAKE_QUESTION, headers={"Origin": ORIGIN})
    result = CliRunner().invoke(
        main, ["intake", "forget", "--database", str(database), "--contact", "0987 654 321"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "Câu hỏi số 1: đã xoá họ tên và cách liên hệ đã lưu.",
        "Câu hỏi số 2: đã xoá họ tên và cách liên hệ đã lưu.",
    ]
    rows = sqlite_rows(database, "questions")
    assert [(r["name"], r["contact"]) for r in rows] == [(None, None)] * 3
    assert [r["erased_at"] is not None for r in rows] == [True, True, False]
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"0987 654 321" not in database.read_bytes()
    nothing = CliRunner().invoke(
        main, ["intake", "forget", "--database", str(database), "--contact", "0987 654 321"]
    )
    assert nothing.exit_code == 1


# -- nothing leaks, nothing is lost -------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["0987654321", "0987.654.321", "+84 987 654 321", "(+84) 987-654-321"]
)
def test_forget_finds_a_contact_however_its_digits_were_grouped(client, tmp_path, typed):
    database = tmp_path / "tiep-nhan.sqlite3"
    data = {**INTAKE_QUESTION, "name": "Trần Thị Bình", "contact": "0987 654 321", "consent": "co"}
    client.post("/cau-hoi", data=data, headers={"Origin": ORIGIN})
    result = CliRunner().invoke(
        main, ["intake", "forget", "--database", str(database), "--contact", typed]
    )
    assert result.exit_code == 0, result.output
    [row] = sqlite_rows(database, "questions")
    assert (row["name"], row["contact"]) == (None, None)


def test_forget_erases_personal_data_in_the_question_on_request(client, tmp_path):
    database = tmp_path / "tiep-nhan.sqlite3"
    text = (
        "Tôi là Trần Thị Bình, CCCD 001 085 012 345, gọi 0987.654.321 hoặc "
        "binh (at) gmail.com; xin hỏi thủ tục cấp giấy chứng nhận quyền sử dụng đất."
    )
    data = {**INTAKE_QUESTION, "question": text, "name": "Trần Thị Bình", "contact": "0987654321",
            "consent": "co"}  # fmt: skip
    client.post("/cau-hoi", data=data, headers={"Origin": ORIGIN})
    result = CliRunner().invoke(
        main,
        ["intake", "forget", "--database", str(database), "--contact", "0987 654 321", "--in-text"],
    )
    assert result.exit_code == 0, result.output
    [row] = sqlite_rows(database, "questions")
    for gone in ("Trần Thị Bình", "001 085 012 345", "0987.654.321", "binh (at) gmail.com"):
        assert gone not in row["text"]
    assert "xin hỏi thủ tục cấp giấy chứng nhận" in row["text"]
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"001 085 012 345" not in database.read_bytes()


def test_rate_limit_counts_only_accepted_submissions(registry, tmp_path):
    client = make_client(registry, tmp_path / "db.sqlite3", questions_per_hour=2)
    short = {**INTAKE_QUESTION, "question": "ngắn"}
    for _ in range(5):
        assert client.post("/cau-hoi", data=short, headers={"Origin": ORIGIN}).status_code == 400
    statuses = [
        client.post("/cau-hoi", data=INTAKE_QUESTION, headers={"Origin": ORIGIN}).status_code
        for _ in range(3)
    ]
    assert statuses == [303, 303, 429]


def test_an_ipv6_client_is_counted_by_its_64():
    limiter = RateLimiter(b"secret", {"question": 2})
    at = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
    rotating = [f"2001:db8:1:2::{n:x}" for n in range(1, 4)]
    assert [limiter.allow("question", address, at) for address in rotating] == [True, True, False]
    # Another household's /64 has its own allowance; an IPv4 written as IPv6 is that IPv4.
    assert limiter.allow("question", "2001:db8:1:3::1", at)
    assert limiter.allow("question", "203.0.113.7", at)
    assert limiter.allow("question", "::ffff:203.0.113.7", at)
    assert not limiter.allow("question", "203.0.113.7", at)


@pytest.mark.parametrize(
    "body",
    [
        b'{"commune": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"commune": "14464", "topic": ' + b"9" * 4301 + b"}",
        b'{"commune": "14464", "topic": "\\ud800", "question": "Xin h\\u1ecfi th\\u1ee7 t\\u1ee5c"}',
        b'{"commune": {"a": 1}}',
        b'{"\\udfff": "x"}',
        b"[1, 2]",
        b'"x"',
        b"1e999999",
    ],
    ids=["deep", "huge-integer", "lone-surrogate", "object-value", "surrogate-key", "list",
         "string", "huge-float"],
)  # fmt: skip
def test_every_malformed_json_body_is_a_4xx_with_a_message(registry, tmp_path, body):
    client = make_client(registry, tmp_path / "db.sqlite3")
    response = client.post(
        "/cau-hoi",
        content=body,
        headers={"Origin": ORIGIN, "Content-Type": "application/json"},
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["ok"] is False and response.json()["message"]
    assert stored(tmp_path / "db.sqlite3") == (0, 0)
