"""safety: clinician clearances after a warning sign; pregnancy, age and risk factors in the profile

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clearances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearances")),
    )
    with op.batch_alter_table("clearances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clearances_at"), ["at"], unique=False)
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("birth_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("risk_factors", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.drop_column("risk_factors")
        batch_op.drop_column("birth_year")
        batch_op.drop_column("due_date")
    with op.batch_alter_table("clearances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clearances_at"))
    op.drop_table("clearances")
