"""The database settings a busy classroom depends on, and invariants held by the schema."""

from __future__ import annotations

import pytest
from samples import ONE_STATEMENT
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from quiz import attempts
from quiz.db import get_engine, get_session
from quiz.models import Answer, Attempt, QuestionSetVersion


@pytest.fixture
def version_id(load_set):
    return load_set(ONE_STATEMENT)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(app):
    with app.app_context():
        if get_engine().dialect.name != "sqlite":
            pytest.skip("SQLite settings")
        with get_engine().connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_score_above_the_maximum_is_refused_by_the_schema(app, version_id):
    with app.app_context():
        session = get_session()
        attempt = attempts.start(session, session.get(QuestionSetVersion, version_id), "Ada")
        attempt.submitted_at, attempt.score = attempt.started_at, attempt.max_score + 1
        with pytest.raises(IntegrityError):
            session.commit()


def test_one_answer_row_per_statement_however_often_it_is_saved(app, version_id):
    with app.app_context():
        session = get_session()
        version = session.get(QuestionSetVersion, version_id)
        attempt = attempts.start(session, version, "Ada")
        statement = version.statements[0]
        attempts.record_answers(session, attempt, {statement.id: "opinion"})
        attempts.record_answers(session, attempt, {statement.id: "fact"})
        session.commit()
        rows = session.query(Answer).filter_by(attempt_id=attempt.id).all()
        assert [(row.statement_id, row.label) for row in rows] == [(statement.id, "fact")]


def test_an_attempt_is_sealed_once(app, version_id):
    with app.app_context():
        session = get_session()
        version = session.get(QuestionSetVersion, version_id)
        attempt = attempts.start(session, version, "Ada")
        statement = version.statements[0]
        attempts.record_answers(session, attempt, {statement.id: "fact"})
        key = version.statements
        assert attempts.submit(session, attempt, key) is True
        attempts.record_answers(session, attempt, {statement.id: "opinion"})  # refused: sealed
        assert attempts.submit(session, attempt, key) is False
        session.commit()
        assert session.get(Attempt, attempt.id).score == 1
