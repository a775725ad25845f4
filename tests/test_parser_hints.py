"""The project's own additions to the contract: near-miss hints and lenient wrapping.

Each row is a slip a teacher is likely to make, the line it must be reported at, and the
words of the hint they will read.
"""

from __future__ import annotations

import pytest

from quiz.questionset.parsed import QuestionSetError
from quiz.questionset.parser import parse

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
