"""The intake service behind a reverse proxy, as the documented recipes run it: each resident is
known by the address the proxy saw, not the proxy's own (issue: nothing leaks, nothing is lost).

The proxy here is a small one of the test's: it does what the nginx recipe in docs/tiep-nhan.md
does (`proxy_set_header X-Forwarded-For $remote_addr`). Residents connect from different
loopback addresses (127.0.0.2, 127.0.0.3: Linux routes all of 127/8 to the loopback device).
"""

from __future__ import annotations

import http.client
import http.server
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from fixtures import INTAKE_QUESTION, ORIGIN, REPO, IntakeServer, registry_yaml

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "host", "content-length"}


@contextmanager
def reverse_proxy(upstream_port: int) -> Iterator[str]:
    class Forward(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["X-Forwarded-For"] = self.client_address[0]
            headers["X-Forwarded-Proto"] = "https"
            upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=30)
            upstream.request("POST", self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            data = answer.read()
            self.send_response(answer.status)
            for key, value in answer.getheaders():
                if key.lower() not in HOP_BY_HOP:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            upstream.close()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _statuses(proxy: str, resident: str, count: int) -> list[int]:
    transport = httpx.HTTPTransport(local_address=resident)
    with httpx.Client(base_url=proxy, transport=transport, headers={"Origin": ORIGIN}) as http:
        return [http.post("/cau-hoi", data=INTAKE_QUESTION).status_code for _ in range(count)]


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "cac-xa.yaml"
    path.write_text(registry_yaml(), encoding="utf-8")
    return path


def test_behind_a_proxy_each_resident_has_an_allowance(registry, tmp_path):
    server = IntakeServer(
        registry, str(tmp_path / "db.sqlite3"), "--questions-per-hour", "2",
        "--forwarded-allow-ips", "127.0.0.1",
    ).start()  # fmt: skip
    try:
        with reverse_proxy(server.port) as proxy:
            assert _statuses(proxy, "127.0.0.2", 3) == [303, 303, 429]
            # Another resident, through the same proxy, is not held back by the first.
            assert _statuses(proxy, "127.0.0.3", 2) == [303, 303]
    finally:
        server.stop()


def test_without_the_proxy_setting_all_residents_share_one_allowance(registry, tmp_path):
    # What the recipes must avoid: the service then sees only the proxy's address.
    server = IntakeServer(
        registry, str(tmp_path / "db.sqlite3"), "--questions-per-hour", "2"
    ).start()
    try:
        with reverse_proxy(server.port) as proxy:
            assert _statuses(proxy, "127.0.0.2", 2) == [303, 303]
            assert _statuses(proxy, "127.0.0.3", 1) == [429]
    finally:
        server.stop()


def _container_options() -> list[str]:
    """The options of `intake serve` in the Containerfile of docs/tiep-nhan.md, but for the
    places (host, registry, database) the test gives."""
    guide = (REPO / "docs/tiep-nhan.md").read_text("utf-8")
    recipe = guide[guide.index("### Chạy trong container") :]
    command = json.loads(
        re.search(r"CMD (\[.*?\])", recipe, re.DOTALL).group(1).replace("\\\n", "")
    )
    options = command[command.index("serve") + 1 :]
    placed = {"--host", "--registry", "--database"}
    return [
        value
        for index, value in enumerate(options)
        if value not in placed and (index == 0 or options[index - 1] not in placed)
    ]


def test_the_documented_container_command_behind_a_proxy(registry, tmp_path):
    options = _container_options()
    assert "--forwarded-allow-ips" in options
    server = IntakeServer(
        registry, str(tmp_path / "db.sqlite3"), *options, "--questions-per-hour", "2"
    ).start()
    try:
        with reverse_proxy(server.port) as proxy:
            assert _statuses(proxy, "127.0.0.2", 3) == [303, 303, 429]
            assert _statuses(proxy, "127.0.0.3", 2) == [303, 303]
    finally:
        server.stop()
