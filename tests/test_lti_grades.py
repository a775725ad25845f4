"""Grade passback (LTI Assignment and Grade Services) through the outbox: a submit queues
the counted mark, `lti send-grades` delivers it to the fake LMS (tests/lti_platform.py),
and an outage only delays it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from actors import Classrooms, Pupil
from lti_platform import INSTRUCTOR, LEARNER, launch
from pages import page_text
from samples import CLASS_SET, CLASS_SET_KEY
from sqlalchemy import select

from quiz.db import get_session
from quiz.lti import passback
from quiz.lti.storage import DatabaseToolConf
from quiz.models import (
    Assignment,
    Attempt,
    Classroom,
    LtiResourceLink,
    LtiScore,
    QuestionSetVersion,
    utcnow,
)

ALL_RIGHT = CLASS_SET_KEY
ONE_WRONG = {**CLASS_SET_KEY, 1: "opinion"}
TWO_WRONG = {**ONE_WRONG, 2: "fact"}


class Course:
    """A course of the fake LMS: its teacher has launched (so the class exists), its link
    is tied to an assignment with a line item (as deep linking does), and learners launch."""

    def __init__(self, app, platform, load_set, counting: str = "best") -> None:
        self.app, self.platform = app, platform
        self.teacher = app.test_client()
        platform.as_user("teacher-sub", INSTRUCTOR, name="Ms Rivera")
        launch(self.teacher, platform)
        platform.services.trust_tool(self.teacher)
        version_id = load_set(CLASS_SET)
        with app.app_context():
            db = get_session()
            classroom = db.scalar(select(Classroom))
            assignment = Assignment(classroom_id=classroom.id, counting=counting,
                                    question_set_id=db.get(QuestionSetVersion,
                                                           version_id).question_set_id)
            db.add(assignment)
            db.flush()
            link = db.scalar(select(LtiResourceLink))
            link.assignment_id = assignment.id
            link.line_item_url = platform.services.line_item_url()
            db.commit()
            self.classroom_id, self.assignment_id = classroom.id, assignment.id

    def learner(self, sub: str = "learner-sub", name: str = "Sam Okoro") -> Pupil:
        self.platform.as_user(sub, LEARNER, name=name)
        pupil = Pupil(self.app.test_client())
        response, _ = launch(pupil.client, self.platform)
        assert response.status_code == 200, page_text(response)
        # The launch needs CSRF on (the fixture's); the quiz pages' own CSRF is tested elsewhere.
        self.app.config["WTF_CSRF_ENABLED"] = False
        return pupil

    def take(self, pupil: Pupil, labels: dict[int, str]) -> str:
        return pupil.take(self.classroom_id, self.assignment_id, labels)


@pytest.fixture
def course(app, lti_platform, load_set):
    return Course(app, lti_platform, load_set)


def _rows(app) -> list[LtiScore]:
    with app.app_context():
        return list(get_session().scalars(select(LtiScore).order_by(LtiScore.id)))


def _send(app, now=None) -> passback.Report:
    """One batch of the worker, at `now` (time moved on without sleeping)."""
    with app.app_context():
        db = get_session()
        tool = DatabaseToolConf(db, Path(app.instance_path))
        return passback.send_due(db, lambda p: tool.find_registration_by_params(
            p.issuer, p.client_id), now=now)


def _received(platform) -> list[tuple[int, int, str]]:
    return [(score["scoreGiven"], score["scoreMaximum"], score["userId"])
            for _, score in platform.services.scores]


def test_a_submit_queues_the_mark_and_makes_no_call_to_the_lms(app, course, lti_platform):
    course.take(course.learner(), ONE_WRONG)
    [row] = _rows(app)
    assert (row.score_given, row.score_maximum, row.subject) == (3, 4, "learner-sub")
    assert row.due_at is not None and row.due_at <= utcnow() and row.tries == 0
    assert row.line_item_url == lti_platform.services.line_item_url()
    assert lti_platform.services.calls == []  # the submit waited on nothing


def test_send_grades_delivers_the_score_to_the_line_item(app, runner, course, lti_platform):
    course.take(course.learner(), ALL_RIGHT)
    result = runner.invoke(args=["lti", "send-grades", "--once"])
    assert result.exit_code == 0, result.output
    assert "Grades sent: 1." in result.output
    [(line_item, score)] = lti_platform.services.scores
    assert line_item == lti_platform.services.line_item_url()
    assert (score["userId"], score["scoreGiven"], score["scoreMaximum"]) == ("learner-sub", 4, 4)
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    assert score["timestamp"]
    [row] = _rows(app)
    assert row.due_at is None and row.sent_at is not None
    again = runner.invoke(args=["lti", "send-grades", "--once"])
    assert "Grades sent: 0." in again.output and len(lti_platform.services.scores) == 1


def test_an_outage_delays_the_grade_and_it_arrives_when_the_lms_is_back(app, course,
                                                                       lti_platform):
    course.take(course.learner(), ALL_RIGHT)
    lti_platform.services.down = True
    failed_at = utcnow()
    report = _send(app, failed_at)
    assert (report.sent, report.failed) == (0, 1) and "503" in report.errors[0]
    [row] = _rows(app)
    assert row.tries == 1 and "503" in row.last_error
    assert row.due_at >= failed_at + timedelta(minutes=1) and row.sent_at is None
    assert _send(app, failed_at + timedelta(seconds=30)).failed == 0  # not due yet
    lti_platform.services.down = False
    assert _send(app, failed_at + timedelta(seconds=30)).sent == 0
    assert _send(app, failed_at + timedelta(minutes=2)).sent == 1
    assert _received(lti_platform) == [(4, 4, "learner-sub")]
    assert _rows(app)[0].due_at is None


def test_failures_back_off_to_hourly_and_the_results_page_says_so(app, course, lti_platform):
    course.take(course.learner(), ALL_RIGHT)
    lti_platform.services.down = True
    now, gaps = utcnow(), []
    for _ in range(8):
        _send(app, now)
        due = _rows(app)[0].due_at
        gaps.append(round((due - now).total_seconds() / 60))
        now = due
    assert gaps == [1, 2, 4, 8, 16, 32, 60, 60]
    page = page_text(course.teacher.get(f"/teacher/assignments/{course.assignment_id}"))
    assert "1 grade waiting to be sent to the LMS" in page
    assert "will be tried again every hour" in page and "503" in page


def test_a_teachers_changed_mark_is_queued_again_and_sent(app, runner, course, lti_platform):
    public_id = course.take(course.learner(), ONE_WRONG)
    runner.invoke(args=["lti", "send-grades", "--once"])
    changed = course.teacher.post(f"/teacher/attempts/{public_id}/mark",
                                  data={"mark": "4", "reason": "Statement 1 was ambiguous."})
    assert changed.status_code == 302
    assert _rows(app)[0].due_at is not None and _rows(app)[0].score_given == 4
    assert lti_platform.services.calls.count("POST /lineitems/item-1/scores") == 1
    runner.invoke(args=["lti", "send-grades", "--once"])
    course.teacher.post(f"/teacher/attempts/{public_id}/mark/remove")
    runner.invoke(args=["lti", "send-grades", "--once"])
    assert _received(lti_platform) == [(3, 4, "learner-sub"), (4, 4, "learner-sub"),
                                       (3, 4, "learner-sub")]


def test_best_attempt_counting_sends_the_best_mark(app, runner, course, lti_platform):
    pupil = course.learner()
    course.take(pupil, ONE_WRONG)
    course.take(pupil, TWO_WRONG)  # worse: the counted mark stays 3
    assert [row.score_given for row in _rows(app)] == [3]
    runner.invoke(args=["lti", "send-grades", "--once"])
    course.take(pupil, ALL_RIGHT)
    runner.invoke(args=["lti", "send-grades", "--once"])
    assert [given for given, _, _ in _received(lti_platform)] == [3, 4]


def test_one_token_per_platform_serves_a_whole_run(app, runner, course, lti_platform):
    course.take(course.learner("sub-a", "Ann"), ALL_RIGHT)
    course.take(course.learner("sub-b", "Ben"), ONE_WRONG)
    runner.invoke(args=["lti", "send-grades", "--once"])
    assert sorted(_received(lti_platform)) == [(3, 4, "sub-b"), (4, 4, "sub-a")]
    assert lti_platform.services.calls.count("POST /token") == 1


def test_a_student_who_joined_with_a_code_queues_nothing(app, course, pupils, lti_platform):
    """Same class, same linked assignment: only a learner who came from the LMS has a
    subject there to send a grade for."""
    app.config["WTF_CSRF_ENABLED"] = False
    code = Classrooms(app, course.teacher).code(course.classroom_id)
    pupil = pupils()
    assert pupil.join(code, "Ada Lovelace").status_code == 302
    course.take(pupil, ALL_RIGHT)
    with app.app_context():
        assert get_session().scalar(select(Attempt.submitted_at)
                                    .where(Attempt.assignment_id == course.assignment_id))
    assert _rows(app) == [] and lti_platform.services.calls == []


def test_a_token_request_signed_with_another_key_is_refused(app, course, lti_platform):
    course.take(course.learner(), ALL_RIGHT)
    lti_platform.services.tool_keys = {"keys": []}  # the LMS does not know the tool's key
    report = _send(app)
    assert report.failed == 1 and "No access token: HTTP 401" in report.errors[0]
    assert lti_platform.services.scores == []
