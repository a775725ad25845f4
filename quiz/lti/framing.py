"""Cookies and framing for a browser that came in through an LTI launch.

After a launch the tool's pages run in the LMS's iframe: a cross-site context, where a
browser sends no `SameSite=Lax` cookie, so the session (a teacher's sign-in, a student's
browser id, the CSRF token) would be lost on the first click. For that browser only, the
session cookie becomes `SameSite=None; Secure; Partitioned`: sent inside the frame, kept in
a jar of the LMS's site alone (CHIPS: no third-party tracking cookie, and allowed where
third-party cookies are blocked). Everyone else keeps `Lax`. Secure cookies need HTTPS (a
browser treats http://localhost and 127.0.0.1 as secure too, which the browser tests use).

Its pages, and the LTI pages themselves, may be framed by the registered platforms only.
Built on quiz/security.py's session interface and headers; installed by `lti.init_app`.
"""

from __future__ import annotations

from flask import Flask, g, has_request_context, request, session
from pylti1p3.contrib.flask import FlaskCookieService

from quiz.db import get_session
from quiz.lti import platforms
from quiz.security import SessionInterface

FRAMED = "lti_framed"  # in the session: this browser came in through a launch


def mark_launched() -> None:
    """This browser came in through a launch: cross-site cookies and framing from now on."""
    session[FRAMED] = True


def launched_here() -> bool:
    # `in`, not `.get()`: reading the flag must not mark the session accessed (which would
    # add `Vary: Cookie` to every response, static files included).
    return has_request_context() and FRAMED in session


class LtiSessionInterface(SessionInterface):
    """The app's session cookie, made cross-site (and partitioned) for launched browsers."""

    def get_cookie_samesite(self, app: Flask) -> str | None:
        return "None" if launched_here() else super().get_cookie_samesite(app)

    def get_cookie_secure(self, app: Flask) -> bool:
        # Browsers drop a `SameSite=None` cookie that is not Secure.
        return launched_here() or super().get_cookie_secure(app)

    def get_cookie_partitioned(self, app: Flask) -> bool:
        return launched_here() or super().get_cookie_partitioned(app)


class CrossSiteCookies(FlaskCookieService):
    """The library's short-lived state cookie, set by the login inside the LMS's iframe
    and read by the launch posted into it: always cross-site and partitioned (the library
    does so only when the request came over HTTPS, which a proxy may hide)."""

    def update_response(self, response) -> None:
        for key, cookie in self._cookie_data_to_set.items():
            response.set_cookie(key, cookie["value"], max_age=cookie["exp"], path="/",
                                secure=True, httponly=True, samesite="None",
                                partitioned=True)


def frame_for_platforms() -> None:
    """LTI pages, and every page of a browser that came in through a launch, may be framed
    by the registered platforms (security.py writes the header)."""
    if request.blueprint == "lti" or launched_here():
        g.frame_ancestors = platforms.frame_origins(platforms.all_platforms(get_session()))


def init_app(app: Flask) -> None:
    app.session_interface = LtiSessionInterface()
    app.before_request(frame_for_platforms)
