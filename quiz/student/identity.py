"""Who this browser is: the students it joined classes as, and the attempts it started.

The signed session cookie holds one random browser id, whatever the browser does, so it
stays far below the 4 KB browsers keep; rows on the server (`BrowserStudent`,
`BrowserAttempt`) say what that browser may open. With each class the student's token is
kept: a token the teacher has replaced (to let the student rejoin elsewhere) no longer
matches, so the old browser loses access at once; a student the teacher removed is nobody.

Cookies written before those rows existed hold the tokens and attempt ids themselves; they
are still honoured, and moved to the server the next time the browser joins or starts.
Functions that change what a browser holds add to the request's session; the view commits.
"""

from __future__ import annotations

import secrets

from flask import session
from sqlalchemy import bindparam, delete, select

from quiz.db import get_session
from quiz.models import Attempt, BrowserAttempt, BrowserStudent, Student

_BROWSER = "browser"  # the browser's random id
_OLD_STUDENTS, _OLD_PRACTICE = "students", "attempts"  # cookies from before the rows
# Asked on every practice passage page: one statement built once, run on the connection
# (about 20 us; through the ORM session, about 100).
_STARTED_HERE = select(BrowserAttempt.attempt_id).where(
    BrowserAttempt.browser == bindparam("browser"),
    BrowserAttempt.attempt_id == bindparam("attempt"))


def browser_id() -> str:
    """This browser's id, given to it now if it has none."""
    if _BROWSER not in session:
        session[_BROWSER] = secrets.token_urlsafe(32)
        session.permanent = True  # a returning student continues where they were
    return session[_BROWSER]


def student_in(classroom_id: int) -> Student | None:
    """The student this browser is in the class; never one the teacher removed (removing
    also clears the token and this browser's rows: the check holds whatever is left over)."""
    db, browser = get_session(), session.get(_BROWSER)
    student = None if browser is None else db.scalar(
        select(Student).join(BrowserStudent, BrowserStudent.student_id == Student.id)
        .where(BrowserStudent.browser == browser, BrowserStudent.classroom_id == classroom_id,
               Student.token == BrowserStudent.student_token, Student.removed_at.is_(None)))
    old_token = session.get(_OLD_STUDENTS, {}).get(str(classroom_id))
    if student is None and old_token:
        student = db.scalar(select(Student).where(Student.token == old_token,
                                                  Student.classroom_id == classroom_id,
                                                  Student.removed_at.is_(None)))
    return student


def remember_student(student: Student) -> None:
    browser = browser_id()
    _move_old_cookie(browser)
    get_session().merge(BrowserStudent(browser=browser, classroom_id=student.classroom_id,
                                       student_id=student.id, student_token=student.token))


def forget_student(classroom_id: int) -> None:
    if (browser := session.get(_BROWSER)) is not None:
        get_session().execute(delete(BrowserStudent).where(
            BrowserStudent.browser == browser, BrowserStudent.classroom_id == classroom_id))
    if str(classroom_id) in session.get(_OLD_STUDENTS, {}):
        session[_OLD_STUDENTS] = {key: token for key, token in session[_OLD_STUDENTS].items()
                                  if key != str(classroom_id)}


def joined_classroom_ids() -> list[int]:
    browser = session.get(_BROWSER)
    joined = [] if browser is None else list(get_session().scalars(
        select(BrowserStudent.classroom_id).where(BrowserStudent.browser == browser)))
    return joined + [int(key) for key in session.get(_OLD_STUDENTS, {})
                     if int(key) not in joined]


def remember_practice(attempt: Attempt) -> None:
    browser = browser_id()
    _move_old_cookie(browser)
    get_session().add(BrowserAttempt(browser=browser, attempt_id=attempt.id))


def practice_ids() -> list[str]:
    browser = session.get(_BROWSER)
    started = [] if browser is None else list(get_session().scalars(
        select(Attempt.public_id).join(BrowserAttempt, BrowserAttempt.attempt_id == Attempt.id)
        .where(BrowserAttempt.browser == browser)))
    return started + [i for i in session.get(_OLD_PRACTICE, []) if i not in started]


def owns(attempt: Attempt) -> bool:
    if attempt.student is not None:
        return student_in(attempt.student.classroom_id) == attempt.student
    browser = session.get(_BROWSER)
    if browser is not None and get_session().connection().execute(
            _STARTED_HERE, {"browser": browser, "attempt": attempt.id}).first() is not None:
        return True
    return attempt.public_id in session.get(_OLD_PRACTICE, [])


def _move_old_cookie(browser: str) -> None:
    """Move what an old cookie holds to rows of `browser`, and out of the cookie."""
    students, practice = session.pop(_OLD_STUDENTS, {}), session.pop(_OLD_PRACTICE, [])
    db = get_session()
    for key, token in students.items():
        student = db.scalar(select(Student).where(Student.token == token))
        if student is not None and str(student.classroom_id) == key:
            db.merge(BrowserStudent(browser=browser, classroom_id=student.classroom_id,
                                    student_id=student.id, student_token=token))
    if practice:
        for attempt_id in db.scalars(select(Attempt.id).where(
                Attempt.public_id.in_(practice), Attempt.student_id.is_(None))):
            db.merge(BrowserAttempt(browser=browser, attempt_id=attempt_id))
