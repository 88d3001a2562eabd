"""The first schema: sessions with their exercise results and pain scores, and screenings.

Revision ID: 0001
Revises:
Create Date: 2024-12-01

The CHECK constraints list the enumeration values as they were at this revision, on purpose: a
migration describes the schema at one point in time, so a new value needs a new revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("end_reason", sa.String(length=16), nullable=True),
        sa.Column("planned_s", sa.Float(), nullable=False),
        sa.Column("routine", sa.JSON(), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('in_progress', 'completed', 'stopped', 'abandoned')",
            name=op.f("ck_sessions_status_known"),
        ),
        sa.CheckConstraint(
            "end_reason IS NULL OR "
            "end_reason IN ('finished', 'quit', 'interrupted', 'crashed', 'safety')",
            name=op.f("ck_sessions_end_reason_known"),
        ),
        sa.CheckConstraint("planned_s >= 0", name=op.f("ck_sessions_planned_s_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
    )
    op.create_table(
        "exercise_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=64), nullable=False),
        sa.Column("reps_planned", sa.Integer(), nullable=False),
        sa.Column("reps_done", sa.Integer(), nullable=False),
        sa.Column("hold_planned_s", sa.Float(), nullable=False),
        sa.Column("holds_s", sa.JSON(), nullable=False),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.Column("painful", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "position >= 0 AND reps_planned >= 0 AND reps_done >= 0 AND hold_planned_s >= 0",
            name=op.f("ck_exercise_results_counts_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_exercise_results_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercise_results")),
        sa.UniqueConstraint(
            "session_id", "position", name=op.f("uq_exercise_results_session_id_position")
        ),
    )
    op.create_table(
        "pain_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("phase", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exercise_id", sa.String(length=64), nullable=True),
        sa.CheckConstraint("score >= 0 AND score <= 10", name=op.f("ck_pain_scores_score_range")),
        sa.CheckConstraint(
            "phase IN ('before', 'during', 'after')", name=op.f("ck_pain_scores_phase_known")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_pain_scores_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pain_scores")),
    )
    op.create_index(op.f("ix_pain_scores_session_id"), "pain_scores", ["session_id"], unique=False)
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screenings")),
    )


def downgrade() -> None:
    op.drop_table("screenings")
    op.drop_index(op.f("ix_pain_scores_session_id"), table_name="pain_scores")
    op.drop_table("pain_scores")
    op.drop_table("exercise_results")
    op.drop_table("sessions")
