"""Security headers on every response, the session cookie, the sign-in limit, and bandit."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from actors import TeacherActions
from flask import abort
from pages import page_text
from samples import ROOT
from security_support import PASSWORD, multipart_over_the_limit, rules, url_for_rule

from quiz import create_app
from quiz.db import get_engine

# -- 4. security headers on every page, and the session cookie ---------------------------------

def csp_directives(header: str) -> dict[str, list[str]]:
    parts = (d.split() for d in header.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def header_problems(response) -> list[str]:
    problems = []
    csp = csp_directives(response.headers.get("Content-Security-Policy", ""))
    scripts = csp.get("script-src", csp.get("default-src"))
    if not scripts or "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
        problems.append(f"script-src {scripts}")
    if csp.get("frame-ancestors") != ["'none'"]:
        problems.append(f"frame-ancestors {csp.get('frame-ancestors')}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("nosniff")
    if not response.headers.get("Referrer-Policy"):
        problems.append("Referrer-Policy")
    return problems


def error_responses(app, csrf_app, security_world) -> dict[str, object]:
    """One response for each error page: 400, CSRF, 404, 405, 413, 429, 500."""
    client = app.test_client()
    responses = {
        "400": client.get("/quizzes/bridge%00"),
        "400 CSRF": csrf_app.test_client().post("/join", data={"name": "x"}),
        "404": client.get("/nothing-here"),
        "405": client.get("/teacher/logout"),
        "413": client.post("/join", **multipart_over_the_limit(app, "name")),
    }
    for _ in range(11):
        responses["429"] = client.post("/teacher/login", data={"email": "x@y.z", "password": "x"})
    broken = create_app({"SECRET_KEY": "x", "DATABASE_URL": app.config["DATABASE_URL"],
                         "PROPAGATE_EXCEPTIONS": False})
    broken.add_url_rule("/boom", "boom", lambda: abort(500))
    broken.add_url_rule("/crash", "crash", lambda: 1 / 0)
    responses["500"] = broken.test_client().get("/boom")
    responses["500 unhandled"] = broken.test_client().get("/crash")
    with broken.app_context():
        get_engine().dispose()
    return responses


def test_every_page_download_and_error_sends_the_security_headers(app, client, security_world,
                                                                  csrf_app):
    responses = {}
    for rule in rules(app, "GET"):
        url = url_for_rule(app, rule, security_world)
        response = client.get(url)
        response.get_data()  # a download streams: read it to the end, then close it
        response.close()
        assert response.status_code < 500, (url, response.status_code)
        responses[f"{rule.endpoint} {response.status_code}"] = response
    errors = error_responses(app, csrf_app, security_world)
    assert {name: r.status_code for name, r in errors.items()} == {
        "400": 400, "400 CSRF": 400, "404": 404, "405": 405, "413": 413, "429": 429,
        "500": 500, "500 unhandled": 500}
    responses |= errors
    assert {"exports.grades 200", "exports.answers 200", "sets.source 200",
            "static 200"} <= set(responses)
    assert len(responses) >= 25
    problems = {name: p for name, r in responses.items() if (p := header_problems(r))}
    assert problems == {}


def session_cookie(response) -> set[str]:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    return {a.strip().lower() for a in cookies[0].split(";")[1:]}


@pytest.mark.parametrize("base_url", ["https://localhost", "http://localhost"])
@pytest.mark.parametrize("who", ["teacher", "student"])
def test_the_session_cookie_is_secure_exactly_over_https(app, client, class_set, base_url,
                                                        who):
    if who == "teacher":
        TeacherActions(app, client).create()
        response = client.post("/teacher/login", base_url=base_url,
                               data={"email": "teacher@school.example", "password": PASSWORD})
    else:
        response = client.post("/quizzes/bridge", data={"name": "Ada"}, base_url=base_url)
    assert response.status_code == 302
    attributes = session_cookie(response)
    assert {"httponly", "samesite=lax"} <= attributes
    assert ("secure" in attributes) == base_url.startswith("https:")


def test_session_cookie_secure_forces_the_flag_over_http(app, client, class_set):
    app.config["SESSION_COOKIE_SECURE"] = True
    assert "secure" in session_cookie(client.post("/quizzes/bridge", data={"name": "Ada"}))


# -- 5. the sign-in rate limit -------------------------------------------------------------------

def sign_in(client, email="teacher@school.example", password="wrong password", address=None):
    extra = {"environ_base": {"REMOTE_ADDR": address}} if address else {}
    return client.post("/teacher/login", data={"email": email, "password": password}, **extra)


def test_the_eleventh_failed_sign_in_in_a_minute_is_refused(app, client):
    TeacherActions(app, client).create()
    assert [sign_in(client).status_code for _ in range(10)] == [400] * 10
    refused = sign_in(client)
    assert refused.status_code == 429
    assert "Too many sign-in attempts. Wait a minute and try again." in page_text(refused)
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert header_problems(refused) == []
    assert sign_in(client, password=PASSWORD).status_code == 429  # even the right password
    assert client.get("/teacher/").status_code == 302  # not signed in
    assert client.get("/teacher/login").status_code == 200  # the page itself still shows
    elsewhere = sign_in(client, email="b@school.example", address="10.0.0.2")
    assert elsewhere.status_code == 400  # another address, another email: its own count
    same_email = sign_in(client, "TEACHER@school.example ", PASSWORD, address="10.0.0.3")
    assert same_email.status_code == 302  # counted per address and email: never locked out
    # from everywhere by someone else's guesses (issue 8, point 5)


def test_only_failed_sign_ins_count(app, client):
    TeacherActions(app, client).create()
    for _ in range(12):  # a staff room of teachers signing in from one address
        assert sign_in(client, password=PASSWORD).status_code == 302
        assert client.post("/teacher/logout").status_code == 302
    assert [sign_in(client).status_code for _ in range(10)] == [400] * 10
    assert sign_in(client).status_code == 429


def test_signing_out_and_other_forms_are_not_limited(app, client, teacher, class_set):
    for _ in range(10):
        sign_in(client)
    assert sign_in(client).status_code == 429
    for _ in range(12):
        assert client.post("/quizzes/bridge", data={"name": ""}).status_code == 400
    assert client.get("/teacher/").status_code == 200
    assert client.post("/teacher/logout").status_code == 302


def test_apps_on_one_database_share_the_counts(app, client):
    """Apps on one database count together, as gunicorn workers must (issue 8, point 5: each
    app counted in its own memory before), and one made with the limiter off leaves the next
    one on."""
    TeacherActions(app, client).create()
    config = {key: app.config[key] for key in ("TESTING", "SECRET_KEY", "DATABASE_URL",
                                               "WTF_CSRF_ENABLED")}
    made = [create_app(config), create_app(config | {"RATELIMIT_ENABLED": False}),
            create_app(config)]
    try:
        assert [sign_in(client).status_code for _ in range(11)] == [400] * 10 + [429]
        first, off, after = (other.test_client() for other in made)
        assert sign_in(first).status_code == 429
        assert [sign_in(off).status_code for _ in range(12)] == [400] * 12
        assert sign_in(after).status_code == 429
        assert sign_in(after, email="b@school.example").status_code == 400
    finally:
        for other in made:
            with other.app_context():
                get_engine().dispose()
    assert not app.config["RATELIMIT_STORAGE_URI"]  # no Redis: the database holds the counts


# -- 6. bandit -------------------------------------------------------------------------------

def test_bandit_finds_nothing_of_medium_or_high_severity():
    result = subprocess.run([sys.executable, "-m", "bandit", "-r", "quiz", "-ll", "-q",
                             "-f", "json"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    report = json.loads(result.stdout)
    assert report["errors"] == []
    serious = [(r["filename"], r["line_number"], r["test_id"], r["issue_text"])
               for r in report["results"] if r["issue_severity"] in ("MEDIUM", "HIGH")]
    assert serious == []
