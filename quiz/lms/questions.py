"""A stored version as LMS multiple-choice questions: one per statement, labels as choices.

Both export formats take these, so a statement reads the same in Canvas and in Moodle.

The stem is the passage with only *this* statement marked. The stored `question_html` marks
every statement of the passage at once (its marks are split at tag boundaries, so they
cannot be told apart afterwards), so the passage is marked again here with the functions
that made it: `render_markdown` (the one sanitiser) and `MarkedHTML`, which find the
statement exactly where the pages highlight it. The mark is `<mark><strong>`: an LMS whose
HTML filter drops `<mark>` still shows the words in bold.

Several accepted labels: every accepted one is a correct choice, worth the full point, as
in our own scoring (any accepted label scores). The formats below express that as a
single-answer question with more than one right choice, not as "tick all that apply",
which would ask a student to choose several labels at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from quiz.feedback import why_not_html
from quiz.highlight import Mark, MarkedHTML
from quiz.rendering import render_markdown

if TYPE_CHECKING:
    from quiz.models import Passage, QuestionSetVersion, Statement


@dataclass(frozen=True)
class Choice:
    label: str  # plain text
    correct: bool
    why_not_html: str | None  # for a wrong label: why it is not this one; None otherwise


@dataclass(frozen=True)
class LmsQuestion:
    number: int  # the statement's number in the set
    stem_html: str
    why_html: str
    choices: tuple[Choice, ...]  # the set's labels, in the set's order


@dataclass(frozen=True)
class LmsQuiz:
    title: str
    intro_html: str
    # A stable id for this exact content: the same version exported twice gets the same
    # identifiers, so importing it again into a course updates the quiz rather than adding one.
    ident: str
    questions: tuple[LmsQuestion, ...]


def lms_quiz(version: QuestionSetVersion) -> LmsQuiz:
    """Every statement of `version`, in order, as a question the LMS can mark itself."""
    labels = tuple(version.labels)
    questions = []
    for passage in version.passages:
        for statement, stem in zip(passage.statements, stems(passage, labels), strict=True):
            questions.append(LmsQuestion(statement.number, stem, statement.why_html,
                                         _choices(statement, labels, version.why_not_table)))
    return LmsQuiz(version.title, version.intro_html, f"quiz{version.content_hash[:24]}",
                   tuple(questions))


def stems(passage: Passage, labels: tuple[str, ...]) -> list[str]:
    """Per statement of the passage: its heading, the passage with the statement marked,
    and the question, with the statement's words repeated for readers who cannot see a mark."""
    marked = MarkedHTML(render_markdown(passage.text_md))  # read once for all its statements
    heading = f"<h3>{escape(passage.heading)}</h3>"
    out = []
    for statement in passage.statements:
        span = marked.find(statement.text)
        # The parser guarantees the span; should it ever drift, every statement marked
        # (as stored) still shows the passage, rather than a question without one.
        body = passage.question_html if span is None else marked.highlight(
            [Mark(*span, "statement"), Mark(*span, "statement", tag="strong")])
        out.append(f"{heading}{body}<p>Statement {statement.number} (marked above): "
                   f"\u201c{escape(statement.text)}\u201d. Is it {escape(_either(labels))}?</p>")
    return out


def _choices(statement: Statement, labels: tuple[str, ...],
             table: list[list[str]]) -> tuple[Choice, ...]:
    return tuple(
        Choice(label, label in statement.answers,
               why_not_html(label, statement.answers, statement.cues, statement.why_not_html,
                            table))
        for label in labels
    )


def _either(labels: tuple[str, ...]) -> str:
    """fact, speculation or opinion."""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
