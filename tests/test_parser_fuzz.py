"""`parse()` fuzzed with Hypothesis: files that the package writer (`quiz.questionset.writer`)
makes from a random set parse to exactly that set, and mangled files give a ParsedSet or a
QuestionSetError, never anything else, with every problem on a line the file has.

No example database (`database=None`): nothing is written to `.hypothesis/` in the repo.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import BRIDGE, CLASS_SET, IRAN_DRONES, ROOT

from quiz.questionset.lines import split_lines
from quiz.questionset.parsed import (
    DEFAULT_LABELS,
    ParsedPassage,
    ParsedSet,
    ParsedStatement,
    QuestionSetError,
)
from quiz.questionset.parser import parse
from quiz.questionset.writer import write

FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Plain lower-case words: no Markdown syntax, no `...` wildcard, no label separator.
words = st.lists(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=7),
                 min_size=1, max_size=6).map(" ".join)


@st.composite
def runs(draw, quote: tuple[str, ...]) -> str:
    """A run of consecutive words of the quote, across its lines."""
    tokens = " ".join(quote).split()
    start = draw(st.integers(0, len(tokens) - 1))
    end = draw(st.integers(start + 1, min(len(tokens), start + 8)))
    return " ".join(tokens[start:end])


@st.composite
def passages(draw, labels: tuple[str, ...]) -> ParsedPassage:
    quote = tuple(draw(st.lists(words, min_size=1, max_size=3)))
    statements = tuple(ParsedStatement(
        number=0,  # numbered across the set by question_sets()
        text=draw(runs(quote)),
        answers=tuple(draw(st.lists(st.sampled_from(labels), min_size=1, max_size=len(labels),
                                    unique=True))),
        why_md=draw(words),
        cues=tuple(draw(st.lists(runs(quote), max_size=2))),
    ) for _ in range(draw(st.integers(1, 4))))
    return ParsedPassage(heading=draw(words), text_md="\n".join(quote), statements=statements)


@st.composite
def question_sets(draw) -> ParsedSet:
    labels = DEFAULT_LABELS
    if draw(st.booleans()):
        labels = tuple(draw(st.lists(st.text("abcdefghijklmnop", min_size=1, max_size=9),
                                     min_size=2, max_size=6, unique=True)))
    numbers = count(1)
    drawn = draw(st.lists(passages(labels), min_size=1, max_size=4))
    return ParsedSet(
        title=draw(words), labels=labels, intro_md=draw(st.one_of(st.just(""), words)),
        passages=tuple(replace(p, statements=tuple(replace(s, number=next(numbers))
                                                   for s in p.statements)) for p in drawn),
    )


@st.composite
def files(draw) -> tuple[ParsedSet, str]:
    """A set and its file, by the package writer, in the other forms a teacher may use.

    The writer always puts the title in front matter and quotes each statement; the contract
    also allows a `# Title` first line (with the default labels) and unquoted statements.
    """
    question_set = draw(question_sets())
    text = write(question_set)
    title = question_set.title
    if question_set.labels == DEFAULT_LABELS and draw(st.booleans()):
        text = text.replace(f"---\ntitle: {title}\n---\n", f"# {title}\n", 1)
    if draw(st.booleans()):
        text = re.sub(r'^(\d+\. )"(.*)"$', r"\1\2", text, flags=re.M)
    return question_set, text


@FUZZ
@given(files())
def test_a_well_formed_file_parses_to_its_structure(file):
    question_set, text = file
    parsed = parse(text)
    assert parsed.title == question_set.title
    assert parsed.labels == question_set.labels
    assert parsed.intro_md == question_set.intro_md
    assert [p.heading for p in parsed.passages] == [p.heading for p in question_set.passages]
    assert [len(p.statements) for p in parsed.passages] == [len(p.statements)
                                                            for p in question_set.passages]
    expected = question_set.statements
    assert [s.number for s in parsed.statements] == list(range(1, len(expected) + 1))
    assert [(s.text, s.answers, s.why_md, s.cues) for s in parsed.statements] == [
        (s.text, s.answers, s.why_md, s.cues) for s in expected]
    assert parsed == question_set  # and the passage texts too


# -- mangled files -----------------------------------------------------------------------------

SEEDS = [BRIDGE, CLASS_SET, IRAN_DRONES.read_text(encoding="utf-8-sig")]
TRICKY_LINES = ["", "---", "#", "# Title", "##", "## ", "###", ">", "> ", ">>", "1.", "1. x",
                "1.x", "01) y", "999999999. z", "0.", "- answer:", "   - answer: fact,",
                "   - answer: ,", "   - why:", "\t- why: tab", "   - cues: ,", "   - cues: ...",
                "   - cues: …", "  answer: fact", "- why: x", "   - whY: x", "   * cues: x",
                "      more why", "\t\tdeeper", "title:", "labels: a,,b", "labels: a",
                "labels: " + ", ".join("abcdefg"), "unknown: x", "\ufeff", "...", "\u2026",
                "   ", "\t", "> ...", '1. "..."', "1. “”", "1. ''", "\x0c", "\u2028",
                "   - not fact: x", "   - not speculation:", "     - not x, y: z", "   - not:",
                "not fact but opinion: {chosen} {x", "not fact: y", "not a but a but b: {cues}"]
TRICKY_CHARS = ">#-.0123456789…\t\r\n\ufeff \"'“”‘’*_`[]()<>&:,\u00a0\u200b\x00é字🙂"


@st.composite
def mangled(draw) -> str:
    """A real or generated file, then random line and character edits."""
    if draw(st.booleans()):
        text = draw(st.sampled_from(SEEDS))
    else:
        text = draw(files())[1]
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 8))):
        index = draw(st.integers(0, max(0, len(lines) - 1)))
        edit = draw(st.sampled_from(["delete", "duplicate", "insert", "swap", "chars",
                                     "unicode"]))
        if edit == "delete" and lines:
            del lines[index]
        elif edit == "duplicate" and lines:
            lines.insert(index, lines[index])
        elif edit == "insert":
            lines.insert(index, draw(st.sampled_from(TRICKY_LINES)))
        elif edit == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif lines:
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            cut = draw(st.integers(0, min(4, len(line) - at)))
            alphabet = TRICKY_CHARS if edit == "chars" else st.characters()
            lines[index] = line[:at] + draw(st.text(alphabet, max_size=4)) + line[at + cut:]
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


def line_count(text: str) -> int:
    """Lines as the parser and the check page number them; an empty file has line 1."""
    return max(1, len(split_lines(text)))


def check(text: str) -> None:
    try:
        result = parse(text, "fuzz.md")
    except QuestionSetError as error:
        assert error.problems, "an error with no problem in it"
        lines = line_count(text)
        assert all(1 <= p.line <= lines for p in error.problems), (
            [(p.line, p.message) for p in error.problems], lines)
        assert all(p.message.strip() for p in error.problems)
    else:
        assert isinstance(result, ParsedSet)


@FUZZ
@given(mangled())
def test_a_mangled_file_gives_a_set_or_problems_on_real_lines(text):
    check(text)


@settings(FUZZ, max_examples=100)
@given(st.text(TRICKY_CHARS + "abcdefghijklmnopqrstuvwxyz", max_size=300))
def test_any_text_at_all_gives_a_set_or_problems_on_real_lines(text):
    check(text)


def test_the_empty_file_has_its_problems_on_line_1():
    for text in ("", "\ufeff", "\n\n", "\r\n"):
        try:
            parse(text)
        except QuestionSetError as error:
            assert {p.line for p in error.problems} == {1}, text
        else:
            raise AssertionError(f"{text!r} parsed")


def test_line_numbers_count_only_the_line_breaks_an_editor_shows():
    """A form feed or U+2028 inside a line is not a new line in any editor."""
    text = "# T\n\nIntro\x0cwith a form feed\u2028and more\n\n## P\n\n> a b c\n\n1. a b\n" \
           "   - answer: fakt\n   - why: w\n"
    with pytest.raises(QuestionSetError) as raised:
        parse(text)
    assert [p.line for p in raised.value.problems] == [10]


def test_wildcards_in_a_statement_take_linear_time():
    """`...` must not backtrack: 'a ... a ... b' against 2 000 words of 'a' is a 4 kB file."""
    passage = " ".join(["a"] * 2000)
    text = f"# T\n\n## P\n\n> {passage}\n\n1. a ... a ... b\n   - answer: fact\n   - why: w\n"
    code = "import sys; from quiz.questionset.parser import parse\n" \
           "try:\n    parse(sys.stdin.read())\nexcept Exception:\n    pass\n"
    try:
        subprocess.run([sys.executable, "-c", code], input=text, text=True, cwd=ROOT,
                       timeout=5, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail("checking a 4 kB file took over 5 s: the `...` regex backtracks")
