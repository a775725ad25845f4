"""Server-side teacher sessions and student browsers, and shared rate-limit counts

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 20:08:36.199911

New tables only, so going down drops them: the sign-ins, joined classes and practice
attempts they record are lost (teachers sign in again; students rejoin through the teacher's
"Let rejoin"); no row of an older table is touched either way.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import quiz.models.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "teacher_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("created_at", quiz.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_teacher_session_teacher_id", "teacher_session", ["teacher_id"])

    op.create_table(
        "browser_student",
        sa.Column("browser", sa.String(length=43), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("student_token", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["classroom_id"], ["classroom.id"]),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"]),
        sa.PrimaryKeyConstraint("browser", "classroom_id"),
    )
    op.create_index("ix_browser_student_student_id", "browser_student", ["student_id"])

    op.create_table(
        "browser_attempt",
        sa.Column("browser", sa.String(length=43), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempt.id"]),
        sa.PrimaryKeyConstraint("browser", "attempt_id"),
    )

    op.create_table(
        "rate_limit_hit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("at", sa.Double(), nullable=False),
        sa.Column("expires_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rate_limit_hit_key_at", "rate_limit_hit", ["key", "at"])
    op.create_index("ix_rate_limit_hit_expires_at", "rate_limit_hit", ["expires_at"])


def downgrade() -> None:

    for table in ("rate_limit_hit", "browser_attempt", "browser_student", "teacher_session"):
        op.drop_table(table)  # its indexes go with it
