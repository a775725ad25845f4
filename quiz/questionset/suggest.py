"""Near-miss hints: the teacher meant one of a few known words."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest known word, or '' when none is close."""
    matches = difflib.get_close_matches(word.lower(), [k.lower() for k in known], n=1, cutoff=0.6)
    if not matches:
        return ""
    original = {k.lower(): k for k in known}[matches[0]]
    return f"; did you mean '{original}'?"
