"""Helpers of the security sweeps (tests/test_security_*.py): a world with something behind
every URL, the URLs themselves, and the whole database to compare before and after."""

from __future__ import annotations

import io

from actors import Pupil, StudentActions
from pages import page_text
from samples import CLASS_SET, CLASS_SET_KEY
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from quiz.db import get_session
from quiz.models import Base, Student

PASSWORD = "correct horse battery"  # the `teacher` fixture's


def teacher_world(app, client, classrooms, pupils, class_set) -> dict:
    """`client` is a signed-in teacher and a student of the teacher's class, with something
    behind every URL: a class, an assignment, attempts, a shared and an own set."""
    info = classrooms.create("Year 9")
    own = publish(client, CLASS_SET.replace("The bridge question", "Own bridge"), "own.md")
    assignment_id = classrooms.assign(info.id, class_set, reveal="passage")
    ada = pupils()
    assert ada.join(info.code, "Ada").status_code == 302
    ada.take(info.id, assignment_id, CLASS_SET_KEY)
    assert client.post("/join", data={"code": info.code, "name": "Tess"}).status_code == 302
    mine = Pupil(client).begin(info.id, assignment_id)
    assert Pupil(client).answer(mine, 1, {1: "fact", 2: "fact"}).status_code == 302
    StudentActions(client).start(class_set)
    with app.app_context():
        student_id = get_session().scalar(select(Student.id).where(Student.name == "Ada"))
    return {"classroom_id": info.id, "assignment_id": assignment_id, "public_id": mine,
            "student_id": student_id, "slug": class_set, "own_slug": own, "code": info.code}


def publish(client, text: str, filename: str) -> str:
    """Publish a set through the upload page; returns its slug."""
    response = client.post("/teacher/sets/new", content_type="multipart/form-data", data={
        "action": "publish", "upload": (io.BytesIO(text.encode()), filename)})
    assert response.status_code == 302, page_text(response)
    return response.headers["Location"].rsplit("/", 1)[1]


def url_for_rule(app, rule, world: dict) -> str:
    values = {**world, "number": 2 if rule.endpoint == "student.passage" else 1,
              "filename": "style.css"}
    if rule.endpoint == "sets.edit":
        values["slug"] = world["own_slug"]
    return app.url_map.bind("localhost").build(
        rule.endpoint, {name: values[name] for name in rule.arguments})


def rules(app, method: str) -> list:
    return sorted((r for r in app.url_map.iter_rules() if method in r.methods),
                  key=lambda r: r.rule)


def database(app) -> dict[str, list]:
    """Every row of every table."""
    with app.app_context():
        db = get_session()
        return {t.name: sorted((tuple(r) for r in db.execute(t.select())), key=repr)
                for t in Base.metadata.sorted_tables}


def multipart_over_the_limit(app, field: str, filename: str | None = None) -> dict:
    """A body just over MAX_CONTENT_LENGTH, encoded in memory (the test client would spool it
    to a file it never closes)."""

    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    value = FileStorage(io.BytesIO(big.encode()), filename=filename) if filename else big
    boundary, body = encode_multipart(MultiDict({field: value, "action": "publish"}))
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}
