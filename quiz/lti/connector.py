"""How the tool calls an LMS's services (Names and Roles, Assignment and Grade Services):
the library's service connector, with a timeout on every call and its access tokens kept
for the life of one connector (one import of a roster, one run of the grade worker).

A connector is made per job, so no token outlives it or is shared between workers; an
LMS that hangs delays that job by TIMEOUT per call, never forever.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import requests
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector

from quiz.models import utcnow

TIMEOUT = 5  # seconds per call to the LMS (a token, a page of members, a score)


class _TimedSession(requests.Session):
    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(*args, **kwargs)


class JobConnector(ServiceConnector):
    """The library's connector, timed, with its tokens cached for this job only."""

    def __init__(self, registration: Registration) -> None:
        super().__init__(registration, requests_session=_TimedSession())
        self._tokens: dict[str, tuple[str, datetime]] = {}

    def _get_cached_access_token(self, scope_key: str) -> str | None:
        token, expires = self._tokens.get(scope_key, ("", utcnow()))
        return token if expires > utcnow() else None

    def _cache_access_token(self, scope_key: str, access_token: str,
                            expires_in: float) -> None:
        # A token said to last under a minute (or not said) is used for this job only.
        lifetime = max(float(expires_in or 0) - 30, 60)
        self._tokens[scope_key] = (access_token, utcnow() + timedelta(seconds=lifetime))

    def forget_tokens(self) -> None:
        self._tokens.clear()
