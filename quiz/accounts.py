"""Teacher accounts: creation and password checks, with Werkzeug's scrypt hashing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from quiz.models import Teacher

MIN_PASSWORD_LENGTH = 10
# Checked against when the email is unknown, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not a real password")


class AccountError(ValueError):
    """A reason, in plain words, why an account cannot be created."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_teacher(session: Session, email: str, password: str) -> Teacher:
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise AccountError(f"'{email}' is not an email address.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if session.scalar(select(Teacher).where(Teacher.email == email)) is not None:
        raise AccountError(f"There is already a teacher with the email {email}.")
    teacher = Teacher(email=email, password_hash=generate_password_hash(password))
    session.add(teacher)
    session.flush()
    return teacher


def authenticate(session: Session, email: str, password: str) -> Teacher | None:
    teacher = session.scalar(select(Teacher).where(Teacher.email == normalise_email(email)))
    if teacher is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return teacher if check_password_hash(teacher.password_hash, password) else None
