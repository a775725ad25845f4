"""Canvas's ids of a student: its ID, SIS Login ID and Section

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:05:00.000000

Three nullable columns on `student`, filled when a teacher uploads Canvas's gradebook export
as the class list; no existing row has them. Going down drops them: the grades export then
has empty Canvas ids again, as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.add_column(sa.Column("canvas_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("sis_login_id", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("section", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.drop_column("section")
        batch_op.drop_column("sis_login_id")
        batch_op.drop_column("canvas_id")
