"""Gradebook exports: rows for the grades and answers CSVs, streamed from the database.

No Flask here. Rows are produced while the database cursor streams (`yield_per`), grouped
one student at a time, so memory stays flat whatever the size of the class.

The grades layout is the one Canvas's gradebook import accepts: Student, ID, SIS User ID,
SIS Login ID, Section, then one column per assignment, with a "Points Possible" row first.
We know no Canvas user ID, so ID is left empty and Canvas matches on SIS User ID (the
student id) or SIS Login ID (the email).

A cell is the counted attempt's mark: the teacher's override where there is one. The reason
for an override is not a column, since Canvas would import any extra column as an assignment;
it is on the attempt's page. Removed students and archived assignments are in neither file.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from quiz.assignments import counted, current_assignments
from quiz.models import Answer, Assignment, Attempt, Classroom, Statement, Student

GRADES_HEADER = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
ANSWERS_HEADER = ("Student", "SIS User ID", "SIS Login ID", "Section", "Assignment", "Attempt",
                  "Submitted (UTC)", "Statement", "Statement text", "Chosen", "Correct answer",
                  "Right")
_BATCH = 1000


def points_possible(assignment: Assignment) -> int:
    return len(assignment.question_set.latest.statements)


def _points(score: int, max_score: int, possible: int) -> int | float:
    """A score on the assignment's current scale (a set edited since may have more items)."""
    if max_score == possible:
        return score
    return round(score * possible / max_score, 2) if max_score else 0


def grade_rows(session: Session, classroom: Classroom) -> Iterator[tuple[object, ...]]:
    """The header, the Points Possible row, then one row per student."""
    assignments = current_assignments(classroom)
    possible = [points_possible(a) for a in assignments]
    column = {a.id: i for i, a in enumerate(assignments)}
    yield (*GRADES_HEADER, *(a.question_set.latest.title for a in assignments))
    yield ("Points Possible", "", "", "", "", *possible)
    rows = session.execute(
        select(Student.id, Student.name, Student.student_number, Student.email,
               Attempt.assignment_id, Attempt.number, Attempt.max_score, Attempt.submitted_at,
               func.coalesce(Attempt.override_score, Attempt.score).label("mark"))
        .outerjoin(Attempt, and_(Attempt.student_id == Student.id,
                                 Attempt.submitted_at.is_not(None)))
        .where(Student.classroom_id == classroom.id, Student.removed_at.is_(None))
        .order_by(Student.name_key, Student.id)
        .execution_options(yield_per=_BATCH)
    )
    for _, group in groupby(rows, key=lambda row: row.id):
        attempts = list(group)
        first = attempts[0]
        cells: list[object] = [""] * len(assignments)
        by_assignment = groupby(sorted((a for a in attempts if a.assignment_id in column),
                                       key=lambda a: a.assignment_id),
                                key=lambda a: a.assignment_id)
        for assignment_id, taken in by_assignment:
            best = counted(list(taken), assignments[column[assignment_id]].counting)
            if best is not None:
                index = column[assignment_id]
                cells[index] = _points(best.mark, best.max_score, possible[index])
        yield (first.name, "", first.student_number or "", first.email or "", classroom.name,
               *cells)


def answer_rows(session: Session, classroom: Classroom) -> Iterator[tuple[object, ...]]:
    """The header, then one row per student, attempt and statement answered."""
    titles = {a.id: a.question_set.latest.title for a in current_assignments(classroom)}
    yield ANSWERS_HEADER
    rows = session.execute(
        select(Student.name, Student.student_number, Student.email, Attempt.assignment_id,
               Attempt.number, Attempt.submitted_at, Statement.number.label("statement"),
               Statement.text, Statement.answers, Answer.label)
        .join(Attempt, Attempt.student_id == Student.id)
        .join(Answer, Answer.attempt_id == Attempt.id)
        .join(Statement, Statement.id == Answer.statement_id)
        .where(Student.classroom_id == classroom.id, Student.removed_at.is_(None),
               Attempt.assignment_id.in_(list(titles)))
        .order_by(Student.name_key, Student.id, Attempt.assignment_id, Attempt.number,
                  Statement.number)
        .execution_options(yield_per=_BATCH)
    )
    for row in rows:
        submitted = row.submitted_at.strftime("%Y-%m-%d %H:%M:%S") if row.submitted_at else ""
        yield (row.name, row.student_number or "", row.email or "", classroom.name,
               titles.get(row.assignment_id, ""), row.number, submitted, row.statement,
               row.text, row.label, " or ".join(row.answers), int(row.label in row.answers))
