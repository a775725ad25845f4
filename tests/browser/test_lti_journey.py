"""The whole LTI journey in Chromium, the tool framed cross-site in the fake LMS's course
page (the LMS on http://localhost, the tool on http://127.0.0.1): a teacher deep-links a set,
a learner launches it, takes it inside the frame, and the LMS receives the score."""

from __future__ import annotations

import json
import re
from urllib.request import urlopen

import pytest
from lti_platform import INSTRUCTOR, LEARNER, FakePlatform
from playwright.sync_api import Frame, Page, expect

from .helpers import PARSED_IRAN_DRONES, answer_all, expected_score, key


@pytest.fixture
def lms(live_server):
    """The fake LMS, registered with the live server (its course page's origin as a frame
    origin) and trusting the live server's key set."""
    platform = FakePlatform()
    platform.course_page.tool_url = live_server.url
    page_origin = platform.course_page.page_url.removesuffix(platform.course_page.PATH)
    live_server.flask(*platform.register_args(), "--frame-origin", page_origin)
    with urlopen(live_server.url + "/lti/jwks.json") as answer:
        platform.services.tool_keys = json.load(answer)
    yield platform
    platform.stop()


def _launch(page: Page, lms: FakePlatform, name: str) -> Frame:
    """Open the course page and press the user's Launch link: the tool opens in the frame."""
    page.goto(lms.course_page.page_url)
    page.get_by_role("link", name=f"Launch as {name}").click()
    return page.frame(name="tool")


def test_a_teacher_deep_links_a_set_and_a_learner_takes_it_inside_the_lms(
        lms, live_server, new_context):
    courses = lms.courses
    lms.course_page.users = {
        "Ms Rivera": lambda: courses.deep_linking("rivera-sub", INSTRUCTOR, name="Ms Rivera"),
        "Sam Okoro": lambda: (lms.as_user("sam-sub", LEARNER, name="Sam Okoro"),
                              courses.follow_link(courses.items[-1], link="journey-link")),
    }
    assert lms.course_page.page_url.startswith("http://localhost:")  # not the tool's site
    teacher = new_context().new_page()
    tool = teacher.frame_locator("iframe[name=tool]")
    _launch(teacher, lms, "Ms Rivera")
    expect(tool.get_by_role("heading", level=1)).to_have_text("Add an activity to your course")
    tool.get_by_label("Question set").select_option(label=PARSED_IRAN_DRONES.title)
    tool.get_by_role("button", name="Add to the course").click()
    expect(tool.get_by_text("Linked.")).to_be_visible()  # the LMS checked the signed link
    assert len(courses.items) == 1 and courses.refused_answers == 0
    # Its idle connections (Chromium keeps one per top-level site) would hold a sync worker.
    teacher.context.close()

    student = new_context().new_page()
    frame = _launch(student, lms, "Sam Okoro")
    in_frame = student.frame_locator("iframe[name=tool]")
    expect(in_frame.get_by_role("heading", level=1)).to_have_text(PARSED_IRAN_DRONES.title)
    in_frame.get_by_role("button", name="Start", exact=True).click()
    frame.wait_for_url(re.compile(r"/(introduction|passages/\d+)$"))
    if frame.url.endswith("/introduction"):
        in_frame.get_by_role("link", name="Start passage 1").click()
    answer_all(frame, PARSED_IRAN_DRONES)  # type: ignore[arg-type]: a Frame acts as a Page
    assert student.url.startswith("http://localhost:")  # still inside the LMS's page

    live_server.flask("lti", "send-grades", "--once")
    scores = [score for item, score in lms.services.scores if item.endswith("journey-link")]
    assert len(scores) == 1, lms.services.calls
    total = len(PARSED_IRAN_DRONES.statements)
    assert scores[0]["userId"] == "sam-sub"
    assert (scores[0]["scoreGiven"], scores[0]["scoreMaximum"]) == (
        expected_score(PARSED_IRAN_DRONES, key(PARSED_IRAN_DRONES)), total)
