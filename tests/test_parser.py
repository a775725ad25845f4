"""The question-set parser against the format contract (docs/question-format.md)."""

from __future__ import annotations

import textwrap

import pytest

from quiz.questionset.parsed import DEFAULT_LABELS, QuestionSetError
from quiz.questionset.parser import parse, parse_file


def md(text: str) -> str:
    """Dedent a test document; line 1 is its first non-blank line."""
    return textwrap.dedent(text).lstrip("\n")


def problems_of(text: str, filename: str = "set.md"):
    with pytest.raises(QuestionSetError) as info:
        parse(text, filename)
    return info.value.problems


def assert_reported(problems, line: int, *phrases: str) -> None:
    found = [
        p
        for p in problems
        if p.line == line and all(phrase in p.message.lower() for phrase in phrases)
    ]
    assert found, f"no problem at line {line} containing {phrases}; got {problems}"


def one_statement(passage: str, statement: str, extra: str = "") -> str:
    """A set with one passage (lines from 5) and one statement (line 5 + passage lines + 1)."""
    quote = "\n".join(f"> {line}".rstrip() for line in passage.splitlines())
    return f"# T\n\n## P\n\n{quote}\n\n1. {statement}\n   - answer: fact\n   - why: W.\n{extra}"


# The contract's own example, verbatim.
EXAMPLE = """\
---
title: Iran, Russia and the drones
labels: fact, speculation, opinion
---

Read each passage from the article. For each statement, decide whether it is a reported
**fact**, **speculation** or **opinion**.

## Drones and trainers

> According to an article in the New York Times, Russia had bought drones from Iran and also
> had been sending troops to learn how to operate said drones. Eventually Iran had started to
> send trainers to Russia to teach the military. The Iranian soldiers are believed to be away
> from the frontlines and only deployed for the purpose of training the Russians.

1. "Russia had bought drones from Iran"
   - answer: fact
   - why: The claim is attributed to a named source, the New York Times, and describes an
     event that can be checked.
   - cues: According to an article in the New York Times

2. The Iranian soldiers are believed to be away from the frontlines
   - answer: speculation
   - why: "Are believed to be" tells us nobody has confirmed it.
   - cues: are believed to be
"""

# A valid set; the error tables below are one- or two-line edits of it (line numbers of BASE).
BASE = md("""
    # Test set

    ## First passage

    > The minister said the plan would cost ten million pounds. Critics think it
    > will cost far more.

    1. The minister said the plan would cost ten million pounds
       - answer: fact
       - why: It is reported speech.
       - cues: minister said

    2. Critics think it will cost far more
       - answer: opinion
       - why: "Think" marks a view.
    """)


def variant(edits: dict[int, str | None]) -> str:
    """BASE with line N replaced by edits[N] (which may hold several lines) or deleted (None)."""
    lines = [edits.get(n, line) for n, line in enumerate(BASE.splitlines(), start=1)]
    return "\n".join(line for line in lines if line is not None) + "\n"


def flat(text: str) -> str:
    return " ".join(text.split())


# --- valid files ---------------------------------------------------------------------------


def test_contract_example_parses_to_expected_values():
    qs = parse(EXAMPLE)
    assert qs.title == "Iran, Russia and the drones"
    assert qs.labels == ("fact", "speculation", "opinion")
    assert qs.intro_md == (
        "Read each passage from the article. For each statement, decide whether it is a reported\n"
        "**fact**, **speculation** or **opinion**."
    )
    [passage] = qs.passages
    assert (passage.heading, passage.line) == ("Drones and trainers", 9)
    assert passage.text_md == "\n".join(line[2:] for line in EXAMPLE.splitlines()[10:14])
    assert passage.text_md.startswith("According to an article") and ">" not in passage.text_md
    first, second = passage.statements
    assert (first.number, first.line, first.text) == (1, 16, "Russia had bought drones from Iran")
    assert first.answers == ("fact",)
    assert flat(first.why_md) == (
        "The claim is attributed to a named source, the New York Times, and describes an event "
        "that can be checked."
    )
    assert first.cues == ("According to an article in the New York Times",)
    assert (second.number, second.line) == (2, 22)
    assert second.text == "The Iranian soldiers are believed to be away from the frontlines"
    assert second.answers == ("speculation",)
    assert second.why_md == '"Are believed to be" tells us nobody has confirmed it.'
    assert second.cues == ("are believed to be",)
    assert qs.statements == (first, second)
    assert qs.label_counts() == {"fact": 1, "speculation": 1, "opinion": 0}


def test_title_heading_without_front_matter_uses_default_labels_and_optional_intro():
    qs = parse(BASE)
    assert (qs.title, qs.labels, qs.intro_md) == ("Test set", DEFAULT_LABELS, "")
    assert [s.answers for s in qs.statements] == [("fact",), ("opinion",)]
    qs = parse(variant({2: "\n\nRead carefully.\n\nThen answer.\n\n"}))
    assert (qs.title, qs.intro_md) == ("Test set", "Read carefully.\n\nThen answer.")


def test_passage_text_keeps_markdown_and_paragraph_breaks_without_quote_markers():
    text = one_statement("First *paragraph*.\n\nSecond paragraph\ncontinues.", "First paragraph")
    assert parse(text).passages[0].text_md == "First *paragraph*.\n\nSecond paragraph\ncontinues."


@pytest.mark.parametrize(
    ("labels_line", "answer", "labels", "answers"),
    [
        ("labels: true, false", "false", ("true", "false"), ("false",)),
        ("labels: fact, speculation, opinion, satire", "satire",
         ("fact", "speculation", "opinion", "satire"), ("satire",)),
        ("labels:  agree ,disagree ", "disagree", ("agree", "disagree"), ("disagree",)),
        ("labels: True, False", "TRUE", ("True", "False"), ("True",)),
    ],
)
def test_custom_labels_keep_their_order_and_spelling(labels_line, answer, labels, answers):
    front = f"---\ntitle: Custom\n{labels_line}\n---"
    qs = parse(variant({1: front, 9: f"   - answer: {answer}", 14: f"   - answer: {answer}"}))
    assert qs.title == "Custom"
    assert qs.labels == labels
    assert qs.statements[0].answers == answers


@pytest.mark.parametrize(
    ("written", "answers"),
    [
        ("FACT", ("fact",)),
        ("Opinion", ("opinion",)),
        ("fact, opinion", ("fact", "opinion")),
        ("Speculation,OPINION", ("speculation", "opinion")),
    ],
)
def test_answers_ignore_case_and_accept_several_labels(written, answers):
    assert parse(variant({9: f"   - answer: {written}"})).statements[0].answers == answers


@pytest.mark.parametrize("written", ['"Prices rose"', "“Prices rose”", "Prices rose"])
def test_statement_text_has_surrounding_quotes_removed(written):
    assert parse(one_statement("Prices rose sharply.", written)).statements[0].text == "Prices rose"


@pytest.mark.parametrize(
    ("passage", "statement"),
    [
        ("The Minister SAID the plan was fair.", "the minister said the plan was fair"),
        ("The minister said the plan\nwould cost   ten million pounds.",
         "The minister said the plan would cost ten  million pounds"),
        ("The government’s plan is “temporary” for now.",
         "The government's plan is \"temporary\" for now"),
        ("Officials say it isn't final.", "Officials say it isn’t final"),
        ("The cuts are *never* going to be reversed.", "The cuts are never going to be reversed"),
        ("This is **not** a\n__drill__.", "This is not a drill"),
        ("According to [a report](https://example.org), prices rose.",
         "According to a report, prices rose"),
        ("The minister said on Tuesday that the plan would cost ten million pounds.",
         "The minister said ... the plan would cost ten million pounds"),
        ("The minister said on Tuesday that the plan would cost ten million pounds.",
         "The minister said…ten million pounds"),
    ],
    ids=["case", "whitespace", "curly-in-passage", "curly-in-statement", "emphasis", "bold",
         "link", "ellipsis-dots", "ellipsis-char"],
)
def test_statement_matches_passage_as_a_reader_sees_it(passage, statement):
    assert parse(one_statement(passage, statement)).statements[0].text == statement


@pytest.mark.parametrize(
    "statement",
    [
        "ten million pounds ... The minister said",  # a wildcard does not reorder the passage
        "The minister said the plan would cost ten billion pounds",
        "The minister said on Wednesday",
    ],
)
def test_statement_not_in_passage_is_reported_at_its_line(statement):
    passage = "The minister said on Tuesday that the plan would cost ten million pounds."
    problems = problems_of(one_statement(passage, statement))
    assert_reported(problems, 7, "does not occur in the passage")


def test_multiline_why_is_joined_and_does_not_swallow_the_next_field():
    text = variant({
        10: "   - why: The figure comes from the **statistics office**,\n"
            "     which anyone can check,\n"
            "       and nobody disputes it.",
    })
    statement = parse(text).statements[0]
    assert flat(statement.why_md) == (
        "The figure comes from the **statistics office**, which anyone can check, "
        "and nobody disputes it."
    )
    assert statement.answers == ("fact",)
    assert statement.cues == ("minister said",)


def test_cues_are_split_on_commas_stripped_and_may_continue_on_the_next_line():
    cues = "   - cues:  minister said ,  ten million pounds,\n     Critics think it will"
    text = variant({11: cues})
    assert parse(text).statements[0].cues == (
        "minister said", "ten million pounds", "Critics think it will",
    )


def test_cues_match_ignoring_case_quotes_whitespace_and_markdown():
    passage = "The Minister *said* the plan’s cost\nwould double."
    cues = "   - cues: MINISTER SAID, plan's cost would\n"
    qs = parse(one_statement(passage, "The minister said", cues))
    assert qs.statements[0].cues == ("MINISTER SAID", "plan's cost would")


def test_statements_are_renumbered_in_file_order_across_passages():
    qs = parse(md("""
        # Numbering

        ## One

        > Alpha is first. Beta is second.

        1. Alpha is first
           - answer: fact
           - why: A.

        5. Beta is second
           - answer: fact
           - why: B.

        ## Two

        > Gamma is third.

        2. Gamma is third
           - answer: opinion
           - why: C.
        """))
    assert [(p.heading, p.line) for p in qs.passages] == [("One", 3), ("Two", 15)]
    assert [len(p.statements) for p in qs.passages] == [2, 1]
    assert [(s.number, s.line, s.text) for s in qs.statements] == [
        (1, 7, "Alpha is first"), (2, 11, "Beta is second"), (3, 19, "Gamma is third"),
    ]


UNICODE_SET = md("""
    ---
    title: Café quiz
    ---

    ## P

    > The government’s plan is “temporary”.

    1. “The government’s plan”
       - answer: opinion
       - why: Ça dépend.
    """)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_parse_file_reads_utf8_with_or_without_bom(tmp_path, encoding):
    path = tmp_path / "cafe.md"
    path.write_text(UNICODE_SET, encoding=encoding)
    qs = parse_file(path)
    assert qs == parse(UNICODE_SET)
    assert qs.title == "Café quiz"
    assert qs.statements[0].text == "The government’s plan"


def test_parse_file_errors_name_the_path_and_count_lines_after_a_bom(tmp_path):
    path = tmp_path / "broken.md"
    path.write_text(UNICODE_SET.replace("answer: opinion", "answer: opinon"), encoding="utf-8-sig")
    with pytest.raises(QuestionSetError) as info:
        parse_file(path)
    assert info.value.filename == str(path)
    assert info.value.lines()[0].startswith(f"{path}:10: ")


def test_windows_line_endings_parse_the_same():
    assert parse(EXAMPLE.replace("\n", "\r\n")) == parse(EXAMPLE)
    problems = problems_of(variant({9: "   - answer: opinon"}).replace("\n", "\r\n"))
    assert_reported(problems, 9, "'opinon' is not a label")


# --- errors --------------------------------------------------------------------------------

FRONT = "---\ntitle: Test set\n{}\n---"  # replaces BASE line 1; the extra key is on line 3

SINGLE_MISTAKES = [
    pytest.param(variant({1: FRONT.format("lables: fact, opinion")}), 3,
                 ["unknown front-matter key 'lables'", "did you mean 'labels'?"], id="key-typo"),
    pytest.param(variant({1: "Some intro text."}), 1, ["no title"], id="no-title"),
    pytest.param(variant({1: FRONT.format("labels: fact"), 14: "   - answer: fact"}), 3,
                 ["2 to 6 labels"], id="one-label"),
    pytest.param(variant({1: FRONT.format("labels: fact, opinion, a, b, c, d, e")}), 3,
                 ["2 to 6 labels"], id="seven-labels"),
    pytest.param(variant({1: FRONT.format("labels: fact, opinion, fact")}), 3,
                 ["listed twice"], id="label-twice"),
    pytest.param("# Test set\n\nJust an introduction.\n", 1, ["no passages"], id="no-passages"),
    pytest.param(variant({15: '   - why: "Think" marks a view.\n\n## Second\n\n> Nothing here.'}),
                 17, ["has no statements"], id="no-statements"),
    pytest.param(variant({9: None}), 8, ["no 'answer'"], id="no-answer"),
    pytest.param(variant({10: None}), 8, ["no 'why'"], id="no-why"),
    pytest.param(variant({9: "   - answer: opinon"}), 9,
                 ["'opinon' is not a label", "fact", "speculation", "did you mean 'opinion'?"],
                 id="answer-typo"),
    pytest.param(variant({14: "   - answer: fact, Opinon"}), 14,
                 ["'opinon' is not a label", "did you mean 'opinion'?"], id="second-answer-typo"),
    pytest.param(variant({11: "   - cue: minister said"}), 11,
                 ["unknown field 'cue'", "did you mean 'cues'?"], id="field-typo"),
    pytest.param(variant({10: "   - why: It is reported speech.\n   - answer: opinion"}), 11,
                 ["given twice"], id="field-twice"),
    pytest.param(variant({11: "   - cues: minister said, xyz"}), 11,
                 ["cue 'xyz' does not occur in the passage"], id="cue-not-in-passage"),
    pytest.param(variant({8: "1. The minister said the plan would cost ten billion pounds"}), 8,
                 ["does not occur in the passage"], id="statement-typo"),
    pytest.param(variant({15: '   - why: "Think" marks a view.\n\nThis does not belong here.'}),
                 17, ["unexpected"], id="stray-paragraph"),
]


@pytest.mark.parametrize(("text", "line", "phrases"), SINGLE_MISTAKES)
def test_single_mistake_is_reported_once_at_its_line(text, line, phrases):
    problems = problems_of(text)
    assert_reported(problems, line, *phrases)
    assert len(problems) == 1, problems


# Mistakes after which further (consequential) problems may also be reported.
MISTAKES_WITH_KNOCK_ON = [
    pytest.param(variant({1: "---\ntitle: Test set"}), 1, ["front matter is not closed"],
                 id="front-matter-not-closed"),
    pytest.param(variant({5: None, 6: None}), 3, ["has no block quote"], id="no-block-quote"),
    pytest.param(variant({8: "1.The minister said the plan would cost ten million pounds"}), 8,
                 ["missing space after '1.'"], id="no-space-after-number"),
    pytest.param(variant({13: "12.Critics think it will cost far more"}), 13,
                 ["missing space after '12.'"], id="no-space-after-two-digits"),
]


@pytest.mark.parametrize(("text", "line", "phrases"), MISTAKES_WITH_KNOCK_ON)
def test_mistake_is_reported_at_its_line(text, line, phrases):
    assert_reported(problems_of(text), line, *phrases)


SEVERAL_MISTAKES = md("""
    ---
    title: Drones
    lables: fact, opinion
    ---

    ## Drones and trainers

    > Russia had bought drones from Iran. The soldiers are believed to be away from the front.

    1. Russia had bought drones from Iran
       - answer: opinon
       - why: Attributed to a source.

    2. The soldiers are believed to be far from the front
       - answer: speculation
       - why: Nobody confirmed it.
       - cue: believed

    ## Trainers

    > Iran sent trainers.
    """)


def test_every_problem_in_a_file_is_reported_at_once_in_line_order():
    with pytest.raises(QuestionSetError) as info:
        parse(SEVERAL_MISTAKES, "questions/drones.md")
    err = info.value
    assert [p.line for p in err.problems] == [3, 11, 14, 17, 19]
    for line, phrase in [(3, "lables"), (11, "opinon"), (14, "does not occur"), (17, "'cue'"),
                         (19, "has no statements")]:
        assert_reported(err.problems, line, phrase)
    assert err.lines() == [f"questions/drones.md:{p.line}: {p.message}" for p in err.problems]
    assert str(err) == "\n".join(err.lines())
    with pytest.raises(QuestionSetError, match=r"^<text>:3: "):
        parse(SEVERAL_MISTAKES)  # the default filename
