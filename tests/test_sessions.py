"""A teacher's sign-in ends on the server: signing out, a password change and the operator's
`sign-out-everywhere` make an old session cookie worthless, wherever it was copied to."""

from __future__ import annotations

from datetime import timedelta

import pytest
from actors import TeacherActions
from pages import asked_twice_never_echoed, csrf_token, page_text
from security_support import PASSWORD

from quiz.accounts import authenticate
from quiz.db import get_session

NEW_PASSWORD = "a much longer new password"


def cookie(app, client) -> str:
    """The session cookie a browser would send, as an attacker who copied it would."""
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def replay(app, value: str):
    """A fresh browser sending an old session cookie to the teacher's home page."""
    stranger = app.test_client()
    stranger.set_cookie(app.config["SESSION_COOKIE_NAME"], value)
    return stranger.get("/teacher/")


def signed_out(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith(
        "/teacher/login")


def browser(app, password: str = PASSWORD) -> TeacherActions:
    """Another browser signed in as the same teacher."""
    other = TeacherActions(app, app.test_client())
    assert other.login(password=password).status_code == 302
    return other


def change_password(client, current: str = PASSWORD, new: str = NEW_PASSWORD,
                    again: str | None = None):
    return client.post("/teacher/password", data={
        "current": current, "new": new, "again": new if again is None else again})


def test_an_old_cookie_opens_nothing_after_signing_out(app, client, teacher):
    old = cookie(app, client)
    assert replay(app, old).status_code == 200  # a copy works while signed in
    assert teacher.logout().status_code == 302
    assert signed_out(replay(app, old))


def test_signing_out_ends_only_that_browser(app, client, teacher):
    other = browser(app)
    kept = cookie(app, other.client)
    teacher.logout()
    assert other.client.get("/teacher/").status_code == 200
    assert replay(app, kept).status_code == 200


def test_a_sign_in_older_than_the_session_lifetime_is_over(app, client, teacher):
    old = cookie(app, client)
    app.permanent_session_lifetime = timedelta(seconds=0)
    assert signed_out(replay(app, old))


def test_a_password_change_ends_every_other_session_and_keeps_this_one(app, client, teacher):
    other = browser(app)
    copied = cookie(app, other.client)
    response = change_password(client)
    assert response.status_code == 302 and response.headers["Location"] == "/teacher/"
    assert "Your password is changed. Every other browser signed in as you is signed out." \
        in page_text(client.get("/teacher/"))
    assert client.get("/teacher/").status_code == 200
    assert signed_out(other.client.get("/teacher/"))
    assert signed_out(replay(app, copied))
    with app.app_context():
        assert authenticate(get_session(), "teacher@school.example", PASSWORD) is None
        assert authenticate(get_session(), "teacher@school.example", NEW_PASSWORD) is not None


@pytest.mark.parametrize(("fields", "message"), [
    ({"current": "not my password"}, "That is not your current password."),
    ({"again": NEW_PASSWORD + "!"}, "The two new passwords are not the same."),
    ({"new": "too short", "again": "too short"}, "The password needs at least 10 characters."),
    ({"current": ""}, "Type your current password."),
])
def test_a_password_change_is_refused_in_plain_words(app, client, teacher, fields, message):
    other = browser(app)
    data = {"current": PASSWORD, "new": NEW_PASSWORD, "again": NEW_PASSWORD, **fields}
    response = client.post("/teacher/password", data=data)
    assert response.status_code == 400
    assert message in page_text(response)
    assert other.client.get("/teacher/").status_code == 200  # nothing changed
    with app.app_context():
        assert authenticate(get_session(), "teacher@school.example", PASSWORD) is not None


def test_the_password_page_is_linked_and_only_for_the_signed_in(app, client, teacher):
    assert 'href="/teacher/password"' in client.get("/teacher/").get_data(as_text=True)
    page = client.get("/teacher/password")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count('type="password"') == 3
    assert signed_out(app.test_client().get("/teacher/password"))


def test_a_password_change_needs_the_form_token(app, csrf_app):
    TeacherActions(app, app.test_client()).create()
    client = csrf_app.test_client()
    token = csrf_token(client.get("/teacher/login").get_data(as_text=True))
    client.post("/teacher/login", data={"email": "teacher@school.example",
                                        "password": PASSWORD, "csrf_token": token})
    assert client.get("/teacher/").status_code == 200
    forged = change_password(client)
    assert forged.status_code == 400
    assert "This form has expired" in page_text(forged)
    token = csrf_token(client.get("/teacher/password").get_data(as_text=True))
    sent = client.post("/teacher/password", data={
        "current": PASSWORD, "new": NEW_PASSWORD, "again": NEW_PASSWORD, "csrf_token": token})
    assert sent.status_code == 302


# -- the operator's commands ---------------------------------------------------------------

def test_set_password_asks_twice_never_echoes_and_signs_the_teacher_out(app, client, teacher,
                                                                         runner):
    old = cookie(app, client)
    result = runner.invoke(args=["teachers", "set-password", "Teacher@School.example"],
                           input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert asked_twice_never_echoed(result, NEW_PASSWORD), result.output
    assert "New password set for teacher@school.example; 1 session signed out." in result.output
    assert signed_out(replay(app, old))
    with app.app_context():
        assert authenticate(get_session(), "teacher@school.example", NEW_PASSWORD) is not None


@pytest.mark.parametrize(("email", "typed", "message"), [
    ("nobody@school.example", f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
     "There is no teacher with the email nobody@school.example."),
    ("teacher@school.example", "short\nshort\n", "The password needs at least 10 characters."),
    ("teacher@school.example", f"{NEW_PASSWORD}\n{NEW_PASSWORD}!\n",
     "The two entered values do not match."),
])
def test_set_password_refuses_with_a_reason(app, client, teacher, runner, email, typed,
                                            message):
    result = runner.invoke(args=["teachers", "set-password", email], input=typed)
    assert result.exit_code != 0
    assert message in result.output
    assert client.get("/teacher/").status_code == 200


def test_sign_out_everywhere_ends_every_session_of_that_teacher_only(app, client, teacher,
                                                                    runner):
    other = browser(app)
    colleague = TeacherActions(app, app.test_client())
    colleague.create("colleague@school.example")
    assert colleague.login("colleague@school.example").status_code == 302
    result = runner.invoke(args=["teachers", "sign-out-everywhere", "TEACHER@school.example"])
    assert result.exit_code == 0, result.output
    assert "Signed out 2 sessions of teacher@school.example." in result.output
    assert signed_out(client.get("/teacher/"))
    assert signed_out(other.client.get("/teacher/"))
    assert colleague.client.get("/teacher/").status_code == 200
    assert teacher.login().status_code == 302  # the password still works


def test_sign_out_everywhere_names_an_unknown_teacher(app, runner):
    result = runner.invoke(args=["teachers", "sign-out-everywhere", "nobody@school.example"])
    assert result.exit_code != 0
    assert "There is no teacher with the email nobody@school.example." in result.output
