"""Classes and their members: join codes, joining, rosters. The view commits; nothing here does.

Students have no passwords. A browser holds its student's `token`; a name already joined
cannot be claimed by another browser until the teacher lets that student rejoin, so knowing
the class code and a classmate's name does not show their results.
"""

from __future__ import annotations

import secrets

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quiz.models import Classroom, Student, Teacher, utcnow
from quiz.roster import RosterEntry, name_key

# No 0/O, 1/I/L: a code read aloud or copied from a board survives. 31**8 ≈ 8.5e11 codes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


class JoinError(ValueError):
    """Why a student cannot join, in words a student understands."""


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """`ABCDEFGH` as `ABCD-EFGH`: two halves are easier to read aloud."""
    return f"{code[:4]}-{code[4:]}"


def clean_code(typed: str) -> str:
    """What a student typed, as stored: dashes, spaces and case do not matter."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def unique_join_code(session: Session) -> str:
    while True:  # a collision is ~1e-12 per class; check rather than trust the odds
        code = new_join_code()
        if session.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
            return code


def create_classroom(session: Session, teacher: Teacher, name: str) -> Classroom:
    classroom = Classroom(teacher=teacher, name=name, join_code=unique_join_code(session))
    session.add(classroom)
    session.flush()
    return classroom


def find_by_code(session: Session, typed: str) -> Classroom | None:
    code = clean_code(typed)
    return session.scalar(select(Classroom).where(Classroom.join_code == code)) if code else None


def _member(session: Session, classroom: Classroom, name: str) -> Student | None:
    return session.scalar(select(Student).where(Student.classroom_id == classroom.id,
                                                Student.name_key == name_key(name)))


def has_roster(session: Session, classroom: Classroom) -> bool:
    first = session.scalar(select(Student.id).where(Student.classroom_id == classroom.id,
                                                    Student.on_roster.is_(True)).limit(1))
    return first is not None


def join(session: Session, classroom: Classroom, name: str, student_number: str | None = None,
         email: str | None = None) -> Student:
    """The student this browser becomes: a new member, or an unclaimed roster entry."""
    if classroom.archived:
        raise JoinError("This class is closed. Ask your teacher for the code of your class.")
    student = _member(session, classroom, name)
    if student is not None and student.token is not None:
        raise JoinError(f"Someone has already joined this class as {student.name}. If that "
                        "was you, use the device you joined on, or ask your teacher to let "
                        "you rejoin.")
    if student is None:
        if has_roster(session, classroom):
            raise JoinError("That name is not on your class list. Type your name as your "
                            "teacher wrote it, or ask your teacher.")
        student = Student(classroom=classroom, name=" ".join(name.split()),
                          name_key=name_key(name))
        session.add(student)
    student.student_number = student.student_number or student_number or None
    student.email = student.email or email or None
    student.token = secrets.token_urlsafe(32)
    student.joined_at = utcnow()
    try:
        session.flush()
    except IntegrityError:  # another browser joined with the same name a moment ago
        session.rollback()  # joining is the request's only change
        raise JoinError(f"Someone has just joined this class as {' '.join(name.split())}. If "
                        "that was not you, ask your teacher.") from None
    return student


def let_rejoin(student: Student) -> None:
    """Forget the browser the student joined on; their next join claims them again."""
    student.token = None


def add_roster(session: Session, classroom: Classroom, entries: list[RosterEntry]) -> int:
    """Add roster entries as unclaimed members; update ids and emails of existing ones.

    The class's students are loaded in one SELECT and matched in memory, and the new ones
    are inserted in one statement, so a list of a thousand names (quiz/limits.py) costs the
    same few statements as a list of ten.
    """
    members = {student.name_key: student for student in classroom.students}
    new: dict[str, dict[str, object]] = {}
    for entry in entries:
        key = name_key(entry.name)
        student = members.get(key)
        if student is not None:
            student.on_roster = True
            student.student_number = entry.student_number or student.student_number
            student.email = entry.email or student.email
            continue
        row = new.setdefault(key, {"classroom_id": classroom.id, "name": entry.name,
                                   "name_key": key, "on_roster": True,
                                   "student_number": None, "email": None})
        row["student_number"] = entry.student_number or row["student_number"]
        row["email"] = entry.email or row["email"]
    if new:
        session.execute(insert(Student), list(new.values()))
        session.expire(classroom, ["students"])
    session.flush()
    return len(new)
