"""What teachers see: sign-in, classes, assignments, question sets, results and exports.

Every page but sign-in requires a signed-in teacher: `init_app` registers the blueprints
and one guard for all of them. Every object is loaded through `access.py`, which answers
404 for anything the teacher does not own.
"""

from __future__ import annotations

from flask import Flask, request
from flask_login import login_required


def init_app(app: Flask) -> None:
    from quiz.teacher import (
        auth,
        classes,
        drafts,
        exports,
        lms_exports,
        marks,
        results,
        sets,
        unassign,
    )

    signed_in_only = {bp.name for bp in (classes.bp, results.bp, exports.bp, sets.bp, marks.bp,
                                         unassign.bp, drafts.bp, lms_exports.bp)}
    auth.login_manager.init_app(app)
    for blueprint in (auth.bp, classes.bp, results.bp, exports.bp, sets.bp, marks.bp,
                      unassign.bp, drafts.bp, lms_exports.bp):
        app.register_blueprint(blueprint)

    @app.before_request
    def _teachers_only():
        if request.blueprint in signed_in_only:
            return _require_sign_in()
        return None


@login_required
def _require_sign_in() -> None:
    """Nothing to do once signed in; Flask-Login sends everyone else to the sign-in page."""
