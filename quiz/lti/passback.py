"""Grade passback, the sending side: the due rows of `lti_score` posted to their line items
(LTI Assignment and Grade Services), with exponential backoff when the LMS fails.

Rows are claimed in a short transaction of their own: a claimed row's `due_at` becomes a
lease a few minutes ahead, so another worker passes it by, and on PostgreSQL the claiming
SELECT is `FOR UPDATE SKIP LOCKED`, so two workers never claim one row. (SQLite has one
writer at a time, so its claims are serial anyway.) Nothing is locked while the LMS is
called, so a submit never waits on it; the result is written only if the row still holds
this lease: a mark queued meanwhile stays due and goes out next. No Flask here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import requests
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.registration import Registration
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from quiz.lti.connector import TIMEOUT, JobConnector
from quiz.models import LtiPlatform, LtiScore, utcnow

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LEASE = timedelta(minutes=5)  # longer than a batch takes; a crashed worker's rows wait this
BATCH = 20
MAX_DELAY = timedelta(hours=1)
ERROR_LENGTH = 200


def retry_delay(tries: int) -> timedelta:
    """1, 2, 4, ... minutes after the 1st, 2nd, 3rd ... failure, then every hour."""
    return min(timedelta(minutes=2 ** (min(tries, 10) - 1)), MAX_DELAY)


@dataclass(frozen=True)
class Claimed:
    """What is needed to send one row, copied out of the claiming transaction."""

    id: int
    platform_id: int
    line_item_url: str
    subject: str
    score_given: int
    score_maximum: int
    tries: int
    lease: datetime


@dataclass
class Report:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


Registrations = Callable[[LtiPlatform], Registration]


def claim(session: Session, now: datetime, limit: int = BATCH) -> list[Claimed]:
    """Take up to `limit` due rows for this worker and commit the claim."""
    query = (select(LtiScore).where(LtiScore.due_at <= now)
             .order_by(LtiScore.due_at, LtiScore.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    lease = now + LEASE
    claimed = []
    for row in session.scalars(query):
        row.due_at = lease
        claimed.append(Claimed(row.id, row.platform_id, row.line_item_url, row.subject,
                               row.score_given, row.score_maximum, row.tries, lease))
    session.commit()
    return claimed


def send_due(session: Session, registration_for: Registrations, now: datetime | None = None,
             connectors: dict[int, JobConnector] | None = None) -> Report:
    """Send one batch of due grades; `connectors` (platform id -> connector) carries the
    access tokens from one batch to the next of a run."""
    now = now or utcnow()
    connectors = {} if connectors is None else connectors
    report = Report()
    down: dict[int, str] = {}  # platform id -> why its token failed in this batch
    for row in claim(session, now):
        error = down.get(row.platform_id)
        if error is None:
            error = _send(session, row, registration_for, connectors)
            if error and error.startswith(_TOKEN_FAILED):
                down[row.platform_id] = error  # its other rows would fail the same way
        _finish(session, row, error, now)
        report.sent += error is None
        report.failed += error is not None
        if error:
            report.errors.append(error)
    return report


_TOKEN_FAILED = "No access token: "


def _send(session: Session, row: Claimed, registration_for: Registrations,
          connectors: dict[int, JobConnector]) -> str | None:
    """Post the score; None if the LMS took it, else a short reason."""
    connector = connectors.get(row.platform_id)
    if connector is None:
        platform = session.get(LtiPlatform, row.platform_id)
        connector = connectors[row.platform_id] = JobConnector(registration_for(platform))
    service = AssignmentsGradesService(connector, {"scope": [SCORE_SCOPE],
                                                   "lineitem": row.line_item_url})
    grade = (Grade().set_user_id(row.subject).set_score_given(row.score_given)
             .set_score_maximum(row.score_maximum).set_activity_progress("Completed")
             .set_grading_progress("FullyGraded")
             .set_timestamp(utcnow().isoformat(timespec="milliseconds")))
    try:
        connector.get_access_token([SCORE_SCOPE])
    except (LtiException, requests.RequestException, KeyError, ValueError) as error:
        return _TOKEN_FAILED + _reason(error)
    try:
        service.put_grade(grade)
    except (LtiException, requests.RequestException, ValueError) as error:
        if isinstance(error, LtiServiceException) and error.response.status_code == 401:
            connector.forget_tokens()  # revoked or expired early: ask for a new one next time
        return _reason(error)
    return None


def _reason(error: Exception) -> str:
    if isinstance(error, LtiServiceException):
        text = f"HTTP {error.response.status_code} {error.response.reason or ''}".strip()
    elif isinstance(error, requests.Timeout):
        text = f"no answer within {TIMEOUT} seconds"
    elif isinstance(error, requests.ConnectionError):
        text = "could not connect"
    else:
        text = str(error) or type(error).__name__
    return text[:ERROR_LENGTH]


def _finish(session: Session, row: Claimed, error: str | None, now: datetime) -> None:
    """Write the outcome if the row still holds this worker's lease, and commit."""
    still_ours = (LtiScore.id == row.id, LtiScore.due_at == row.lease)
    if error is None:
        values: dict[str, Any] = {"due_at": None, "sent_at": utcnow(), "last_error": None}
    else:
        tries = row.tries + 1
        values = {"tries": tries, "last_error": error, "due_at": now + retry_delay(tries)}
    session.execute(update(LtiScore).where(*still_ours).values(**values, updated_at=utcnow()))
    session.commit()


def next_due(session: Session) -> datetime | None:
    """When the next row falls due (None: nothing is waiting)."""
    found = session.scalar(select(LtiScore.due_at).where(LtiScore.due_at.is_not(None))
                           .order_by(LtiScore.due_at).limit(1))
    session.commit()  # end the read, so the worker holds no snapshot while it sleeps
    return found
