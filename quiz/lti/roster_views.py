"""The class page's "Import the roster from your course" button (Names and Roles)."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, url_for
from flask_login import login_required
from sqlalchemy import select

from quiz.db import get_session
from quiz.forms import ActionForm
from quiz.lti import roster
from quiz.lti.storage import DatabaseToolConf
from quiz.lti.views import bp
from quiz.models import LtiContext, LtiPlatform
from quiz.teacher.access import own_classroom


@bp.app_template_global("lti_course")
def lti_course(classroom_id: int) -> bool:
    """Whether the class is a course of an LMS (its page then offers the roster import)."""
    return get_session().scalar(select(LtiContext.id).where(
        LtiContext.classroom_id == classroom_id)) is not None


@bp.post("/classes/<int:classroom_id>/roster")
@login_required
def import_roster(classroom_id: int):
    """Add the course's learners, as the LMS lists them, to the class."""
    classroom = own_classroom(classroom_id)
    if not ActionForm().validate_on_submit():
        abort(400, "The form expired. Open the class page again and press the button.")
    db = get_session()
    context = db.scalar(select(LtiContext).where(LtiContext.classroom_id == classroom.id))
    if context is None:
        abort(404)
    back = redirect(url_for("classes.classroom", classroom_id=classroom.id), code=303)
    if context.memberships_url is None:
        flash("Your LMS has not shared this course's member list. Open the activity from "
              "the course once; if this stays, ask your LMS administrator to allow the "
              "tool's Names and Roles service.")
        return back
    platform = db.get(LtiPlatform, context.platform_id)
    registration = DatabaseToolConf(db, Path(current_app.instance_path)) \
        .find_registration_by_params(platform.issuer, platform.client_id)
    try:
        members = roster.fetch_members(registration, context.memberships_url)
    except roster.RosterUnavailable as error:
        flash(str(error))
        return back
    imported = roster.add_learners(db, platform, classroom, members)
    db.commit()
    already = f" {imported.already} were in the class already." if imported.already else ""
    flash(f"Added {imported.added} student{'s' if imported.added != 1 else ''} from your "
          f"course.{already}")
    return back
