"""The media-literacy quiz: `create_app()` is the only entry point."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app

from quiz import limits


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from defaults, the environment and the instance folder; no side effects."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder="../templates", static_folder="../static")
    app.config.from_mapping(
        DATABASE_URL=os.environ.get(
            "DATABASE_URL", f"sqlite:///{Path(app.instance_path) / 'quiz.sqlite'}"
        ),
        SECRET_KEY=os.environ.get("QUIZ_SECRET_KEY"),
        MAX_CONTENT_LENGTH=limits.MAX_REQUEST_BYTES,  # a 413 before anything is read
        TIMEZONE=os.environ.get("QUIZ_TIMEZONE", "UTC"),  # due dates are entered in it
        # Anyone may practise the shared sets (and so read their key after one go); "0" turns
        # practice off, for a site whose shared sets are assigned for grades.
        PUBLIC_PRACTICE=os.environ.get("QUIZ_PUBLIC_PRACTICE", "1") != "0",
        # Rate-limit counts: Redis (redis://...) when set, else the database (security.py).
        RATELIMIT_STORAGE_URI=os.environ.get("RATELIMIT_STORAGE_URI"),
        TRUSTED_PROXIES=os.environ.get("QUIZ_TRUSTED_PROXIES", "0"),  # proxy hops to trust
        WTF_CSRF_TIME_LIMIT=None,  # a token lives as long as the session: quizzes can be long
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _read_secret_key(Path(app.instance_path))

    from quiz import backup, cli, compression, db, errors, lti, security, teacher
    from quiz.student import classes as student_classes
    from quiz.student import views as student

    db.init_app(app)
    cli.init_app(app)
    backup.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    compression.init_app(app)
    app.add_url_rule("/favicon.ico", "favicon", _favicon)
    for blueprint in (student.bp, student_classes.bp):
        app.register_blueprint(blueprint)
    teacher.init_app(app)
    lti.init_app(app)
    return app


def _favicon() -> Response:
    """The site's icon: browsers ask for /favicon.ico whatever a page links, and a 404 there
    is an error in every page's console."""
    return current_app.send_static_file("favicon.svg")


def _read_secret_key(instance: Path) -> str | None:
    """The key `flask --app quiz init` wrote; None until then (pages then refuse to serve)."""
    from quiz.db import SECRET_KEY_FILE

    path = instance / SECRET_KEY_FILE
    return path.read_text().strip() if path.exists() else None
