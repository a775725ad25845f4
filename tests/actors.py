"""People using the app through the test client: a practising student, a teacher signing in,
a teacher's classes and assignments, and a class's student in a browser of their own."""

from __future__ import annotations

import re

from pages import attempt_id
from samples import CLASS_SET_PASSAGES
from sqlalchemy import select

from quiz.accounts import create_teacher
from quiz.db import get_session
from quiz.models import Assignment, QuestionSet, Student


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


class TeacherActions:
    """A teacher account and signing in and out through the login page."""

    def __init__(self, app, client) -> None:
        self.app, self.client = app, client

    def create(self, email: str = "teacher@school.example",
               password: str = "correct horse battery") -> int:
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

    def card_code(self, classroom_id: int, name: str) -> str:
        """The personal code on a student's card (what the cards page prints)."""
        with self.app.app_context():
            code = get_session().scalar(select(Student.personal_code).where(
                Student.classroom_id == classroom_id, Student.name == name))
        assert code, name
        return code

    def assign(self, classroom_id: int, slug: str, **settings: str) -> int:
        """Assign a set through the class page's form; returns the assignment's id."""
        data = {"question_set": slug, "due_at": "", "attempts_allowed": "",
                "counting": "best", "reveal": "end", **settings}
        response = self.client.post(f"/teacher/classes/{classroom_id}/assignments", data=data)
        assert response.status_code == 302, response.data
        with self.app.app_context():
            return get_session().scalar(
                select(Assignment.id).join(QuestionSet)
                .where(Assignment.classroom_id == classroom_id, QuestionSet.slug == slug))


class Pupil:
    """One student's browser: join a class, start an assignment, answer it."""

    def __init__(self, client) -> None:
        self.client = client

    def join(self, code: str, name: str, **extra: str):
        return self.client.post("/join", data={"code": code, "name": name, **extra})

    def join_card(self, code: str):
        """Open a card's link, then press its Join button."""
        page = self.client.get(f"/join/{code}")
        assert page.status_code == 200, page.data
        return self.client.post(f"/join/{code}")

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
