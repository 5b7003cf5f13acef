"""The intake service on PostgreSQL: Debian's server started on 127.0.0.1 for these tests.

CI installs the `postgresql` package (.ci/run); elsewhere the tests are skipped when it is
missing, and fail in CI, where a skip would hide that PostgreSQL was never tried.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from fixtures import (
    CODE,
    INTAKE_QUESTION,
    INTAKE_RATING,
    ORIGIN,
    IntakeServer,
    free_port,
    registry_yaml,
)

from generator.cli import main
from generator.intake.store import open_store


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    bin_dir = _bin_dir()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: apt-get install -y postgresql")
        pytest.skip("PostgreSQL is not installed (apt-get install -y postgresql)")
    # The server refuses to run as root; CI runs as root, so run it as Debian's postgres user.
    prefix: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="congkhai-pg-"))
    if os.geteuid() == 0:
        prefix = ["runuser", "-u", "postgres", "--"]
        account = pwd.getpwnam("postgres")
        os.chown(work, account.pw_uid, account.pw_gid)
    port = free_port()
    data = work / "data"

    def run(*command: str) -> None:
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    try:
        run(
            str(bin_dir / "initdb"), "-D", str(data), "-U", "congkhai", "--auth=trust", "-E", "UTF8"
        )
        options = f"-p {port} -k {work} -c listen_addresses=127.0.0.1 -c fsync=on"
        # The server's output goes to a log file: a pipe would stay open as long as it runs.
        log = str(work / "server.log")
        run(
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            log,
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        yield f"postgresql://congkhai@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                capture_output=True,
                timeout=120,
            )
        shutil.rmtree(work, ignore_errors=True)


def test_real_server_on_postgresql_keeps_what_it_acknowledged(postgres, tmp_path):
    registry = tmp_path / "cac-xa.yaml"
    registry.write_text(registry_yaml(), encoding="utf-8")
    server = IntakeServer(registry, postgres).start()
    try:
        with httpx.Client(base_url=server.url, headers={"Origin": ORIGIN}) as http:
            assert http.post("/cau-hoi", data=INTAKE_QUESTION).status_code == 303
            consented = {
                **INTAKE_QUESTION,
                "name": "Phạm Thị Dung",
                "contact": "dung@example.com",
                "consent": "co",
            }
            assert http.post("/cau-hoi", data=consented).status_code == 303
            assert http.post("/danh-gia", data=INTAKE_RATING).status_code == 303
            assert (
                http.post("/cau-hoi", data={**INTAKE_QUESTION, "website": "x"}).status_code == 400
            )
            assert (
                http.post(
                    "/cau-hoi", data=INTAKE_QUESTION, headers={"Origin": "https://evil.example"}
                ).status_code
                == 403
            )
    finally:
        server.kill()

    engine = open_store(postgres)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT commune, text, name FROM questions ORDER BY id")
        ).all()
        columns = (
            connection.execute(
                sa.text(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                )
            )
            .scalars()
            .all()
        )
        version = connection.execute(
            sa.text("SELECT version_num FROM alembic_version")
        ).scalar_one()
    assert [tuple(r) for r in rows] == [
        (CODE, INTAKE_QUESTION["question"], None),
        (CODE, INTAKE_QUESTION["question"], "Phạm Thị Dung"),
    ]
    assert not [c for c in columns if "ip" in c.split("_") or "addr" in c or "client" in c]
    assert version == "0001"

    restarted = IntakeServer(registry, postgres, port=server.port).start()
    try:
        metrics = httpx.get(f"{restarted.url}/metrics").text
        assert 'congkhai_intake_stored_rows{table="questions"} 2' in metrics
        assert 'congkhai_intake_stored_rows{table="ratings"} 1' in metrics
    finally:
        restarted.stop()

    out = tmp_path / "hoi-dap"
    result = CliRunner().invoke(
        main, ["intake", "export", "--commune", CODE, "--database", postgres, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*-cau-hoi-*.yaml"))) == 2
    assert "asker: P.T.D." in (sorted(out.glob("*.yaml"))[1]).read_text(encoding="utf-8")
