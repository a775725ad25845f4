"""A parsed set rendered to the HTML its pages show: what publishing stores, what preview shows.

`render_set()` is the only place a parsed set becomes HTML, so "preview shows exactly what
publishing stores" holds by construction: `quiz.importing` stores a RenderedSet field by
field, and the preview page shows the same RenderedSet. Its attributes have the names of
the stored models', so one template shows either.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz.highlight import Mark, MarkedHTML, nearest
from quiz.questionset.parsed import ParsedSet, ParsedStatement
from quiz.rendering import render_markdown


@dataclass(frozen=True)
class RenderedStatement:
    number: int
    text: str
    answers: tuple[str, ...]
    why_html: str
    cues: tuple[str, ...]
    # The teacher's own "why not", label -> sanitised HTML, in file order.
    why_not_html: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderedPassage:
    position: int
    heading: str
    text_md: str
    question_html: str  # statements marked: safe to show before answering
    review_html: str  # statements and their cues marked: shown with the key
    statements: tuple[RenderedStatement, ...]


@dataclass(frozen=True)
class RenderedSet:
    title: str
    labels: tuple[str, ...]
    intro_html: str
    passages: tuple[RenderedPassage, ...]
    # The set's own wording of the generated "why not": (chosen, answer, template), plain
    # text that quiz/feedback.py fills in and escapes.
    why_not_table: tuple[tuple[str, str, str], ...] = ()

    @property
    def statements(self) -> tuple[RenderedStatement, ...]:
        return tuple(s for p in self.passages for s in p.statements)


def render_set(question_set: ParsedSet) -> RenderedSet:
    """Every piece of teacher Markdown rendered (and sanitised), every passage marked up."""
    passages = []
    for position, passage in enumerate(question_set.passages, start=1):
        question_html, review_html = passage_html(render_markdown(passage.text_md),
                                                  passage.statements)
        statements = tuple(
            RenderedStatement(s.number, s.text, s.answers, render_markdown(s.why_md), s.cues,
                              {label: render_markdown(md) for label, md in s.why_not})
            for s in passage.statements
        )
        passages.append(RenderedPassage(position, passage.heading, passage.text_md,
                                        question_html, review_html, statements))
    return RenderedSet(question_set.title, question_set.labels,
                       render_markdown(question_set.intro_md), tuple(passages),
                       question_set.why_not_table)


def passage_html(html: str, statements: tuple[ParsedStatement, ...]) -> tuple[str, str]:
    """The passage with each statement marked and numbered; and the same with cues marked.

    A cue such as "could" may occur several times; the one marked is the occurrence nearest
    its own statement, so the highlight points at the words that explain that answer. The
    time is linear in the passage and the marks: the parser has bounded the statements, the
    cues and the places each cue occurs (quiz/limits.py).
    """
    passage = MarkedHTML(html)  # read once for every statement and cue searched in it
    marks: list[Mark] = []
    cue_spans: set[tuple[int, int]] = set()
    for statement in statements:
        span = passage.find(statement.text)
        if span is None:  # the parser guarantees it; stay safe if the rules ever drift
            continue
        marks.append(Mark(*span, "statement", label=str(statement.number)))
        for cue in statement.cues:
            cue_span = nearest(passage.find_all(cue), span)
            if cue_span is not None:
                cue_spans.add(cue_span)
    cue_marks = [Mark(*span, "cue", tag="strong") for span in sorted(cue_spans)]
    return passage.highlight(marks), passage.highlight(marks + cue_marks)
