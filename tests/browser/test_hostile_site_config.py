"""Markup typed into site_config or a web address never runs on the portal (issue: nothing leaks).

The commune's name is printed on every page (the header, its aria-label, the page title, the
footer), so a name holding markup would run on all of them; a web address holding `)[…](…)`
would become a second, javascript: link in the Markdown it was pasted into.
"""

from __future__ import annotations

import datetime as dt

from fixtures import PROCEDURE, SITE_YAML, TYPE_FILES

PAYLOAD = '"><img src=x onerror="window.__ck_xss=(window.__ck_xss||0)+1">'
ONLINE = "https://dichvucong.gov.vn/)[Nộp hồ sơ](javascript:window.__ck_xss=99)"


def _hostile_site() -> str:
    site = SITE_YAML.replace("commune: Xã Thử Nghiệm", f"commune: 'Xã Tân Hòa {PAYLOAD}'")
    for field in ("province", "agency", "address"):
        start = site.index(f"{field}: ")
        end = site.index("\n", start)
        site = (
            site[:start] + f"{field}: '{site[start + len(field) + 2 : end]} {PAYLOAD}'" + site[end:]
        )
    return site + (
        f"responsible: '{PAYLOAD}'\n"
        f"contacts:\n  - role: '{PAYLOAD}'\n    name: '{PAYLOAD}'\n"
        f"links:\n  - title: '{PAYLOAD}'\n    url: https://dichvucong.gov.vn/\n"
        "info_access:\n  guides:\n"
        f"    - title: '{PAYLOAD}'\n      url: '{ONLINE}'\n"
    )


def test_markup_in_the_site_config_and_web_addresses_does_not_run(build_site, serve, page):
    files = {
        **TYPE_FILES,
        "site_config/site.yaml": _hostile_site(),
        "content/thu-tuc/dang-ky-khai-sinh.yaml": PROCEDURE + f"online_url: '{ONLINE}'\n",
    }
    site_dir = build_site("hostile-site", files, dt.date(2025, 12, 1))
    base = serve(site_dir)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("", "thu-tuc/dang-ky-khai-sinh/", "tiep-can-thong-tin/", "hoi-dap/"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__ck_xss || 0") == 0, path
        # The payload is shown as the text the clerk typed.
        assert 'Xã Tân Hòa "><img' in page.inner_text("header"), path
        assert 'onerror="window.__ck_xss' in page.inner_text("footer"), path
        assert page.locator("img[src='x']").count() == 0, path
        assert (
            page.evaluate(
                "[...document.querySelectorAll('a[href]')]"
                ".filter(a => a.href.trim().toLowerCase().startsWith('javascript:')).length"
            )
            == 0
        ), path
        for link in page.locator("a[href]").all():
            assert "Xã Tân Hòa" not in (link.get_attribute("aria-label") or "") or (
                PAYLOAD in link.get_attribute("aria-label")
            )
    # The procedure's link goes where the address says, whole, as its one link.
    page.goto(base + "thu-tuc/dang-ky-khai-sinh/")
    link = page.get_by_role("link", name="Cổng Dịch vụ công")
    assert link.count() == 1
    assert link.get_attribute("href").startswith("https://dichvucong.gov.vn/")
    assert page.get_by_role("link", name="Nộp hồ sơ").count() == 0
    assert dialogs == []
