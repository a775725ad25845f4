"""Gradebook downloads: grades in Canvas's and Moodle's layouts, every answer, safe cells,
streaming."""

from __future__ import annotations

import csv
import gc
import io
import tracemalloc
from datetime import UTC, date, datetime, timedelta

import pytest
from pages import csv_rows
from samples import CANVAS_GRADEBOOK, CLASS_SET, CLASS_SET_KEY, CLASS_SET_TITLE
from sqlalchemy import insert, select

from quiz.csv_writer import BOM
from quiz.db import get_session
from quiz.models import Assignment, Attempt, QuestionSet, Student
from quiz.roster import name_key

GRADES_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
ROSTER = b"name,student id,email\nAda Lovelace,S-1,ada@school.example\nBen Okri,S-2,\n" \
    b"Cleo Park,,\nFinn Hale,S-4,finn@school.example\n"


def iran_passages(iran_drones) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(s.number for s in p.statements) for p in iran_drones.passages)


@pytest.fixture
def gradebook(client, classrooms, pupils, class_set, iran_drones):
    """Year 9 English: the bridge set and the Iran set assigned, four students on the list.

    Ada: bridge 2 then 3 of 4 (best counts: 3), Iran all right. Ben: bridge 4 of 4.
    Cleo: bridge half done. Finn: on the list, never joined.
    """
    info = classrooms.create("Year 9 English")
    client.post(f"/teacher/classes/{info.id}/roster",
                data={"roster": (io.BytesIO(ROSTER), "roster.csv")})
    bridge = classrooms.assign(info.id, class_set)
    iran = classrooms.assign(info.id, "iran-drones", counting="latest")
    ada, ben, cleo = pupils(), pupils(), pupils()
    for pupil, name in ((ada, "Ada Lovelace"), (ben, "Ben Okri"), (cleo, "Cleo Park")):
        assert pupil.join_card(classrooms.card_code(info.id, name)).status_code == 302
    ada.take(info.id, bridge, {**CLASS_SET_KEY, 3: "fact", 4: "fact"})
    ada.take(info.id, bridge, {**CLASS_SET_KEY, 4: "fact"})
    iran_key = {s.number: s.answers[0] for s in iran_drones.statements}
    ada.take(info.id, iran, iran_key, iran_passages(iran_drones))
    ben.take(info.id, bridge, CLASS_SET_KEY)
    cleo.answer(cleo.begin(info.id, bridge), 1, {1: "opinion", 2: "speculation"})
    return info, len(iran_drones.statements), iran_drones.title


def test_grades_csv_in_canvas_layout(client, gradebook):
    info, iran_points, iran_title = gradebook
    response = client.get(f"/teacher/classes/{info.id}/grades.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="year-9-english-grades-{date.today().isoformat()}.csv"'
    assert response.get_data().startswith(b"\xef\xbb\xbf")
    assert csv_rows(response) == [
        [*GRADES_HEADER, CLASS_SET_TITLE, iran_title],
        ["Points Possible", "", "", "", "", "4", str(iran_points)],
        ["Ada Lovelace", "", "S-1", "ada@school.example", "Year 9 English", "3",
         str(iran_points)],
        ["Ben Okri", "", "S-2", "", "Year 9 English", "4", ""],
        ["Cleo Park", "", "", "", "Year 9 English", "", ""],
        ["Finn Hale", "", "S-4", "finn@school.example", "Year 9 English", "", ""],
    ]


def test_grades_csv_in_moodle_layout(client, gradebook):
    info, iran_points, iran_title = gradebook
    response = client.get(f"/teacher/classes/{info.id}/grades-moodle.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="year-9-english-grades-moodle-{date.today().isoformat()}.csv"'
    assert csv_rows(response) == [  # no Points Possible row: Moodle would read it as a student
        ["First name", "Last name", "ID number", "Email address", CLASS_SET_TITLE, iran_title],
        ["Ada", "Lovelace", "S-1", "ada@school.example", "3", str(iran_points)],
        ["Ben", "Okri", "S-2", "", "4", ""],
        ["Cleo", "Park", "", "", "", ""],
        ["Finn", "Hale", "S-4", "finn@school.example", "", ""],
    ]


def test_the_class_page_links_both_grades_layouts(client, gradebook):
    info, _, _ = gradebook
    page = client.get(f"/teacher/classes/{info.id}").get_data(as_text=True)
    assert f'href="/teacher/classes/{info.id}/grades.csv">grades (CSV)</a>' in page
    assert (f'href="/teacher/classes/{info.id}/grades-moodle.csv">grades for Moodle (CSV)</a>'
            in page)


def upload_roster(client, classroom_id: int, text: str) -> None:
    response = client.post(f"/teacher/classes/{classroom_id}/roster",
                           data={"roster": (io.BytesIO(text.encode()), "gradebook.csv")})
    assert response.status_code == 302, response.data


def test_canvas_ids_of_its_own_export_go_back_into_canvas(client, classrooms, pupils,
                                                         class_set):
    canvas = list(csv.DictReader(io.StringIO(CANVAS_GRADEBOOK.read_text(encoding="utf-8"))))
    imported = {row["ID"]: row for row in canvas[1:] if row["Student"] != "Student, Test"}
    info = classrooms.create("Year 9 English")
    upload_roster(client, info.id, CANVAS_GRADEBOOK.read_text(encoding="utf-8"))
    bridge = classrooms.assign(info.id, class_set)
    for name, key in (("Ada Lovelace", {**CLASS_SET_KEY, 4: "fact"}),
                      ("Éabha Ní Bhraonáin", CLASS_SET_KEY)):
        pupil = pupils()
        assert pupil.join_card(classrooms.card_code(info.id, name)).status_code == 302
        pupil.take(info.id, bridge, key)

    header, points, *rows = csv_rows(client.get(f"/teacher/classes/{info.id}/grades.csv"))
    assert header == [*GRADES_HEADER, CLASS_SET_TITLE]
    assert points == ["Points Possible", "", "", "", "", "4"]
    ids = ("ID", "SIS User ID", "SIS Login ID", "Section")
    assert sorted(row[1] for row in rows) == sorted(imported)  # every row, Test Student not
    for row in rows:
        assert tuple(row[1:5]) == tuple(imported[row[1]][column] for column in ids), row
    by_name = {row[0]: row for row in rows}
    assert by_name["Ada Lovelace"][1:] == ["1870021", "00417", "ada.lovelace@school.example",
                                           "Year 9 English - Set 1", "3"]
    assert by_name["Éabha Ní Bhraonáin"][2] == "0000123" and by_name["Éabha Ní Bhraonáin"][5] == "4"
    assert by_name["Gabriel García Márquez"][3:] == ["ggarciamarquez", "Year 9 English - Set 1",
                                                     ""]

    moodle = csv_rows(client.get(f"/teacher/classes/{info.id}/grades-moodle.csv"))
    assert ["Ada", "Lovelace", "00417", "ada.lovelace@school.example", "3"] in moodle
    assert ["Gabriel García", "Márquez", "00981", "", ""] in moodle  # its login is no email


def test_canvas_ids_are_neutralised_like_every_other_cell(client, classrooms):
    info = classrooms.create("Year 9 English")
    upload_roster(client, info.id, "Student,ID,SIS User ID,SIS Login ID,Section\n"
                  '"Ada, =HYPERLINK(""x"")",-1,+42,@SUM(1),=cmd|\' /C calc\'!A0\n')
    [row] = csv_rows(client.get(f"/teacher/classes/{info.id}/grades.csv"))[2:]
    assert row == ["'=HYPERLINK(\"x\") Ada", "'-1", "'+42", "'@SUM(1)", "'=cmd|' /C calc'!A0"]
    [row] = csv_rows(client.get(f"/teacher/classes/{info.id}/grades-moodle.csv"))[1:]
    assert row == ["'=HYPERLINK(\"x\")", "Ada", "'+42", ""]


def test_answers_csv_has_a_row_per_student_attempt_and_statement(client, gradebook):
    info, iran_points, iran_title = gradebook
    response = client.get(f"/teacher/classes/{info.id}/answers.csv")
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="year-9-english-answers-{date.today().isoformat()}.csv"'
    header, *rows = csv_rows(response)
    assert header == ["Student", "SIS User ID", "SIS Login ID", "Section", "Assignment",
                      "Attempt", "Submitted (UTC)", "Statement", "Statement text", "Chosen",
                      "Correct answer", "Right"]
    ada_bridge = [r for r in rows if r[0] == "Ada Lovelace" and r[4] == CLASS_SET_TITLE]
    assert [(r[5], r[7], r[9], r[10], r[11]) for r in ada_bridge] == [
        ("1", "1", "fact", "fact", "1"), ("1", "2", "speculation", "speculation", "1"),
        ("1", "3", "fact", "opinion", "0"), ("1", "4", "fact", "speculation", "0"),
        ("2", "1", "fact", "fact", "1"), ("2", "2", "speculation", "speculation", "1"),
        ("2", "3", "opinion", "opinion", "1"), ("2", "4", "fact", "speculation", "0"),
    ]
    assert ada_bridge[0][1:4] == ["S-1", "ada@school.example", "Year 9 English"]
    assert ada_bridge[0][8] == "The council said the bridge will close in May"
    assert all(datetime.strptime(r[6], "%Y-%m-%d %H:%M:%S") for r in ada_bridge)
    ada_iran = [r for r in rows if r[0] == "Ada Lovelace" and r[4] == iran_title]
    assert len(ada_iran) == iran_points and all(r[11] == "1" for r in ada_iran)
    assert sum(r[0] == "Ben Okri" for r in rows) == 4
    cleo = [(r[7], r[9], r[6]) for r in rows if r[0] == "Cleo Park"]
    assert cleo == [("1", "opinion", ""), ("2", "speculation", "")]  # saved, not submitted
    assert not any(r[0] == "Finn Hale" for r in rows)


# Each name, and its cell as a spreadsheet reads it: formula-like ones start with a quote.
SHOWN = {"=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0", "+1": "'+1", "-1": "'-1",
         "@SUM(1)": "'@SUM(1)", 'Smith, "Jr."': 'Smith, "Jr."', "Ζωή": "Ζωή", "李小龙": "李小龙",
         "\tTab Tucker": "'\tTab Tucker"}


def test_every_cell_comes_back_as_text_and_no_formula_runs(app, client, classrooms, pupils,
                                                          class_set):
    info = classrooms.create("Year 9 English")
    assignment_id = classrooms.assign(info.id, class_set)
    for name in SHOWN:
        if name.startswith("\t"):  # the join form squashes white space: add it directly
            with app.app_context():
                session = get_session()
                session.add(Student(classroom_id=info.id, name=name, name_key=name_key(name)))
                session.commit()
            continue
        pupil = pupils()
        assert pupil.join(info.code, name).status_code == 302, name
        pupil.take(info.id, assignment_id, CLASS_SET_KEY)
    with app.app_context():
        assert set(get_session().scalars(select(Student.name))) == set(SHOWN)

    response = client.get(f"/teacher/classes/{info.id}/grades.csv")
    assert b'"Smith, ""Jr.""",' in response.get_data()
    grades = csv_rows(response)
    assert sorted(row[0] for row in grades[2:]) == sorted(SHOWN.values())
    assert all(row[5] == ("" if row[0] == "'\tTab Tucker" else "4") for row in grades[2:])
    answers = csv_rows(client.get(f"/teacher/classes/{info.id}/answers.csv"))
    assert {row[0] for row in answers[1:]} == set(SHOWN.values()) - {"'\tTab Tucker"}
    assert len(answers) == 1 + 4 * (len(SHOWN) - 1)


ASSIGNMENTS = 10


def ten_sets(load_set) -> dict[str, int]:
    """Ten small sets; their version ids by slug."""
    return {f"set-{n}": load_set(CLASS_SET.replace(CLASS_SET_TITLE, f"Set {n}"), f"set-{n}")
            for n in range(ASSIGNMENTS)}


def fill(app, classroom_id: int, versions: dict[str, int], students: int) -> None:
    """Students with a submitted attempt at each of ten assignments, inserted in bulk.

    Student i scores (i + n) % 5 of 4 on set n.
    """
    now = datetime.now(UTC)
    with app.app_context():
        session = get_session()
        set_ids = dict(session.execute(select(QuestionSet.slug, QuestionSet.id)).all())
        session.execute(insert(Assignment), [
            {"classroom_id": classroom_id, "question_set_id": set_ids[slug], "counting": "best",
             "reveal": "end", "created_at": now + timedelta(seconds=n)}
            for n, slug in enumerate(versions)])
        session.execute(insert(Student), [
            {"classroom_id": classroom_id, "name": f"Student {i:04d} of a long class list",
             "name_key": f"student {i:04d} of a long class list", "student_number": f"S{i:05d}",
             "email": f"student.{i:04d}@school.example"} for i in range(students)])
        assigned = session.execute(select(Assignment.id, QuestionSet.slug).join(QuestionSet)
                                   .where(Assignment.classroom_id == classroom_id)).all()
        student_ids = session.scalars(select(Student.id).where(
            Student.classroom_id == classroom_id).order_by(Student.name_key)).all()
        session.execute(insert(Attempt), [
            {"public_id": f"bulk-{aid}-{sid}", "version_id": versions[slug],
             "student_name": "bulk", "started_at": now, "submitted_at": now,
             "score": (i + int(slug[4:])) % 5, "max_score": 4, "assignment_id": aid,
             "student_id": sid, "number": 1}
            for aid, slug in assigned for i, sid in enumerate(student_ids)])
        session.commit()


def scores(i: int) -> bytes:
    """Student i's grades row cells, as `fill` scored them."""
    return b",".join(b"%d" % ((i + n) % 5) for n in range(ASSIGNMENTS))


def stream(client, classroom_id: int) -> tuple[int, int, int, list[bytes], int]:
    """Read the grades download chunk by chunk, as a server sends it, under tracemalloc.

    Returns the number of chunks, bytes and CSV lines, the first four lines and the last,
    and the peak of memory allocated while the response was made and read.
    """
    # Earlier tests' garbage (apps, engines, connections) is collected now, not inside the
    # measured window, where its finalizers would count as this download's memory.
    gc.collect()
    tracemalloc.start()
    try:
        response = client.get(f"/teacher/classes/{classroom_id}/grades.csv")
        chunks = size = lines = 0
        kept: list[bytes] = []
        for chunk in response.response:
            chunks, size, lines = chunks + 1, size + len(chunk), lines + chunk.count(b"\r\n")
            if len(kept) < 5 or chunk.endswith(b"\r\n"):
                kept[4:] = [chunk]
        response.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return chunks, size, lines, kept, peak


def test_grades_are_streamed_row_by_row_in_flat_memory(app, client, classrooms, load_set):
    versions = ten_sets(load_set)
    small, large = classrooms.create("Small class"), classrooms.create("Year 9 English")
    fill(app, small.id, versions, 200)
    fill(app, large.id, versions, 2000)

    stream(client, small.id)  # the first download compiles and caches the queries
    small_peak = stream(client, small.id)[-1]
    chunks, size, lines, kept, peak = stream(client, large.id)
    assert lines == 2002 and chunks > 2000  # a chunk per row (and the byte-order mark)
    assert kept[0] == BOM.encode()
    assert kept[1].startswith(b"Student,ID,SIS User ID,SIS Login ID,Section,Set 0,Set 1,")
    assert kept[2] == b"Points Possible,,,,," + b",".join([b"4"] * ASSIGNMENTS) + b"\r\n"
    assert kept[3] == (b"Student 0000 of a long class list,,S00000,student.0000@school.example,"
                       b"Year 9 English," + scores(0) + b"\r\n")
    assert kept[4] == (b"Student 1999 of a long class list,,S01999,student.1999@school.example,"
                       b"Year 9 English," + scores(1999) + b"\r\n")
    # Measured on SQLite: a peak of 1.34 MB for 200 students, 1.41 MB for 2,000 (the body
    # is 212 KB). Keeping the 2,002 output rows before writing them peaks at 1.95 MB;
    # fetching the 20,000 joined rows at once, at 10 MB.
    assert size > 200_000
    assert peak < 4_000_000, peak
    assert peak < small_peak + 250_000, (small_peak, peak)
