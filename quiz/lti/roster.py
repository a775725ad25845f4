"""Names and Roles: the course's learners, fetched from the LMS, become the class's students.

The membership list comes from the address the platform gave at launch (LtiContext.
memberships_url), with a client-credentials token signed by the tool's key; each HTTP call
has a timeout and the list is bounded, so a slow or huge course cannot hold a request.
Learners are matched by the platform's subject (the id their launches carry), so a second
import adds nobody twice and a learner who launched before is not added again. No Flask
here; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests
from pylti1p3.exception import LtiException
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.registration import Registration
from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.limits import MAX_ROSTER_ROWS
from quiz.lti.connector import JobConnector
from quiz.lti.launch import _free_name
from quiz.models import Classroom, LtiLearner, LtiPlatform, Student
from quiz.models.lti import LTI_ID_LENGTH
from quiz.roster import name_key

MAX_PAGES = 20  # a platform that pages forever is cut off
LEARNER = "membership#Learner"  # the end of the LIS role URI (or the short name "Learner")
INSTRUCTOR_ROLES = ("membership#Instructor", "Instructor", "membership#ContentDeveloper",
                    "membership#Administrator", "Administrator")


class RosterUnavailable(Exception):
    """Why the course's member list could not be had, in plain words."""


@dataclass(frozen=True)
class Imported:
    added: int
    already: int  # learners who were students of the class already


def fetch_members(registration: Registration, memberships_url: str,
                  limit: int = MAX_ROSTER_ROWS) -> list[dict[str, Any]]:
    """Every member of the course, page by page; RosterUnavailable if the LMS does not
    answer, answers with an error, or lists more than `limit` people."""
    service = NamesRolesProvisioningService(
        JobConnector(registration), {"context_memberships_url": memberships_url})
    members: list[dict[str, Any]] = []
    url: str | None = memberships_url
    try:
        for _ in range(MAX_PAGES):
            page, url = service.get_members_page(url)
            members.extend(member for member in page if isinstance(member, dict))
            if len(members) > limit:
                raise RosterUnavailable(
                    f"Your course lists more than {limit:,} people, more than a class "
                    "here can hold. Ask your LMS administrator to split it into sections.")
            if not url:
                break
    except (requests.RequestException, LtiException, ValueError, KeyError,
            AttributeError, TypeError):
        raise RosterUnavailable("Your LMS did not send the course's member list (it may be "
                                "down or busy). Nothing was changed; try again later.") \
            from None
    return members


def is_learner(member: dict[str, Any]) -> bool:
    """An active learner of the course, and not also one of its teachers."""
    roles = [str(role) for role in member.get("roles") or []]
    if member.get("status", "Active") != "Active":
        return False
    if any(role.endswith(INSTRUCTOR_ROLES) for role in roles):
        return False
    return any(role.endswith(LEARNER) or role == "Learner" for role in roles)


def add_learners(session: Session, platform: LtiPlatform, classroom: Classroom,
                 members: list[dict[str, Any]]) -> Imported:
    """Add each learner the class does not have yet (by subject) as a student, with the
    name and email the LMS gives; they sign in by launching from the course."""
    known = set(session.scalars(select(LtiLearner.subject).where(
        LtiLearner.platform_id == platform.id, LtiLearner.classroom_id == classroom.id)))
    added = already = 0
    for member in filter(is_learner, members):
        subject = str(member.get("user_id") or "")
        if not subject or len(subject) > LTI_ID_LENGTH:
            continue
        if subject in known:
            already += 1
            continue
        email = str(member.get("email") or "").strip()[:254] or None
        student = Student(classroom=classroom, name=_free_name(session, classroom, member),
                          email=email)
        student.name_key = name_key(student.name)
        session.add(student)
        session.flush()
        session.add(LtiLearner(platform_id=platform.id, subject=subject,
                               classroom_id=classroom.id, student_id=student.id))
        known.add(subject)
        added += 1
    return Imported(added, already)
