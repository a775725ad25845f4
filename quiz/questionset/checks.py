"""What a file means once its lines are read: drafts, and the checks that freeze them.

The parser fills the mutable drafts line by line; `finish()` checks each statement and
passage as a whole (required fields, answers that are labels, text that occurs in the
passage) and returns the frozen ParsedSet, adding a Problem for everything wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz.highlight import find_phrase, reader_text
from quiz.questionset.parsed import (
    DEFAULT_LABELS,
    ParsedPassage,
    ParsedSet,
    ParsedStatement,
    Problem,
)
from quiz.questionset.suggest import did_you_mean
from quiz.rendering import render_markdown

_QUOTE_PAIRS = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019"}
# The longest title, heading and label the database keeps.
TITLE_LENGTH, HEADING_LENGTH, LABEL_LENGTH = 300, 300, 100


@dataclass
class Field:
    text: str
    line: int

    def add(self, continuation: str, new_paragraph: bool) -> None:
        separator = "\n\n" if new_paragraph else "\n"
        self.text = f"{self.text}{separator}{continuation}"


@dataclass
class StatementDraft:
    text: str
    line: int
    fields: dict[str, Field] = field(default_factory=dict)
    current: str | None = None  # the field that indented lines continue
    current_indent: int = 0


@dataclass
class PassageDraft:
    heading: str
    line: int
    quote: list[str] = field(default_factory=list)
    statements: list[StatementDraft] = field(default_factory=list)


@dataclass
class Draft:
    front_matter: dict[str, tuple[str, int]] = field(default_factory=dict)
    title_line: tuple[str, int] | None = None
    intro: list[str] = field(default_factory=list)
    passages: list[PassageDraft] = field(default_factory=list)


def finish(draft: Draft, problems: list[Problem]) -> ParsedSet | None:
    """Check the whole draft, appending to `problems`; the set, or None if it has any."""
    title = _title(draft, problems)
    labels = _labels(draft, problems)
    if not draft.passages:
        problems.append(Problem(1, "no passages: start each passage with a '## Heading' line, "
                                   "followed by its block quote and numbered statements"))
    numbers = iter(range(1, 1 + sum(len(p.statements) for p in draft.passages)))
    passages = tuple(_passage(p, labels, numbers, problems) for p in draft.passages)
    if problems:
        return None
    intro = "\n".join(draft.intro).strip("\n")
    return ParsedSet(title=title, labels=labels, intro_md=intro, passages=passages)


def _title(draft: Draft, problems: list[Problem]) -> str:
    front = draft.front_matter.get("title")
    if front and draft.title_line:
        problems.append(Problem(draft.title_line[1], "the title is already set in the front "
                                f"matter (line {front[1]}); keep one of the two"))
    text, line = front or draft.title_line or ("", 1)
    if not (front or draft.title_line):
        problems.append(Problem(1, "no title: add 'title: ...' to the front matter or start "
                                   "the file with a '# Title' heading"))
    elif not text.strip():
        problems.append(Problem(line, "the title is empty"))
    elif len(text.strip()) > TITLE_LENGTH:
        problems.append(Problem(line, f"the title is longer than {TITLE_LENGTH} characters"))
    return text.strip()


def _labels(draft: Draft, problems: list[Problem]) -> tuple[str, ...]:
    if "labels" not in draft.front_matter:
        return DEFAULT_LABELS
    value, line = draft.front_matter["labels"]
    labels: list[str] = []
    for label in (part.strip() for part in value.split(",")):
        if not label:
            problems.append(Problem(line, "a label is empty: separate labels with single commas"))
        elif len(label) > LABEL_LENGTH:
            problems.append(Problem(line, f"a label is longer than {LABEL_LENGTH} characters"))
        elif label.lower() in (known.lower() for known in labels):
            problems.append(Problem(line, f"label '{label}' is listed twice"))
        else:
            labels.append(label)
    if not 2 <= len(labels) <= 6:
        problems.append(Problem(line, f"give 2 to 6 labels, not {len(labels)}"))
    return tuple(labels)


def _passage(draft: PassageDraft, labels: tuple[str, ...], numbers, problems) -> ParsedPassage:
    name = f"passage '{draft.heading}'" if draft.heading else "passage"
    if not draft.heading:
        problems.append(Problem(draft.line, "the passage heading is empty: write a short name "
                                            "after '## '"))
    elif len(draft.heading) > HEADING_LENGTH:
        problems.append(Problem(draft.line, f"the passage heading is longer than "
                                            f"{HEADING_LENGTH} characters"))
    text_md = "\n".join(draft.quote).strip("\n")
    if not text_md.strip():
        problems.append(Problem(draft.line, f"{name} has no block quote: put the passage text "
                                            "on '> ' lines under the heading"))
    if not draft.statements:
        problems.append(Problem(draft.line, f"{name} has no statements: add numbered "
                                            "statements ('1. ...') under the block quote"))
    reader = reader_text(render_markdown(text_md)) if text_md.strip() else None
    statements = tuple(
        _statement(s, next(numbers), labels, reader, problems) for s in draft.statements
    )
    return ParsedPassage(heading=draft.heading, text_md=text_md, statements=statements,
                         line=draft.line)


def _statement(draft: StatementDraft, number: int, labels: tuple[str, ...], reader: str | None,
               problems: list[Problem]) -> ParsedStatement:
    text = _unquote(draft.text.strip())
    if not text:
        problems.append(Problem(draft.line, f"statement {number} has no text"))
    elif reader is not None and find_phrase(reader, text) is None:
        problems.append(Problem(draft.line, f"statement {number} does not occur in the passage: "
                                "check it for typos (case, spaces and quote styles do not "
                                "matter; '...' skips any text)"))
    for key in ("answer", "why"):
        if key not in draft.fields:
            problems.append(Problem(draft.line, f"statement {number} has no '{key}'"))
    for key, value in draft.fields.items():
        if not value.text.strip():
            problems.append(Problem(value.line, f"'{key}' is empty"))
    answers = _answers(draft.fields.get("answer"), labels, problems)
    cues = _cues(draft.fields.get("cues"), reader, problems)
    why = draft.fields["why"].text.strip() if "why" in draft.fields else ""
    return ParsedStatement(number=number, text=text, answers=answers, why_md=why, cues=cues,
                     line=draft.line)


def _answers(value: Field | None, labels: tuple[str, ...], problems) -> tuple[str, ...]:
    if value is None:
        return ()
    by_lower = {label.lower(): label for label in labels}
    answers: list[str] = []
    for answer in (part.strip() for part in value.text.split(",") if part.strip()):
        label = by_lower.get(answer.lower())
        if label is None:
            problems.append(Problem(value.line, f"'{answer}' is not a label "
                                    f"({', '.join(labels)}){did_you_mean(answer, labels)}"))
        elif label not in answers:
            answers.append(label)
    return tuple(answers)


def _cues(value: Field | None, reader: str | None, problems) -> tuple[str, ...]:
    if value is None:
        return ()
    cues = tuple(" ".join(part.split()) for part in value.text.split(",") if part.strip())
    for cue in cues:
        if reader is not None and find_phrase(reader, cue) is None:
            problems.append(Problem(value.line, f"cue '{cue}' does not occur in the passage"))
    return cues


def _unquote(text: str) -> str:
    """Drop one pair of surrounding quotes, straight or curly."""
    if len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    if len(text) >= 2 and text[0] in "\"\u201c\u201d" and text[-1] in "\"\u201c\u201d":
        return text[1:-1].strip()
    return text
