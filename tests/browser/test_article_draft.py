"""A set drafted from an article, in Chromium: a teacher pastes an article, accepts the
suggestions but two, makes the draft, checks and publishes it, assigns it, and a student takes
it; the two drafting pages pass axe, work by keyboard and fit a phone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from quiz.questionset.parser import parse

from .helpers import answer_all, assign, create_class, join, key, scroll_width, start
from .test_accessibility import _serious, _unnamed_controls

PHONE = {"width": 375, "height": 812}
ARTICLE = """\
The harbour ferry will stop running in June, the council said on Tuesday. Officials believe \
the old boat could be sold to a museum.

Closing the ferry is a terrible mistake, one fisherman told the Gazette. It is unclear \
whether a bus will replace it.

According to the mayor, a new ferry may arrive in 2026. Residents should not have to wait \
that long for a service they pay for."""


def fill_article(page: Page, title: str) -> None:
    """The article page, filled in and sent."""
    page.goto("/teacher/sets/")
    page.get_by_role("link", name="New set from an article").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New set from an article")
    page.get_by_label("Title of the set").fill(title)
    page.get_by_label("Or paste the article's text").fill(ARTICLE)
    page.get_by_label("Where the article is from").fill("Harbour Gazette")
    page.get_by_label("Its web address (optional)").fill("https://news.example.org/ferry")
    page.get_by_label("Its date (optional)").fill("2024-05-02")
    page.get_by_role("button", name="Suggest the statements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the suggestions")


def test_a_teacher_drafts_a_set_from_an_article_and_a_student_takes_it(teacher_page,
                                                                       student_page):
    teacher, title = teacher_page, "The harbour ferry, drafted"
    fill_article(teacher, title)

    # Accept the suggestions, but change the label of the first two kept statements.
    kept = teacher.locator("li.draft-candidate").filter(
        has=teacher.locator("input[type=checkbox]:checked"))
    assert kept.count() >= 3
    changed: dict[str, str] = {}
    for index in range(2):
        item = kept.nth(index)
        suggested = item.locator("input[type=radio]:checked").get_attribute("value")
        other = "opinion" if suggested != "opinion" else "fact"
        item.locator("label.choice").filter(has_text=re.compile(rf"^\s*{other}\s*$")).click()
        expect(item.get_by_role("radio", name=other, exact=True)).to_be_checked()
        changed[item.get_by_role("textbox").first.input_value()] = other
    teacher.get_by_role("button", name="Make the draft").click()
    expect(teacher.locator(".flash")).to_contain_text("Nothing is stored yet")

    box = teacher.get_by_label("Or paste the Markdown")
    drafted = parse(box.input_value())
    answers = {s.text: s.answers for s in drafted.statements}
    assert {text: answers[text] for text in changed} == \
        {text: (label,) for text, label in changed.items()}
    assert drafted.title == title and "Harbour Gazette" in drafted.intro_md

    # The workbench's buttons, as for any set: Check, then Publish.
    teacher.get_by_role("button", name="Check").click()
    expect(teacher.locator(".check-ok")).to_contain_text("No problems found")
    teacher.get_by_role("button", name="Publish").click()
    expect(teacher.locator(".flash")).to_contain_text(f"Published “{title}” as version 1.")

    class_url, code = create_class(teacher, "Ferry 8B")
    assign(teacher, class_url, title)
    student = student_page()
    join(student, code, "Fern Ferry")
    start(student, title)
    answer_all(student, drafted, key(drafted))
    total = len(drafted.statements)
    expect(student.locator(".score")).to_have_text(f"{total} of {total} correct (100%)")


def test_enter_in_a_review_field_updates_the_counts_and_splits_nothing(teacher_page):
    page = teacher_page
    fill_article(page, "Keyboard ferry")
    statements = page.locator("li.draft-candidate").count()
    keep = page.get_by_label("Keep statement 1", exact=True)
    keep.focus()
    was = keep.is_checked()
    page.keyboard.press("Space")
    assert keep.is_checked() != was
    page.get_by_label("Signal words of statement 1 (comma-separated)", exact=True).press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the suggestions")
    expect(page.locator("li.draft-candidate")).to_have_count(statements)
    expect(page.get_by_label("Keep statement 1", exact=True)).to_be_checked(checked=not was)


def test_the_article_pages_pass_axe_and_fit_a_phone(new_context, teacher_state):
    page = new_context(storage_state=teacher_state, viewport=PHONE).new_page()

    def check(state: str) -> None:
        expect(page.locator("main h1")).to_be_visible()
        assert _serious(page) == [], state
        assert _unnamed_controls(page) == [], state
        assert scroll_width(page) <= PHONE["width"], state

    page.goto("/teacher/sets/from-article/")
    check("article page")
    page.get_by_role("button", name="Suggest the statements").click()
    expect(page.locator("main .error").first).to_be_visible()
    check("article page with errors")
    fill_article(page, "A ferry on a phone")
    check("review page")
    page.get_by_role("button", name="Split statement 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the suggestions")
    expect(page).to_have_url(re.compile(r"/review#statement-1$"))  # back where it was
    check("review page after a split")
