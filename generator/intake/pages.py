"""The few HTML pages the service answers a form with: thanks, or what went wrong.

They are shown to residents who sent a form without JavaScript, so they are complete pages in
Vietnamese with a link back to the portal they came from.
"""

from __future__ import annotations

import html

_PAGE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }}
h1 {{ font-size: 1.4rem; }}
a {{ color: #0b5cad; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


def page(title: str, paragraphs: list[str], back: str | None) -> str:
    """A page of plain paragraphs (escaped here) and a link back to the portal."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    if back:
        body += f'\n<p><a href="{html.escape(back, quote=True)}">Quay lại cổng thông tin</a></p>'
    else:
        body += "\n<p>Dùng nút Quay lại của trình duyệt để trở về trang trước.</p>"
    return _PAGE.format(title=html.escape(title), body=body)


def thanks_question(number: int, commune: str, back: str | None) -> str:
    return page(
        "Đã nhận câu hỏi của bạn",
        [
            f"{commune} đã nhận câu hỏi, mã tiếp nhận số {number}.",
            "Câu trả lời sẽ được đăng tại trang Hỏi đáp của cổng thông tin, không kèm họ tên "
            "đầy đủ hay cách liên hệ của bạn.",
        ],
        back,
    )


def thanks_rating(back: str | None) -> str:
    return page(
        "Cảm ơn bạn đã đánh giá",
        ["Ý kiến của bạn giúp UBND xã công khai thông tin dễ hiểu và đầy đủ hơn."],
        back,
    )


def error(message: str, back: str | None) -> str:
    return page("Chưa gửi được", [message], back)
