"""The database lifecycle: engine per app, session per request, schema creation.

SQLite (the default, in the instance folder) runs in WAL mode with a busy timeout, so a
classroom of students submitting at once wait for each other instead of failing.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click
from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from quiz.models import Base
from quiz.versions import VersionCache, VersionView

SECRET_KEY_FILE = "secret_key"
MIGRATIONS = Path(__file__).parent / "migrations"
FIRST_REVISION = "0001"


def init_app(app: Flask) -> None:
    engine = create_engine(app.config["DATABASE_URL"])
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    app.extensions["quiz_sessions"] = sessionmaker(engine, expire_on_commit=False)
    app.extensions["quiz_versions"] = VersionCache()
    app.teardown_appcontext(_close_session)
    app.cli.add_command(init_command)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable across app crashes in WAL mode
    cursor.close()


def get_session() -> Session:
    """The request's session; the view that changes data commits it once."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["quiz_sessions"]()
    return g.db_session


def get_version(version_id: int) -> VersionView:
    """A question-set version's passages and statements, cached: versions never change."""
    return current_app.extensions["quiz_versions"].get(get_session(), version_id)


def get_engine() -> Engine:
    return current_app.extensions["quiz_sessions"].kw["bind"]


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()  # rolls back anything left uncommitted


def create_schema() -> None:
    """The schema straight from the models: for tests; deployments use upgrade_schema()."""
    Base.metadata.create_all(get_engine())


def alembic_config(connection: Connection | None = None) -> AlembicConfig:
    config = AlembicConfig(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_schema(revision: str = "head") -> None:
    """Bring the database to `revision` through the Alembic migrations.

    A database made by `create_schema()` before migrations existed has every table of the
    first migration but no version: it is marked as at that migration, then upgraded.
    """
    with get_engine().begin() as connection:
        config = alembic_config(connection)
        tables = set(inspect(connection).get_table_names())
        if "alembic_version" not in tables and "question_set" in tables:
            alembic_command.stamp(config, FIRST_REVISION)
        alembic_command.upgrade(config, revision)


def downgrade_schema(revision: str = "base") -> None:
    with get_engine().begin() as connection:
        alembic_command.downgrade(alembic_config(connection), revision)


def ensure_secret_key(instance_path: str) -> Path:
    """Create the instance folder's secret key once; later calls keep it."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create the instance folder, its secret key, and migrate the database (safe to rerun)."""
    Path(current_app.instance_path).mkdir(parents=True, exist_ok=True)
    if not current_app.config.get("SECRET_KEY"):  # from the environment or an earlier init
        ensure_secret_key(current_app.instance_path)
    upgrade_schema()
    click.echo(f"Ready: database and secret key in {current_app.instance_path}")
