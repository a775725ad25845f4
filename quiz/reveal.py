"""When a student sees the key and explanations: after each passage, at the end, or after
the due date (the assignment's `reveal`). Pure: no database, no Flask.

Open practice (no assignment) shows the key at the end.
"""

from __future__ import annotations

from datetime import datetime

from quiz.deadlines import past_due
from quiz.models import Attempt


def after_each_passage(attempt: Attempt) -> bool:
    """Is each passage's key shown as soon as it is saved (and its answers then final)?"""
    return attempt.assignment is not None and attempt.assignment.reveal == "passage"


def key_visible(attempt: Attempt, now: datetime) -> bool:
    """May the student see answers and explanations of this (submitted) attempt now?"""
    if attempt.submitted_at is None:
        return False
    assignment = attempt.assignment
    if assignment is not None and assignment.reveal == "due" and assignment.due_at is not None:
        return past_due(assignment, now)
    return True
