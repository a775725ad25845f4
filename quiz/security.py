"""CSRF on every form, response headers that contain what a page may do, and the key check."""

from __future__ import annotations

from flask import Flask, Response, current_app
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

# Pages load only their own stylesheet and script, and cannot be framed.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.before_request(_require_secret_key)
    app.after_request(_security_headers)


def _require_secret_key() -> None:
    if not current_app.config.get("SECRET_KEY"):
        raise RuntimeError("No secret key: run `flask --app quiz init` (or `make run`) once, "
                           "or set QUIZ_SECRET_KEY.")


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", _CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
