"""Grade passback, the outbox side: a learner's counted mark written to `lti_score` in the
transaction that changed it (a submit, a teacher's mark), never sent from the request.
`quiz.lti.passback` sends what is due. No Flask here; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from quiz.assignments import attempts_by, counted
from quiz.models import Assignment, Attempt, LtiLearner, LtiResourceLink, LtiScore, Student, utcnow

_INSERT = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
HOURLY_AFTER = 7  # tries: the backoff has reached its hour, so the page says it is failing


def on_mark_changed(attempt: Attempt, session: Session | None = None, **_: object) -> None:
    """`quiz.attempts.mark_changed`'s receiver (connected by quiz.lti.init_app)."""
    if session is not None:
        enqueue(session, attempt)


def enqueue(session: Session, attempt: Attempt, now: datetime | None = None) -> int:
    """Queue the student's counted mark for the assignment to each line item of a link to it
    on the student's LMS; how many rows were written (0 for a student not from an LMS)."""
    if attempt.assignment_id is None or attempt.student_id is None:
        return 0
    learner = session.scalar(select(LtiLearner).where(
        LtiLearner.student_id == attempt.student_id))
    if learner is None:
        return 0
    line_items = sorted(set(session.scalars(select(LtiResourceLink.line_item_url).where(
        LtiResourceLink.assignment_id == attempt.assignment_id,
        LtiResourceLink.platform_id == learner.platform_id,
        LtiResourceLink.line_item_url.is_not(None)))))
    if not line_items:
        return 0
    assignment = session.get(Assignment, attempt.assignment_id)
    student = session.get(Student, attempt.student_id)
    session.flush()  # a mark just changed in memory is what `counted` must see
    best = counted(attempts_by(session, assignment, student), assignment.counting)
    if best is None or best.mark is None:
        return 0
    now = now or utcnow()
    values = {"attempt_id": best.id, "score_given": best.mark, "score_maximum": best.max_score,
              "tries": 0, "due_at": now, "last_error": None, "updated_at": now}
    insert = _INSERT[session.get_bind().dialect.name](LtiScore)
    # An upsert: a later mark replaces one still waiting (only the newest matters to the
    # LMS), and is due now with its tries reset, even if the last one was failing.
    statement = insert.on_conflict_do_update(
        index_elements=["platform_id", "line_item_url", "subject"],
        set_={column: insert.excluded[column] for column in values})
    session.execute(statement, [{"platform_id": learner.platform_id, "line_item_url": url,
                                 "subject": learner.subject, **values} for url in line_items])
    return len(line_items)


@dataclass(frozen=True)
class Waiting:
    waiting: int  # due, not yet sent (including the failing ones)
    failing: int  # tried and failed at least once
    hourly: int  # failed so often they are now tried once an hour
    last_error: str | None

    def sentence(self) -> str | None:
        """The results page's one line, or None when every grade has reached the LMS."""
        if not self.waiting:
            return None
        grades = f"{self.waiting} grade{'s' if self.waiting != 1 else ''}"
        text = f"{grades} waiting to be sent to the LMS"
        if self.failing:
            text += (f"; {self.failing} could not be sent yet and will be tried again"
                     f"{' every hour' if self.hourly else ''}")
            if self.last_error:
                text += f" (the LMS said: {self.last_error})"
        return text + "."


def waiting(session: Session, assignment: Assignment) -> Waiting:
    """The assignment's grades not yet in the LMS, in one query."""
    failing = LtiScore.tries > 0
    waiting_count, failing_count, hourly_count, last_error = session.execute(
        select(func.count(), func.count().filter(failing),
               func.count().filter(LtiScore.tries >= HOURLY_AFTER),
               func.max(LtiScore.last_error))
        .select_from(LtiScore).join(Attempt, Attempt.id == LtiScore.attempt_id)
        .where(Attempt.assignment_id == assignment.id, LtiScore.due_at.is_not(None))).one()
    return Waiting(waiting_count, failing_count, hourly_count, last_error)
