"""Rating comments already stored lose their personal data, as new ones do when received.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from generator.intake.erasure import erase

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ratings = sa.table("ratings", sa.column("id", sa.Integer), sa.column("comment", sa.Text))


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(ratings.c.id, ratings.c.comment).where(ratings.c.comment.isnot(None))
    ).all()
    for number, comment in rows:
        erased = erase(comment)
        if erased.changed:
            connection.execute(
                ratings.update().where(ratings.c.id == number).values(comment=erased.text)
            )


def downgrade() -> None:
    # What was erased is gone: there is nothing to put back.
    pass
