"""The introduction, "How to tell" and the result page in a real browser: on a phone, without
JavaScript, and under axe."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .helpers import PARSED_IRAN_DRONES, answer_all, assign, create_class, join, key
from .test_accessibility import _serious, _unnamed_controls

TITLE = PARSED_IRAN_DRONES.title
PHONE = {"width": 375, "height": 667}  # the smallest phone screen in common use
# Six wrong answers of three kinds, as a student who reads reports they doubt as speculation.
MISTAKES = {**key(PARSED_IRAN_DRONES)}
for number in (2, 5, 9, 13, 16, 20):
    MISTAKES[number] = next(label for label in PARSED_IRAN_DRONES.labels
                            if label != MISTAKES[number])
WRONG = 6


def practise(page: Page, choices: dict[int, str]) -> None:
    """Take the shared Iran set as practice, from its start page to the result."""
    page.goto("/quizzes/iran-drones")
    page.get_by_label("Your name").fill("Pat Phone")
    page.get_by_role("button", name="Start the quiz").click()
    answer_all(page, PARSED_IRAN_DRONES, choices)


def no_violations(page: Page, what: str) -> None:
    violations = _serious(page) + _unnamed_controls(page)
    assert not violations, f"axe on the {what}:\n" + "\n".join(violations)


def test_the_result_summary_is_in_the_first_screen_of_a_phone(student_page):
    page = student_page(viewport=PHONE)
    practise(page, MISTAKES)
    page.evaluate("window.scrollTo(0, 0)")
    summary = page.locator(".result-summary")
    box = summary.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    expect(summary.locator(".mix-ups li").first).to_be_in_viewport()
    expect(summary.locator(".passage-scores li")).to_have_count(len(PARSED_IRAN_DRONES.passages))
    # Easy to skim: each right answer is one line (a 44 px tap target), its explanation shut.
    heights = page.locator("li.explanation.right").evaluate_all(
        "items => items.map(item => item.getBoundingClientRect().height)")
    assert len(heights) == len(PARSED_IRAN_DRONES.statements) - WRONG
    assert max(heights) < 50, heights


def test_only_my_mistakes_works_without_javascript(student_page):
    page = student_page(java_script_enabled=False)
    practise(page, MISTAKES)
    expect(page.locator("li.explanation")).to_have_count(len(PARSED_IRAN_DRONES.statements))
    page.get_by_role("link", name=f"Show only my {WRONG} mistakes").click()
    expect(page).to_have_url(re.compile(r"/result\?show=mistakes$"))
    expect(page.locator("li.explanation")).to_have_count(WRONG)
    expect(page.locator("li.explanation.right")).to_have_count(0)
    # A mix-up's link still lands on its statement, which is open to read.
    first = page.locator(".mix-ups li a").first
    target = first.get_attribute("href")
    first.click()
    expect(page.locator(f"li{target} .why-not")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Show all \d+ statements$")).click()
    expect(page.locator("li.explanation")).to_have_count(len(PARSED_IRAN_DRONES.statements))


def test_introduction_how_to_tell_and_result_pass_axe(teacher_page, student_page):
    class_url, code = create_class(teacher_page, "Feedback 9B")
    assign(teacher_page, class_url, TITLE)
    student = student_page(viewport=PHONE)
    join(student, code, "Axel Feedback")
    student.get_by_role("button", name=f"Start {TITLE}").click()

    expect(student).to_have_url(re.compile(r"/introduction$"))
    expect(student.locator(".plain-words")).to_contain_text("whether or not you agree with it")
    no_violations(student, "introduction")

    student.get_by_role("link", name="Start passage 1").click()
    how_to_tell = student.locator("details.how-to-tell")
    expect(how_to_tell.locator(".plain-words")).to_be_hidden()
    how_to_tell.locator("summary").click()
    expect(how_to_tell.locator(".plain-words")).to_be_visible()
    no_violations(student, "passage page with How to tell open")

    answer_all(student, PARSED_IRAN_DRONES, MISTAKES)
    expect(student.locator(".statement-label.wrong")).to_have_count(WRONG)
    no_violations(student, "result page")
    student.locator("li.explanation.right summary").first.click()  # a right one, opened
    expect(student.locator("li.explanation.right .why").first).to_be_visible()
    no_violations(student, "result page with an explanation open")
