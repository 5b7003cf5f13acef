"""Questions and page ratings.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("commune", sa.String(32), nullable=False),
        sa.Column("topic", sa.String(100), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("name", sa.String(100)),
        sa.Column("contact", sa.String(200)),
        sa.Column("consent", sa.Boolean, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True)),
        sa.Column("erased_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_questions_commune", "questions", ["commune"])
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("commune", sa.String(32), nullable=False),
        sa.Column("page", sa.String(300), nullable=False),
        sa.Column("useful", sa.Boolean, nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_ratings_commune", "ratings", ["commune"])


def downgrade() -> None:
    op.drop_table("ratings")
    op.drop_table("questions")
