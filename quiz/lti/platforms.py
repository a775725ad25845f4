"""Registering an LMS with this tool, and the values an LMS admin pastes into the LMS.
No Flask here; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from quiz.models import LtiDeployment, LtiPlatform
from quiz.models.lti import LTI_ID_LENGTH, URL_LENGTH


class RegistrationError(ValueError):
    """Why a platform cannot be registered, in plain words."""


@dataclass(frozen=True)
class Registered:
    platform: LtiPlatform
    created: bool  # False: an existing issuer + client id was updated


def _url(name: str, value: str, allow_http: bool) -> str:
    value = value.strip()
    parts = urlsplit(value)
    schemes = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in schemes or not parts.netloc:
        raise RegistrationError(f"The {name} must be a full https:// address, not {value!r}.")
    if len(value) > URL_LENGTH:
        raise RegistrationError(f"The {name} is longer than {URL_LENGTH} characters.")
    return value


def _lti_id(name: str, value: str) -> str:
    value = value.strip()
    if not value or len(value) > LTI_ID_LENGTH:
        raise RegistrationError(f"The {name} must be 1 to {LTI_ID_LENGTH} characters.")
    return value


def _origin(value: str, allow_http: bool) -> str:
    """`https://school.instructure.com`: a scheme and a host (and port), nothing after."""
    value = _url("frame origin", value, allow_http).rstrip("/")
    parts = urlsplit(value)
    if parts.path or parts.query or parts.fragment or "@" in parts.netloc:
        raise RegistrationError(f"A frame origin is only the start of an address, like "
                                f"https://school.instructure.com, not {value!r}.")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def register(session: Session, *, issuer: str, client_id: str, deployment_ids: list[str],
             auth_login_url: str, auth_token_url: str, key_set_url: str,
             frame_origins: list[str] | None = None, allow_http: bool = False) -> Registered:
    """Add a platform, or update the one with this issuer and client id (its deployment ids
    and extra frame origins become these). `allow_http` is for a test platform on
    127.0.0.1 only."""
    origins = sorted({_origin(origin, allow_http) for origin in frame_origins or []})
    values = {
        "issuer": _url("issuer", issuer, allow_http),
        "auth_login_url": _url("auth URL", auth_login_url, allow_http),
        "auth_token_url": _url("token URL", auth_token_url, allow_http),
        "key_set_url": _url("key set URL", key_set_url, allow_http),
        "frame_origins": " ".join(origins) or None,
    }
    client_id = _lti_id("client id", client_id)
    deployments = sorted({_lti_id("deployment id", d) for d in deployment_ids})
    if not deployments:
        raise RegistrationError("Give at least one deployment id (--deployment-id).")
    platform = session.scalar(select(LtiPlatform).where(
        LtiPlatform.issuer == values["issuer"], LtiPlatform.client_id == client_id))
    created = platform is None
    if platform is None:
        platform = LtiPlatform(client_id=client_id)
        session.add(platform)
    for column, value in values.items():
        setattr(platform, column, value)
    kept = {d.deployment_id: d for d in platform.deployments}
    platform.deployments = [kept.get(d) or LtiDeployment(deployment_id=d) for d in deployments]
    session.flush()
    return Registered(platform, created)


def all_platforms(session: Session) -> list[LtiPlatform]:
    return list(session.scalars(select(LtiPlatform).options(
        selectinload(LtiPlatform.deployments)).order_by(LtiPlatform.issuer,
                                                        LtiPlatform.client_id)))


def frame_origins(platforms: list[LtiPlatform]) -> list[str]:
    """The origins that may frame LTI pages: each platform's issuer and sign-in address
    (for Moodle, the site itself), and the frame origins it was registered with."""
    origins = set()
    for platform in platforms:
        for url in (platform.issuer, platform.auth_login_url):
            parts = urlsplit(url)
            origins.add(f"{parts.scheme}://{parts.netloc}")
        origins.update((platform.frame_origins or "").split())
    return sorted(origins)
