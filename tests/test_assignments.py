"""Assigning a set to a class: its settings, and the rules the server enforces for students."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from apps import set_due
from pages import csv_rows, page_text
from samples import CLASS_SET_KEY, CLASS_SET_TITLE
from sqlalchemy import func, select

from quiz.db import get_session
from quiz.models import Answer, Assignment, Attempt

WRONG_TWO = {**CLASS_SET_KEY, 3: "fact", 4: "fact"}  # 2 of 4
WRONG_ONE = {**CLASS_SET_KEY, 4: "fact"}  # 3 of 4
WHYS = ("Why-one", "Why-two", "Why-three", "Why-four")


@pytest.fixture
def ada(classrooms, pupils):
    """A class (`ada.classroom`) with Ada Lovelace joined in her own browser."""
    info = classrooms.create("Year 9 English")
    ada = pupils()
    assert ada.join(info.code, "Ada Lovelace").status_code == 302
    ada.classroom = info
    return ada


def attempts(app) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(Attempt))


def card(pupil) -> str:
    """The assignment's line on the student's class page."""
    text = page_text(pupil.client.get(f"/classes/{pupil.classroom.id}"))
    assert CLASS_SET_TITLE in text, text
    return text.split(CLASS_SET_TITLE, 1)[1].strip()


def stored(app, assignment_id: int) -> Assignment:
    with app.app_context():
        return get_session().get(Assignment, assignment_id)


@pytest.mark.parametrize(("zone", "utc_hour"), [("UTC", 15), ("America/New_York", 20)])
def test_assign_with_every_setting(app, client, classrooms, ada, class_set, zone, utc_hour):
    app.config["TIMEZONE"] = zone
    assignment_id = classrooms.assign(ada.classroom.id, class_set, due_at="2031-03-04T15:30",
                                      attempts_allowed="2", counting="latest", reveal="passage")
    assignment = stored(app, assignment_id)
    assert assignment.due_at == datetime(2031, 3, 4, utc_hour, 30, tzinfo=UTC)
    assert (assignment.attempts_allowed, assignment.counting, assignment.reveal) \
        == (2, "latest", "passage")
    teacher_page = page_text(client.get(f"/teacher/classes/{ada.classroom.id}"))
    assert f"{CLASS_SET_TITLE} 04 Mar 2031 15:30 2 latest after each passage" in teacher_page
    assert f"In {zone} time." in teacher_page
    assert f"due 04 Mar 2031 {utc_hour}:30 UTC · 2 of 2 attempts left" in card(ada)


def test_blank_attempts_mean_unlimited(app, client, classrooms, ada, class_set):
    assignment_id = classrooms.assign(ada.classroom.id, class_set)
    assert stored(app, assignment_id).attempts_allowed is None
    teacher_page = page_text(client.get(f"/teacher/classes/{ada.classroom.id}"))
    assert f"{CLASS_SET_TITLE} no due date unlimited best at the end" in teacher_page
    for _ in range(3):
        ada.take(ada.classroom.id, assignment_id, CLASS_SET_KEY)
    assert attempts(app) == 3 and "Start again" in card(ada)


def test_answers_after_the_due_date_need_a_due_date(app, client, ada, class_set):
    response = client.post(f"/teacher/classes/{ada.classroom.id}/assignments",
                           data={"question_set": class_set, "due_at": "", "counting": "best",
                                 "reveal": "due"})
    assert response.status_code == 400
    assert "Set a due date to show the answers after it." in page_text(response)
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Assignment)) == 0


def test_a_set_is_assigned_once_per_class(client, classrooms, ada, class_set):
    classrooms.assign(ada.classroom.id, class_set)
    again = client.post(f"/teacher/classes/{ada.classroom.id}/assignments",
                        data={"question_set": class_set, "counting": "best", "reveal": "end"})
    assert again.status_code == 400
    assert "That set is already assigned to this class" in page_text(again)


def test_status_goes_from_not_started_to_in_progress_to_done(classrooms, ada, class_set):
    assignment_id = classrooms.assign(ada.classroom.id, class_set)
    assert card(ada).startswith("not started · unlimited attempts Start")
    public_id = ada.begin(ada.classroom.id, assignment_id)
    assert card(ada).startswith("in progress · unlimited attempts Continue")
    ada.answer(public_id, 1, {1: "fact", 2: "speculation"})
    assert card(ada).startswith("in progress")
    ada.answer(public_id, 2, {3: "opinion", 4: "fact"})
    assert card(ada).startswith("done · score 3 of 4 · unlimited attempts Start again")
    assert f'href="/attempts/{public_id}/result"' in ada.client.get(
        f"/classes/{ada.classroom.id}").get_data(as_text=True)


def test_one_attempt_allowed_means_one_on_the_server(app, classrooms, ada, class_set):
    assignment_id = classrooms.assign(ada.classroom.id, class_set, attempts_allowed="1")
    ada.take(ada.classroom.id, assignment_id, CLASS_SET_KEY)
    assert "You have used your 1 attempt." in card(ada)
    assert "Start again" not in card(ada)
    refused = ada.start(ada.classroom.id, assignment_id)  # a forged or stale form
    assert refused.status_code == 303
    assert refused.headers["Location"].endswith(f"/classes/{ada.classroom.id}")
    assert "You have used your 1 attempt." in page_text(ada.client.get(refused.headers["Location"]))
    assert attempts(app) == 1


def test_start_continues_the_open_attempt(app, classrooms, ada, class_set):
    assignment_id = classrooms.assign(ada.classroom.id, class_set, attempts_allowed="2")
    first = ada.begin(ada.classroom.id, assignment_id)
    ada.answer(first, 1, {1: "fact", 2: "speculation"})
    assert ada.begin(ada.classroom.id, assignment_id) == first
    assert ada.begin(ada.classroom.id, assignment_id) == first
    assert attempts(app) == 1
    ada.answer(first, 2, {3: "opinion", 4: "speculation"})
    second = ada.begin(ada.classroom.id, assignment_id)
    assert second != first and attempts(app) == 2


def test_no_new_attempt_once_the_due_date_has_passed(app, client, classrooms, ada, class_set):
    assignment_id = classrooms.assign(ada.classroom.id, class_set, due_at="2099-01-01T09:00")
    ada.take(ada.classroom.id, assignment_id, CLASS_SET_KEY)
    past = (datetime.now(UTC) - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/teacher/assignments/{assignment_id}/settings",
                           data={"question_set": class_set, "due_at": past, "counting": "best",
                                 "reveal": "end", "attempts_allowed": ""})
    assert response.status_code == 302, page_text(response)
    refused = ada.start(ada.classroom.id, assignment_id)
    assert refused.status_code == 303
    message = "The due date has passed, so no new attempts can be started."
    assert message in page_text(ada.client.get(refused.headers["Location"]))
    assert message in card(ada)
    assert attempts(app) == 1


@pytest.mark.parametrize(("counting", "counts"), [("best", 4), ("latest", 3), ("first", 2)])
def test_which_attempt_counts(app, client, classrooms, ada, class_set, counting, counts):
    assignment_id = classrooms.assign(ada.classroom.id, class_set, counting=counting)
    for labels in (WRONG_TWO, CLASS_SET_KEY, WRONG_ONE):  # scores 2, 4, 3
        ada.take(ada.classroom.id, assignment_id, labels)
    with app.app_context():
        scores = get_session().scalars(select(Attempt.score).order_by(Attempt.number)).all()
    assert scores == [2, 4, 3]

    assert card(ada).startswith(f"done · score {counts} of 4")
    results = page_text(client.get(f"/teacher/assignments/{assignment_id}"))
    assert f"{counting} attempt counts" in results
    assert f"Ada Lovelace done {counts} of 4 ({25 * counts}%) 3" in results
    grades = csv_rows(client.get(f"/teacher/classes/{ada.classroom.id}/grades.csv"))
    assert grades[2][0] == "Ada Lovelace" and grades[2][5] == str(counts)


def test_answers_after_each_passage(app, classrooms, ada, class_set):
    assignment_id = classrooms.assign(ada.classroom.id, class_set, reveal="passage")
    public_id = ada.begin(ada.classroom.id, assignment_id)
    saved = ada.answer(public_id, 1, {1: "fact", 2: "fact"})
    review = f"/attempts/{public_id}/passages/1/review"
    assert saved.headers["Location"] == review
    text = page_text(ada.client.get(review))
    assert "Why-one" in text and "Why-two" in text and "Why-three" not in text
    assert "You said fact; the answer is speculation." in text

    changed = ada.answer(public_id, 1, {1: "opinion", 2: "speculation"})
    assert changed.headers["Location"] == review
    assert ada.client.get(f"/attempts/{public_id}/passages/1").headers["Location"] == review
    with app.app_context():
        assert sorted(get_session().scalars(select(Answer.label))) == ["fact", "fact"]

    second = ada.client.get(f"/attempts/{public_id}/passages/2").get_data(as_text=True)
    assert "Passage 2 of 2" in second and not any(why in second for why in WHYS)
    assert ada.client.get(f"/attempts/{public_id}/passages/2/review").status_code == 302
    ada.answer(public_id, 2, {3: "opinion", 4: "speculation"})
    result = page_text(ada.client.get(f"/attempts/{public_id}/result"))
    assert "3 of 4 correct (75%)" in result and all(why in result for why in WHYS)


def test_answers_after_the_due_date(app, classrooms, ada, class_set):
    assignment_id = classrooms.assign(ada.classroom.id, class_set, reveal="due",
                                      due_at="2099-01-01T09:00")
    public_id = ada.take(ada.classroom.id, assignment_id, WRONG_ONE)
    before = page_text(ada.client.get(f"/attempts/{public_id}/result"))
    assert "Your answers are in" in before
    assert "after the due date, 01 Jan 2099 at 09:00 UTC" in before
    assert "of 4" not in before and "correct" not in before
    assert not any(why in before for why in WHYS)

    set_due(app, assignment_id, datetime.now(UTC) - timedelta(seconds=1))
    after = page_text(ada.client.get(f"/attempts/{public_id}/result"))
    assert "3 of 4 correct (75%)" in after and all(why in after for why in WHYS)


def test_the_class_page_keeps_the_score_until_the_due_date(app, classrooms, ada, class_set):
    # The result page withholds the score until the due date; the class page must too.
    assignment_id = classrooms.assign(ada.classroom.id, class_set, reveal="due",
                                      due_at="2099-01-01T09:00")
    ada.take(ada.classroom.id, assignment_id, WRONG_ONE)
    assert card(ada).startswith("done · score shown after the due date")
    assert "3 of 4" not in card(ada)
    set_due(app, assignment_id, datetime.now(UTC) - timedelta(seconds=1))
    assert card(ada).startswith("done · score 3 of 4")


def test_answers_at_the_end(classrooms, ada, class_set):
    assignment_id = classrooms.assign(ada.classroom.id, class_set, reveal="end")
    public_id = ada.begin(ada.classroom.id, assignment_id)
    saved = ada.answer(public_id, 1, {1: "fact", 2: "fact"})
    assert saved.headers["Location"] == f"/attempts/{public_id}/passages/2"
    review = ada.client.get(f"/attempts/{public_id}/passages/1/review")
    assert review.status_code == 302
    for number in (1, 2):
        html = ada.client.get(f"/attempts/{public_id}/passages/{number}").get_data(as_text=True)
        assert not any(why in html for why in WHYS)
    assert ada.client.get(f"/attempts/{public_id}/result").status_code == 302  # not yet
    ada.answer(public_id, 2, {3: "opinion", 4: "speculation"})
    result = page_text(ada.client.get(f"/attempts/{public_id}/result"))
    assert "3 of 4 correct (75%)" in result and all(why in result for why in WHYS)


def test_no_answer_is_accepted_after_the_due_date(app, client, classrooms, ada, class_set):
    """A classmate who started before the due date cannot submit the key once it shows."""
    assignment_id = classrooms.assign(ada.classroom.id, class_set, reveal="due",
                                      due_at="2099-01-01T09:00")
    public_id = ada.begin(ada.classroom.id, assignment_id)
    assert ada.answer(public_id, 1, {1: "fact", 2: "fact"}).status_code == 302  # 1 of 2 right
    set_due(app, assignment_id, datetime.now(UTC) - timedelta(seconds=1))

    late = ada.answer(public_id, 2, {3: "opinion", 4: "speculation"})  # the key, too late
    assert late.headers["Location"] == f"/attempts/{public_id}/result"
    result = page_text(ada.client.get(late.headers["Location"]))
    assert "The due date has passed, so no more answers can be saved" in result
    assert "1 of 4 correct (25%)" in result
    with app.app_context():
        stored = get_session().scalars(select(Answer.label).join(Attempt)
                                       .where(Attempt.public_id == public_id)).all()
    assert sorted(stored) == ["fact", "fact"]  # what was saved before the due date stays
    grades = csv_rows(client.get(f"/teacher/classes/{ada.classroom.id}/grades.csv"))
    assert grades[2][-1] == "1"  # Ada's counted points: the attempt, submitted with them


def test_an_open_attempt_is_submitted_when_visited_after_the_due_date(app, classrooms, ada,
                                                                      class_set):
    assignment_id = classrooms.assign(ada.classroom.id, class_set, due_at="2099-01-01T09:00")
    public_id = ada.begin(ada.classroom.id, assignment_id)
    ada.answer(public_id, 1, {1: "fact", 2: "speculation"})
    set_due(app, assignment_id, datetime.now(UTC) - timedelta(seconds=1))
    visit = ada.client.get(f"/attempts/{public_id}/passages/2")
    assert visit.headers["Location"] == f"/attempts/{public_id}/result"
    assert "2 of 4 correct (50%)" in page_text(ada.client.get(visit.headers["Location"]))
    assert card(ada).startswith("done · score 2 of 4")


def test_an_attempt_left_open_past_the_due_date_counts_in_results_and_grades(
        app, client, classrooms, ada, class_set):
    assignment_id = classrooms.assign(ada.classroom.id, class_set, due_at="2099-01-01T09:00")
    public_id = ada.begin(ada.classroom.id, assignment_id)
    ada.answer(public_id, 1, {1: "fact", 2: "speculation"})  # and Ada never comes back
    assert csv_rows(client.get(f"/teacher/classes/{ada.classroom.id}/grades.csv"))[2][-1] == ""
    set_due(app, assignment_id, datetime.now(UTC) - timedelta(seconds=1))
    assert csv_rows(client.get(f"/teacher/classes/{ada.classroom.id}/grades.csv"))[2][-1] == "2"
    assert "2 of 4" in page_text(client.get(f"/teacher/assignments/{assignment_id}"))
