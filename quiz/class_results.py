"""Gathering one assignment's results for the teacher: per student, and per statement.

No Flask here. Each student contributes the attempt the assignment counts. Item analysis
needs every analysed attempt to share one answer key, so it uses the set version most of
those attempts were taken on, and says how many attempts on other versions it left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz import analysis
from quiz.assignments import counted
from quiz.models import Answer, Assignment, Attempt, QuestionSetVersion, Statement, Student


@dataclass(frozen=True)
class StudentResult:
    student: Student
    attempts: list[Attempt]
    counted: Attempt | None

    @property
    def state(self) -> str:
        if self.counted is not None:
            return "done"
        return "in progress" if self.attempts else "not started"

    @property
    def time_taken(self) -> timedelta | None:
        attempt = self.counted
        if attempt is None or attempt.submitted_at is None:
            return None
        return attempt.submitted_at - attempt.started_at

    @property
    def percent(self) -> float | None:
        attempt = self.counted
        if attempt is None or attempt.score is None or not attempt.max_score:
            return None
        return 100 * attempt.score / attempt.max_score


@dataclass(frozen=True)
class AssignmentResults:
    students: list[StudentResult]
    distribution: list[tuple[int, int, int]]
    version: QuestionSetVersion | None  # the version analysed
    items: list[analysis.ItemStats]
    confusion: analysis.Confusion | None
    hardest: list[analysis.ItemStats]
    left_out: int  # counted attempts taken on other versions


def assignment_results(session: Session, assignment: Assignment) -> AssignmentResults:
    students = list(session.scalars(select(Student).where(
        Student.classroom_id == assignment.classroom_id).order_by(Student.name_key)))
    taken = session.scalars(select(Attempt).where(Attempt.assignment_id == assignment.id)
                            .order_by(Attempt.student_id, Attempt.number))
    by_student = {sid: list(group) for sid, group in groupby(taken, key=lambda a: a.student_id)}
    results = []
    for student in students:
        attempts = by_student.get(student.id, [])
        results.append(StudentResult(student, attempts, counted(attempts, assignment.counting)))
    done = [r for r in results if r.counted is not None]
    distribution = analysis.distribution([r.percent for r in done if r.percent is not None])
    if not done:
        return AssignmentResults(results, distribution, None, [], None, [], 0)
    versions = Counter(r.counted.version_id for r in done)
    version_id, _ = versions.most_common(1)[0]
    version = session.get(QuestionSetVersion, version_id)
    analysed = [r.counted.id for r in done if r.counted.version_id == version_id]
    responses = _responses(session, analysed)
    items = [analysis.Item(s.number, s.text, tuple(s.answers)) for s in version.statements]
    stats = analysis.item_analysis(items, responses, version.labels)
    return AssignmentResults(
        students=results,
        distribution=distribution,
        version=version,
        items=stats,
        confusion=analysis.confusion(items, responses, version.labels),
        hardest=analysis.hardest(stats),
        left_out=len(done) - len(analysed),
    )


def _responses(session: Session, attempt_ids: list[int]) -> list[dict[int, str | None]]:
    """Chosen labels by statement number, one mapping per attempt."""
    rows = session.execute(
        select(Answer.attempt_id, Statement.number, Answer.label)
        .join(Statement, Statement.id == Answer.statement_id)
        .where(Answer.attempt_id.in_(attempt_ids))
        .order_by(Answer.attempt_id)
    )
    chosen: dict[int, dict[int, str | None]] = {attempt_id: {} for attempt_id in attempt_ids}
    for attempt_id, number, label in rows:
        chosen[attempt_id][number] = label
    return list(chosen.values())
