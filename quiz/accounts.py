"""Teacher accounts: creation, passwords (Werkzeug's scrypt) and sign-ins kept on the server.

A sign-in is a `TeacherSession` row; the browser's cookie holds a random token whose SHA-256
is the row's id. Ending a sign-in deletes its row, so the cookie opens nothing any more,
wherever it was copied. Nothing here commits: the caller does, once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from quiz.models import Teacher, TeacherSession

MIN_PASSWORD_LENGTH = 10
# Checked against when the email is unknown, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not a real password")


class AccountError(ValueError):
    """A reason, in plain words, why an account cannot be created or changed."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: str) -> str | None:
    """Why a new password cannot be used, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"The password needs at least {MIN_PASSWORD_LENGTH} characters."
    return None


def create_teacher(session: Session, email: str, password: str) -> Teacher:
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise AccountError(f"'{email}' is not an email address.")
    if problem := password_problem(password):
        raise AccountError(problem)
    if session.scalar(select(Teacher).where(Teacher.email == email)) is not None:
        raise AccountError(f"There is already a teacher with the email {email}.")
    teacher = Teacher(email=email, password_hash=generate_password_hash(password))
    session.add(teacher)
    session.flush()
    return teacher


def find_teacher(session: Session, email: str) -> Teacher:
    teacher = session.scalar(select(Teacher).where(Teacher.email == normalise_email(email)))
    if teacher is None:
        raise AccountError(f"There is no teacher with the email {normalise_email(email)}.")
    return teacher


def authenticate(session: Session, email: str, password: str) -> Teacher | None:
    teacher = session.scalar(select(Teacher).where(Teacher.email == normalise_email(email)))
    if teacher is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return teacher if password_matches(teacher, password) else None


def password_matches(teacher: Teacher, password: str) -> bool:
    return check_password_hash(teacher.password_hash, password)


def set_password(session: Session, teacher: Teacher, password: str,
                 keep: str | None = None) -> int:
    """Give `teacher` a new password and end every sign-in but `keep` (the token of the
    browser that changed it); returns how many sign-ins ended."""
    if problem := password_problem(password):
        raise AccountError(problem)
    teacher.password_hash = generate_password_hash(password)
    return end_sessions(session, teacher, keep)


# -- sign-ins ---------------------------------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, teacher: Teacher, oldest: datetime) -> str:
    """A new sign-in of `teacher`; returns the token for the cookie. The teacher's sign-ins
    from before `oldest` (past the session lifetime) are deleted on the way."""
    session.execute(delete(TeacherSession).where(TeacherSession.teacher_id == teacher.id,
                                                 TeacherSession.created_at < oldest))
    token = secrets.token_urlsafe(32)
    session.add(TeacherSession(id=_digest(token), teacher_id=teacher.id))
    teacher.session_token = token
    return token


def signed_in_teacher(session: Session, token: str, oldest: datetime) -> Teacher | None:
    """The teacher whose sign-in `token` is, if it has not ended and began after `oldest`."""
    teacher = session.scalar(
        select(Teacher).join(TeacherSession, TeacherSession.teacher_id == Teacher.id)
        .where(TeacherSession.id == _digest(token), TeacherSession.created_at >= oldest))
    if teacher is not None:
        teacher.session_token = token
    return teacher


def end_session(session: Session, token: str) -> None:
    session.execute(delete(TeacherSession).where(TeacherSession.id == _digest(token)))


def end_sessions(session: Session, teacher: Teacher, keep: str | None = None) -> int:
    """End every sign-in of `teacher` (but `keep`'s); returns how many ended."""
    query = delete(TeacherSession).where(TeacherSession.teacher_id == teacher.id)
    if keep is not None:
        query = query.where(TeacherSession.id != _digest(keep))
    return session.execute(query).rowcount
