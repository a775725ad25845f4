"""Taking a student out of a class, and putting them back. The view commits; nothing here does.

A removed student's attempts stay, for the record and for the teacher to open, but the
student leaves the class list, the results and the grades, and can no longer open the class:
their browsers' sign-ins end and their card is refused with a plain message. Their row stays
too, so their name stays theirs in the class (the unique name per class holds): nobody can
join with it while they are removed, and a class list naming them does not bring them back.
Only Put back does, with a new card, as after Let rejoin.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from quiz.classes import unique_personal_code
from quiz.models import Attempt, BrowserStudent, Classroom, Student


def current_students(classroom: Classroom) -> list[Student]:
    """The class's members, without the removed ones: the class list, cards and look-alikes."""
    return [student for student in classroom.students if student.removed_at is None]


def removal_summary(session: Session, student: Student) -> str:
    """What happens to the student's work, said before the teacher confirms."""
    total, submitted = session.execute(
        select(func.count(Attempt.id), func.count(Attempt.submitted_at))
        .where(Attempt.student_id == student.id)).one()
    if total == 0:
        return "They have no attempts."
    attempts = "1 attempt" if total == 1 else f"{total} attempts"
    return (f"Their {attempts} ({submitted} submitted) are kept for the record: you can still "
            "open them under Removed students on the class page. They leave the results and "
            "the grades.")


def kept_attempts(count: int) -> str:
    """ "their 2 attempts are kept", for the message after a removal."""
    if count == 0:
        return "they had no attempts"
    return f"their {count} attempt{' is' if count == 1 else 's are'} kept for the record"


def remove_student(session: Session, student: Student, now: datetime) -> int:
    """Take the student out of the class and end their sign-ins; returns how many attempts
    they keep. Their card is refused from now on (quiz/classes.py `card_refusal`)."""
    student.removed_at = now
    student.token = None  # browsers holding the old token, and old cookies, stop matching
    session.execute(delete(BrowserStudent).where(BrowserStudent.student_id == student.id))
    return session.scalar(select(func.count(Attempt.id))
                          .where(Attempt.student_id == student.id)) or 0


def put_back(session: Session, student: Student) -> None:
    """Bring a removed student back: they join again as after Let rejoin, with a new card
    (the old one may be in the hands of whoever made the teacher remove them)."""
    student.removed_at = None
    student.token = None
    student.personal_code = unique_personal_code(session)


def removed_students(session: Session, classroom: Classroom
                     ) -> list[tuple[Student, Sequence[Attempt]]]:
    """The class's removed students, each with their attempts (oldest first), in two
    statements whatever their number."""
    removed = [student for student in classroom.students if student.removed_at is not None]
    if not removed:
        return []
    taken: dict[int, list[Attempt]] = {student.id: [] for student in removed}
    for attempt in session.scalars(
            select(Attempt).where(Attempt.student_id.in_(taken))
            .options(selectinload(Attempt.version))
            .order_by(Attempt.started_at, Attempt.id)):
        taken[attempt.student_id].append(attempt)
    return [(student, taken[student.id]) for student in removed]
