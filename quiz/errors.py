"""Error pages in plain words; a failed request leaves nothing half-written."""

from __future__ import annotations

from flask import Flask, current_app, g, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, TooManyRequests

from quiz.db import note_write_failure

_TITLES = {429: "Too many attempts"}  # plainer than Werkzeug's "Too Many Requests"
_MESSAGES = {
    400: "Something in that request was not right. Go back, reload the page and try again.",
    404: "There is nothing here. The link may be mistyped, or the page may belong to "
         "another browser.",
    405: "That action is not available on this page.",
    409: "Someone else changed the same thing at the same moment. Nothing of yours was lost.",
    413: "That was too large to send. Try a smaller file or less text.",
    # Each limit says in its own words what was limited (security.Limit.refusal); this is
    # for a 429 that does not.
    429: "Too many attempts in a short time. Wait a minute and try again.",
    500: "Something went wrong on our side. Your saved answers are safe; please try again.",
    503: "The quiz is very busy for a moment. Answers you already saved are safe: wait a few "
         "seconds and try again.",
}
RETRY_AFTER = 5  # seconds: a busy database or a full disk usually clears in that time


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    # The database could not be reached or written (busy past its timeout, a full disk, a
    # server restarting): nothing of this request was stored, and trying again will work.
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)


def _render(code: int, title: str, detail: str | None = None, message: str | None = None):
    message = message or _MESSAGES.get(code, "That did not work.")
    return render_template("error.html", code=code, title=title, message=message,
                           detail=detail), code


def _csrf_error(error: CSRFError):
    return _render(400, "This form has expired",
                   "The page was open too long or was sent from elsewhere. Reload it and "
                   "send it again.")


def _http_error(error: HTTPException):
    code = error.code or 500
    if isinstance(error, TooManyRequests):
        return _too_many(error)
    detail = error.description if code in (400, 409) and error.description else None
    if detail and detail.startswith("The browser (or proxy) sent a request"):
        detail = None  # Werkzeug's generic text adds nothing to ours
    return _render(code, _TITLES.get(code, error.name), detail)


def _too_many(error: TooManyRequests):
    """The limit's own words, and when to try again (Retry-After, in seconds)."""
    own = error.description if error.description != TooManyRequests.description else None
    page, code = _render(429, _TITLES[429], message=own)
    return page, code, [header for header in error.get_headers() if header[0] == "Retry-After"]


def _server_error(error: InternalServerError):
    _discard_session()
    return _render(500, "Something went wrong")


def _database_unavailable(error: OperationalError):
    _discard_session()
    note_write_failure()
    current_app.logger.warning("database unavailable: %s", error.orig)
    page, code = _render(503, "Please try again in a moment")
    return page, code, {"Retry-After": str(RETRY_AFTER)}


def _discard_session() -> None:
    """Roll back what the failed request started, so nothing of it is half-written."""
    session = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
