"""Which question sets each person may use, found by slug or listed. No Flask here.

The rules, each written once as a SQL condition:
- a student practises only *shared* sets (imported from questions/, no owner);
- a teacher uses (reads, assigns) their *own* sets and the shared ones;
- a teacher changes only their own.
A set with no version yet is nobody's to use. Lists are one statement whatever the number
of sets: each entry carries what a list page shows (the latest version's title, number and
size), so no page loads versions set by set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import count

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session

from quiz.models import Passage, QuestionSet, QuestionSetVersion, Statement


@dataclass(frozen=True)
class SetEntry:
    """A set as a list shows it: its latest version's title, number and size."""

    id: int
    slug: str
    owner_id: int | None
    title: str
    version: int
    passages: int
    statements: int


def _shared() -> ColumnElement[bool]:
    return QuestionSet.owner_id.is_(None)


def _usable_by(teacher_id: int) -> ColumnElement[bool]:
    return or_(_shared(), QuestionSet.owner_id == teacher_id)


def _published() -> ColumnElement[bool]:
    return exists().where(QuestionSetVersion.question_set_id == QuestionSet.id)


def find(session: Session, slug: str) -> QuestionSet | None:
    """The set with this slug, whoever owns it: for checks of whether a name is free."""
    return session.scalar(select(QuestionSet).where(QuestionSet.slug == slug))


# Paths under /teacher/sets/ that are pages, not sets: "new" is the upload page, "draft"
# the article drafter's.
RESERVED_SLUGS = frozenset({"new", "draft"})


def free_slug(session: Session, base: str, teacher_id: int) -> tuple[str, QuestionSet | None]:
    """`base`, `base-2`, `base-3`…: the first that is unused or is this teacher's own set
    (returned with it). A set of another teacher, or a shared one, is never taken."""
    for number in count(1):
        slug = base if number == 1 else f"{base}-{number}"
        stored = find(session, slug)
        if slug not in RESERVED_SLUGS and (stored is None or stored.owner_id == teacher_id):
            return slug, stored
    raise AssertionError("count() never ends")  # pragma: no cover


def _one(session: Session, slug: str, rule: ColumnElement[bool]) -> QuestionSet | None:
    return session.scalar(select(QuestionSet).where(QuestionSet.slug == slug, rule,
                                                    _published()))


def shared_set(session: Session, slug: str) -> QuestionSet | None:
    """A shared set a student may practise."""
    return _one(session, slug, _shared())


def usable_set(session: Session, teacher_id: int, slug: str) -> QuestionSet | None:
    """A set the teacher may read and assign: their own, or a shared one."""
    return _one(session, slug, _usable_by(teacher_id))


def own_set(session: Session, teacher_id: int, slug: str) -> QuestionSet | None:
    """A set the teacher may change: only one they published."""
    return _one(session, slug, QuestionSet.owner_id == teacher_id)


def shared_entries(session: Session) -> list[SetEntry]:
    """Every shared set, by slug."""
    return _entries(session, _entry_query().where(_shared()))


def usable_entries(session: Session, teacher_id: int) -> list[SetEntry]:
    """The teacher's own sets and the shared ones, by slug."""
    return _entries(session, _entry_query().where(_usable_by(teacher_id)))


def entries_by_id(session: Session, set_ids: Iterable[int]) -> dict[int, SetEntry]:
    """Entries of the sets with these ids (an assignment list's sets), whoever owns them."""
    ids = set(set_ids)
    if not ids:
        return {}
    return {e.id: e for e in _entries(session, _entry_query().where(QuestionSet.id.in_(ids)))}


def _entry_query() -> Select:
    """Each set joined to its latest version, with that version's passage and statement
    counts as correlated subqueries: one statement for the whole list."""
    latest = (select(QuestionSetVersion.question_set_id,
                     func.max(QuestionSetVersion.number).label("number"))
              .group_by(QuestionSetVersion.question_set_id).subquery())
    passages = (select(func.count(Passage.id)).where(Passage.version_id == QuestionSetVersion.id)
                .correlate(QuestionSetVersion).scalar_subquery())
    statements = (select(func.count(Statement.id))
                  .where(Statement.version_id == QuestionSetVersion.id)
                  .correlate(QuestionSetVersion).scalar_subquery())
    return (select(QuestionSet.id, QuestionSet.slug, QuestionSet.owner_id,
                   QuestionSetVersion.title, QuestionSetVersion.number, passages, statements)
            .join(latest, latest.c.question_set_id == QuestionSet.id)
            .join(QuestionSetVersion, (QuestionSetVersion.question_set_id == QuestionSet.id)
                  & (QuestionSetVersion.number == latest.c.number))
            .order_by(QuestionSet.slug))


def _entries(session: Session, query: Select) -> list[SetEntry]:
    return [SetEntry(*row) for row in session.execute(query)]
