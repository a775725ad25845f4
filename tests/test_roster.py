"""Reading a class list CSV: the columns found, the entries read, every problem a teacher sees."""

from __future__ import annotations

import pytest

from quiz.roster import RosterEntry, RosterError, name_key, parse_roster

NO_NAME_COLUMN = "no 'name' column: the first line names the columns (name, student id, email)"


def problems(text: str) -> list[tuple[int, str]]:
    """(line, message) of every problem, as the teacher reads them."""
    with pytest.raises(RosterError) as raised:
        parse_roster(text)
    return [(p.line, p.message) for p in raised.value.problems]


@pytest.mark.parametrize("header", [
    "Name", "name", "NAME", "Student", "Student Name", "Full Name", "full_name", " Full  Name ",
])
def test_name_headers(header):
    assert parse_roster(f"{header}\nAda Lovelace\n") == [
        RosterEntry("Ada Lovelace", None, None, 2)]


@pytest.mark.parametrize("header", [
    "Student ID", "student_id", "STUDENT_ID", "SIS User ID", "sis_user_id", "ID",
    "Student Number", "Number",
])
def test_student_id_headers(header):
    [entry] = parse_roster(f"Name,{header}\nAda Lovelace,s-042\n")
    assert entry.student_number == "s-042"


@pytest.mark.parametrize("header", ["Email", "E-mail", "e-mail", "Email Address", "SIS Login ID"])
def test_email_headers(header):
    [entry] = parse_roster(f"Name,{header}\nAda Lovelace,ada@school.example\n")
    assert entry.email == "ada@school.example"


def test_columns_in_any_order_and_extra_columns_ignored():
    text = ("Section,E-mail,Notes,SIS User ID,Full Name\n"
            "7B,ada@school.example,likes maths,s-1,Ada Lovelace\n"
            "7B,ben@school.example,,s-2,Ben Okri\n")
    assert parse_roster(text) == [
        RosterEntry("Ada Lovelace", "s-1", "ada@school.example", 2),
        RosterEntry("Ben Okri", "s-2", "ben@school.example", 3),
    ]


def test_optional_columns_and_cells_may_be_missing():
    assert parse_roster("Name\nAda Lovelace\n") == [RosterEntry("Ada Lovelace", None, None, 2)]
    text = "Name,Student ID,Email\nAda Lovelace\nBen Okri,,\nCleo Park,  ,cleo@school.example\n"
    assert parse_roster(text) == [
        RosterEntry("Ada Lovelace", None, None, 2),  # a short row
        RosterEntry("Ben Okri", None, None, 3),  # empty cells
        RosterEntry("Cleo Park", None, "cleo@school.example", 4),  # a blank cell
    ]


def test_a_byte_order_mark_does_no_harm():
    text = "\ufeffName,Email\r\nAda Lovelace,ada@school.example\r\n"
    assert parse_roster(text) == [RosterEntry("Ada Lovelace", None, "ada@school.example", 2)]


def test_quoted_cells_may_hold_commas():
    text = 'Name,Student ID,Email\n"Okri, Ben","7,001",ben@school.example\n'
    assert parse_roster(text) == [RosterEntry("Okri, Ben", "7,001", "ben@school.example", 2)]


def test_blank_lines_are_skipped_and_lines_keep_their_numbers():
    text = "Name\n\nAda Lovelace\n  \n,  ,\n\nBen Okri\n\n"
    assert parse_roster(text) == [RosterEntry("Ada Lovelace", None, None, 3),
                                  RosterEntry("Ben Okri", None, None, 7)]


def test_white_space_is_squashed():
    text = "Name,Student ID,Email\n  Ada \t  Lovelace  , s 42 , ada@school.example \n"
    assert parse_roster(text) == [RosterEntry("Ada Lovelace", "s 42", "ada@school.example", 2)]


def test_every_problem_is_reported_at_once_with_its_line():
    text = "\n".join([
        "Name,Student ID,Email",
        "Ada Lovelace,s-1,ada@school.example",  # 2
        ",s-2,nobody@school.example",  # 3
        "x" * 101 + ",s-3,",  # 4
        "Ben Okri," + "9" * 65 + ",",  # 5
        "Cleo Park,s-4," + "c" * 243 + "@school.example",  # 6: 258 characters
        "  ada   LOVELACE ,s-5,",  # 7
        "y" * 101 + ",s-6," + "e" * 255,  # 8: both too long
        "Dev Patel,s-7,",  # 9
        "ADA LOVELACE,,",  # 10
    ])
    assert problems(text) == [
        (3, "the name is empty"),
        (4, "the name is longer than 100 characters"),
        (5, "the student id is longer than 64 characters"),
        (6, "the email is longer than 254 characters"),
        (7, "'ada LOVELACE' is listed twice (first on line 2)"),
        (8, "the name is longer than 100 characters"),
        (8, "the email is longer than 254 characters"),
        (10, "'ADA LOVELACE' is listed twice (first on line 2)"),
    ]


def test_the_error_message_lists_every_line():
    with pytest.raises(RosterError) as raised:
        parse_roster("Name\n\nAda Lovelace\n,x\nada lovelace\n")
    assert str(raised.value) == ("line 4: the name is empty; "
                                 "line 5: 'ada lovelace' is listed twice (first on line 3)")


def test_the_longest_values_allowed():
    name, number, email = "n" * 100, "9" * 64, "e" * 239 + "@school.example"
    assert len(email) == 254
    text = f"Name,Student ID,Email\n{name},{number},{email}\n"
    assert parse_roster(text) == [RosterEntry(name, number, email, 2)]


def test_the_limit_counts_the_squashed_name():
    padded = "  " + "a " * 50 + "  "  # 104 characters as typed, 99 once squashed
    [entry] = parse_roster(f"Name\n{padded}\n")
    assert len(entry.name) == 99


def test_an_empty_file():
    assert problems("") == [
        (1, "the file is empty: the first line names the columns (name, student id, email)")]


@pytest.mark.parametrize("text", [
    "Student ID,Email\ns-1,ada@school.example\n",
    "First Name,Last Name\nAda,Lovelace\n",
    "Ada Lovelace\n",  # a list without a header row
])
def test_no_name_column(text):
    assert problems(text) == [(1, NO_NAME_COLUMN)]


def test_a_nul_character_is_reported_at_its_line():
    text = "Name,Email\nAda Lovelace,ada@school.example\nBen\x00Okri,\nCleo Park,\n"
    assert problems(text) == [
        (3, "this line contains a NUL character: save the class list as CSV text")]


def test_a_line_that_cannot_be_read_as_csv():
    [(line, message)] = problems("Name\nAda Lovelace\nBen\rOkri\n")
    assert line == 3
    assert message.startswith("this line cannot be read as CSV (new-line character seen in "
                              "unquoted field")


def test_a_cell_over_the_csv_field_size_limit():
    [(line, message)] = problems("Name\nAda Lovelace\n" + "x" * 200_000 + "\n")
    assert line == 3
    assert message.startswith("this line cannot be read as CSV (field larger than field limit")


# Today's behaviour, which a teacher may find surprising (see the report on issue 7):

def test_blank_lines_before_the_header_hide_it():
    assert problems("\n\nName\nAda Lovelace\n") == [(1, NO_NAME_COLUMN)]
    assert problems("\n\n") == [(1, NO_NAME_COLUMN)]  # not "the file is empty"


def test_a_line_with_a_too_long_cell_is_not_checked_for_a_duplicate_name():
    text = "Name,Student ID\nAda Lovelace," + "9" * 65 + "\nada lovelace,s-2\n"
    assert problems(text) == [(2, "the student id is longer than 64 characters")]


def test_after_a_quoted_line_break_lines_are_counted_as_csv_records():
    # "Okri,\nBen" spans lines 2 and 3 of the file; Cleo is on file line 4, reported as 3.
    text = 'Name\n"Okri,\nBen"\nCleo Park\nCleo Park\n'
    assert problems(text) == [(4, "'Cleo Park' is listed twice (first on line 3)")]


@pytest.mark.parametrize(("name", "key"), [
    ("Ada Lovelace", "ada lovelace"),
    ("  ADA \t LOVELACE\n", "ada lovelace"),
    ("Ada\u00a0Lovelace", "ada lovelace"),  # a no-break space, as pasted from a web page
    ("Jürgen Straße", "jürgen strasse"),  # casefold, not lower
    ("", ""),
])
def test_name_key(name, key):
    assert name_key(name) == key
