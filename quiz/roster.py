"""Reading a class list (roster) CSV: name, student id, email. Pure; every error at once.

Headers are matched loosely ("Student ID", "student_id", "SIS User ID" all work), because
teachers export rosters from many systems.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from quiz.questionset.model import Problem

_HEADERS = {
    "name": ("name", "student", "student name", "full name"),
    "student_number": ("student id", "id", "sis user id", "student number", "number"),
    "email": ("email", "e-mail", "email address", "sis login id"),
}


@dataclass(frozen=True)
class RosterEntry:
    name: str
    student_number: str | None
    email: str | None
    line: int


class RosterError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"line {p.line}: {p.message}" for p in problems))


def name_key(name: str) -> str:
    """A name folded for matching: case and runs of white space do not matter."""
    return " ".join(name.split()).casefold()


def _column(header: list[str], field: str) -> int | None:
    folded = [re.sub(r"[\s_]+", " ", h.strip().casefold()) for h in header]
    return next((i for i, h in enumerate(folded) if h in _HEADERS[field]), None)


def parse_roster(text: str) -> list[RosterEntry]:
    """Entries of a roster CSV with a header row; raise RosterError listing every problem."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    if not rows:
        raise RosterError([Problem(1, "the file is empty: the first line names the columns "
                                      "(name, student id, email)")])
    columns = {field: _column(rows[0], field) for field in _HEADERS}
    if columns["name"] is None:
        raise RosterError([Problem(1, "no 'name' column: the first line names the columns "
                                      "(name, student id, email)")])
    entries, problems, seen = [], [], {}

    def cell(row: list[str], field: str) -> str | None:
        index = columns[field]
        value = row[index].strip() if index is not None and index < len(row) else ""
        return " ".join(value.split()) or None

    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        name = cell(row, "name")
        if name is None:
            problems.append(Problem(line, "the name is empty"))
        elif len(name) > 100:
            problems.append(Problem(line, "the name is longer than 100 characters"))
        elif name_key(name) in seen:
            problems.append(Problem(line, f"'{name}' is listed twice (first on line "
                                          f"{seen[name_key(name)]})"))
        else:
            seen[name_key(name)] = line
            entries.append(RosterEntry(name, cell(row, "student_number"), cell(row, "email"),
                                       line))
    if problems:
        raise RosterError(problems)
    return entries
