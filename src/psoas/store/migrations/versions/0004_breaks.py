"""breaks: the break schedule's shared state, the sitting bouts it saw, and camera-verified breaks

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sitting_bouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("ended_by", sa.String(length=16), nullable=False),
        sa.Column("meeting", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sitting_bouts")),
    )
    with op.batch_alter_table("sitting_bouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sitting_bouts_start"), ["start"], unique=False)
    op.create_table(
        "break_schedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_break_schedule")),
    )
    with op.batch_alter_table("breaks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verified", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("breaks", schema=None) as batch_op:
        batch_op.drop_column("verified")
    op.drop_table("break_schedule")
    with op.batch_alter_table("sitting_bouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sitting_bouts_start"))
    op.drop_table("sitting_bouts")
