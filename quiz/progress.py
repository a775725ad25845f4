"""Growth over time, gathered from the database: what a result page compares an attempt
with, and a class's mix-ups across its assignments. No Flask; the sums are quiz.analysis's.

Every attempt is judged against the key of the version it was taken with. Removed students
and archived assignments are left out, as they are of the results and the grades. Each
function runs a fixed number of SQL statements, whatever the number of attempts.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from quiz import analysis
from quiz.assignments import counted, current_assignments
from quiz.models import (
    Answer,
    Assignment,
    Attempt,
    Classroom,
    QuestionSetVersion,
    Statement,
    Student,
)
from quiz.removals import current_students
from quiz.reveal import key_visible

_NOTHING = analysis.Confusion((), {})  # a step with no answers: an assignment not done


def attempt_growth(session: Session, attempt: Attempt, now: datetime,
                   practice_ids: Collection[str] = ()) -> str | None:
    """The result page's sentence on the student's most frequent mix-up, this attempt against
    the earlier ones; None when there is nothing to compare.

    Earlier means submitted before this attempt: for a class member, their attempts at any
    assignment of the class (this set's included); for open practice, the attempts at this
    set among `practice_ids`, those this browser started. An earlier attempt whose key the
    student may not see yet (answers shown after a due date) is left out, so the sentence
    tells nothing its own page would not.
    """
    earlier = [a for a in _earlier(session, attempt, practice_ids) if key_visible(a, now)]
    steps = _confusions(session, [*earlier, attempt])
    found = analysis.attempt_trend(steps[attempt.id], [steps[a.id] for a in earlier])
    return analysis.growth_sentence(found)


def _earlier(session: Session, attempt: Attempt, practice_ids: Collection[str]) -> list[Attempt]:
    if attempt.submitted_at is None:
        return []
    before = Attempt.submitted_at < attempt.submitted_at
    if attempt.student_id is not None:
        query = (select(Attempt).join(Assignment, Assignment.id == Attempt.assignment_id)
                 .where(Attempt.student_id == attempt.student_id,
                        Assignment.archived_at.is_(None), before)
                 .options(contains_eager(Attempt.assignment)))
    elif practice_ids:
        same_set = select(QuestionSetVersion.id).where(
            QuestionSetVersion.question_set_id == attempt.version.question_set_id)
        query = select(Attempt).where(Attempt.public_id.in_(list(practice_ids)),
                                      Attempt.student_id.is_(None),
                                      Attempt.version_id.in_(same_set), before)
    else:
        return []
    return list(session.scalars(query.order_by(Attempt.submitted_at, Attempt.id)))


@dataclass(frozen=True)
class StudentGrowth:
    student: Student
    done: tuple[bool, ...]  # per assignment: has an attempt that counts
    trend: analysis.Trend | None  # of their most frequent mix-up; None if they made none


@dataclass(frozen=True)
class ClassGrowth:
    assignments: list[Assignment]  # the steps, oldest first
    students: list[StudentGrowth]
    mixups: list[analysis.Trend]  # every mix-up the class made, in label order

    @property
    def submitted(self) -> bool:
        """Has any student an attempt that counts, at any assignment?"""
        return any(any(row.done) for row in self.students)


def class_growth(session: Session, classroom: Classroom) -> ClassGrowth:
    """Per student and for the whole class, the mix-ups across the class's assignments, from
    each student's attempt that counts (quiz.assignments.counted) at each assignment."""
    assignments = current_assignments(classroom)
    students = current_students(classroom)
    counting = {a.id: a.counting for a in assignments}
    taken: dict[tuple[int, int], list[Attempt]] = {}
    for attempt in session.scalars(
            select(Attempt).where(Attempt.assignment_id.in_(list(counting)),
                                  Attempt.submitted_at.is_not(None))
            .order_by(Attempt.student_id, Attempt.assignment_id, Attempt.number)):
        taken.setdefault((attempt.student_id, attempt.assignment_id), []).append(attempt)
    chosen = {pair: counted(attempts, counting[pair[1]]) for pair, attempts in taken.items()}
    chosen = {pair: attempt for pair, attempt in chosen.items() if attempt is not None}
    steps = _confusions(session, list(chosen.values()))
    done = {pair: steps[attempt.id] for pair, attempt in chosen.items()}
    rows = []
    for student in students:
        pairs = [(student.id, a.id) for a in assignments]
        rows.append(StudentGrowth(
            student, tuple(pair in done for pair in pairs),
            analysis.student_trend([done.get(pair, _NOTHING) for pair in pairs])))
    per_assignment = [analysis.pooled([done[(s.id, a.id)] for s in students
                                       if (s.id, a.id) in done]) for a in assignments]
    return ClassGrowth(assignments, rows, analysis.mixup_trends(per_assignment))


def _confusions(session: Session, attempts: Sequence[Attempt]) -> dict[int, analysis.Confusion]:
    """Each attempt's own confusion matrix, against its version's key, in three statements."""
    if not attempts:
        return {}
    versions = {a.version_id for a in attempts}
    labels = dict(session.execute(select(QuestionSetVersion.id, QuestionSetVersion.labels)
                                  .where(QuestionSetVersion.id.in_(versions))).all())
    items: dict[int, list[analysis.Item]] = {version: [] for version in versions}
    for version, number, text, accepted in session.execute(
            select(Statement.version_id, Statement.number, Statement.text, Statement.answers)
            .where(Statement.version_id.in_(versions)).order_by(Statement.number)):
        items[version].append(analysis.Item(number, text, tuple(accepted)))
    chosen: dict[int, dict[int, str | None]] = {a.id: {} for a in attempts}
    for attempt_id, number, label in session.execute(
            select(Answer.attempt_id, Statement.number, Answer.label)
            .join(Statement, Statement.id == Answer.statement_id)
            .where(Answer.attempt_id.in_(list(chosen)))):
        chosen[attempt_id][number] = label
    return {a.id: analysis.confusion(items[a.version_id], [chosen[a.id]], labels[a.version_id])
            for a in attempts}
