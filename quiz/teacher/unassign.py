"""Unassigning a set: deleted while nobody has attempted it, archived (and restorable) after."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from quiz import assignments as policy
from quiz.db import get_session
from quiz.forms import ActionForm
from quiz.models import Assignment, utcnow
from quiz.teacher.access import own_assignment

bp = Blueprint("unassign", __name__, url_prefix="/teacher")


def _title(assignment: Assignment) -> str:
    return assignment.question_set.latest.title


def _to_class(classroom_id: int):
    return redirect(url_for("classes.classroom", classroom_id=classroom_id))


@bp.post("/assignments/<int:assignment_id>/unassign")
def unassign(assignment_id: int):
    """Delete an assignment nobody attempted; else say why not, and offer to archive it."""
    assignment = own_assignment(assignment_id)
    classroom_id, title = assignment.classroom_id, _title(assignment)
    if not ActionForm().validate_on_submit():
        return _to_class(classroom_id)
    refusal = policy.unassign(get_session(), assignment)
    if refusal is not None:
        return render_template("teacher/unassign.html", assignment=assignment, title=title,
                               refusal=refusal, form=ActionForm()), 409
    get_session().commit()
    flash(f"{title} is unassigned. Nobody had attempted it, so nothing is lost.")
    return _to_class(classroom_id)


@bp.post("/assignments/<int:assignment_id>/archive")
def archive(assignment_id: int):
    """Hide an assignment from students and the grades, keeping its attempts."""
    assignment = own_assignment(assignment_id)
    if ActionForm().validate_on_submit():
        policy.archive(assignment, utcnow())
        get_session().commit()
        flash(f"{_title(assignment)} is archived: students no longer see it and it is left "
              "out of the grades. Its attempts are kept under Archived assignments.")
    return _to_class(assignment.classroom_id)


@bp.post("/assignments/<int:assignment_id>/restore")
def restore(assignment_id: int):
    """Bring an archived assignment back to students and the grades."""
    assignment = own_assignment(assignment_id)
    if ActionForm().validate_on_submit():
        policy.restore(assignment)
        get_session().commit()
        flash(f"{_title(assignment)} is restored: students see it again, and it is back in "
              "the grades.")
    return _to_class(assignment.classroom_id)
