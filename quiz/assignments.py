"""Assignment policy: who may start an attempt, which attempt counts, and unassigning.

Enforced here, on the server, whatever a page offered; the view commits. When the key shows
is `quiz.reveal`'s; answering and submitting an attempt is `quiz.attempts`'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import delete, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quiz import attempts as attempt_actions
from quiz.deadlines import past_due
from quiz.models import Assignment, Attempt, Classroom, Student
from quiz.reveal import key_visible


class PolicyError(ValueError):
    """Why a student may not start another attempt, in plain words."""


WITHDRAWN = "Your teacher has withdrawn this assignment."


class Scored(Protocol):
    number: int | None
    mark: int | None  # the teacher's override if any, else the score
    max_score: int
    submitted_at: datetime | None


def current_assignments(classroom: Classroom) -> list[Assignment]:
    """The class's assignments without the archived ones: what students and the grades see."""
    return [a for a in classroom.assignments if a.archived_at is None]


def archived_assignments(classroom: Classroom) -> list[Assignment]:
    return [a for a in classroom.assignments if a.archived_at is not None]


def start_refusal(assignment: Assignment, taken: int, now: datetime) -> str | None:
    """Why a new attempt is refused, or None when it is allowed."""
    if assignment.archived_at is not None:
        return WITHDRAWN
    if assignment.classroom.archived:
        return "This class is closed."
    if past_due(assignment, now):
        return "The due date has passed, so no new attempts can be started."
    if assignment.attempts_allowed is not None and taken >= assignment.attempts_allowed:
        allowed = assignment.attempts_allowed
        return f"You have used your {allowed} attempt{'s' if allowed != 1 else ''}."
    return None


def attempts_by(session: Session, assignment: Assignment, student: Student) -> list[Attempt]:
    return list(session.scalars(
        select(Attempt).where(Attempt.assignment_id == assignment.id,
                              Attempt.student_id == student.id).order_by(Attempt.number)
    ))


def attempts_by_assignment(session: Session, student: Student) -> dict[int, list[Attempt]]:
    """The student's attempts at each assignment of their class, in one query."""
    taken: dict[int, list[Attempt]] = {}
    for attempt in session.scalars(select(Attempt).where(Attempt.student_id == student.id)
                                   .order_by(Attempt.assignment_id, Attempt.number)):
        taken.setdefault(attempt.assignment_id, []).append(attempt)
    return taken


def start_assigned(session: Session, assignment: Assignment, student: Student,
                   now: datetime) -> Attempt:
    """Start the student's next attempt, or raise PolicyError.

    The attempt number is unique per student and assignment, so two racing requests cannot
    both take the last allowed attempt: the loser's insert fails, its session is rolled back
    (starting is the request's only change) and it is refused.
    """
    taken = session.scalar(select(func.count()).select_from(Attempt).where(
        Attempt.assignment_id == assignment.id, Attempt.student_id == student.id)) or 0
    refusal = start_refusal(assignment, taken, now)
    if refusal:
        raise PolicyError(refusal)
    version = assignment.question_set.latest
    attempt = attempt_actions.start(session, version, student.name, flush=False)
    attempt.assignment, attempt.student, attempt.number = assignment, student, taken + 1
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise PolicyError("Another attempt was started at the same moment; reload the page.") \
            from None
    return attempt


def counted(attempts: Sequence[Scored], counting: str) -> Scored | None:
    """The submitted attempt that counts: the best mark (earliest among equals), the latest or
    the first. A mark the teacher changed counts as the attempt's mark everywhere."""
    done = [a for a in attempts if a.submitted_at is not None and a.mark is not None]
    if not done:
        return None
    if counting == "latest":
        return max(done, key=lambda a: (a.submitted_at, a.number or 0))
    if counting == "first":
        return min(done, key=lambda a: (a.submitted_at, a.number or 0))
    return max(done, key=lambda a: (a.mark / a.max_score if a.max_score else 0,
                                    -(a.number or 0)))


@dataclass(frozen=True)
class Status:
    state: str  # "not started", "in progress" or "done"
    counted: Scored | None
    open_attempt: Attempt | None
    refusal: str | None  # why no new attempt can start, if so
    score_visible: bool  # False while answers wait for the due date
    attempts_left: str  # "2 of 3 attempts left", "unlimited attempts"


def attempts_left(assignment: Assignment, taken: int) -> str:
    """What the student's card says of the attempts they still have."""
    allowed = assignment.attempts_allowed
    if allowed is None:
        return "unlimited attempts"
    return f"{max(allowed - taken, 0)} of {allowed} attempt{'s' if allowed != 1 else ''} left"


def status(assignment: Assignment, attempts: Sequence[Attempt], now: datetime) -> Status:
    """What a student's assignment list shows for one assignment."""
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    best = counted(attempts, assignment.counting)
    state = "in progress" if open_attempt else "done" if best else "not started"
    visible = isinstance(best, Attempt) and key_visible(best, now)
    return Status(state, best, open_attempt, start_refusal(assignment, len(attempts), now),
                  visible, attempts_left(assignment, len(attempts)))


def unassign(session: Session, assignment: Assignment) -> str | None:
    """Delete an assignment nobody has attempted; None if it went, else why it stays.

    The DELETE itself requires that no attempt exists, so an attempt started at the same
    moment keeps the assignment rather than losing its record.
    """
    classroom = assignment.classroom
    gone = session.execute(
        delete(Assignment).where(Assignment.id == assignment.id,
                                 ~exists().where(Attempt.assignment_id == Assignment.id))
        .execution_options(synchronize_session=False)).rowcount
    if gone:
        session.expunge(assignment)
        session.expire(classroom, ["assignments"])
        return None
    attempts, students = session.execute(
        select(func.count(Attempt.id), func.count(func.distinct(Attempt.student_id)))
        .where(Attempt.assignment_id == assignment.id)).one()
    return (f"{students} student{' has' if students == 1 else 's have'} {attempts} "
            f"attempt{'' if attempts == 1 else 's'} at it, so it cannot be deleted: their work "
            "is kept. Archive it instead: students no longer see it, it leaves the grades, and "
            "you can restore it.")


def archive(assignment: Assignment, now: datetime) -> None:
    """Hide the assignment from students and the grades; its attempts stay for the teacher."""
    assignment.archived_at = now


def restore(assignment: Assignment) -> None:
    assignment.archived_at = None
