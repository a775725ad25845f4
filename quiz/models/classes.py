"""Teachers, their classes, the students in them and the sets assigned to them."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.models.base import Base, utcnow
from quiz.models.question_sets import QuestionSet

# No 0/O, 1/I/L: a code read aloud or copied from a board survives.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PERSONAL_CODE_LENGTH = 12
JOINED_FROM_LENGTH = 60
COUNTING = ("best", "latest", "first")  # which attempt counts toward the grade
REVEAL = ("passage", "end", "due")  # when students see the key and explanations


class Teacher(UserMixin, Base):
    __tablename__ = "teacher"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    password_hash: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    classrooms: Mapped[list[Classroom]] = relationship(
        back_populates="teacher", order_by="Classroom.name"
    )

    # The sign-in (a TeacherSession's token) this teacher was loaded for or signed in with;
    # not a column. Flask-Login keeps it in the cookie instead of the id ("alternative
    # tokens"), so a sign-in ended on the server ends that cookie.
    session_token = None

    def get_id(self) -> str:
        if self.session_token is None:
            raise RuntimeError("sign a teacher in with accounts.start_session() first")
        return self.session_token


class Classroom(Base):
    __tablename__ = "classroom"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    teacher: Mapped[Teacher] = relationship(back_populates="classrooms")
    students: Mapped[list[Student]] = relationship(
        back_populates="classroom", order_by="Student.name_key"
    )
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="classroom", order_by="Assignment.created_at"
    )


def new_personal_code() -> str:
    """A student's personal code: 12 of the join-code letters, 31**12 ≈ 7.9e17 of them, so
    a classmate cannot guess one (and wrong guesses are rate-limited)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(PERSONAL_CODE_LENGTH))


class Student(Base):
    """A member of one class. `token` is what the student's browser holds; None until the
    student joins, and again when the teacher lets the student rejoin. `personal_code` (on
    the student's printed card, and in its link) joins this very student; a new one is
    issued when the teacher lets the student rejoin, so an old card stops working."""

    __tablename__ = "student"
    __table_args__ = (UniqueConstraint("classroom_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # The name folded for matching; folding can lengthen it ("ß" -> "ss"), hence 300.
    name_key: Mapped[str] = mapped_column(String(300))
    student_number: Mapped[str | None] = mapped_column(String(64))  # the school's id
    email: Mapped[str | None] = mapped_column(String(254))
    # Canvas's own ids, from its gradebook export used as the class list ("ID", "SIS Login
    # ID", "Section"), written back in the grades export so every row matches on re-import.
    # (Canvas's "SIS User ID" is `student_number`.)
    canvas_id: Mapped[str | None] = mapped_column(String(64))
    sis_login_id: Mapped[str | None] = mapped_column(String(254))
    section: Mapped[str | None] = mapped_column(String(200))
    token: Mapped[str | None] = mapped_column(String(64), unique=True)
    on_roster: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime | None]
    # Nullable for rows written before it existed; migration 0004 filled those.
    personal_code: Mapped[str | None] = mapped_column(
        String(PERSONAL_CODE_LENGTH), index=True, unique=True, default=new_personal_code)
    # What the student last joined on, described ("Chrome on Android"); never the raw header.
    joined_from: Mapped[str | None] = mapped_column(String(JOINED_FROM_LENGTH))
    # Taken out of the class by the teacher: their attempts stay for the record, but they
    # leave the results and the grades, and cannot sign in to the class.
    removed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    classroom: Mapped[Classroom] = relationship(back_populates="students")


class Assignment(Base):
    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("classroom_id", "question_set_id"),
        CheckConstraint("attempts_allowed IS NULL OR attempts_allowed >= 1",
                        name="attempts_allowed_positive"),
        CheckConstraint(f"counting IN {COUNTING}", name="counting_known"),
        CheckConstraint(f"reveal IN {REVEAL}", name="reveal_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), index=True)
    question_set_id: Mapped[int] = mapped_column(ForeignKey("question_set.id"))
    due_at: Mapped[datetime | None]
    attempts_allowed: Mapped[int | None]  # None: unlimited
    counting: Mapped[str] = mapped_column(String(10), default="best")
    reveal: Mapped[str] = mapped_column(String(10), default="end")
    # Unassigned after attempts existed: hidden from students and the grades, kept for the
    # record (an assignment no one attempted is deleted instead).
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    classroom: Mapped[Classroom] = relationship(back_populates="assignments")
    question_set: Mapped[QuestionSet] = relationship()
