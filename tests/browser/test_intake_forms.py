"""A resident sends a question and rates a page from a built portal, with JavaScript on and off,
to the real intake service on 127.0.0.1; what they sent is in the database afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fixtures import IntakeServer, free_port, registry_yaml, sqlite_rows
from playwright.sync_api import Browser, Page

CODE = "14464"
SITE = """\
commune: Xã Tân Hòa
province: Tỉnh Ninh Bình
agency: Ủy ban nhân dân xã Tân Hòa
address: Thôn Đông, xã Tân Hòa
phone: "0229 3800 000"
email: ubnd@tanhoa.gov.vn
intake:
  url: http://127.0.0.1:{port}/
  commune_code: "{code}"
"""
ANSWERED = """\
title: Hỏi về thủ tục cấp giấy chứng nhận
published: 2026-02-20
question: Tôi cần giấy tờ gì để xin cấp giấy chứng nhận lần đầu?
received: 2026-02-02
channel: truc-tiep
topic: Đất đai
answer: Ông chuẩn bị đơn theo mẫu số 04a/ĐK và giấy tờ về nguồn gốc đất.
answered: 2026-02-12
answered_by: Chủ tịch UBND xã
"""
ITEM = "hoi-dap/2026/thu-tuc-cap-giay/"


@pytest.fixture(scope="module")
def portal(build_site, serve, tmp_path_factory) -> Iterator[tuple[str, IntakeServer]]:
    port = free_port()
    site_dir = build_site(
        "intake-portal",
        {
            "site_config/site.yaml": SITE.format(port=port, code=CODE),
            "content/hoi-dap/2026-thu-tuc-cap-giay.yaml": ANSWERED,
        },
        dt.date(2026, 3, 1),
    )
    base = serve(site_dir)
    work = tmp_path_factory.mktemp("intake-service")
    registry = work / "cac-xa.yaml"
    registry.write_text(registry_yaml(portal=base, code=CODE), encoding="utf-8")
    server = IntakeServer(registry, str(work / "tiep-nhan.sqlite3"), port=port).start()
    yield base, server
    server.stop()


def _ask(page: Page, base: str, text: str) -> None:
    page.goto(base + "hoi-dap/")
    page.fill("#ck-topic", "Đất đai")
    page.fill("#ck-question", text)
    page.fill("#ck-name", "Lê Văn Cường")
    page.fill("#ck-contact", "cuong@example.com")
    page.check("#ck-consent")
    page.click("form.ck-ask button[type=submit]")


def test_without_javascript_forms_post_and_thank(browser: Browser, portal):
    base, server = portal
    context = browser.new_context(locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    try:
        _ask(page, base, "Hỏi không dùng JavaScript: thủ tục tách thửa đất thế nào?")
        page.wait_for_url(f"{server.url}/cam-on*")
        assert page.locator("h1").inner_text() == "Đã nhận câu hỏi của bạn"
        page.click("text=Quay lại cổng thông tin")
        page.wait_for_url(base + "hoi-dap/")

        page.goto(base + ITEM)
        page.fill("#ck-rate-comment", "Rõ ràng, dễ hiểu")
        page.click("form.ck-rate button[value=co]")
        page.wait_for_url(f"{server.url}/cam-on*")
        assert page.locator("h1").inner_text() == "Cảm ơn bạn đã đánh giá"
        assert page.locator("a").get_attribute("href") == base + ITEM
    finally:
        context.close()
    questions = sqlite_rows(server.database_path, "questions")
    assert questions[-1]["text"] == "Hỏi không dùng JavaScript: thủ tục tách thửa đất thế nào?"
    assert (questions[-1]["name"], questions[-1]["contact"]) == (
        "Lê Văn Cường",
        "cuong@example.com",
    )
    [*_, rating] = sqlite_rows(server.database_path, "ratings")
    assert (rating["page"], rating["useful"], rating["comment"]) == (ITEM, 1, "Rõ ràng, dễ hiểu")


def test_with_javascript_forms_send_in_the_background(page: Page, portal):
    base, server = portal
    _ask(page, base, "Hỏi có JavaScript: khi nào có kết quả bình xét hộ nghèo?")
    status = page.locator("form.ck-ask [data-ck-intake-status]")
    status.get_by_text("Đã nhận câu hỏi, mã tiếp nhận số").wait_for()
    assert page.url == base + "hoi-dap/"
    assert page.input_value("#ck-question") == ""  # sent, so the form is cleared

    page.goto(base + ITEM)
    page.click("form.ck-rate button[value=khong]")
    page.locator("form.ck-rate [data-ck-intake-status]").get_by_text(
        "Cảm ơn bạn đã đánh giá."
    ).wait_for()
    assert page.url == base + ITEM
    questions = sqlite_rows(server.database_path, "questions")
    assert questions[-1]["text"] == "Hỏi có JavaScript: khi nào có kết quả bình xét hộ nghèo?"
    [*_, rating] = sqlite_rows(server.database_path, "ratings")
    assert (rating["page"], rating["useful"]) == (ITEM, 0)


def test_with_javascript_a_refusal_is_said_in_place(page: Page, portal):
    base, _ = portal
    page.goto(base + "hoi-dap/")
    page.fill("#ck-question", "Một câu hỏi có ghi liên hệ mà không đồng ý lưu.")
    page.fill("#ck-contact", "0912 345 678")
    page.click("form.ck-ask button[type=submit]")
    page.locator("form.ck-ask [data-ck-intake-status]").get_by_text(
        "chưa đánh dấu ô đồng ý"
    ).wait_for()
    assert page.input_value("#ck-question") != ""  # kept, so the resident can fix and resend


def test_a_failed_send_blames_the_right_thing_and_keeps_the_text(page: Page, portal):
    # The province's service down is not the resident's network; offline is.
    base, _ = portal
    page.goto(base + "hoi-dap/")
    page.route("http://127.0.0.1:*/cau-hoi", lambda route: route.abort("connectionrefused"))
    page.fill("#ck-question", "Câu hỏi gửi khi dịch vụ của tỉnh không trả lời.")
    page.click("form.ck-ask button[type=submit]")
    status = page.locator("form.ck-ask [data-ck-intake-status]")
    status.get_by_text("dịch vụ tiếp nhận của tỉnh chưa trả lời").wait_for()
    assert page.input_value("#ck-question") == "Câu hỏi gửi khi dịch vụ của tỉnh không trả lời."
    page.context.set_offline(True)
    try:
        page.click("form.ck-ask button[type=submit]")
        status.get_by_text("máy đang mất mạng").wait_for()
    finally:
        page.context.set_offline(False)
