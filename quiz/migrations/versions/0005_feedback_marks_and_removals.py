"""Feedback that answers the student's mistake; teacher marks, comments and removals

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 22:05:00.000000

Going up adds only columns, every one nullable or with a default that existing rows take:
a statement has no "why not" of the teacher's own (`{}`), a version keeps the generated
feedback's default wording (`[]`), no attempt has an override or a comment, no student is
removed, no assignment archived. Going down drops them: overrides, comments and "why not"
texts are lost; removed students and archived assignments count again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from quiz.models.base import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("why_not_html", sa.JSON(), server_default="{}",
                                      nullable=False))
    with op.batch_alter_table("question_set_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("why_not_table", sa.JSON(), server_default="[]",
                                      nullable=False))
    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.add_column(sa.Column("removed_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("override_score", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("override_reason", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("comment", sa.String(length=1000), nullable=True))
        batch_op.create_check_constraint(
            "override_in_range",
            "override_score IS NULL OR (override_score >= 0 AND override_score <= max_score)")
        batch_op.create_check_constraint(
            "override_has_reason", "(override_score IS NULL) = (override_reason IS NULL)")
        batch_op.create_check_constraint(
            "override_when_submitted", "override_score IS NULL OR submitted_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_constraint("override_when_submitted", type_="check")
        batch_op.drop_constraint("override_has_reason", type_="check")
        batch_op.drop_constraint("override_in_range", type_="check")
        batch_op.drop_column("comment")
        batch_op.drop_column("override_reason")
        batch_op.drop_column("override_score")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.drop_column("removed_at")
    with op.batch_alter_table("question_set_version", schema=None) as batch_op:
        batch_op.drop_column("why_not_table")
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_column("why_not_html")
