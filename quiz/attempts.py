"""Starting, answering and submitting attempts. The view commits; nothing here does.

The passage flow (which passage a student may open, what saving one does) is decided here,
in `open_passage()` and `save_passage()`, which return a `Step`; the views only turn a step
into a redirect or a page. `submit()` is the one place an attempt becomes submitted.

Answers are written as an upsert on (attempt, statement), so a double click or two tabs
saving the same passage leave one row each, and a submitted attempt is sealed by a
conditional UPDATE, so it is scored exactly once however many requests race to submit it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Protocol, TypeVar

from blinker import Signal
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from quiz import reveal
from quiz.deadlines import past_due
from quiz.models import Answer, Assignment, Attempt, QuestionSetVersion, utcnow
from quiz.scoring import Score, score

_INSERT = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}

# Sent with the attempt (and `session=`) when its mark may have changed: it was submitted,
# or a teacher changed or removed its mark (quiz/marks.py). Grade passback listens
# (connected by quiz.lti.init_app), so this module needs no import of it; a receiver writes
# in the caller's transaction and makes no network call.
mark_changed = Signal("an attempt's mark may have changed")


class Keyed(Protocol):
    """A statement with its key: a stored one, or a cached `quiz.versions.StatementView`."""

    id: int
    number: int
    answers: Sequence[str]


class Answerable(Protocol):
    """A passage with statements: a stored one, or a cached `quiz.versions.PassageView`."""

    position: int
    statements: Sequence[Keyed]


class Version(Protocol):
    """A version's passages: a stored one, or a cached `quiz.versions.VersionView`."""

    passages: Sequence[Answerable]

    @property
    def statements(self) -> Sequence[Keyed]: ...


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
    if attempt.submitted_at is not None or not labels or not _lock_open(session, attempt):
        return False
    now = utcnow()
    session.execute(_upsert(session.get_bind().dialect.name), [
        {"attempt_id": attempt.id, "statement_id": sid, "label": label, "answered_at": now}
        for sid, label in labels.items()
    ])
    return True


def _lock_open(session: Session, attempt: Attempt) -> bool:
    """Lock the attempt's row for this transaction if it is still open; False if sealed.

    A no-op UPDATE: it takes SQLite's write lock or PostgreSQL's row lock, so what this
    transaction reads next cannot be changed by another request until it commits.
    """
    still_open = session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(revealed_passages=Attempt.revealed_passages)
    )
    return still_open.rowcount == 1


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
           now: datetime | None = None) -> bool:
    """Score the attempt's stored answers and seal it; False if another request sealed it.

    The one place an attempt becomes submitted: what must follow a submission (a grade sent
    to an LMS) listens to `mark_changed`, sent here after a True. The attempt's row is
    locked before its answers are read (SQLite's write lock, PostgreSQL's row lock, as
    `record_answers` takes them), so a tab re-saving an earlier passage at the same moment
    either lands before the score is computed or is refused: the score is always what the
    stored answers score.
    """
    if not _lock_open(session, attempt):
        session.refresh(attempt)
        return False
    points = result(statements, chosen_labels(session, attempt)).correct
    sealed = session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(submitted_at=now or utcnow(), score=points)
    )
    session.refresh(attempt)
    if sealed.rowcount != 1:
        return False
    mark_changed.send(attempt, session=session)
    return True


# -- the passage flow ------------------------------------------------------------------------

# What a request for passage N of an attempt leads to.
SHOW = "show"  # the passage is open for answering
NO_SUCH_PASSAGE = "no such passage"  # N is outside 1..passages
FINISHED = "finished"  # the attempt is submitted: its result is the place to be
PAST_DUE = "past due"  # the due date has passed: no more answers (open_passage only)
CLOSED = "closed"  # past due, so submitted now with the answers saved before the due date
ANSWERED = "answered"  # passage N's key is shown already, so its answers are final
EARLIER_FIRST = "earlier first"  # an earlier passage has unanswered statements
SAVED = "saved"  # the answers are saved; go on to the next passage
REVEALED = "revealed"  # saved, and this passage's key is now shown
SUBMITTED = "submitted"  # the last passage was saved and the attempt submitted
SEALED = "sealed"  # another request submitted the attempt first; nothing was saved

CLOSED_MESSAGE = ("The due date has passed, so no more answers can be saved. Your answers "
                  "saved before it have been submitted.")


@dataclass(frozen=True)
class Step:
    """The outcome of the flow's rules: what happened, and the passage it points at."""

    kind: str
    number: int = 0  # the passage to show or go to; for REVEALED, the one just revealed
    message: str = ""  # why, in words for the student, when the request was turned away
    answered: Mapping[int, str] = field(default_factory=dict)  # labels so far, by statement


def open_passage(attempt: Attempt, version: Version, number: int,
                 answered: Mapping[int, str], now: datetime) -> Step:
    """May the student answer passage `number` now, and if not, where do they belong?

    Passages are answered in order: one may go back to any passage not yet final, but not
    skip past a passage with unanswered statements. After the due date, none is open.
    """
    passages = version.passages
    if not 1 <= number <= len(passages):
        return Step(NO_SUCH_PASSAGE, message=f"This quiz has passages 1 to {len(passages)}.")
    if attempt.submitted_at is not None:
        return Step(FINISHED)
    if past_due(attempt.assignment, now):
        return Step(PAST_DUE, message=CLOSED_MESSAGE)
    if number <= attempt.revealed_passages:
        return Step(ANSWERED, number)
    incomplete = first_incomplete(passages, answered)
    if incomplete is not None and incomplete.position < number:
        return Step(EARLIER_FIRST, incomplete.position,
                    "Please answer every statement of this passage first.")
    return Step(SHOW, number, answered=answered)


def visit_passage(session: Session, attempt: Attempt, version: Version, number: int,
                  now: datetime, answered: Mapping[int, str] | None = None) -> Step:
    """What asking for passage `number` leads to. An attempt whose due date has passed is
    submitted here, with the answers saved before it: the only write a visit makes."""
    if answered is None:
        answered = chosen_labels(session, attempt)
    step = open_passage(attempt, version, number, answered, now)
    if step.kind == PAST_DUE:
        assert attempt.assignment is not None and attempt.assignment.due_at is not None
        submit(session, attempt, version.statements, attempt.assignment.due_at)
        return Step(CLOSED, message=step.message)
    return step


def save_passage(session: Session, attempt: Attempt, version: Version, number: int,
                 chosen: Mapping[int, str], now: datetime,
                 answered: Mapping[int, str] | None = None) -> Step:
    """Save the labels chosen on passage `number`; the last passage submits the attempt.

    `chosen` holds a label for every statement of the passage (the form has checked them);
    `answered`, the attempt's answers so far, is read here unless the caller has them.
    """
    if answered is None:
        answered = chosen_labels(session, attempt)
    step = visit_passage(session, attempt, version, number, now, answered)
    if step.kind != SHOW:
        return step
    if not record_answers(session, attempt, chosen):
        return Step(SEALED)
    answered = {**answered, **chosen}
    if number == len(version.passages):
        submit(session, attempt, version.statements, now)
        return Step(SUBMITTED, answered=answered)
    if reveal.after_each_passage(attempt):
        attempt.revealed_passages = number
        return Step(REVEALED, number, answered=answered)
    return Step(SAVED, number + 1, answered=answered)


def close_past_due(session: Session, assignments: Iterable[Assignment], now: datetime) -> int:
    """Submit every open attempt at these assignments whose due date has passed, with the
    answers saved before it, as of the due date: results and grades then count it, as a
    teacher expects, whether or not the student comes back. How many it submitted."""
    due = {a.id: a for a in assignments if past_due(a, now)}
    if not due:
        return 0
    still_open = session.scalars(select(Attempt).where(Attempt.assignment_id.in_(due),
                                                       Attempt.submitted_at.is_(None))).all()
    for attempt in still_open:
        submit(session, attempt, attempt.version.statements, due[attempt.assignment_id].due_at)
    return len(still_open)


def resume_number(version: Version, answered: Mapping[int, str]) -> int:
    """The passage an unsubmitted attempt continues at: the first with unanswered
    statements, or the last when all are answered."""
    incomplete = first_incomplete(version.passages, answered)
    return incomplete.position if incomplete is not None else len(version.passages)


def reviewable(attempt: Attempt, number: int) -> bool:
    """Is passage `number`'s key shown (answers after each passage, and it is saved)?"""
    return 1 <= number <= attempt.revealed_passages
