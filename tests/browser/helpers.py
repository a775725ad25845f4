"""What teachers and students do in the browser, as short page-object style steps."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin

from playwright.sync_api import Page, expect
from samples import IRAN_DRONES

from quiz.questionset.parsed import ParsedSet
from quiz.questionset.parser import parse_file

PARSED_IRAN_DRONES = parse_file(IRAN_DRONES)  # the set every `make run` imports


def key(question_set: ParsedSet) -> dict[int, str]:
    """The first accepted label of every statement, by number."""
    return {s.number: s.answers[0] for s in question_set.statements}


# Teachers


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/teacher/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your classes")


def create_class(page: Page, name: str) -> tuple[str, str]:
    """Create a class from the classes page; returns the class page's URL and its join code."""
    page.goto("/teacher/")
    page.get_by_label("Class name").fill(name)
    page.get_by_role("button", name="Create class").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    code = page.locator("p.join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    return page.url, code


def assign(page: Page, class_url: str, set_title: str, reveal: str = "At the end of the quiz",
           due: str | None = None) -> str:
    """Assign a set on the class page; returns the URL of the assignment's results page."""
    page.goto(class_url)
    page.get_by_label("Question set").select_option(label=set_title)
    if due is not None:
        page.get_by_label("Due (optional)").fill(due)
    page.get_by_label("When students see the answers").select_option(label=reveal)
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator(".flash")).to_contain_text(f"Assigned {set_title}.")
    link = page.get_by_role("table").get_by_role("link", name=set_title, exact=True)
    return urljoin(page.url, link.get_attribute("href"))


def publish_set(page: Page, markdown: str) -> str:
    """Paste a set's Markdown and publish it; returns the URL of the published set."""
    page.goto("/teacher/sets/new")
    page.get_by_label("Or paste the Markdown").fill(markdown)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash")).to_contain_text("as version 1")
    return page.url


# Students


def join(page: Page, code: str, name: str, student_id: str = "", email: str = "") -> str:
    """Join a class at /join; returns the URL of the student's class page."""
    page.goto("/join")
    page.get_by_label("Class code").fill(code)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Student ID (optional)").fill(student_id)
    page.get_by_label("School email (optional)").fill(email)
    page.get_by_role("button", name="Join").click()
    expect(page.locator(".flash")).to_contain_text(f"Welcome, {name}!")
    return page.url


def start(page: Page, set_title: str) -> None:
    """Press Start (or Continue) for an assignment on the student's class page; a new
    attempt opens on the set's introduction, which leads on to passage 1."""
    page.get_by_role("button", name=re.compile(
        rf"^(Start|Continue|Start again) {re.escape(set_title)}$")).click()
    page.wait_for_url(re.compile(r"/(introduction|passages/\d+)$"))
    if page.url.endswith("/introduction"):
        page.get_by_role("link", name="Start passage 1").click()
    expect(page.locator(".progress-text")).to_contain_text("Passage")


def statement_group(page: Page, number: int):
    """The fieldset of one statement's radio buttons."""
    return page.locator("fieldset.statement").filter(
        has=page.locator(f'input[name="statement-{number}"]'))


def answer_passage(page: Page, labels: dict[int, str]) -> None:
    """Click the label of each statement's choice and send the passage."""
    for number, label in labels.items():
        group = statement_group(page, number)
        group.locator("label.choice").filter(
            has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).click()
        expect(group.get_by_role("radio", name=label, exact=True)).to_be_checked()
    page.locator("form").get_by_role("button", name=re.compile(
        "Save and continue|Submit my answers")).click()


def answer_all(page: Page, question_set: ParsedSet, choices: dict[int, str] | None = None,
               on_passage: Callable[[Page, int], None] | None = None) -> None:
    """Answer every passage from the current one (the first) to the result page.

    `choices` are labels by statement number (the key by default). Each page must say
    "Passage k of N"; after a passage whose answers are shown, go on to the next one.
    `on_passage(page, k)` runs on each passage page before it is answered.
    """
    choices = choices or key(question_set)
    total = len(question_set.passages)
    for position, passage in enumerate(question_set.passages, start=1):
        expect(page.locator(".progress-text")).to_have_text(f"Passage {position} of {total}")
        expect(page.get_by_role("heading", level=1)).to_have_text(passage.heading)
        if on_passage is not None:
            on_passage(page, position)
        answer_passage(page, {s.number: choices[s.number] for s in passage.statements})
        if position < total and "/review" in page.url:
            page.get_by_role("link", name="Next passage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("Your result|Your answers are in"))


def expected_score(question_set: ParsedSet, choices: dict[int, str]) -> int:
    return sum(choices[s.number] in s.answers for s in question_set.statements)


def scroll_width(page: Page) -> int:
    """How wide the page is, once its stylesheet has loaded: an element can be visible
    before that, and an unstyled page is as wide as its longest line (the workbench measured
    572 px at 375 once, in a fresh-clone run)."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")
