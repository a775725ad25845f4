"""Reading a class list (roster) CSV: name, student id, email. Pure; every error at once.

Headers are matched loosely ("Student ID", "student_id", "SIS User ID" all work), because
teachers export rosters from many systems.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from quiz import limits
from quiz.names import clean_name, look_alike_key, spelt_with
from quiz.names import name_key as folded_name
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
    """A name folded for matching: case, invisible characters and runs of white space do not
    matter (quiz/names.py)."""
    return folded_name(name)


def _columns(header: list[str]) -> dict[str, int | None]:
    """Which column holds each field; the header folded once, not once per field."""
    folded = [re.sub(r"[\s_]+", " ", h.strip().casefold()) for h in header]
    return {field: next((i for i, h in enumerate(folded) if h in names), None)
            for field, names in _HEADERS.items()}


# The longest value of each column the database keeps.
_LIMITS = {"name": 100, "student_number": 64, "email": 254}
_LABELS = {"name": "name", "student_number": "student id", "email": "email"}


def _read_rows(text: str) -> tuple[list[list[str]], Problem | None]:
    """The rows, up to the row limit; and the problem of the first row past it, if any.

    Reading stops there: rows past the limit are neither kept nor checked.
    """
    if "\x00" in text:  # the csv module reads NUL as text; no database stores it
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise RosterError([Problem(line, "this line contains a NUL character: save the class "
                                         "list as CSV text")])
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    rows: list[list[str]] = []
    students = 0
    try:
        for row in reader:
            if rows and any(cell.strip() for cell in row):
                students += 1
                if students > limits.MAX_ROSTER_ROWS:
                    return rows, Problem(len(rows) + 1, f"more than "
                                         f"{limits.MAX_ROSTER_ROWS:,} students, the most a "
                                         "class list may have")
            rows.append(row)
    except csv.Error as error:  # a NUL byte, a cell over csv's field size limit
        raise RosterError([Problem(reader.line_num or 1, f"this line cannot be read as CSV "
                                                         f"({error})")]) from None
    return rows, None


def parse_roster(text: str) -> list[RosterEntry]:
    """Entries of a roster CSV with a header row; raise RosterError listing every problem.

    The limits of quiz/limits.py come first: a header of too many columns is the only
    problem, and rows past the row limit are not read (their problem follows the others).
    """
    rows, past_the_limit = _read_rows(text)
    if not rows:
        raise RosterError([Problem(1, "the file is empty: the first line names the columns "
                                      "(name, student id, email)")])
    if len(rows[0]) > limits.MAX_ROSTER_COLUMNS:
        raise RosterError([Problem(1, f"the first line has more than "
                                      f"{limits.MAX_ROSTER_COLUMNS} columns, the most a class "
                                      "list may have")])
    columns = _columns(rows[0])
    if columns["name"] is None:
        raise RosterError([Problem(1, "no 'name' column: the first line names the columns "
                                      "(name, student id, email)")])
    entries, problems, seen = [], [], {}
    looks = {}  # look-alike key -> (name, line): names that differ but look the same

    def cell(row: list[str], field: str) -> str | None:
        index = columns[field]
        value = row[index].strip() if index is not None and index < len(row) else ""
        return " ".join(value.split()) or None

    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        name = clean_name(cell(row, "name") or "") or None
        too_long = [field for field, limit in _LIMITS.items()
                    if len((name if field == "name" else cell(row, field)) or "") > limit]
        if name is None:
            problems.append(Problem(line, "the name is empty"))
        elif too_long:
            problems.extend(Problem(line, f"the {_LABELS[field]} is longer than "
                                          f"{_LIMITS[field]} characters") for field in too_long)
        elif name_key(name) in seen:
            problems.append(Problem(line, f"'{name}' is listed twice (first on line "
                                          f"{seen[name_key(name)]})"))
        elif (twin := looks.get(look_alike_key(name))) is not None:
            written = spelt_with(name, twin[0])
            problems.append(Problem(line, f"'{name}' looks the same as '{twin[0]}' on line "
                                          f"{twin[1]}{', but is written with ' if written else ''}"
                                          f"{written}: change one of them so they can be told "
                                          "apart"))
        else:
            seen[name_key(name)] = line
            looks[look_alike_key(name)] = (name, line)
            entries.append(RosterEntry(name, cell(row, "student_number"), cell(row, "email"),
                                       line))
    if past_the_limit is not None:
        problems.append(past_the_limit)
    if problems:
        raise RosterError(problems)
    return entries
