"""Deep Linking: an instructor, inside the LMS, picks a question set and its attempt policy;
the tool assigns it to the course's class and answers the LMS with a signed link to that
assignment, with a line item (the gradebook column its scores go to).

The deep-linking launch itself is verified in views.launch, which signs the teacher in and
sends them here with the launch's id; the launch's claims (and the LMS's return address)
are read back from our launch storage, never from the form.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, g, make_response, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskRequest
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException
from pylti1p3.lineitem import LineItem
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from quiz import assignments as policy
from quiz import catalogue
from quiz.db import get_session
from quiz.importing import private_copy
from quiz.lti.services import ASSIGNMENT_PARAMETER
from quiz.lti.storage import DatabaseLaunchStorage, OneUseNonces, find_platform
from quiz.lti.views import _refused, _tool_conf, bp
from quiz.models import Assignment, Classroom, LtiContext, LtiTeacher, QuestionSet
from quiz.security import _CSP
from quiz.teacher.access import own_classroom, visible_set

# The assignment form and how its fields become an assignment's policy are the class
# page's (quiz/teacher/classes.py): one form, one rule, whichever page assigns.
from quiz.teacher.classes import _apply, _assignment_form

EXPIRED = (401, "This launch has expired",
           "Open the activity picker again from your course.")


class LaunchIdForm(FlaskForm):
    """The stored launch the picker belongs to, in its address (?launch=...)."""

    class Meta:
        csrf = False

    launch = StringField(validators=[DataRequired(), Length(max=200)])


def _launch(launch_id: str) -> tuple[FlaskMessageLaunch, Classroom]:
    """The stored deep-linking launch, and its course's class: only for the teacher it
    signed in (anyone else gets a 404, as for another teacher's class)."""
    db = get_session()
    library_request = FlaskRequest(request_data={"none": ""})
    try:
        message = FlaskMessageLaunch.from_cache(
            launch_id, library_request, _tool_conf(),
            session_service=OneUseNonces(library_request, DatabaseLaunchStorage(db)))
    except LtiException:
        abort(make_response(_refused(*EXPIRED)))
    claims = message.get_launch_data()
    if not message.is_deep_link_launch():
        abort(404)
    platform = find_platform(db, claims["iss"], message.get_client_id())
    teacher_id = db.scalar(select(LtiTeacher.teacher_id).where(
        LtiTeacher.platform_id == platform.id, LtiTeacher.subject == claims["sub"]))
    context_id = (claims.get("https://purl.imsglobal.org/spec/lti/claim/context") or {}).get("id")
    classroom_id = db.scalar(select(LtiContext.classroom_id).where(
        LtiContext.platform_id == platform.id, LtiContext.context_id == context_id))
    if teacher_id != current_user.id or classroom_id is None:
        abort(404)
    return message, own_classroom(classroom_id)


def assign_for_link(session: Session, classroom: Classroom,
                    question_set: QuestionSet) -> Assignment:
    """The class's assignment of this set, made now if there is none; picked again from the
    LMS, an archived one comes back (its attempts kept) rather than a second one."""
    assignment = session.scalar(select(Assignment).where(
        Assignment.classroom_id == classroom.id, Assignment.question_set_id == question_set.id))
    if assignment is None:
        assignment = Assignment(classroom=classroom, question_set=question_set)
        session.add(assignment)
    else:
        policy.restore(assignment)
    return assignment


def content_item(assignment: Assignment, title: str, statements: int) -> DeepLinkResource:
    """The LMS's link to the assignment: its launch opens the assignment (the custom
    parameter names it), and its line item is marked out of the set's statements."""
    line_item = (LineItem().set_score_maximum(statements).set_label(title)
                 .set_resource_id(str(assignment.id)))
    return (DeepLinkResource().set_url(url_for("lti.launch", _external=True))
            .set_title(title).set_lineitem(line_item)
            .set_custom_params({ASSIGNMENT_PARAMETER: str(assignment.id)}))


@bp.route("/deep-link", methods=["GET", "POST"])
@login_required
def deep_link():
    """Pick a set and its policy for a link in the LMS course, then go back to the LMS."""
    launch_form = LaunchIdForm(formdata=request.args)
    if not launch_form.validate():
        return _refused(*EXPIRED)
    message, classroom = _launch(launch_form.launch.data)
    form = _assignment_form()
    if not form.validate_on_submit():
        return render_template("lti/deep_link.html", classroom=classroom,
                               assignment_form=form), 400 if form.errors else 200
    return_url, db = _return_url(message), get_session()
    question_set = visible_set(form.question_set.data)
    if question_set.owner_id is None and form.private_copy.data \
            and current_app.config["PUBLIC_PRACTICE"]:
        question_set = private_copy(db, question_set, current_user.id)
    assignment = assign_for_link(db, classroom, question_set)
    _apply(form, assignment)
    db.flush()
    entry = catalogue.entries_by_id(db, [question_set.id])[question_set.id]
    deep_link = message.get_deep_link()
    token = deep_link.get_response_jwt([content_item(assignment, entry.title,
                                                     entry.statements)])
    db.commit()
    response = make_response(render_template(
        "lti/deep_link_return.html", return_url=return_url, token=token, title=entry.title))
    response.headers["Content-Security-Policy"] = _policy(return_url)
    return response


def _return_url(message: FlaskMessageLaunch) -> str:
    settings = message.get_launch_data().get(
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings") or {}
    url = str(settings.get("deep_link_return_url") or "")
    if urlsplit(url).scheme not in ("https", "http"):
        abort(make_response(_refused(400, "The LMS gave no return address",
                                     "Your LMS did not say where to send the link. Add "
                                     "the activity from the course again.")))
    return url


def _policy(return_url: str) -> str:
    """The site's content policy, framed by the platforms as every LTI page is, with the
    LMS's origin allowed as the target of this page's one form."""
    parts = urlsplit(return_url)
    ancestors = " ".join(g.get("frame_ancestors") or []) or "'none'"
    return (_CSP.replace("form-action 'self'", f"form-action 'self' {parts.scheme}://"
                         f"{parts.netloc}")
            .replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}"))
