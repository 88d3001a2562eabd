"""Imported runs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

The CHECK constraint lists the source kinds as they are at this revision, on purpose (see 0001).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=False),
        sa.Column("sport", sa.String(length=64), nullable=False),
        sa.Column("source_kind", sa.String(length=16), nullable=False),
        sa.Column("source_name", sa.String(length=1024), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "source_kind IN ('gpx', 'tcx', 'fit', 'strava_csv')",
            name=op.f("ck_runs_source_kind_known"),
        ),
        sa.CheckConstraint("duration_s > 0", name=op.f("ck_runs_duration_s_positive")),
        sa.CheckConstraint("distance_m >= 0", name=op.f("ck_runs_distance_m_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_index(op.f("ix_runs_fingerprint"), "runs", ["fingerprint"], unique=True)
    op.create_index(op.f("ix_runs_started_at"), "runs", ["started_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_runs_started_at"), table_name="runs")
    op.drop_index(op.f("ix_runs_fingerprint"), table_name="runs")
    op.drop_table("runs")
