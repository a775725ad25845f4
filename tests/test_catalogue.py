"""Which sets each person may use (`quiz.catalogue`), and list pages whose number of SQL
statements does not grow with the number of sets or assignments."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from samples import IRAN_DRONES
from sqlalchemy import event

from quiz import catalogue
from quiz.db import get_engine, get_session
from quiz.importing import import_set
from quiz.models import QuestionSet, Teacher
from quiz.questionset.parser import parse

IRAN_TEXT = IRAN_DRONES.read_text(encoding="utf-8-sig")


def titled(title: str) -> str:
    return IRAN_TEXT.replace("title: ", f"title: {title} ", 1)


@pytest.fixture
def world(app):
    """A shared set, two teachers' own sets, and a set with no version yet."""
    with app.app_context():
        db = get_session()
        me = Teacher(email="me@school.example", password_hash="-")
        them = Teacher(email="them@school.example", password_hash="-")
        db.add_all([me, them, QuestionSet(slug="empty")])
        db.flush()
        for slug, owner in (("shared", None), ("mine", me.id), ("theirs", them.id)):
            import_set(db, slug, titled(slug), parse(titled(slug)), owner_id=owner)
        db.commit()
        yield {"db": db, "me": me.id, "them": them.id}


def test_students_practise_shared_sets_only(world):
    db = world["db"]
    assert catalogue.shared_set(db, "shared").slug == "shared"
    assert [catalogue.shared_set(db, s) for s in ("mine", "theirs", "empty", "nope")] \
        == [None] * 4
    assert [e.slug for e in catalogue.shared_entries(db)] == ["shared"]


def test_a_teacher_uses_their_own_and_the_shared_sets_and_changes_only_their_own(world):
    db, me = world["db"], world["me"]
    assert [catalogue.usable_set(db, me, s) is not None
            for s in ("shared", "mine", "theirs", "empty")] == [True, True, False, False]
    assert [catalogue.own_set(db, me, s) is not None
            for s in ("shared", "mine", "theirs", "empty")] == [False, True, False, False]
    assert [e.slug for e in catalogue.usable_entries(db, me)] == ["mine", "shared"]
    assert [e.slug for e in catalogue.usable_entries(db, world["them"])] == ["shared", "theirs"]


def test_find_sees_every_set_whoever_owns_it(world):
    assert [catalogue.find(world["db"], s) is not None
            for s in ("shared", "mine", "theirs", "empty", "nope")] \
        == [True, True, True, True, False]


def test_an_entry_describes_the_latest_version(app, world, load_set):
    two_passages = IRAN_TEXT[:IRAN_TEXT.index("\n## ", IRAN_TEXT.index("\n## ") + 1)]
    load_set(two_passages.replace("title: ", "title: Shorter ", 1), "shared")
    [entry] = catalogue.shared_entries(world["db"])
    assert (entry.title.startswith("Shorter"), entry.version, entry.passages,
            entry.statements) == (True, 2, 1, two_passages.count("   - answer:"))
    by_id = catalogue.entries_by_id(world["db"], [entry.id])
    assert by_id == {entry.id: entry}
    assert catalogue.entries_by_id(world["db"], []) == {}


# -- statements per page ----------------------------------------------------------------------

@contextmanager
def statements(app):
    """Count the SQL statements run inside the block."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = get_engine()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def run_count(app, client, url: str) -> int:
    with statements(app) as seen:
        response = client.get(url)
    assert response.status_code == 200, response.data
    return len(seen)


def test_the_student_home_runs_as_many_statements_for_ten_sets_as_for_one(app, client,
                                                                            load_set):
    load_set(titled("Set 0"), "set-0")
    one = run_count(app, client, "/")
    for number in range(1, 10):
        load_set(titled(f"Set {number}"), f"set-{number}")
    assert run_count(app, client, "/") == one
    assert client.get("/").get_data(as_text=True).count('class="card"') == 10


def test_the_teacher_sets_page_does_not_grow_with_the_sets(app, client, teacher, load_set):
    load_set(titled("Set 0"), "set-0")
    one = run_count(app, client, "/teacher/sets/")
    for number in range(1, 8):
        load_set(titled(f"Set {number}"), f"set-{number}")
    assert run_count(app, client, "/teacher/sets/") == one


def test_class_pages_do_not_grow_with_the_assignments(app, client, classrooms, pupils,
                                                      load_set):
    for number in range(6):
        load_set(titled(f"Set {number}"), f"set-{number}")
    info = classrooms.create()
    pupil = pupils()
    assert pupil.join(info.code, "Ada").status_code == 302
    counts = []
    for number in range(6):
        assignment_id = classrooms.assign(info.id, f"set-{number}")
        pupil.begin(info.id, assignment_id)  # an attempt on every assignment
        if number in (0, 5):
            counts.append((run_count(app, client, f"/teacher/classes/{info.id}"),
                           run_count(app, pupil.client, f"/classes/{info.id}")))
    assert counts[0] == counts[1]
    page = pupil.client.get(f"/classes/{info.id}").get_data(as_text=True)
    assert all(f"Set {n}" in page for n in range(6))
