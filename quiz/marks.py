"""A teacher's mark in place of an attempt's score, and their comment on it. No Flask here;
the view commits.

The score stays what the answers earned; the mark (`Attempt.mark`) is what the results, the
grades and the student see. The schema holds the same rules (override_in_range,
override_has_reason, override_when_submitted); these functions say them in words first.
"""

from __future__ import annotations

from sqlalchemy.orm import object_session

from quiz.attempts import mark_changed
from quiz.models import Attempt


def _changed(attempt: Attempt) -> None:
    # The counted mark may be another now: a grade sent to an LMS follows it (quiz/lti).
    mark_changed.send(attempt, session=object_session(attempt))


def override_refusal(attempt: Attempt, mark: int) -> str | None:
    """Why the attempt cannot have this mark, or None if it can."""
    if attempt.submitted_at is None:
        return "This attempt is not submitted yet, so it has no mark to change."
    if not 0 <= mark <= attempt.max_score:
        return f"Type the new mark as a whole number from 0 to {attempt.max_score}."
    return None


def override(attempt: Attempt, mark: int, reason: str) -> str | None:
    """Give the attempt the teacher's mark and reason; None if done, else why not."""
    refusal = override_refusal(attempt, mark)
    if refusal is None:
        attempt.override_score, attempt.override_reason = mark, reason
        _changed(attempt)
    return refusal


def remove_override(attempt: Attempt) -> bool:
    """Go back to the score the answers earned; False if there was no override."""
    had = attempt.override_score is not None
    attempt.override_score = attempt.override_reason = None
    if had:
        _changed(attempt)
    return had


def set_comment(attempt: Attempt, text: str | None) -> None:
    """The teacher's note on the attempt, as plain text; empty removes it."""
    attempt.comment = text or None
