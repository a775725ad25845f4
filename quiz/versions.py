"""Question-set versions as plain frozen values, loaded once per process.

A stored version never changes (a changed file becomes a new version), so the passages and
statements a student answers can be read from the database once and kept: the hot pages
(a passage, saving a passage) then cost one small query for the attempt, not six.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from quiz.models import Passage, QuestionSetVersion

_LIMIT = 256  # versions kept per process; a school's sets fit many times over


@dataclass(frozen=True)
class StatementView:
    id: int
    number: int
    text: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class PassageView:
    id: int
    position: int
    heading: str
    question_html: str
    statements: tuple[StatementView, ...]


@dataclass(frozen=True)
class VersionView:
    id: int
    title: str
    labels: tuple[str, ...]
    passages: tuple[PassageView, ...]
    # The set's introduction (how to tell the labels apart), behind "How to tell" on every
    # passage page; teacher Markdown sanitised at import, and never part of the key.
    intro_html: str

    @property
    def statements(self) -> tuple[StatementView, ...]:
        return tuple(s for p in self.passages for s in p.statements)


class VersionCache:
    """Versions by id, least recently used dropped first. One per app, since ids are only
    unique within one database."""

    def __init__(self, limit: int = _LIMIT) -> None:
        self._views: OrderedDict[int, VersionView] = OrderedDict()
        self._limit = limit
        self._lock = Lock()  # gunicorn's threaded workers share it

    def get(self, session: Session, version_id: int) -> VersionView:
        """The version's passages and statements, from memory after the first request."""
        with self._lock:
            view = self._views.get(version_id)
            if view is not None:
                self._views.move_to_end(version_id)
                return view
        view = _load(session, version_id)
        with self._lock:
            self._views[version_id] = view
            while len(self._views) > self._limit:
                self._views.popitem(last=False)
        return view


def _load(session: Session, version_id: int) -> VersionView:
    version = session.scalar(
        select(QuestionSetVersion).where(QuestionSetVersion.id == version_id)
        .options(selectinload(QuestionSetVersion.passages).selectinload(Passage.statements))
    )
    if version is None:
        raise LookupError(f"no question-set version {version_id}")
    return VersionView(
        id=version.id,
        title=version.title,
        labels=tuple(version.labels),
        passages=tuple(
            PassageView(p.id, p.position, p.heading, p.question_html, tuple(
                StatementView(s.id, s.number, s.text, tuple(s.answers)) for s in p.statements
            ))
            for p in version.passages
        ),
        intro_html=version.intro_html,
    )
