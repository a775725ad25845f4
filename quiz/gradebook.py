"""Gradebook exports: rows for the grades and answers CSVs, streamed from the database.

No Flask here. Rows are produced while the database cursor streams (`yield_per`), grouped
one student at a time, so memory stays flat whatever the size of the class.

The grades layout is the one Canvas's gradebook import accepts: Student, ID, SIS User ID,
SIS Login ID, Section, then one column per assignment, with a "Points Possible" row first.
A class list read from Canvas's own gradebook export kept each student's ID, SIS User ID,
SIS Login ID and Section (quiz/roster.py), and they are written back as they came, so every
row matches when the file goes back into Canvas. Where a student has none (a class list from
elsewhere, or none at all), ID is empty and Canvas matches on SIS User ID (the student id) or
SIS Login ID (the email); the section is the class's name.

The Moodle layout is the one its "Import grades from CSV" maps: First name, Last name, ID
number, Email address, then one column of points per assignment, and no Points Possible
row. Moodle identifies each student by their email address or ID number (the student id);
it does not use the names.

A cell is the counted attempt's mark: the teacher's override where there is one. The reason
for an override is not a column, since Canvas would import any extra column as an assignment;
it is on the attempt's page. Removed students and archived assignments are in neither file.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from sqlalchemy import Row, and_, func, select
from sqlalchemy.orm import Session

from quiz.assignments import counted, current_assignments
from quiz.models import Answer, Assignment, Attempt, Classroom, Statement, Student

GRADES_HEADER = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_GRADES_HEADER = ("First name", "Last name", "ID number", "Email address")
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


def _marks(session: Session, classroom: Classroom, assignments: list[Assignment],
           possible: list[int]) -> Iterator[tuple[Row, list[object]]]:
    """Each student (in name order) and their marks, one cell per assignment, as they stream."""
    column = {a.id: i for i, a in enumerate(assignments)}
    rows = session.execute(
        select(Student.id, Student.name, Student.student_number, Student.email,
               Student.canvas_id, Student.sis_login_id, Student.section,
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
        cells: list[object] = [""] * len(assignments)
        by_assignment = groupby(sorted((a for a in attempts if a.assignment_id in column),
                                       key=lambda a: a.assignment_id),
                                key=lambda a: a.assignment_id)
        for assignment_id, taken in by_assignment:
            best = counted(list(taken), assignments[column[assignment_id]].counting)
            if best is not None:
                index = column[assignment_id]
                cells[index] = _points(best.mark, best.max_score, possible[index])
        yield attempts[0], cells


def grade_rows(session: Session, classroom: Classroom) -> Iterator[tuple[object, ...]]:
    """The header, the Points Possible row, then one row per student."""
    assignments = current_assignments(classroom)
    possible = [points_possible(a) for a in assignments]
    yield (*GRADES_HEADER, *(a.question_set.latest.title for a in assignments))
    yield ("Points Possible", "", "", "", "", *possible)
    for student, cells in _marks(session, classroom, assignments, possible):
        yield (student.name, student.canvas_id or "", student.student_number or "",
               student.sis_login_id or student.email or "", student.section or classroom.name,
               *cells)


def split_name(name: str) -> tuple[str, str]:
    """(first name, last name) of a stored name, for Moodle's two columns: "Last, First" at
    its comma, otherwise at the last space (Moodle matches on the ids, not the names)."""
    last, comma, first = name.partition(",")
    if comma and "," not in first and first.strip() and last.strip():
        return first.strip(), last.strip()
    first, _, last = name.rpartition(" ")
    return (first, last) if first else (last, "")


def moodle_grade_rows(session: Session, classroom: Classroom) -> Iterator[tuple[object, ...]]:
    """The header, then one row per student, in the layout of Moodle's grade import."""
    assignments = current_assignments(classroom)
    possible = [points_possible(a) for a in assignments]
    yield (*MOODLE_GRADES_HEADER, *(a.question_set.latest.title for a in assignments))
    for student, cells in _marks(session, classroom, assignments, possible):
        yield (*split_name(student.name), student.student_number or "", student.email or "",
               *cells)


def answer_rows(session: Session, classroom: Classroom) -> Iterator[tuple[object, ...]]:
    """The header, then one row per student, attempt and statement answered."""
    titles = {a.id: a.question_set.latest.title for a in current_assignments(classroom)}
    yield ANSWERS_HEADER
    rows = session.execute(
        select(Student.name, Student.student_number, Student.email, Student.sis_login_id,
               Student.section, Attempt.assignment_id,
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
        yield (row.name, row.student_number or "", row.sis_login_id or row.email or "",
               row.section or classroom.name,
               titles.get(row.assignment_id, ""), row.number, submitted, row.statement,
               row.text, row.label, " or ".join(row.answers), int(row.label in row.answers))
