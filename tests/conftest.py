"""Shared fixtures: an app on a fresh database, a client, the CLI runner, and helpers."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from quiz import create_app
from quiz.db import create_schema, get_engine, get_session
from quiz.importing import import_set
from quiz.models import Base
from quiz.questionset.parser import parse

ROOT = Path(__file__).resolve().parent.parent
IRAN_DRONES = ROOT / "questions" / "iran-drones.md"


@pytest.fixture
def app(tmp_path):
    """An app on its own database: SQLite in tmp_path, or TEST_DATABASE_URL if set."""
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'quiz.sqlite'}"
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-only-secret",
        "DATABASE_URL": url,
        "WTF_CSRF_ENABLED": False,
    })
    with app.app_context():
        Base.metadata.drop_all(get_engine())
        create_schema()
    yield app
    with app.app_context():
        Base.metadata.drop_all(get_engine())
        get_engine().dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def load_set(app):
    """Import Markdown text as a question set; returns the stored version."""

    def load(text: str, slug: str = "sample"):
        with app.app_context():
            session = get_session()
            result = import_set(session, slug, text, parse(text, f"{slug}.md"))
            session.commit()
            return result.version.id

    return load


@pytest.fixture
def iran_drones(load_set):
    """The real question set shipped in questions/, imported as `iran-drones`."""
    load_set(IRAN_DRONES.read_text(encoding="utf-8-sig"), "iran-drones")
    return parse(IRAN_DRONES.read_text(encoding="utf-8-sig"))


class StudentActions:
    """What a student does in the browser, through the test client."""

    def __init__(self, client) -> None:
        self.client = client

    def start(self, slug: str, name: str = "Ada") -> str:
        """Start an attempt; returns the URL of its first passage."""
        response = self.client.post(f"/quizzes/{slug}", data={"name": name})
        assert response.status_code == 302, response.data
        return response.headers["Location"]

    def answer(self, passage_url: str, labels: dict[int, str]):
        """Post labels by statement number to a passage page."""
        data = {f"statement-{number}": label for number, label in labels.items()}
        return self.client.post(passage_url, data=data)


@pytest.fixture
def student(client):
    return StudentActions(client)


def attempt_id(url: str) -> str:
    match = re.search(r"/attempts/([^/]+)/", url)
    assert match, url
    return match.group(1)
