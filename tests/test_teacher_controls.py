"""The teacher's controls: removing a student and putting them back, unassigning or archiving
a set, changing an attempt's mark with a reason, a comment the student reads, and the
attempts a student has left. Each is enforced on the server."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from pages import csrf_token, csv_rows, page_text
from samples import CLASS_SET_KEY, CLASS_SET_TITLE
from sqlalchemy import func, select

from quiz.assignments import attempts_left
from quiz.db import get_session
from quiz.models import Assignment, Attempt, Student

WRONG_TWO = {**CLASS_SET_KEY, 3: "fact", 4: "fact"}  # 2 of 4
WRONG_ONE = {**CLASS_SET_KEY, 4: "fact"}  # 3 of 4
BAD_MARK = "Type the new mark as a whole number from 0 to 4."


def class_with_ada(classrooms, pupils, class_set, **settings: str):
    """Year 9 English with the bridge set assigned and Ada Lovelace joined by the class
    code: (class, assignment id, Ada's browser)."""
    info = classrooms.create("Year 9 English")
    assignment_id = classrooms.assign(info.id, class_set, **settings)
    ada = pupils()
    assert ada.join(info.code, "Ada Lovelace").status_code == 302
    return info, assignment_id, ada


def stored(app, model, key):
    with app.app_context():
        return get_session().get(model, key)


def attempt_row(app, public_id: str) -> Attempt:
    with app.app_context():
        return get_session().scalar(select(Attempt).where(Attempt.public_id == public_id))


def student_id(app, name: str) -> int:
    with app.app_context():
        return get_session().scalar(select(Student.id).where(Student.name == name))


def grades(client, classroom_id: int) -> list[list[str]]:
    return csv_rows(client.get(f"/teacher/classes/{classroom_id}/grades.csv"))


def set_mark(client, public_id: str, mark: str, reason: str = "Statement 4 was ambiguous"):
    return client.post(f"/teacher/attempts/{public_id}/mark",
                       data={"mark": mark, "reason": reason})


# -- Removing a student -------------------------------------------------------------------

def test_a_removed_student_keeps_their_attempts_but_leaves_the_class_and_the_grades(
        app, client, classrooms, pupils, class_set):
    info, assignment_id, ada = class_with_ada(classrooms, pupils, class_set)
    assert pupils().join(info.code, "Ben Okri").status_code == 302
    public_id = ada.take(info.id, assignment_id, WRONG_ONE)
    ada_id = student_id(app, "Ada Lovelace")

    removed = client.post(f"/teacher/classes/{info.id}/students/{ada_id}/remove",
                          follow_redirects=True)
    text = page_text(removed)
    assert "Ada Lovelace is removed from the class; their 1 attempt is kept for the record." \
        in text
    assert "Students (1)" in text
    assert "Removed students (1)" in text and "Put back Ada Lovelace" in text
    assert f'href="/teacher/attempts/{public_id}"' in removed.get_data(as_text=True)
    assert client.get(f"/teacher/attempts/{public_id}").status_code == 200

    assert [row[0] for row in grades(client, info.id)] == ["Student", "Points Possible",
                                                           "Ben Okri"]
    answers = csv_rows(client.get(f"/teacher/classes/{info.id}/answers.csv"))
    assert not any(row[0] == "Ada Lovelace" for row in answers)
    # Her browser is nobody in the class now, and her attempt is not hers to open.
    assert ada.client.get(f"/classes/{info.id}").status_code == 404
    assert ada.client.get(f"/attempts/{public_id}/result").status_code == 404
    assert ada.start(info.id, assignment_id).status_code == 404

    back = client.post(f"/teacher/classes/{info.id}/students/{ada_id}/put-back",
                       follow_redirects=True)
    assert ("Ada Lovelace is back in the class, with their attempts. They join again with the "
            "class code and their name, or a new card from Card.") in page_text(back)
    assert "Removed students (" not in page_text(back)
    assert ["Ada Lovelace", "", "", "", "Year 9 English", "3"] in grades(client, info.id)
    assert ada.join(info.code, "Ada Lovelace").status_code == 302
    assert ada.client.get(f"/attempts/{public_id}/result").status_code == 200


@pytest.mark.parametrize("typed", ["Ada Lovelace", "ada  LOVELACE", "Аda Lovelace"],
                         ids=["same", "case-and-spaces", "cyrillic-look-alike"])
def test_nobody_joins_with_a_removed_students_name(app, client, classrooms, pupils, class_set,
                                                  typed):
    info, _, _ = class_with_ada(classrooms, pupils, class_set)
    client.post(f"/teacher/classes/{info.id}/students/{student_id(app, 'Ada Lovelace')}/remove")
    refused = pupils().join(info.code, typed)
    assert refused.status_code == 400
    assert ("Your teacher has taken Ada Lovelace out of this class, so nobody can join with "
            "that name now. If you should be in the class, ask your teacher.") in \
        page_text(refused)
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Student)) == 1


def test_a_removed_students_card_is_refused_in_plain_words(app, client, classrooms, pupils):
    info = classrooms.create("Year 9 English")
    client.post(f"/teacher/classes/{info.id}/roster", content_type="multipart/form-data",
                data={"roster": (io.BytesIO(b"name\nAda Lovelace\n"), "roster.csv")})
    code = classrooms.card_code(info.id, "Ada Lovelace")
    ada = pupils()
    assert ada.join_card(code).status_code == 302
    client.post(f"/teacher/classes/{info.id}/students/{student_id(app, 'Ada Lovelace')}/remove")

    refused = ada.client.get(f"/join/{code}")
    assert refused.status_code == 400
    assert ("Your teacher has taken you out of Year 9 English, so this card does not work now. "
            "If that is a mistake, ask your teacher.") in page_text(refused)
    assert ada.client.post(f"/join/{code}").status_code == 400
    cards = client.get(f"/teacher/classes/{info.id}/cards").get_data(as_text=True)
    assert code not in cards and 'class="join-card"' not in cards  # no card to print
    assert stored(app, Student, student_id(app, "Ada Lovelace")).token is None


# -- Unassigning and archiving ------------------------------------------------------------

def test_unassigning_a_set_nobody_attempted_deletes_it(app, client, classrooms, pupils,
                                                       class_set):
    info, assignment_id, _ = class_with_ada(classrooms, pupils, class_set)
    response = client.post(f"/teacher/assignments/{assignment_id}/unassign",
                           follow_redirects=True)
    assert f"{CLASS_SET_TITLE} is unassigned. Nobody had attempted it, so nothing is lost." \
        in page_text(response)
    assert stored(app, Assignment, assignment_id) is None
    assert "Nothing assigned yet." in page_text(response)


def test_a_set_with_attempts_is_archived_instead_then_restored(app, client, classrooms, pupils,
                                                              class_set):
    info, assignment_id, ada = class_with_ada(classrooms, pupils, class_set)
    public_id = ada.take(info.id, assignment_id, CLASS_SET_KEY)

    refused = client.post(f"/teacher/assignments/{assignment_id}/unassign")
    assert refused.status_code == 409
    assert ("1 student has 1 attempt at it, so it cannot be deleted: their work is kept. "
            "Archive it instead: students no longer see it, it leaves the grades, and you can "
            "restore it.") in page_text(refused)
    assert stored(app, Assignment, assignment_id) is not None

    archived = client.post(f"/teacher/assignments/{assignment_id}/archive",
                           follow_redirects=True)
    text = page_text(archived)
    assert f"{CLASS_SET_TITLE} is archived" in text
    assert f"Archived assignments {CLASS_SET_TITLE} archived" in text
    assert f"Restore {CLASS_SET_TITLE}" in text
    assert CLASS_SET_TITLE not in page_text(ada.client.get(f"/classes/{info.id}"))
    started = ada.start(info.id, assignment_id)  # a stale form: the server refuses
    assert started.status_code == 303
    assert "Your teacher has withdrawn this assignment." in page_text(
        ada.client.get(started.headers["Location"]))
    assert grades(client, info.id)[0] == ["Student", "ID", "SIS User ID", "SIS Login ID",
                                          "Section"]
    assert csv_rows(client.get(f"/teacher/classes/{info.id}/answers.csv"))[1:] == []
    assert client.get(f"/teacher/attempts/{public_id}").status_code == 200
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Attempt)) == 1

    restored = client.post(f"/teacher/assignments/{assignment_id}/restore",
                           follow_redirects=True)
    assert "Archived assignments" not in page_text(restored)
    assert CLASS_SET_TITLE in page_text(ada.client.get(f"/classes/{info.id}"))
    assert grades(client, info.id)[2][-1] == "4"


# -- A changed mark -----------------------------------------------------------------------

def test_a_changed_mark_counts_everywhere_until_it_is_removed(app, client, classrooms, pupils,
                                                             class_set):
    info, assignment_id, ada = class_with_ada(classrooms, pupils, class_set)
    ada.take(info.id, assignment_id, WRONG_ONE)  # 3 of 4: the best, for now
    second = ada.take(info.id, assignment_id, WRONG_TWO)  # 2 of 4
    assert grades(client, info.id)[2][-1] == "3"

    changed = set_mark(client, second, "4")
    assert changed.status_code == 302
    page = page_text(client.get(changed.headers["Location"]))
    assert "The mark is now 4 of 4. Ada Lovelace sees it with your reason." in page
    assert ("Mark: 4 of 4, changed by you (the answers earned 2). The student reads: "
            "“Statement 4 was ambiguous”") in page
    assert grades(client, info.id)[2][-1] == "4"  # the best by mark is now the second
    assert "done · score 4 of 4" in page_text(ada.client.get(f"/classes/{info.id}"))
    assert stored(app, Attempt, attempt_row(app, second).id).score == 2  # what was earned

    removed = client.post(f"/teacher/attempts/{second}/mark/remove", follow_redirects=True)
    assert "The changed mark is removed: the mark is the score again, 2 of 4." \
        in page_text(removed)
    assert grades(client, info.id)[2][-1] == "3"
    row = attempt_row(app, second)
    assert (row.override_score, row.override_reason) == (None, None)


@pytest.mark.parametrize(("mark", "reason", "message"), [
    ("5", "Generous", BAD_MARK),
    ("-1", "Harsh", BAD_MARK),
    ("", "No mark", BAD_MARK),
    ("2.5", "Half a point", BAD_MARK),
    ("four", "In words", BAD_MARK),
    ("9" * 30, "Huge", BAD_MARK),
    ("3", "", "Say why you changed the mark: the student sees it."),
    ("3", "   ", "Say why you changed the mark: the student sees it."),
    ("3", "x" * 301, "Keep the reason to 300 characters or fewer."),
])
def test_a_mark_that_cannot_be_is_refused_in_plain_words(app, client, classrooms, pupils,
                                                        class_set, mark, reason, message):
    info, assignment_id, ada = class_with_ada(classrooms, pupils, class_set)
    public_id = ada.take(info.id, assignment_id, WRONG_TWO)
    response = set_mark(client, public_id, mark, reason)
    assert response.status_code == 400
    assert message in page_text(response)
    assert "Ada Lovelace: attempt 1" in page_text(response)  # the attempt's page, again
    assert attempt_row(app, public_id).override_score is None


def test_an_open_attempt_has_no_mark_to_change(app, client, classrooms, pupils, class_set):
    info, assignment_id, ada = class_with_ada(classrooms, pupils, class_set)
    public_id = ada.begin(info.id, assignment_id)
    assert "The mark can be changed once the attempt is submitted." in page_text(
        client.get(f"/teacher/attempts/{public_id}"))
    refused = set_mark(client, public_id, "3")
    assert refused.status_code == 400
    assert "This attempt is not submitted yet, so it has no mark to change." \
        in page_text(refused)
    assert attempt_row(app, public_id).override_score is None


# -- A comment ----------------------------------------------------------------------------

def test_a_comment_is_saved_as_plain_text_and_can_be_removed(app, client, classrooms, pupils,
                                                            class_set):
    info, assignment_id, ada = class_with_ada(classrooms, pupils, class_set)
    public_id = ada.take(info.id, assignment_id, WRONG_TWO)
    saved = client.post(f"/teacher/attempts/{public_id}/comment",
                        data={"comment": "  Look again at <b>could</b>.\r\nWell done.  "},
                        follow_redirects=True)
    assert "The comment is saved: Ada Lovelace sees it with their result." in page_text(saved)
    assert attempt_row(app, public_id).comment == "Look again at <b>could</b>.\nWell done."
    assert "<b>could</b>" not in saved.get_data(as_text=True)  # shown, never run as HTML

    too_long = client.post(f"/teacher/attempts/{public_id}/comment",
                           data={"comment": "x" * 1001})
    assert too_long.status_code == 400
    assert "Keep the comment to 1000 characters or fewer." in page_text(too_long)
    assert attempt_row(app, public_id).comment == "Look again at <b>could</b>.\nWell done."

    removed = client.post(f"/teacher/attempts/{public_id}/comment", data={"comment": " "},
                          follow_redirects=True)
    assert "The comment is removed." in page_text(removed)
    assert attempt_row(app, public_id).comment is None


def test_the_student_reads_the_changed_mark_and_the_comment_with_their_result(
        app, client, classrooms, pupils, class_set):
    info, assignment_id, ada = class_with_ada(classrooms, pupils, class_set)
    public_id = ada.take(info.id, assignment_id, WRONG_TWO)
    result = f"/attempts/{public_id}/result"
    assert "From your teacher" not in page_text(ada.client.get(result))
    set_mark(client, public_id, "3", "Statement 4 can be read <both> ways")
    client.post(f"/teacher/attempts/{public_id}/comment", data={"comment": "Good <i>work</i>"})
    page = ada.client.get(result)
    assert ("From your teacher Your teacher changed your mark to 3 of 4: Statement 4 can be "
            "read <both> ways Good <i>work</i>") in page_text(page)
    assert "<both>" not in page.get_data(as_text=True)
    assert "<i>work</i>" not in page.get_data(as_text=True)


# -- Attempts left ------------------------------------------------------------------------

@pytest.mark.parametrize(("allowed", "taken", "said"), [
    (None, 0, "unlimited attempts"), (None, 7, "unlimited attempts"),
    (3, 0, "3 of 3 attempts left"), (3, 1, "2 of 3 attempts left"),
    (3, 3, "0 of 3 attempts left"), (2, 5, "0 of 2 attempts left"),  # the limit lowered
    (1, 0, "1 of 1 attempt left"),
])
def test_attempts_left(allowed, taken, said):
    assert attempts_left(SimpleNamespace(attempts_allowed=allowed), taken) == said


def test_the_students_card_says_how_many_attempts_are_left(classrooms, pupils, class_set):
    info, assignment_id, ada = class_with_ada(classrooms, pupils, class_set,
                                              attempts_allowed="3")
    assert "3 of 3 attempts left" in page_text(ada.client.get(f"/classes/{info.id}"))
    ada.take(info.id, assignment_id, CLASS_SET_KEY)
    assert "2 of 3 attempts left" in page_text(ada.client.get(f"/classes/{info.id}"))


# -- Tokens -------------------------------------------------------------------------------

def test_every_control_refuses_a_missing_or_forged_token(app, client, classrooms, pupils,
                                                        class_set, csrf_app):
    info, assignment_id, ada = class_with_ada(classrooms, pupils, class_set)
    public_id = ada.take(info.id, assignment_id, CLASS_SET_KEY)
    ada_id = student_id(app, "Ada Lovelace")
    browser = csrf_app.test_client()  # the same signed-in teacher, with CSRF checks on
    browser.set_cookie("session", client.get_cookie("session").value)
    real = csrf_token(browser.get(f"/teacher/attempts/{public_id}").get_data(as_text=True))
    controls = [f"/teacher/classes/{info.id}/students/{ada_id}/remove",
                f"/teacher/classes/{info.id}/students/{ada_id}/put-back",
                f"/teacher/assignments/{assignment_id}/unassign",
                f"/teacher/assignments/{assignment_id}/archive",
                f"/teacher/assignments/{assignment_id}/restore",
                f"/teacher/attempts/{public_id}/mark",
                f"/teacher/attempts/{public_id}/mark/remove",
                f"/teacher/attempts/{public_id}/comment"]
    body = {"mark": "0", "reason": "Forged", "comment": "Forged"}
    for url in controls:
        for token in (None, "forged"):
            data = body if token is None else body | {"csrf_token": token}
            assert browser.post(url, data=data).status_code == 400, (url, token)
    row = attempt_row(app, public_id)
    assert (row.override_score, row.comment) == (None, None)
    assert stored(app, Student, ada_id).removed_at is None
    assert stored(app, Assignment, assignment_id).archived_at is None
    # And with the page's own token, the same form goes through.
    marked = browser.post(f"/teacher/attempts/{public_id}/mark",
                          data={"mark": "1", "reason": "Checked", "csrf_token": real})
    assert marked.status_code == 302
    assert attempt_row(app, public_id).override_score == 1
