"""An assignment's results page on a 375px phone: nothing scrolls the page sideways, the wide
tables scroll in boxes a keyboard can reach, the chart's labels stand clear of each other,
and axe finds nothing to fix."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from samples import CLASS_SET_TEMPLATE

from quiz.questionset.parser import parse

from .helpers import answer_all, assign, create_class, join, key, publish_set, scroll_width, start

PHONE = {"width": 375, "height": 812}
TITLE = "Bridge results on a phone"
PARSED = parse(CLASS_SET_TEMPLATE.format(title=TITLE))

# The boxes of the chart's text, to find any two that overlap.
TEXT_BOXES = """svg => [...svg.querySelectorAll("text")].filter(t => t.textContent.trim())
    .map(t => { const b = t.getBoundingClientRect();
                return [t.textContent, b.left, b.top, b.right, b.bottom]; })"""


def _overlapping(boxes: list) -> list[tuple[str, str]]:
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]


def test_results_fit_a_phone_and_pass_axe(new_context, teacher_state, student_page):
    teacher = new_context(viewport=PHONE, storage_state=teacher_state).new_page()
    publish_set(teacher, CLASS_SET_TEMPLATE.format(title=TITLE))
    class_url, code = create_class(teacher, "Year 9 results on a phone")
    results_url = assign(teacher, class_url, TITLE)
    # One student right throughout (the 100% band), one with a long name and a mistake,
    # and one who has not started.
    for name, choices in (("Ada Lovelace", key(PARSED)),
                          ("Maximiliana Wolkenstein-Rodenegg", {**key(PARSED), 2: "fact"})):
        student = student_page(viewport=PHONE)
        join(student, code, name)
        start(student, TITLE)
        answer_all(student, PARSED, choices)
    join(student_page(viewport=PHONE), code, "Bartholomew Featherstonehaugh")

    teacher.goto(results_url)
    expect(teacher.locator("p.glance")).to_have_text(
        "2 of 3 done · average 88% · this class reads speculation as fact 25% of the time")
    expect(teacher.locator(".not-started")).to_contain_text("Bartholomew Featherstonehaugh")
    assert scroll_width(teacher) <= PHONE["width"], scroll_width(teacher)

    regions = teacher.locator(".table-scroll")
    expect(regions).to_have_count(3)
    for index in range(regions.count()):
        region = regions.nth(index)
        expect(region).to_have_attribute("role", "region")
        expect(region).to_have_attribute("tabindex", "0")
        region.focus()  # reachable by keyboard, so its content can be scrolled with arrows
        expect(region).to_be_focused()
    expect(teacher.locator(".scroll-hint").first).to_be_visible()

    boxes = teacher.locator("svg.chart").evaluate(TEXT_BOXES)
    assert "90–100" in [box[0] for box in boxes]
    assert not _overlapping(boxes), _overlapping(boxes)

    violations = Axe().run(teacher).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
