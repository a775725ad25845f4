"""CSRF on every form, response headers that contain what a page may do, and the key check.

Also: the session cookie marked Secure whenever the page came over HTTPS, a rate limiter
(Flask-Limiter) of each app's own, and two input checks that turn what a database would
choke on into a 400 or a 404 instead of a 500.
"""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from werkzeug.routing import IntegerConverter, Map

csrf = CSRFProtect()

# Pages load only their own stylesheet and script, and cannot be framed.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# The largest id an `<int:…>` URL part may name: PostgreSQL's `integer` (SQLite's is 2**63).
MAX_ID = 2**31 - 1
_LIMITER = "quiz.limiter"


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
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")  # no burst at a minute's edge
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)  # Retry-After on a 429
    # One limiter per app, so each app (and each test) counts in its own storage; a limiter
    # shared by module would carry one app's counts and settings into the next.
    app.extensions[_LIMITER] = Limiter(get_remote_address, app=app)


def limiter(app: Flask) -> Limiter:
    """The app's rate limiter; blueprints declare their limits on it when registered."""
    return app.extensions[_LIMITER]


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
    response.headers.setdefault("Content-Security-Policy", _CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
