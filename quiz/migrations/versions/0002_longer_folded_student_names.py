"""Longer folded student names

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 15:51:52.438650
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.alter_column(
            "name_key",
            existing_type=sa.VARCHAR(length=100),
            type_=sa.String(length=300),
            existing_nullable=False,
        )


def downgrade() -> None:

    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.alter_column(
            "name_key",
            existing_type=sa.String(length=300),
            type_=sa.VARCHAR(length=100),
            existing_nullable=False,
        )
