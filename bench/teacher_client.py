"""A throw-away app and database with one teacher signed in: what the in-process benches
(bench/hostile.py, bench/drafting.py) post their requests through, to the real views."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from flask.testing import FlaskClient

from quiz import create_app
from quiz.accounts import create_teacher
from quiz.db import create_schema, get_engine, get_session

PASSWORD = "correct horse battery"


@contextmanager
def signed_in_teacher(name: str) -> Iterator[FlaskClient]:
    """A test client signed in as `name`@school.example, on a fresh SQLite file; CSRF off,
    as the benches measure the work of a view, not the token."""
    email = f"{name}@school.example"
    with tempfile.TemporaryDirectory(prefix=f"quiz-{name}-") as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/quiz.sqlite",
                          "SECRET_KEY": f"bench-{name}", "WTF_CSRF_ENABLED": False})
        with app.app_context():
            create_schema()
            create_teacher(get_session(), email, PASSWORD)
            get_session().commit()
        client = app.test_client()
        client.post("/teacher/login", data={"email": email, "password": PASSWORD})
        try:
            yield client
        finally:
            with app.app_context():
                get_engine().dispose()
