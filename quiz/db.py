"""The database lifecycle: engine per app, session per request, schema creation.

SQLite (the default, in the instance folder) runs in WAL mode with a busy timeout, so a
classroom of students submitting at once wait for each other instead of failing.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from quiz.models import Base
from quiz.versions import VersionCache, VersionView

SECRET_KEY_FILE = "secret_key"
MIGRATIONS = Path(__file__).parent / "migrations"
FIRST_REVISION = "0001"


# How long a request waits for SQLite's write lock before it gives up with a 503 (a page
# saying to try again), and the size the write-ahead log is cut back to after a checkpoint,
# so a log that grew while the disk was full gives the space back.
SQLITE_BUSY_TIMEOUT_MS = 5000
SQLITE_JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024
_WRITE_FAILED = "quiz_write_failed"


def init_app(app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    # PostgreSQL: test a pooled connection before use, so a server restart costs only the
    # requests in flight, not one failure per stale connection in the pool.
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    app.extensions["quiz_sessions"] = sessionmaker(engine, expire_on_commit=False)
    app.extensions["quiz_versions"] = VersionCache()
    app.teardown_appcontext(_close_session)
    app.cli.add_command(init_command)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute(f"PRAGMA journal_size_limit={SQLITE_JOURNAL_SIZE_LIMIT}")
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


def _close_session(exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()  # rolls back anything left uncommitted
    if exc is None and current_app.extensions.get(_WRITE_FAILED):
        _checkpoint_after_failure()


def note_write_failure() -> None:
    """A write failed (a full disk, a lock held too long): the next request that ends well
    checkpoints the write-ahead log, so writes recover without a restart."""
    current_app.extensions[_WRITE_FAILED] = True


def _checkpoint_after_failure() -> None:
    engine = get_engine()
    if engine.dialect.name != "sqlite":
        current_app.extensions[_WRITE_FAILED] = False
        return
    try:
        with engine.connect() as connection:
            busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    except OperationalError:
        return  # still failing: the next request tries again
    if not busy:
        current_app.extensions[_WRITE_FAILED] = False


def create_schema() -> None:
    """The schema straight from the models: for tests; deployments use upgrade_schema()."""
    Base.metadata.create_all(get_engine())


def alembic_config(connection: Connection | None = None) -> AlembicConfig:
    config = AlembicConfig(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


class MigrationError(Exception):
    """A run of migrations that was rolled back, with the reason in plain words."""


@contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """One connection in one transaction for a whole run of migrations, rolled back on error.

    SQLite alters a table by copying it, dropping the old one and renaming the copy (Alembic's
    batch mode). With foreign keys enforced, dropping a table that rows refer to fails, so, as
    SQLite's own procedure for altering tables says, they are off for the run and checked
    before the commit instead. `PRAGMA foreign_keys` does nothing inside a transaction, and
    pysqlite runs DDL outside one (so a failed rebuild left its copy behind): the connection
    is put in autocommit mode and the transaction is begun and ended here, explicitly.
    """
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                _drop_leftover_copies(connection)
                yield connection
                _check_foreign_keys(connection)
            except BaseException:
                if connection.connection.driver_connection.in_transaction:
                    connection.exec_driver_sql("ROLLBACK")
                raise
            connection.exec_driver_sql("COMMIT")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def _drop_leftover_copies(connection: Connection) -> None:
    """Drop the half-made copies that rebuilds outside a transaction left when they failed
    (`_alembic_tmp_student`): the original table is still there, and the copy would stop
    the same rebuild with "already exists"."""
    tables = set(inspect(connection).get_table_names())
    for table in sorted(tables):
        if table.startswith("_alembic_tmp_") and table.removeprefix("_alembic_tmp_") in tables:
            connection.exec_driver_sql(f'DROP TABLE "{table}"')


def _check_foreign_keys(connection: Connection) -> None:
    broken: dict[tuple[str, str], list[int]] = {}
    for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
        broken.setdefault((table, parent), []).append(rowid)
    if broken:
        raise MigrationError(
            "the foreign key check failed, so nothing was changed: " + "; ".join(
                f"{len(rowids)} {table} row(s) refer to a missing {parent} "
                f"(rowid {', '.join(map(str, rowids[:5]))}{', ...' if len(rowids) > 5 else ''})"
                for (table, parent), rowids in sorted(broken.items())))


def upgrade_schema(revision: str = "head") -> None:
    """Bring the database to `revision` through the Alembic migrations, all or nothing.

    A database made by `create_schema()` has no version: one with every table the models
    describe is marked as at head; an older one (made before migrations existed, with the
    first migration's tables) as at that migration, then upgraded.
    """
    with migrating(get_engine()) as connection:
        config = alembic_config(connection)
        tables = set(inspect(connection).get_table_names())
        if "alembic_version" not in tables and "question_set" in tables:
            # Made from the models: at head if it has every table they describe today.
            made_today = set(Base.metadata.tables) <= tables
            alembic_command.stamp(config, "head" if made_today else FIRST_REVISION)
        alembic_command.upgrade(config, revision)


def downgrade_schema(revision: str = "base") -> None:
    with migrating(get_engine()) as connection:
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
    try:
        upgrade_schema()
    except MigrationError as error:
        raise click.ClickException(f"the database was not migrated: {error}") from None
    click.echo(f"Ready: database and secret key in {current_app.instance_path}")
