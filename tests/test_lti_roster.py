"""Names and Roles: the teacher imports the course's learners from the fake LMS."""

from __future__ import annotations

from lti_platform import INSTRUCTOR, LEARNER, launch
from pages import csrf_token, page_text
from sqlalchemy import select

from quiz.db import get_session
from quiz.models import LtiLearner, Student

MEMBERS = [
    {"user_id": "learner-1", "name": "Sam Okoro", "email": "sam@school.example",
     "roles": [LEARNER], "status": "Active"},
    {"user_id": "learner-2", "given_name": "Lee", "family_name": "Chan", "roles": [LEARNER]},
    {"user_id": "teacher-sub", "name": "Ms Rivera", "roles": [INSTRUCTOR]},
    {"user_id": "learner-3", "name": "Gone Away", "roles": [LEARNER], "status": "Inactive"},
]


def _class_page(client, platform):
    """The instructor's launch (with the roster claim) and the class page it opens."""
    platform.as_user("teacher-sub", INSTRUCTOR, name="Ms Rivera")
    response, _ = launch(client, platform.courses.share_roster())
    return response.headers["Location"], client.get(response.headers["Location"])


def _import(client, class_url, page):
    assert "Import the roster from your course" in page_text(page)
    classroom_id = class_url.rstrip("/").rsplit("/", 1)[1]
    return client.post(f"/lti/classes/{classroom_id}/roster",
                       data={"csrf_token": csrf_token(page.get_data(as_text=True))},
                       follow_redirects=True)


def test_the_import_adds_the_courses_learners_once_and_skips_instructors(app, client,
                                                                         lti_platform):
    lti_platform.services.trust_tool(client)
    lti_platform.courses.members = MEMBERS
    class_url, page = _class_page(client, lti_platform)
    first = _import(client, class_url, page)
    assert "Added 2 students from your course." in page_text(first)
    second = _import(client, class_url, client.get(class_url))
    assert "Added 0 students" in page_text(second) and "2 were in the class already" \
        in page_text(second)
    with app.app_context():
        db = get_session()
        students = {s.name: s.email for s in db.scalars(select(Student))}
        assert students == {"Sam Okoro": "sam@school.example", "Lee Chan": None}
        assert sorted(db.scalars(select(LtiLearner.subject))) == ["learner-1", "learner-2"]


def test_a_learner_who_launched_before_is_not_added_again(app, client, lti_platform):
    lti_platform.services.trust_tool(client)
    lti_platform.courses.members = MEMBERS[:1]
    class_url, page = _class_page(client, lti_platform)
    lti_platform.as_user("learner-1", LEARNER, name="Sam Okoro")
    launch(app.test_client(), lti_platform)
    answer = _import(client, class_url, page)
    assert "Added 0 students" in page_text(answer)
    with app.app_context():
        assert len(get_session().scalars(select(Student)).all()) == 1


def test_a_platform_that_is_down_gives_a_plain_message(app, client, lti_platform):
    lti_platform.services.trust_tool(client)
    lti_platform.courses.members = MEMBERS
    class_url, page = _class_page(client, lti_platform)
    lti_platform.services.down = True
    answer = _import(client, class_url, page)
    assert answer.status_code == 200
    assert "Your LMS did not send the course's member list" in page_text(answer)
    with app.app_context():
        assert get_session().scalars(select(Student)).all() == []


def test_another_teacher_cannot_import_into_the_class(app, client, lti_platform):
    class_url, _ = _class_page(client, lti_platform)
    lti_platform.as_user("other-teacher", INSTRUCTOR, context="course-2")
    other = app.test_client()
    own_url = launch(other, lti_platform)[0].headers["Location"]
    token = csrf_token(other.get(own_url).get_data(as_text=True))
    classroom_id = class_url.rstrip("/").rsplit("/", 1)[1]
    response = other.post(f"/lti/classes/{classroom_id}/roster", data={"csrf_token": token})
    assert response.status_code == 404


def test_a_class_without_an_lms_course_offers_no_import(client, teacher, classrooms):
    info = classrooms.create()
    page = client.get(f"/teacher/classes/{info.id}")
    assert "Import the roster" not in page_text(page)
