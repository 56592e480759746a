"""function: the activities a profile names, and each check-in's 0–10 rating of them

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-30 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
# Another branch adds "0004" at the same time: when both are merged this becomes "0004".
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("activities", sa.JSON(), nullable=True))
    with op.batch_alter_table("checkins") as batch:
        batch.add_column(sa.Column("function", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("checkins") as batch:
        batch.drop_column("function")
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("activities")
