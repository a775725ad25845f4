"""Student pages: list quizzes, start one, answer passage by passage, see the result."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from quiz import attempts, catalogue, feedback, mistakes, progress
from quiz.db import get_session, get_version
from quiz.models import Attempt, Classroom, Passage, QuestionSetVersion, utcnow
from quiz.reveal import key_visible
from quiz.security import Limit, address, rate_limits
from quiz.student import identity
from quiz.student.forms import ResultFilter, StartForm, field_name, passage_form

bp = Blueprint("student", __name__)
# Practice starts (each a stored attempt): a student restarting now and then is far below the
# first; a few classes starting at once behind one school address, below the second.
PRACTICE_PER_BROWSER = Limit("practice", "20 per 10 minutes",
                             "You have started many quizzes in a short time. Wait a few "
                             "minutes, then carry on with one you started.")
PRACTICE_FROM_ADDRESS = Limit("practice-address", "120 per 10 minutes",
                              "Many quizzes have been started from this network in a short "
                              "time. Wait a few minutes and try again.")

# The review partial (student/_passage_review.html) is also the teacher's view of an attempt,
# so what it calls is there for every template.
bp.add_app_template_global(feedback.why_not_html, "why_not")
bp.add_app_template_global(mistakes.mark_wrong, "mark_wrong")
bp.add_app_template_global(mistakes.wrong_numbers, "wrong_numbers")


def _practice_version(slug: str) -> QuestionSetVersion:
    """The latest version of a shared set; a teacher's own sets are reached by assignment."""
    question_set = catalogue.shared_set(get_session(), slug) if _practice_on() else None
    if question_set is None:
        abort(404)
    return question_set.latest


def _attempt_here(public_id: str) -> Attempt:
    """The attempt with what the rules read (its student, its assignment) in one query, if
    this browser's student started it; 404 otherwise."""
    attempt = get_session().scalar(select(Attempt).where(Attempt.public_id == public_id).options(
        joinedload(Attempt.student), joinedload(Attempt.assignment)))
    if attempt is None or not identity.owns(attempt):
        abort(404)
    return attempt


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
    classrooms = [c for c in (db.get(Classroom, i) for i in identity.joined_classroom_ids())
                  if c is not None and identity.student_in(c.id) is not None]
    sets = catalogue.shared_entries(db) if _practice_on() else []
    return render_template("student/index.html", sets=sets, practice=_practice_on(),
                           classrooms=classrooms)


def _practice_on() -> bool:
    """May anyone practise the shared sets (QUIZ_PUBLIC_PRACTICE)?"""
    return bool(current_app.config["PUBLIC_PRACTICE"])


@bp.route("/quizzes/<slug>", methods=["GET", "POST"])
def start(slug: str):
    """Show a quiz's introduction and start a practice attempt under the student's name."""
    version = _practice_version(slug)
    form = StartForm(data={"name": ""})
    if form.validate_on_submit():
        rate_limits().take(PRACTICE_PER_BROWSER.per(identity.browser_id()),
                           PRACTICE_FROM_ADDRESS.per(address()))
        attempt = attempts.start(get_session(), version, form.name.data)
        identity.remember_practice(attempt)
        get_session().commit()
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


@bp.get("/attempts/<public_id>/introduction")
def introduction(public_id: str):
    """How to tell the labels apart, before passage 1 of an attempt started in a class."""
    attempt = _attempt_here(public_id)
    if attempt.submitted_at is not None:
        return redirect(url_for(".result", public_id=public_id))
    return render_template("student/introduction.html", attempt=attempt,
                           version=get_version(attempt.version_id))


@bp.route("/attempts/<public_id>/passages/<int(signed=True):number>", methods=["GET", "POST"])
def passage(public_id: str, number: int):
    """One passage with its statements; saving moves on, the last one submits."""
    db = get_session()
    attempt = _attempt_here(public_id)
    version = get_version(attempt.version_id)  # the hot path: no ORM loading of passages
    step = attempts.visit_passage(db, attempt, version, number, utcnow())
    if step.kind != attempts.SHOW:
        if step.kind == attempts.CLOSED:
            db.commit()  # a visit after the due date submitted the attempt
        return _follow(step, public_id)
    current = version.passages[number - 1]
    saved = {field_name(s): step.answered[s.id] for s in current.statements
             if s.id in step.answered}
    form = passage_form(version, current, saved)
    if form.validate_on_submit():
        step = attempts.save_passage(db, attempt, version, number, form.chosen(), utcnow(),
                                     step.answered)
        db.commit()
        return _follow(step, public_id)
    return render_template("student/passage.html", attempt=attempt, version=version,
                           passage=current, form=form, total=len(version.passages)), \
        400 if form.errors else 200


def _follow(step: attempts.Step, public_id: str):
    """The page a step of the passage flow leads to."""
    if step.kind == attempts.NO_SUCH_PASSAGE:
        abort(400, step.message)
    if step.kind in (attempts.FINISHED, attempts.SUBMITTED, attempts.SEALED, attempts.CLOSED):
        if step.message:
            flash(step.message)
        return redirect(url_for(".result", public_id=public_id))
    if step.kind in (attempts.ANSWERED, attempts.REVEALED):
        return redirect(url_for(".review", public_id=public_id, number=step.number))
    if step.message:
        flash(step.message)
    return redirect(url_for(".passage", public_id=public_id, number=step.number))


@bp.get("/attempts/<public_id>/passages/<int(signed=True):number>/review")
def review(public_id: str, number: int):
    """One answered passage with its key, when answers are shown after each passage."""
    attempt = _owned_attempt(public_id)
    if not attempts.reviewable(attempt, number):
        return redirect(url_for(".passage", public_id=public_id, number=max(number, 1)))
    answered = attempts.chosen_labels(get_session(), attempt)
    passage = attempt.version.passages[number - 1]
    return render_template("student/review.html", attempt=attempt, passage=passage,
                           score=attempts.result(attempt.version.statements, answered),
                           total=len(attempt.version.passages))


@bp.get("/attempts/<public_id>/result")
def result(public_id: str):
    """The score and the student's mix-ups, then each statement (or only the wrong ones) with
    its answer, key, explanation and cues."""
    attempt = _owned_attempt(public_id)
    answered = attempts.chosen_labels(get_session(), attempt)
    if attempt.submitted_at is None:
        return redirect(url_for(".passage", public_id=public_id,
                                number=attempts.resume_number(attempt.version, answered)))
    if not key_visible(attempt, utcnow()):
        return render_template("student/submitted.html", attempt=attempt)
    score = attempts.result(attempt.version.statements, answered)
    summary = mistakes.mistakes(attempt.version.passages, score, attempt.version.labels)
    only_mistakes = ResultFilter(request.args).only_mistakes()
    practice = identity.practice_ids() if attempt.student_id is None else ()
    return render_template("student/result.html", attempt=attempt, score=score,
                           summary=summary, only_mistakes=only_mistakes,
                           growth=progress.attempt_growth(get_session(), attempt, utcnow(),
                                                          practice))
