"""The LTI library's tool configuration and launch storage, read from our database.

`DatabaseToolConf` finds registrations in `lti_platform` (not a JSON file), so the CLI and
the operator's page see what launches use. `DatabaseLaunchStorage` keeps the library's
nonces and launch claims in `lti_launch_data` rather than the session cookie, which a
browser does not send into a cross-site iframe; `OneUseNonces` deletes a nonce as a launch
uses it, which the library itself does not do, so a replayed id token is refused.
Nothing here commits: the view does, once.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from pylti1p3.deployment import Deployment
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.registration import Registration
from pylti1p3.session import SessionService
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from quiz.lti import keys
from quiz.models import LtiDeployment, LtiLaunchData, LtiPlatform, utcnow

DEFAULT_LIFETIME = 3600  # seconds; the library asks for a day for launch claims


def find_platform(session: Session, issuer: str, client_id: str | None) -> LtiPlatform | None:
    """The registration of `issuer` with `client_id`; without a client id (some platforms
    leave it out of the login request), the issuer's one registration, if it has one."""
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id is not None:
        return session.scalar(query.where(LtiPlatform.client_id == client_id))
    found = list(session.scalars(query.limit(2)))
    return found[0] if len(found) == 1 else None


class DatabaseToolConf(ToolConfAbstract):
    """Registrations from `lti_platform`; an issuer may hold several client ids."""

    def __init__(self, session: Session, instance: Path) -> None:
        self._session, self._instance = session, instance

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args, **kwargs) -> Registration | None:
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(self, iss: str, client_id: str | None, *args,
                                    **kwargs) -> Registration | None:
        platform = find_platform(self._session, iss, client_id)
        if platform is None:
            return None
        return (Registration().set_issuer(platform.issuer).set_client_id(platform.client_id)
                .set_auth_login_url(platform.auth_login_url)
                .set_auth_token_url(platform.auth_token_url)
                .set_key_set_url(platform.key_set_url)
                .set_tool_private_key(keys.private_key_pem(self._instance))
                .set_tool_public_key(keys.public_key_pem(self._instance)))

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        return None  # every issuer is looked up with its client id

    def find_deployment_by_params(self, iss: str, deployment_id: str, client_id: str,
                                  *args, **kwargs) -> Deployment | None:
        known = self._session.scalar(
            select(LtiDeployment.id).join(LtiPlatform)
            .where(LtiPlatform.issuer == iss, LtiPlatform.client_id == client_id,
                   LtiDeployment.deployment_id == deployment_id))
        return None if known is None else Deployment().set_deployment_id(deployment_id)


class DatabaseLaunchStorage(LaunchDataStorage[Any]):
    """Values as JSON rows with an expiry. No session-id cookie: the state cookie the
    library checks already ties a launch to the browser that began the login."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session

    def get_session_cookie_name(self) -> str | None:
        return None

    def can_set_keys_expiration(self) -> bool:
        return True

    def get_value(self, key: str) -> Any:
        row = self._session.get(LtiLaunchData, self._prepare_key(key))
        if row is None or row.expires_at <= utcnow():
            return None
        return json.loads(row.value)

    def set_value(self, key: str, value: Any, exp: int | None = None) -> None:
        expires = utcnow() + timedelta(seconds=exp or DEFAULT_LIFETIME)
        self._session.merge(LtiLaunchData(key=self._prepare_key(key), value=json.dumps(value),
                                          expires_at=expires))

    def check_value(self, key: str) -> bool:
        return self.get_value(key) is not None

    def take_value(self, key: str) -> bool:
        """Delete the value; True if it was there and unexpired. Of two launches with one
        nonce at the same moment, the database lets exactly one delete the row."""
        self._session.flush()
        deleted = self._session.execute(delete(LtiLaunchData).where(
            LtiLaunchData.key == self._prepare_key(key), LtiLaunchData.expires_at > utcnow()))
        return deleted.rowcount == 1


class OneUseNonces(SessionService):
    """The library's session service on our storage, with a nonce good for one launch."""

    data_storage: DatabaseLaunchStorage

    def __init__(self, request: Any, storage: DatabaseLaunchStorage) -> None:
        super().__init__(request)
        self.set_data_storage(storage)

    def check_nonce(self, nonce: str) -> bool:
        return self.data_storage.take_value(self._get_key("nonce", nonce))


def forget_expired(session: Session) -> None:
    """Delete launch data past its expiry (run on each login, so the table stays small)."""
    session.execute(delete(LtiLaunchData).where(LtiLaunchData.expires_at <= utcnow()))
