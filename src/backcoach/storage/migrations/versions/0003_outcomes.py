"""Outcome questionnaire responses (ODI, RMDQ).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

The CHECK constraints list the instruments and bands as they were at this revision, on purpose:
a new value needs a new revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("band", sa.String(length=16), nullable=True),
        sa.CheckConstraint(
            "instrument IN ('odi', 'rmdq')",
            name=op.f("ck_questionnaire_responses_instrument_known"),
        ),
        sa.CheckConstraint(
            "band IS NULL OR band IN ('minimal', 'moderate', 'severe', 'very_severe', 'extreme')",
            name=op.f("ck_questionnaire_responses_band_known"),
        ),
        sa.CheckConstraint(
            "score >= 0 AND score <= 100", name=op.f("ck_questionnaire_responses_score_range")
        ),
        sa.CheckConstraint(
            "version >= 1", name=op.f("ck_questionnaire_responses_version_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_responses")),
    )
    op.create_index(
        op.f("ix_questionnaire_responses_instrument"),
        "questionnaire_responses",
        ["instrument"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_questionnaire_responses_instrument"), table_name="questionnaire_responses"
    )
    op.drop_table("questionnaire_responses")
