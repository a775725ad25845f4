"""Initial schema: question sets, attempts, classes

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 15:09:29.492151
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import quiz.models.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "teacher",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("created_at", quiz.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "classroom",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("join_code", sa.String(length=16), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", quiz.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["teacher.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("join_code"),
    )
    with op.batch_alter_table("classroom", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_classroom_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "question_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("created_at", quiz.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["teacher.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    with op.batch_alter_table("question_set", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_set_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("question_set_id", sa.Integer(), nullable=False),
        sa.Column("due_at", quiz.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts_allowed", sa.Integer(), nullable=True),
        sa.Column("counting", sa.String(length=10), nullable=False),
        sa.Column("reveal", sa.String(length=10), nullable=False),
        sa.Column("created_at", quiz.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("counting IN ('best', 'latest', 'first')", name="counting_known"),
        sa.CheckConstraint("reveal IN ('passage', 'end', 'due')", name="reveal_known"),
        sa.CheckConstraint(
            "attempts_allowed IS NULL OR attempts_allowed >= 1", name="attempts_allowed_positive"
        ),
        sa.ForeignKeyConstraint(
            ["classroom_id"],
            ["classroom.id"],
        ),
        sa.ForeignKeyConstraint(
            ["question_set_id"],
            ["question_set.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("classroom_id", "question_set_id"),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assignment_classroom_id"), ["classroom_id"], unique=False
        )

    op.create_table(
        "question_set_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_set_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_md", sa.Text(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("intro_html", sa.Text(), nullable=False),
        sa.Column("created_at", quiz.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("number >= 1", name="version_number_positive"),
        sa.ForeignKeyConstraint(
            ["question_set_id"],
            ["question_set.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("question_set_id", "number"),
    )
    op.create_table(
        "student",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("student_number", sa.String(length=64), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("token", sa.String(length=64), nullable=True),
        sa.Column("on_roster", sa.Boolean(), nullable=False),
        sa.Column("joined_at", quiz.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", quiz.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id"],
            ["classroom.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("classroom_id", "name_key"),
        sa.UniqueConstraint("token"),
    )
    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_student_classroom_id"), ["classroom_id"], unique=False)

    op.create_table(
        "attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("student_name", sa.String(length=100), nullable=False),
        sa.Column("started_at", quiz.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", quiz.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("student_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("revealed_passages", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(assignment_id IS NULL) = (student_id IS NULL) AND "
            "(assignment_id IS NULL) = (number IS NULL)",
            name="assigned_or_open",
        ),
        sa.CheckConstraint(
            "(submitted_at IS NULL) = (score IS NULL)", name="scored_when_submitted"
        ),
        sa.CheckConstraint("number IS NULL OR number >= 1", name="attempt_number_positive"),
        sa.CheckConstraint("revealed_passages >= 0", name="revealed_passages_not_negative"),
        sa.CheckConstraint(
            "score IS NULL OR (score >= 0 AND score <= max_score)", name="score_in_range"
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["question_set_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assignment_id", "student_id", "number"),
        sa.UniqueConstraint("public_id"),
    )
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attempt_assignment_id"), ["assignment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_attempt_student_id"), ["student_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attempt_version_id"), ["version_id"], unique=False)

    op.create_table(
        "passage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=300), nullable=False),
        sa.Column("text_md", sa.Text(), nullable=False),
        sa.Column("question_html", sa.Text(), nullable=False),
        sa.Column("review_html", sa.Text(), nullable=False),
        sa.CheckConstraint("position >= 1", name="passage_position_positive"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["question_set_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version_id", "position"),
    )
    op.create_table(
        "statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("passage_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("why_html", sa.Text(), nullable=False),
        sa.Column("cues", sa.JSON(), nullable=False),
        sa.CheckConstraint("number >= 1", name="statement_number_positive"),
        sa.ForeignKeyConstraint(
            ["passage_id"],
            ["passage.id"],
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["question_set_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version_id", "number"),
    )
    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("answered_at", quiz.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["attempt.id"],
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("attempt_id", "statement_id"),
    )


def downgrade() -> None:

    op.drop_table("answer")
    op.drop_table("statement")
    op.drop_table("passage")
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attempt_version_id"))
        batch_op.drop_index(batch_op.f("ix_attempt_student_id"))
        batch_op.drop_index(batch_op.f("ix_attempt_assignment_id"))

    op.drop_table("attempt")
    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_student_classroom_id"))

    op.drop_table("student")
    op.drop_table("question_set_version")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_classroom_id"))

    op.drop_table("assignment")
    with op.batch_alter_table("question_set", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_set_owner_id"))

    op.drop_table("question_set")
    with op.batch_alter_table("classroom", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_classroom_teacher_id"))

    op.drop_table("classroom")
    op.drop_table("teacher")
