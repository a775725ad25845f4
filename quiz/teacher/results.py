"""Class results for an assignment, and one student's attempt in detail."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from quiz import attempts
from quiz.class_results import DEFAULT_ORDER, DEFAULT_SORT, assignment_results, sort_students
from quiz.db import get_session
from quiz.models import utcnow
from quiz.teacher.access import own_assignment, own_attempt
from quiz.teacher.forms import StudentSortForm

bp = Blueprint("results", __name__, url_prefix="/teacher")


@bp.get("/assignments/<int:assignment_id>")
def assignment(assignment_id: int):
    """Scores per student, their spread, and how each statement went."""
    assignment = own_assignment(assignment_id)
    if attempts.close_past_due(get_session(), [assignment], utcnow()):
        get_session().commit()
    results = assignment_results(get_session(), assignment)
    form = StudentSortForm(request.args)
    # A hand-edited or stale link sorts the default way rather than failing.
    sort, order = ((form.sort.data, form.order.data) if form.validate()
                   else (DEFAULT_SORT, DEFAULT_ORDER))
    return render_template("teacher/results.html", assignment=assignment, results=results,
                           rows=sort_students(results.started, sort, order),
                           sort=sort, order=order)


@bp.get("/attempts/<public_id>")
def attempt(public_id: str):
    """One student's attempt: every answer, the key and the explanations."""
    taken = own_attempt(public_id)
    answered = attempts.chosen_labels(get_session(), taken)
    return render_template("teacher/attempt.html", attempt=taken,
                           score=attempts.result(taken.version.statements, answered))
