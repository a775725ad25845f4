"""Which student already in a class each entry of a class list is. Pure: no Flask, no queries.

An entry is matched by the ids a school system gives (Canvas's ID first, then the school's
student id, SIS User ID in Canvas), then by name: a class list exported again after a
student's name was corrected in Canvas still finds them, and so does one whose names Canvas
writes "Last, First" after students joined as "First Last". An id never takes a student whom
another entry of the same list names: the name is the surer sign there, and matching both
entries to one student would leave the other without a place. Each student is matched once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from quiz.roster import RosterEntry, name_key


class Member(Protocol):
    """What matching reads of a student (quiz.models.Student has it)."""

    name_key: str
    canvas_id: str | None
    student_number: str | None


M = TypeVar("M", bound=Member)


def _keys(entry: RosterEntry) -> tuple[str, ...]:
    """The entry's name, folded, then its name as the file wrote it."""
    return (name_key(entry.name), *([name_key(entry.listed_as)] if entry.listed_as else []))


def match_members(members: Sequence[M], entries: Sequence[RosterEntry]) -> list[M | None]:
    """For each entry, in order, the member it is, or None for a student not yet in the class."""
    by_canvas_id = {m.canvas_id: m for m in members if m.canvas_id}
    by_number: dict[str, M] = {}
    for member in members:
        if member.student_number:
            by_number.setdefault(member.student_number, member)
    by_name = {m.name_key: m for m in members}
    named = set().union(*(_keys(entry) for entry in entries))
    taken: set[int] = set()  # id() of members matched so far
    found: list[M | None] = []
    for entry in entries:
        keys = _keys(entry)
        by_id = (by_canvas_id.get(entry.canvas_id or ""),
                 by_number.get(entry.student_number or ""))
        by_names = (by_name.get(key) for key in keys)
        member = next((m for m in by_id if m is not None and id(m) not in taken
                       and (m.name_key in keys or m.name_key not in named)), None)
        if member is None:
            member = next((m for m in by_names if m is not None and id(m) not in taken), None)
        if member is not None:
            taken.add(id(member))
        found.append(member)
    return found
