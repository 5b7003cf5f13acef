"""The intake service on PostgreSQL: Debian's server started on 127.0.0.1 for these tests.

CI installs the `postgresql` package (.ci/run); elsewhere the tests are skipped when it is
missing, and fail in CI, where a skip would hide that PostgreSQL was never tried.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
import yaml
from alembic import command
from alembic.config import Config
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
from generator.intake.store import MIGRATIONS, database_url, open_store


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
    assert version == "0002"

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


# -- erasure and drafts, on the same server ------------------------------------------------------

_databases = itertools.count(1)


@pytest.fixture
def database(postgres) -> str:
    """A database of its own on the module's server: each test counts its own questions."""
    name = f"tiep_nhan_{next(_databases)}"
    engine = sa.create_engine(database_url(postgres), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return postgres.rsplit("/", 1)[0] + "/" + name


def _send(registry: Path, database: str, questions: list[dict], ratings: list[dict]) -> None:
    """Through the real service, as the portal's forms send them."""
    server = IntakeServer(registry, database, "--questions-per-hour", "0").start()
    try:
        with httpx.Client(base_url=server.url, headers={"Origin": ORIGIN}) as http:
            for question in questions:
                assert (
                    http.post("/cau-hoi", data={**INTAKE_QUESTION, **question}).status_code == 303
                )
            for rating in ratings:
                assert http.post("/danh-gia", data={**INTAKE_RATING, **rating}).status_code == 303
    finally:
        server.stop()


def _column(database: str, table: str, column: str) -> list[str | None]:
    with open_store(database).connect() as connection:
        return list(
            connection.execute(sa.text(f"SELECT {column} FROM {table} ORDER BY id")).scalars()
        )


def _registry(tmp_path: Path) -> Path:
    path = tmp_path / "cac-xa.yaml"
    path.write_text(registry_yaml(), encoding="utf-8")
    return path


def _forget(database: str, *options: str):
    return CliRunner().invoke(main, ["intake", "forget", "--database", database, *options])


RESIDENT = {"name": "Nguyễn Văn A", "contact": "0912 - 345 - 678", "consent": "co"}
# What one resident typed into their questions (the shapes are from residents' real messages):
# their own ID number run into their phone number, two phone numbers with a comma, a birth date
# after `sinh`, a tax code, an account number before the bank's name, an e-mail with spaces, and
# their own name in capitals, with two spaces, and in decomposed Unicode (NFD).
TYPED = [
    "Tôi là NGUYỄN  VĂN A, CCCD 001085012345 0912345678, xin hỏi về hồ sơ đất ạ",
    "Nhà tôi ở thôn Đông, ĐT 0912345678,0987654321, đường trước nhà bị hỏng",
    "Tôi sinh 12/3/1985, MST 8012345678, xin hỏi về miễn thuế đất nông nghiệp",
    "STK của tôi 1903567890123 Techcombank, email nguyenvana @ gmail . com, hỏi về trợ cấp",
    unicodedata.normalize("NFD", "Tôi là nguyễn văn a, hỏi về lịch tiếp công dân tháng này"),
]
LEFT_BEHIND = re.compile(r"\d[\d .,-]{6,}\d|1985|gmail|nguy[eễ]n\s+v[aă]n\s+a\b", re.I)


def test_forget_in_text_erases_what_the_resident_typed_however_they_typed_it(database, tmp_path):
    other = {"question": "Tôi cũng tên Nguyễn Văn A, hỏi về cấp đổi giấy chứng nhận đất"}
    anonymous = {"question": "Gọi lại giúp tôi số 0912.345.678 về việc hỗ trợ nhà ở ạ"}
    _send(
        _registry(tmp_path),
        database,
        [*({**RESIDENT, "question": text} for text in TYPED), other, anonymous],
        [],
    )

    result = _forget(database, "--contact", "0912345678", "--in-text")
    assert result.exit_code == 0, result.output

    texts = _column(database, "questions", "text")
    for text in texts[:5] + texts[6:]:
        assert not LEFT_BEHIND.search(unicodedata.normalize("NFC", text)), text
    # What the question asks is still there to be answered.
    assert "xin hỏi về hồ sơ đất" in texts[0] and "đường trước nhà bị hỏng" in texts[1]
    assert "[đã xoá]" in texts[0]
    # Another resident with the same name, and no contact of this one, is left alone.
    assert texts[5] == other["question"]
    assert _column(database, "questions", "name") == [None] * 7
    # The report says what went, question by question: what staff tell the resident.
    report = result.output
    first = report.split("\n")[0]
    assert first.startswith("Câu hỏi số 1: đã xoá họ tên và cách liên hệ đã lưu, họ tên, ")
    assert "cách liên hệ" in first and "dãy số dài" in first
    assert re.search(r"Câu hỏi số 3: .*ngày sinh", report)
    assert re.search(r"Câu hỏi số 4: .*địa chỉ thư điện tử", report)
    assert re.search(r"Câu hỏi số 5: .*họ tên", report)
    assert re.search(r"Câu hỏi số 7: đã xoá cách liên hệ", report)
    assert "Câu hỏi số 6" not in report

    again = _forget(database, "--contact", "0912345678", "--in-text")
    assert again.exit_code == 1
    assert "Không có câu hỏi hay góp ý nào" in again.output


def test_drafts_never_carry_the_id_or_phone_number_the_resident_typed(
    database, tmp_path, make_project
):
    question = (
        "CCCD 001085012345 0912345678 của tôi, Nguyễn Văn A: xin hỏi khi nào được nhận tiền hỗ "
        "trợ làm nhà ạ?"
    )
    _send(_registry(tmp_path), database, [{**RESIDENT, "question": question}], [])
    project = make_project({})
    out = project.root / "content" / "hoi-dap"

    result = CliRunner().invoke(
        main, ["intake", "export", "--commune", CODE, "--database", database, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    [path] = out.glob("*.yaml")
    draft = path.read_text(encoding="utf-8")
    for gone in ("001085012345", "0912345678", "Nguyễn Văn A"):
        assert gone not in draft
    data = yaml.safe_load(draft)
    assert data["title"].startswith("CCCD [đã xoá] của tôi, [đã xoá]: xin hỏi")
    assert data["question"].startswith("CCCD [đã xoá] của tôi, [đã xoá]: xin hỏi khi nào")
    assert data["asker"] == "N.V.A."
    # The clerk is told, in the draft and on screen, that something was taken out, and where.
    assert "# Đã thay bằng [đã xoá] trong câu hỏi và tiêu đề: " in draft
    warnings = [line for line in result.output.splitlines() if "CK650" in line]
    assert len(warnings) == 2, result.output
    assert "title: đã thay bằng [đã xoá] trước khi ghi bản nháp: " in warnings[0]
    assert "question: đã thay bằng [đã xoá] trước khi ghi bản nháp: " in warnings[1]
    assert "họ tên" in warnings[1] and "dãy số dài" in warnings[1]
    # The service keeps the question as sent, for whoever answers the resident.
    assert _column(database, "questions", "text") == [question]

    received = data["received"].isoformat()
    answered = (
        draft.replace("published: <điền ngày YYYY-MM-DD>", f"published: {received}")
        .replace("answer: <điền văn bản>", "answer: UBND xã sẽ chi trả trong tháng này.")
        .replace("answered: <điền ngày YYYY-MM-DD>", f"answered: {received}")
        .replace("answered_by: <điền văn bản>", "answered_by: Chủ tịch UBND xã")
    )
    path.write_text(answered, encoding="utf-8")
    check = CliRunner().invoke(
        main, ["validate", "--project", str(project.root), "--as-of", "2099-01-01"]
    )
    assert check.exit_code == 0, check.output
    assert "CK130" not in check.output


def test_rating_comments_keep_no_numbers_and_forget_reaches_them(database, tmp_path):
    comments = [
        "Tôi là Nguyễn Văn A, sđt 0912345678,0987654321, trang này thiếu biểu mẫu",
        # Amounts, years and document numbers are not a person's: they stay.
        "Năm 2025, 2026 hỗ trợ 50.000.000 đồng theo Quyết định 1234/2025/QĐ-UBND ngày 12/3/2025",
    ]
    _send(
        _registry(tmp_path),
        database,
        [{**RESIDENT, "question": "Xin hỏi lịch tiếp công dân tháng này ạ"}],
        [{"useful": "khong", "comment": comments[0]}, {"comment": comments[1]}],
    )
    # Stored without the numbers: a rating is anonymous, its comment never needs them.
    stored = _column(database, "ratings", "comment")
    assert stored == ["Tôi là Nguyễn Văn A, sđt [đã xoá], trang này thiếu biểu mẫu", comments[1]]

    result = _forget(database, "--contact", "0912 345 678", "--in-text")
    assert result.exit_code == 0, result.output
    assert _column(database, "ratings", "comment") == [
        "Tôi là [đã xoá], sđt [đã xoá], trang này thiếu biểu mẫu",
        comments[1],
    ]
    assert "Góp ý số 1 (trang van-ban/2025/nq-12/): đã xoá họ tên" in result.output
    assert "Góp ý số 2" not in result.output


def test_comments_stored_before_the_upgrade_lose_their_numbers_on_it(database):
    # A database as the previous version left it: schema 0001, a comment with a phone number.
    engine = sa.create_engine(database_url(database))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            sa.text(
                "INSERT INTO ratings (commune, page, useful, comment, received_at) VALUES "
                "(:commune, 'van-ban/', false, :comment, now())"
            ),
            [
                {"commune": CODE, "comment": "Gọi tôi 0912 345 678 hoặc 0987654321,0912000111"},
                {"commune": CODE, "comment": "Trang thiếu tệp đính kèm"},
            ],
        )
    engine.dispose()

    open_store(database)  # what the service and every command do first
    assert _column(database, "ratings", "comment") == [
        "Gọi tôi [đã xoá] hoặc [đã xoá]",
        "Trang thiếu tệp đính kèm",
    ]
