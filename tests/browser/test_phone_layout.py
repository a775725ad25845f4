"""The passage page measured in Chromium, on a 375px phone and a 1280px screen: a statement's
choices are even (one row or one a row, never two and one), the chosen one shows without
colour, text stays inside its box, and no page load asks for a file that is not there."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from samples import CLASS_SET_TEMPLATE

from .helpers import assign, create_class, join, publish_set, start, statement_group

PHONE = {"width": 375, "height": 812}
SCREEN = {"width": 1280, "height": 900}
# Five labels, two of them long: the set still gets even choices, whatever the width.
LONG_LABELS = ("fact", "speculation", "opinion", "a claim nobody can check yet",
               "an advertisement dressed up as news")
LONG_SET = CLASS_SET_TEMPLATE.replace(
    "labels: fact, speculation, opinion", "labels: " + ", ".join(LONG_LABELS))

# Every statement's box, its borders, its text and its choices (each with the text in it).
MEASURE = """() => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                             width: r.width}; };
  return [...document.querySelectorAll("fieldset.statement")].map(f => {
    const s = getComputedStyle(f);
    return {
      box: box(f),
      border: [s.borderTopWidth, s.borderRightWidth, s.borderBottomWidth, s.borderLeftWidth]
        .map(parseFloat),
      legend: box(f.querySelector("legend")),
      choices: [...f.querySelectorAll("label.choice")].map(c => ({
        box: box(c), text: box(c.querySelector("span")),
        border: parseFloat(getComputedStyle(c).borderTopWidth)})),
    };
  });
}"""
# How a choice's text looks: what tells the chosen one apart, other than colour.
LOOK = """label => {
  const text = label.querySelector("span");
  return {weight: getComputedStyle(text).fontWeight,
          border: getComputedStyle(label).borderTopWidth,
          after: getComputedStyle(text, "::after").content};
}"""
SLACK = 0.5  # px: boxes are measured in fractions of a pixel


def practise(page: Page) -> None:
    """Start a practice attempt at the shared Iran set: its first passage."""
    page.goto("/quizzes/iran-drones")
    page.get_by_label("Your name").fill("Phone Reader")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator(".progress-text")).to_contain_text("Passage 1 of")


def inside(inner: dict, outer: dict, border: list[float] | None = None) -> bool:
    top, right, bottom, left = border or [0, 0, 0, 0]
    return (inner["left"] >= outer["left"] + left - SLACK
            and inner["right"] <= outer["right"] - right + SLACK
            and inner["top"] >= outer["top"] + top - SLACK
            and inner["bottom"] <= outer["bottom"] - bottom + SLACK)


def layout_problems(page: Page) -> tuple[list[str], set[str]]:
    """What is uneven or outside its box on the page, and the layouts the choices took."""
    problems, layouts = [], set()
    for number, statement in enumerate(page.evaluate(MEASURE), start=1):
        if not inside(statement["legend"], statement["box"], statement["border"]):
            problems.append(f"statement {number}: its text crosses its box {statement}")
        choices = statement["choices"]
        boxes = [choice["box"] for choice in choices]
        if max(b["width"] for b in boxes) - min(b["width"] for b in boxes) > 1:
            problems.append(f"statement {number}: choices of different widths {boxes}")
        if max(b["top"] for b in boxes) - min(b["top"] for b in boxes) <= 1:
            layouts.add("row")
        elif all(b["left"] == boxes[0]["left"] for b in boxes) and \
                all(a["bottom"] <= b["top"] for a, b in zip(boxes, boxes[1:], strict=False)):
            layouts.add("stacked")
        else:
            problems.append(f"statement {number}: choices neither in a row nor stacked {boxes}")
        for choice in choices:
            if not inside(choice["text"], choice["box"], [choice["border"]] * 4):
                problems.append(f"statement {number}: a label sticks out of its choice {choice}")
            if not inside(choice["box"], statement["box"], statement["border"]):
                problems.append(f"statement {number}: a choice sticks out of its box {choice}")
    return problems, layouts


@pytest.mark.parametrize(("viewport", "layout"), [(PHONE, "stacked"), (SCREEN, "row")],
                         ids=["375px phone", "1280px screen"])
def test_the_three_choices_are_even_and_inside_their_box(student_page, viewport, layout):
    page = student_page(viewport=viewport)
    practise(page)
    group = statement_group(page, 1)
    group.get_by_text("speculation", exact=True).click()  # a chosen one is bold and wider
    problems, layouts = layout_problems(page)
    assert not problems, "\n".join(problems)
    assert layouts == {layout}
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", [PHONE, SCREEN], ids=["375px phone", "1280px screen"])
def test_five_labels_some_long_are_still_even(teacher_page, student_page, viewport):
    title = f"Bridge with long labels at {viewport['width']}px"  # one set a test
    publish_set(teacher_page, LONG_SET.format(title=title))
    class_url, code = create_class(teacher_page, title)
    assign(teacher_page, class_url, title)
    page = student_page(viewport=viewport)
    join(page, code, "Lena Long")
    start(page, title)
    statement_group(page, 2).get_by_text(LONG_LABELS[-1], exact=True).click()
    problems, layouts = layout_problems(page)
    assert not problems, "\n".join(problems)
    assert layouts == {"stacked"}  # five of them never fit in one row of a 46rem page


@pytest.mark.parametrize("forced_colors", ["none", "active"])
def test_the_chosen_answer_shows_without_colour(student_page, forced_colors):
    page = student_page(viewport=PHONE)
    page.emulate_media(forced_colors=forced_colors)
    practise(page)
    group = statement_group(page, 1)
    group.get_by_text("opinion", exact=True).click()
    expect(group.get_by_role("radio", name="opinion", exact=True)).to_be_checked()
    choices = group.locator("label.choice")
    chosen = choices.filter(has_text=re.compile(r"^\s*opinion")).evaluate(LOOK)
    for other in ("fact", "speculation"):
        unchosen = choices.filter(has_text=re.compile(rf"^\s*{other}")).evaluate(LOOK)
        assert int(chosen["weight"]) >= int(unchosen["weight"]) + 300, (chosen, unchosen)
        assert float(chosen["border"][:-2]) >= 2 * float(unchosen["border"][:-2])
        assert unchosen["after"] == "none"
    assert "\u2713" in chosen["after"], chosen  # the tick, drawn by the stylesheet
    # ...and silent: the radio's name is still its label alone.
    expect(group.get_by_role("radio", name="opinion", exact=True)).to_have_count(1)


def test_no_page_load_asks_for_a_missing_file(student_page):
    page = student_page(viewport=PHONE)
    responses: list[tuple[int, str, str]] = []
    errors: list[str] = []
    page.on("response", lambda r: responses.append(
        (r.status, r.url, r.headers.get("content-type", ""))))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/")
    practise(page)
    page.wait_for_load_state("networkidle")  # the icon is fetched after the page is shown
    assert not [r for r in responses if r[0] >= 400], responses
    assert not errors, errors
    icons = [r for r in responses if r[1].endswith("/static/favicon.svg")]
    assert icons and all(status == 200 and kind.startswith("image/svg+xml")
                         for status, _, kind in icons), responses
    # A browser that asks for /favicon.ico without reading the page gets an image too.
    width = page.evaluate("""async () => {
      const image = new Image();
      image.src = "/favicon.ico";
      await image.decode();
      return image.naturalWidth;
    }""")
    assert width > 0
