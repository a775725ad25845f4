"""Alembic environment: the app's models are the target; the connection comes from the caller.

`quiz.db.upgrade_schema()` hands Alembic an open connection, in the one transaction of
`quiz.db.migrating()` (on SQLite: foreign keys off for the run, checked before the commit).
Run from the command line (`alembic -c quiz/migrations/alembic.ini ...`), the URL is
DATABASE_URL, and the connection comes from `migrating()` too.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from quiz.db import migrating
from quiz.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _configure(connection)
else:
    url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    with migrating(create_engine(url)) as standalone:  # as upgrade_schema() runs them
        _configure(standalone)
