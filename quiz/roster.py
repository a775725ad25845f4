"""Reading a class list (roster) CSV: name, student id, email. Pure; every error at once.

Headers are matched loosely ("Student ID", "student_id", "SIS User ID" all work), because
teachers export rosters from many systems.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from quiz.problems import Problem

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


# The longest value of each column the database keeps.
_LIMITS = {"name": 100, "student_number": 64, "email": 254}
_LABELS = {"name": "name", "student_number": "student id", "email": "email"}


def _read_rows(text: str) -> list[list[str]]:
    if "\x00" in text:  # the csv module reads NUL as text; no database stores it
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise RosterError([Problem(line, "this line contains a NUL character: save the class "
                                         "list as CSV text")])
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as error:  # a NUL byte, a cell over csv's field size limit
        raise RosterError([Problem(reader.line_num or 1, f"this line cannot be read as CSV "
                                                         f"({error})")]) from None
    return rows


def parse_roster(text: str) -> list[RosterEntry]:
    """Entries of a roster CSV with a header row; raise RosterError listing every problem."""
    rows = _read_rows(text)
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
        too_long = [field for field, limit in _LIMITS.items()
                    if len(cell(row, field) or "") > limit]
        if name is None:
            problems.append(Problem(line, "the name is empty"))
        elif too_long:
            problems.extend(Problem(line, f"the {_LABELS[field]} is longer than "
                                          f"{_LIMITS[field]} characters") for field in too_long)
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
