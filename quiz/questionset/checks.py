"""What a file means once its lines are read: drafts, and the checks that freeze them.

The parser fills the mutable drafts line by line; `finish()` checks each statement and
passage as a whole (required fields, answers that are labels, text that occurs in the
passage) and returns the frozen ParsedSet, adding a Problem for everything wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz import limits
from quiz.highlight import MarkedHTML
from quiz.questionset.lines import nesting
from quiz.questionset.parsed import (
    DEFAULT_LABELS,
    ParsedPassage,
    ParsedSet,
    ParsedStatement,
    Problem,
)
from quiz.questionset.suggest import PassageSays, not_a_label
from quiz.questionset.why_not import Wording, why_not_fields, wording_table
from quiz.rendering import render_markdown

_QUOTE_PAIRS = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019"}
# The longest title, heading and label the database keeps.
TITLE_LENGTH, HEADING_LENGTH, LABEL_LENGTH = 300, 300, 100


@dataclass
class Field:
    first: str
    line: int
    more: list[str] = field(default_factory=list)  # joined once: adding is not quadratic
    label: str = ""  # of a `- not LABEL:` field, as written

    def add(self, continuation: str, new_paragraph: bool) -> None:
        self.more += ["\n\n" if new_paragraph else "\n", continuation]

    @property
    def text(self) -> str:
        return self.first + "".join(self.more)


@dataclass
class StatementDraft:
    first: str
    line: int
    fields: dict[str, Field] = field(default_factory=dict)
    current: str | None = None  # the field that indented lines continue
    current_indent: int = 0
    wrapped: list[str] = field(default_factory=list)  # its second and later lines

    @property
    def text(self) -> str:
        return " ".join([self.first, *self.wrapped])


@dataclass
class PassageDraft:
    heading: str
    line: int
    quote: list[str] = field(default_factory=list)
    statements: list[StatementDraft] = field(default_factory=list)
    renderable: bool = True  # False once its Markdown is over a limit: never rendered


@dataclass
class Draft:
    front_matter: dict[str, tuple[str, int]] = field(default_factory=dict)
    wordings: list[Wording] = field(default_factory=list)  # `not X but Y:` lines
    title_line: tuple[str, int] | None = None
    intro: list[str] = field(default_factory=list)
    intro_line: int = 0  # the first line with text
    passages: list[PassageDraft] = field(default_factory=list)
    renderable: bool = True  # False once the set's Markdown is over a limit


class MarkdownLines:
    """The limits on lines of Markdown that keep rendering it fast (quiz/limits.py): nesting
    on each line, lines in a paragraph, and '[' in the whole set. The parser feeds it each
    line of the introduction, of a passage's quote and of an explanation as it reads it."""

    def __init__(self) -> None:
        self.brackets = 0
        # The text the last line belonged to, its number, and the lines of its paragraph.
        self.last: tuple[object, int, int] = (None, 0, 0)

    def over(self, number: int, text: str, owner: object) -> list[str]:
        """The limits this line passes, as messages; each is reported where it is passed."""
        last_owner, last_number, lines = self.last
        lines = lines + 1 if owner is last_owner and number == last_number + 1 else 1
        self.last = (owner, number, lines if text.strip() else 0)
        over = []
        if lines == limits.MAX_PARAGRAPH_LINES + 1 and text.strip():
            over.append(f"more than {limits.MAX_PARAGRAPH_LINES} lines with no blank line "
                        "between them, the most a paragraph, list or quote may have: add a "
                        "blank line")
        if nesting(text, limits.MAX_NESTING) > limits.MAX_NESTING:
            over.append(f"lists and quotes are nested more than {limits.MAX_NESTING} deep on "
                        "this line, the most Markdown may nest")
        before, self.brackets = self.brackets, self.brackets + text.count("[")
        if before <= limits.MAX_BRACKETS < self.brackets:
            over.append(f"more than {limits.MAX_BRACKETS} '[' in the Markdown of the set, the "
                        "most it may have (a link has one)")
        return over


def listed(problems: list[Problem]) -> list[Problem]:
    """The first MAX_PROBLEMS problems in line order, and one more line counting the rest."""
    if len(problems) <= limits.MAX_PROBLEMS:
        return problems
    ordered = sorted(problems, key=lambda p: p.line)
    rest = ordered[limits.MAX_PROBLEMS:]
    return ordered[:limits.MAX_PROBLEMS] + [Problem(
        rest[0].line, f"{len(rest)} more problems from this line on are not listed (at most "
        f"{limits.MAX_PROBLEMS} are): fix these and check again")]


def finish(draft: Draft, problems: list[Problem]) -> ParsedSet | None:
    """Check the whole draft, appending to `problems`; the set, or None if it has any."""
    title = _title(draft, problems)
    labels = _labels(draft, problems)
    table = wording_table(draft.wordings, labels, problems)
    if not draft.passages:
        problems.append(Problem(1, "no passages: start each passage with a '## Heading' line, "
                                   "followed by its block quote and numbered statements"))
    numbers = iter(range(1, 1 + sum(len(p.statements) for p in draft.passages)))
    passages = tuple(_passage(p, labels, numbers, problems, draft.renderable)
                     for p in draft.passages)
    intro = "\n".join(draft.intro).strip("\n")
    if len(intro) > limits.MAX_INTRO_CHARACTERS:
        problems.append(Problem(draft.intro_line, f"the introduction is longer than "
                                f"{limits.MAX_INTRO_CHARACTERS:,} characters, the most it may "
                                "have"))
    if problems:
        return None
    return ParsedSet(title=title, labels=labels, intro_md=intro, passages=passages,
                     why_not_table=table)


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
    seen: set[str] = set()  # a set: a hostile line of 5,000 labels is not 12 million tests
    for label in (part.strip() for part in value.split(",")):
        if not label:
            problems.append(Problem(line, "a label is empty: separate labels with single commas"))
        elif len(label) > LABEL_LENGTH:
            problems.append(Problem(line, f"a label is longer than {LABEL_LENGTH} characters"))
        elif label.lower() in seen:
            problems.append(Problem(line, f"label '{label}' is listed twice"))
        else:
            labels.append(label)
            seen.add(label.lower())
    if not 2 <= len(labels) <= 6:
        problems.append(Problem(line, f"give 2 to 6 labels, not {len(labels)}"))
    return tuple(labels)


def _passage(draft: PassageDraft, labels: tuple[str, ...], numbers, problems,
             renderable: bool) -> ParsedPassage:
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
    if len(text_md) > limits.MAX_PASSAGE_CHARACTERS:
        problems.append(Problem(draft.line, f"{name} is longer than "
                                f"{limits.MAX_PASSAGE_CHARACTERS:,} characters, the most a "
                                "passage may have: split it into two"))
        renderable = False
    # Rendered and read once, whatever the number of statements and cues searched in it.
    html = render_markdown(text_md) \
        if renderable and draft.renderable and text_md.strip() else None
    rendered = MarkedHTML(html) if html is not None else None
    says = PassageSays(html) if html is not None else None
    statements = tuple(
        _statement(s, next(numbers), labels, rendered, problems, says) for s in draft.statements
    )
    return ParsedPassage(heading=draft.heading, text_md=text_md, statements=statements,
                         line=draft.line)


def _statement(draft: StatementDraft, number: int, labels: tuple[str, ...],
               passage: MarkedHTML | None, problems: list[Problem],
               says: PassageSays | None) -> ParsedStatement:
    text = _unquote(draft.text.strip())
    if not text:
        problems.append(Problem(draft.line, f"statement {number} has no text"))
    elif len(text) > limits.MAX_STATEMENT_CHARACTERS:
        problems.append(Problem(draft.line, f"statement {number} is longer than "
                                f"{limits.MAX_STATEMENT_CHARACTERS:,} characters, the most a "
                                "statement may have"))
    elif passage is not None and passage.find(text) is None:
        problems.append(Problem(draft.line, f"statement {number} does not occur in the passage: "
                                "check it for typos (case, spaces and quote styles do not "
                                "matter; '...' skips any text)"
                                + (says.hint(text, len(problems)) if says else "")))
    for key in ("answer", "why"):
        if key not in draft.fields:
            problems.append(Problem(draft.line, f"statement {number} has no '{key}'"))
    for key, value in draft.fields.items():
        if not value.text.strip():
            problems.append(Problem(value.line, f"'{key}' is empty"))
    answers = _answers(draft.fields.get("answer"), labels, problems)
    cues = _cues(draft.fields.get("cues"), passage, problems)
    why = draft.fields["why"].text.strip() if "why" in draft.fields else ""
    if len(why) > limits.MAX_WHY_CHARACTERS:
        problems.append(Problem(draft.fields["why"].line, f"'why' is longer than "
                                f"{limits.MAX_WHY_CHARACTERS:,} characters, the most an "
                                "explanation may have"))
    why_not = why_not_fields(draft.fields, labels, answers, problems)
    return ParsedStatement(number=number, text=text, answers=answers, why_md=why, cues=cues,
                           why_not=why_not, line=draft.line)


def _answers(value: Field | None, labels: tuple[str, ...], problems) -> tuple[str, ...]:
    # Over 6 labels is already an error; naming thousands of labels in the message of
    # every answer would make the page as long as labels × answers.
    if value is None or len(labels) > 6:
        return ()
    by_lower = {label.lower(): label for label in labels}
    answers: list[str] = []
    for answer in (part.strip() for part in value.text.split(",") if part.strip()):
        label = by_lower.get(answer.lower())
        if label is None:
            problems.append(Problem(value.line, not_a_label(answer, labels, len(problems))))
        elif label not in answers:
            answers.append(label)
    return tuple(answers)


def _cues(value: Field | None, passage: MarkedHTML | None, problems) -> tuple[str, ...]:
    if value is None:
        return ()
    cues = tuple(" ".join(part.split()) for part in value.text.split(",") if part.strip())
    if len(cues) > limits.MAX_CUES:
        problems.append(Problem(value.line, f"more than {limits.MAX_CUES} cues, the most a "
                                            "statement may have"))
        return cues
    for cue in cues:
        if len(cue) > limits.MAX_CUE_CHARACTERS:
            problems.append(Problem(value.line, f"cue '{cue[:40]}…' is longer than "
                                    f"{limits.MAX_CUE_CHARACTERS} characters, the most a cue "
                                    "may have"))
            continue
        if passage is None:
            continue
        places = len(passage.find_all(cue, limit=limits.MAX_CUE_PLACES + 1))
        if not places:
            problems.append(Problem(value.line, f"cue '{cue}' does not occur in the passage"))
        elif places > limits.MAX_CUE_PLACES:
            problems.append(Problem(value.line, f"cue '{cue}' occurs in more than "
                                    f"{limits.MAX_CUE_PLACES} places in the passage, the most "
                                    "a cue may: choose words that point at this statement"))
    return cues


def _unquote(text: str) -> str:
    """Drop one pair of surrounding quotes, straight or curly."""
    if len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    if len(text) >= 2 and text[0] in "\"\u201c\u201d" and text[-1] in "\"\u201c\u201d":
        return text[1:-1].strip()
    return text
