"""LTI: the origins a platform frames the tool from, besides its issuer's

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 10:00:00.000000

One nullable column: a platform registered before it is framed from its issuer's and
sign-in address's origins, as before. Going down drops it: a platform that needed another
origin (Canvas cloud) can no longer frame the tool until it is registered again with
`--frame-origin`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lti_platform", schema=None) as batch_op:
        batch_op.add_column(sa.Column("frame_origins", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lti_platform", schema=None) as batch_op:
        batch_op.drop_column("frame_origins")
