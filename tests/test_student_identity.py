"""Who a student's browser is, kept on the server: the cookie holds one random browser id
whatever the browser does, and practice starts are limited per browser and per address."""

from __future__ import annotations

import pytest
from pages import attempt_id, page_text
from sqlalchemy import select

from quiz.db import get_session
from quiz.models import Student

BROWSER_REFUSED = ("You have started many quizzes in a short time. Wait a few minutes, then "
                   "carry on with one you started.")
NETWORK_REFUSED = ("Many quizzes have been started from this network in a short time. Wait a "
                   "few minutes and try again.")


def cookie_size(app, client) -> int:
    """What the browser stores and sends back: `name=value` (browsers allow 4096 bytes)."""
    name = app.config["SESSION_COOKIE_NAME"]
    found = client.get_cookie(name)
    return len(name) + 1 + len(found.value) if found else 0


def cookie_contents(app, client) -> dict:
    value = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    return dict(app.session_interface.get_signing_serializer(app).loads(value))


def practise(client, slug: str = "bridge", address: str | None = None, name: str = "Ada"):
    environ = {"REMOTE_ADDR": address} if address else {}
    return client.post(f"/quizzes/{slug}", data={"name": name}, environ_base=environ)


def test_300_practice_starts_keep_the_cookie_small_and_are_refused_past_the_limit(
        app, client, class_set):
    codes, sizes = [], []
    for _ in range(300):
        codes.append(practise(client).status_code)
        sizes.append(cookie_size(app, client))
    assert codes == [302] * 20 + [429] * 280
    assert max(sizes) < 4096
    assert sizes[-1] < sizes[0] + 32  # no growth with the attempts (a page adds `_fresh`)
    refused = practise(client)
    assert refused.status_code == 429
    assert BROWSER_REFUSED in page_text(refused)
    assert "sign-in" not in page_text(refused)
    assert 0 < int(refused.headers["Retry-After"]) <= 600
    page = client.get("/quizzes/bridge")  # the 20 started are all still this browser's
    assert page.status_code == 200
    assert page_text(page).count("Continue the attempt") == 20


def test_practice_starts_without_a_cookie_are_limited_per_address(app, class_set):
    codes = [practise(app.test_client(), address="10.0.0.5").status_code for _ in range(121)]
    assert codes == [302] * 120 + [429]
    refused = practise(app.test_client(), address="10.0.0.5")
    assert NETWORK_REFUSED in page_text(refused)
    assert practise(app.test_client(), address="10.0.0.6").status_code == 302


def test_the_cookie_holds_one_browser_id_and_nothing_it_joined(app, client, classrooms,
                                                              class_set):
    first, second = classrooms.create("Year 9"), classrooms.create("Year 10")
    student = app.test_client()
    for info in (first, second):
        assert student.post("/join", data={"code": info.code, "name": "Ada"}).status_code == 302
    passage = practise(student).headers["Location"]
    contents = cookie_contents(app, student)
    assert set(contents) <= {"browser", "_permanent", "_flashes", "csrf_token"}, contents
    with app.app_context():
        tokens = set(get_session().scalars(select(Student.token)))
    assert not tokens & {str(v) for v in contents.values()}
    assert student.get(f"/classes/{first.id}").status_code == 200
    assert student.get(f"/classes/{second.id}").status_code == 200
    assert student.get(passage).status_code == 200
    home = page_text(student.get("/"))
    assert "Year 9" in home and "Year 10" in home


def test_another_browser_with_no_cookie_owns_nothing(app, client, classrooms, class_set):
    info = classrooms.create()
    student = app.test_client()
    student.post("/join", data={"code": info.code, "name": "Ada"})
    passage = practise(student).headers["Location"]
    stranger = app.test_client()
    assert stranger.get(f"/classes/{info.id}").status_code == 404
    assert stranger.get(passage).status_code == 404


def test_not_me_ends_the_class_on_the_server_even_for_a_copied_cookie(app, classrooms):
    info = classrooms.create()
    student = app.test_client()
    student.post("/join", data={"code": info.code, "name": "Ada"})
    copied = student.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert student.post(f"/classes/{info.id}/not-me").status_code == 302
    replay = app.test_client()
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], copied)
    assert replay.get(f"/classes/{info.id}").status_code == 404


@pytest.fixture
def old_cookie(app, client, classrooms, class_set):
    """A browser whose cookie was written before the upgrade: student tokens and attempt ids
    in the cookie itself."""
    info = classrooms.create()
    student = app.test_client()
    assert student.post("/join", data={"code": info.code, "name": "Ada"}).status_code == 302
    public_id = attempt_id(practise(student).headers["Location"])
    with app.app_context():
        token = get_session().scalar(select(Student.token).where(Student.name == "Ada"))
    legacy = app.test_client()
    with legacy.session_transaction() as session:
        session["students"] = {str(info.id): token}
        session["attempts"] = [public_id]
        session.permanent = True
    return legacy, info, public_id


def test_a_cookie_from_before_the_upgrade_keeps_its_class_and_attempts(app, old_cookie):
    legacy, info, public_id = old_cookie
    assert legacy.get(f"/classes/{info.id}").status_code == 200
    assert legacy.get(f"/attempts/{public_id}/passages/1").status_code == 200
    assert info.id and "Year 9 English" in page_text(legacy.get("/"))
    assert practise(legacy, name="Ada").status_code == 302  # moved to the server here
    contents = cookie_contents(app, legacy)
    assert "students" not in contents and "attempts" not in contents
    assert legacy.get(f"/classes/{info.id}").status_code == 200
    assert legacy.get(f"/attempts/{public_id}/passages/1").status_code == 200
