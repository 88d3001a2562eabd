"""Check-ins, difficulty ratings and dosage changes (progression).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

The CHECK constraint on `dosage_changes.rule` lists the rules as they are at this revision, on
purpose: a new rule needs a new revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = (
    "start",
    "progress",
    "steady",
    "top_of_range",
    "override",
    "hold_pain",
    "hold_not_settled",
    "hold_hard",
    "hold_incomplete",
    "hold_break",
    "step_back_pain",
    "step_back_morning",
    "step_back_too_hard",
    "step_back_break",
    "deload_flare",
    "deload_break",
)


def upgrade() -> None:
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("pain >= 0 AND pain <= 10", name=op.f("ck_checkins_pain_range")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_checkins_session_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
    )
    op.create_index(op.f("ix_checkins_session_id"), "checkins", ["session_id"], unique=False)
    op.create_table(
        "difficulty_ratings",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "rating >= 1 AND rating <= 5", name=op.f("ck_difficulty_ratings_rating_range")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_difficulty_ratings_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_difficulty_ratings")),
    )
    op.create_table(
        "dosage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exercise_id", sa.String(length=64), nullable=False),
        sa.Column("old_reps", sa.Integer(), nullable=False),
        sa.Column("new_reps", sa.Integer(), nullable=False),
        sa.Column("old_hold_s", sa.Float(), nullable=False),
        sa.Column("new_hold_s", sa.Float(), nullable=False),
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "rule IN (" + ", ".join(f"'{rule}'" for rule in RULES) + ")",
            name=op.f("ck_dosage_changes_rule_known"),
        ),
        sa.CheckConstraint(
            "old_reps >= 1 AND new_reps >= 1 AND old_hold_s >= 0 AND new_hold_s >= 0",
            name=op.f("ck_dosage_changes_dosage_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_dosage_changes_session_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dosage_changes")),
    )
    op.create_index(op.f("ix_dosage_changes_at"), "dosage_changes", ["at"], unique=False)
    op.create_index(
        op.f("ix_dosage_changes_session_id"), "dosage_changes", ["session_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_dosage_changes_session_id"), table_name="dosage_changes")
    op.drop_index(op.f("ix_dosage_changes_at"), table_name="dosage_changes")
    op.drop_table("dosage_changes")
    op.drop_table("difficulty_ratings")
    op.drop_index(op.f("ix_checkins_session_id"), table_name="checkins")
    op.drop_table("checkins")
