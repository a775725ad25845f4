"""The app on a database of its own, and what tests write straight into that database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from quiz import create_app
from quiz.db import create_schema, get_engine, get_session
from quiz.importing import import_set
from quiz.models import Assignment, Base
from quiz.questionset.parser import parse


@contextmanager
def fresh_app(folder: Path) -> Iterator:
    """An app on its own database: SQLite in `folder`, or TEST_DATABASE_URL if set."""
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{folder / 'quiz.sqlite'}"
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


def store_set(app, text: str, slug: str = "sample") -> int:
    """Import Markdown text as a question set; returns the stored version's id."""
    with app.app_context():
        session = get_session()
        result = import_set(session, slug, text, parse(text, f"{slug}.md"))
        session.commit()
        return result.version.id


def set_due(app, assignment_id: int, due_at) -> None:
    """Move an assignment's due date directly in the database (an aware datetime or None)."""
    with app.app_context():
        session = get_session()
        session.get(Assignment, assignment_id).due_at = due_at
        session.commit()
