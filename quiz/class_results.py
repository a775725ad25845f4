"""Gathering one assignment's results for the teacher: per student, and per statement.

No Flask here. Each student contributes the attempt the assignment counts, marked with the
teacher's override if there is one; students removed from the class are left out. Item
analysis needs every analysed attempt to share one answer key, so it uses the set version
most of those attempts were taken on, and says how many attempts on other versions it left
out. The page's headline sentence, its score bands and the order of its student table are
decided here too, so they are tested without a browser.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
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
        """The mark as a percentage: the teacher's override if any, else the score."""
        attempt = self.counted
        if attempt is None or attempt.mark is None or not attempt.max_score:
            return None
        return 100 * attempt.mark / attempt.max_score


@dataclass(frozen=True)
class Band:
    """One bar of the score chart: marks from `low` up to `high` percent, `count` students."""

    low: int
    high: int
    count: int
    top: bool  # the top band also holds `high` itself (100%), as analysis.distribution does

    @property
    def label(self) -> str:
        """"0–9" … "80–89", "90–100": a band stops short of the next one's low edge."""
        return f"{self.low}–{self.high if self.top else self.high - 1}"


@dataclass(frozen=True)
class AssignmentResults:
    students: list[StudentResult]
    distribution: list[tuple[int, int, int]]
    version: QuestionSetVersion | None  # the version analysed
    items: list[analysis.ItemStats]
    confusion: analysis.Confusion | None
    hardest: list[analysis.ItemStats]
    left_out: int  # counted attempts taken on other versions

    @property
    def done(self) -> list[StudentResult]:
        return [r for r in self.students if r.counted is not None]

    @property
    def started(self) -> list[StudentResult]:
        """Done or in progress: the rows of the student table."""
        return [r for r in self.students if r.attempts]

    @property
    def not_started(self) -> list[StudentResult]:
        return [r for r in self.students if not r.attempts]

    @property
    def average(self) -> float | None:
        """The mean percentage mark of those done; None until someone is."""
        percents = [p for r in self.done if (p := r.percent) is not None]
        return sum(percents) / len(percents) if percents else None

    @property
    def bands(self) -> list[Band]:
        last = len(self.distribution) - 1
        return [Band(low, high, count, i == last)
                for i, (low, high, count) in enumerate(self.distribution)]

    def headline(self) -> str | None:
        """"12 of 14 done · average 71% · this class reads speculation as fact 38% of the
        time": no average until someone is done, no mix-up until someone errs, and no
        sentence at all for a class without students."""
        if not self.students:
            return None
        parts = [f"{len(self.done)} of {len(self.students)} done"]
        if (average := self.average) is not None:
            parts.append(f"average {round(average)}%")
        mixup = self.confusion.most_common_mixup() if self.confusion else None
        if mixup is not None:
            parts.append(f"this class reads {mixup.correct} as {mixup.chosen} "
                         f"{round(100 * mixup.share)}% of the time")
        return " · ".join(parts)


# The student table's columns, and how each sorts. Ascending status runs as the words do
# alphabetically (done, in progress, not started), so either reading of "A to Z" holds.
STATES = ("done", "in progress", "not started")
SORT_KEYS: dict[str, Callable[[StudentResult], object]] = {
    "name": lambda r: r.student.name_key,
    "status": lambda r: STATES.index(r.state),
    "score": lambda r: r.percent,
    "attempts": lambda r: len(r.attempts),
    "time": lambda r: r.time_taken,
}
SORTS = tuple(SORT_KEYS)
ORDERS = ("asc", "desc")
DEFAULT_SORT, DEFAULT_ORDER = "name", "asc"


def sort_students(rows: Sequence[StudentResult], sort: str = DEFAULT_SORT,
                  order: str = DEFAULT_ORDER) -> list[StudentResult]:
    """The rows in the order a column header asks for.

    Stable: rows that tie stay in name order, in either direction, so a reload never
    shuffles them. Rows with nothing to sort by (no score or time yet) come last either
    way, as they are not "lowest". An unknown column sorts by name, an unknown order A to Z.
    """
    key = SORT_KEYS.get(sort, SORT_KEYS[DEFAULT_SORT])
    by_name = sorted(rows, key=SORT_KEYS["name"])
    present = [r for r in by_name if key(r) is not None]
    missing = [r for r in by_name if key(r) is None]
    return sorted(present, key=key, reverse=order == "desc") + missing


def assignment_results(session: Session, assignment: Assignment) -> AssignmentResults:
    students = list(session.scalars(select(Student).where(
        Student.classroom_id == assignment.classroom_id, Student.removed_at.is_(None))
        .order_by(Student.name_key)))
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
