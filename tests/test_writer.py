"""`write()`: a set written out parses back to itself; values the format cannot carry are refused.

The property tests build ParsedSet values directly (not files), so what they check is the
writer: several paragraphs everywhere, Markdown in passages and explanations, quotes around
statements, custom labels, several accepted answers, a teacher's own "why not" for wrong
labels and a set's own wording of the generated one. No example database (`database=None`).
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from itertools import count

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from samples import BRIDGE, IRAN_DRONES

from quiz.questionset.parsed import (
    DEFAULT_LABELS,
    ParsedPassage,
    ParsedSet,
    ParsedStatement,
    QuestionSetError,
)
from quiz.questionset.parser import parse
from quiz.questionset.writer import write

PROPERTY = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Sampled words generate faster than random text; the field names and labels are among them.
word = st.sampled_from("the council said bridge will close critics think it should stay open "
                       "experts believe could be wrong according to why answer cues fact "
                       "opinion speculation a i x drones iran russia".split())


# -- strategies: ParsedSet values ------------------------------------------------------------

# Tokens of a passage: (what a reader sees, its Markdown). Each is one draw, which keeps the
# run fast: plain words, quoted phrases (straight and curly), emphasis, bold and links.
TOKENS = [
    (plain, markup.format(plain))
    for words in ("the", "council", "said", "could be", "it should stay", "wrong", "why",
                  "answer", "cues", "fact", "experts believe", "iran", "russia", "x")
    for plain in (words, f'"{words}"', f"\u201c{words}\u201d", f"'{words}'")
    for markup in ("{}", "{}", "*{}*", "**{}**", "[{}](https://example.org)")
]
tokens = st.sampled_from(TOKENS)


# The text of a passage: paragraphs of lines of tokens.
passage_texts = st.lists(st.lists(st.lists(tokens, min_size=1, max_size=4), min_size=1,
                                  max_size=2), min_size=1, max_size=3)


@st.composite
def phrases(draw, paragraph: list[str]) -> str:
    """Consecutive reader words of one paragraph, sometimes with a `...` skipping some."""
    words = " ".join(paragraph).split()
    start = draw(st.integers(0, len(words) - 1))
    end = draw(st.integers(start + 1, min(len(words), start + 8)))
    if end - start > 2 and draw(st.booleans()):
        return f"{words[start]} ... {words[end - 1]}"
    return " ".join(words[start:end])


def markdown_of(paragraphs_: list[list[list[tuple[str, str]]]]) -> str:
    return "\n\n".join("\n".join(" ".join(md for _, md in line) for line in paragraph)
                       for paragraph in paragraphs_)


def markdown_paragraphs(lines: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Paragraphs of whole lines drawn from `lines`, separated by an empty line."""
    paragraph = st.lists(st.sampled_from(lines), min_size=1, max_size=3).map("\n".join)
    return st.lists(paragraph, min_size=1, max_size=max_size).map("\n\n".join)


# Lines of an explanation, with the Markdown teachers use. No '- word:' line: it would read as
# a field, and the writer refuses it (see the examples below).
WHY_LINES = [
    "A named source said it.", "It can be *checked*,", "**Could** is a guess", "in `the minutes`.",
    "[The report](https://example.org) says so.", '"Should" judges.', "- a list item",
    "* another, with _emphasis_", "1. a numbered line", "> a quoted line", "It\u2019s a view.",
    "Note: answer and why are words here.",
]
explanations = markdown_paragraphs(WHY_LINES, max_size=3)
# Lines of an introduction: sub-headings, lists and quotes are Markdown for the reader there.
INTRO_LINES = [
    "Read each passage.", "Decide: *fact*, speculation or opinion?", "### Before you start",
    "- **Fact**: something that can be checked.", "- answer: not a field before a passage",
    "> A quote from the article.", "1. Read.", "  Indented text.", "---", "title: not a key",
]
intros = st.just("") | markdown_paragraphs(INTRO_LINES, max_size=4)
# A '## ' line drops a trailing '#': the writer refuses such a heading (see the examples).
headings = st.lists(st.sampled_from(["Why", "Iran's", "view:", "C#", "1.", "(again)", "-"]) | word,
                    min_size=1, max_size=4).map(" ".join).filter(lambda h: not h.endswith("#"))



@st.composite
def passages(draw, labels: tuple[str, ...]) -> ParsedPassage:
    text = draw(passage_texts)
    reader = [[plain for line in paragraph for plain, _ in line] for paragraph in text]

    def phrase():
        return phrases(draw(st.sampled_from(reader)))

    def statement() -> ParsedStatement:
        answers = draw(st.lists(st.sampled_from(labels), min_size=1, max_size=len(labels),
                                unique=True))
        wrong = [label for label in labels if label not in answers]
        why_not = draw(st.lists(st.sampled_from(wrong), max_size=2, unique=True)) if wrong else []
        return ParsedStatement(number=0, text=draw(phrase()), answers=tuple(answers),
                               why_md=draw(explanations),
                               cues=tuple(draw(st.lists(phrase(), max_size=3))),
                               why_not=tuple((label, draw(explanations)) for label in why_not))

    statements = tuple(statement() for _ in range(draw(st.integers(1, 3))))
    return ParsedPassage(heading=draw(headings), text_md=markdown_of(text),
                         statements=statements)


custom_labels = st.lists(st.lists(word.map(str.capitalize) | word, min_size=1, max_size=2)
                         .map(" ".join), min_size=2, max_size=6,
                         unique_by=str.lower).map(tuple)


# A set's own wording of the generated "why not": plain text, placeholders, colons, quotes.
TEMPLATES = ["You chose {chosen}, but {cues} show a guess.", "Not {chosen}: it is {answer}.",
             "Look again at {cues}: \"could\" is a guess.", "but not fact, and not: {answer}",
             "It\u2019s {answer}."]


@st.composite
def wording_tables(draw, labels: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    pairs = [(chosen, answer) for chosen in labels for answer in labels if chosen != answer]
    drawn = draw(st.lists(st.sampled_from(pairs), max_size=3, unique=True))
    return tuple((chosen, answer, draw(st.sampled_from(TEMPLATES))) for chosen, answer in drawn)


@st.composite
def question_sets(draw) -> ParsedSet:
    labels = draw(st.just(DEFAULT_LABELS) | custom_labels)
    title = " ".join(draw(st.lists(word | st.sampled_from(["C#", "Iran,", "Russia:", "why?",
                                                            "---", "#1"]),
                                   min_size=1, max_size=5)))
    numbers = count(1)
    drawn = draw(st.lists(passages(labels), min_size=1, max_size=3))
    return ParsedSet(title=title, labels=labels, intro_md=draw(intros), passages=tuple(
        replace(p, statements=tuple(replace(s, number=next(numbers)) for s in p.statements))
        for p in drawn), why_not_table=draw(wording_tables(labels)))


@PROPERTY
@given(question_sets())
def test_a_written_set_parses_back_to_itself(question_set):
    assert parse(write(question_set), "written.md") == question_set


# -- sets with a value the format may not carry ---------------------------------------------

# Pieces the parser reads differently: line breaks, white space it trims, commas, '#', and
# lines that read as headings or fields. One or two of them are put into one value.
TRICKY = st.lists(st.sampled_from([
    "a", " ", "  ", "\t", "\u00a0", "\n", "\n\n", "\n\n\n", "\n \n", "\r", "\x00", ",", "#",
    " #", "- ", "*", ":", "\"", "'", "\u201c", "\u201d", "...", "---", "title: x", "\n# x",
    "\n## x", "\n- note: x", "\nwhy: x", "\n   - why: x", "\n  x", "\n- cues: the",
]), min_size=1, max_size=2).map("".join)


@st.composite
def perturbed(draw) -> ParsedSet:
    """A valid set with one value changed to something awkward."""
    question_set = draw(question_sets())
    passage_index = draw(st.integers(0, len(question_set.passages) - 1))
    passage = question_set.passages[passage_index]
    statement_index = draw(st.integers(0, len(passage.statements) - 1))
    statement = passage.statements[statement_index]

    def spliced(value: str) -> str:
        at = draw(st.sampled_from([0, len(value)]) | st.integers(0, len(value)))
        return value[:at] + draw(TRICKY) + value[at:]

    target = draw(st.sampled_from(["title", "labels", "intro", "heading", "text_md", "text",
                                   "answers", "why", "cues", "number", "why_not", "wording"]))
    if target in ("title", "intro"):
        field = {"title": "title", "intro": "intro_md"}[target]
        return replace(question_set, **{field: spliced(getattr(question_set, field))})
    if target == "wording":
        chosen, answer = draw(st.sampled_from(question_set.labels)), question_set.labels[0]
        entry = draw(st.sampled_from([(spliced(chosen), answer, "W {chosen}."),
                                      (chosen, answer, spliced("W {chosen}."))]))
        return replace(question_set, why_not_table=(*question_set.why_not_table, entry))
    if target == "labels":
        labels = list(question_set.labels)
        labels[draw(st.integers(0, len(labels) - 1))] = draw(TRICKY)
        return replace(question_set, labels=tuple(labels))
    if target == "heading":
        passage = replace(passage, heading=spliced(passage.heading))
    elif target == "text_md":
        passage = replace(passage, text_md=spliced(passage.text_md))
    else:
        changes = {
            "text": lambda: {"text": draw(st.sampled_from(['"{}"', " {}", "{} ", "\u201c{}\""]))
                             .format(statement.text)},
            "answers": lambda: {"answers": draw(st.sampled_from([
                statement.answers * 2, (statement.answers[0].upper(),), (*statement.answers, ""),
                (spliced(statement.answers[0]),)]))},
            "why": lambda: {"why_md": spliced(statement.why_md)},
            "cues": lambda: {"cues": (*statement.cues, spliced(statement.text))},
            "number": lambda: {"number": statement.number + draw(st.sampled_from([-1, 1]))},
            "why_not": lambda: {"why_not": (*statement.why_not, draw(st.sampled_from([
                (spliced(question_set.labels[-1]), "W."), (question_set.labels[-1], spliced("W.")),
                (question_set.labels[-1].upper(), "W.")])))},
        }[target]()
        statements = list(passage.statements)
        statements[statement_index] = replace(statement, **changes)
        passage = replace(passage, statements=tuple(statements))
    passages_ = list(question_set.passages)
    passages_[passage_index] = passage
    return replace(question_set, passages=tuple(passages_))


@PROPERTY
@given(perturbed())
def test_a_set_is_written_back_the_same_or_refused_never_changed(question_set):
    """ValueError, or a file the check rejects with its problems, or the same set again."""
    try:
        text = write(question_set)
    except ValueError as error:
        event("refused by the writer")
        assert str(error)
        return
    try:
        parsed = parse(text, "written.md")
    except QuestionSetError:
        event("rejected by the check")  # a rule about content, reported with its line
        return
    event("the same set")
    assert parsed == question_set


# -- examples ----------------------------------------------------------------------------------

@pytest.mark.parametrize("source", [IRAN_DRONES.read_text(encoding="utf-8-sig"), BRIDGE],
                         ids=["iran-drones", "bridge"])
def test_a_real_set_written_out_parses_back_to_itself(source):
    question_set = parse(source)
    text = write(question_set)
    assert parse(text, "written.md") == question_set  # raises with the problems if it had any
    assert write(parse(text)) == text


def statement(number: int, text: str, answers: tuple[str, ...], why: str,
              cues: tuple[str, ...] = ()) -> ParsedStatement:
    return ParsedStatement(number=number, text=text, answers=answers, why_md=why, cues=cues)


TINY = ParsedSet(
    title="The bridge",
    labels=DEFAULT_LABELS,
    intro_md="Read each passage.\n\nThen decide.",
    passages=(ParsedPassage(
        heading="The council",
        text_md='The council *said* the bridge will close.\n\nCritics think it "should stay '
                'open".',
        statements=(
            statement(1, "The council said the bridge will close", ("fact",),
                      "A named source.\n\nIt can be *checked*\nin the minutes.", ("said",)),
            statement(2, '"should stay open"', ("opinion", "speculation"), "A judgement."),
        ),
    ),),
)


def test_the_output_reads_like_a_file_a_teacher_wrote():
    assert write(TINY) == textwrap.dedent('''\
        ---
        title: The bridge
        ---

        Read each passage.

        Then decide.

        ## The council

        > The council *said* the bridge will close.
        >
        > Critics think it "should stay open".

        1. "The council said the bridge will close"
           - answer: fact
           - why: A named source.

             It can be *checked*
             in the minutes.
           - cues: said

        2. ""should stay open""
           - answer: opinion, speculation
           - why: A judgement.
        ''')
    assert parse(write(TINY)) == TINY


def test_labels_are_written_only_when_they_are_not_the_default():
    custom = replace(TINY, labels=("fact", "speculation", "opinion", "Not sure"))
    assert write(custom).startswith(
        "---\ntitle: The bridge\nlabels: fact, speculation, opinion, Not sure\n---\n\n")
    assert "labels:" not in write(TINY)
    assert parse(write(custom)) == custom


def test_why_nots_are_written_as_not_fields_and_wording_lines_and_read_back():
    passage = TINY.passages[0]
    first = replace(passage.statements[0], why_not=(
        ("speculation", "Nobody *guesses*.\n\nThe council said it."), ("opinion", "No view.")))
    why_not = replace(TINY, why_not_table=(("fact", "speculation", "Not {chosen}: {cues}."),),
                      passages=(replace(passage, statements=(first, passage.statements[1])),))
    text = write(why_not)
    assert text.startswith("---\ntitle: The bridge\nnot fact but speculation: Not {chosen}: "
                           "{cues}.\n---\n")
    assert "   - cues: said\n   - not speculation: Nobody *guesses*.\n\n     The council said " \
           "it.\n   - not opinion: No view.\n\n2. " in text
    assert parse(text) == why_not
    assert write(parse(text)) == text


def test_fields_line_up_with_the_text_of_statement_10_and_after():
    passage = TINY.passages[0]
    many = tuple(replace(passage.statements[0], number=n) for n in range(1, 11))
    text = write(replace(TINY, passages=(replace(passage, statements=many),)))
    assert '\n9. "The council said the bridge will close"\n   - answer: fact\n' in text
    assert '\n10. "The council said the bridge will close"\n    - answer: fact\n' in text
    assert "\n      It can be *checked*\n" in text


def with_statement(**changes) -> ParsedSet:
    passage = TINY.passages[0]
    first = replace(passage.statements[0], **changes)
    return replace(TINY, passages=(replace(passage, statements=(first,
                                                                *passage.statements[1:])),))


def with_passage(**changes) -> ParsedSet:
    return replace(TINY, passages=(replace(TINY.passages[0], **changes),))


@pytest.mark.parametrize(("question_set", "message"), [
    (replace(TINY, title="The\nbridge"), "the title has a line break"),
    (replace(TINY, title=" The bridge"), "the title starts or ends with white space"),
    (replace(TINY, labels=("fact, or not", "opinion")), "contains a comma"),
    (replace(TINY, intro_md="# Read this"), "would read as a '# ' title"),
    (replace(TINY, intro_md="Read.\n\n## Then"), "would read as a '## ' passage heading"),
    (replace(TINY, intro_md="Read.\n   - why: because"), "would read as a '- why:' field"),
    (replace(TINY, intro_md="\nRead."), "the introduction starts or ends with an empty line"),
    (replace(TINY, intro_md="Read.\n \nThen."), "a line of only white space"),
    (with_passage(heading="Two\nlines"), "a passage heading has a line break"),
    (with_passage(heading="Notes on C#"), "would read back as 'Notes on C'"),
    (with_passage(text_md="> The council said\n"), "starts or ends with an empty line"),
    (with_passage(text_md="The council\x00 said"), "NUL character"),
    (with_passage(text_md="The council\r\nsaid"), "carriage return"),
    (with_statement(text=" The council said"), "starts or ends with white space"),
    (with_statement(text="The council\nsaid"), "the text of statement 1 has a line break"),
    (with_statement(number=3), "statement 1 in file order is numbered 3"),
    (with_statement(answers=("fact, opinion",)), "contains a comma"),
    (with_statement(answers=("Fact",)), "must be spelled as its label 'fact'"),
    (with_statement(answers=("fact", "fact")), "lists the answer 'fact' twice"),
    (with_statement(answers=("fact", "")), "is empty"),
    (with_statement(cues=("said, the",)), "contains a comma"),
    (with_statement(cues=("said  the",)), "white space other than single spaces"),
    (with_statement(why_md="Two signs:\n- could: a guess"), "would read as a '- could:' field"),
    (with_statement(why_md="A guess.\nWhy: it says could"), "field without its '- '"),
    (with_statement(why_md="A guess.\n  indented"), "would read back as 'indented'"),
    (with_statement(why_md="A guess.\n\n\nMore."), "two empty lines in a row"),
    (with_statement(why_md="A guess.\n \nMore."), "would read as an empty line"),
    (with_statement(why_not=(("Opinion", "W."),)), "must be spelled as its label 'opinion'"),
    (with_statement(why_not=(("opinion", "W."), ("opinion", "V."))), "two 'not opinion' fields"),
    (with_statement(why_not=(("opinion, fact", "W."),)), "contains a comma"),
    (with_statement(why_not=(("opinion", "A.\n\n\nB."),)), "two empty lines in a row"),
    (with_statement(why_not=(("opinion", "A.\n- could: a guess"),)), "'- could:' field"),
    (replace(TINY, why_not_table=(("fact", "opinion", "A\nB"),)), "has a line break"),
    (replace(TINY, why_not_table=(("fact", "opinion", "A "),)), "white space"),
    (replace(TINY, why_not_table=(("fact, x", "opinion", "A"),)), "contains a comma"),
    (replace(TINY, why_not_table=(("fact", "opin:ion", "A"),)), "would read back otherwise"),
])
def test_a_value_the_format_cannot_carry_is_refused(question_set, message):
    with pytest.raises(ValueError, match="(?i)" + message.replace("(", r"\(")) as raised:
        write(question_set)
    assert "\n" not in str(raised.value).replace("\\n", "")


def test_content_rules_are_left_to_the_check_with_their_line():
    """A statement not in its passage is written; the check then says where it is."""
    text = write(with_statement(text="The mayor said so"))
    with pytest.raises(QuestionSetError) as raised:
        parse(text, "draft.md")
    assert [p.line for p in raised.value.problems] == [text.split("\n").index(
        '1. "The mayor said so"') + 1]
