"""Teacher sign-in and sign-out, with Flask-Login sessions."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from quiz.accounts import authenticate
from quiz.db import get_session
from quiz.models import Teacher

bp = Blueprint("auth", __name__, url_prefix="/teacher")
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."


@login_manager.user_loader
def _load_teacher(teacher_id: str) -> Teacher | None:
    return get_session().get(Teacher, int(teacher_id)) if teacher_id.isdigit() else None


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class LogoutForm(FlaskForm):
    """Only a CSRF token: signing out changes state, so it is a POST like every change."""


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
    if LogoutForm().validate_on_submit():
        logout_user()
        flash("You are signed out.")
    return redirect(url_for("auth.login"))
