"""Get-and-authorise in one place: a teacher reaches only what they own, anything else 404s.

A 404 rather than a 403, so ids of other teachers' classes reveal nothing.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from quiz import catalogue
from quiz.db import get_session
from quiz.models import Assignment, Attempt, Classroom, QuestionSet, Student


def own_classroom(classroom_id: int) -> Classroom:
    classroom = get_session().get(Classroom, classroom_id)
    if classroom is None or classroom.teacher_id != current_user.id:
        abort(404)
    return classroom


def own_student(classroom_id: int, student_id: int) -> tuple[Classroom, Student]:
    """A student of one of the teacher's classes (removed ones too: their record stays)."""
    classroom = own_classroom(classroom_id)
    student = get_session().get(Student, student_id)
    if student is None or student.classroom_id != classroom.id:
        abort(404)
    return classroom, student


def own_assignment(assignment_id: int) -> Assignment:
    assignment = get_session().get(Assignment, assignment_id)
    if assignment is None or assignment.classroom.teacher_id != current_user.id:
        abort(404)
    return assignment


def own_attempt(public_id: str) -> Attempt:
    """An attempt at one of the teacher's assignments, archived ones and removed students'
    included: they stay for the record."""
    attempt = get_session().scalar(select(Attempt).where(Attempt.public_id == public_id))
    if attempt is None or attempt.assignment is None \
            or attempt.assignment.classroom.teacher_id != current_user.id:
        abort(404)
    return attempt


def visible_set(slug: str) -> QuestionSet:
    """A set the teacher may read and assign: their own, or a shared one from questions/."""
    return _found(catalogue.usable_set(get_session(), current_user.id, slug))


def own_set(slug: str) -> QuestionSet:
    """A set the teacher may change: only one they uploaded."""
    return _found(catalogue.own_set(get_session(), current_user.id, slug))


def _found(question_set: QuestionSet | None) -> QuestionSet:
    if question_set is None:
        abort(404)
    return question_set
