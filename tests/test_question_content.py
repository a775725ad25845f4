"""The shipped sets in questions/ read at a student's level and highlight the right words.

These check the content a class reads, not the code: every explanation (`why`) reads at
Flesch-Kincaid grade 9 or below, and every cue stands in its own statement's sentence, so
the words highlighted are the ones the explanation talks about.
"""

from __future__ import annotations

import re

import pyphen
import pytest
from samples import ROOT

from quiz.highlight import find_phrase, reader_text
from quiz.questionset.parser import parse_file
from quiz.rendering import render_markdown

MAX_GRADE = 9  # the students are 13 to 15: grade 9 is the hardest text they all read
SETS = sorted((ROOT / "questions").glob("*.md"))

# Syllables from Pyphen's hyphenation patterns, which ship inside the package, so the test
# runs offline. (textstat counts them with NLTK's cmudict, which it downloads on first use
# and, with no network, fails with LookupError.) Hyphenation never leaves one letter at the
# start of a line, but a syllable can be one letter (a-way, e-vent): with Pyphen's default
# of 2, about one word in twelve loses a syllable and a text reads a grade too easy.
HYPHENATOR = pyphen.Pyphen(lang="en_US", left=1)
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+")
SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"'”’)]|$)")
# Between two sentences of a passage: "U.S. agree" goes on, "Ukraine. It’s" does not.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z])")

# An explanation the shipped set had before it was reworded: long sentences, long words.
TOO_HARD = ("Kirby really said this, but the words themselves are his judgement of Iran. "
            "“Just another example” and “desire to export violence” describe Iran’s wishes in "
            "a negative way that cannot be measured or proven.")


def syllables(word: str) -> int:
    return len(HYPHENATOR.positions(word.lower())) + 1


def grade(text: str) -> float:
    """The Flesch-Kincaid grade: 0.39 words a sentence + 11.8 syllables a word - 15.59."""
    words = WORD.findall(text)
    sentences = [part for part in SENTENCE_END.split(text) if WORD.search(part)]
    return (0.39 * len(words) / len(sentences)
            + 11.8 * sum(map(syllables, words)) / len(words) - 15.59)


def sentence_around(text: str, span: tuple[int, int]) -> str:
    """The sentence (or sentences) of `text` that the span stands in."""
    starts = [0] + [m.end() for m in SENTENCE_BREAK.finditer(text)]
    ends = [m.start() for m in SENTENCE_BREAK.finditer(text)] + [len(text)]
    start = max(s for s in starts if s <= span[0])
    end = min(e for e in ends if e >= span[1])
    return text[start:end]


def shipped_statements():
    for path in SETS:
        for passage in parse_file(path).passages:
            for statement in passage.statements:
                yield pytest.param(path, passage, statement,
                                   id=f"{path.stem}-{statement.number}")


STATEMENTS = list(shipped_statements())


def test_the_grade_follows_the_flesch_kincaid_formula():
    # 2 sentences, 8 words, 9 syllables (only "lit-tle" has two)
    assert grade("The cat sat. It was a little cat.") == pytest.approx(
        0.39 * 8 / 2 + 11.8 * 9 / 8 - 15.59)


def test_an_explanation_in_long_sentences_and_long_words_reads_above_grade_9():
    assert grade(TOO_HARD) > MAX_GRADE


def test_there_are_shipped_statements_to_check():
    assert STATEMENTS, "no statements in questions/*.md: the tests below would check nothing"


@pytest.mark.parametrize(("path", "passage", "statement"), STATEMENTS)
def test_every_explanation_reads_at_grade_9_or_below(path, passage, statement):
    # The why, and each "why not" a teacher wrote for a wrong label: a student reads both.
    texts = {"why": statement.why_md} | {f"not {label}": md for label, md in statement.why_not}
    for field, markdown in texts.items():
        text = reader_text(render_markdown(markdown))
        level = grade(text)
        assert level <= MAX_GRADE, (f"{path.name}:{statement.line}: the {field} of statement "
                                    f"{statement.number} reads at grade {level:.1f}, above "
                                    f"{MAX_GRADE}: {text}")


def test_the_statements_students_most_often_misread_answer_the_wrong_label():
    # The traps of the shipped set: each says why not the label a student is drawn to.
    statements = parse_file(ROOT / "questions" / "iran-drones.md").statements
    unknown = next(s for s in statements if s.text.startswith("It is unknown"))
    experts = next(s for s in statements if s.text.startswith("experts believe"))
    assert [label for label, _ in unknown.why_not] == ["speculation"]
    assert [label for label, _ in experts.why_not] == ["fact"]
    assert sum(1 for s in statements if s.why_not) >= 5


@pytest.mark.parametrize(("path", "passage", "statement"), STATEMENTS)
def test_every_cue_stands_in_its_statements_own_sentence(path, passage, statement):
    # In these sets a statement's source ("An article on Politico ... states that") stands
    # in its own sentence too; a cue anywhere else would be highlighted away from the words
    # the explanation talks about.
    reader = reader_text(render_markdown(passage.text_md))
    span = find_phrase(reader, statement.text)
    assert span is not None, (path.name, statement.number)
    sentence = sentence_around(reader, span)
    for cue in statement.cues:
        assert find_phrase(sentence, cue) is not None, (
            f"{path.name}:{statement.line}: cue '{cue}' of statement {statement.number} is "
            f"not in its sentence: {sentence}")
