"""LTI services: a course's membership URL, a link's line item, and the score outbox

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 23:25:00.000000

Two nullable columns (filled from the next launch's claims) and one new table, empty until
a learner launched from an LMS submits. Going down drops them: scores not yet sent are lost
(the attempts and their marks stay), and the next launch fills the URLs again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from quiz.models.base import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lti_context", schema=None) as batch_op:
        batch_op.add_column(sa.Column("memberships_url", sa.String(length=500), nullable=True))
    with op.batch_alter_table("lti_resource_link", schema=None) as batch_op:
        batch_op.add_column(sa.Column("line_item_url", sa.String(length=500), nullable=True))
    op.create_table(
        "lti_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), sa.ForeignKey("lti_platform.id"),
                  nullable=False),
        sa.Column("line_item_url", sa.String(length=500), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("attempt_id", sa.Integer(), sa.ForeignKey("attempt.id"), nullable=False),
        sa.Column("score_given", sa.Integer(), nullable=False),
        sa.Column("score_maximum", sa.Integer(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("score_given >= 0 AND score_given <= score_maximum",
                           name="lti_score_in_range"),
        sa.CheckConstraint("tries >= 0", name="lti_score_tries_not_negative"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform_id", "line_item_url", "subject"),
    )
    op.create_index("ix_lti_score_attempt_id", "lti_score", ["attempt_id"])
    op.create_index("ix_lti_score_due_at", "lti_score", ["due_at"])


def downgrade() -> None:
    op.drop_index("ix_lti_score_due_at", table_name="lti_score")
    op.drop_index("ix_lti_score_attempt_id", table_name="lti_score")
    op.drop_table("lti_score")
    with op.batch_alter_table("lti_resource_link", schema=None) as batch_op:
        batch_op.drop_column("line_item_url")
    with op.batch_alter_table("lti_context", schema=None) as batch_op:
        batch_op.drop_column("memberships_url")
