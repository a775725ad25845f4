"""A question set as a file describes it: frozen values that `parse()` builds. Pure.

These are the *parsed* shapes (ParsedSet, ParsedPassage, ParsedStatement); the *stored*
ones, with ids and rendered HTML, are the models in `quiz/models/question_sets.py`.
`quiz.importing` turns the first into the second; `quiz.questionset.writer` turns them
back into Markdown.

Line numbers say where a value came from, not what it is, so they take no part in
comparing two sets: a set written out and parsed again equals the original.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz.problems import Problem, problem_lines

DEFAULT_LABELS = ("fact", "speculation", "opinion")


@dataclass(frozen=True)
class ParsedStatement:
    """One numbered statement of a passage, with its answer key."""

    number: int  # 1, 2, ... in file order across the whole set (the file's own numbers are ignored)
    text: str  # as written, surrounding quotes removed
    answers: tuple[str, ...]  # accepted labels, spelled as in ParsedSet.labels
    why_md: str
    cues: tuple[str, ...]
    # (label spelled as in ParsedSet.labels, Markdown) for each `- not LABEL:` field, in
    # file order: the teacher's own "why it is not LABEL" (an extension).
    why_not: tuple[tuple[str, str], ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ParsedPassage:
    """A `## Heading`, its block quote (Markdown) and its statements."""

    heading: str
    text_md: str
    statements: tuple[ParsedStatement, ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ParsedSet:
    title: str
    labels: tuple[str, ...]
    intro_md: str
    passages: tuple[ParsedPassage, ...]
    # (chosen, answer, template) for each front-matter line `not CHOSEN but ANSWER: ...`, in
    # file order: the set's own wording of the generated "why not" (quiz/feedback.py).
    why_not_table: tuple[tuple[str, str, str], ...] = ()

    @property
    def statements(self) -> tuple[ParsedStatement, ...]:
        return tuple(s for p in self.passages for s in p.statements)

    def label_counts(self) -> dict[str, int]:
        """How many statements have each label as their first accepted answer."""
        counts = dict.fromkeys(self.labels, 0)
        for statement in self.statements:
            counts[statement.answers[0]] += 1
        return counts

    def summary(self) -> str:
        """One line a teacher reads after a check: title, passages, statements per label."""
        counts = ", ".join(f"{label} {n}" for label, n in self.label_counts().items())
        return (f'"{self.title}": {len(self.passages)} passages, '
                f"{len(self.statements)} statements ({counts})")


class QuestionSetError(Exception):
    """Every problem found in one file; the file as a whole is rejected."""

    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = tuple(sorted(problems, key=lambda p: p.line))
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """The problems as `FILE:LINE: message`, in line order."""
        return problem_lines(self.filename, self.problems)


__all__ = ["DEFAULT_LABELS", "ParsedPassage", "ParsedSet", "ParsedStatement", "Problem",
           "QuestionSetError"]
