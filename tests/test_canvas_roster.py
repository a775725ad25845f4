"""Canvas's gradebook export as a class list: read with its ids, and added on the class page."""

from __future__ import annotations

import io

import pytest
from pages import page_text
from samples import CANVAS_GRADEBOOK
from sqlalchemy import select

from quiz import limits
from quiz.db import get_session
from quiz.models import Student
from quiz.problems import Problem
from quiz.roster import RosterEntry, RosterError, first_last, parse_roster, read_roster

HEADER = "Student,ID,SIS User ID,SIS Login ID,Section,Bridge closure (40113)\n"
POINTS = "    Points Possible,,,,,4.00\n"
TEST_STUDENT = ("Canvas's Test Student (the course's student view) is not in the class: "
                "left out")


def canvas_text() -> str:
    return CANVAS_GRADEBOOK.read_text(encoding="utf-8-sig")


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(RosterError) as raised:
        parse_roster(text)
    return [(p.line, p.message) for p in raised.value.problems]


def test_the_export_is_read_with_canvas_ids_and_first_last_names():
    roster = read_roster(canvas_text())
    assert roster.from_canvas
    assert roster.entries == [
        RosterEntry("Ada Lovelace", "00417", "ada.lovelace@school.example", 3,
                    canvas_id="1870021", sis_login_id="ada.lovelace@school.example",
                    section="Year 9 English - Set 1", listed_as="Lovelace, Ada"),
        RosterEntry("Gabriel García Márquez", "00981", None, 4, canvas_id="1870022",
                    sis_login_id="ggarciamarquez", section="Year 9 English - Set 1",
                    listed_as="García Márquez, Gabriel"),
        RosterEntry("Ben Okri", "S-2203", "ben.okri@school.example", 5, canvas_id="1870023",
                    sis_login_id="ben.okri@school.example", section="Year 9 English - Set 2",
                    listed_as="Okri, Ben"),
        RosterEntry("Éabha Ní Bhraonáin", "0000123", "eabha.nibhraonain@school.example", 6,
                    canvas_id="1870024", sis_login_id="eabha.nibhraonain@school.example",
                    section="Year 9 English - Set 2", listed_as="Ní Bhraonáin, Éabha"),
        RosterEntry("Zoë", None, "zoe@school.example", 7, canvas_id="1870025",
                    sis_login_id="zoe@school.example", section="Year 9 English - Set 2"),
    ]
    assert roster.left_out == (Problem(8, TEST_STUDENT),)


@pytest.mark.parametrize(("sortable", "name"), [
    ("Lovelace, Ada", "Ada Lovelace"),
    ("García Márquez,  Gabriel", "Gabriel García Márquez"),
    ("Zoë", "Zoë"),  # one name: Canvas writes it as it is
    ("Smith, Jr., John", "Smith, Jr., John"),  # more than one comma: which is the surname?
    ("Lovelace,", "Lovelace,"),
])
def test_last_first_becomes_first_last(sortable, name):
    assert first_last(sortable) == name


@pytest.mark.parametrize("notes", [
    "",
    ",,,,,Muted\n",
    ",,,,,Manual Posting\n",
    "Points Possible,,,,,4\n",  # a second one, as a spreadsheet saved it
])
def test_rows_that_are_not_students_are_left_out_unsaid(notes):
    roster = read_roster(HEADER + POINTS + notes + '"Lovelace, Ada",1,s-1,ada,7B,3\n')
    assert [entry.name for entry in roster.entries] == ["Ada Lovelace"]
    assert roster.left_out == ()


@pytest.mark.parametrize("test_student", ['"Student, Test"', "Test Student", '"student,  TEST"'])
def test_the_test_student_is_left_out_and_said(test_student):
    roster = read_roster(HEADER + POINTS + f"{test_student},99,,,7B,\n" + "Ada,1,,,7B,\n")
    assert [entry.name for entry in roster.entries] == ["Ada"]
    assert roster.left_out == (Problem(3, TEST_STUDENT),)


def test_a_class_list_with_student_and_id_columns_is_not_taken_for_canvas():
    # No SIS columns: a school's own list, whose ID is the school's student id.
    roster = read_roster("Student,ID\nAda Lovelace,s-042\n")
    assert not roster.from_canvas
    assert roster.entries == [RosterEntry("Ada Lovelace", "s-042", None, 2)]


def test_every_problem_of_an_export_is_reported_with_its_line():
    text = HEADER + POINTS + "".join([
        '"Lovelace, Ada",1,00417,ada,7B,3\n',  # 3
        ",2,s-2,ben,7B,\n",  # 4: an id but no name
        '"Okri, Ben",1,s-3,ben,7B,\n',  # 5: Ada's ID
        '"Park, Cleo",3,' + "9" * 65 + ",cleo,7B,\n",  # 6
        '"Hale, Finn",4,s-4,' + "f" * 255 + "," + "S" * 201 + ",\n",  # 7
        '"LOVELACE, ADA",5,s-5,ada2,7B,\n',  # 8
        '"Patel, Dev",' + "1" * 65 + ",s-6,dev,7B,\n",  # 9
    ])
    assert problems(text) == [
        (4, "the name is empty"),
        (5, "the ID 1 is listed twice (first on line 3): export the gradebook from Canvas "
            "again"),
        (6, "the SIS User ID is longer than 64 characters"),
        (7, "the SIS Login ID is longer than 254 characters"),
        (7, "the section is longer than 200 characters"),
        (8, "'ADA LOVELACE' is listed twice (first on line 3)"),
        (9, "the ID is longer than 64 characters"),
    ]


def test_an_export_of_the_most_students_allowed_fits_with_canvas_own_rows():
    students = "".join(f"Student {n},{n},s{n},l{n},7B,\n" for n in range(limits.MAX_ROSTER_ROWS))
    text = HEADER + POINTS + ",,,,,Muted\n" + students + '"Student, Test",0,,,7B,\n'
    assert len(read_roster(text).entries) == limits.MAX_ROSTER_ROWS
    assert problems(text + "One more,x,,,7B,\n") == [
        (limits.MAX_ROSTER_ROWS + 5, "more than 1,000 students, the most a class list may have")]


# -- through the class page ----------------------------------------------------------------

def upload(client, classroom_id: int, text: str, filename: str = "gradebook.csv"):
    return client.post(f"/teacher/classes/{classroom_id}/roster",
                       data={"roster": (io.BytesIO(text.encode()), filename)},
                       content_type="multipart/form-data", follow_redirects=True)


def members(app, classroom_id: int) -> dict[str, tuple[str | None, ...]]:
    """Each student's name and their (ID, SIS User ID, SIS Login ID, section, email)."""
    with app.app_context():
        return {s.name: (s.canvas_id, s.student_number, s.sis_login_id, s.section, s.email)
                for s in get_session().scalars(select(Student).where(
                    Student.classroom_id == classroom_id))}


def test_the_export_uploaded_keeps_canvas_ids_and_says_what_it_left_out(app, client,
                                                                        classrooms):
    info = classrooms.create()
    response = upload(client, info.id, canvas_text())
    assert ("Class list read: 5 students, 5 new. Students on the list now join with their own "
            f"card: print the cards from Students. gradebook.csv:8: {TEST_STUDENT}."
            ) in page_text(response)
    assert members(app, info.id) == {
        "Ada Lovelace": ("1870021", "00417", "ada.lovelace@school.example",
                         "Year 9 English - Set 1", "ada.lovelace@school.example"),
        "Gabriel García Márquez": ("1870022", "00981", "ggarciamarquez",
                                   "Year 9 English - Set 1", None),
        "Ben Okri": ("1870023", "S-2203", "ben.okri@school.example", "Year 9 English - Set 2",
                     "ben.okri@school.example"),
        "Éabha Ní Bhraonáin": ("1870024", "0000123", "eabha.nibhraonain@school.example",
                               "Year 9 English - Set 2", "eabha.nibhraonain@school.example"),
        "Zoë": ("1870025", None, "zoe@school.example", "Year 9 English - Set 2",
                "zoe@school.example"),
    }


def test_a_problem_of_the_export_is_shown_as_file_and_line_and_nothing_is_added(
        app, client, classrooms):
    info = classrooms.create()
    text = canvas_text().replace('"Okri, Ben",1870023', '"Okri, Ben",1870021')
    response = upload(client, info.id, text)
    assert response.status_code == 400
    assert ("gradebook.csv:5: the ID 1870021 is listed twice (first on line 3): export the "
            "gradebook from Canvas again") in page_text(response)
    assert members(app, info.id) == {}


def test_students_who_joined_are_matched_by_name_or_student_id_and_get_their_ids(
        app, client, classrooms, pupils):
    info = classrooms.create()
    assert pupils().join(info.code, "Ada Lovelace").status_code == 302
    assert pupils().join(info.code, "Gabo", student_number="00981").status_code == 302
    response = upload(client, info.id, canvas_text())
    assert "Class list read: 5 students, 3 new." in page_text(response)
    found = members(app, info.id)
    assert found["Ada Lovelace"][:4] == ("1870021", "00417", "ada.lovelace@school.example",
                                         "Year 9 English - Set 1")
    # Matched by the SIS User ID the student typed; the name they joined with stays.
    assert found["Gabo"][:4] == ("1870022", "00981", "ggarciamarquez", "Year 9 English - Set 1")
    assert "Gabriel García Márquez" not in found


def test_the_export_again_matches_by_canvas_id_after_a_name_or_section_changed(
        app, client, classrooms):
    info = classrooms.create()
    upload(client, info.id, canvas_text())
    again = (canvas_text().replace("Okri, Ben", "Okri, Benjamin")
             .replace("ada.lovelace@school.example,Year 9 English - Set 1",
                      "ada.lovelace@school.example,Year 9 English - Set 3"))
    response = upload(client, info.id, again)
    assert "Class list read: 5 students, 0 new." in page_text(response)
    found = members(app, info.id)
    assert "Benjamin Okri" not in found and found["Ben Okri"][0] == "1870023"
    assert found["Ada Lovelace"][3] == "Year 9 English - Set 3"


def test_names_stored_as_canvas_wrote_them_are_still_found(app, client, classrooms):
    # A list read before Canvas's exports were recognised kept "Lovelace, Ada" as the name.
    info = classrooms.create()
    upload(client, info.id, 'name\n"Lovelace, Ada"\n', "old.csv")
    response = upload(client, info.id, canvas_text())
    assert "Class list read: 5 students, 4 new." in page_text(response)
    found = members(app, info.id)
    assert found["Lovelace, Ada"][0] == "1870021" and "Ada Lovelace" not in found
