"""Students in classes: join with the class code and a name, or with a personal code or link;
see assignments with their status, start one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from quiz import assignments as policy
from quiz import attempts, catalogue
from quiz import classes as class_actions
from quiz.db import get_session, get_version
from quiz.forms import ActionForm
from quiz.models import Assignment, Classroom, utcnow
from quiz.security import Limit, address, rate_limits
from quiz.student import identity
from quiz.student.forms import JoinForm, PersonalCodeForm

bp = Blueprint("student_classes", __name__)
# Wrong class codes from one address: a class of students mistyping is far below it; guessing
# the 31**8 codes at this pace finds none.
JOIN_GUESSES = Limit("join-code", "30 per minute",
                     "Too many wrong class codes from here. Wait a minute, then check the code "
                     "with your teacher.")
# Wrong personal codes from one address: at this pace the 31**12 codes are out of reach.
CARD_GUESSES = Limit("personal-code", "30 per minute",
                     "Too many wrong personal codes from here. Wait a minute, then check the "
                     "code on your card with your teacher.")


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Join a class with its code and your name."""
    form = JoinForm(data={"code": request.args.get("code", "")})
    card = PersonalCodeForm(formdata=None)
    if form.validate_on_submit():
        guesses = JOIN_GUESSES.per(address())
        rate_limits().check(guesses)
        db = get_session()
        classroom = class_actions.find_by_code(db, form.code.data)
        if classroom is None:
            rate_limits().count(guesses)
            form.code.errors.append("There is no class with that code. Check it with your "
                                    "teacher.")
        elif (student := identity.student_in(classroom.id)) is not None:
            return redirect(url_for(".classroom", classroom_id=student.classroom_id))
        else:
            try:
                student = class_actions.join(db, classroom, form.name.data,
                                             form.student_number.data, form.email.data,
                                             request.headers.get("User-Agent", ""))
            except class_actions.JoinError as error:
                form.name.errors.append(str(error))
            else:
                identity.remember_student(student)
                db.commit()
                flash(f"Welcome, {student.name}! You joined {classroom.name}.")
                return redirect(url_for(".classroom", classroom_id=classroom.id))
    return render_template("student/join.html", form=form, card=card), \
        400 if form.errors else 200


@bp.get("/join/personal")
def personal_typed():
    """The personal code typed on the join page: on to the card's link."""
    card = PersonalCodeForm(request.args)
    code = class_actions.clean_code(card.code.data or "") if card.validate() else ""
    if code:
        return redirect(url_for(".personal", code=code))
    if not card.code.errors:
        card.code.errors.append("Type the personal code on your card.")
    return render_template("student/join.html", form=JoinForm(), card=card), 400


@bp.route("/join/<code>", methods=["GET", "POST"])
def personal(code: str):
    """A card's link: who it joins as, and a button to join (a link preview joins nobody)."""
    guesses = CARD_GUESSES.per(address())
    rate_limits().check(guesses)
    db = get_session()
    student = class_actions.find_by_personal_code(db, code)
    if student is None:
        rate_limits().count(guesses)
        return render_template("student/join_card.html", student=None, problem=(
            "That personal code does not work. It may be mistyped, or your teacher may have "
            "given you a new card. Check it with your teacher.")), 404
    if identity.student_in(student.classroom_id) == student:
        return redirect(url_for(".classroom", classroom_id=student.classroom_id))
    form = ActionForm()
    refusal = class_actions.card_refusal(student)
    if refusal is None and form.validate_on_submit():
        try:
            class_actions.join_personal(db, student, request.headers.get("User-Agent", ""))
        except class_actions.JoinError as error:  # another browser was a moment faster
            refusal = error
        else:
            identity.remember_student(student)
            db.commit()
            flash(f"Welcome, {student.name}! You joined {student.classroom.name}.")
            return redirect(url_for(".classroom", classroom_id=student.classroom_id))
    if refusal is not None:
        status = 409 if isinstance(refusal, class_actions.CardUsed) else 400
        return render_template("student/join_card.html", student=student,
                               problem=str(refusal)), status
    return render_template("student/join_card.html", student=student, form=form,
                           code=student.personal_code)


def _classroom_and_student(classroom_id: int):
    classroom = get_session().get(Classroom, classroom_id)
    student = identity.student_in(classroom_id)
    if classroom is None or student is None:
        abort(404)
    return classroom, student


@bp.get("/classes/<int:classroom_id>")
def classroom(classroom_id: int):
    """A student's assignments in one class, each with its status."""
    classroom, student = _classroom_and_student(classroom_id)
    db, now = get_session(), utcnow()
    if attempts.close_past_due(db, classroom.assignments, now):
        db.commit()
    taken = policy.attempts_by_assignment(db, student)
    shown = policy.current_assignments(classroom)  # an archived one is withdrawn
    rows = [(a, policy.status(a, taken.get(a.id, []), now)) for a in shown]
    sets = catalogue.entries_by_id(db, (a.question_set_id for a in shown))
    return render_template("student/classroom.html", classroom=classroom, student=student,
                           rows=rows, sets=sets, action=ActionForm())


@bp.post("/classes/<int:classroom_id>/not-me")
def not_me(classroom_id: int):
    """This browser forgets who it is in the class, so someone else can join."""
    if ActionForm().validate_on_submit():
        identity.forget_student(classroom_id)
        get_session().commit()
        flash("Signed out of the class. Join with your own name.")
    return redirect(url_for(".join"))


@bp.post("/classes/<int:classroom_id>/assignments/<int:assignment_id>/start")
def start(classroom_id: int, assignment_id: int):
    """Continue the open attempt at an assignment, or start the next one if allowed."""
    classroom, student = _classroom_and_student(classroom_id)
    assignment = get_session().get(Assignment, assignment_id)
    if assignment is None or assignment.classroom_id != classroom.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    db = get_session()
    taken = policy.attempts_by(db, assignment, student)
    attempt = next((a for a in taken if a.submitted_at is None), None)
    if attempt is None:
        try:
            attempt = policy.start_assigned(db, assignment, student, utcnow())
        except policy.PolicyError as error:
            flash(str(error))
            return redirect(url_for(".classroom", classroom_id=classroom.id), code=303)
        db.commit()
    answered = attempts.chosen_labels(db, attempt)
    if not answered:  # a new attempt: how to tell the labels apart comes before passage 1
        return redirect(url_for("student.introduction", public_id=attempt.public_id), code=303)
    number = attempts.resume_number(get_version(attempt.version_id), answered)
    return redirect(url_for("student.passage", public_id=attempt.public_id, number=number),
                    code=303)
