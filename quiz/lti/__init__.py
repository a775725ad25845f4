"""LTI 1.3: the quiz as an activity inside a school's LMS (Canvas, Moodle, ...).

The rest of the app never imports the LTI library (pylti1p3next): only this package does.
`init_app` registers the routes, the `lti` commands and the framing rule.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from quiz.lti import cli, views
    from quiz.security import csrf

    app.register_blueprint(views.bp)
    # Posted by the platform's page, not our forms: signed by the platform instead.
    csrf.exempt(views.login)
    csrf.exempt(views.launch)
    app.before_request(views.frame_for_platforms)
    app.cli.add_command(cli.lti)
