"""Teacher sign-in, sign-out and password change, with Flask-Login sessions held on the server.

The cookie holds the token of a sign-in row (`accounts.start_session`), not the teacher's id:
signing out deletes the row, so the cookie opens nothing any more wherever it was copied, and
a password change deletes every other sign-in of the teacher.

Failed sign-ins are throttled (OWASP: slow guessing down, never lock an account): per address
and email, and, higher, per address alone. A teacher is never locked out from everywhere by
someone else's guesses, and one person's mistakes do not lock out a staff room.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from quiz import accounts
from quiz.db import get_session
from quiz.forms import ActionForm
from quiz.models import Teacher, utcnow
from quiz.security import Count, Limit, address, rate_limits
from quiz.teacher.forms import LoginForm, PasswordForm

bp = Blueprint("auth", __name__, url_prefix="/teacher")
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."

# Failed sign-ins (and wrong current passwords on the password page) per minute. Counted in
# the storage every worker shares (see security.RateLimits).
SIGN_IN = Limit("sign-in", "10 per minute",
                "Too many sign-in attempts. Wait a minute and try again.")
SIGN_IN_FROM_ADDRESS = Limit("sign-in-address", "30 per minute",
                             "Too many sign-in attempts from this network. Wait a minute and "
                             "try again.")


@login_manager.user_loader
def _load_teacher(token: str) -> Teacher | None:
    return accounts.signed_in_teacher(get_session(), token, _oldest_sign_in())


def _oldest_sign_in() -> datetime:
    """A sign-in ends after the session lifetime, however long its cookie is kept."""
    return utcnow() - current_app.permanent_session_lifetime


def _sign_in_counts(email: str) -> tuple[Count, Count]:
    here = address()
    # No longer than the form allows: a key is kept a minute, whatever was sent.
    email = accounts.normalise_email(email)[:254]
    return SIGN_IN.per(here, email), SIGN_IN_FROM_ADDRESS.per(here)


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
        counts = _sign_in_counts(form.email.data)
        rate_limits().check(*counts)
        db = get_session()
        teacher = accounts.authenticate(db, form.email.data, form.password.data)
        if teacher is not None:
            if current_user.is_authenticated:  # signing in again ends the sign-in before
                accounts.end_session(db, current_user.session_token)
            accounts.start_session(db, teacher, _oldest_sign_in())
            db.commit()
            login_user(teacher)
            rate_limits().clear(counts[0])
            return redirect(_safe_next(request.args.get("next")))
        rate_limits().count(*counts)
        form.password.errors.append("That email and password do not match an account.")
    return render_template("teacher/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    """Sign the teacher out: this browser's sign-in ends on the server too."""
    if ActionForm().validate_on_submit():  # signing out changes state, so it is a POST
        accounts.end_session(get_session(), current_user.session_token)
        get_session().commit()
        logout_user()
        flash("You are signed out.")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change your password; every other browser signed in as you is signed out."""
    form = PasswordForm()
    teacher = current_user._get_current_object()
    if form.validate_on_submit():
        counts = _sign_in_counts(teacher.email)
        rate_limits().check(*counts)
        if accounts.password_matches(teacher, form.current.data):
            accounts.set_password(get_session(), teacher, form.new.data,
                                  keep=teacher.session_token)
            get_session().commit()
            flash("Your password is changed. Every other browser signed in as you is signed "
                  "out.")
            return redirect(url_for("classes.index"))
        rate_limits().count(*counts)  # a stolen session must not make guessing faster
        form.current.errors.append("That is not your current password.")
    return render_template("teacher/password.html", form=form,
                           min_length=accounts.MIN_PASSWORD_LENGTH), 400 if form.errors else 200
