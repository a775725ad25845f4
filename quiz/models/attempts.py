"""Attempts: one student's go at one version of a set, and the label chosen per statement."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.models.base import Base, utcnow
from quiz.models.question_sets import QuestionSetVersion, Statement

OVERRIDE_REASON_LENGTH = 300
COMMENT_LENGTH = 1000

if TYPE_CHECKING:
    from quiz.models.classes import Assignment, Student


class Attempt(Base):
    """One go at one version of a set; `public_id` is what URLs show.

    An attempt is either open practice (no assignment, no student) or a class member's
    numbered attempt at an assignment; the unique (assignment, student, number) makes two
    racing "start" requests unable to exceed the attempts allowed.
    """

    __tablename__ = "attempt"
    __table_args__ = (
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= max_score)",
                        name="score_in_range"),
        CheckConstraint("(submitted_at IS NULL) = (score IS NULL)", name="scored_when_submitted"),
        CheckConstraint("(assignment_id IS NULL) = (student_id IS NULL) AND "
                        "(assignment_id IS NULL) = (number IS NULL)", name="assigned_or_open"),
        CheckConstraint("number IS NULL OR number >= 1", name="attempt_number_positive"),
        CheckConstraint("revealed_passages >= 0", name="revealed_passages_not_negative"),
        CheckConstraint("override_score IS NULL OR (override_score >= 0 AND "
                        "override_score <= max_score)", name="override_in_range"),
        CheckConstraint("(override_score IS NULL) = (override_reason IS NULL)",
                        name="override_has_reason"),
        CheckConstraint("override_score IS NULL OR submitted_at IS NOT NULL",
                        name="override_when_submitted"),
        UniqueConstraint("assignment_id", "student_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_set_version.id"), index=True)
    student_name: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    score: Mapped[int | None]
    max_score: Mapped[int]
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"), index=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id"), index=True)
    number: Mapped[int | None]  # 1, 2, ... per student and assignment
    # With answers shown after each passage: passages 1..N are answered for good.
    revealed_passages: Mapped[int] = mapped_column(default=0)
    # The teacher's mark in place of the score, and why; what the gradebook and the student
    # see. `score` stays what the answers earned.
    override_score: Mapped[int | None]
    override_reason: Mapped[str | None] = mapped_column(String(OVERRIDE_REASON_LENGTH))
    # A short note from the teacher, shown on the student's result page.
    comment: Mapped[str | None] = mapped_column(String(COMMENT_LENGTH))

    version: Mapped[QuestionSetVersion] = relationship()
    assignment: Mapped[Assignment | None] = relationship()
    student: Mapped[Student | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(back_populates="attempt")

    @property
    def mark(self) -> int | None:
        """What the attempt counts for: the teacher's override if there is one, else the
        score the answers earned (None until submitted). Grades and results read this."""
        return self.override_score if self.override_score is not None else self.score


class Answer(Base):
    """The label a student chose for one statement in one attempt (one row per pair)."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("attempt_id", "statement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"))
    label: Mapped[str] = mapped_column(String(100))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    statement: Mapped[Statement] = relationship()
