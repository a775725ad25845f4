"""Students in classes: join with a code, see assignments with their status, start one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from quiz import assignments as policy
from quiz import attempts, catalogue
from quiz import classes as class_actions
from quiz.db import get_session
from quiz.forms import ActionForm
from quiz.models import Assignment, Classroom, utcnow
from quiz.student import identity
from quiz.student.forms import JoinForm

bp = Blueprint("student_classes", __name__)


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Join a class with its code and your name."""
    form = JoinForm(data={"code": request.args.get("code", "")})
    if form.validate_on_submit():
        db = get_session()
        classroom = class_actions.find_by_code(db, form.code.data)
        if classroom is None:
            form.code.errors.append("There is no class with that code. Check it with your "
                                    "teacher.")
        elif (student := identity.student_in(classroom.id)) is not None:
            return redirect(url_for(".classroom", classroom_id=student.classroom_id))
        else:
            try:
                student = class_actions.join(db, classroom, form.name.data,
                                             form.student_number.data, form.email.data)
            except class_actions.JoinError as error:
                form.name.errors.append(str(error))
            else:
                db.commit()
                identity.remember_student(student)
                flash(f"Welcome, {student.name}! You joined {classroom.name}.")
                return redirect(url_for(".classroom", classroom_id=classroom.id))
    return render_template("student/join.html", form=form), 400 if form.errors else 200


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
    rows = [(a, policy.status(a, taken.get(a.id, []), now)) for a in classroom.assignments]
    sets = catalogue.entries_by_id(db, (a.question_set_id for a in classroom.assignments))
    return render_template("student/classroom.html", classroom=classroom, student=student,
                           rows=rows, sets=sets, action=ActionForm())


@bp.post("/classes/<int:classroom_id>/not-me")
def not_me(classroom_id: int):
    """This browser forgets who it is in the class, so someone else can join."""
    if ActionForm().validate_on_submit():
        identity.forget_student(classroom_id)
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
    return redirect(url_for("student.passage", public_id=attempt.public_id, number=1), code=303)
