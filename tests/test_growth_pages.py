"""Growth over time on the pages: the student's result page compares their most frequent
mix-up with their earlier attempts, and the teacher's class page shows each student's and
the class's mix-ups across the assignments (quiz.progress)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from actors import Pupil, TeacherActions
from apps import set_due
from pages import attempt_id, page_text
from samples import CLASS_SET_KEY, CLASS_SET_PASSAGES, CLASS_SET_TEMPLATE
from sqlalchemy import select
from test_catalogue import run_count

from quiz.db import get_session
from quiz.models import Assignment, Student, utcnow

# CLASS_SET's key is 1 fact, 2 speculation, 3 opinion, 4 speculation.
BOTH_SPECULATIONS_AS_FACT = {1: "fact", 2: "fact", 3: "opinion", 4: "fact"}  # 2 of 2
ONE_SPECULATION_AS_FACT = {1: "fact", 2: "speculation", 3: "opinion", 4: "fact"}  # 1 of 2
OPINION_AS_FACT = {1: "fact", 2: "speculation", 3: "fact", 4: "speculation"}  # opinion 1 of 1
# 1 of 2 after 2 of 2: at the earlier rate 2 expected, 1 seen -> fewer.
FEWER = ("You read speculation as fact in 1 of 2 such statements this time, fewer than "
         "before (2 of 2).")


def result_text(pupil: Pupil, public_id: str) -> str:
    response = pupil.client.get(f"/attempts/{public_id}/result")
    assert response.status_code == 200, response.data
    return page_text(response)


@pytest.fixture
def second_set(load_set):
    """A second set like CLASS_SET (same statements and key), titled "The second question"."""
    load_set(CLASS_SET_TEMPLATE.format(title="The second question"), "second")
    return "second"


def test_a_better_second_attempt_reads_fewer_than_before(classrooms, pupils, class_set):
    info = classrooms.create()
    assignment = classrooms.assign(info.id, class_set)
    ada = pupils()
    ada.join(info.code, "Ada")
    first = ada.take(info.id, assignment, BOTH_SPECULATIONS_AS_FACT)
    second = ada.take(info.id, assignment, ONE_SPECULATION_AS_FACT)
    assert "this time" not in result_text(ada, first)  # nothing earlier to compare with
    assert FEWER in result_text(ada, second)


def test_an_earlier_assignment_counts_unless_its_answers_wait_for_the_due_date(
        app, classrooms, pupils, class_set, second_set):
    info = classrooms.create()
    due = (utcnow() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")  # the class page's UTC
    earlier = classrooms.assign(info.id, class_set, reveal="due", due_at=due)
    later = classrooms.assign(info.id, second_set)
    ada = pupils()
    ada.join(info.code, "Ada")
    ada.take(info.id, earlier, BOTH_SPECULATIONS_AS_FACT)
    now = ada.take(info.id, later, ONE_SPECULATION_AS_FACT)
    # The earlier answers are still hidden from Ada, so her page must not judge them.
    assert "this time" not in result_text(ada, now)
    set_due(app, earlier, utcnow() - timedelta(minutes=1))
    assert FEWER in result_text(ada, now)


def test_practice_compares_with_this_browsers_earlier_practice(client, student, class_set):
    def practise(labels: dict[int, str]) -> str:
        first = student.start(class_set)
        for number, statements in enumerate(CLASS_SET_PASSAGES, start=1):
            url = re.sub(r"/passages/\d+$", f"/passages/{number}", first)
            assert student.answer(url, {n: labels[n] for n in statements}).status_code == 302
        return attempt_id(first)

    practise(BOTH_SPECULATIONS_AS_FACT)
    assert FEWER in result_text(student, practise(ONE_SPECULATION_AS_FACT))


# The class page: two assignments (bridge, then second); key 1 fact, 2 and 4 speculation,
# 3 opinion.
#   Ada   bridge: spec->fact 2 of 2          second: 1 of 2 -> shrank
#   Ben   bridge: all right                  second: opinion->fact 1 of 1, 0 of 1 before
#         -> grew
#   Cleo  joined, submitted nothing
# The class: spec->fact 2 of 4, then 1 of 4 -> shrank; opinion->fact 0 of 2, then 1 of 2
# -> grew.
@pytest.fixture
def growing_class(app, classrooms, pupils, class_set, second_set):
    info = classrooms.create()
    first = classrooms.assign(info.id, class_set)
    second = classrooms.assign(info.id, second_set)
    for name, answers in (("Ada", (BOTH_SPECULATIONS_AS_FACT, ONE_SPECULATION_AS_FACT)),
                          ("Ben", (CLASS_SET_KEY, OPINION_AS_FACT)), ("Cleo", ())):
        pupil = pupils()
        assert pupil.join(info.code, name).status_code == 302
        for assignment, labels in zip((first, second), answers, strict=False):
            pupil.take(info.id, assignment, labels)
    return {"id": info.id, "first": first}


def growth_section(client, classroom_id: int) -> str:
    html = client.get(f"/teacher/classes/{classroom_id}").get_data(as_text=True)
    match = re.search(r'<section aria-labelledby="growth-heading">.*?</section>', html, re.S)
    assert match, html
    return page_text(match.group(0))


def test_the_class_page_shows_each_students_mixup_and_the_class_trends(client,
                                                                       growing_class):
    text = growth_section(client, growing_class["id"])
    assert "Student Mix-up The bridge question The second question Trend" in text
    assert "Ada speculation read as fact 2 of 2 1 of 2 shrank" in text
    assert "Ben opinion read as fact 0 of 1 1 of 1 grew" in text
    assert "Cleo nothing submitted yet not done not done" in text
    assert "speculation read as fact 2 of 4 1 of 4 shrank" in text
    assert "opinion read as fact 0 of 2 1 of 2 grew" in text


def test_removed_students_and_archived_assignments_leave_the_trends(app, client,
                                                                    growing_class):
    with app.app_context():
        db = get_session()
        db.get(Assignment, growing_class["first"]).archived_at = utcnow()
        db.scalar(select(Student).where(Student.name == "Ben")).removed_at = utcnow()
        db.commit()
    text = growth_section(client, growing_class["id"])
    assert "The bridge question" not in text and "Ben" not in text
    assert "Ada speculation read as fact 1 of 2 not enough data" in text
    assert "opinion read as fact" not in text


def test_another_teacher_gets_404_on_the_class(app, growing_class):
    other = TeacherActions(app, app.test_client())
    other.create("other@school.example")
    assert other.login("other@school.example").status_code == 302
    assert other.client.get(f"/teacher/classes/{growing_class['id']}").status_code == 404


def test_both_pages_run_as_many_statements_for_three_assignments_as_for_one(
        app, client, classrooms, pupils, load_set):
    for number in range(3):
        load_set(CLASS_SET_TEMPLATE.format(title=f"Set {number}"), f"set-{number}")
    info = classrooms.create()
    ada, ben = pupils(), pupils()
    ada.join(info.code, "Ada")
    ben.join(info.code, "Ben")
    counts = []
    for number in range(3):
        assignment = classrooms.assign(info.id, f"set-{number}")
        ben.take(info.id, assignment, OPINION_AS_FACT)
        ada.take(info.id, assignment, BOTH_SPECULATIONS_AS_FACT)
        latest = ada.take(info.id, assignment, ONE_SPECULATION_AS_FACT)
        if number in (0, 2):
            counts.append((run_count(app, client, f"/teacher/classes/{info.id}"),
                           run_count(app, ada.client, f"/attempts/{latest}/result")))
    assert counts[0] == counts[1]
