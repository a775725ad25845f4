"""A teacher's mark and comment on one attempt, from the attempt's page.

The page itself is results.attempt's; its forms come from `attempt_forms`, so a form sent
back with errors is drawn by the same view, with its errors and a 400.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, url_for
from flask_wtf import FlaskForm

from quiz import marks
from quiz.db import get_session
from quiz.forms import ActionForm
from quiz.models import Attempt
from quiz.teacher import results
from quiz.teacher.access import own_attempt
from quiz.teacher.forms import CommentForm, MarkForm

bp = Blueprint("marks", __name__, url_prefix="/teacher")


@bp.app_template_global()
def attempt_forms(attempt: Attempt) -> dict[str, FlaskForm]:
    """The attempt page's forms: the one just sent back with its errors, or filled from the
    attempt."""
    failed = g.get("failed_forms", {})
    return {
        "mark": failed.get("mark") or MarkForm(
            attempt.max_score, formdata=None,
            data={"mark": attempt.override_score, "reason": attempt.override_reason}),
        "comment": failed.get("comment") or CommentForm(formdata=None,
                                                        data={"comment": attempt.comment}),
        "action": ActionForm(formdata=None),
    }


def _page_with(public_id: str, **failed: FlaskForm):
    g.failed_forms = failed
    return results.attempt(public_id), 400


def _back(attempt: Attempt):
    return redirect(url_for("results.attempt", public_id=attempt.public_id))


@bp.post("/attempts/<public_id>/mark")
def change(public_id: str):
    """Give a submitted attempt the teacher's mark, with the reason the student reads."""
    attempt = own_attempt(public_id)
    form = MarkForm(attempt.max_score)
    if form.validate_on_submit():
        refusal = marks.override(attempt, form.mark.data, form.reason.data)
        if refusal is None:
            get_session().commit()
            flash(f"The mark is now {attempt.mark} of {attempt.max_score}. "
                  f"{attempt.student_name} sees it with your reason.")
            return _back(attempt)
        form.mark.errors.append(refusal)
    return _page_with(public_id, mark=form)


@bp.post("/attempts/<public_id>/mark/remove")
def remove(public_id: str):
    """Go back to the score the answers earned."""
    attempt = own_attempt(public_id)
    if ActionForm().validate_on_submit() and marks.remove_override(attempt):
        get_session().commit()
        flash(f"The changed mark is removed: the mark is the score again, "
              f"{attempt.mark} of {attempt.max_score}.")
    return _back(attempt)


@bp.post("/attempts/<public_id>/comment")
def comment(public_id: str):
    """Save the teacher's comment, which the student reads on their result page."""
    attempt = own_attempt(public_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return _page_with(public_id, comment=form)
    marks.set_comment(attempt, form.comment.data)
    get_session().commit()
    flash(f"The comment is saved: {attempt.student_name} sees it with their result."
          if attempt.comment else "The comment is removed.")
    return _back(attempt)
