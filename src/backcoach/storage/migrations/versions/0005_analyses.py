"""Motion analyses.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-15

The CHECK constraints list the exercise ids and sources as they are at this revision, on purpose
(see 0001).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "motion_analyses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exercise_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("reps_counted", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("video_name", sa.String(length=255), nullable=True),
        sa.CheckConstraint(
            "exercise_id IN ('partial_crunch', 'hamstring_stretch', 'wall_sit', "
            "'knee_to_chest', 'bird_dog', 'pelvic_tilt', 'glute_bridge')",
            name=op.f("ck_motion_analyses_exercise_id_known"),
        ),
        sa.CheckConstraint(
            "source IN ('live', 'video', 'track')", name=op.f("ck_motion_analyses_source_known")
        ),
        sa.CheckConstraint(
            "reps_counted >= 0", name=op.f("ck_motion_analyses_reps_counted_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_motion_analyses_session_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_motion_analyses")),
    )
    op.create_index(
        op.f("ix_motion_analyses_created_at"), "motion_analyses", ["created_at"], unique=False
    )
    op.create_index(
        op.f("ix_motion_analyses_session_id"), "motion_analyses", ["session_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_motion_analyses_session_id"), table_name="motion_analyses")
    op.drop_index(op.f("ix_motion_analyses_created_at"), table_name="motion_analyses")
    op.drop_table("motion_analyses")
