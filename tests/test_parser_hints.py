"""The project's own additions to the contract: near-miss hints and lenient wrapping.

Each row is a slip a teacher is likely to make, the line it must be reported at, and the
words of the hint they will read.
"""

from __future__ import annotations

import re

import pytest
from samples import IRAN_DRONES

from quiz import limits
from quiz.questionset.parsed import QuestionSetError
from quiz.questionset.parser import parse, parse_file
from quiz.questionset.suggest import HINT_CHARACTERS

GOOD = """\
# Title

## Passage

> Russia had bought drones from Iran. The soldiers are believed to be away.

1. "Russia had bought drones from Iran"
   - answer: fact
   - why: A named event.
"""


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(QuestionSetError) as info:
        parse(text, "slip.md")
    return [(p.line, p.message) for p in info.value.problems]


@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        (GOOD.replace("   - answer:", "   answer:"), 8, "missing '- ' before 'answer:'"),
        (GOOD.replace("   - answer:", "- answer:"), 8, "indent '- answer:' under its statement"),
        (GOOD + "\n> More quote after the statements.\n", 11, "block quote after the statements"),
        (GOOD + "\n# Another title\n", 11, "unexpected '# ' heading inside a passage"),
        (GOOD.replace("## Passage", "Intro.\n\n# Late title\n\n## Passage"), 5,
         "only allowed once, as the title"),
        (GOOD.replace("\n1. ", "\n   - answer: fact\n\n1. "), 7,
         "'answer' field outside a statement"),
        (GOOD.replace("# Title\n", "# Title\n\n1. S\n   - answer: fact\n"), 4,
         "'answer' field before the first '## ' passage heading"),
        ("---\ntitle: T\nlabels: a,, b\n---\n" + GOOD.split("\n", 1)[1], 3, "a label is empty"),
        ("---\ntitle: T\nthis is not a key\n---\n" + GOOD.split("\n", 1)[1], 3,
         "front-matter lines are 'key: value'"),
        ("---\ntitle: T\ntitle: U\n---\n" + GOOD.split("\n", 1)[1], 3, "'title' is given twice"),
        ("---\ntitle: T\n---\n" + GOOD, 4, "the title is already set in the front matter"),
        ("---\ntitle:\n---\n" + GOOD.split("\n", 1)[1], 2, "the title is empty"),
        (GOOD.replace("## Passage", "##"), 3, "the passage heading is empty"),
        (GOOD.replace("   - why: A named event.", "   - why:"), 9, "'why' is empty"),
        (GOOD.replace('1. "Russia had bought drones from Iran"', '1. ""'), 7,
         "statement 1 has no text"),
    ],
)
def test_slip_is_reported_at_its_line_with_a_hint(text, line, hint):
    assert any(at == line and hint in message for at, message in problems(text)), problems(text)


def test_statement_wrapped_onto_an_indented_second_line_is_one_statement():
    text = GOOD.replace('1. "Russia had bought drones from Iran"',
                        '1. "Russia had bought\n   drones from Iran"')
    statement = parse(text).statements[0]
    assert statement.text == "Russia had bought drones from Iran"
    assert statement.line == 7


def test_why_with_a_blank_line_keeps_two_paragraphs():
    text = GOOD.replace("   - why: A named event.",
                        "   - why: A named event.\n\n     It can be checked.")
    assert parse(text).statements[0].why_md == "A named event.\n\nIt can be checked."


def test_unclosed_front_matter_still_reports_the_rest_of_the_file():
    text = "---\ntitle: T\n\n## Passage\n\n> Text here.\n\n1. Text here\n   - answer: fakt\n"
    found = problems(text)
    assert (1, "front matter is not closed with a '---' line") in found
    assert any(line == 9 and "did you mean 'fact'?" in message for line, message in found)


# -- a statement that does not occur: the passage's nearest words ----------------------------

KIRBY = GOOD + """
## Trainers

> The trainers are believed to be in Crimea, John Kirby said.

2. John Kirby said
   - answer: fact
   - why: A named source said it.
"""
# A long passage, to see where a hint that must be cut starts and ends.
LONG = parse_file(IRAN_DRONES).passages[0].text_md
LONG_SENTENCE = ("According to an article in the New York Times, Russia had bought drones from "
                 "Iran and also had been sending troops to learn how to operate said drones")


def not_in_passage(text: str, statement: str) -> str:
    """The problem of statement 1, which must not occur in its passage, at the statement's
    line."""
    text = text.replace('"Russia had bought drones from Iran"', statement)
    statement_line = text.splitlines().index(f"1. {statement}") + 1
    [message] = [message for line, message in problems(text) if line == statement_line]
    assert message.startswith("statement 1 does not occur in the passage: check it for typos "
                              "(case, spaces and quote styles do not matter; '...' skips any "
                              "text)"), message
    return message


def passage_says(message: str) -> str:
    hint = re.search(r"; the passage says: '(.*)'$", message)
    assert hint, message
    return hint.group(1)


@pytest.mark.parametrize(("statement", "says"), [
    ('"Russia had bougth drones from Iran"', "Russia had bought drones from Iran"),
    ("Russia bought drones from Iran", "Russia had bought drones from Iran"),  # a word left out
    ("Russia, had bought drones from Iran", "Russia had bought drones from Iran"),
    ("the soldiers are belived to be away", "The soldiers are believed to be away"),
])
def test_a_statement_with_a_slip_gets_the_passage_text_it_was_copied_from(statement, says):
    assert passage_says(not_in_passage(GOOD, statement)) == says


def test_a_statement_from_another_passage_gets_the_closest_stretch_of_its_own():
    message = not_in_passage(KIRBY, "The trainers are believed to be in Crimea")
    assert passage_says(message) == "The soldiers are believed to be away"


def test_a_statement_sharing_no_word_with_its_passage_gets_no_hint():
    assert "the passage says" not in not_in_passage(GOOD, "Kirby denied it")


@pytest.mark.parametrize(("typo", "shown"), [
    ("Acording to", "According to"),
    ("been sendng troops", "been sending troops"),
    ("said drons", "said drones"),
])
def test_a_long_hint_is_cut_at_words_around_the_first_difference(typo, shown):
    text = GOOD.replace("Russia had bought drones from Iran. The soldiers are believed to be "
                        "away.", LONG.replace("\n", "\n> "))
    statement = LONG_SENTENCE.replace(shown, typo)
    says = passage_says(not_in_passage(text, statement))
    assert len(says) <= HINT_CHARACTERS < len(LONG_SENTENCE)
    assert shown in says
    assert " ".join(LONG.split()).find(says.strip("…")) >= 0, says  # whole words, in order
    assert says.startswith("According") or says.startswith("…")


def test_hints_stop_once_the_problems_that_are_listed_are_found():
    text = GOOD.replace('1. "Russia had bought', '1. "Russia had bougth')
    almost = problems(text + "stray\n" * (limits.MAX_PROBLEMS - 1))
    full = problems(text + "stray\n" * limits.MAX_PROBLEMS)
    assert almost[0][0] == full[0][0] == 7
    assert almost[0][1].endswith("; the passage says: 'Russia had bought drones from Iran'")
    assert full[0][1].endswith("'...' skips any text)")
