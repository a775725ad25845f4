"""Question sets and their immutable versions: passages and statements with their key.

A question set (stable `slug`) has one version per distinct content. Attempts point at the
version they were taken with, so re-importing a set never changes an attempt's passages,
answer key or score.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.models.base import Base, utcnow

if TYPE_CHECKING:
    from quiz.models.classes import Teacher


class QuestionSet(Base):
    __tablename__ = "question_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    # None for sets imported from questions/ on the command line: every teacher may assign
    # them, none may change them in the browser.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    owner: Mapped[Teacher | None] = relationship()
    versions: Mapped[list[QuestionSetVersion]] = relationship(
        back_populates="question_set", order_by="QuestionSetVersion.number"
    )

    @property
    def latest(self) -> QuestionSetVersion:
        return self.versions[-1]


class QuestionSetVersion(Base):
    """One imported content of a set; never changed once stored."""

    __tablename__ = "question_set_version"
    __table_args__ = (
        UniqueConstraint("question_set_id", "number"),
        CheckConstraint("number >= 1", name="version_number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_set_id: Mapped[int] = mapped_column(ForeignKey("question_set.id"))
    number: Mapped[int]
    # Compared with the latest version only: a file put back to an earlier content is a
    # new version, so the newest number is always what the file says now.
    content_hash: Mapped[str] = mapped_column(String(64))
    source_md: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(300))
    labels: Mapped[list[str]] = mapped_column(JSON)
    intro_html: Mapped[str] = mapped_column(Text)
    # The set's own wording of the generated "why not" feedback (front-matter lines
    # `not CHOSEN but ANSWER: ...`), as [chosen, answer, template] triples; quiz/feedback.py.
    why_not_table: Mapped[list[list[str]]] = mapped_column(JSON, default=list,
                                                           server_default="[]")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question_set: Mapped[QuestionSet] = relationship(back_populates="versions")
    passages: Mapped[list[Passage]] = relationship(
        back_populates="version", order_by="Passage.position"
    )

    @property
    def statements(self) -> list[Statement]:
        return [s for p in self.passages for s in p.statements]


class Passage(Base):
    __tablename__ = "passage"
    __table_args__ = (
        UniqueConstraint("version_id", "position"),
        CheckConstraint("position >= 1", name="passage_position_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_set_version.id"))
    position: Mapped[int]
    heading: Mapped[str] = mapped_column(String(300))
    text_md: Mapped[str] = mapped_column(Text)
    # Rendered once at import, since a version never changes: the passage with its
    # statements marked (safe to show before answering), and with the cues marked too.
    question_html: Mapped[str] = mapped_column(Text)
    review_html: Mapped[str] = mapped_column(Text)

    version: Mapped[QuestionSetVersion] = relationship(back_populates="passages")
    statements: Mapped[list[Statement]] = relationship(
        back_populates="passage", order_by="Statement.number"
    )


class Statement(Base):
    __tablename__ = "statement"
    __table_args__ = (
        UniqueConstraint("version_id", "number"),
        CheckConstraint("number >= 1", name="statement_number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_set_version.id"))
    passage_id: Mapped[int] = mapped_column(ForeignKey("passage.id"))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    answers: Mapped[list[str]] = mapped_column(JSON)  # accepted labels; the first is the key's
    why_html: Mapped[str] = mapped_column(Text)
    cues: Mapped[list[str]] = mapped_column(JSON)
    # The teacher's own "why not" per wrong label (`- not LABEL: ...`), rendered: label -> HTML.
    why_not_html: Mapped[dict[str, str]] = mapped_column(JSON, default=dict,
                                                         server_default="{}")

    passage: Mapped[Passage] = relationship(back_populates="statements")
    version: Mapped[QuestionSetVersion] = relationship()
