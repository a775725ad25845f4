"""Rate limits: sign-in throttled per (address, email) and per address, never an account locked
from everywhere; join-code guesses per address; counts shared by every worker on a database
(or in Redis); a proxy's forwarded address trusted only when configured; no limiter code on
the pages that are not limited."""

from __future__ import annotations

import os
import sys
import time

import pytest
from actors import Pupil, StudentActions, TeacherActions
from limits.storage import storage_from_string
from pages import page_text
from security_support import PASSWORD
from sqlalchemy import func, select

from quiz import create_app
from quiz.db import get_engine, get_session
from quiz.models import RateLimitHit
from quiz.models.rate_limits import DatabaseStorage
from quiz.security import limiter

SIGN_IN_REFUSED = "Too many sign-in attempts. Wait a minute and try again."
NETWORK_REFUSED = ("Too many sign-in attempts from this network. Wait a minute and try "
                   "again.")
JOIN_REFUSED = ("Too many wrong class codes from here. Wait a minute, then check the code "
                "with your teacher.")


def sign_in(client, email="teacher@school.example", password="wrong password", address=None,
            forwarded=None):
    environ = {"REMOTE_ADDR": address} if address else {}
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/teacher/login", data={"email": email, "password": password},
                       environ_base=environ, headers=headers)


@pytest.fixture
def account(app, client):
    TeacherActions(app, client).create()


@pytest.fixture
def sibling(app):
    """A second app on the same database, as a second gunicorn worker is."""
    yield from _apps(app, {})


def _apps(app, extra: dict, count: int = 1):
    config = {key: app.config[key] for key in ("TESTING", "SECRET_KEY", "DATABASE_URL",
                                               "WTF_CSRF_ENABLED")}
    made = [create_app(config | extra) for _ in range(count)]
    try:
        yield made[0] if count == 1 else made
    finally:
        for other in made:
            with other.app_context():
                get_engine().dispose()


# -- sign-in -----------------------------------------------------------------------------

def test_failures_from_one_address_do_not_lock_the_teacher_out_elsewhere(app, client, account):
    assert [sign_in(client, address="10.0.0.1").status_code for _ in range(10)] == [400] * 10
    refused = sign_in(client, password=PASSWORD, address="10.0.0.1")
    assert refused.status_code == 429
    assert SIGN_IN_REFUSED in page_text(refused)
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    at_school = sign_in(app.test_client(), password=PASSWORD, address="10.0.0.2")
    assert at_school.status_code == 302  # the teacher, elsewhere, signs in at once


def test_one_person_failing_does_not_lock_out_the_staff_room(app, client, account):
    TeacherActions(app, client).create("colleague@school.example")
    for _ in range(10):
        sign_in(client, "teacher@school.example", address="10.0.0.1")
    assert sign_in(client, "teacher@school.example", address="10.0.0.1").status_code == 429
    colleague = app.test_client()
    assert sign_in(colleague, "colleague@school.example", address="10.0.0.1").status_code == 400
    assert sign_in(colleague, "colleague@school.example", PASSWORD,
                   address="10.0.0.1").status_code == 302


def test_the_address_alone_has_a_higher_limit(app, client, account):
    codes = [sign_in(client, f"guess{n}@school.example", address="10.0.0.1").status_code
             for n in range(30)]
    assert codes == [400] * 30
    refused = sign_in(client, PASSWORD, address="10.0.0.1")
    assert refused.status_code == 429
    assert NETWORK_REFUSED in page_text(refused)
    assert sign_in(client, password=PASSWORD, address="10.0.0.2").status_code == 302


def test_workers_on_one_database_share_the_counts(app, client, account, sibling):
    other = sibling.test_client()
    assert [sign_in(c).status_code for c in [client, other] * 5] == [400] * 10
    assert sign_in(client).status_code == 429
    assert sign_in(other).status_code == 429


def test_the_limiter_can_be_turned_off(app, account):
    for off in _apps(app, {"RATELIMIT_ENABLED": False}):
        client = off.test_client()
        assert [sign_in(client).status_code for _ in range(12)] == [400] * 12
        assert sign_in(client, password=PASSWORD).status_code == 302


def test_a_forwarded_address_is_ignored_without_a_trusted_proxy(app, client, account):
    codes = [sign_in(client, forwarded=f"203.0.113.{n}").status_code for n in range(11)]
    assert codes == [400] * 10 + [429]  # one address, whatever the header claims


def test_behind_one_trusted_proxy_each_forwarded_address_counts_apart(app, account):
    for proxied in _apps(app, {"TRUSTED_PROXIES": 1}):
        client = proxied.test_client()
        codes = [sign_in(client, forwarded="203.0.113.1").status_code for _ in range(11)]
        assert codes == [400] * 10 + [429]
        assert sign_in(client, password=PASSWORD, forwarded="203.0.113.2").status_code == 302
        # Only the hop the proxy added is trusted: a client's own header is not.
        spoofed = sign_in(client, forwarded="198.51.100.7, 203.0.113.1")
        assert spoofed.status_code == 429


def test_the_current_password_on_the_password_page_counts_as_a_sign_in(app, client, teacher):
    for _ in range(10):
        response = client.post("/teacher/password", data={
            "current": "a wrong guess", "new": "a new long password", "again":
            "a new long password"})
        assert response.status_code == 400
    refused = client.post("/teacher/password", data={
        "current": PASSWORD, "new": "a new long password", "again": "a new long password"})
    assert refused.status_code == 429
    assert SIGN_IN_REFUSED in page_text(refused)


# -- joining a class -----------------------------------------------------------------------

def test_join_code_guesses_past_the_limit_are_refused_and_others_join(app, classrooms,
                                                                      pupils):
    info = classrooms.create()
    guesser = Pupil(app.test_client())
    codes = [guesser.client.post("/join", data={"code": f"ZZZZ{n:04d}", "name": "Eve"},
                                 environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code
             for n in range(30)]
    assert codes == [400] * 30
    refused = guesser.client.post("/join", data={"code": info.code, "name": "Eve"},
                                  environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert refused.status_code == 429
    assert page_text(refused).startswith("Too many attempts")
    assert JOIN_REFUSED in page_text(refused)
    assert "sign-in" not in page_text(refused)
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    student = pupils()
    joined = student.client.post("/join", data={"code": info.code, "name": "Ada"},
                                 environ_base={"REMOTE_ADDR": "10.0.0.10"})
    assert joined.status_code == 302


def test_right_codes_and_other_mistakes_do_not_count(app, classrooms, pupils):
    info = classrooms.create()
    for n in range(40):
        student = pupils()
        assert student.join(info.code, f"Student {n}").status_code == 302
        assert student.join(info.code, "").status_code == 400  # no name: not a code guess
    assert pupils().join("ZZZZ-ZZZZ", "Eve").status_code == 400


# -- no limiter work on the pages that are not limited --------------------------------------

def _limiter_calls(action) -> list[str]:
    """The functions of Flask-Limiter, limits, or the app's own limiter that `action` runs."""
    called: list[str] = []

    def profile(frame, event, _arg):
        if event == "call":
            code = frame.f_code
            path = code.co_filename.replace(os.sep, "/")
            if "/flask_limiter/" in path or "/limits/" in path or (
                    path.endswith("quiz/security.py") and "Limit" in code.co_qualname):
                called.append(code.co_qualname)

    sys.setprofile(profile)
    try:
        response = action()
    finally:
        sys.setprofile(None)
    assert response.status_code == 200
    return called


def test_a_passage_page_runs_no_rate_limit_code(app, client, class_set):
    passage = StudentActions(client).start(class_set)
    client.get(passage)
    assert _limiter_calls(lambda: client.get(passage)) == []
    assert _limiter_calls(lambda: client.get("/")) == []


# -- the same counts in Redis, shared by every instance ------------------------------------

@pytest.fixture
def redis_url():
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("needs a Redis server: run under scripts/with-redis.sh (make test-redis)")
    import redis

    connection = redis.Redis.from_url(url)
    connection.flushdb()
    yield url
    connection.flushdb()
    connection.close()


@pytest.mark.redis
def test_instances_sharing_redis_share_the_counts(app, account, redis_url):
    for first, second in _apps(app, {"RATELIMIT_STORAGE_URI": redis_url}, count=2):
        clients = [first.test_client(), second.test_client()]
        assert [sign_in(c).status_code for c in clients * 5] == [400] * 10
        refused = sign_in(clients[1], password=PASSWORD)
        assert refused.status_code == 429
        assert 0 < int(refused.headers["Retry-After"]) <= 60
        assert sign_in(clients[0], password=PASSWORD, address="10.0.0.2").status_code == 302
        assert sign_in(app.test_client()).status_code == 400  # the database's own counts


# -- the storages: the app's database, and Redis, keep the same moving window ----------------

@pytest.fixture(params=["database", pytest.param("redis", marks=pytest.mark.redis)])
def storage(request, app):
    if request.param == "database":
        return limiter(app).storage
    url = request.getfixturevalue("redis_url")
    return storage_from_string(url)


def test_a_storage_counts_a_moving_window_per_key(storage):
    assert [storage.acquire_entry("k", 3, 60) for _ in range(4)] == [True, True, True, False]
    start, count = storage.get_moving_window("k", 3, 60)
    assert count == 3 and time.time() - 60 < start <= time.time()
    assert storage.get_moving_window("other", 3, 60)[1] == 0
    storage.clear("k")
    assert storage.get_moving_window("k", 3, 60)[1] == 0
    assert storage.acquire_entry("k", 3, 60)


def test_the_database_storage_forgets_what_left_the_window(app):
    now = [1_000_000.0]
    with app.app_context():
        clocked = DatabaseStorage(get_engine(), clock=lambda: now[0])
    assert [clocked.acquire_entry("k", 2, 60) for _ in range(3)] == [True, True, False]
    now[0] += 30
    assert not clocked.acquire_entry("k", 2, 60)
    now[0] += 31  # the first two are older than a minute now
    assert clocked.get_moving_window("k", 2, 60) == (now[0], 0)
    assert clocked.acquire_entry("k", 2, 60)
    with app.app_context():  # expired rows are deleted as new ones come
        assert get_session().scalar(select(func.count()).select_from(RateLimitHit)) == 1
