"""The parsed form of a question set: frozen values, and the errors a file can have.

Nothing here knows about Flask or the database; `parse()` builds these and the importer
stores them.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LABELS = ("fact", "speculation", "opinion")


@dataclass(frozen=True)
class Statement:
    """One numbered statement of a passage, with its answer key."""

    number: int  # 1, 2, ... in file order across the whole set (the file's own numbers are ignored)
    text: str  # as written, surrounding quotes removed
    answers: tuple[str, ...]  # accepted labels, spelled as in QuestionSet.labels
    why_md: str
    cues: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Passage:
    """A `## Heading`, its block quote (Markdown) and its statements."""

    heading: str
    text_md: str
    statements: tuple[Statement, ...]
    line: int


@dataclass(frozen=True)
class QuestionSet:
    title: str
    labels: tuple[str, ...]
    intro_md: str
    passages: tuple[Passage, ...]

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(s for p in self.passages for s in p.statements)

    def label_counts(self) -> dict[str, int]:
        """How many statements have each label as their first accepted answer."""
        counts = dict.fromkeys(self.labels, 0)
        for statement in self.statements:
            counts[statement.answers[0]] += 1
        return counts


@dataclass(frozen=True)
class Problem:
    """One mistake in a file, at the line a teacher should look at."""

    line: int
    message: str


class QuestionSetError(Exception):
    """Every problem found in one file; the file as a whole is rejected."""

    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = tuple(sorted(problems, key=lambda p: p.line))
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """The problems as `FILE:LINE: message`, in line order."""
        return [f"{self.filename}:{p.line}: {p.message}" for p in self.problems]
