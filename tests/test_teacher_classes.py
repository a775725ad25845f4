"""Classes as teachers and students see them: join codes, joining, rosters, managing a class."""

from __future__ import annotations

import io
import re

import pytest
from pages import page_text
from samples import CLASS_SET_TITLE
from sqlalchemy import func, select

from quiz.classes import CODE_ALPHABET, CODE_LENGTH
from quiz.db import get_session
from quiz.models import Attempt, Classroom, Student

CODE = re.compile(rf"[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}")


def students(app, classroom_id: int) -> list[Student]:
    with app.app_context():
        return list(get_session().scalars(
            select(Student).where(Student.classroom_id == classroom_id).order_by(Student.id)))


def count(app, model) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(model))


def upload(client, classroom_id: int, data: bytes, filename: str = "roster.csv"):
    return client.post(f"/teacher/classes/{classroom_id}/roster",
                       data={"roster": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def test_a_new_class_shows_its_join_code_in_two_readable_halves(app, client, teacher):
    response = client.post("/teacher/", data={"name": "Year 9 English"}, follow_redirects=True)
    text = page_text(response)
    match = re.search(r"Class Year 9 English created. Its join code is (\S+)\.", text)
    assert match, text
    code = match.group(1)
    assert CODE.fullmatch(code), code
    assert len(code.replace("-", "")) == CODE_LENGTH == 8
    assert not set("0O1IL") & set(code + CODE_ALPHABET)
    assert f'<p class="join-code" aria-label="Join code {" ".join(code)}">{code}</p>' \
        in response.get_data(as_text=True)
    with app.app_context():
        assert get_session().scalar(select(Classroom.join_code)) == code.replace("-", "")


def test_every_class_gets_a_different_code(classrooms):
    codes = [classrooms.create(f"Class {n}").code for n in range(6)]
    assert all(CODE.fullmatch(code) for code in codes), codes
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize("typed", [
    lambda code: code, lambda code: code.lower(), lambda code: code.replace("-", ""),
    lambda code: f"  {code[:4].lower()} {code[5:]}  ", lambda code: " ".join(code),
])
def test_a_student_joins_with_the_code_however_it_is_typed(app, classrooms, pupils, typed):
    info = classrooms.create("Year 9 English")
    ada = pupils()
    response = ada.join(typed(info.code), "Ada Lovelace")
    assert response.status_code == 302, page_text(response)
    assert response.headers["Location"].endswith(f"/classes/{info.id}")
    welcome = page_text(ada.client.get(response.headers["Location"]))
    assert "Welcome, Ada Lovelace! You joined Year 9 English." in welcome
    assert "You are Ada Lovelace." in welcome
    assert [s.name for s in students(app, info.id)] == ["Ada Lovelace"]


def test_a_wrong_code_is_refused_in_plain_words(app, classrooms, pupils):
    classrooms.create()
    response = pupils().join("ZZZZ-ZZZZ", "Ada Lovelace")
    assert response.status_code == 400
    assert "There is no class with that code. Check it with your teacher." in page_text(response)
    assert count(app, Student) == 0


def test_student_id_and_email_are_optional_and_shown_to_the_teacher(app, client, classrooms,
                                                                     pupils):
    info = classrooms.create()
    assert pupils().join(info.code, "Ada Lovelace", student_number="S-001",
                         email="ada@school.example").status_code == 302
    assert pupils().join(info.code, "Alan Turing").status_code == 302
    ada, alan = students(app, info.id)
    assert (ada.student_number, ada.email) == ("S-001", "ada@school.example")
    assert (alan.student_number, alan.email) == (None, None)
    roster = page_text(client.get(f"/teacher/classes/{info.id}"))
    assert "Students (2)" in roster
    assert "Ada Lovelace S-001 ada@school.example yes" in roster


def test_the_browser_remembers_the_student_until_not_me(classrooms, pupils, class_set):
    info = classrooms.create("Year 9 English")
    classrooms.assign(info.id, class_set)
    ada = pupils()
    ada.join(info.code, "Ada Lovelace")
    home = ada.client.get("/").get_data(as_text=True)
    assert f'<a href="/classes/{info.id}">Year 9 English</a>' in home
    page = page_text(ada.client.get(f"/classes/{info.id}"))
    assert "You are Ada Lovelace." in page
    assert f"{CLASS_SET_TITLE} not started" in page

    response = ada.client.post(f"/classes/{info.id}/not-me", follow_redirects=True)
    assert "Signed out of the class. Join with your own name." in page_text(response)
    assert f"/classes/{info.id}" not in ada.client.get("/").get_data(as_text=True)
    assert ada.client.get(f"/classes/{info.id}").status_code == 404


def test_a_taken_name_needs_the_teacher_to_let_the_student_rejoin(app, client, classrooms,
                                                                   pupils, class_set):
    info = classrooms.create()
    assignment_id = classrooms.assign(info.id, class_set)
    first, second = pupils(), pupils()
    first.join(info.code, "Ada Lovelace")
    public_id = first.begin(info.id, assignment_id)

    refused = second.join(info.code.lower(), "  ada   LOVELACE ")
    assert refused.status_code == 400
    assert ("Someone has already joined this class as Ada Lovelace. If that was you, use the "
            "device you joined on, or ask your teacher to let you rejoin.") in page_text(refused)
    assert second.client.get(f"/classes/{info.id}").status_code == 404
    assert second.client.get(f"/attempts/{public_id}/passages/1").status_code == 404

    (ada,) = students(app, info.id)
    response = client.post(f"/teacher/classes/{info.id}/students/{ada.id}/rejoin",
                           follow_redirects=True)
    assert "Ada Lovelace can now join again with the class code and their name." \
        in page_text(response)
    assert first.client.get(f"/classes/{info.id}").status_code == 404  # at once
    assert second.join(info.code, "Ada Lovelace").status_code == 302

    assert second.client.get(f"/classes/{info.id}").status_code == 200
    assert second.client.get(f"/attempts/{public_id}/passages/1").status_code == 200
    assert first.client.get(f"/classes/{info.id}").status_code == 404
    assert first.client.get(f"/attempts/{public_id}/passages/1").status_code == 404
    assert first.client.get(f"/attempts/{public_id}/result").status_code == 404
    assert [s.id for s in students(app, info.id)] == [ada.id]


def test_a_class_list_with_loose_headers_decides_who_may_join(app, client, classrooms, pupils):
    info = classrooms.create()
    roster = ("Full Name,Student_ID,E-mail\r\nAda Lovelace,S-001,ada@school.example\r\n"
              "Alan Turing,S-002,\r\n")
    response = upload(client, info.id, roster.encode("utf-8-sig"))
    assert response.status_code == 302, page_text(response)
    page = page_text(client.get(f"/teacher/classes/{info.id}"))
    assert "Class list read: 2 students, 2 new." in page
    assert "Ada Lovelace S-001 ada@school.example not yet" in page
    assert "Alan Turing S-002 not yet" in page

    outsider = pupils().join(info.code, "Grace Hopper", student_number="X-9")
    assert outsider.status_code == 400
    assert "That name is not on your class list." in page_text(outsider)

    by_name = pupils().join(info.code, "  ada   LOVELACE ", student_number="typed")
    assert by_name.status_code == 400  # a name on the list joins with its card only
    assert "use the personal code or link your teacher gave you" in page_text(by_name)
    assert pupils().join_card(classrooms.card_code(info.id, "Ada Lovelace")).status_code == 302
    rows = [(s.name, s.student_number, s.email, s.token is not None)
            for s in students(app, info.id)]
    assert rows == [("Ada Lovelace", "S-001", "ada@school.example", True),
                    ("Alan Turing", "S-002", None, False)]


def test_a_class_list_with_errors_adds_nothing_and_names_each_line(app, client, classrooms):
    info = classrooms.create()
    response = upload(client, info.id, b"name,id\nAda Lovelace,1\n,2\nada lovelace,3\nBob,4\n")
    assert response.status_code == 400
    text = page_text(response)
    assert "roster.csv:3: the name is empty" in text
    assert "roster.csv:4: 'ada lovelace' is listed twice (first on line 2)" in text
    assert count(app, Student) == 0


def test_a_class_list_that_is_not_utf8_is_refused_in_plain_words(app, client, classrooms):
    info = classrooms.create()
    response = upload(client, info.id, "name\nZoë Brontë\n".encode("latin-1"), "class.csv")
    assert response.status_code == 400
    assert "class.csv is not UTF-8 text: save it as 'CSV UTF-8'." in page_text(response)
    assert count(app, Student) == 0


def test_rename_a_class(app, client, classrooms):
    info = classrooms.create("Year 9 English")
    response = client.post(f"/teacher/classes/{info.id}/name",
                           data={"name": "  Year 9   English, set 2 "}, follow_redirects=True)
    assert "The class is renamed." in page_text(response)
    assert "<h1>Year 9 English, set 2</h1>" in response.get_data(as_text=True)
    empty = client.post(f"/teacher/classes/{info.id}/name", data={"name": "  "})
    assert empty.status_code == 400 and "Give the class a name." in page_text(empty)
    with app.app_context():
        assert get_session().get(Classroom, info.id).name == "Year 9 English, set 2"


def test_an_archived_class_refuses_joining_and_starting(app, client, classrooms, pupils,
                                                        class_set):
    info = classrooms.create("Year 9 English")
    assignment_id = classrooms.assign(info.id, class_set)
    ada = pupils()
    ada.join(info.code, "Ada Lovelace")
    response = client.post(f"/teacher/classes/{info.id}/archive", follow_redirects=True)
    assert "The class is archived." in page_text(response)
    assert "Archived classes Year 9 English" in page_text(client.get("/teacher/"))

    late = pupils().join(info.code, "Alan Turing")
    assert late.status_code == 400
    assert "This class is closed. Ask your teacher for the code of your class." in page_text(late)
    refused = ada.start(info.id, assignment_id)
    assert refused.status_code == 303
    assert "This class is closed." in page_text(ada.client.get(refused.headers["Location"]))
    assert count(app, Attempt) == 0 and count(app, Student) == 1

    client.post(f"/teacher/classes/{info.id}/archive")
    assert pupils().join(info.code, "Alan Turing").status_code == 302
    assert ada.start(info.id, assignment_id).headers["Location"].endswith("/introduction")


def test_a_new_join_code_replaces_the_old_one(app, client, classrooms, pupils):
    info = classrooms.create()
    response = client.post(f"/teacher/classes/{info.id}/code", follow_redirects=True)
    new = classrooms.code(info.id)
    assert CODE.fullmatch(new) and new != info.code
    assert f"New join code: {new}. The old code no longer works." in page_text(response)
    old = pupils().join(info.code, "Ada Lovelace")
    assert old.status_code == 400 and "There is no class with that code." in page_text(old)
    assert pupils().join(new, "Ada Lovelace").status_code == 302
    assert [s.name for s in students(app, info.id)] == ["Ada Lovelace"]
