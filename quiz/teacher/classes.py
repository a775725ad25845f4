"""Classes: create, rename, archive, join codes, class lists, students' cards, letting a student
rejoin, removing one or putting them back, and assigning question sets."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import segno
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from quiz import assignments as policy
from quiz import catalogue, progress, removals
from quiz import classes as class_actions
from quiz.db import get_session
from quiz.forms import ActionForm
from quiz.importing import private_copy
from quiz.models import Assignment, Student, utcnow
from quiz.problems import problem_lines
from quiz.roster import RosterError, read_roster
from quiz.teacher.access import own_assignment, own_classroom, own_student, visible_set
from quiz.teacher.forms import AssignmentForm, ClassForm, RosterForm

bp = Blueprint("classes", __name__, url_prefix="/teacher")


def _set_choices() -> list[SelectChoice]:
    """Sets this teacher may assign: their own and the shared ones, by title."""
    entries = catalogue.usable_entries(get_session(), current_user.id)
    return [SelectChoice(e.slug, e.title) for e in sorted(entries, key=lambda e: (e.title, e.slug))]


def _assignment_form(assignment: Assignment | None = None) -> AssignmentForm:
    form = AssignmentForm(obj=assignment)
    form.question_set.choices = _set_choices()
    if assignment is not None and not form.is_submitted():
        form.question_set.data = assignment.question_set.slug
        if assignment.due_at is not None:
            form.due_at.data = assignment.due_at.astimezone(_zone()).replace(tzinfo=None)
    return form


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


@bp.route("/", methods=["GET", "POST"])
def index():
    """The teacher's classes, and a form to create one."""
    form = ClassForm()
    if form.validate_on_submit():
        classroom = class_actions.create_classroom(get_session(), current_user, form.name.data)
        get_session().commit()
        flash(f"Class {classroom.name} created. Its join code is "
              f"{class_actions.format_code(classroom.join_code)}.")
        return redirect(url_for(".classroom", classroom_id=classroom.id))
    return render_template("teacher/classes.html", form=form,
                           classrooms=current_user.classrooms), 400 if form.errors else 200


@bp.get("/classes/<int:classroom_id>")
def classroom(classroom_id: int):
    """One class: its join code, students, assignments and exports."""
    return _classroom_page(own_classroom(classroom_id))


def _classroom_page(classroom, status=200, **forms):
    forms.setdefault("rename_form", ClassForm(obj=classroom))
    forms.setdefault("roster_form", RosterForm())
    forms.setdefault("assignment_form", _assignment_form())
    sets = catalogue.entries_by_id(get_session(),
                                   (a.question_set_id for a in classroom.assignments))
    return render_template("teacher/classroom.html", classroom=classroom, sets=sets,
                           code=class_actions.format_code(classroom.join_code),
                           roster=any(s.on_roster for s in classroom.students),
                           students=removals.current_students(classroom),
                           removed=removals.removed_students(get_session(), classroom),
                           assignments=policy.current_assignments(classroom),
                           archived=policy.archived_assignments(classroom),
                           look_alikes=class_actions.look_alikes(classroom),
                           growth=progress.class_growth(get_session(), classroom),
                           action=ActionForm(), zone=_zone(), **forms), status


@bp.post("/classes/<int:classroom_id>/name")
def rename(classroom_id: int):
    """Rename a class."""
    classroom = own_classroom(classroom_id)
    form = ClassForm()
    if not form.validate_on_submit():
        return _classroom_page(classroom, 400, rename_form=form)
    classroom.name = form.name.data
    get_session().commit()
    flash("The class is renamed.")
    return redirect(url_for(".classroom", classroom_id=classroom.id))


@bp.post("/classes/<int:classroom_id>/archive")
def archive(classroom_id: int):
    """Archive a class (no one can join or start), or bring it back."""
    classroom = own_classroom(classroom_id)
    if ActionForm().validate_on_submit():
        classroom.archived = not classroom.archived
        get_session().commit()
        flash("The class is archived." if classroom.archived else "The class is open again.")
    return redirect(url_for(".classroom", classroom_id=classroom.id))


@bp.post("/classes/<int:classroom_id>/code")
def new_code(classroom_id: int):
    """Give the class a new join code; the old one stops working."""
    classroom = own_classroom(classroom_id)
    if ActionForm().validate_on_submit():
        classroom.join_code = class_actions.unique_join_code(get_session())
        get_session().commit()
        flash(f"New join code: {class_actions.format_code(classroom.join_code)}. "
              "The old code no longer works.")
    return redirect(url_for(".classroom", classroom_id=classroom.id))


@bp.post("/classes/<int:classroom_id>/roster")
def roster(classroom_id: int):
    """Add a class list from a CSV file; with any error, add nothing."""
    classroom = own_classroom(classroom_id)
    form = RosterForm()
    if not form.validate_on_submit():
        return _classroom_page(classroom, 400, roster_form=form)
    filename = form.roster.data.filename or "roster.csv"
    try:
        text = form.roster.data.read().decode("utf-8-sig")
        read = read_roster(text)
        entries = read.entries
    except UnicodeDecodeError:
        form.roster.errors.append(f"{filename} is not UTF-8 text: save it as 'CSV UTF-8'.")
        return _classroom_page(classroom, 400, roster_form=form)
    except RosterError as error:
        form.roster.errors.extend(f"{filename}:{p.line}: {p.message}" for p in error.problems)
        return _classroom_page(classroom, 400, roster_form=form)
    added = class_actions.add_roster(get_session(), classroom, entries)
    get_session().commit()
    removed = (f" Still removed: {', '.join(added.still_removed)}. A class list does not bring "
               "back a student you removed: press Put back under Removed students for that."
               if added.still_removed else "")
    left_out = "".join(f" {line}." for line in problem_lines(filename, read.left_out))
    flash(f"Class list read: {len(entries)} students, {added.new} new. Students on the list now "
          f"join with their own card: print the cards from Students.{removed}{left_out}")
    return redirect(url_for(".classroom", classroom_id=classroom.id))


@bp.post("/classes/<int:classroom_id>/students/<int:student_id>/rejoin")
def rejoin(classroom_id: int, student_id: int):
    """Let a student join again (the old device and the old card lose access)."""
    classroom, student = own_student(classroom_id, student_id)
    if ActionForm().validate_on_submit() and student.removed_at is None:
        class_actions.let_rejoin(get_session(), student)
        get_session().commit()
        if any(s.on_roster for s in classroom.students):
            flash(f"{student.name} can join again with a new card: print it from Cards. The "
                  "old card and link no longer work.")
        else:
            flash(f"{student.name} can now join again with the class code and their name. "
                  "A new card from Cards works too; the old card and link no longer work.")
    return redirect(url_for(".classroom", classroom_id=classroom.id))


@bp.route("/classes/<int:classroom_id>/students/<int:student_id>/remove",
          methods=["GET", "POST"])
def remove(classroom_id: int, student_id: int):
    """Ask, then take a student out of the class, keeping their attempts for the record."""
    classroom, student = own_student(classroom_id, student_id)
    if student.removed_at is not None:
        flash(f"{student.name} is already removed from the class.")
        return redirect(url_for(".classroom", classroom_id=classroom.id))
    form = ActionForm()
    if form.validate_on_submit():
        kept = removals.remove_student(get_session(), student, utcnow())
        get_session().commit()
        flash(f"{student.name} is removed from the class; {removals.kept_attempts(kept)}.")
        return redirect(url_for(".classroom", classroom_id=classroom.id))
    return render_template("teacher/remove_student.html", classroom=classroom,
                           student=student, form=form,
                           summary=removals.removal_summary(get_session(), student))


@bp.post("/classes/<int:classroom_id>/students/<int:student_id>/put-back")
def put_back(classroom_id: int, student_id: int):
    """Bring a removed student back into the class, with a new card."""
    classroom, student = own_student(classroom_id, student_id)
    if ActionForm().validate_on_submit() and student.removed_at is not None:
        removals.put_back(get_session(), student)
        get_session().commit()
        way = "a new card: print it from Card" if student.on_roster else \
            "the class code and their name, or a new card from Card"
        flash(f"{student.name} is back in the class, with their attempts. They join again with "
              f"{way}. The old card no longer works.")
    return redirect(url_for(".classroom", classroom_id=classroom.id))


@bp.get("/classes/<int:classroom_id>/cards")
def cards(classroom_id: int):
    """A sheet of cards to print, one per student (or one: ?student=id): name, class, link,
    personal code and a QR code of the link."""
    classroom = own_classroom(classroom_id)
    students = removals.current_students(classroom)  # a removed student's card is refused
    if (wanted := request.args.get("student", type=int)) is not None:
        students = [s for s in students if s.id == wanted]
    if class_actions.issue_missing_codes(get_session(), students):
        get_session().commit()
    cards = [_card(student) for student in students]
    return render_template("teacher/cards.html", classroom=classroom, cards=cards)


def _card(student: Student) -> dict[str, str]:
    link = url_for("student_classes.personal", code=student.personal_code, _external=True)
    # SVG drawn on the server, inline in the page: no image request, no script, no service.
    qr = segno.make(link, error="m").svg_inline(scale=1, omitsize=True, svgclass="qr",
                                                title="QR code of this card's link")
    return {"name": student.name, "link": link, "qr": qr,
            "code": class_actions.format_personal_code(student.personal_code)}


@bp.post("/classes/<int:classroom_id>/assignments")
def assign(classroom_id: int):
    """Assign a question set to the class."""
    classroom = own_classroom(classroom_id)
    form = _assignment_form()
    if not form.validate_on_submit():
        return _classroom_page(classroom, 400, assignment_form=form)
    question_set = visible_set(form.question_set.data)
    if question_set.owner_id is None and form.private_copy.data \
            and current_app.config["PUBLIC_PRACTICE"]:
        question_set = private_copy(get_session(), question_set, current_user.id)
    assignment = Assignment(classroom=classroom, question_set=question_set)
    get_session().add(assignment)
    _apply(form, assignment)
    try:
        get_session().commit()
    except IntegrityError:
        get_session().rollback()
        form.question_set.errors.append("That set is already assigned to this class; change "
                                        "its settings below instead (if it is archived, "
                                        "restore it under Archived assignments).")
        return _classroom_page(own_classroom(classroom_id), 400, assignment_form=form)
    flash(f"Assigned {assignment.question_set.latest.title}.")
    return redirect(url_for(".classroom", classroom_id=classroom.id))


@bp.route("/assignments/<int:assignment_id>/settings", methods=["GET", "POST"])
def settings(assignment_id: int):
    """Change an assignment's due date and attempt policy."""
    assignment = own_assignment(assignment_id)
    form = _assignment_form(assignment)
    form.question_set.choices = [SelectChoice(assignment.question_set.slug,
                                              assignment.question_set.latest.title)]
    if form.validate_on_submit():
        _apply(form, assignment)
        get_session().commit()
        flash("The assignment is updated.")
        return redirect(url_for(".classroom", classroom_id=assignment.classroom_id))
    return render_template("teacher/assignment_settings.html", assignment=assignment,
                           form=form), 400 if form.errors else 200


def _apply(form: AssignmentForm, assignment: Assignment) -> None:
    """Copy the policy fields; the set itself never changes once assigned."""
    due = form.due_at.data
    assignment.due_at = due.replace(tzinfo=_zone()) if due else None
    assignment.attempts_allowed = form.attempts_allowed.data
    assignment.counting = form.counting.data
    assignment.reveal = form.reveal.data
