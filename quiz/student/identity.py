"""Who this browser is: the students it joined classes as, and the attempts it started.

The signed session cookie holds, per class, the student's token; a token the teacher has
replaced (to let the student rejoin elsewhere) no longer matches, so the old browser loses
access at once.
"""

from __future__ import annotations

from flask import session
from sqlalchemy import select

from quiz.db import get_session
from quiz.models import Attempt, Student

_STUDENTS = "students"  # {classroom id: student token}
_PRACTICE = "attempts"  # public ids of open-practice attempts started here


def student_in(classroom_id: int) -> Student | None:
    token = session.get(_STUDENTS, {}).get(str(classroom_id))
    if not token:
        return None
    student = get_session().scalar(select(Student).where(Student.token == token))
    return student if student is not None and student.classroom_id == classroom_id else None


def remember_student(student: Student) -> None:
    session.permanent = True  # a returning student continues where they were
    session[_STUDENTS] = {**session.get(_STUDENTS, {}), str(student.classroom_id): student.token}


def forget_student(classroom_id: int) -> None:
    students = dict(session.get(_STUDENTS, {}))
    students.pop(str(classroom_id), None)
    session[_STUDENTS] = students


def joined_classroom_ids() -> list[int]:
    return [int(key) for key in session.get(_STUDENTS, {})]


def remember_practice(attempt: Attempt) -> None:
    session[_PRACTICE] = [*session.get(_PRACTICE, []), attempt.public_id]


def practice_ids() -> list[str]:
    return list(session.get(_PRACTICE, []))


def owns(attempt: Attempt) -> bool:
    if attempt.student is not None:
        return student_in(attempt.student.classroom_id) == attempt.student
    return attempt.public_id in session.get(_PRACTICE, [])
