"""The limits of quiz/limits.py: each is refused with a message naming it and the line, a file
just under each is accepted, and hostile files get a 400 from the real pages, never a 500.

No test here measures time (`make bench` does, in bench/hostile.py); each asserts what a
teacher reads, so a limit that stops being checked before the costly step shows up there.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pages import page_text
from samples import short_names
from sets_support import rows, send
from sqlalchemy import event, func, select

from quiz import limits
from quiz.classes import add_roster, create_classroom
from quiz.db import get_engine, get_session
from quiz.models import Student, Teacher
from quiz.questionset.lines import split_lines
from quiz.questionset.parsed import QuestionSetError
from quiz.questionset.parser import parse
from quiz.roster import RosterEntry, RosterError, parse_roster

ROOT = Path(__file__).resolve().parent.parent


def statement(text: str = "the bridge will close", number: int = 1, why: str = "A source.",
              cues: str | None = None) -> str:
    cue_line = f"   - cues: {cues}\n" if cues is not None else ""
    return f"{number}. {text}\n   - answer: fact\n   - why: {why}\n{cue_line}\n"


def question_set(quote: str = "The council said the bridge will close in May.",
                 statements: str | None = None, intro: str = "Read each passage.",
                 passages: int = 1, front: str = "") -> str:
    """`passages` copies of one passage: its `>` lines (one per line of `quote`), then
    `statements`."""
    statements = statement() if statements is None else statements
    quoted = "\n".join(f"> {line}" if line else ">" for line in quote.split("\n"))
    body = "".join(f"## Passage {n}\n\n{quoted}\n\n{statements}" for n in range(1, passages + 1))
    return f"---\ntitle: Limits\n{front}---\n\n{intro}\n\n{body}"


def numbered(count: int, first: int = 1, text: str = "the bridge will close") -> str:
    return "".join(statement(text, number) for number in range(first, first + count))


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The line (1-based) of the nth line containing `needle`."""
    found = [i for i, line in enumerate(text.split("\n"), start=1) if needle in line]
    return found[nth - 1]


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(QuestionSetError) as raised:
        parse(text, "limits.md")
    return [(p.line, p.message) for p in raised.value.problems]


def only(text: str) -> tuple[int, str]:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def nested_list(depth: int, indent: str = "    ") -> str:
    return "\n".join(indent * level + f"- level {level + 1}" for level in range(depth))


# -- the whole file ------------------------------------------------------------------------

def test_a_file_over_the_set_limit_is_refused_at_the_line_that_passes_it_and_nothing_else():
    text = question_set("word " * 500, statement("word"), passages=30)
    assert len(text) > limits.MAX_SET_CHARACTERS
    line = text[:limits.MAX_SET_CHARACTERS].count("\n") + 1
    with pytest.raises(QuestionSetError) as raised:
        parse(text, "big.md")
    assert raised.value.lines() == [
        f"big.md:{line}: the file is longer than 60,000 characters, the most a question set "
        "may have: split it into smaller sets"]


def test_a_file_of_exactly_the_set_limit_is_accepted():
    text = question_set("word " * 999, statement("word"), passages=11)
    text += " " * (limits.MAX_SET_CHARACTERS - len(text))  # a blank last line
    assert len(text) == limits.MAX_SET_CHARACTERS
    assert parse(text).summary().startswith('"Limits": 11 passages, 11 statements')


def test_a_file_over_the_line_limit_is_refused_at_the_first_line_too_many():
    text = question_set() + "\n" * limits.MAX_SET_LINES
    assert only(text) == (5_001, "the file has more than 5,000 lines, the most a question set "
                                 "may have: split it into smaller sets")
    text = question_set()
    text += "\n" * (limits.MAX_SET_LINES - len(text.split("\n")) + 1)
    assert len(split_lines(text)) == limits.MAX_SET_LINES
    assert parse(text).passages


def test_the_page_lists_no_more_lines_than_the_parser_reads(client, teacher):
    response = send(client, "check", file=("blank.md", "\n" * 400_000))
    assert response.status_code == 400
    assert "5001: the file has more than 5,000 lines" in page_text(response)
    assert response.get_data(as_text=True).count('id="line-') == limits.MAX_SET_LINES + 1


def test_past_the_problem_limit_the_rest_are_counted_on_one_line():
    text = question_set(statements=statement() + "stray\n" * 300)
    found = problems(text)
    first_stray = line_of(text, "stray")
    assert len(found) == limits.MAX_PROBLEMS + 1
    assert found[-2][0] == first_stray + 99
    assert found[-1] == (first_stray + 100, "200 more problems from this line on are not "
                         "listed (at most 100 are): fix these and check again")


def test_passages_over_the_limit_are_refused_at_the_first_one_too_many():
    text = question_set(passages=limits.MAX_PASSAGES + 1)
    assert only(text) == (line_of(text, "## Passage 31"), "more than 30 passages, the most a "
                          "question set may have: split it into two sets")
    assert len(parse(question_set(passages=limits.MAX_PASSAGES)).passages) == 30


def test_statements_over_the_limit_are_refused_at_the_first_one_too_many():
    per = limits.MAX_STATEMENTS_PER_PASSAGE
    text = question_set(statements=numbered(per), passages=5)
    assert len(parse(text).statements) == limits.MAX_STATEMENTS
    text += "## One more\n\n> the bridge will close\n\n" + statement(number=101)
    assert only(text) == (line_of(text, "101. the bridge"), "more than 100 statements, the "
                          "most a question set may have: split it into two sets")


def test_statements_over_the_limit_of_a_passage_are_refused_there():
    text = question_set(statements=numbered(limits.MAX_STATEMENTS_PER_PASSAGE + 1))
    assert only(text) == (line_of(text, "21. the bridge"), "passage 'Passage 1' has more than "
                          "20 statements, the most a passage may have: split it into two")
    assert len(parse(question_set(statements=numbered(20))).statements) == 20


# -- lengths -----------------------------------------------------------------------------

def test_a_passage_over_the_limit_is_refused_at_its_heading_and_not_searched():
    quote = ("abcd " * 1001)[:limits.MAX_PASSAGE_CHARACTERS + 1]
    text = question_set(quote, statement("not in the passage"))
    assert only(text) == (line_of(text, "## Passage 1"), "passage 'Passage 1' is longer than "
                          "5,000 characters, the most a passage may have: split it into two")
    accepted = parse(question_set(quote[:-1], statement("abcd")))
    assert len(accepted.passages[0].text_md) == limits.MAX_PASSAGE_CHARACTERS


def test_an_introduction_over_the_limit_is_refused_at_its_first_line():
    intro = "x" * (limits.MAX_INTRO_CHARACTERS + 1)
    text = question_set(intro=intro)
    assert only(text) == (5, "the introduction is longer than 5,000 characters, the most it "
                             "may have")
    assert len(parse(question_set(intro=intro[:-1])).intro_md) == limits.MAX_INTRO_CHARACTERS


def test_a_statement_over_the_limit_is_refused_and_not_searched():
    words = "w" * (limits.MAX_STATEMENT_CHARACTERS + 1)
    text = question_set(words + "!", statement(words))
    assert only(text) == (line_of(text, "1. www"), "statement 1 is longer than 500 "
                          "characters, the most a statement may have")
    words = words[:limits.MAX_STATEMENT_CHARACTERS]
    assert parse(question_set(words, statement(words))).statements[0].text == words


def test_an_explanation_over_the_limit_is_refused_at_its_line():
    why = "w" * (limits.MAX_WHY_CHARACTERS + 1)
    text = question_set(statements=statement(why=why))
    assert only(text) == (line_of(text, "- why:"), "'why' is longer than 2,000 characters, "
                          "the most an explanation may have")
    accepted = parse(question_set(statements=statement(why=why[:-1])))
    assert len(accepted.statements[0].why_md) == limits.MAX_WHY_CHARACTERS


def test_cues_over_the_limit_are_refused_at_their_line():
    quote = "one two three four five six seven, the bridge will close"
    text = question_set(quote, statement(cues="one, two, three, four, five, six, seven"))
    assert only(text) == (line_of(text, "- cues:"), "more than 6 cues, the most a statement "
                          "may have")
    six = parse(question_set(quote, statement(cues="one, two, three, four, five, six")))
    assert len(six.statements[0].cues) == limits.MAX_CUES


def test_a_cue_over_the_limit_is_refused_without_echoing_all_of_it():
    cue = "c" * (limits.MAX_CUE_CHARACTERS + 1)
    text = question_set(f"{cue} the bridge will close", statement(cues=cue))
    assert only(text) == (line_of(text, "- cues:"), f"cue '{'c' * 40}…' is longer than 100 "
                          "characters, the most a cue may have")
    accepted = parse(question_set(f"{cue[:-1]} the bridge will close", statement(cues=cue[:-1])))
    assert accepted.statements[0].cues == (cue[:-1],)


def test_a_cue_found_in_more_places_than_the_limit_is_refused():
    quote = "could " * (limits.MAX_CUE_PLACES + 1) + "the bridge will close"
    text = question_set(quote, statement(cues="could"))
    assert only(text) == (line_of(text, "- cues:"), "cue 'could' occurs in more than 100 "
                          "places in the passage, the most a cue may: choose words that point "
                          "at this statement")
    quote = "could " * limits.MAX_CUE_PLACES + "the bridge will close"
    assert parse(question_set(quote, statement(cues="could"))).statements[0].cues == ("could",)


# -- Markdown: nesting, paragraphs, brackets ---------------------------------------------

NESTING = ("lists and quotes are nested more than 10 deep on this line, the most Markdown "
           "may nest")


@pytest.mark.parametrize("indent", ["    ", "\t"])
def test_a_list_nested_past_the_limit_in_the_introduction_is_refused_at_that_line(indent):
    text = question_set(intro=nested_list(limits.MAX_NESTING + 1, indent))
    assert only(text) == (line_of(text, "- level 11"), NESTING)
    assert "level 10" in parse(question_set(intro=nested_list(10, indent))).intro_md


def test_quotes_nested_past_the_limit_in_a_passage_are_refused_and_not_rendered():
    text = question_set("> " * (limits.MAX_NESTING + 1) + "the bridge will close")
    assert only(text) == (line_of(text, "> > > > >"), NESTING)
    accepted = parse(question_set("> " * limits.MAX_NESTING + "the bridge will close"))
    assert accepted.passages[0].text_md.count(">") == 10


def test_lists_nested_past_the_limit_in_an_explanation_are_refused():
    text = question_set(statements=statement(why="- " * (limits.MAX_NESTING + 1) + "x"))
    assert only(text) == (line_of(text, "- why:"), NESTING)
    assert parse(question_set(statements=statement(why="- " * 10 + "x"))).statements


def test_a_horizontal_rule_of_many_stars_is_not_a_nested_list():
    intro = "Read each passage.\n\n" + "* " * 20 + "\n\nThen answer."
    assert parse(question_set(intro=intro)).intro_md == intro


PARAGRAPH = ("more than 100 lines with no blank line between them, the most a paragraph, list "
             "or quote may have: add a blank line")


def test_a_paragraph_of_the_introduction_over_the_limit_is_refused_at_the_line_past_it():
    intro = "\n".join(f"### heading {n}" for n in range(1, limits.MAX_PARAGRAPH_LINES + 2))
    text = question_set(intro=intro)
    assert only(text) == (line_of(text, "### heading 101"), PARAGRAPH)
    shorter = intro.rsplit("\n", 1)[0] + "\n\n### after a blank line"
    assert parse(question_set(intro=shorter)).intro_md == shorter


def test_a_passage_paragraph_over_the_limit_is_refused_and_blank_quote_lines_end_one():
    lines = [f"the bridge will close {n}" for n in range(1, 102)]
    text = question_set("\n".join(lines))
    assert only(text) == (line_of(text, "close 101"), PARAGRAPH)
    assert parse(question_set("\n".join(lines[:50] + [""] + lines[50:])))


def test_an_explanation_paragraph_over_the_limit_is_refused():
    why = "first line\n" + "".join(f"     line {n}\n" for n in range(2, 102))
    text = question_set(statements=statement(why=why.rstrip("\n")))
    assert only(text) == (line_of(text, "line 101"), PARAGRAPH)


BRACKETS = ("more than 100 '[' in the Markdown of the set, the most it may have (a link has "
            "one)")


def test_brackets_over_the_limit_are_refused_at_the_line_that_passes_it():
    quote = "[a link](https://example.org) " * 60 + "the bridge will close"
    why = "see [this](https://example.org) " * 41
    text = question_set(quote, statement(why=why))
    assert only(text) == (line_of(text, "- why:"), BRACKETS)
    accepted = parse(question_set(quote, statement(why="see [this] " * 40)))
    assert accepted.statements[0].why_md.count("[") + quote.count("[") == limits.MAX_BRACKETS


def test_brackets_in_statements_and_cues_are_not_markdown_and_not_counted():
    quote = "[x] " * 50 + "the [bridge] will close"
    text = question_set(quote, statement("the [bridge] will close", cues="[bridge]"))
    assert parse(text).statements[0].text == "the [bridge] will close"


# -- the hostile files of issue 8, through the real upload page ----------------------------

def nested_tabs(depth: int) -> str:
    return "\n".join("\t" * level + "- x" for level in range(depth))


FILE_LIMIT = "the file is longer than 60,000 characters"
HOSTILE = [
    pytest.param(question_set("[" * 20_000 + "x" + "](" * 20_000, statement("x")), FILE_LIMIT,
                 id="brackets-60KB"),
    pytest.param(question_set("[" * 3_000 + "x" + "](" * 3_000, statement("x")),
                 "more than 100 '['", id="brackets-9KB"),
    pytest.param(question_set(" ".join(f"w{i}" for i in range(2_000)),
                              "".join(statement(f"w{i}", i + 1) for i in range(2_000))),
                 "the file has more than 5,000 lines", id="2000-statements"),
    pytest.param(question_set(intro=nested_tabs(700)), FILE_LIMIT, id="list-700-deep"),
    pytest.param(question_set(intro=nested_tabs(300)), "nested more than 10 deep",
                 id="list-300-deep"),
    pytest.param(question_set(intro="- " * 1_000 + "x"), "nested more than 10 deep",
                 id="list-markers-1000-deep"),
    pytest.param(question_set(intro="### a\n" * 3_000), "more than 100 lines",
                 id="headings-3000"),
]


@pytest.mark.parametrize("action", ["check", "preview", "publish"])
@pytest.mark.parametrize(("text", "message"), HOSTILE)
def test_a_hostile_set_gets_a_400_naming_the_limit_not_a_500(app, client, teacher, action,
                                                            text, message):
    before = rows(app)
    response = send(client, action, file=("hostile.md", text))
    assert response.status_code == 400
    assert message in page_text(response)
    assert rows(app) == before


def test_the_labels_of_a_hostile_label_line_are_not_echoed_for_every_answer():
    text = question_set(front="labels: " + ", ".join(f"l{i}" for i in range(5_000)) + "\n",
                        statements=numbered(20))
    assert problems(text) == [(3, "give 2 to 6 labels, not 5000")]


# -- class lists -------------------------------------------------------------------------

def roster(students: int) -> str:
    return "name,student id\n" + "".join(f"Student {n},s{n}\n" for n in range(students))


def roster_problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(RosterError) as raised:
        parse_roster(text)
    return [(p.line, p.message) for p in raised.value.problems]


ROWS = "more than 1,000 students, the most a class list may have"


def test_a_roster_over_the_row_limit_is_refused_at_the_first_row_too_many():
    assert roster_problems(roster(limits.MAX_ROSTER_ROWS + 1)) == [(1_002, ROWS)]
    assert len(parse_roster(roster(limits.MAX_ROSTER_ROWS))) == limits.MAX_ROSTER_ROWS


def test_the_row_limit_is_reported_with_the_problems_of_the_rows_before_it():
    text = roster(limits.MAX_ROSTER_ROWS + 5).replace("Student 3,", "Student 2,")
    assert roster_problems(text) == [(5, "'Student 2' is listed twice (first on line 4)"),
                                     (1_002, ROWS)]


def test_blank_rows_do_not_count_towards_the_row_limit():
    text = roster(limits.MAX_ROSTER_ROWS).replace("\n", "\n\n", 20)
    assert len(parse_roster(text)) == limits.MAX_ROSTER_ROWS


def test_a_roster_header_over_the_column_limit_is_refused():
    header = "name" + ",x" * limits.MAX_ROSTER_COLUMNS
    assert roster_problems(header + "\nAda\n") == [
        (1, "the first line has more than 100 columns, the most a class list may have")]
    header = "name" + ",x" * (limits.MAX_ROSTER_COLUMNS - 1)
    assert parse_roster(header + "\nAda\n") == [RosterEntry("Ada", None, None, 2)]


def upload(client, classroom_id: int, text: str):
    return client.post(f"/teacher/classes/{classroom_id}/roster", content_type=
                       "multipart/form-data",
                       data={"roster": (io.BytesIO(text.encode()), "roster.csv")})


@pytest.mark.parametrize(("text", "message"), [
    pytest.param(short_names(100_000), f"roster.csv:1002: {ROWS}", id="100000-rows"),
    pytest.param(roster(10_000), f"roster.csv:1002: {ROWS}", id="10000-rows"),
    pytest.param("name" + ",x" * 200_000 + "\nAda\n", "roster.csv:1: the first line has more "
                 "than 100 columns", id="200000-columns"),
])
def test_a_hostile_roster_gets_a_400_naming_the_limit(app, client, classrooms, text, message):
    info = classrooms.create()
    response = upload(client, info.id, text)
    assert response.status_code == 400
    assert message in page_text(response)
    assert students(app) == 0


def test_a_roster_at_the_row_limit_is_added_through_the_page(app, client, classrooms):
    info = classrooms.create()
    response = upload(client, info.id, roster(limits.MAX_ROSTER_ROWS))
    assert response.status_code == 302
    assert students(app) == limits.MAX_ROSTER_ROWS


def students(app) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count(Student.id)))


def count_statements() -> list[str]:
    """A list that fills with the first word of each SQL statement the app's engine runs."""
    seen: list[str] = []
    event.listen(get_engine(), "before_cursor_execute",
                 lambda conn, cursor, sql, *args: seen.append(sql.split()[0].upper()))
    return seen


def test_adding_a_roster_runs_the_same_queries_for_5_or_500_students(app):
    with app.app_context():
        session = get_session()
        teacher = Teacher(email="t@school.example", password_hash="x")
        session.add(teacher)
        small, large = create_classroom(session, teacher, "A"), create_classroom(session,
                                                                                teacher, "B")
        session.commit()
        statements = count_statements()
        add_roster(session, small, [RosterEntry(f"S {n}", None, None, n) for n in range(5)])
        few = list(statements)
        statements.clear()
        add_roster(session, large, [RosterEntry(f"S {n}", None, None, n) for n in range(500)])
        assert statements.count("SELECT") == few.count("SELECT") == 1
        assert len(statements) == len(few)


def test_adding_a_roster_again_updates_the_students_already_there(app):
    with app.app_context():
        session = get_session()
        teacher = Teacher(email="t@school.example", password_hash="x")
        session.add(teacher)
        classroom = create_classroom(session, teacher, "A")
        assert add_roster(session, classroom,
                          [RosterEntry("Ada Lovelace", "1", None, 2)]).new == 1
        added = add_roster(session, classroom, [RosterEntry("ADA  lovelace", None, "a@x.org", 2),
                                                RosterEntry("Ben Okri", "2", None, 3)])
        session.commit()
        by_name = {s.name: s for s in session.scalars(select(Student))}
        assert added.new == 1 and set(by_name) == {"Ada Lovelace", "Ben Okri"}
        ada = by_name["Ada Lovelace"]
        assert (ada.student_number, ada.email, ada.on_roster) == ("1", "a@x.org", True)


# -- one home, documented ------------------------------------------------------------------

LIMITS = {name: value for name, value in vars(limits).items()
          if name.startswith("MAX_") and isinstance(value, int)}


def section(path: Path, heading: str) -> str:
    text = path.read_text(encoding="utf-8")
    start = text.index(heading)
    following = re.search(r"^#{1,2} ", text[start + len(heading):], re.M)
    return text[start:start + len(heading) + following.start()] if following else text[start:]


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_each_limit_is_in_the_contract_with_its_value(name):
    limits_section = section(ROOT / "docs" / "question-format.md", "## Limits")
    row = next((line for line in limits_section.splitlines() if f"`{name}`" in line), "")
    assert f"{LIMITS[name]:,}" in row, f"{name} is not in the contract's Limits table"


def test_the_readme_has_a_limits_section_right_before_development():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\n## Limits\n" in readme
    assert readme.index("\n## Limits\n") < readme.index("\n## Development\n")
    assert not re.search(r"^## ", readme[readme.index("\n## Limits\n") + 10:
                                         readme.index("\n## Development\n")], re.M)


def test_the_request_body_cap_is_the_one_in_limits(app):
    assert app.config["MAX_CONTENT_LENGTH"] == limits.MAX_REQUEST_BYTES
