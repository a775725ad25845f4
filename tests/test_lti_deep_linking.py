"""Deep Linking from the fake LMS: an instructor picks a set and its policy, the LMS gets a
signed link with a line item, and learners' launches of that link open the assignment."""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode
from urllib.request import urlopen

from lti_platform import INSTRUCTOR, LEARNER, launch
from pages import csrf_token, page_text
from samples import CLASS_SET, CLASS_SET_KEY, CLASS_SET_TITLE
from sqlalchemy import select

from quiz.db import get_session
from quiz.models import Assignment, LtiResourceLink


def _picker(client, platform):
    """An instructor's deep-linking launch: the page where they pick the set."""
    platform.courses.deep_linking("teacher-sub", INSTRUCTOR, name="Ms Rivera")
    response, _ = launch(client, platform)
    assert response.status_code == 303, page_text(response)
    picker_url = response.headers["Location"]
    assert "/lti/deep-link?launch=" in picker_url
    return picker_url, client.get(picker_url)


def _pick(client, platform, **policy):
    picker_url, picker = _picker(client, platform)
    assert picker.status_code == 200 and CLASS_SET_TITLE in page_text(picker)
    return client.post(picker_url, data={
        "csrf_token": csrf_token(picker.get_data(as_text=True)), "question_set": "sample",
        "counting": "best", "reveal": "end", **policy})


def _return_to_platform(answer) -> str:
    """What the browser does with the answer page: post its form to the LMS."""
    page = answer.get_data(as_text=True)
    action = html.unescape(re.search(r'action="([^"]+)" id="deep-link-return"', page).group(1))
    token = html.unescape(re.search(r'name="JWT" value="([^"]+)"', page).group(1))
    with urlopen(action, data=urlencode({"JWT": token}).encode()) as reply:
        return reply.read().decode()


def test_an_instructor_deep_links_a_set_and_the_lms_gets_a_signed_link(app, client,
                                                                       lti_platform, load_set):
    load_set(CLASS_SET)
    lti_platform.services.trust_tool(client)
    answer = _pick(client, lti_platform, attempts_allowed="2")
    assert answer.status_code == 200
    assert "Return to your course" in page_text(answer)  # works without JavaScript
    assert f"form-action 'self' {lti_platform.url}" in answer.headers["Content-Security-Policy"]
    assert "Linked" in _return_to_platform(answer)
    with app.app_context():
        assignment = get_session().scalars(select(Assignment)).one()
        assert (assignment.attempts_allowed, assignment.counting) == (2, "best")
        assignment_id = assignment.id
    [item] = lti_platform.courses.items
    assert item["type"] == "ltiResourceLink" and item["url"] == "http://localhost/lti/launch"
    assert item["lineItem"] == {"scoreMaximum": len(CLASS_SET_KEY), "label": CLASS_SET_TITLE,
                                "resourceId": str(assignment_id)}
    assert item["custom"] == {"assignment": str(assignment_id)}


def test_picking_the_set_again_updates_the_one_assignment(app, client, lti_platform,
                                                          load_set):
    load_set(CLASS_SET)
    _pick(client, lti_platform, attempts_allowed="2")
    _pick(client, lti_platform, attempts_allowed="5", counting="latest")
    with app.app_context():
        assignment = get_session().scalars(select(Assignment)).one()
        assert (assignment.attempts_allowed, assignment.counting) == (5, "latest")


def test_a_learners_launch_of_the_link_opens_the_assignment_and_keeps_its_line_item(
        app, client, lti_platform, load_set):
    load_set(CLASS_SET)
    lti_platform.services.trust_tool(client)
    _return_to_platform(_pick(client, lti_platform))
    [item] = lti_platform.courses.items
    learner = app.test_client()
    lti_platform.as_user("learner-sub", LEARNER, name="Sam Okoro")
    response, _ = launch(learner, lti_platform.courses.follow_link(item))
    assert response.status_code == 200
    assert CLASS_SET_TITLE in page_text(response) and "Start" in page_text(response)
    with app.app_context():
        link = get_session().scalars(select(LtiResourceLink)).one()
        assert link.assignment_id == int(item["custom"]["assignment"])
        assert link.line_item_url == lti_platform.services.line_item_url("link-from-deep-link")


def test_a_link_naming_another_class_assignment_opens_no_assignment(app, client,
                                                                    lti_platform, load_set):
    load_set(CLASS_SET)
    _pick(client, lti_platform)
    lti_platform.as_user("other-teacher", INSTRUCTOR, context="course-2")
    launch(app.test_client(), lti_platform)  # a second course, and its class
    lti_platform.as_user("learner-sub", LEARNER, name="Sam Okoro", context="course-2")
    with app.app_context():
        assignment_id = get_session().scalar(select(Assignment.id))
    response, _ = launch(app.test_client(), lti_platform.courses.follow_link(
        {"custom": {"assignment": str(assignment_id)}}))
    assert response.status_code == 303 and "/classes/" in response.headers["Location"]


def test_a_learner_cannot_deep_link(client, lti_platform, load_set):
    load_set(CLASS_SET)
    lti_platform.courses.deep_linking("learner-sub", LEARNER)
    response, _ = launch(client, lti_platform)
    assert response.status_code == 403
    assert "Only your teacher adds activities" in page_text(response)


def test_the_picker_refuses_a_post_without_its_csrf_token(client, lti_platform, load_set):
    load_set(CLASS_SET)
    picker_url, _ = _picker(client, lti_platform)
    response = client.post(picker_url, data={"question_set": "sample", "counting": "best",
                                             "reveal": "end"})
    assert response.status_code == 400


def test_another_teachers_browser_cannot_use_the_launch(app, client, lti_platform, load_set):
    load_set(CLASS_SET)
    picker_url, _ = _picker(client, lti_platform)
    lti_platform.as_user("someone-else", INSTRUCTOR, context="course-2")
    other = app.test_client()
    launch(other, lti_platform)
    assert other.get(picker_url).status_code == 404


def test_the_picker_may_be_framed_by_the_platform(client, lti_platform, load_set):
    load_set(CLASS_SET)
    _, picker = _picker(client, lti_platform)
    assert f"frame-ancestors {lti_platform.url}" in picker.headers["Content-Security-Policy"]
