"""Question sets in the browser: upload or paste Markdown, check, preview, publish, download.

Publishing follows the rules of `flask questions import`: a set with any error stores
nothing, and changed content becomes a new version, so attempts keep the version they took.
A teacher changes only their own sets; a new set whose name is taken by someone else's
gets a free one (`name-2`).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from quiz import catalogue, limits
from quiz.db import get_session
from quiz.importing import OwnerMismatch, import_set, slug_for
from quiz.models import QuestionSet
from quiz.questionset import parsed
from quiz.questionset.lines import split_lines
from quiz.questionset.parser import parse
from quiz.questionset.rendered import render_set
from quiz.teacher.access import own_set, visible_set
from quiz.teacher.forms import ACTIONS, QuestionSetForm

bp = Blueprint("sets", __name__, url_prefix="/teacher/sets")


@bp.get("/")
def index():
    """The teacher's own question sets and the shared ones."""
    entries = catalogue.usable_entries(get_session(), current_user.id)
    sets = sorted(entries, key=lambda e: e.title.casefold())
    return render_template("teacher/sets.html",
                           own=[s for s in sets if s.owner_id == current_user.id],
                           shared=[s for s in sets if s.owner_id is None])


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Upload or paste a new question set, then check, preview or publish it."""
    return _workbench(None)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    """Change one of the teacher's sets: check, preview or publish a new version."""
    return _workbench(own_set(slug))


@bp.get("/<slug>")
def show(slug: str):
    """A set's latest version with its key; `#statement-N` anchors each statement."""
    question_set = visible_set(slug)
    return render_template("teacher/set_show.html", question_set=question_set,
                           version=question_set.latest)


@bp.get("/<slug>/source.md")
def source(slug: str):
    """Download the Markdown of a set's latest version."""
    question_set = visible_set(slug)
    return Response(question_set.latest.source_md, mimetype="text/markdown",
                    headers={"Content-Disposition": f'attachment; filename="{slug}.md"'})


def _workbench(question_set: QuestionSet | None):
    """The upload form, and what its three buttons do; only publish stores anything."""
    form = QuestionSetForm()
    if not form.is_submitted():
        if question_set is not None:
            form.source.data = question_set.latest.source_md
        return _page(form, question_set)
    if form.action.data not in ACTIONS:
        abort(400, "Press Check, Preview or Publish to send the question set.")
    if not form.validate():
        return _page(form, question_set, status=400)
    notice = None
    if form.upload.data is not None:  # the file wins over any pasted text
        notice = (f"Used the file {form.upload.data.filename}; the text box below now holds "
                  "its Markdown, to fix and send again.")
        form.filename.data = form.upload.data.filename
    text = form.markdown()
    form.source.data = text
    try:
        question = parse(text, form.filename.data or "pasted.md")
    except parsed.QuestionSetError as error:
        return _page(form, question_set, status=400, notice=notice, text=text,
                     problems=error.problems)
    if question_set is None:
        slug, target = catalogue.free_slug(get_session(), _new_slug(form.filename.data, question),
                                           current_user.id)
    else:
        slug, target = question_set.slug, question_set
    if form.action.data == "publish":
        return _publish(question_set, form.filename.data, text, question)
    preview = render_set(question) if form.action.data == "preview" else None
    return _page(form, question_set, notice=notice, summary=question.summary(), slug=slug,
                 target=target, preview=preview)


def _page(form: QuestionSetForm, question_set: QuestionSet | None, status: int = 200,
          text: str = "", problems: tuple[parsed.Problem, ...] = (), **context):
    """The workbench page; with problems, the source numbered line by line beside them."""
    lines = split_lines(text)[:limits.MAX_SET_LINES + 1]  # the parser reads no further
    lines += [""] * (max((p.line for p in problems), default=0) - len(lines))
    by_line: dict[int, list[str]] = {}
    for problem in problems:
        by_line.setdefault(problem.line, []).append(problem.message)
    return render_template("teacher/set_edit.html", form=form, question_set=question_set,
                           problems=problems, lines=lines, by_line=by_line,
                           numbered_lines=limits.MAX_SET_LINES + 1, **context), status


# Publishing again after another request took the name or the version number first.
PUBLISH_TRIES = 3


def _publish(question_set: QuestionSet | None, filename: str | None, text: str,
             question: parsed.ParsedSet):
    """Store the set as its newest version (unless unchanged), in one commit.

    Two publishes at once can both find a name free (or the same next version number): the
    one that commits second breaks a unique key, so it starts again with a fresh look at
    which name is free, and gets `name-2`, or the next version.
    """
    db = get_session()
    for _ in range(PUBLISH_TRIES):
        slug = question_set.slug if question_set else \
            catalogue.free_slug(db, _new_slug(filename, question), current_user.id)[0]
        try:
            result = import_set(db, slug, text, question, owner_id=current_user.id)
            db.commit()
            break
        except (IntegrityError, OwnerMismatch):
            db.rollback()
    else:
        abort(409, "Someone published a set at the same moment. Press Publish again.")
    number = result.version.number
    if result.created:
        flash(f"Published “{question.title}” as version {number}.")
    else:
        flash(f"“{question.title}” is unchanged, still version {number}.")
    return redirect(url_for(".show", slug=slug))


def _new_slug(filename: str | None, question: parsed.ParsedSet) -> str:
    """A new set is named after its file, or, when pasted, after its title."""
    return slug_for(filename) if filename else slug_for(question.title.replace("/", " ") + ".md")
