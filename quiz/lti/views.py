"""The LTI routes: OIDC login, launch, the tool's key set, and the registrations page.

The platform posts the login and the launch from its own site, so neither carries our CSRF
token: the launch is signed by the platform instead, and the login only starts a redirect
back to that platform. Every refusal is a plain page with a 4xx status.
"""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.exception import LtiException, OIDCException
from wtforms import StringField
from wtforms.validators import Length, Optional

from quiz import accounts
from quiz.db import get_session
from quiz.forms import ActionForm
from quiz.lti import framing, platforms
from quiz.lti import launch as lti_launch
from quiz.lti.storage import DatabaseLaunchStorage, DatabaseToolConf, OneUseNonces, find_platform
from quiz.models import utcnow
from quiz.student import identity

bp = Blueprint("lti", __name__, url_prefix="/lti")


def _field(limit: int = 4000) -> StringField:
    return StringField(validators=[Optional(), Length(max=limit)])


class LoginForm(FlaskForm):
    """The platform's login initiation (GET or POST); read by the library."""

    class Meta:
        csrf = False

    iss, login_hint, target_link_uri = _field(500), _field(), _field(500)
    lti_message_hint, lti_deployment_id, client_id = _field(), _field(255), _field(255)


class LaunchForm(FlaskForm):
    """The platform's form post of the signed id token."""

    class Meta:
        csrf = False

    id_token, state = _field(64_000), _field(200)


def _refused(status: int, title: str, message: str):
    return render_template("lti/refused.html", title=title, message=message), status


def _tool_conf() -> DatabaseToolConf:
    return DatabaseToolConf(get_session(), Path(current_app.instance_path))


def _library_request(form: FlaskForm) -> FlaskRequest:
    data = {name: value for name, value in form.data.items() if value}
    return FlaskRequest(request_data=data or {"none": ""})


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Start the OIDC login the platform asked for: back to it with a state and a nonce."""
    form = LoginForm(formdata=request.values)
    if not form.validate() or not form.iss.data or not form.login_hint.data:
        return _refused(400, "Not a login from an LMS",
                        "This address is opened by your LMS when you launch the activity.")
    storage = DatabaseLaunchStorage(get_session())
    library_request = _library_request(form)
    oidc = FlaskOIDCLogin(library_request, _tool_conf(),
                          session_service=OneUseNonces(library_request, storage),
                          cookie_service=framing.CrossSiteCookies(library_request))
    try:
        response = oidc.redirect(url_for(".launch", _external=True))
    except (OIDCException, LtiException):
        return _refused(403, "This LMS is not registered",
                        "This site does not know the LMS that sent you. Its administrator "
                        "registers it first (see the README, \"Through your LMS\").")
    get_session().commit()
    return response


# What the library's refusals mean for the person who sees them, by the start of its message.
_REFUSALS = {
    "State not found": (401, "This launch has expired",
                        "Open the activity again from your course."),
    "Missing state": (401, "This launch has expired", "Open the activity again from your course."),
    "Invalid Nonce": (401, "This launch was already used",
                      "Each launch works once. Open the activity again from your course."),
    "Registration not found": (403, "This LMS is not registered",
                               "This site does not know the LMS or its client id."),
    "Client id not registered": (403, "This LMS is not registered",
                                 "This site does not know the LMS or its client id."),
    "The deployment ID": (403, "This LMS deployment is not registered",
                          "Ask the site's administrator to add the deployment id."),
}
_BAD_TOKEN = (401, "The launch could not be verified",
              "The LMS's signature did not check out, or the launch is too old. Open the "
              "activity again from your course.")


@bp.post("/launch")
def launch():
    """Verify the platform's id token, sign the person in, and open their class."""
    form = LaunchForm()
    if not form.validate() or not form.id_token.data or not form.state.data:
        return _refused(400, "Not a launch from an LMS",
                        "This address is opened by your LMS when you launch the activity.")
    db = get_session()
    library_request = _library_request(form)
    message = FlaskMessageLaunch(library_request, _tool_conf(),
                                 session_service=OneUseNonces(library_request,
                                                              DatabaseLaunchStorage(db)))
    try:
        claims = message.get_launch_data()
        role = ("teacher" if message.check_teacher_access()
                else "learner" if message.check_student_access() else None)
    except LtiException as error:
        text = str(error)
        return _refused(*next((answer for start, answer in _REFUSALS.items()
                               if text.startswith(start)), _BAD_TOKEN))
    deep_linking = message.is_deep_link_launch()
    if deep_linking and role != "teacher":
        return _refused(403, "Only your teacher adds activities",
                        "Adding this activity to a course is for the course's instructors.")
    if not deep_linking and not message.is_resource_launch():
        return _refused(400, "Not a launch this activity knows",
                        "Open the activity from its link in your course.")
    platform = find_platform(db, claims["iss"], message.get_client_id())
    outcome = lti_launch.admit(db, platform, claims, role)
    if isinstance(outcome, lti_launch.Refused):
        db.rollback()
        return _refused(outcome.status, outcome.title, outcome.message)
    framing.mark_launched()
    if isinstance(outcome, lti_launch.TeacherIn):
        accounts.start_session(db, outcome.teacher,
                               utcnow() - current_app.permanent_session_lifetime)
        db.commit()
        login_user(outcome.teacher)
        if deep_linking:  # the teacher picks the set next (quiz/lti/deep_linking.py)
            return redirect(url_for(".deep_link", launch=message.get_launch_id()), code=303)
        return redirect(url_for("classes.classroom", classroom_id=outcome.classroom.id),
                        code=303)
    identity.remember_student(outcome.student)
    db.commit()
    if outcome.assignment is None:
        return redirect(url_for("student_classes.classroom",
                                classroom_id=outcome.classroom.id), code=303)
    return render_template("lti/start.html", assignment=outcome.assignment,
                           classroom=outcome.classroom, form=ActionForm())


@bp.get("/jwks.json")
def jwks():
    """The tool's public key set, which platforms check the tool's signatures with."""
    return jsonify(_keys())


def _keys() -> dict:
    from quiz.lti import keys

    return keys.public_jwks(Path(current_app.instance_path))


@bp.get("/platforms")
@login_required
def registrations():
    """The registered LMSs, and the values an LMS admin pastes (read-only; the CLI adds)."""
    return render_template(
        "lti/platforms.html", platforms=platforms.all_platforms(get_session()),
        tool={"Login (OIDC initiation) URL": url_for(".login", _external=True),
              "Launch (redirect) URL": url_for(".launch", _external=True),
              "Key set (JWKS) URL": url_for(".jwks", _external=True)},
        teacher=current_user)
