"""Teachers, their classes, the students in them and the sets assigned to them."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.models.base import Base, utcnow
from quiz.models.question_sets import QuestionSet

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


class Student(Base):
    """A member of one class. `token` is what the student's browser holds; None until a
    roster entry is claimed, and replaced when the teacher lets the student rejoin."""

    __tablename__ = "student"
    __table_args__ = (UniqueConstraint("classroom_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # The name folded for matching; folding can lengthen it ("ß" -> "ss"), hence 300.
    name_key: Mapped[str] = mapped_column(String(300))
    student_number: Mapped[str | None] = mapped_column(String(64))  # the school's id
    email: Mapped[str | None] = mapped_column(String(254))
    token: Mapped[str | None] = mapped_column(String(64), unique=True)
    on_roster: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime | None]
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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    classroom: Mapped[Classroom] = relationship(back_populates="assignments")
    question_set: Mapped[QuestionSet] = relationship()
