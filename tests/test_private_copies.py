"""A shared set's key is public: anyone may practise it and read its answers. A teacher who
assigns one is told so and offered a private copy; a site can turn practice off."""

from __future__ import annotations

import re

from pages import page_text
from samples import CLASS_SET_KEY, CLASS_SET_TITLE
from sqlalchemy import func, select

from quiz.db import get_session
from quiz.models import Assignment, QuestionSet

SHARED_WARNING = "is a shared set: anyone can practise it and see its answers."


def assign_copy(app, client, classroom_id: int, slug: str) -> int:
    """Assign a shared set with "private copy" ticked; the new assignment's id."""
    data = {"question_set": slug, "due_at": "", "attempts_allowed": "", "counting": "best",
            "reveal": "end", "private_copy": "y"}
    response = client.post(f"/teacher/classes/{classroom_id}/assignments", data=data)
    assert response.status_code == 302, page_text(response)
    with app.app_context():
        return get_session().scalar(select(func.max(Assignment.id))
                                    .where(Assignment.classroom_id == classroom_id))


def assigned_set(app, assignment_id: int) -> QuestionSet:
    with app.app_context():
        return get_session().get(Assignment, assignment_id).question_set


def test_a_private_copy_is_the_teachers_own_and_cannot_be_practised(app, client, classrooms,
                                                                    pupils, class_set):
    info = classrooms.create()
    assignment_id = assign_copy(app, client, info.id, class_set)
    copy = assigned_set(app, assignment_id)
    assert copy.slug == "bridge-private" and copy.owner_id is not None
    page = page_text(client.get(f"/teacher/classes/{info.id}"))
    assert CLASS_SET_TITLE in page and SHARED_WARNING not in page
    assert client.get("/quizzes/bridge-private").status_code == 404
    assert "bridge-private" not in client.get("/").get_data(as_text=True)
    ada = pupils()
    assert ada.join(info.code, "Ada").status_code == 302
    public_id = ada.take(info.id, assignment_id, CLASS_SET_KEY)
    assert "4 of 4 correct" in page_text(ada.client.get(f"/attempts/{public_id}/result"))
    # In the teacher's own sets, as a set they may change.
    sets = page_text(client.get("/teacher/sets/"))
    assert sets.index("Your sets") < sets.index(CLASS_SET_TITLE) < sets.index("Shared sets")


def test_a_second_class_uses_the_same_private_copy(app, client, classrooms, class_set):
    first, second = classrooms.create("9A"), classrooms.create("9B")
    a = assign_copy(app, client, first.id, class_set)
    b = assign_copy(app, client, second.id, class_set)
    assert assigned_set(app, a).id == assigned_set(app, b).id
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(QuestionSet)) == 2


def test_assigning_the_shared_set_itself_says_anyone_can_read_its_answers(client, classrooms,
                                                                         class_set):
    info = classrooms.create()
    html = client.get(f"/teacher/classes/{info.id}").get_data(as_text=True)
    box = re.search(r'<input[^>]*name="private_copy"[^>]*>', html)
    assert box and "checked" in box.group(0)  # ticked unless the teacher unticks it
    classrooms.assign(info.id, class_set)  # the box left unticked
    assert SHARED_WARNING in page_text(client.get(f"/teacher/classes/{info.id}"))


def test_a_site_can_turn_practice_off(app, client, classrooms, pupils, class_set):
    app.config["PUBLIC_PRACTICE"] = False
    home = page_text(client.get("/"))
    assert CLASS_SET_TITLE not in home and "join your class" in home
    assert client.get(f"/quizzes/{class_set}").status_code == 404
    assert client.post(f"/quizzes/{class_set}", data={"name": "Eve"}).status_code == 404
    # Assigned, the shared set still works for the class, with no warning or copy offered.
    info = classrooms.create()
    html = client.get(f"/teacher/classes/{info.id}").get_data(as_text=True)
    assert 'name="private_copy"' not in html
    assignment_id = classrooms.assign(info.id, class_set)
    assert SHARED_WARNING not in page_text(client.get(f"/teacher/classes/{info.id}"))
    ada = pupils()
    assert ada.join(info.code, "Ada").status_code == 302
    ada.take(info.id, assignment_id, CLASS_SET_KEY)
