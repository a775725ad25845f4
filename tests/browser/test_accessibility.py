"""axe-core on every student and teacher page, plus what axe cannot see for itself.

One class is set up once for the module (a student part-way through one assignment, done
with two others); each page is then opened in a fresh browser carrying that student's or
the teacher's cookies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from live_server import TEACHER_EMAIL, TEACHER_PASSWORD
from playwright.sync_api import Browser, Page, expect
from samples import CLASS_SET_TEMPLATE

from quiz.questionset.parser import parse

from .helpers import (
    PARSED_IRAN_DRONES,
    answer_all,
    answer_passage,
    assign,
    create_class,
    join,
    key,
    publish_set,
    sign_in,
    start,
)

SET_TITLE = "Accessible bridge"
DUE_TITLE = "Accessible bridge, answers after the due date"
PARSED_SET = parse(CLASS_SET_TEMPLATE.format(title=SET_TITLE))
BROKEN = CLASS_SET_TEMPLATE.format(title=SET_TITLE).replace("labels:", "lables:").replace(
    "answer: opinion", "answer: opinon")


@dataclass
class Scene:
    teacher_state: dict
    student_state: dict
    urls: dict[str, str]


@pytest.fixture(scope="module")
def scene(browser: Browser, base_url: str) -> Scene:
    """A class with three assignments: one done, one after the due date, one part-way."""
    teacher_context = browser.new_context(base_url=base_url)
    student_context = browser.new_context(base_url=base_url)
    teacher, student = teacher_context.new_page(), student_context.new_page()
    urls: dict[str, str] = {}
    sign_in(teacher, TEACHER_EMAIL, TEACHER_PASSWORD)
    urls["set"] = publish_set(teacher, CLASS_SET_TEMPLATE.format(title=SET_TITLE))
    publish_set(teacher, CLASS_SET_TEMPLATE.format(title=DUE_TITLE))
    urls["class"], code = create_class(teacher, "Accessibility 9A")
    urls["results"] = assign(teacher, urls["class"], SET_TITLE)
    assign(teacher, urls["class"], DUE_TITLE, reveal="After the due date", due="2099-06-01T09:00")
    assign(teacher, urls["class"], PARSED_IRAN_DRONES.title, reveal="After each passage")

    urls["student class"] = join(student, code, "Ada Access")
    start(student, SET_TITLE)
    answer_all(student, PARSED_SET, {**key(PARSED_SET), 2: "fact"})
    urls["result"] = student.url
    student.goto(urls["student class"])
    start(student, DUE_TITLE)
    answer_all(student, PARSED_SET)
    expect(student.get_by_role("heading", level=1)).to_have_text("Your answers are in")
    urls["submitted"] = student.url
    student.goto(urls["student class"])
    start(student, PARSED_IRAN_DRONES.title)
    answer_passage(student, {s.number: s.answers[0]
                             for s in PARSED_IRAN_DRONES.passages[0].statements})
    expect(student).to_have_url(re.compile(r"/passages/1/review$"))
    urls["review"] = student.url
    student.get_by_role("link", name="Next passage").click()
    urls["passage"] = student.url

    teacher.goto(urls["results"])
    total = len(PARSED_SET.statements)
    teacher.get_by_role("link", name=f"{total - 1} of {total}").click()
    urls["attempt"] = teacher.url
    scene = Scene(teacher_context.storage_state(), student_context.storage_state(), urls)
    teacher_context.close()
    student_context.close()
    return scene


def _submit_workbench(page: Page, markdown: str, button: str) -> None:
    page.get_by_label("Or paste the Markdown").fill(markdown)
    page.get_by_role("button", name=button).click()


# Each page: who opens it (a student, the teacher, or nobody signed in), how to get there,
# and whether it shows a passage with its statements marked.
Visit = Callable[[Page, dict[str, str]], None]
STUDENT_PAGES: dict[str, tuple[Visit, bool]] = {
    "home": (lambda page, urls: page.goto("/"), False),
    "join": (lambda page, urls: page.goto("/join"), False),
    "join with errors": (lambda page, urls: (
        page.goto("/join"), page.get_by_role("button", name="Join").click()), False),
    "practice start": (lambda page, urls: page.goto("/quizzes/iran-drones"), False),
    "class": (lambda page, urls: page.goto(urls["student class"]), False),
    "passage": (lambda page, urls: page.goto(urls["passage"]), True),
    "passage with an error": (lambda page, urls: (
        page.goto(urls["passage"]),
        page.get_by_role("button", name="Save and continue").click()), True),
    "review after a passage": (lambda page, urls: page.goto(urls["review"]), True),
    "submitted before the due date": (lambda page, urls: page.goto(urls["submitted"]), False),
    "result": (lambda page, urls: page.goto(urls["result"]), True),
    "not found": (lambda page, urls: page.goto("/attempts/no-such-attempt/result"), False),
}
TEACHER_PAGES: dict[str, tuple[Visit, bool]] = {
    "classes": (lambda page, urls: page.goto("/teacher/"), False),
    "class": (lambda page, urls: page.goto(urls["class"]), False),
    "assignment settings": (lambda page, urls: page.goto(urls["results"] + "/settings"), False),
    "results": (lambda page, urls: page.goto(urls["results"]), False),
    "attempt": (lambda page, urls: page.goto(urls["attempt"]), True),
    "sets": (lambda page, urls: page.goto("/teacher/sets/"), False),
    "set new": (lambda page, urls: page.goto("/teacher/sets/new"), False),
    "set new with errors": (lambda page, urls: (
        page.goto("/teacher/sets/new"), _submit_workbench(page, BROKEN, "Check")), False),
    "set edit with errors": (lambda page, urls: (
        page.goto(urls["set"] + "/edit"), _submit_workbench(page, BROKEN, "Check")), False),
    "set preview": (lambda page, urls: (
        page.goto("/teacher/sets/new"),
        _submit_workbench(page, CLASS_SET_TEMPLATE.format(title="Previewed"), "Preview")), True),
    "set show": (lambda page, urls: page.goto(urls["set"]), True),
    # Both POST or confirm nothing: the page that refuses (the set has attempts) and asks.
    "unassign refused": (lambda page, urls: (
        page.goto(urls["class"]),
        page.get_by_role("button", name=f"Unassign {SET_TITLE}", exact=True).click()), False),
    "remove a student": (lambda page, urls: (
        page.goto(urls["class"]),
        page.get_by_role("link", name="Remove Ada Access", exact=True).click()), False),
}
SIGNED_OUT_PAGES: dict[str, tuple[Visit, bool]] = {
    "teacher login": (lambda page, urls: page.goto("/teacher/login"), False),
    "teacher login with errors": (lambda page, urls: (
        page.goto("/teacher/login"), page.get_by_role("button", name="Sign in").click()), False),
}
PAGES = {
    **{("student", name): how for name, how in STUDENT_PAGES.items()},
    **{("teacher", name): how for name, how in TEACHER_PAGES.items()},
    **{("nobody", name): how for name, how in SIGNED_OUT_PAGES.items()},
}
AXE = Axe()


def _serious(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"])
        for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]


def _unnamed_controls(page: Page) -> list[str]:
    """Form controls whose accessible name (as the accessibility tree computes it) is empty."""
    controls = page.locator("input:not([type=hidden]), select, textarea")
    unnamed = []
    for index in range(controls.count()):
        control = controls.nth(index)
        first_line = control.aria_snapshot().splitlines()[0]
        if not re.match(r'^- [\w-]+ "[^"]*\S[^"]*"', first_line):
            unnamed.append(f"{control.evaluate('e => e.outerHTML')[:120]} -> {first_line}")
    return unnamed


def _check_statement_marks(page: Page) -> int:
    """Marked statements are underlined, each after its visible number; returns how many."""
    marks = page.locator("mark.statement")  # a cue inside a statement splits it in pieces
    for index in range(marks.count()):
        decoration = marks.nth(index).evaluate("e => getComputedStyle(e).textDecorationLine")
        assert "underline" in decoration, (index, decoration)
    labels = page.locator(".statement-label")
    for index in range(labels.count()):
        label = labels.nth(index)
        expect(label).to_be_visible()
        expect(label).to_have_text(re.compile(r"^\d+$"))
        expect(label.locator("xpath=following-sibling::*[1]")).to_have_class("statement")
    statements = page.locator("fieldset.statement, li.explanation").count()
    assert labels.count() == (statements if marks.count() else 0), (labels.count(), statements)
    return labels.count()


@pytest.mark.parametrize(("who", "name"), PAGES, ids=[f"{w}: {n}" for w, n in PAGES])
def test_page_is_accessible(who: str, name: str, scene: Scene, new_context) -> None:
    state = {"student": scene.student_state, "teacher": scene.teacher_state}.get(who)
    page = new_context(storage_state=state).new_page()
    visit, shows_marks = PAGES[who, name]
    visit(page, scene.urls)
    expect(page.locator("main h1")).to_be_visible()
    if "error" in name:  # the page really is in its error state
        expect(page.locator("main .error").first).to_be_visible()

    violations = _serious(page)
    assert not violations, f"axe on {who}'s {name} page:\n" + "\n".join(violations)
    unnamed = _unnamed_controls(page)
    assert not unnamed, f"controls without a name on {name}:\n" + "\n".join(unnamed)
    marks = _check_statement_marks(page)
    assert (marks > 0) == shows_marks, f"{marks} statements marked on {name}"


def test_the_checks_catch_a_planted_problem(page: Page) -> None:
    """Guard against passing vacuously: an input without a label is caught by both checks."""
    page.goto("/join")
    page.evaluate("""document.querySelector("main form")
        .insertAdjacentHTML("beforeend", '<input type="text" id="planted">')""")
    assert any(v.startswith("label (critical)") and "#planted" in v for v in _serious(page))
    assert any('id="planted"' in control for control in _unnamed_controls(page))
