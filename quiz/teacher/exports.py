"""Gradebook CSV downloads, streamed row by row through the one CSV writer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from flask import Blueprint, Response, stream_with_context
from sqlalchemy.orm import Session

from quiz import attempts
from quiz.csv_writer import csv_lines
from quiz.db import get_session
from quiz.gradebook import answer_rows, grade_rows, moodle_grade_rows
from quiz.importing import slug_for
from quiz.models import Classroom, utcnow
from quiz.teacher.access import own_classroom

bp = Blueprint("exports", __name__, url_prefix="/teacher/classes")
RowMaker = Callable[[Session, Classroom], Iterator[tuple[object, ...]]]


def _download(make_rows: RowMaker, classroom: Classroom, kind: str) -> Response:
    if attempts.close_past_due(get_session(), classroom.assignments, utcnow()):
        get_session().commit()
    filename = f"{slug_for(classroom.name + '.csv')}-{kind}-{date.today().isoformat()}.csv"
    classroom_id = classroom.id

    def rows() -> Iterator[tuple[object, ...]]:
        # Runs while the response streams, after the view's own session has been closed
        # by teardown: so it opens its own and loads the class again.
        session = get_session()
        yield from make_rows(session, session.get(Classroom, classroom_id))

    return Response(
        stream_with_context(csv_lines(rows())),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Cache-Control": "no-store"},
    )


@bp.get("/<int:classroom_id>/grades.csv")
def grades(classroom_id: int):
    """One row per student, one column per assignment, in Canvas's import layout."""
    return _download(grade_rows, own_classroom(classroom_id), "grades")


@bp.get("/<int:classroom_id>/grades-moodle.csv")
def moodle_grades(classroom_id: int):
    """The same grades in the layout of Moodle's grade import (by email or ID number)."""
    return _download(moodle_grade_rows, own_classroom(classroom_id), "grades-moodle")


@bp.get("/<int:classroom_id>/answers.csv")
def answers(classroom_id: int):
    """One row per student, attempt and statement, with the chosen and correct labels."""
    return _download(answer_rows, own_classroom(classroom_id), "answers")
