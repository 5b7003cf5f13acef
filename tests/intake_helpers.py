"""The intake service as tests run it: a real uvicorn process on 127.0.0.1, a registry file."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

PORTAL = "https://tanhoa.example.vn/"
ORIGIN = "https://tanhoa.example.vn"
CODE = "14464"


def registry_yaml(portal: str = PORTAL, code: str = CODE) -> str:
    # The audit's keys (title, province) sit beside the communes: the service ignores them.
    return (
        "title: Kiểm tra các xã\n"
        "communes:\n"
        f'  - code: "{code}"\n'
        "    name: Xã Tân Hòa\n"
        f"    url: {portal}\n"
        '  - code: "14470"\n'
        "    name: Xã Yên Mỹ\n"
        "    url: https://yenmy.example.vn/\n"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class IntakeServer:
    """`congkhai intake serve` in its own process, started and stopped (or killed) by tests."""

    def __init__(self, registry: Path, database: str, *options: str, port: int | None = None):
        self.registry = registry
        self.database = database
        self.options = options
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def database_path(self) -> Path:
        return Path(self.database)

    def start(self) -> IntakeServer:
        command = [sys.executable, "-m", "generator", "intake", "serve"]
        command += ["--registry", str(self.registry), "--database", self.database]
        command += ["--port", str(self.port), *self.options]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "CONGKHAI_INTAKE_SECRET": "thu-nghiem"},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    self.process.stderr.read().decode() if self.process.stderr else ""
                )
            try:
                if httpx.get(f"{self.url}/suc-khoe", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise TimeoutError("the intake service did not answer within 60 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as when the machine loses power."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process and self.process.stderr:
            self.process.stderr.close()


def sqlite_rows(path: Path, table: str) -> list[sqlite3.Row]:
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        return list(connection.execute(f"SELECT * FROM {table} ORDER BY id"))
