"""Teacher sign-in and sign-out, with Flask-Login sessions."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.wrappers import Response
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, login_required, login_user, logout_user

from quiz import security
from quiz.accounts import authenticate, normalise_email
from quiz.db import get_session
from quiz.forms import ActionForm
from quiz.models import Teacher
from quiz.teacher.forms import LoginForm

bp = Blueprint("auth", __name__, url_prefix="/teacher")
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."
# Failed sign-ins allowed per minute, from one address and for one email each. Counted per
# process with the default memory storage: with 2 gunicorn workers, up to twice as many.
SIGN_IN_LIMIT = "10 per minute"


@login_manager.user_loader
def _load_teacher(teacher_id: str) -> Teacher | None:
    return get_session().get(Teacher, int(teacher_id)) if teacher_id.isdigit() else None


def _safe_next(target: str | None) -> str:
    """Only a path on this site; never an absolute URL an attacker could plant."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("classes.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign a teacher in."""
    form = LoginForm()
    if form.validate_on_submit():
        teacher = authenticate(get_session(), form.email.data, form.password.data)
        if teacher is not None:
            login_user(teacher)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("That email and password do not match an account.")
    return render_template("teacher/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    """Sign the teacher out."""
    if ActionForm().validate_on_submit():  # signing out changes state, so it is a POST
        logout_user()
        flash("You are signed out.")
    return redirect(url_for("auth.login"))


@bp.record_once
def _limit_sign_in(state: BlueprintSetupState) -> None:
    """Failed sign-ins are limited per address and per email: guessing passwords is slow.

    Only failures count (a 400), so a staff room signing in from one address is not locked
    out; once a limit is reached, every sign-in there waits, even with the right password.
    """
    for key in (_address_key, _email_key):
        security.limiter(state.app).limit(
            SIGN_IN_LIMIT, key_func=key, methods=["POST"], deduct_when=_failed,
            exempt_when=lambda: request.endpoint != "auth.login",
        )(bp)


def _address_key() -> str:
    return f"address:{get_remote_address()}"


def _email_key() -> str:
    # No longer than the form allows: a key is kept a minute, whatever was sent.
    return f"email:{normalise_email(request.form.get('email', ''))[:254]}"


def _failed(response: Response) -> bool:
    return response.status_code == 400
