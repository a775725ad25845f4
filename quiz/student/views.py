"""Student pages: list quizzes, start one, answer passage by passage, see the result."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from quiz import attempts
from quiz.assignments import key_visible
from quiz.db import get_session, get_version
from quiz.models import Attempt, Classroom, Passage, QuestionSet, QuestionSetVersion, utcnow
from quiz.student import identity
from quiz.student.forms import StartForm, field_name, passage_form

bp = Blueprint("student", __name__)


def _practice_version(slug: str) -> QuestionSetVersion:
    """The latest version of a shared set; a teacher's own sets are reached by assignment."""
    question_set = get_session().scalar(select(QuestionSet).where(QuestionSet.slug == slug))
    if question_set is None or question_set.owner_id is not None or not question_set.versions:
        abort(404)
    return question_set.latest


def _owned_attempt(public_id: str) -> Attempt:
    """The attempt, if this browser's student started it; 404 otherwise, so ids reveal nothing."""
    attempt = get_session().scalar(
        select(Attempt).where(Attempt.public_id == public_id).options(
            selectinload(Attempt.version).selectinload(QuestionSetVersion.passages)
            .selectinload(Passage.statements)
        )
    )
    if attempt is None or not identity.owns(attempt):
        abort(404)
    return attempt


@bp.get("/")
def index():
    """List the quizzes a student can take, and the classes this browser joined."""
    db = get_session()
    sets = db.scalars(select(QuestionSet).where(QuestionSet.owner_id.is_(None))
                      .order_by(QuestionSet.slug)).all()
    classrooms = [c for c in (db.get(Classroom, i) for i in identity.joined_classroom_ids())
                  if c is not None and identity.student_in(c.id) is not None]
    return render_template("student/index.html", versions=[s.latest for s in sets if s.versions],
                           classrooms=classrooms)


@bp.route("/quizzes/<slug>", methods=["GET", "POST"])
def start(slug: str):
    """Show a quiz's introduction and start a practice attempt under the student's name."""
    version = _practice_version(slug)
    form = StartForm(data={"name": ""})
    if form.validate_on_submit():
        attempt = attempts.start(get_session(), version, form.name.data)
        get_session().commit()
        identity.remember_practice(attempt)
        return redirect(url_for(".passage", public_id=attempt.public_id, number=1))
    mine = get_session().scalars(
        select(Attempt).where(Attempt.public_id.in_(identity.practice_ids()),
                              Attempt.version_id.in_([v.id for v in version.question_set.versions]))
        .order_by(Attempt.started_at)
    ).all()
    if mine and not form.is_submitted():
        form.name.data = mine[-1].student_name
    status = 400 if form.errors else 200
    return render_template("student/start.html", version=version, form=form,
                           attempts=mine), status


@bp.route("/attempts/<public_id>/passages/<int(signed=True):number>", methods=["GET", "POST"])
def passage(public_id: str, number: int):
    """One passage with its statements; saving moves on, the last one submits."""
    db = get_session()
    attempt = db.scalar(select(Attempt).where(Attempt.public_id == public_id))
    if attempt is None or not identity.owns(attempt):
        abort(404)
    version = get_version(attempt.version_id)  # the hot path: no ORM loading of passages
    passages = version.passages
    if not 1 <= number <= len(passages):
        abort(400, f"This quiz has passages 1 to {len(passages)}.")
    if attempt.submitted_at is not None:
        return redirect(url_for(".result", public_id=public_id))
    if number <= attempt.revealed_passages:  # answered for good, its key already shown
        return redirect(url_for(".review", public_id=public_id, number=number))
    answered = attempts.chosen_labels(db, attempt)
    incomplete = attempts.first_incomplete(passages, answered)
    if incomplete is not None and incomplete.position < number:
        flash("Please answer every statement of this passage first.")
        return redirect(url_for(".passage", public_id=public_id, number=incomplete.position))
    current = passages[number - 1]
    saved = {field_name(s): answered[s.id] for s in current.statements if s.id in answered}
    form = passage_form(version, current, saved)
    if form.validate_on_submit():
        if not attempts.record_answers(db, attempt, form.chosen()):
            return redirect(url_for(".result", public_id=public_id))  # sealed meanwhile
        answered.update(form.chosen())
        if number == len(passages):
            attempts.submit(db, attempt, version.statements, answered)
            db.commit()
            return redirect(url_for(".result", public_id=public_id))
        if attempt.assignment is not None and attempt.assignment.reveal == "passage":
            attempt.revealed_passages = number
            db.commit()
            return redirect(url_for(".review", public_id=public_id, number=number))
        db.commit()
        return redirect(url_for(".passage", public_id=public_id, number=number + 1))
    return render_template("student/passage.html", attempt=attempt, version=version,
                           passage=current, form=form, total=len(passages)), \
        400 if form.errors else 200


@bp.get("/attempts/<public_id>/passages/<int(signed=True):number>/review")
def review(public_id: str, number: int):
    """One answered passage with its key, when answers are shown after each passage."""
    attempt = _owned_attempt(public_id)
    if not 1 <= number <= attempt.revealed_passages:
        return redirect(url_for(".passage", public_id=public_id, number=max(number, 1)))
    answered = attempts.chosen_labels(get_session(), attempt)
    passage = attempt.version.passages[number - 1]
    return render_template("student/review.html", attempt=attempt, passage=passage,
                           score=attempts.result(attempt.version.statements, answered),
                           total=len(attempt.version.passages))


@bp.get("/attempts/<public_id>/result")
def result(public_id: str):
    """The score, then every statement with its answer, key, explanation and cues."""
    attempt = _owned_attempt(public_id)
    answered = attempts.chosen_labels(get_session(), attempt)
    if attempt.submitted_at is None:
        incomplete = attempts.first_incomplete(attempt.version.passages, answered)
        number = incomplete.position if incomplete else len(attempt.version.passages)
        return redirect(url_for(".passage", public_id=public_id, number=number))
    if not key_visible(attempt, utcnow()):
        return render_template("student/submitted.html", attempt=attempt)
    score = attempts.result(attempt.version.statements, answered)
    return render_template("student/result.html", attempt=attempt, score=score)
