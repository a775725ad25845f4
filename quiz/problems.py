"""A mistake at a line of a file a teacher sent: a question set or a class list. Pure.

Both checks collect every problem before giving up, so a teacher fixes a file in one pass,
and both report them the same way: `FILE:LINE: message`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One mistake in a file, at the line a teacher should look at."""

    line: int
    message: str


def problem_lines(filename: str, problems: list[Problem] | tuple[Problem, ...]) -> list[str]:
    """The problems as `FILE:LINE: message`, in line order."""
    return [f"{filename}:{p.line}: {p.message}" for p in sorted(problems, key=lambda p: p.line)]
