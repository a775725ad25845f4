"""The due date, the moment it passes: from that second on, no attempt at the assignment
starts and no answer is accepted, and with "answers shown after the due date" the key shows.
Pure: no database, no Flask.

One definition, so "a second before" and "a second after" mean the same thing to starting,
answering and the key: the due date itself is already past.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Due(Protocol):
    due_at: datetime | None


def past_due(assignment: Due | None, now: datetime) -> bool:
    """Has the assignment's due date come (open practice has none)?"""
    return assignment is not None and assignment.due_at is not None and now >= assignment.due_at
