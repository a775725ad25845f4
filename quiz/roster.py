"""Reading a class list (roster) CSV: name, student id, email. Pure; every error at once.

Headers are matched loosely ("Student ID", "student_id", "SIS User ID" all work), because
teachers export rosters from many systems.

Canvas's own gradebook export (Grades → Export) is a class list too, recognised by its first
columns (`Student, ID, SIS User ID, SIS Login ID`, then `Section` and the assignments). Its
ids are kept as Canvas names them (ID, SIS User ID, SIS Login ID, Section), so the grades
export can hand every one back and each row matches when the file goes back into Canvas.
Its rows that are not students are left out: the "Points Possible" row, the rows of notes
about the assignments ("Muted", "Manual Posting": no name and no id), and Canvas's Test
Student, which is said, since a teacher may wonder where it went. Canvas writes names as
"Last, First" (its sortable name); they are stored as "First Last", the way students write
their own name when they join, and matched both ways (quiz/roster_matching.py).
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
# A Canvas gradebook export: its "ID" is Canvas's own user id, not the school's.
_CANVAS_HEADERS = {
    "name": ("student",),
    "canvas_id": ("id",),
    "student_number": ("sis user id",),
    "sis_login_id": ("sis login id",),
    "section": ("section",),
}
_CANVAS_FIRST_COLUMNS = ["student", "id"]
_CANVAS_ALSO = {"sis user id", "sis login id"}
# A SIS Login ID that is an email address is the student's email too (Moodle matches on it);
# many schools' logins are user names instead.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# What Canvas calls its preview student, as its sortable name and as its name.
_TEST_STUDENT = {"student, test", "test student"}


@dataclass(frozen=True)
class RosterEntry:
    name: str
    student_number: str | None
    email: str | None
    line: int
    # From a Canvas gradebook export only (its ID, SIS Login ID and Section).
    canvas_id: str | None = None
    sis_login_id: str | None = None
    section: str | None = None
    # The name as the file wrote it, where that differs ("Lovelace, Ada" for "Ada Lovelace").
    listed_as: str | None = None


# What an entry tells of a student besides the name; the database keeps each (Student).
ROSTER_IDS = ("student_number", "email", "canvas_id", "sis_login_id", "section")


@dataclass(frozen=True)
class Roster:
    """A class list read: its students, and the rows left out that a teacher is told of."""

    entries: list[RosterEntry]
    left_out: tuple[Problem, ...] = ()
    from_canvas: bool = False


class RosterError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"line {p.line}: {p.message}" for p in problems))


def name_key(name: str) -> str:
    """A name folded for matching: case, invisible characters and runs of white space do not
    matter (quiz/names.py)."""
    return folded_name(name)


def _fold(header: list[str]) -> list[str]:
    return [re.sub(r"[\s_]+", " ", h.strip().casefold()) for h in header]


def is_canvas_gradebook(header: list[str]) -> bool:
    """Whether a header row is that of Canvas's gradebook export."""
    folded = _fold(header)
    return folded[:2] == _CANVAS_FIRST_COLUMNS and _CANVAS_ALSO <= set(folded)


def _columns(header: list[str], headers: dict[str, tuple[str, ...]]) -> dict[str, int | None]:
    """Which column holds each field; the header folded once, not once per field."""
    folded = _fold(header)
    return {field: next((i for i, h in enumerate(folded) if h in names), None)
            for field, names in headers.items()}


def first_last(sortable: str) -> str:
    """Canvas's "Last, First" as "First Last"; a name with no comma, or several, as it is."""
    last, comma, first = sortable.partition(",")
    if not comma or "," in first or not first.strip() or not last.strip():
        return sortable
    return f"{first.strip()} {last.strip()}"


# The longest value of each column the database keeps.
_LIMITS = {"name": 100, "student_number": 64, "email": 254, "canvas_id": 64,
           "sis_login_id": 254, "section": 200}
_LABELS = {"name": "name", "student_number": "student id", "email": "email"}
_CANVAS_LABELS = {"name": "name", "student_number": "SIS User ID", "canvas_id": "ID",
                  "sis_login_id": "SIS Login ID", "section": "section"}


# Canvas's Points Possible row, a row of notes (Muted, Manual Posting) and its Test Student:
# a class list of the most students allowed, exported from Canvas, still fits.
_CANVAS_SPARE_ROWS = 3


def _canvas_extra(row: list[str]) -> bool:
    """Whether a row of Canvas's export looks like one of its rows that are not students."""
    first = (row[0] if row else "").strip().casefold()
    return first in ("", "points possible") or name_key(first) in _TEST_STUDENT


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
    students = spare = 0
    try:
        for row in reader:
            if not rows:  # the header: Canvas's rows that are not students do not count
                spare = _CANVAS_SPARE_ROWS if is_canvas_gradebook(row) else 0
            elif not any(cell.strip() for cell in row):
                pass
            elif spare and _canvas_extra(row):
                spare -= 1
            else:
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


def _not_a_student(values: dict[str, str | None]) -> str | None:
    """Why a row of Canvas's export is left out ("" when it goes unsaid), or None."""
    if (values["name"] or "").casefold() == "points possible":
        return ""
    if not any(values[field] for field in ("name", "canvas_id", "student_number",
                                           "sis_login_id")):
        return ""  # a row of notes on the assignments: "Muted", "Manual Posting"
    if name_key(values["name"] or "") in _TEST_STUDENT:
        return ("Canvas's Test Student (the course's student view) is not in the class: "
                "left out")
    return None


def _cell(row: list[str], index: int | None) -> str | None:
    value = row[index].strip() if index is not None and index < len(row) else ""
    return " ".join(value.split()) or None


def _entry(values: dict[str, str | None], line: int, written: str | None,
           canvas: bool) -> RosterEntry:
    if not canvas:
        return RosterEntry(values["name"] or "", values["student_number"], values["email"], line)
    login = values["sis_login_id"]
    listed_as = clean_name(written or "")
    return RosterEntry(values["name"] or "", values["student_number"],
                       login if login and _EMAIL.fullmatch(login) else None, line,
                       canvas_id=values["canvas_id"], sis_login_id=login,
                       section=values["section"],
                       listed_as=listed_as if listed_as != values["name"] else None)


def parse_roster(text: str) -> list[RosterEntry]:
    """Entries of a roster CSV with a header row; raise RosterError listing every problem."""
    return read_roster(text).entries


def read_roster(text: str) -> Roster:
    """A roster CSV with a header row, read; raise RosterError listing every problem.

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
    canvas = is_canvas_gradebook(rows[0])
    columns = _columns(rows[0], _CANVAS_HEADERS if canvas else _HEADERS)
    labels = _CANVAS_LABELS if canvas else _LABELS
    if columns["name"] is None:
        raise RosterError([Problem(1, "no 'name' column: the first line names the columns "
                                      "(name, student id, email)")])
    entries, problems, left_out, seen, canvas_ids = [], [], [], {}, {}
    looks = {}  # look-alike key -> (name, line): names that differ but look the same
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        values = {field: _cell(row, index) for field, index in columns.items()}
        written = values["name"]
        if canvas:
            reason = _not_a_student(values)
            if reason is not None:
                left_out.extend([Problem(line, reason)] if reason else [])
                continue
            values["name"] = first_last(written) if written else None
        name = values["name"] = clean_name(values["name"] or "") or None
        too_long = [field for field, value in values.items() if len(value or "") > _LIMITS[field]]
        canvas_id = values.get("canvas_id")
        if name is None:
            problems.append(Problem(line, "the name is empty"))
        elif too_long:
            problems.extend(Problem(line, f"the {labels[field]} is longer than "
                                          f"{_LIMITS[field]} characters") for field in too_long)
        elif name_key(name) in seen:
            problems.append(Problem(line, f"'{name}' is listed twice (first on line "
                                          f"{seen[name_key(name)]})"))
        elif (twin := looks.get(look_alike_key(name))) is not None:
            spelt = spelt_with(name, twin[0])
            problems.append(Problem(line, f"'{name}' looks the same as '{twin[0]}' on line "
                                          f"{twin[1]}{', but is written with ' if spelt else ''}"
                                          f"{spelt}: change one of them so they can be told "
                                          "apart"))
        elif canvas_id is not None and canvas_id in canvas_ids:
            problems.append(Problem(line, f"the ID {canvas_id} is listed twice (first on line "
                                          f"{canvas_ids[canvas_id]}): export the gradebook "
                                          "from Canvas again"))
        else:
            seen[name_key(name)] = line
            looks[look_alike_key(name)] = (name, line)
            if canvas_id is not None:
                canvas_ids[canvas_id] = line
            entries.append(_entry(values, line, written, canvas))
    if past_the_limit is not None:
        problems.append(past_the_limit)
    if problems:
        raise RosterError(problems)
    return Roster(entries, tuple(left_out), canvas)
