"""Who a browser is, kept on the server: a teacher's sign-ins, and the classes and practice
attempts of a student's browser. The cookie holds one random token; these rows say what it
may open, so deleting a row takes the access away from every copy of the cookie."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from quiz.models.base import Base, utcnow

BROWSER_TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)


class TeacherSession(Base):
    """One browser signed in as a teacher, until it signs out, the teacher changes the
    password, or an operator signs the teacher out everywhere. `id` is the SHA-256 of the
    token in the cookie, so the table alone opens no session."""

    __tablename__ = "teacher_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BrowserStudent(Base):
    """A class a browser joined, as the student it joined as. `student_token` is the token
    the student had then: when the teacher lets the student rejoin, the token is replaced and
    this browser loses the class."""

    __tablename__ = "browser_student"

    browser: Mapped[str] = mapped_column(String(BROWSER_TOKEN_LENGTH), primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    student_token: Mapped[str] = mapped_column(String(64))


class BrowserAttempt(Base):
    """An open-practice attempt started in a browser (practice has no student to own it)."""

    __tablename__ = "browser_attempt"

    browser: Mapped[str] = mapped_column(String(BROWSER_TOKEN_LENGTH), primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), primary_key=True)
