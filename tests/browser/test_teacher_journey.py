"""A teacher's whole week in a real browser: write a set, fix it, publish, assign, read, export."""

from __future__ import annotations

import csv
import re
from urllib.parse import urlsplit

from live_server import TEACHER_EMAIL, TEACHER_PASSWORD
from playwright.sync_api import Page, expect
from samples import CLASS_SET_TEMPLATE

from quiz.questionset.parsed import QuestionSetError
from quiz.questionset.parser import parse

from .helpers import answer_all, assign, create_class, join, sign_in, start

TITLE = "Harbour news, a set of our own"
GOOD = CLASS_SET_TEMPLATE.format(title=TITLE)
# Three mistakes a teacher makes: a misspelt key, a cue not in the passage, a misspelt label.
BAD = (GOOD.replace("labels:", "lables:").replace("answer: opinion", "answer: opinon")
       .replace("cues: suspect", "cues: suspekt"))


def _problems(text: str, filename: str) -> list[tuple[int, str]]:
    try:
        parse(text, filename)
    except QuestionSetError as error:
        return [(p.line, p.message) for p in error.problems]
    raise AssertionError("the broken set parsed")


def _download_rows(page: Page, link_name: str) -> tuple[str, list[list[str]]]:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        return download.suggested_filename, list(csv.reader(file))


def test_teacher_writes_a_set_assigns_it_and_exports_the_grades(new_context, tmp_path):
    teacher = new_context().new_page()
    sign_in(teacher, TEACHER_EMAIL, TEACHER_PASSWORD)

    # Question sets -> new: upload a file with three mistakes and press Check.
    teacher.get_by_role("navigation").get_by_role("link", name="Question sets").click()
    teacher.get_by_role("link", name="Upload or paste a new question set").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("New question set")
    upload = tmp_path / "harbour-news.md"
    upload.write_text(BAD, encoding="utf-8")
    teacher.get_by_label("Upload a Markdown file").set_input_files(upload)
    teacher.get_by_role("button", name="Check").click()

    problems = _problems(BAD, "harbour-news.md")
    assert [line for line, _ in problems] == [3, 20, 27], problems
    summary = teacher.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("3 problems to fix; nothing was stored")
    expect(summary.locator(".problems li")).to_have_text(
        [f"Line {line}: {message}" for line, message in problems])
    expect(teacher.locator(".flash")).to_contain_text("Used the file harbour-news.md")
    lines = BAD.split("\n")[:-1]  # the file ends with a newline
    source = teacher.locator(".source-lines > li")
    expect(source).to_have_count(len(lines))
    expect(source.locator(".line-number")).to_have_text([str(n) for n in range(1, len(lines) + 1)])
    for line, message in problems:
        row = teacher.locator(f"#line-{line}")
        expect(row).to_have_class("problem")
        expect(row.locator("code")).to_have_text(lines[line - 1])
        expect(row.locator(".error")).to_have_text(message)
    summary.get_by_role("link", name=f"{problems[0][0]}: {problems[0][1]}").click()
    assert teacher.url.endswith(f"#line-{problems[0][0]}")

    # Fix it in the text box, which now holds the file's Markdown; Check, Preview, Publish.
    box = teacher.get_by_label("Or paste the Markdown")
    expect(box).to_have_value(BAD)
    box.fill(GOOD)
    teacher.get_by_role("button", name="Check").click()
    expect(teacher.locator(".check-ok")).to_contain_text("No problems found")
    expect(teacher.locator(".check-ok")).to_contain_text("Publishing creates the set harbour-news")
    expect(teacher.locator(".source-lines")).to_have_count(0)

    teacher.get_by_role("button", name="Preview").click()
    preview = teacher.locator(".set-preview")
    expect(preview.get_by_role("heading", level=2)).to_have_text(f"Preview: {TITLE}")
    expect(preview.locator(".preview-passage h4")).to_have_text(
        ["Passage 1 of 2: The council decides", "Passage 2 of 2: What happens next"])
    expect(preview.locator("fieldset.statement[disabled]")).to_have_count(4)
    expect(preview.locator(".explanation .verdict strong")).to_have_text(
        ["fact", "speculation", "opinion", "speculation"])

    teacher.get_by_role("button", name="Publish").click()
    expect(teacher.locator(".flash")).to_have_text(f"Published “{TITLE}” as version 1.")
    expect(teacher.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert urlsplit(teacher.url).path == "/teacher/sets/harbour-news"  # named after the file

    # A class, the set assigned, and a student who takes it with one mistake.
    teacher.get_by_role("navigation").get_by_role("link", name="Classes").click()
    class_url, code = create_class(teacher, "Year 10 Media")
    assign(teacher, class_url, TITLE)

    student = new_context().new_page()
    join(student, code, "Zoë Ærø", student_id="S-1042", email="zoe@school.example")
    start(student, TITLE)
    question_set = parse(GOOD)
    answer_all(student, question_set, {1: "fact", 2: "fact", 3: "opinion", 4: "speculation"})
    expect(student.locator(".score")).to_have_text("3 of 4 correct (75%)")

    # The results: the student and her score, the confusion matrix, item analysis.
    teacher.goto(class_url)
    teacher.get_by_role("table").get_by_role("link", name=TITLE, exact=True).click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text(TITLE)
    row = teacher.get_by_role("row").filter(has=teacher.get_by_role("rowheader", name="Zoë Ærø"))
    expect(row).to_contain_text("done")
    expect(row.get_by_role("link", name="3 of 4")).to_be_visible()
    expect(row).to_contain_text("(75%)")
    expect(teacher.locator(".glance")).to_have_text(
        "1 of 1 done · average 75% · this class reads speculation as fact 50% of the time")
    confusion = teacher.locator("table.confusion")
    speculation = confusion.get_by_role("row").filter(
        has=teacher.get_by_role("rowheader", name="speculation"))
    expect(speculation.get_by_role("cell")).to_have_text(["50% (1)", "50% (1)", "0% (0)"])
    items = teacher.locator("section[aria-labelledby=items-heading] tbody tr")
    expect(items).to_have_count(4)
    expect(items.nth(1).locator("td").nth(2)).to_have_text("0%")
    expect(items.nth(1).locator("td").nth(4)).to_have_text("fact (1)")
    row.get_by_role("link", name="3 of 4").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Zoë Ærø: attempt 1")

    # Both downloads from the class page, read back as a spreadsheet would.
    teacher.goto(class_url)
    name, grades = _download_rows(teacher, "grades (CSV)")
    assert re.fullmatch(r"year-10-media-grades-\d{4}-\d{2}-\d{2}\.csv", name), name
    assert grades[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert grades[0][5:] == [TITLE]
    assert grades[1] == ["Points Possible", "", "", "", "", "4"]
    assert grades[2:] == [["Zoë Ærø", "", "S-1042", "zoe@school.example", "Year 10 Media", "3"]]

    name, answers = _download_rows(teacher, "every answer (CSV)")
    assert re.fullmatch(r"year-10-media-answers-\d{4}-\d{2}-\d{2}\.csv", name), name
    header, *rows = answers
    assert header[:2] == ["Student", "SIS User ID"]
    column = {title: index for index, title in enumerate(header)}
    assert len(rows) == len(question_set.statements)
    assert [r[column["Statement"]] for r in rows] == ["1", "2", "3", "4"]
    assert [r[column["Chosen"]] for r in rows] == ["fact", "fact", "opinion", "speculation"]
    assert [r[column["Right"]] for r in rows] == ["1", "0", "1", "1"]
    assert {r[column["Student"]] for r in rows} == {"Zoë Ærø"}
    assert {r[column["Assignment"]] for r in rows} == {TITLE}
