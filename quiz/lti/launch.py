"""What a verified LTI launch means here: who the person is, which class the course is, and
where they go. The id token has already been checked (signature, nonce, deployment) by
the library; this module only reads its claims. No Flask here; the view commits."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.classes import create_classroom
from quiz.lti import services
from quiz.models import (
    Assignment,
    Classroom,
    LtiContext,
    LtiLearner,
    LtiPlatform,
    LtiResourceLink,
    LtiTeacher,
    Student,
    Teacher,
    utcnow,
)
from quiz.roster import name_key

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
NO_PASSWORD = "!lti"  # not a Werkzeug hash: no password ever matches it
NAME_LENGTH, CLASS_NAME_LENGTH = 100, 100


@dataclass(frozen=True)
class TeacherIn:
    teacher: Teacher
    classroom: Classroom


@dataclass(frozen=True)
class StudentIn:
    student: Student
    classroom: Classroom
    assignment: Assignment | None  # the assignment the link opens, if it is tied to one


@dataclass(frozen=True)
class Refused:
    status: int
    title: str
    message: str


NO_CONTEXT = Refused(400, "Open this from a course",
                     "This link was not opened from a course in your LMS, so there is no "
                     "class to open. Use the link inside your course.")
NOT_SET_UP = Refused(403, "Your teacher must open this first",
                     "This course has no class here yet. Your teacher makes it by opening "
                     "this activity once from the course; then try again.")
NO_ROLE = Refused(403, "Not for your role",
                  "Only the course's instructors and learners can open this activity.")
TAKEN_OUT = Refused(403, "Taken out of this class",
                    "Your teacher took you out of this class. Ask them if that is a mistake.")


def admit(session: Session, platform: LtiPlatform, claims: dict[str, Any],
          role: str | None) -> TeacherIn | StudentIn | Refused:
    """The teacher or student this launch signs in (made on first launch), or why not.
    `role` is "teacher", "learner" or None, as the library read the roles claim."""
    context = claims.get(CLAIM + "context") or {}
    if not context.get("id"):
        return NO_CONTEXT
    if role == "teacher":
        teacher = _teacher(session, platform, claims)
        classroom = _classroom(session, platform, context, teacher)
        services.note_memberships(session, classroom, claims)
        _link(session, platform, claims, classroom)
        return TeacherIn(teacher, classroom)
    if role != "learner":
        return NO_ROLE
    tied = session.scalar(select(LtiContext).where(LtiContext.platform_id == platform.id,
                                                   LtiContext.context_id == context["id"]))
    if tied is None:
        return NOT_SET_UP
    classroom = session.get(Classroom, tied.classroom_id)
    services.note_memberships(session, classroom, claims)
    student = _student(session, platform, claims, classroom)
    if student.removed_at is not None:
        return TAKEN_OUT
    link = _link(session, platform, claims, classroom)
    return StudentIn(student, classroom, _open_assignment(session, link, classroom))


def _teacher(session: Session, platform: LtiPlatform, claims: dict[str, Any]) -> Teacher:
    subject = claims["sub"]
    known = session.scalar(select(LtiTeacher).where(LtiTeacher.platform_id == platform.id,
                                                    LtiTeacher.subject == subject))
    if known is not None:
        return session.get(Teacher, known.teacher_id)
    # A platform's word is not taken for an existing account: an email already used here
    # (perhaps by a password account) gets an address of its own instead.
    email = (claims.get("email") or "").strip().lower()[:254]
    if not email or session.scalar(select(Teacher.id).where(Teacher.email == email)):
        digest = hashlib.sha256(f"{platform.issuer} {subject}".encode()).hexdigest()[:24]
        email = f"lti-{digest}@lms.invalid"
    teacher = Teacher(email=email, password_hash=NO_PASSWORD)
    session.add(teacher)
    session.flush()
    session.add(LtiTeacher(platform_id=platform.id, subject=subject, teacher_id=teacher.id))
    return teacher


def _classroom(session: Session, platform: LtiPlatform, context: dict[str, Any],
               teacher: Teacher) -> Classroom:
    tied = session.scalar(select(LtiContext).where(LtiContext.platform_id == platform.id,
                                                   LtiContext.context_id == context["id"]))
    if tied is not None:
        return session.get(Classroom, tied.classroom_id)
    name = (context.get("title") or context.get("label") or "Course from the LMS")
    classroom = create_classroom(session, teacher, name.strip()[:CLASS_NAME_LENGTH])
    session.add(LtiContext(platform_id=platform.id, context_id=context["id"],
                           classroom_id=classroom.id))
    session.flush()
    return classroom


def display_name(claims: dict[str, Any]) -> str:
    """The learner's name as the LMS gives it, else given + family name, else "Student"."""
    name = claims.get("name") or " ".join(
        part for part in (claims.get("given_name"), claims.get("family_name")) if part)
    return " ".join(str(name).split())[:NAME_LENGTH - 4] or "Student"


def _student(session: Session, platform: LtiPlatform, claims: dict[str, Any],
             classroom: Classroom) -> Student:
    subject = claims["sub"]
    known = session.scalar(select(LtiLearner).where(
        LtiLearner.platform_id == platform.id, LtiLearner.subject == subject,
        LtiLearner.classroom_id == classroom.id))
    if known is not None:
        student = session.get(Student, known.student_id)
    else:
        student = Student(classroom=classroom, name=_free_name(session, classroom, claims),
                          email=(claims.get("email") or None))
        student.name_key = name_key(student.name)
        session.add(student)
        session.flush()
        session.add(LtiLearner(platform_id=platform.id, subject=subject,
                               classroom_id=classroom.id, student_id=student.id))
    if student.token is None and student.removed_at is None:
        student.token, student.joined_at = secrets.token_urlsafe(32), utcnow()
        student.joined_from = "the LMS"
    return student


def _free_name(session: Session, classroom: Classroom, claims: dict[str, Any]) -> str:
    """Names are unique in a class; two learners with one name become "Name" and "Name (2)"
    (the LMS tells them apart by subject, which is what links them)."""
    base = display_name(claims)
    taken = set(session.scalars(select(Student.name_key)
                                .where(Student.classroom_id == classroom.id)))
    name, number = base, 1
    while name_key(name) in taken:
        number += 1
        name = f"{base} ({number})"
    return name


def _link(session: Session, platform: LtiPlatform, claims: dict[str, Any],
          classroom: Classroom) -> LtiResourceLink | None:
    link_id = (claims.get(CLAIM + "resource_link") or {}).get("id")
    if not link_id:
        return None
    link = session.scalar(select(LtiResourceLink).where(
        LtiResourceLink.platform_id == platform.id,
        LtiResourceLink.resource_link_id == link_id))
    if link is None:
        context = session.scalar(select(LtiContext).where(
            LtiContext.classroom_id == classroom.id))
        link = LtiResourceLink(platform_id=platform.id, resource_link_id=link_id,
                               context_id=context.id)
        session.add(link)
        session.flush()
    services.tie_link(session, link, claims, classroom)
    return link


def _open_assignment(session: Session, link: LtiResourceLink | None,
                     classroom: Classroom) -> Assignment | None:
    if link is None or link.assignment_id is None:
        return None
    assignment = session.get(Assignment, link.assignment_id)
    if assignment is None or assignment.classroom_id != classroom.id \
            or assignment.archived_at is not None:
        return None
    return assignment
