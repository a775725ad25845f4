"""The "why not" extensions of the format (docs/question-format.md, "Why not"): what a file
says, every mistake in it at its line, and what `check --json` and the teacher's pages show.

The rows edit single lines of samples.WHY_NOT: its wording line is line 3, statement 1 is
lines 10-15 (answer 11, why 12, cues 13, `not speculation` 14, `not opinion` 15).
"""

from __future__ import annotations

import json

import pytest
from samples import TAXES, WHY_NOT, WHY_NOT_HTML, WHY_NOT_WORDING

from quiz.questionset.parsed import QuestionSetError
from quiz.questionset.parser import parse


def edited(edits: dict[int, str | None]) -> str:
    """WHY_NOT with line N replaced by edits[N] (which may hold several lines) or deleted."""
    lines = [edits.get(n, line) for n, line in enumerate(WHY_NOT.splitlines(), start=1)]
    return "\n".join(line for line in lines if line is not None) + "\n"


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(QuestionSetError) as raised:
        parse(text, "why-not.md")
    return [(p.line, p.message) for p in raised.value.problems]


# -- what a file says ---------------------------------------------------------------------------

def test_not_fields_and_wording_lines_are_read_with_labels_spelled_as_the_sets():
    question_set = parse(edited({3: "NOT Fact  but  Speculation: " + WHY_NOT_WORDING,
                                 14: "   - Not SPECULATION: Nobody *guesses* here: the "
                                     "minister said it."}))
    assert question_set.why_not_table == (("fact", "speculation", WHY_NOT_WORDING),)
    first, second = question_set.statements
    assert first.why_not == (
        ("speculation", "Nobody *guesses* here: the minister said it."),
        ("opinion", "No one judges the rise. <script>alert(1)</script>"),
    )
    assert (first.answers, first.cues, second.why_not) == (("fact",), ("said",), ())
    assert question_set == parse(WHY_NOT)


def test_a_not_field_continues_like_why_and_does_not_swallow_the_next_field():
    statement = parse(edited({13: None, 14: "   - not speculation: Nobody guesses.\n\n"
                                            "     The minister *said* it,\n"
                                            "       on the radio.\n   - cues: said"})).statements[0]
    assert statement.why_not[0] == ("speculation",
                                    "Nobody guesses.\n\nThe minister *said* it,\non the radio.")
    assert statement.cues == ("said",)


def test_what_a_teacher_writes_for_why_not_changes_the_set():
    assert parse(edited({14: "   - not speculation: Other words."})) != parse(WHY_NOT)
    assert parse(edited({3: None})) != parse(WHY_NOT)


def test_labels_with_spaces_and_a_but_in_them_can_be_named():
    front = ("labels: fact, speculation, true but misleading, not sure\n"
             "not true but misleading but fact: W")
    text = edited({2: f"title: Why not\n{front}", 3: None,
                   14: "   - not not sure: A reason.", 15: "   - not True but misleading: B."})
    question_set = parse(text)
    assert question_set.why_not_table == (("true but misleading", "fact", "W"),)
    assert question_set.statements[0].why_not == (("not sure", "A reason."),
                                                  ("true but misleading", "B."))


# -- files of the original contract ---------------------------------------------------------------

def test_a_not_line_under_a_fields_dash_is_still_part_of_that_field():
    text = edited({12: "   - why: Reported speech.\n     - not everyone agrees: still a fact."})
    statement = parse(text).statements[0]
    assert statement.why_md == "Reported speech.\n- not everyone agrees: still a fact."
    assert [label for label, _ in statement.why_not] == ["speculation", "opinion"]


def test_a_line_like_a_not_field_before_the_first_passage_is_introduction():
    text = TAXES.replace("# Small\n", "# Small\n\nRead this:\n   - not fact: a list item\n")
    assert parse(text).intro_md == "Read this:\n   - not fact: a list item"


# -- mistakes, each at its line --------------------------------------------------------------------

LONG = "x" * 2_001
MISTAKES = [
    ({14: "   - not specualtion: x"}, 14,
     "'specualtion' is not a label (fact, speculation, opinion); did you mean 'speculation'?"),
    ({14: "   - not fact: x"}, 14, "'not fact' is for a wrong answer, but fact is the answer"),
    ({11: "   - answer: fact, opinion"}, 15,
     "'not opinion' is for a wrong answer, but opinion is an accepted answer"),
    ({15: "   - not Speculation: again"}, 15,
     "field 'not speculation' is given twice (first on line 14)"),
    ({15: "   - not opinion:"}, 15, "'not opinion' is empty"),
    ({15: f"   - not opinion: {LONG}"}, 15,
     "'not opinion' is longer than 2,000 characters, the most an explanation may have"),
    ({15: "   - not opinion: a\n     " + "> " * 11 + "deep"}, 16,
     "lists and quotes are nested more than 10 deep on this line, the most Markdown may nest"),
    ({15: "   - not opinion: a" + "\n     b" * 100}, 115,
     "more than 100 lines with no blank line between them, the most a paragraph, list or quote "
     "may have: add a blank line"),
    ({15: "   - not fact, opinion: x"}, 15,
     "'not fact, opinion' names more than one label: write one 'not' field for each wrong "
     "label"),
    ({15: "   - not: x"}, 15, "unknown field 'not': name the label it is for, as in '- not "
                              "speculation: ...' (fields: answer, why, cues, not LABEL)"),
    ({13: "   - cue: said"}, 13,
     "unknown field 'cue'; did you mean 'cues'? (fields: answer, why, cues, not LABEL)"),
    ({3: "not fakt but speculation: x"}, 3,
     "'fakt' is not a label (fact, speculation, opinion); did you mean 'fact'?"),
    ({3: "not fact but opinon: x"}, 3,
     "'opinon' is not a label (fact, speculation, opinion); did you mean 'opinion'?"),
    ({3: "not fact but Fact: x"}, 3, "'not fact but fact' names the same label twice: the "
     "wording is for a student who chose one label when the answer is another"),
    ({3: "not fact but speculation: a\nnot FACT but speculation: b"}, 4,
     "'not fact but speculation' is given twice (first on line 3)"),
    ({3: "not fact but speculation:"}, 3, "'not fact but speculation' is empty"),
    ({3: f"not fact but speculation: {LONG}"}, 3, "the wording of 'not fact but speculation' "
     "is longer than 2,000 characters, the most an explanation may have"),
    ({3: "not fact but speculation: {cue} is a guess"}, 3,
     "'not fact but speculation': '{cue}' is not a placeholder; did you mean '{cues}'? "
     "(placeholders: {chosen}, {answer}, {cues})"),
    ({3: "not fact but speculation: {chosen} {but}"}, 3,
     "'not fact but speculation': '{but}' is not a placeholder (placeholders: {chosen}, "
     "{answer}, {cues})"),
    ({3: "not fact but speculation: {answer is a guess"}, 3,
     "'not fact but speculation': '{' is not a placeholder (placeholders: {chosen}, {answer}, "
     "{cues})"),
    ({3: "not speculation: x"}, 3, "'not speculation' needs two labels: a wording line is "
     "'not CHOSEN but ANSWER: ...', for example 'not fact but speculation: ...'"),
    ({3: "lables: fact"}, 3, "unknown front-matter key 'lables'; did you mean 'labels'? "
     "(known keys: title, labels, not CHOSEN but ANSWER)"),
]


@pytest.mark.parametrize(("edits", "line", "message"), MISTAKES,
                         ids=[m[2][:40] for m in MISTAKES])
def test_a_mistake_is_reported_once_at_its_line(edits, line, message):
    assert problems(edited(edits)) == [(line, message)]


def test_every_mistake_is_reported_at_once():
    text = edited({3: "not fakt but speculation: x", 14: "   - not fact: x",
                   15: "   - not opinon: x"})
    assert [line for line, _ in problems(text)] == [3, 14, 15]


# -- check --json and the teacher's pages ---------------------------------------------------------

def test_check_json_includes_the_why_nots_and_the_wording(runner, tmp_path):
    path = tmp_path / "why-not.md"
    path.write_text(WHY_NOT, encoding="utf-8")
    result = runner.invoke(args=["questions", "check", "--json", str(path)])
    assert result.exit_code == 0, result.output
    [data] = json.loads(result.stdout)
    assert data["why_not_table"] == [["fact", "speculation", WHY_NOT_WORDING]]
    first, second = data["passages"][0]["statements"]
    assert [label for label, _ in first["why_not"]] == ["speculation", "opinion"]
    assert second["why_not"] == []


def written_why_nots(page: str) -> list[tuple[str, str]]:
    """Each "If a student chooses X:" of a key, with the HTML shown for it."""
    return [(label, html) for label, html in (
        (chunk.split(":</dt>")[0], chunk.split("<dd>")[1].split("</dd>")[0])
        for chunk in page.split("<dt>If a student chooses ")[1:])]


def test_the_preview_shows_each_written_why_not_under_its_statement(client, teacher):
    response = client.post("/teacher/sets/new", data={"action": "preview", "source": WHY_NOT})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert written_why_nots(page) == list(WHY_NOT_HTML.items())
    statement_1 = page[page.index('id="statement-1"'):page.index('id="statement-2"')]
    assert "If a student chooses speculation:" in statement_1
    assert "<script>" not in page


def test_the_set_page_shows_the_stored_why_nots(client, teacher, load_set):
    load_set(WHY_NOT, "why-not")
    page = client.get("/teacher/sets/why-not").get_data(as_text=True)
    assert written_why_nots(page) == list(WHY_NOT_HTML.items())
    assert page.count("If a student chooses") == 2  # statement 2 has none of its own
