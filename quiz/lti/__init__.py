"""LTI 1.3: the quiz as an activity inside a school's LMS (Canvas, Moodle, ...).

The rest of the app never imports the LTI library (pylti1p3next): only this package does.
`init_app` registers the routes, the `lti` commands, and the cookies and framing of
browsers that came in through a launch.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from quiz.lti import cli, deep_linking, framing, roster_views, views  # noqa: F401 (routes)
    from quiz.security import csrf

    app.register_blueprint(views.bp)
    # Posted by the platform's page, not our forms: signed by the platform instead.
    csrf.exempt(views.login)
    csrf.exempt(views.launch)
    framing.init_app(app)  # the session cookie and framing of launched browsers
    app.cli.add_command(cli.lti)
    _grade_passback(app)


def _grade_passback(app: Flask) -> None:
    """A changed mark is queued for the LMS in the transaction that changed it (a hook, so
    quiz.attempts and quiz.marks need no import of LTI), and the results page says what waits."""
    from quiz.attempts import mark_changed
    from quiz.db import get_session
    from quiz.lti import scores

    mark_changed.connect(scores.on_mark_changed)  # once: blinker keeps one per receiver
    app.add_template_global(lambda assignment: scores.waiting(get_session(), assignment)
                            .sentence(), "lti_grades_waiting")
