"""`parse()`: a question-set file (the contract in docs/question-format.md) to a ParsedSet.

The parse is pure and collects every problem before giving up, so a teacher fixes a file in
one pass. Lines are classified by `lines.classify`; each kind of line has a small handler;
each statement and passage is checked when it ends, in `checks.py`.
"""

from __future__ import annotations

import re
from os import PathLike

from quiz import limits
from quiz.questionset.checks import (
    Draft,
    Field,
    MarkdownLines,
    PassageDraft,
    StatementDraft,
    finish,
    listed,
)
from quiz.questionset.lines import FIELDS, WHY_NOT_FIELD, Line, classify, line_at, split_lines
from quiz.questionset.parsed import ParsedSet, Problem, QuestionSetError
from quiz.questionset.suggest import did_you_mean
from quiz.questionset.why_not import NO_LABEL, WORDING_KEY, WORDING_LINE, Wording

FRONT_MATTER_KEYS = ("title", "labels")
_FRONT_MATTER_LINE = re.compile(r"^(?P<key>[A-Za-z][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)\s*$")


def parse_file(path: str | PathLike[str]) -> ParsedSet:
    """Parse a file, read as UTF-8 with or without a byte-order mark."""
    with open(path, encoding="utf-8-sig") as handle:
        return parse(handle.read(), str(path))


def parse(text: str, filename: str = "<text>") -> ParsedSet:
    """Parse a whole file; raise QuestionSetError with every problem found.

    The limits of quiz/limits.py are checked first (the file's length before anything
    else), so no Markdown over them is ever rendered and no phrase searched in it.
    """
    text = text.removeprefix("\ufeff")
    lines = split_lines(text)
    if len(lines) > limits.MAX_SET_LINES:
        raise QuestionSetError(filename, [Problem(
            limits.MAX_SET_LINES + 1, f"the file has more than {limits.MAX_SET_LINES:,} lines, "
            "the most a question set may have: split it into smaller sets")])
    if len(text) > limits.MAX_SET_CHARACTERS:
        raise QuestionSetError(filename, [Problem(
            line_at(text, limits.MAX_SET_CHARACTERS),
            f"the file is longer than {limits.MAX_SET_CHARACTERS:,} characters, the most a "
            "question set may have: split it into smaller sets")])
    parser = _Parser(lines)
    parser.run()
    question_set = finish(parser.draft, parser.problems)
    if parser.problems:
        raise QuestionSetError(filename, listed(parser.problems))
    assert question_set is not None
    return question_set


class _Parser:
    def __init__(self, raw_lines: list[str]) -> None:
        self.raw_lines = raw_lines
        self.draft = Draft()
        self.problems: list[Problem] = []
        self.blank_pending = False
        self.statements = 0
        self.markdown_lines = MarkdownLines()

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def hint(self, word: str, known: tuple[str, ...]) -> str:
        """"Did you mean", for the problems that are listed (quiz/limits.py MAX_PROBLEMS)."""
        return did_you_mean(word, known) if len(self.problems) < limits.MAX_PROBLEMS else ""

    def run(self) -> None:
        start = self.front_matter()
        handlers = {
            "blank": self.on_blank,
            "passage": self.on_passage,
            "title": self.on_title,
            "quote": self.on_quote,
            "statement": self.on_statement,
            "statement_no_space": self.on_statement_no_space,
            "why_not": self.on_why_not,
            "field": self.on_field,
            "unindented_field": self.on_unindented_field,
            "field_no_dash": self.on_field_no_dash,
            "indented": self.on_indented,
            "text": self.on_text,
        }
        for number, raw in enumerate(self.raw_lines[start:], start=start + 1):
            if "\x00" in raw:
                self.error(number, "this line contains a NUL character: is this a text file?")
                raw = raw.replace("\x00", "")
            line = classify(raw, number)
            handlers[line.kind](line)
            if line.kind != "blank":
                self.blank_pending = False

    # -- front matter -------------------------------------------------------------------

    def front_matter(self) -> int:
        """Read `key: value` lines between `---` lines; return the index the body starts at."""
        if not self.raw_lines or self.raw_lines[0].strip() != "---":
            return 0
        closing = next((i for i, raw in enumerate(self.raw_lines) if i and raw.strip() == "---"),
                       None)
        if closing is None:
            self.error(1, "front matter is not closed with a '---' line")
        seen: dict[str, int] = {}
        for index, raw in enumerate(self.raw_lines[1:closing], start=1):
            match = _FRONT_MATTER_LINE.match(raw)
            if not raw.strip():
                continue
            if wording := WORDING_LINE.match(raw):  # checked once the labels are known
                self.draft.wordings.append(Wording(wording["pair"], wording["value"], index + 1))
                continue
            if match is None:
                if closing is None:
                    return index  # the body starts where the key: value lines stop
                self.error(index + 1, "front-matter lines are 'key: value'")
                continue
            self.front_matter_entry(match["key"].lower(), match["value"], index + 1, seen)
        return len(self.raw_lines) if closing is None else closing + 1

    def front_matter_entry(self, key: str, value: str, number: int, seen: dict[str, int]) -> None:
        if key not in FRONT_MATTER_KEYS:
            self.error(number, f"unknown front-matter key '{key}'"
                       f"{self.hint(key, FRONT_MATTER_KEYS)} "
                       f"(known keys: {', '.join(FRONT_MATTER_KEYS)}, {WORDING_KEY})")
        elif key in seen:
            self.error(number, f"'{key}' is given twice (first on line {seen[key]})")
        else:
            seen[key] = number
            self.draft.front_matter[key] = (value, number)

    # -- the body -----------------------------------------------------------------------

    @property
    def passage(self) -> PassageDraft | None:
        return self.draft.passages[-1] if self.draft.passages else None

    @property
    def statement(self) -> StatementDraft | None:
        passage = self.passage
        return passage.statements[-1] if passage and passage.statements else None

    def intro(self, line: Line) -> None:
        """A line before the first passage: the introduction's Markdown."""
        if not self.draft.intro_line and line.raw.strip():
            self.draft.intro_line = line.number
        self.draft.intro.append(line.raw)
        self.markdown(line.number, line.raw, self.draft)

    def markdown(self, number: int, text: str, owner: Draft | PassageDraft | Field) -> None:
        """Check a line of Markdown (introduction, passage, explanation) against the limits
        that keep rendering it fast; Markdown over them is never rendered."""
        over = self.markdown_lines.over(number, text, owner)
        for message in over:
            self.error(number, message)
        if over and isinstance(owner, PassageDraft):
            owner.renderable = False
        self.draft.renderable = self.markdown_lines.brackets <= limits.MAX_BRACKETS

    def on_blank(self, line: Line) -> None:
        self.blank_pending = True
        if self.passage is None:
            self.draft.intro.append("")
            self.markdown(line.number, "", self.draft)

    def on_passage(self, line: Line) -> None:
        if len(self.draft.passages) == limits.MAX_PASSAGES:
            self.error(line.number, f"more than {limits.MAX_PASSAGES} passages, the most a "
                       "question set may have: split it into two sets")
        self.draft.passages.append(PassageDraft(heading=line.text, line=line.number))

    def on_title(self, line: Line) -> None:
        if self.passage is None and self.draft.title_line is None and not any(self.draft.intro):
            self.draft.title_line = (line.text, line.number)
        elif self.passage is None:
            self.error(line.number, "a '# ' heading is only allowed once, as the title at the "
                       "top of the file; use '## ' to start a passage")
        else:
            self.error(line.number, "unexpected '# ' heading inside a passage; use '## ' to "
                       "start a new passage")

    def on_quote(self, line: Line) -> None:
        passage = self.passage
        if passage is None:
            self.intro(line)
        elif passage.statements:
            self.error(line.number, "block quote after the statements: a passage's quote "
                       "('> ' lines) comes before its numbered statements")
        else:
            if self.blank_pending and passage.quote:
                passage.quote.append("")  # a blank line between '>' runs: a new paragraph
            passage.quote.append(line.text)
            self.markdown(line.number, line.text, passage)

    def on_statement(self, line: Line) -> None:
        passage = self.passage
        if passage is None:
            self.intro(line)
            return
        self.statements += 1
        if self.statements == limits.MAX_STATEMENTS + 1:
            self.error(line.number, f"more than {limits.MAX_STATEMENTS} statements, the most a "
                       "question set may have: split it into two sets")
        if len(passage.statements) == limits.MAX_STATEMENTS_PER_PASSAGE:
            name = f"passage '{passage.heading}'" if passage.heading else "this passage"
            self.error(line.number, f"{name} has more than {limits.MAX_STATEMENTS_PER_PASSAGE} "
                       "statements, the most a passage may have: split it into two")
        passage.statements.append(StatementDraft(first=line.text, line=line.number))

    def on_statement_no_space(self, line: Line) -> None:
        if self.passage is None:
            self.intro(line)
            return
        self.error(line.number, f"missing space after '{line.text}'")
        self.on_statement(Line(line.number, "statement", line.key, line.raw))

    def on_field(self, line: Line) -> None:
        statement = self.statement
        if self.passage is None:
            if line.key in FIELDS:
                self.error(line.number, f"'{line.key}' field before the first '## ' passage "
                           "heading: statements belong to a passage")
            self.intro(line)
            return
        if statement is None:
            self.error(line.number, f"'{line.key}' field outside a statement: put it under a "
                       "numbered statement ('1. ...')")
            return
        if line.key not in FIELDS and line.kind != "why_not":
            hint = NO_LABEL if line.key == "not" else self.hint(line.key, FIELDS)
            self.error(line.number, f"unknown field '{line.key}'{hint} (fields: "
                       f"{', '.join([*FIELDS, WHY_NOT_FIELD])})")
            statement.current = None
            return
        if line.key in statement.fields:
            first = statement.fields[line.key].line
            self.error(line.number, f"field '{line.key}' is given twice (first on line {first})")
            statement.current = None
            return
        statement.fields[line.key] = Field(line.text, line.number, label=line.label)
        statement.current = line.key
        statement.current_indent = line.indent
        if line.key == "why" or line.label:
            self.markdown(line.number, line.text, statement.fields[line.key])

    def on_why_not(self, line: Line) -> None:
        """A `- not LABEL:` field; but indented under a field's dash it continues that field,
        as the original contract reads it (its key holds a space, so it was no field)."""
        statement = self.statement
        if statement is not None and statement.current and line.indent > statement.current_indent:
            self.on_indented(Line(line.number, "indented", line.raw.strip(), line.raw,
                                  indent=line.indent))
        else:
            self.on_field(line)

    def on_unindented_field(self, line: Line) -> None:
        if self.passage is None:
            self.intro(line)
        elif line.key in FIELDS:
            self.error(line.number, f"indent '- {line.key}:' under its statement "
                       "(for example 3 spaces)")
        else:
            self.on_text(line)

    def on_field_no_dash(self, line: Line) -> None:
        if self.passage is None:
            self.intro(line)
        else:
            self.error(line.number, f"missing '- ' before '{line.key}:'")

    def on_indented(self, line: Line) -> None:
        statement = self.statement
        if self.passage is None:
            self.intro(line)
        elif statement is not None and statement.current and line.indent > statement.current_indent:
            # A blank line inside a value is a paragraph break in its Markdown.
            value = statement.fields[statement.current]
            value.add(line.text, self.blank_pending)
            if statement.current == "why" or value.label:
                self.markdown(line.number, line.text, value)
        elif statement is not None and not statement.fields and not self.blank_pending:
            statement.wrapped.append(line.text)  # a statement wrapped onto a second line
        else:
            self.on_text(line)

    def on_text(self, line: Line) -> None:
        if self.passage is None:
            self.intro(line)
            return
        self.error(line.number, "unexpected text in a passage: a passage holds its block "
                   "quote ('> ' lines), then numbered statements with indented "
                   "'- answer:', '- why:' and '- cues:' fields")
