"""The app as benchmarked: the production app plus two reference endpoints.

`/bench/bare` answers a constant string through the same stack (before/after request hooks,
security headers), so it measures the floor of any request. `/bench/write-ceiling` stores
what one "save passage" stores (that passage's answer rows, upserted for one attempt) with
plain `sqlite3` in one transaction, so it measures the most a passage POST could reach.

Served only by `bench/run.py` (`gunicorn 'bench.app:create_bench_app()'`); the production app
never registers this blueprint.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime

from flask import Blueprint, Flask, abort, current_app, request
from sqlalchemy.engine import make_url

from quiz import create_app
from quiz.db import _sqlite_pragmas
from quiz.security import csrf

bp = Blueprint("bench", __name__, url_prefix="/bench")
csrf.exempt(bp)

_UPSERT = (
    "INSERT INTO answer (attempt_id, statement_id, label, answered_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (attempt_id, statement_id) "
    "DO UPDATE SET label = excluded.label, answered_at = excluded.answered_at"
)
_connection: tuple[int, sqlite3.Connection] | None = None  # (pid, connection) per worker
_statements: dict[int, dict[int, int]] = {}  # attempt id -> statement number -> statement id


def create_bench_app() -> Flask:
    """`quiz.create_app()` with the reference endpoints registered."""
    app = create_app()
    app.register_blueprint(bp)
    return app


def _database() -> sqlite3.Connection:
    """One connection per worker process, as SQLAlchemy's pool keeps one, opened with the
    app's own pragmas (WAL, busy timeout, synchronous=NORMAL, foreign keys)."""
    global _connection
    if _connection is None or _connection[0] != os.getpid():
        url = make_url(current_app.config["DATABASE_URL"])
        if url.get_backend_name() != "sqlite":
            abort(501, "The write ceiling is measured on SQLite only.")
        connection = sqlite3.connect(url.database, timeout=10)
        _sqlite_pragmas(connection, None)
        _connection = (os.getpid(), connection)
    return _connection[1]


def _statement_ids(db: sqlite3.Connection, attempt_id: int) -> dict[int, int]:
    """Looked up once per attempt: the ceiling is the write, not the reads around it."""
    if attempt_id not in _statements:
        _statements[attempt_id] = dict(db.execute(
            "SELECT statement.number, statement.id FROM statement "
            "JOIN attempt ON attempt.version_id = statement.version_id WHERE attempt.id = ?",
            (attempt_id,)).fetchall())
    return _statements[attempt_id]


@bp.get("/bare")
def bare():
    """A constant string: the cost of the stack with no work."""
    return "ok"


@bp.post("/write-ceiling")
def write_ceiling():
    """Upsert the posted `statement-<n>` labels for `?attempt=<id>` in one transaction."""
    db = _database()
    attempt_id = request.args.get("attempt", type=int)
    statements = _statement_ids(db, attempt_id) if attempt_id else {}
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    rows = []
    for name, label in request.form.items():
        number = name.removeprefix("statement-")
        if number.isdigit() and int(number) in statements:
            rows.append((attempt_id, statements[int(number)], label, now))
    if not rows:
        abort(400)
    with db:  # BEGIN (deferred, as the app's) ... COMMIT
        db.executemany(_UPSERT, rows)
    return "", 204
