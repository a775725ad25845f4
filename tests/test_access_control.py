"""Who may see what: teacher accounts and sign-in, and no one reaching another's data."""

from __future__ import annotations

import io
from urllib.parse import quote, urlsplit

import pytest
from actors import Classrooms, TeacherActions
from pages import asked_twice_never_echoed, page_text
from samples import CLASS_SET_KEY
from sqlalchemy import func, select

from quiz.accounts import authenticate
from quiz.db import get_session
from quiz.models import Assignment, Attempt, Classroom, Student, Teacher

PASSWORD = "a long secret phrase"
ID_ARGUMENTS = {"classroom_id", "assignment_id", "public_id", "student_id"}
# The teacher's controls on students, assignments and attempts: each must be in the sweep.
CONTROLS = {"classes.remove", "classes.put_back", "unassign.unassign", "unassign.archive",
            "unassign.restore", "marks.change", "marks.remove", "marks.comment"}


def teachers(app) -> list[str]:
    with app.app_context():
        return list(get_session().scalars(select(Teacher.email)))


def test_teachers_create_asks_twice_and_never_echoes_the_password(app, runner):
    result = runner.invoke(args=["teachers", "create", "Ms.Reed@School.example"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert asked_twice_never_echoed(result, PASSWORD), result.output
    assert "Created teacher ms.reed@school.example." in result.output
    with app.app_context():
        assert authenticate(get_session(), "ms.reed@school.example", PASSWORD) is not None


@pytest.mark.parametrize(("email", "typed", "message"), [
    ("a@school.example", f"{PASSWORD}\n{PASSWORD}!\n", "The two entered values do not match."),
    ("a@school.example", "short\nshort\n", "The password needs at least 10 characters."),
    ("not-an-email", f"{PASSWORD}\n{PASSWORD}\n", "'not-an-email' is not an email address."),
    ("TEACHER@school.example", f"{PASSWORD}\n{PASSWORD}\n",
     "There is already a teacher with the email teacher@school.example."),
])
def test_teachers_create_refuses_with_a_reason(app, runner, email, typed, message):
    TeacherActions(app, app.test_client()).create()
    result = runner.invoke(args=["teachers", "create", email], input=typed)
    assert result.exit_code != 0
    assert message in result.output
    assert PASSWORD not in result.output and "short" not in result.output
    assert teachers(app) == ["teacher@school.example"]


def test_sign_in_out(app, client):
    actions = TeacherActions(app, client)
    actions.create()
    page = client.get("/teacher/login")
    assert page.status_code == 200
    assert 'type="password"' in page.get_data(as_text=True)

    wrong = actions.login(password="not the password")
    assert wrong.status_code == 400
    assert "That email and password do not match an account." in page_text(wrong)
    assert client.get("/teacher/").status_code == 302

    assert actions.login().headers["Location"] == "/teacher/"
    assert client.get("/teacher/").status_code == 200
    assert client.get("/teacher/logout").status_code == 405
    assert client.get("/teacher/").status_code == 200
    response = actions.logout()
    assert response.headers["Location"] == "/teacher/login"
    assert "You are signed out." in page_text(client.get("/teacher/login"))
    assert client.get("/teacher/").headers["Location"].startswith("/teacher/login")


def test_a_teacher_page_sends_a_stranger_to_sign_in_and_back(app, client):
    response = client.get("/teacher/classes/7?tab=x")
    assert response.status_code == 302
    target = response.headers["Location"]
    assert target == f"/teacher/login?next={quote('/teacher/classes/7?tab=x', safe='')}"
    assert "Please sign in to see that page." in page_text(client.get(target))
    actions = TeacherActions(app, client)
    actions.create()
    signed_in = client.post(target, data={"email": "teacher@school.example",
                                          "password": "correct horse battery"})
    assert signed_in.headers["Location"] == "/teacher/classes/7?tab=x"


@pytest.mark.parametrize("target", ["https://evil.example", "//evil.example/teacher/",
                                    "/\\evil.example", "https:/evil.example", "javascript:x"])
def test_sign_in_never_redirects_to_another_site(app, client, target):
    TeacherActions(app, client).create()
    response = client.post("/teacher/login", query_string={"next": target},
                           data={"email": "teacher@school.example",
                                 "password": "correct horse battery"})
    assert response.status_code == 302
    location = response.headers["Location"]
    if target.startswith("/\\"):  # Werkzeug sends it as /%5Cevil.example: a path here
        assert location == "/%5Cevil.example"
    else:
        assert location == "/teacher/"
    assert not urlsplit(location).netloc and not location.startswith("//")


@pytest.fixture
def world(app, client, teacher, class_set, pupils):
    """Teacher A's class with a student, an assignment and a submitted attempt."""
    info = Classrooms(app, client).create("A's class")
    assignment_id = Classrooms(app, client).assign(info.id, class_set)
    ada = pupils()
    ada.join(info.code, "Ada Lovelace")
    public_id = ada.take(info.id, assignment_id, CLASS_SET_KEY)
    with app.app_context():
        student_id = get_session().scalar(select(Student.id))
    return {"classroom_id": info.id, "assignment_id": assignment_id, "public_id": public_id,
            "student_id": student_id, "slug": class_set, "pupil": ada}


def snapshot(app) -> tuple:
    with app.app_context():
        db = get_session()
        return (
            db.execute(select(Classroom.name, Classroom.join_code, Classroom.archived)).all(),
            db.execute(select(Student.name, Student.token, Student.student_number,
                              Student.removed_at)).all(),
            db.execute(select(Assignment.due_at, Assignment.attempts_allowed,
                              Assignment.counting, Assignment.reveal,
                              Assignment.archived_at)).all(),
            db.execute(select(Attempt.public_id, Attempt.score, Attempt.submitted_at,
                              Attempt.override_score, Attempt.override_reason,
                              Attempt.comment)).all(),
        )


def teacher_rules(app, arguments=None):
    """(rule, method) for every route under /teacher, optionally taking one of `arguments`."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/teacher"):
            continue
        if arguments is not None and not rule.arguments & arguments:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def url_for_rule(app, rule, values: dict) -> str:
    return app.url_map.bind("localhost").build(
        rule.endpoint, {name: values[name] for name in rule.arguments})


def change_everything(slug: str) -> dict:
    """A form body that would change whatever the route changes, had it let us in."""
    return {"name": "Taken over by B", "question_set": slug, "due_at": "2001-01-01T00:00",
            "attempts_allowed": "1", "counting": "first", "reveal": "passage",
            "roster": (io.BytesIO(b"name\nMallory\n"), "roster.csv"),
            "statement-1": "opinion", "statement-2": "opinion",
            "mark": "0", "reason": "Taken over by B", "comment": "Taken over by B"}


def test_another_teacher_gets_404_for_every_url_with_a_teachers_ids(app, world):
    before = snapshot(app)
    other = TeacherActions(app, app.test_client())
    other.create("b@school.example")
    assert other.login("b@school.example").status_code == 302
    swept, endpoints = [], set()
    for rule, method in teacher_rules(app, ID_ARGUMENTS):
        url = url_for_rule(app, rule, world)
        if method == "GET":
            response = other.client.get(url)
        else:
            response = other.client.post(url, data=change_everything(world["slug"]),
                                         content_type="multipart/form-data")
        swept.append((method, rule.rule, response.status_code))
        endpoints.add(rule.endpoint)
    assert [s for s in swept if s[2] != 404] == []
    assert len({rule for _, rule, _ in swept}) >= 10, swept
    assert CONTROLS <= endpoints, CONTROLS - endpoints
    assert snapshot(app) == before
    assert len(before[1]) == 1 and before[1][0].token is not None


def test_a_signed_out_visitor_is_sent_to_sign_in_from_every_teacher_page(app, world):
    before = snapshot(app)
    stranger = app.test_client()
    checked = []
    for rule, method in teacher_rules(app):
        if rule.endpoint == "auth.login":
            continue
        url = url_for_rule(app, rule, world)
        response = stranger.open(url, method=method, data=change_everything(world["slug"])
                                 if method == "POST" else None)
        checked.append(rule.rule)
        assert response.status_code == 302, (method, url, response.status_code)
        assert response.headers["Location"].startswith("/teacher/login?next="), url
    assert len(checked) >= 12, checked
    assert snapshot(app) == before


def test_a_student_cannot_reach_another_students_attempt_or_class(app, client, world, pupils):
    public_id, classroom_id = world["public_id"], world["classroom_id"]
    other_class = Classrooms(app, client).create("Another class")
    alan = pupils()
    assert alan.join(other_class.code, "Alan Turing").status_code == 302
    for url in (f"/attempts/{public_id}/result", f"/attempts/{public_id}/passages/1",
                f"/attempts/{public_id}/passages/1/review", f"/classes/{classroom_id}"):
        assert alan.client.get(url).status_code == 404, url
    forged = alan.answer(public_id, 1, {1: "opinion", 2: "opinion"})
    assert forged.status_code == 404
    assert alan.start(classroom_id, world["assignment_id"]).status_code == 404
    assert world["pupil"].client.get(f"/attempts/{public_id}/result").status_code == 200
    # The teacher's own view of the attempt is for teachers only.
    assert alan.client.get(f"/teacher/attempts/{public_id}").status_code == 302
    with app.app_context():
        db = get_session()
        assert db.scalar(select(func.count()).select_from(Attempt)) == 1
        assert db.scalar(select(Attempt.score)) == 4
