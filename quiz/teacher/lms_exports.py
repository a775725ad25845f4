"""A set's latest version downloaded as a quiz for the LMS's own engine: Canvas or Moodle.

Any set the teacher may use (their own or a shared one) can be exported; another teacher's
own set is a 404, as everywhere (`access.visible_set`). The files are built in memory: a
set's limits (quiz/limits.py) bound them to a few megabytes at most.
"""

from __future__ import annotations

from flask import Blueprint, Response

from quiz.importing import slug_for
from quiz.lms.moodle_xml import moodle_xml
from quiz.lms.qti import qti_package
from quiz.teacher.access import visible_set

bp = Blueprint("lms_exports", __name__, url_prefix="/teacher/sets")


def _safe(slug: str) -> str:
    """Letters, digits and hyphens only, whatever a slug imported long ago holds: it goes
    into a header."""
    return slug_for(slug + ".md")


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(data, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})


@bp.get("/<slug>/canvas-qti.zip")
def canvas_qti(slug: str):
    """The set as a QTI 1.2 package that Canvas imports as a quiz."""
    question_set = visible_set(slug)
    return _download(qti_package(question_set.latest), "application/zip",
                     f"{_safe(question_set.slug)}-canvas-qti.zip")


@bp.get("/<slug>/moodle.xml")
def moodle(slug: str):
    """The set as Moodle XML, for a Moodle question bank."""
    question_set = visible_set(slug)
    return _download(moodle_xml(question_set.latest), "application/xml",
                     f"{_safe(question_set.slug)}-moodle.xml")
