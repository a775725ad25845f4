"""Students' personal codes, and what they joined on

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:30:00.000000

Two nullable columns on `student`. Going up, every student already there gets a personal
code (the cards the teacher prints), made here as the app makes them; going down drops both
columns, so the codes and the joined-on descriptions are lost (printed cards stop working;
nothing else changes).
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# As quiz/models/classes.py had them when this was written: a migration does not change
# when the app does.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PERSONAL_CODE_LENGTH = 12


def upgrade() -> None:

    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.add_column(sa.Column("personal_code", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("joined_from", sa.String(length=60), nullable=True))

    student = sa.table("student", sa.column("id", sa.Integer),
                       sa.column("personal_code", sa.String))
    connection = op.get_bind()
    made: set[str] = set()
    for (student_id,) in connection.execute(sa.select(student.c.id)).all():
        code = _new_code(made)
        connection.execute(student.update().where(student.c.id == student_id)
                           .values(personal_code=code))

    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.create_index("ix_student_personal_code", ["personal_code"], unique=True)


def _new_code(made: set[str]) -> str:
    while True:  # the unique index would refuse a repeat; 31**12 makes one unlikely anyway
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(PERSONAL_CODE_LENGTH))
        if code not in made:
            made.add(code)
            return code


def downgrade() -> None:

    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.drop_index("ix_student_personal_code")
        batch_op.drop_column("joined_from")
        batch_op.drop_column("personal_code")
