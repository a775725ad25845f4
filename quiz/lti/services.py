"""What a launch tells the tool beyond who is launching: the course's Names and Roles
address, the link's line item, and which assignment a deep-linked link opens.

Read from the verified id token's claims at each launch (a platform may move its service
addresses). No Flask here; the launch view commits.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.models import Assignment, Classroom, LtiContext, LtiResourceLink
from quiz.models.lti import URL_LENGTH

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
# The custom parameter a deep-linked link carries: our assignment's id, echoed back by the
# platform in every launch of that link (quiz/lti/deep_linking.py puts it there).
ASSIGNMENT_PARAMETER = "assignment"


def _url(value: Any) -> str | None:
    """A service address from a claim, if it is one we can store and call."""
    if not isinstance(value, str) or len(value) > URL_LENGTH:
        return None
    return value if value.startswith(("https://", "http://")) else None


def note_memberships(session: Session, classroom: Classroom, claims: dict[str, Any]) -> None:
    """Keep the course's membership-list address (for the roster import), when given."""
    url = _url((claims.get(NRPS_CLAIM) or {}).get("context_memberships_url"))
    if url is None:
        return
    context = session.scalar(select(LtiContext).where(LtiContext.classroom_id == classroom.id))
    if context is not None:
        context.memberships_url = url


def named_assignment(claims: dict[str, Any]) -> int | None:
    """The assignment id the link's custom parameter names, if it is a number."""
    value = str((claims.get(CLAIM + "custom") or {}).get(ASSIGNMENT_PARAMETER) or "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def tie_link(session: Session, link: LtiResourceLink, claims: dict[str, Any],
             classroom: Classroom) -> None:
    """Tie the link to the assignment its custom parameter names, if that assignment is of
    this course's class (a parameter naming another class's assignment is ignored), and
    keep its line item address, where the assignment's scores go."""
    assignment_id = named_assignment(claims)
    if assignment_id is not None:
        assignment = session.get(Assignment, assignment_id)
        if assignment is not None and assignment.classroom_id == classroom.id:
            link.assignment_id = assignment.id
    line_item = _url((claims.get(AGS_CLAIM) or {}).get("lineitem"))
    if line_item is not None:
        link.line_item_url = line_item
