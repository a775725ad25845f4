"""LTI 1.3: registered platforms, their users, courses and links, and launch data

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:00:00.000000

New tables only, empty until a platform is registered (`flask --app quiz lti add-platform`);
no existing row changes. Going down drops them: LMS launches stop working, and the teachers,
classes and students they made stay as ordinary ones.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from quiz.models.base import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _platform_id() -> sa.Column:
    return sa.Column("platform_id", sa.Integer(), sa.ForeignKey("lti_platform.id"),
                     nullable=False)


def _created() -> sa.Column:
    return sa.Column("created_at", UTCDateTime(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "lti_launch_data",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"))
    op.create_index(op.f("ix_lti_launch_data_expires_at"), "lti_launch_data", ["expires_at"])
    op.create_table(
        "lti_platform", _id(),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("client_id", sa.String(length=255), nullable=False),
        sa.Column("auth_login_url", sa.String(length=500), nullable=False),
        sa.Column("auth_token_url", sa.String(length=500), nullable=False),
        sa.Column("key_set_url", sa.String(length=500), nullable=False),
        _created(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issuer", "client_id"))
    op.create_table(
        "lti_deployment", _id(), _platform_id(),
        sa.Column("deployment_id", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform_id", "deployment_id"))
    op.create_index(op.f("ix_lti_deployment_platform_id"), "lti_deployment", ["platform_id"])
    op.create_table(
        "lti_teacher", _id(), _platform_id(),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("teacher_id", sa.Integer(), sa.ForeignKey("teacher.id"), nullable=False),
        _created(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform_id", "subject"))
    op.create_index(op.f("ix_lti_teacher_teacher_id"), "lti_teacher", ["teacher_id"])
    op.create_table(
        "lti_context", _id(), _platform_id(),
        sa.Column("context_id", sa.String(length=255), nullable=False),
        sa.Column("classroom_id", sa.Integer(), sa.ForeignKey("classroom.id"), nullable=False),
        _created(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("classroom_id"),
        sa.UniqueConstraint("platform_id", "context_id"))
    op.create_table(
        "lti_learner", _id(), _platform_id(),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("classroom_id", sa.Integer(), sa.ForeignKey("classroom.id"), nullable=False),
        sa.Column("student_id", sa.Integer(), sa.ForeignKey("student.id"), nullable=False),
        _created(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform_id", "subject", "classroom_id"),
        sa.UniqueConstraint("student_id"))
    op.create_table(
        "lti_resource_link", _id(), _platform_id(),
        sa.Column("resource_link_id", sa.String(length=255), nullable=False),
        sa.Column("context_id", sa.Integer(), sa.ForeignKey("lti_context.id"), nullable=False),
        sa.Column("assignment_id", sa.Integer(), sa.ForeignKey("assignment.id"), nullable=True),
        _created(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform_id", "resource_link_id"))
    op.create_index(op.f("ix_lti_resource_link_assignment_id"), "lti_resource_link",
                    ["assignment_id"])
    op.create_index(op.f("ix_lti_resource_link_context_id"), "lti_resource_link",
                    ["context_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_lti_resource_link_context_id"), table_name="lti_resource_link")
    op.drop_index(op.f("ix_lti_resource_link_assignment_id"), table_name="lti_resource_link")
    op.drop_table("lti_resource_link")
    op.drop_table("lti_learner")
    op.drop_table("lti_context")
    op.drop_index(op.f("ix_lti_teacher_teacher_id"), table_name="lti_teacher")
    op.drop_table("lti_teacher")
    op.drop_index(op.f("ix_lti_deployment_platform_id"), table_name="lti_deployment")
    op.drop_table("lti_deployment")
    op.drop_table("lti_platform")
    op.drop_index(op.f("ix_lti_launch_data_expires_at"), table_name="lti_launch_data")
    op.drop_table("lti_launch_data")
