"""A browser that came in through an LTI launch works inside the LMS's cross-site iframe:
its session cookie is `SameSite=None; Secure; Partitioned`, and the pages it reaches may be
framed by the registered platforms. Everyone else keeps a `Lax` cookie and unframable pages."""

from __future__ import annotations

import re

from actors import Classrooms, Pupil
from lti_platform import CLIENT_ID, INSTRUCTOR, LEARNER, launch
from samples import CLASS_SET_KEY, CLASS_SET_PASSAGES


def _session_cookie(response) -> str:
    """The attributes of the Set-Cookie of Flask's session, lowercased."""
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return cookies[0].lower()


def _cross_site(cookie: str) -> bool:
    attributes = {part.strip() for part in cookie.split(";")[1:]}
    return {"samesite=none", "secure", "partitioned"} <= attributes


def _framed_by(response) -> str:
    return re.search(r"frame-ancestors ([^;]+)",
                     response.headers["Content-Security-Policy"]).group(1)


def test_a_launch_makes_the_session_cookie_cross_site_and_partitioned(app, client,
                                                                      lti_platform):
    login = client.get("/lti/login", query_string={
        "iss": lti_platform.issuer, "login_hint": "x", "client_id": CLIENT_ID})
    state = [c.lower() for c in login.headers.getlist("Set-Cookie") if "state-" in c]
    assert state and _cross_site(state[0])  # read back by the launch, inside the iframe
    lti_platform.as_user("teacher-sub", INSTRUCTOR, name="Ms Rivera")
    response, _ = launch(client, lti_platform)
    assert response.status_code == 303
    assert _cross_site(_session_cookie(response))
    # Later pages that change the session keep it cross-site: signing out, here.
    page = client.get(response.headers["Location"])
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      page.get_data(as_text=True)).group(1)
    out = client.post("/teacher/logout", data={"csrf_token": token})
    assert out.status_code in (302, 303) and _cross_site(_session_cookie(out))


def test_a_teacher_signing_in_with_a_password_keeps_a_lax_cookie(teacher):
    response = teacher.login()
    cookie = _session_cookie(response)
    assert "samesite=lax" in cookie and not _cross_site(cookie)
    assert "partitioned" not in cookie


def test_a_student_joining_by_code_keeps_a_lax_cookie(client, classrooms, class_set):
    classroom = classrooms.create()
    joined = Pupil(client).join(classroom.code, "Ada")  # the teacher's browser, as a student
    assert "samesite=lax" in _session_cookie(joined)


def _launched_student_pages(app, client, platform, class_set) -> dict[str, object]:
    """A teacher launches (the class is made) and assigns the set; a learner launches and
    takes it: the learner's class page, a passage page and the result page."""
    teacher_browser = app.test_client()
    platform.as_user("teacher-sub", INSTRUCTOR, name="Ms Rivera")
    opened, _ = launch(teacher_browser, platform)
    classroom_id = int(re.search(r"/classes/(\d+)", opened.headers["Location"]).group(1))
    app.config["WTF_CSRF_ENABLED"] = False  # the forms below are not what is tested here
    assignment_id = Classrooms(app, teacher_browser).assign(classroom_id, class_set)
    platform.as_user("learner-sub", LEARNER, name="Sam Okoro")
    launched, _ = launch(client, platform)
    assert launched.status_code == 303, launched.get_data(as_text=True)
    pages = {"class": client.get(launched.headers["Location"])}
    pupil = Pupil(client)
    public_id = pupil.begin(classroom_id, assignment_id)
    pages["passage"] = client.get(f"/attempts/{public_id}/passages/1")
    for number, statements in enumerate(CLASS_SET_PASSAGES, start=1):
        pupil.answer(public_id, number, {n: CLASS_SET_KEY[n] for n in statements})
    pages["result"] = client.get(f"/attempts/{public_id}/result")
    return pages


def test_pages_after_a_learners_launch_may_be_framed_by_the_platform_only(
        app, client, lti_platform, class_set):
    pages = _launched_student_pages(app, client, lti_platform, class_set)
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert _framed_by(page) == lti_platform.url, name
        assert "X-Frame-Options" not in page.headers, name  # it would forbid what CSP allows
    other = app.test_client().get("/join")  # another browser, never launched
    assert _framed_by(other) == "'none'" and other.headers["X-Frame-Options"] == "DENY"


def _register(runner, platform, *extra: str):
    return runner.invoke(args=[*platform.register_args(), *extra])


def test_a_frame_origin_lets_another_origin_of_the_platform_frame_the_tool(
        client, runner, lti_platform):
    result = _register(runner, lti_platform, "--frame-origin", "https://School.Instructure.com/",
                       "--frame-origin", "https://moodle.school.example:8443")
    assert result.exit_code == 0, result.output
    ancestors = _framed_by(client.get("/lti/jwks.json")).split()
    assert ancestors == [lti_platform.url, "https://moodle.school.example:8443",
                         "https://school.instructure.com"]
    assert "framed from https://moodle.school.example:8443" in \
        runner.invoke(args=["lti", "platforms"]).output
    # Registering again without the option: the platform's own origins only.
    assert _register(runner, lti_platform).exit_code == 0
    assert _framed_by(client.get("/lti/jwks.json")) == lti_platform.url


def test_a_frame_origin_that_is_not_an_origin_is_refused(client, runner, lti_platform):
    with_path = _register(runner, lti_platform, "--frame-origin",
                          "https://school.instructure.com/courses/1")
    assert with_path.exit_code != 0 and "only the start of an address" in with_path.output
    bare = _register(runner, lti_platform, "--frame-origin", "school.instructure.com")
    assert bare.exit_code != 0 and "full https:// address" in bare.output
    assert _framed_by(client.get("/lti/jwks.json")) == lti_platform.url
