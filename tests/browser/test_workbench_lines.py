"""Finding a problem's line on the set workbench, in Chromium: on a 375px phone the page does
not scroll sideways, a problem's link brings its numbered line into view, and the text box's
line numbers (static/line-numbers.js) stand beside their lines as the box wraps and scrolls."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from samples import CLASS_SET_TEMPLATE

from quiz.questionset.parsed import QuestionSetError
from quiz.questionset.parser import parse

from .helpers import scroll_width

PHONE = {"width": 375, "height": 812}
# A long unbroken word and a statement with a typo near the end of the file (the problem
# furthest from the top), under a set with a misspelt front-matter key (the first problem).
BROKEN = (CLASS_SET_TEMPLATE.format(title="Lines").replace("labels:", "lables:")
          .replace("## ", "https://example.org/a-very-long-address-that-does-not-break-by-itself"
                   "/" + "x" * 60 + "\n\n## ", 1)
          .replace("4. Repairs could take a year", "4. Repairs could take a yaer"))
# What the gutter and the box measure: the gutter's rows must add up to the box's text.
MEASURE = """() => {
  const box = document.querySelector("#source"), gutter = document.querySelector(".line-gutter");
  const rows = [...gutter.querySelectorAll(".line")];
  const line = rows.length ? parseFloat(getComputedStyle(rows[0]).lineHeight) : 0;
  return {rows: rows.length, boxTop: box.scrollTop, gutterTop: gutter.scrollTop,
          boxHeight: box.scrollHeight, gutterHeight: gutter.scrollHeight - box.clientTop * 2,
          wrapped: rows.filter(row => row.getBoundingClientRect().height > line * 1.5).length,
          numbers: rows.slice(0, 3).map(row => row.querySelector(".number").textContent)};
}"""


def check(page: Page, markdown: str) -> None:
    page.goto("/teacher/sets/new")
    page.get_by_label("Or paste the Markdown").fill(markdown)
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".error-summary")).to_be_visible()


def test_on_a_phone_a_problem_link_shows_its_numbered_line(teacher_page: Page) -> None:
    teacher_page.set_viewport_size(PHONE)
    check(teacher_page, BROKEN)
    assert scroll_width(teacher_page) <= PHONE["width"]
    problems = pytest.raises(QuestionSetError, parse, BROKEN).value.problems
    typo = next(p for p in problems if "does not occur" in p.message)
    assert "the passage says: 'Repairs could take a year'" in typo.message
    line = teacher_page.locator(f"#line-{typo.line}")
    expect(line).not_to_be_in_viewport()
    teacher_page.locator(".problems").get_by_role("link", name=f"Line {typo.line}:").click()
    expect(line).to_be_in_viewport()
    expect(line).to_contain_text("Repairs could take a yaer")
    expect(line.locator(".error")).to_have_text(typo.message)


def test_the_text_box_numbers_its_lines_as_it_wraps_and_scrolls(teacher_page: Page) -> None:
    teacher_page.set_viewport_size(PHONE)
    teacher_page.goto("/teacher/sets/new")
    box = teacher_page.get_by_label("Or paste the Markdown")
    box.fill(BROKEN)
    measured = teacher_page.evaluate(MEASURE)
    assert measured["rows"] == BROKEN.count("\n") + 1
    assert measured["numbers"] == ["1", "2", "3"]
    assert measured["wrapped"] >= 2  # the long address and the passage wrap on a phone
    assert abs(measured["gutterHeight"] - measured["boxHeight"]) <= 1, measured
    box.evaluate("box => { box.scrollTop = box.scrollHeight; }")
    teacher_page.wait_for_function("() => document.querySelector('#source').scrollTop > 0 && "
                                   "document.querySelector('.line-gutter').scrollTop === "
                                   "document.querySelector('#source').scrollTop")
    box.press("Control+End")
    box.press("Enter")
    box.type("more")
    expect(teacher_page.locator(".line-gutter .line")).to_have_count(BROKEN.count("\n") + 2)
    assert scroll_width(teacher_page) <= PHONE["width"]
    expect(teacher_page.locator(".line-gutter")).to_have_attribute("aria-hidden", "true")

