"""CSRF: every state-changing route refuses a missing, wrong or other session's token."""

from __future__ import annotations

import io

from pages import csrf_token, page_text
from samples import CLASS_SET
from security_support import PASSWORD, database, rules, url_for_rule


def everything_body() -> dict:
    """A form body that would change whatever a route changes, had its token been good."""
    return {"name": "Changed", "code": "AAAA-AAAA", "email": "teacher@school.example",
            "password": PASSWORD, "question_set": "bridge", "due_at": "", "counting": "first",
            "attempts_allowed": "1", "reveal": "end", "action": "publish",
            "statement-1": "opinion", "statement-2": "opinion", "statement-3": "opinion",
            "source": CLASS_SET.replace("The bridge question", "Changed"),
            "roster": (io.BytesIO(b"name\nMallory\n"), "roster.csv")}


# -- 1. CSRF on every state-changing route ------------------------------------------------------

# The only POST routes without our token: an LMS's page posts them, and what they carry is
# checked instead (the login's issuer and client id; the launch's signed id token, its state
# and nonce: tests/test_lti_launch.py refuses each forgery).
SIGNED_BY_THE_PLATFORM = {"lti.login", "lti.launch"}


def test_only_the_lti_login_and_launch_are_exempt_from_csrf(app):
    from quiz.security import csrf

    exempt = {rule.endpoint for rule in rules(app, "POST")
              if f"{app.view_functions[rule.endpoint].__module__}."
                 f"{app.view_functions[rule.endpoint].__name__}" in csrf._exempt_views}
    assert exempt == SIGNED_BY_THE_PLATFORM

def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(app, client, security_world,
                                                               csrf_app):
    browser = csrf_app.test_client()  # the same signed-in teacher and joined student
    browser.set_cookie("session", client.get_cookie("session").value)
    other_session = csrf_token(csrf_app.test_client().get("/join").get_data(as_text=True))
    before = database(app)
    swept = []
    for rule in rules(app, "POST"):
        if rule.endpoint in SIGNED_BY_THE_PLATFORM:
            continue
        url = url_for_rule(app, rule, security_world)
        for token, header in ((None, None), ("", None), ("forged", None),
                              (other_session, None), (None, "forged")):
            data = everything_body() | ({} if token is None else {"csrf_token": token})
            response = browser.post(url, data=data, content_type="multipart/form-data",
                                    headers={"X-CSRFToken": header} if header else {})
            assert response.status_code == 400, (url, token, header, response.status_code)
            assert "This form has expired" in page_text(response), url
        swept.append(rule.endpoint)
    assert len(swept) >= 10, swept
    assert database(app) == before
    assert browser.get("/teacher/").status_code == 200  # not signed out
    still_tess = browser.get(f"/classes/{security_world['classroom_id']}")
    assert still_tess.status_code == 200
    page = browser.get("/join").get_data(as_text=True)  # and a real token still works
    assert browser.post("/join", data={"code": security_world["code"], "name": "Tess",
                                       "csrf_token": csrf_token(page)}).status_code == 302
