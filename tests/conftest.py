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
# A small set with two passages and four statements, one of them with two accepted answers.
BRIDGE = (Path(__file__).parent / "data" / "bridge.md").read_text(encoding="utf-8")
# Markup that must never run, in every place a set carries teacher Markdown.
HOSTILE = " ".join([
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="#" onclick="x()">link</a>',
])
HOSTILE_SET = f"""\
# Hostile

Intro {HOSTILE}

## Passage one

> The minister said taxes will rise. {HOSTILE}

1. The minister said taxes will rise
   - answer: fact
   - why: Reported speech. {HOSTILE}
   - cues: said
"""



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


class TeacherActions:
    """A teacher account and signing in and out through the login page."""

    def __init__(self, app, client) -> None:
        self.app, self.client = app, client

    def create(self, email: str = "teacher@school.example",
               password: str = "correct horse battery") -> int:
        from quiz.accounts import create_teacher

        with self.app.app_context():
            session = get_session()
            teacher = create_teacher(session, email, password)
            session.commit()
            return teacher.id

    def login(self, email: str = "teacher@school.example",
              password: str = "correct horse battery"):
        return self.client.post("/teacher/login", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/teacher/logout")


@pytest.fixture
def teacher(app, client):
    """A signed-in teacher (teacher@school.example); `.create/.login` for more."""
    actions = TeacherActions(app, client)
    actions.create()
    response = actions.login()
    assert response.status_code == 302, response.data
    return actions


# Classes, assignments and the students in them, for the teacher/class tests.

CLASS_SET = """\
---
title: The bridge question
labels: fact, speculation, opinion
---

Decide for each statement: fact, speculation or opinion?

## The council decides

> The council said the bridge will close in May. Engineers suspect the cables are rusting.

1. The council said the bridge will close in May
   - answer: fact
   - why: Why-one. A named source said it, and the closure can be checked.
   - cues: said

2. Engineers suspect the cables are rusting
   - answer: speculation
   - why: Why-two. Suspect means nobody has checked yet.
   - cues: suspect

## What happens next

> Closing it is a shameful waste, one resident wrote. Repairs could take a year.

3. Closing it is a shameful waste
   - answer: opinion
   - why: Why-three. Shameful is a judgement.
   - cues: shameful

4. Repairs could take a year
   - answer: speculation
   - why: Why-four. Could is a guess about the future.
   - cues: could
"""
CLASS_SET_TITLE = "The bridge question"
CLASS_SET_PASSAGES = ((1, 2), (3, 4))  # statement numbers, passage by passage
CLASS_SET_KEY = {1: "fact", 2: "speculation", 3: "opinion", 4: "speculation"}


@pytest.fixture
def class_set(load_set):
    """CLASS_SET imported as `bridge`; returns the slug."""
    load_set(CLASS_SET, "bridge")
    return "bridge"


class ClassInfo:
    """A class's id and its join code as the class page shows it (XXXX-XXXX)."""

    def __init__(self, classroom_id: int, code: str) -> None:
        self.id, self.code = classroom_id, code


class Classrooms:
    """A signed-in teacher's classes and assignments, made through the teacher pages."""

    def __init__(self, app, client) -> None:
        self.app, self.client = app, client

    def create(self, name: str = "Year 9 English") -> ClassInfo:
        response = self.client.post("/teacher/", data={"name": name})
        assert response.status_code == 302, response.data
        location = response.headers["Location"]
        match = re.search(r"/teacher/classes/(\d+)$", location)
        assert match, location
        return ClassInfo(int(match.group(1)), self.code(int(match.group(1))))

    def code(self, classroom_id: int) -> str:
        """The join code the class page shows."""
        html = self.client.get(f"/teacher/classes/{classroom_id}").get_data(as_text=True)
        match = re.search(r'<p class="join-code"[^>]*>\s*([^<\s]+)\s*</p>', html)
        assert match, html
        return match.group(1)

    def assign(self, classroom_id: int, slug: str, **settings: str) -> int:
        """Assign a set through the class page's form; returns the assignment's id."""
        from sqlalchemy import select

        from quiz.models import Assignment, QuestionSet

        data = {"question_set": slug, "due_at": "", "attempts_allowed": "",
                "counting": "best", "reveal": "end", **settings}
        response = self.client.post(f"/teacher/classes/{classroom_id}/assignments", data=data)
        assert response.status_code == 302, response.data
        with self.app.app_context():
            return get_session().scalar(
                select(Assignment.id).join(QuestionSet)
                .where(Assignment.classroom_id == classroom_id, QuestionSet.slug == slug))


@pytest.fixture
def classrooms(app, client, teacher):
    """Classes of the signed-in teacher (the `teacher` fixture's client)."""
    return Classrooms(app, client)


class Pupil:
    """One student's browser: join a class, start an assignment, answer it."""

    def __init__(self, client) -> None:
        self.client = client

    def join(self, code: str, name: str, **extra: str):
        return self.client.post("/join", data={"code": code, "name": name, **extra})

    def start(self, classroom_id: int, assignment_id: int):
        return self.client.post(f"/classes/{classroom_id}/assignments/{assignment_id}/start")

    def answer(self, public_id: str, number: int, labels: dict[int, str]):
        data = {f"statement-{n}": label for n, label in labels.items()}
        return self.client.post(f"/attempts/{public_id}/passages/{number}", data=data)

    def begin(self, classroom_id: int, assignment_id: int) -> str:
        """Start (or continue) an attempt; returns its public id."""
        response = self.start(classroom_id, assignment_id)
        assert response.status_code == 303, response.data
        return attempt_id(response.headers["Location"])

    def take(self, classroom_id: int, assignment_id: int, labels: dict[int, str],
             passages: tuple[tuple[int, ...], ...] = CLASS_SET_PASSAGES) -> str:
        """Start an attempt and answer every passage with `labels`; returns its public id."""
        public_id = self.begin(classroom_id, assignment_id)
        for number, statements in enumerate(passages, start=1):
            response = self.answer(public_id, number, {n: labels[n] for n in statements})
            assert response.status_code == 302, response.data
        return public_id


@pytest.fixture
def pupils(app):
    """Make a student with a browser of their own: `pupils()`."""
    return lambda: Pupil(app.test_client())


def page_text(page) -> str:
    """What a reader sees of a response (or HTML): no tags, entities decoded, one space."""
    from html import unescape

    html = page if isinstance(page, str) else page.get_data(as_text=True)
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" (?=[.,;:!?)])", "", text)


def csv_rows(response) -> list[list[str]]:
    """A CSV download read back as a spreadsheet would: UTF-8 with or without a BOM."""
    import csv
    import io

    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"), newline="")))


def set_due(app, assignment_id: int, due_at) -> None:
    """Move an assignment's due date directly in the database (an aware datetime or None)."""
    from quiz.models import Assignment

    with app.app_context():
        session = get_session()
        session.get(Assignment, assignment_id).due_at = due_at
        session.commit()


@pytest.fixture
def csrf_app(app):
    """The same database and key as `app`, with CSRF checks on as in production."""
    strict = create_app({key: app.config[key] for key in ("TESTING", "SECRET_KEY",
                                                          "DATABASE_URL")}
                        | {"WTF_CSRF_ENABLED": True})
    yield strict
    with strict.app_context():
        get_engine().dispose()


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, html
    return match.group(1)


@pytest.fixture
def security_world(app, client, classrooms, pupils, class_set):
    """A signed-in teacher who is also a student of their class, with something behind every
    URL (see `security_support.teacher_world`)."""
    from security_support import teacher_world

    return teacher_world(app, client, classrooms, pupils, class_set)
