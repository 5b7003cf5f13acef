"""Where the intake service keeps what it received: SQLite by default, PostgreSQL on request.

Nothing is acknowledged before it is committed durably: SQLite runs in WAL mode with
`synchronous=FULL` (the commit is on disk before the answer leaves), PostgreSQL with its default
`synchronous_commit=on`. No column holds an IP address or anything derived from one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

metadata = sa.MetaData()

questions = sa.Table(
    "questions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("commune", sa.String(32), nullable=False, index=True),
    sa.Column("topic", sa.String(100), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("name", sa.String(100)),
    sa.Column("contact", sa.String(200)),
    sa.Column("consent", sa.Boolean, nullable=False, default=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("exported_at", sa.DateTime(timezone=True)),
    sa.Column("erased_at", sa.DateTime(timezone=True)),
)

ratings = sa.Table(
    "ratings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("commune", sa.String(32), nullable=False, index=True),
    sa.Column("page", sa.String(300), nullable=False),
    sa.Column("useful", sa.Boolean, nullable=False),
    sa.Column("comment", sa.Text),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
)

MIGRATIONS = Path(__file__).parent / "migrations"


def database_url(value: str) -> str:
    """A database URL from `--database`: a file path means SQLite; `postgresql://` uses psycopg."""
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    # WAL lets readers (health checks, exports) run beside the writer; FULL makes every commit
    # durable before it returns; secure_delete overwrites erased contact details on disk.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def open_store(url: str) -> Engine:
    """Connect and bring the schema up to date (Alembic migrations)."""
    engine = sa.create_engine(database_url(url), pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    migrate(engine)
    return engine


def migrate(engine: Engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class NewQuestion:
    commune: str
    topic: str
    text: str
    name: str | None
    contact: str | None
    consent: bool


@dataclass(frozen=True)
class NewRating:
    commune: str
    page: str
    useful: bool
    comment: str | None


def add_question(engine: Engine, question: NewQuestion) -> int:
    """Store a question; returns its number once the commit is durable."""
    with engine.begin() as connection:
        row = connection.execute(
            questions.insert().values(**question.__dict__, received_at=now())
        ).inserted_primary_key
    return int(row[0])


def add_rating(engine: Engine, rating: NewRating) -> int:
    with engine.begin() as connection:
        row = connection.execute(
            ratings.insert().values(**rating.__dict__, received_at=now())
        ).inserted_primary_key
    return int(row[0])


def totals(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            "questions": connection.execute(
                sa.select(sa.func.count()).select_from(questions)
            ).scalar_one(),
            "ratings": connection.execute(
                sa.select(sa.func.count()).select_from(ratings)
            ).scalar_one(),
        }
