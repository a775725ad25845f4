"""LTI 1.3 launches from a fake LMS (tests/lti_platform.py): who gets in, and every refusal."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from lti_platform import CLIENT_ID, INSTRUCTOR, LEARNER, authorise, launch, new_key
from pages import page_text
from samples import CLASS_SET
from sqlalchemy import select

from quiz.db import get_session
from quiz.models import Assignment, Classroom, LtiPlatform, LtiResourceLink, Student, Teacher


def _teacher_launch(client, platform, **user):
    platform.as_user("teacher-sub", INSTRUCTOR, name="Ms Rivera",
                     email="rivera@school.example", **user)
    return launch(client, platform)


def test_a_teacher_launch_makes_the_teacher_and_the_class_and_signs_in(app, client,
                                                                       lti_platform):
    response, _ = _teacher_launch(client, lti_platform)
    assert response.status_code == 303
    assert "/teacher/classes/" in response.headers["Location"]
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "Year 9 Media" in page_text(page)
    again, _ = _teacher_launch(app.test_client(), lti_platform)  # another browser, later
    assert again.headers["Location"] == response.headers["Location"]
    with app.app_context():
        teachers = get_session().scalars(select(Teacher)).all()
        assert [t.email for t in teachers] == ["rivera@school.example"]
        assert get_session().scalar(select(Classroom.name)) == "Year 9 Media"


def test_a_platform_email_never_opens_an_existing_password_account(app, client, teacher,
                                                                   lti_platform):
    lti_platform.as_user("someone", INSTRUCTOR, email="teacher@school.example")
    launch(app.test_client(), lti_platform)
    with app.app_context():
        emails = sorted(get_session().scalars(select(Teacher.email)))
    assert emails[1] == "teacher@school.example" and emails[0].endswith("@lms.invalid")


def _assign_link(app, load_set):
    """Tie the course's link to an assignment, as deep linking will (not built yet)."""
    version_id = load_set(CLASS_SET)
    with app.app_context():
        db = get_session()
        from quiz.models import QuestionSetVersion
        set_id = db.get(QuestionSetVersion, version_id).question_set_id
        classroom = db.scalar(select(Classroom))
        assignment = Assignment(classroom_id=classroom.id, question_set_id=set_id)
        db.add(assignment)
        db.flush()
        db.scalar(select(LtiResourceLink)).assignment_id = assignment.id
        db.commit()


def test_a_learner_joins_the_class_and_sees_the_assignment(app, client, lti_platform,
                                                           load_set):
    _teacher_launch(app.test_client(), lti_platform)
    _assign_link(app, load_set)
    lti_platform.as_user("learner-sub", LEARNER, name="Sam Okoro")
    response, _ = launch(client, lti_platform)
    assert response.status_code == 200
    assert "Start" in page_text(response)
    start = client.post(response.get_data(as_text=True).split('action="')[1].split('"')[0],
                        data={"csrf_token": response.get_data(as_text=True)
                              .split('name="csrf_token" type="hidden" value="')[1].split('"')[0]})
    assert start.status_code == 303 and "/attempts/" in start.headers["Location"]
    with app.app_context():
        assert get_session().scalar(select(Student.name)) == "Sam Okoro"


def test_a_learner_before_any_instructor_is_told_the_teacher_opens_it_first(client,
                                                                          lti_platform):
    lti_platform.as_user("learner-sub", LEARNER, name="Sam Okoro")
    response, _ = launch(client, lti_platform)
    assert response.status_code == 403
    assert "Your teacher must open this first" in page_text(response)


def _refusal(client, platform):
    platform.as_user("learner-sub", INSTRUCTOR, name="X")
    response, _ = launch(client, platform)
    return response


@pytest.mark.parametrize(("change", "status", "words"), [
    ("forged", 401, "could not be verified"),
    ("audience", 403, "not registered"),
    ("deployment", 403, "deployment is not registered"),
    ("expired", 401, "could not be verified"),
    ("nonce", 401, "already used"),
])
def test_a_bad_token_is_refused_with_a_plain_page(client, lti_platform, change, status, words):
    if change == "forged":
        lti_platform.signing_key = new_key()
    elif change == "audience":
        lti_platform.audience = "another-tool"
    elif change == "deployment":
        lti_platform.deployment_id = "deployment-unknown"
    elif change == "expired":
        lti_platform.lifetime = -120
    elif change == "nonce":
        lti_platform.nonce_override = "a-nonce-the-tool-never-gave"
    response = _refusal(client, lti_platform)
    assert response.status_code == status, page_text(response)
    assert words in page_text(response)


def test_a_replayed_token_is_refused(client, lti_platform):
    lti_platform.as_user("teacher-sub", INSTRUCTOR)
    first, form = launch(client, lti_platform)
    assert first.status_code == 303
    replay = client.post("/lti/launch", data=form)
    assert replay.status_code == 401 and "already used" in page_text(replay)


def test_a_wrong_state_is_refused(client, lti_platform, app):
    lti_platform.as_user("teacher-sub", INSTRUCTOR)
    form = authorise(app.test_client(), lti_platform)  # begun in another browser
    response = client.post("/lti/launch", data=form)
    assert response.status_code == 401 and "expired" in page_text(response)


def test_an_unknown_issuer_is_refused_at_login(client, lti_platform):
    response = client.get("/lti/login", query_string={
        "iss": "https://unknown.example", "login_hint": "x", "client_id": CLIENT_ID})
    assert response.status_code == 403 and "not registered" in page_text(response)


def test_a_launch_without_a_token_is_a_400_not_a_500(client, lti_platform):
    assert client.post("/lti/launch", data={}).status_code == 400
    assert client.post("/lti/launch", data={"id_token": "x.y", "state": "s"}).status_code == 401


def test_the_key_set_holds_the_public_key_only_in_a_private_file(app, client):
    keys = client.get("/lti/jwks.json").get_json()["keys"]
    assert len(keys) == 1 and keys[0]["kty"] == "RSA" and keys[0]["kid"]
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(keys[0])
    path = Path(app.instance_path) / "lti" / "tool-private-key.pem"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert client.get("/lti/jwks.json").get_json()["keys"] == keys  # made once, then kept


def test_lti_pages_may_be_framed_by_registered_platforms_only(client, lti_platform):
    lti_page = client.get("/lti/jwks.json")
    assert f"frame-ancestors {lti_platform.url}" in lti_page.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in lti_page.headers
    other = client.get("/")
    assert "frame-ancestors 'none'" in other.headers["Content-Security-Policy"]
    assert other.headers["X-Frame-Options"] == "DENY"


def test_after_a_launch_that_browsers_pages_may_be_framed_by_the_platform(client,
                                                                         lti_platform):
    lti_platform.as_user("teacher-sub", INSTRUCTOR)
    response, _ = launch(client, lti_platform)
    page = client.get(response.headers["Location"])
    assert f"frame-ancestors {lti_platform.url}" in page.headers["Content-Security-Policy"]


def test_the_cli_registers_updates_and_lists_platforms(app, runner):
    args = ["lti", "add-platform", "--issuer", "https://canvas.instructure.com",
            "--client-id", "10000000000001", "--deployment-id", "1:abc",
            "--key-set-url", "https://sso.canvaslms.com/api/lti/security/jwks",
            "--auth-url", "https://sso.canvaslms.com/api/lti/authorize_redirect",
            "--token-url", "https://sso.canvaslms.com/login/oauth2/token"]
    first = runner.invoke(args=args)
    second = runner.invoke(args=[*args, "--deployment-id", "2:def"])
    assert first.exit_code == 0 and "Registered" in first.output
    assert second.exit_code == 0 and "Updated" in second.output
    with app.app_context():
        platform = get_session().scalars(select(LtiPlatform)).one()
        assert [d.deployment_id for d in platform.deployments] == ["1:abc", "2:def"]
    listed = runner.invoke(args=["lti", "platforms"])
    assert "https://canvas.instructure.com" in listed.output and "2:def" in listed.output
    bad = runner.invoke(args=[*args[:3], "http://canvas.example", *args[4:]])
    assert bad.exit_code != 0 and "https://" in bad.output


def test_signed_in_teachers_see_the_values_to_paste(client, teacher):
    page = page_text(client.get("/lti/platforms"))
    assert "http://localhost/lti/login" in page and "http://localhost/lti/jwks.json" in page
