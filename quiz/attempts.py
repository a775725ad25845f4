"""Starting, answering and submitting attempts. The view commits; nothing here does.

Answers are written as an upsert on (attempt, statement), so a double click or two tabs
saving the same passage leave one row each, and a submitted attempt is sealed by a
conditional UPDATE, so it is scored exactly once however many requests race to submit it.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Protocol, TypeVar

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from quiz.models import Answer, Attempt, QuestionSetVersion, utcnow
from quiz.scoring import Score, score

_INSERT = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class Keyed(Protocol):
    """A statement with its key: a stored one, or a cached `quiz.versions.StatementView`."""

    id: int
    number: int
    answers: Sequence[str]


P = TypeVar("P")


def start(session: Session, version: QuestionSetVersion, student_name: str,
          flush: bool = True) -> Attempt:
    attempt = Attempt(public_id=secrets.token_urlsafe(16), version=version,
                      student_name=student_name, max_score=len(version.statements))
    session.add(attempt)
    if flush:
        session.flush()
    return attempt


def chosen_labels(session: Session, attempt: Attempt) -> dict[int, str]:
    """The attempt's answers so far, by statement id."""
    rows = session.execute(
        select(Answer.statement_id, Answer.label).where(Answer.attempt_id == attempt.id)
    )
    return {statement_id: label for statement_id, label in rows}


def record_answers(session: Session, attempt: Attempt, labels: Mapping[int, str]) -> bool:
    """Save labels by statement id (the caller has checked they belong to the attempt).

    False, and nothing written, when the attempt is already sealed: the check takes the
    write lock (SQLite) or the row lock (PostgreSQL) in this transaction, so a request that
    loaded the attempt just before another sealed it cannot change a scored attempt.
    """
    if attempt.submitted_at is not None or not labels:
        return False
    still_open = session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(revealed_passages=Attempt.revealed_passages)
    )
    if still_open.rowcount != 1:
        return False
    now = utcnow()
    session.execute(_upsert(session.get_bind().dialect.name), [
        {"attempt_id": attempt.id, "statement_id": sid, "label": label, "answered_at": now}
        for sid, label in labels.items()
    ])
    return True


@cache
def _upsert(dialect: str):
    """One statement per dialect, run with a list of rows, so SQLAlchemy compiles it once."""
    statement = _INSERT[dialect](Answer)
    return statement.on_conflict_do_update(
        index_elements=["attempt_id", "statement_id"],
        set_={"label": statement.excluded.label, "answered_at": statement.excluded.answered_at},
    )


def first_incomplete(passages: Sequence[P], answered: Mapping[int, str]) -> P | None:
    """The first passage with a statement not yet answered, or None when all are."""
    for passage in passages:
        if any(s.id not in answered for s in passage.statements):
            return passage
    return None


def result(statements: Sequence[Keyed], answered: Mapping[int, str]) -> Score:
    """The score of answers by statement id against these statements' key."""
    key = {s.number: s.answers for s in statements}
    by_number = {s.number: answered[s.id] for s in statements if s.id in answered}
    return score(key, by_number)


def submit(session: Session, attempt: Attempt, statements: Sequence[Keyed],
           answered: Mapping[int, str]) -> bool:
    """Score and seal the attempt; False if another request sealed it first."""
    points = result(statements, answered).correct
    sealed = session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(submitted_at=utcnow(), score=points)
    )
    session.refresh(attempt)
    return sealed.rowcount == 1
