"""Every migration, up and down, on a database full of classes and attempts.

The rows are written at the first revision with plain SQL against the tables as that
revision made them (the models describe head, not 0001), then every revision Alembic knows is
visited up to head and back down; at each revision the full contents of every table must be
what they were there on the way up. Migrations added later are picked up on their own.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from alembic.script import ScriptDirectory
from live_server import BIN, ROOT
from sqlalchemy import Connection, MetaData, inspect

from quiz import db
from quiz.db import FIRST_REVISION, alembic_config, downgrade_schema, get_engine, upgrade_schema
from quiz.models import Base

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def revisions() -> list[str]:
    """Every revision from the first to head, in order (one line of history)."""
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1, "migrations have branched: merge them"
    return [step.revision for step in reversed(list(script.walk_revisions()))]


@pytest.fixture
def at_first_revision(app):
    """The app's database emptied, migrated to the first revision only, and filled."""
    _empty(app)
    with app.app_context():
        upgrade_schema(FIRST_REVISION)
        with get_engine().begin() as connection:
            _populate(connection)
    yield app
    _empty(app)  # the other tests build their schema from the models, unversioned


def _empty(app) -> None:
    with app.app_context(), get_engine().begin() as connection:
        for table in reversed(_reflected(connection)):
            table.drop(connection)


def _reflected(connection: Connection) -> list:
    """Every table there is, parents first (whatever revision made them)."""
    metadata = MetaData()
    metadata.reflect(connection)
    return list(metadata.sorted_tables)


def _when(connection: Connection, minutes: int) -> datetime:
    moment = START + timedelta(minutes=minutes)
    # At 0001 the columns are the dialect's own DATETIME: SQLite keeps naive UTC.
    return moment.replace(tzinfo=None) if connection.dialect.name == "sqlite" else moment


def _populate(connection: Connection) -> None:
    """Two teachers, three classes (one archived), a shared and an owned set (two versions),
    roster and joined students, assignments, attempts submitted and open, and answers."""
    tables = MetaData()
    tables.reflect(connection)
    t = tables.tables

    def insert(name: str, *rows: dict) -> None:
        connection.execute(t[name].insert(), list(rows))

    at = lambda minutes: _when(connection, minutes)  # noqa: E731
    insert("teacher",
           {"id": 1, "email": "ada@school.example", "password_hash": "scrypt:1$a$b",
            "created_at": at(0)},
           {"id": 2, "email": "ben@school.example", "password_hash": "scrypt:1$c$d",
            "created_at": at(1)})
    insert("classroom",
           {"id": 1, "teacher_id": 1, "name": "Year 9 English", "join_code": "KMF7Q2XH",
            "archived": False, "created_at": at(2)},
           {"id": 2, "teacher_id": 1, "name": "Year 8 (last year)", "join_code": "ABCD2345",
            "archived": True, "created_at": at(3)},
           {"id": 3, "teacher_id": 2, "name": "Média 10", "join_code": "WXYZ6789",
            "archived": False, "created_at": at(4)})
    insert("question_set",
           {"id": 1, "slug": "iran-drones", "owner_id": None, "created_at": at(5)},
           {"id": 2, "slug": "bridge", "owner_id": 1, "created_at": at(6)})
    versions = [(1, 1, 1), (2, 2, 1), (3, 2, 2)]  # id, set, number: the bridge edited once
    insert("question_set_version", *[
        {"id": vid, "question_set_id": qs, "number": number, "content_hash": f"{vid:064x}",
         "source_md": f"# Set {qs} v{number}\n", "title": f"Set {qs}, version {number}",
         "labels": ["fact", "speculation", "opinion"], "intro_html": "<p>Read.</p>",
         "created_at": at(10 + vid)} for vid, qs, number in versions])
    insert("passage", *[
        {"id": 2 * vid + p - 2, "version_id": vid, "position": p, "heading": f"Part {p}",
         "text_md": "The council said so. It could rain.", "question_html": "<p>q</p>",
         "review_html": "<p>r</p>"} for vid, _, _ in versions for p in (1, 2)])
    insert("statement", *[
        {"id": 4 * vid + n - 4, "version_id": vid, "passage_id": 2 * vid + (n + 1) // 2 - 2,
         "number": n, "text": f"Statement {n}", "answers": [["fact", "speculation"][n % 2]],
         "why_html": "<p>Because.</p>", "cues": ["said"] if n == 1 else []}
        for vid, _, _ in versions for n in (1, 2, 3, 4)])
    insert("assignment",
           {"id": 1, "classroom_id": 1, "question_set_id": 2, "due_at": at(60 * 24 * 7),
            "attempts_allowed": 2, "counting": "best", "reveal": "end", "created_at": at(20)},
           {"id": 2, "classroom_id": 3, "question_set_id": 1, "due_at": None,
            "attempts_allowed": None, "counting": "latest", "reveal": "passage",
            "created_at": at(21)})
    insert("student",
           {"id": 1, "classroom_id": 1, "name": "Zoë Ashworth", "name_key": "zoe ashworth",
            "student_number": "S-001", "email": "zoe@pupils.example", "token": "t" * 64,
            "on_roster": True, "joined_at": at(30), "created_at": at(22)},
           {"id": 2, "classroom_id": 1, "name": "Ben Okri", "name_key": "ben okri",
            "student_number": "S-002", "email": None, "token": None, "on_roster": True,
            "joined_at": None, "created_at": at(22)},
           {"id": 3, "classroom_id": 1, "name": "Cleo Park", "name_key": "cleo park",
            "student_number": None, "email": None, "token": "u" * 64, "on_roster": False,
            "joined_at": at(31), "created_at": at(31)},
           {"id": 4, "classroom_id": 3, "name": "Dev Patel", "name_key": "dev patel",
            "student_number": None, "email": None, "token": "v" * 64, "on_roster": False,
            "joined_at": at(32), "created_at": at(32)})
    submitted = {"submitted_at": at(45), "score": 3}
    still_open = {"submitted_at": None, "score": None}
    insert("attempt", *[
        {"id": aid, "public_id": f"attempt{aid:025d}", "version_id": vid,
         "student_name": name, "started_at": at(40 + aid), "max_score": 4,
         "assignment_id": assignment, "student_id": sid, "number": number,
         "revealed_passages": revealed, **state}
        for aid, vid, name, assignment, sid, number, revealed, state in [
            (1, 2, "Zoë Ashworth", 1, 1, 1, 0, submitted),  # on the old version
            (2, 3, "Zoë Ashworth", 1, 1, 2, 0, still_open),  # on the new one
            (3, 3, "Cleo Park", 1, 3, 1, 0, submitted),
            (4, 1, "Dev Patel", 2, 4, 1, 1, still_open),
            (5, 3, "Practising Pat", None, None, None, 0, submitted),
            (6, 1, "Practising Pat", None, None, None, 0, still_open),
        ]])
    answered = {1: (5, 6, 7, 8), 2: (9, 10), 3: (9, 10, 11, 12), 4: (1, 2),
                5: (9, 10, 11, 12), 6: (1,)}
    insert("answer", *[
        {"attempt_id": aid, "statement_id": sid, "label": ["fact", "opinion"][sid % 2],
         "answered_at": at(50 + sid)} for aid, sids in answered.items() for sid in sids])


def contents(connection: Connection) -> dict[str, dict]:
    """Every table's columns and every row, as the driver returns them, in key order."""
    inspector = inspect(connection)
    quote = connection.dialect.identifier_preparer.quote
    tables = {}
    for name in sorted(set(inspector.get_table_names()) - {"alembic_version"}):
        columns = [column["name"] for column in inspector.get_columns(name)]
        key = inspector.get_pk_constraint(name)["constrained_columns"] or columns
        rows = connection.exec_driver_sql(
            f"SELECT * FROM {quote(name)} ORDER BY {', '.join(map(quote, key))}").mappings()
        tables[name] = {"columns": sorted(columns), "rows": [dict(row) for row in rows]}
    return tables


def _contents(app) -> dict[str, dict]:
    with app.app_context(), get_engine().connect() as connection:
        return contents(connection)


def _keys(snapshot: dict[str, dict]) -> dict[str, list]:
    return {name: [row["id"] for row in table["rows"]] for name, table in snapshot.items()}


def test_the_sample_fills_every_table_of_the_first_revision(at_first_revision):
    snapshot = _contents(at_first_revision)
    assert {name for name, table in snapshot.items() if not table["rows"]} == set()
    assert set(snapshot) <= set(Base.metadata.tables)


def test_every_migration_keeps_every_row_up_and_down_step_by_step(at_first_revision):
    app, steps = at_first_revision, revisions()
    assert steps[0] == FIRST_REVISION
    seen = {FIRST_REVISION: _contents(app)}
    first = _keys(seen[FIRST_REVISION])
    for revision in steps[1:]:
        with app.app_context():
            upgrade_schema(revision)
        seen[revision] = _contents(app)
        kept = {name: keys for name, keys in _keys(seen[revision]).items() if name in first}
        assert kept == first, f"upgrading to {revision} lost or added rows"
    for revision in reversed(steps[:-1]):
        with app.app_context():
            downgrade_schema(revision)
        assert _contents(app) == seen[revision], f"down to {revision} is not as it was"


def test_a_populated_database_goes_to_head_and_back_in_one_go(at_first_revision):
    app = at_first_revision
    before = _contents(app)
    with app.app_context():
        upgrade_schema("head")
        downgrade_schema(FIRST_REVISION)
    assert _contents(app) == before


def test_flask_init_upgrades_a_populated_first_revision_database(at_first_revision):
    """`flask --app quiz init`, the first step of `make run`, as a command of its own."""
    app = at_first_revision
    before = _keys(_contents(app))
    with app.app_context():
        get_engine().dispose()  # the test's connections closed, as before `make run`
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "quiz", "init"], cwd=ROOT, capture_output=True,
        text=True, timeout=60, check=False,
        env={**os.environ, "DATABASE_URL": app.config["DATABASE_URL"],
             "QUIZ_SECRET_KEY": "test-only-secret"})
    assert result.returncode == 0, result.stderr[-2000:]
    with app.app_context(), get_engine().connect() as connection:
        tables = inspect(connection).get_table_names()
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert [name for name in tables if name.startswith("_alembic_tmp")] == []
    assert version == revisions()[-1]
    assert {name: keys for name, keys in _keys(_contents(app)).items() if name in before} \
        == before


def _sqlite_file(app) -> str:
    with app.app_context():
        engine = get_engine()
        if engine.dialect.name != "sqlite":
            pytest.skip("SQLite's table rebuilds and foreign-key check")
        return engine.url.database


def test_a_table_left_by_an_earlier_failed_rebuild_does_not_block_the_upgrade(
        at_first_revision):
    app = at_first_revision
    with sqlite3.connect(_sqlite_file(app)) as raw:
        raw.execute("CREATE TABLE _alembic_tmp_student (id INTEGER PRIMARY KEY, name_key TEXT)")
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    with app.app_context():
        tables = inspect(get_engine()).get_table_names()
    assert [name for name in tables if name.startswith("_alembic_tmp")] == []


def test_broken_foreign_keys_stop_the_migration_and_change_nothing(at_first_revision):
    app = at_first_revision
    path = _sqlite_file(app)
    with sqlite3.connect(path) as raw:  # foreign keys are off on a plain connection
        raw.execute("INSERT INTO answer (attempt_id, statement_id, label, answered_at) "
                   "VALUES (999, 1, 'fact', '2026-11-25 10:00:00')")
    before = _contents(app)
    with sqlite3.connect(path) as raw:
        schema_before = raw.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()

    with app.app_context(), pytest.raises(db.MigrationError) as raised:
        upgrade_schema()

    assert "answer" in str(raised.value) and "attempt" in str(raised.value)
    assert _contents(app) == before
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() \
            == schema_before
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() \
            == [(FIRST_REVISION,)]
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 1
    assert "foreign key" in result.output and "answer" in result.output
