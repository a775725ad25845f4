"""CSRF on every form, response headers that contain what a page may do, and the key check.

Also: the session cookie marked Secure whenever the page came over HTTPS, a proxy's
forwarded address trusted only when configured, the rate limits the views that need them
call, and two input checks that turn what a database would choke on into a 400 or a 404
instead of a 500.
"""

from __future__ import annotations

import math
import secrets
import time
from dataclasses import dataclass, field

from flask import Flask, Response, abort, current_app, g, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from quiz.db import get_engine
from quiz.models.rate_limits import DatabaseStorage

csrf = CSRFProtect()

# Pages load only their own stylesheet and script, and cannot be framed.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# The largest id an `<int:…>` URL part may name: PostgreSQL's `integer` (SQLite's is 2**63).
MAX_ID = 2**31 - 1
_LIMITER = "quiz.limiter"


@dataclass(frozen=True)
class Limit:
    """How many counted requests a moving window allows, and what someone refused reads."""

    name: str
    rate: str  # as the `limits` library reads it: "10 per minute"
    refusal: str  # the sentence of the 429 page
    item: RateLimitItem = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "item", parse(self.rate))

    def per(self, *who: str) -> Count:
        return Count(self, who)


@dataclass(frozen=True)
class Count:
    """One limit counted for one someone: an address, an address and an email, a browser."""

    limit: Limit
    who: tuple[str, ...]


class RateLimits:
    """The app's rate limits, counted in `storage` (Redis, or the app's database) in moving
    windows. Only the views that need a limit call it: no other request runs limiter code."""

    def __init__(self, storage: Storage, enabled: bool = True) -> None:
        self.storage, self.enabled = storage, enabled
        self._window = MovingWindowRateLimiter(storage)
        self._generation = ""  # part of every key; reset() changes it

    def check(self, *counts: Count) -> None:
        """Refuse the request (429, with Retry-After) if any of `counts` is used up."""
        for count in counts:
            if self.enabled and not self._window.test(count.limit.item, *self._key(count)):
                self._refuse(count)

    def count(self, *counts: Count) -> None:
        """Count the request (a failure: a wrong password, a wrong class code)."""
        for count in counts:
            if self.enabled:
                self._window.hit(count.limit.item, *self._key(count))

    def take(self, *counts: Count) -> None:
        """Refuse the request if any of `counts` is used up, else count it under each."""
        self.check(*counts)
        for count in counts:
            if self.enabled and not self._window.hit(count.limit.item, *self._key(count)):
                self._refuse(count)  # another worker took the last place meanwhile

    def clear(self, *counts: Count) -> None:
        for count in counts:
            if self.enabled:
                self._window.clear(count.limit.item, *self._key(count))

    def reset(self) -> None:
        """Count from zero from now on, in this app (for tests): keys of its own, while what
        was counted before stays stored until it ages out, as nothing else is changed."""
        self._generation = secrets.token_hex(4)

    def _key(self, count: Count) -> tuple[str, ...]:
        return (self._generation, count.limit.name, *count.who)

    def _refuse(self, count: Count) -> None:
        reset_at, _ = self._window.get_window_stats(count.limit.item, *self._key(count))
        raise TooManyRequests(count.limit.refusal,
                              retry_after=max(1, math.ceil(reset_at - time.time())))


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions; the cookie is Secure when the page came over HTTPS.

    `SESSION_COOKIE_SECURE` forces it on. Behind a proxy that ends TLS, `request.is_secure`
    is true only if the proxy's `X-Forwarded-Proto` is trusted (Werkzeug's ProxyFix).
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        if app.config["SESSION_COOKIE_SECURE"]:
            return True
        return has_request_context() and request.is_secure


class IdConverter(IntegerConverter):
    """`<int:…>` that matches only numbers an id column can hold: a larger one is a 404.

    Without it, `/classes/10000000000000000000` reaches the database and overflows (a 500).
    `<int(signed=True):…>` marks a position the view checks itself, so it is left unbounded.
    """

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = None, signed: bool = False) -> None:
        if max is None and not signed:
            max = MAX_ID
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app: Flask) -> None:
    """Before the blueprints are registered: their `<int:…>` rules use IdConverter."""
    csrf.init_app(app)
    app.session_interface = SessionInterface()
    app.url_map.converters["int"] = IdConverter
    app.before_request(_require_secret_key)
    app.before_request(_refuse_nul_characters)
    app.after_request(_security_headers)
    _trust_proxies(app)
    app.extensions[_LIMITER] = RateLimits(_limits_storage(app),
                                          enabled=app.config.get("RATELIMIT_ENABLED", True))


def _trust_proxies(app: Flask) -> None:
    """Behind N proxies (TRUSTED_PROXIES, from QUIZ_TRUSTED_PROXIES), the client's address and
    scheme are the ones the nearest N added to X-Forwarded-For and -Proto; with none, those
    headers are anyone's to write, and ignored."""
    value = str(app.config.get("TRUSTED_PROXIES") or 0)
    if not value.isdigit():
        raise ValueError(f"QUIZ_TRUSTED_PROXIES is the number of proxies in front of the app "
                         f"(0, 1, 2...), not {value!r}")
    if hops := int(value):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _limits_storage(app: Flask) -> Storage:
    """Redis (or any `limits` storage URI) when RATELIMIT_STORAGE_URI is set; else the app's
    database, which every worker and instance on it shares."""
    uri = app.config.get("RATELIMIT_STORAGE_URI")
    if uri:
        return storage_from_string(uri, **app.config.get("RATELIMIT_STORAGE_OPTIONS", {}))
    with app.app_context():
        return DatabaseStorage(get_engine())


def limiter(app: Flask) -> RateLimits:
    """The app's rate limits; the views that need one check and count it."""
    return app.extensions[_LIMITER]


def rate_limits() -> RateLimits:
    return limiter(current_app)


def address() -> str:
    """The client's address: the connection's, or a trusted proxy's X-Forwarded-For."""
    return request.remote_addr or "unknown"


def _require_secret_key() -> None:
    if not current_app.config.get("SECRET_KEY"):
        raise RuntimeError("No secret key: run `flask --app quiz init` (or `make run`) once, "
                           "or set QUIZ_SECRET_KEY.")


def _refuse_nul_characters() -> None:
    """No typed text holds a NUL character, and PostgreSQL cannot store one (a 500)."""
    texts = [*request.args.items(multi=True), *request.form.items(multi=True),
             *((name, upload.filename or "") for name, upload in request.files.items(multi=True)),
             *((name, value) for name, value in (request.view_args or {}).items()
               if isinstance(value, str))]
    if any("\x00" in name or "\x00" in value for name, value in texts):
        abort(400, "The text sent contains a NUL character, which no form accepts.")


def _security_headers(response: Response) -> Response:
    # LTI pages (and a launched browser's pages) may be framed by the registered LMSs:
    # `g.frame_ancestors` lists their origins (quiz/lti/views.py); no other page is framed.
    origins = g.get("frame_ancestors")
    if origins is None:
        response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
    else:
        ancestors = " ".join(origins) or "'none'"
        response.headers.setdefault("Content-Security-Policy", _CSP.replace(
            "frame-ancestors 'none'", f"frame-ancestors {ancestors}"))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
