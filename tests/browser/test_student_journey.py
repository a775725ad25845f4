"""A class from both sides in a real browser: the teacher sets it up, students take the quiz."""

from __future__ import annotations

import re

from live_server import TEACHER_EMAIL, TEACHER_PASSWORD
from playwright.sync_api import Page, expect
from samples import CLASS_SET_TEMPLATE

from quiz.highlight import normalise

from .helpers import (
    PARSED_IRAN_DRONES,
    answer_all,
    assign,
    create_class,
    expected_score,
    join,
    key,
    publish_set,
    scroll_width,
    sign_in,
    start,
)

TITLE = PARSED_IRAN_DRONES.title
TOTAL = len(PARSED_IRAN_DRONES.statements)


def test_student_completes_the_whole_quiz_with_explanations_and_cues(new_context):
    teacher = new_context().new_page()
    sign_in(teacher, TEACHER_EMAIL, TEACHER_PASSWORD)
    class_url, code = create_class(teacher, "Year 9 English, journey")
    assign(teacher, class_url, TITLE)

    student = new_context().new_page()
    join(student, code, "Ada Lovelace")
    card = student.locator(".card").filter(has_text=TITLE)
    expect(card.locator(".tag")).to_have_text("not started")
    start(student, TITLE)

    def statements_numbered(page: Page, position: int) -> None:
        numbers = [str(s.number) for s in PARSED_IRAN_DRONES.passages[position - 1].statements]
        expect(page.locator("figure.passage .statement-label")).to_have_text(numbers)

    answer_all(student, PARSED_IRAN_DRONES, on_passage=statements_numbered)

    expect(student.locator(".score")).to_have_text(f"{TOTAL} of {TOTAL} correct (100%)")
    assert TOTAL == 25
    explanations = student.locator("li.explanation")
    expect(explanations).to_have_count(TOTAL)
    expect(student.locator("li.explanation.right")).to_have_count(TOTAL)
    for statement in PARSED_IRAN_DRONES.statements:
        item = student.locator(f"li#statement-{statement.number}")
        expect(item.locator(".verdict")).to_contain_text("Correct.")
        expect(item.locator(".verdict")).to_contain_text(
            f"the answer is {' or '.join(statement.answers)}")
        first_words = " ".join(re.sub(r"[*_`]", "", statement.why_md).split()[:3])
        expect(item.locator(".why")).to_contain_text(first_words)
    for position, passage in enumerate(PARSED_IRAN_DRONES.passages, start=1):
        figure = student.locator(f"section:has(#passage-{position}) figure.passage")
        cues = figure.locator("strong.cue")
        for index in range(cues.count()):
            expect(cues.nth(index)).to_be_visible()
        shown = {normalise(text)[0] for text in cues.all_inner_texts()}
        wanted = {normalise(cue)[0] for s in passage.statements for cue in s.cues}
        assert wanted <= shown, (passage.heading, wanted - shown)

    student.get_by_role("link", name="Back to your assignments").click()
    expect(card.locator(".tag")).to_have_text("done")
    expect(card).to_contain_text(f"score {TOTAL} of {TOTAL}")


def test_a_student_cannot_open_another_students_attempt(teacher_page, student_page):
    class_url, code = create_class(teacher_page, "Year 9 English, privacy")
    assign(teacher_page, class_url, TITLE)

    ada = student_page()
    join(ada, code, "Ada")
    start(ada, TITLE)
    ada_passage = ada.url

    grace = student_page()
    join(grace, code, "Grace")
    start(grace, TITLE)
    answer_all(grace, PARSED_IRAN_DRONES)
    grace_result = grace.url
    grace_passage = grace_result.replace("/result", "/passages/1")

    for url in (grace_result, grace_passage):
        response = ada.goto(url)
        assert response is not None and response.status == 404, url
        expect(ada.get_by_role("heading", level=1)).to_have_text("Not Found")
        expect(ada.locator("main")).to_contain_text("There is nothing here")
        expect(ada.locator("main")).not_to_contain_text("Grace")

    response = ada.goto(ada_passage)  # her own attempt still opens
    assert response is not None and response.status == 200
    expect(ada.locator(".progress-text")).to_have_text(
        f"Passage 1 of {len(PARSED_IRAN_DRONES.passages)}")


def _focused(page: Page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
                value: el.value || "", checked: !!el.checked, text: el.innerText || ""};
    }""")


def _tab_until(page: Page, wanted, limit: int = 60) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if wanted(focused):
            return focused
    raise AssertionError(f"Tab never reached the element; last focused: {focused}")


def _choose_by_keyboard(page: Page, number: int, label: str, labels: tuple[str, ...]) -> None:
    """Tab into a statement's radio group, then Space (first label) or arrows to choose."""
    focused = _tab_until(page, lambda f: f["name"] == f"statement-{number}")
    assert focused["value"] == labels[0], focused  # an empty group is entered at its first radio
    steps = labels.index(label)
    if steps == 0:
        page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowRight")  # moves to the next radio and checks it
    focused = _focused(page)
    assert (focused["value"], focused["checked"]) == (label, True), focused


def test_a_quiz_taken_with_the_keyboard_only(page):
    labels = PARSED_IRAN_DRONES.labels
    choices = key(PARSED_IRAN_DRONES)
    for number in (2, 9, 16):  # a few wrong answers, so the score is not trivially full
        choices[number] = next(label for label in labels if label != choices[number])
    score = expected_score(PARSED_IRAN_DRONES, choices)
    assert score == TOTAL - 3

    page.goto("/quizzes/iran-drones")
    _tab_until(page, lambda f: f["name"] == "name")
    page.keyboard.type("Kay Board")
    page.keyboard.press("Enter")
    total = len(PARSED_IRAN_DRONES.passages)
    for position, passage in enumerate(PARSED_IRAN_DRONES.passages, start=1):
        expect(page.locator(".progress-text")).to_have_text(f"Passage {position} of {total}")
        for index, statement in enumerate(passage.statements):
            _choose_by_keyboard(page, statement.number, choices[statement.number], labels)
            if position == 1 and index == 1:  # Shift+Tab goes back to the group just answered
                page.keyboard.press("Shift+Tab")
                back = _focused(page)
                assert back["name"] == f"statement-{statement.number - 1}", back
                assert back["checked"] and back["value"] == choices[statement.number - 1], back
                page.keyboard.press("Tab")
        button = "Save and continue" if position < total else "Submit my answers"
        _tab_until(page, lambda f, text=button: f["tag"] == "button" and f["text"] == text)
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    expect(page.locator(".score")).to_contain_text(f"{score} of {TOTAL} correct")
    expect(page.locator("li.explanation.wrong")).to_have_count(3)


NARROW = {"width": 375, "height": 812}


def test_no_page_scrolls_sideways_on_a_375px_phone(new_context, teacher_state):
    teacher = new_context(viewport=NARROW, storage_state=teacher_state).new_page()
    student = new_context(viewport=NARROW).new_page()
    wide: list[str] = []

    def check(page: Page, what: str) -> None:
        if (width := scroll_width(page)) > NARROW["width"]:
            wide.append(f"{what} ({page.url}): {width}px")

    small_title = "Bridge on a phone, with a rather long title that has to wrap somewhere"
    set_url = publish_set(teacher, CLASS_SET_TEMPLATE.format(title=small_title))
    class_url, code = create_class(teacher, "Year 9 English on a small screen")
    results_url = assign(teacher, class_url, TITLE)
    assign(teacher, class_url, small_title, reveal="After each passage")

    for path, what in (("/", "home"), ("/join", "join")):
        student.goto(path)
        check(student, what)
    class_page = join(student, code, "Maximiliana Wolkenstein-Rodenegg")
    check(student, "student class page")
    start(student, TITLE)
    answer_all(student, PARSED_IRAN_DRONES, on_passage=lambda page, k: check(page, f"passage {k}"))
    check(student, "result")
    student.goto(class_page)
    start(student, small_title)
    student.get_by_role("button", name="Save and continue").click()
    check(student, "passage with an error")
    student.goto("/")
    check(student, "home with a class")

    for path, what in (("/teacher/", "classes"), (class_url, "teacher class page"),
                       (results_url, "results"), ("/teacher/sets/", "sets"), (set_url, "set")):
        teacher.goto(path)
        check(teacher, what)
    teacher.goto(set_url.rstrip("/") + "/edit")
    check(teacher, "set edit")
    teacher.get_by_label("Or paste the Markdown").fill(
        CLASS_SET_TEMPLATE.format(title=small_title)
        .replace("answer: fact", "answer: factual-ish-label")
        + "\n9. A statement that does not occur anywhere in the passage, with very long words"
          " like Donaudampfschifffahrtsgesellschaftskapitaen\n")
    teacher.get_by_role("button", name="Check").click()
    expect(teacher.locator(".source-lines")).to_be_visible()
    check(teacher, "set edit with problems")
    assert not wide, "pages wider than the 375px screen:\n" + "\n".join(wide)


def test_everything_works_without_javascript(new_context):
    teacher = new_context(java_script_enabled=False).new_page()
    sign_in(teacher, TEACHER_EMAIL, TEACHER_PASSWORD)
    class_url, code = create_class(teacher, "Year 9 English, no scripts")
    assign(teacher, class_url, TITLE)

    student = new_context(java_script_enabled=False).new_page()
    join(student, code, "Noam Script")
    start(student, TITLE)
    answer_all(student, PARSED_IRAN_DRONES)
    expect(student.locator(".score")).to_have_text(f"{TOTAL} of {TOTAL} correct (100%)")
    probe = student.context.new_page()  # these browsers really run no script
    probe.set_content("<title>quiet</title><script>document.title = 'scripts ran'</script>")
    assert probe.title() == "quiet"
