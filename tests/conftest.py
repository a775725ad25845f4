"""Shared fixtures: an app on a fresh database, a client, the CLI runner, and the people
using it. Helpers are in actors.py, apps.py and pages.py; the sample sets in samples.py."""

from __future__ import annotations

import pytest
from actors import Classrooms, Pupil, StudentActions, TeacherActions
from apps import fresh_app, store_set
from samples import CLASS_SET, IRAN_DRONES
from security_support import teacher_world

from quiz import create_app
from quiz.db import get_engine
from quiz.questionset.parser import parse


@pytest.fixture
def app(tmp_path):
    """An app on its own database: SQLite in tmp_path, or TEST_DATABASE_URL if set."""
    with fresh_app(tmp_path) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def load_set(app):
    """Import Markdown text as a question set; returns the stored version."""
    return lambda text, slug="sample": store_set(app, text, slug)


@pytest.fixture
def iran_drones(load_set):
    """The real question set shipped in questions/, imported as `iran-drones`."""
    load_set(IRAN_DRONES.read_text(encoding="utf-8-sig"), "iran-drones")
    return parse(IRAN_DRONES.read_text(encoding="utf-8-sig"))


@pytest.fixture
def student(client):
    return StudentActions(client)


@pytest.fixture
def teacher(app, client):
    """A signed-in teacher (teacher@school.example); `.create/.login` for more."""
    actions = TeacherActions(app, client)
    actions.create()
    response = actions.login()
    assert response.status_code == 302, response.data
    return actions


# Classes, assignments and the students in them, for the teacher/class tests.


@pytest.fixture
def class_set(load_set):
    """CLASS_SET imported as `bridge`; returns the slug."""
    load_set(CLASS_SET, "bridge")
    return "bridge"


@pytest.fixture
def classrooms(app, client, teacher):
    """Classes of the signed-in teacher (the `teacher` fixture's client)."""
    return Classrooms(app, client)


@pytest.fixture
def pupils(app):
    """Make a student with a browser of their own: `pupils()`."""
    return lambda: Pupil(app.test_client())


@pytest.fixture
def csrf_app(app):
    """The same database and key as `app`, with CSRF checks on as in production."""
    strict = create_app({key: app.config[key] for key in ("TESTING", "SECRET_KEY",
                                                          "DATABASE_URL")}
                        | {"WTF_CSRF_ENABLED": True})
    yield strict
    with strict.app_context():
        get_engine().dispose()


@pytest.fixture
def security_world(app, client, classrooms, pupils, class_set):
    """A signed-in teacher who is also a student of their class, with something behind every
    URL (see `security_support.teacher_world`)."""
    return teacher_world(app, client, classrooms, pupils, class_set)


@pytest.fixture
def lti_platform(app, runner):
    """A fake LMS on 127.0.0.1 (tests/lti_platform.py), registered with the tool; CSRF is on,
    as in production, since the platform's posts carry none."""
    from lti_platform import FakePlatform

    platform = FakePlatform()
    result = runner.invoke(args=platform.register_args())
    assert result.exit_code == 0, result.output
    app.config["WTF_CSRF_ENABLED"] = True
    yield platform
    platform.stop()
