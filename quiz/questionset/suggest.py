"""Near-miss hints: the teacher meant one of a few known words."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from quiz import limits

# "Did you mean" compares a wrong answer with each label, in time that grows with the
# product of their lengths (5 ms for six of 100 characters): a typo of a label is short, and
# only the problems that are listed (quiz/limits.py MAX_PROBLEMS) get one.
HINTED_LENGTH = 40


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest known word, or '' when none is close."""
    matches = difflib.get_close_matches(word.lower(), [k.lower() for k in known], n=1, cutoff=0.6)
    if not matches:
        return ""
    original = {k.lower(): k for k in known}[matches[0]]
    return f"; did you mean '{original}'?"


def not_a_label(word: str, labels: tuple[str, ...], problems_so_far: int) -> str:
    """The problem with a word that should be a label (an answer, a `not` field's, a wording
    line's): the labels, and the nearest one while problems are still listed."""
    hint = did_you_mean(word, labels) \
        if len(word) <= HINTED_LENGTH and problems_so_far < limits.MAX_PROBLEMS else ""
    return f"'{word}' is not a label ({', '.join(labels)}){hint}"
