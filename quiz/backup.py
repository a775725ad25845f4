"""Backing up and restoring the database: `flask db backup FILE`, `flask db restore FILE`.

SQLite is copied with its online backup API: one consistent snapshot, taken while the app
serves (in WAL mode a reader never blocks the writers). The copy is made beside FILE and
renamed into place, so FILE is never half-written, and it is one self-contained file.

A restore first checks the file is an SQLite database of this app at a migration this app
knows, with exactly the tables that migration makes; it refuses while another process has
the database open (a running app caches question-set versions by id and holds sessions),
keeps the database it replaces beside it, and writes the backup into place with the backup
API too: in one transaction, so a crash part-way leaves the old database, and through
SQLite, so a WAL file left beside the old database cannot be replayed over the new one.

PostgreSQL has its own tools: the commands print the `pg_dump`/`pg_restore` line to run for
DATABASE_URL (without its password) and run nothing.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import click
from alembic import command as alembic_command
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import URL, create_engine, inspect, make_url

from quiz.db import alembic_config, migrating

HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT = 10  # seconds to wait for a writer to finish its transaction
COUNTED = (  # what a summary counts: table, noun (one, many), query
    ("teacher", ("teacher", "teachers"), "SELECT count(*) FROM teacher"),
    ("classroom", ("class", "classes"), "SELECT count(*) FROM classroom"),
    ("student", ("student", "students"), "SELECT count(*) FROM student"),
    ("attempt", ("attempt", "attempts"), "SELECT count(*) FROM attempt"),
    ("answer", ("answer", "answers"), "SELECT count(*) FROM answer"),
)


T = TypeVar("T")


class BackupError(Exception):
    """Why a backup or a restore was refused, in words for whoever runs it."""


@dataclass(frozen=True)
class Contents:
    """What a database of this app holds: its migration and how many of each thing."""

    revision: str
    counts: tuple[tuple[tuple[str, str], int], ...]  # (one, many), how many

    def summary(self) -> str:
        things = ", ".join(f"{count} {noun[count != 1]}" for noun, count in self.counts)
        return f"migration {self.revision}: {things}"


def backup_sqlite(database: Path, target: Path) -> Contents:
    """Copy the live database to `target`, a new file; returns what the copy holds."""
    return _copy(database, target, read_backup)


def _copy(database: Path, target: Path, check: Callable[[Path], T]) -> T:
    """`database` copied to the new file `target`; `check` reads the copy before it is
    renamed into place, and what it returns is returned."""
    if not database.is_file():
        raise BackupError(f"no database at {database}: nothing to back up")
    if target.exists():
        raise BackupError(f"{target} already exists: give a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"there is no folder {target.parent}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)  # left by a backup that was killed
    try:
        with closing(_open(database, "rw")) as source, closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)  # all pages in one step: one snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # self-contained: no -wal beside it
        checked = check(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return checked


def read_backup(path: Path) -> Contents:
    """Check that `path` is a whole database of this app at a known migration."""
    if not path.is_file():
        raise BackupError(f"no file at {path}")
    if Path(f"{path}-wal").exists():
        raise BackupError(f"{path}-wal is beside {path}: it is in use or was copied while in "
                          "use, and is not a whole backup; make one with `flask db backup`")
    with path.open("rb") as handle:
        header = handle.read(len(HEADER))
    if header and header != HEADER:
        raise BackupError(f"{path} is not an SQLite database")
    with closing(_open(path, "ro", immutable=True)) as db:
        try:
            tables = _tables(db)
            problems = [row for (row,) in db.execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a readable SQLite database: {error}") from None
        if problems != ["ok"]:
            raise BackupError(f"{path} is damaged: {'; '.join(problems[:3])}")
        if not tables:
            raise BackupError(f"{path} is not a database of this app (it has no tables)")
        if "alembic_version" not in tables:
            raise BackupError(f"{path} is not a database of this app "
                              "(it has no migration version)")
        revision = ",".join(row for (row,) in db.execute("SELECT version_num FROM "
                                                         "alembic_version"))
        if revision not in _revisions():
            raise BackupError(f"{path} is at migration {revision or 'none'}, which this app "
                              "does not know: it is another app's database, or one from a "
                              "newer version of this app")
        if tables != _schema_at(revision):
            raise BackupError(f"{path} is not a database of this app: its tables are not "
                              f"those of migration {revision}")
        counts = tuple((noun, db.execute(query).fetchone()[0])
                       for table, noun, query in COUNTED if table in tables)
    return Contents(revision, counts)


def in_use(database: Path) -> bool:
    """Whether another connection has the database open. In WAL mode (the app's) the last
    connection to close removes the -wal file: if it is there after ours closed, another is
    open."""
    if not database.exists():
        return False
    with closing(_open(database, "rw")) as db:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return Path(f"{database}-wal").exists()


@dataclass(frozen=True)
class Restored:
    contents: Contents
    kept: Path | None  # the database it replaced, if there was one


def restore_sqlite(backup: Path, database: Path, now: datetime) -> Restored:
    """Check `backup`, keep the current database beside it, and write the backup in place."""
    contents = read_backup(backup)
    if database.exists() and database.samefile(backup):
        raise BackupError(f"{backup} is the database itself")
    if in_use(database):
        raise BackupError(f"{database} is open in another process (the app is running?): "
                          "stop it, restore, then start it again")
    kept = None
    if database.exists():
        kept = database.with_name(f"{database.name}.before-restore-{now:%Y%m%d-%H%M%S}")
        _copy(database, kept, lambda _copied: None)  # whatever it is, even another app's
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        with closing(_open(backup, "ro", immutable=True)) as source, \
                closing(sqlite3.connect(database, timeout=BUSY_TIMEOUT)) as target:
            source.backup(target)  # one transaction: all of it, or the old database
    except sqlite3.Error as error:
        if kept is not None:
            kept.unlink()
        raise BackupError(f"could not write {database}: {error}") from None
    return Restored(contents, kept)


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite DATABASE_URL; None for another database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if parsed.database in (None, "", ":memory:"):
        raise BackupError("the database is in memory: there is nothing to back up")
    return Path(parsed.database)


def pg_dump_command(url: str, file: str) -> list[str]:
    return ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={file}",
            _libpq_uri(url)]


def pg_restore_command(url: str, file: str) -> list[str]:
    return ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
            "--single-transaction", "--exit-on-error", f"--dbname={_libpq_uri(url)}", file]


def _libpq_uri(url: str) -> str:
    """DATABASE_URL as libpq reads it: no SQLAlchemy driver name, and no password."""
    parsed = make_url(url)
    return URL.create("postgresql", parsed.username, None, parsed.host, parsed.port,
                      parsed.database, parsed.query).render_as_string(hide_password=False)


def _open(path: Path, mode: str, immutable: bool = False) -> sqlite3.Connection:
    """A connection that never creates the file; `immutable` reads without locks or a -wal."""
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}" + ("&immutable=1" if immutable else "")
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT)


def _tables(db: sqlite3.Connection) -> dict[str, frozenset[str]]:
    names = [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: frozenset(row[1] for row in db.execute(f'PRAGMA table_info("{name}")'))
            for name in names}


@cache
def _revisions() -> frozenset[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(step.revision for step in script.walk_revisions())


@cache
def _schema_at(revision: str) -> dict[str, frozenset[str]]:
    """The tables and columns the migrations make up to `revision`, in a scratch database."""
    engine = create_engine("sqlite://")
    with migrating(engine) as connection:
        alembic_command.upgrade(alembic_config(connection), revision)
        inspector = inspect(connection)
        schema = {name: frozenset(column["name"] for column in inspector.get_columns(name))
                  for name in inspector.get_table_names()}
    engine.dispose()
    return schema


# -- the command line ---------------------------------------------------------------------

commands = AppGroup("db", help="Back up and restore the database.")


def init_app(app: Flask) -> None:
    app.cli.add_command(commands)


def _database() -> Path | None:
    return sqlite_file(current_app.config["DATABASE_URL"])


def _print_postgres(line: list[str]) -> None:
    click.echo("The database is PostgreSQL; run this (it was not run here):")
    click.echo(shlex.join(line))
    click.echo("The password is not shown: the tool asks for it, or reads PGPASSWORD or "
               "~/.pgpass.")


@commands.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path) -> None:
    """Copy the database to FILE (a new file), consistently, while the app serves."""
    try:
        database = _database()
        if database is None:
            _print_postgres(pg_dump_command(current_app.config["DATABASE_URL"], str(file)))
            return
        contents = backup_sqlite(database, file)
    except BackupError as error:
        raise click.ClickException(f"{error}; nothing was written") from None
    click.echo(f"Backed up {database} ({contents.summary()}) to {file}")


@commands.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Replace the database with the backup FILE, keeping the old one beside it."""
    try:
        database = _database()
        if database is None:
            _print_postgres(pg_restore_command(current_app.config["DATABASE_URL"], str(file)))
            click.echo("Stop the app first, and start it again after the restore.")
            return
        restored = restore_sqlite(file, database, datetime.now())
    except BackupError as error:
        raise click.ClickException(f"{error}; nothing was changed") from None
    click.echo(f"Restored {file} ({restored.contents.summary()}) into {database}.")
    if restored.kept is not None:
        click.echo(f"The database it replaced is kept as {restored.kept}.")
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if restored.contents.revision != head:
        click.echo(f"Run `flask --app quiz init` (make run does) to migrate it to {head}.")
