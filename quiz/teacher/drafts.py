"""A question set drafted from an article: paste or upload it, review the suggestions, and
take the draft to the workbench (check, preview, publish) like any set.

Nothing is stored before Publish: the review page carries the article (re-segmented each
time it is sent, which gives the same passages every time), the source and each statement
as the teacher left it in its own form. The draft opens in the workbench's page, whose form
posts to the workbench's own address, so from then on the teacher is on the workbench.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from quiz import limits
from quiz.drafting import draft, review, signals
from quiz.drafting.candidates import LABELS, PassageText
from quiz.questionset.writer import write
from quiz.teacher import sets
from quiz.teacher.forms import ArticleForm, QuestionSetForm, ReviewForm

bp = Blueprint("drafts", __name__, url_prefix="/teacher/sets/from-article")

STALE = ("The review page came back without its article. Start again from “New set from an "
         "article”: nothing was stored.")


@bp.route("/", methods=["GET", "POST"])
def new():
    """Paste or upload an article with its title and source; sent, the review page."""
    form = ArticleForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("teacher/draft_new.html", form=form), status
    found = draft.candidates(form.extracted)[1]
    if len(found) > limits.MAX_REVIEW_STATEMENTS:
        form.article.errors = [f"The article has {len(found)} sentences; one review holds "
                               f"{limits.MAX_REVIEW_STATEMENTS}. Use the part you want to "
                               "ask about."]
        return render_template("teacher/draft_new.html", form=form), 400
    source_date = form.source_date.data.isoformat() if form.source_date.data else ""
    return _review_page(_filled(form.title.data, form.extracted, form.source_name.data,
                                form.source_url.data or "", source_date,
                                review.first_rows(found)))


@bp.post("/review")
def review_again():
    """The review page with its counts brought up to date, or one statement split."""
    form = ReviewForm()
    rows, _ = _checked_rows(form)
    if _problems(form):
        return _review_page(form)
    if form.split.data is None:
        return _review_page(_refilled(form, rows))
    if form.split.data >= len(rows):
        abort(400, "There is no such statement to split. Reload the page and try again.")
    outcome = review.split(rows, form.split.data, limits.MAX_REVIEW_STATEMENTS)
    page = _refilled(form, outcome.rows)
    if not outcome.done:
        page.candidates[form.split.data].text.errors = [outcome.message]
    return _review_page(page, message=outcome.message if outcome.done else None)


@bp.post("/draft")
def make():
    """Write the kept statements as a set and open it in the workbench; its Check, Preview
    and Publish buttons then go on to the workbench's own page."""
    form = ReviewForm()
    rows, passages = _checked_rows(form)
    for index, message in review.make_problems(rows):
        if index is None:
            form.form_errors.append(message)
        elif not form.candidates[index].text.errors:
            form.candidates[index].text.errors = [message]
    if _problems(form):
        return _review_page(form)
    source = draft.Source(form.source_name.data, form.source_url.data or "",
                          form.source_date.data or "")
    try:  # write_draft's own plan: the same set, and what it had to leave out
        plan = draft.plan_draft(form.title.data, source, passages, review.chosen(rows))
    except ValueError as error:
        form.form_errors.append(f"The draft could not be written: {error}.")
        return _review_page(form)
    workbench = QuestionSetForm(formdata=None)
    workbench.source.data = write(plan.question_set)
    return sets._page(workbench, None, notice=review.landed(form.title.data, plan))


def _rows(form: ReviewForm) -> list[review.Row]:
    """The statements as the review form holds them (unchecked: for showing them too)."""
    return [review.Row(entry.passage.data or 0, entry.text.data or "", bool(entry.keep.data),
                       entry.answer.data if entry.answer.data in LABELS else "",
                       review.cues_from(entry.cues.data or ""), entry.why.data or "")
            for entry in form.candidates]


def _checked_rows(form: ReviewForm) -> tuple[list[review.Row], list[PassageText]]:
    """Validate the review form; its statements, and the article's passages segmented again
    from the text the page carries. A page whose hidden fields were changed (or lost) is
    refused whole: the teacher could not fix those."""
    form.validate()
    hidden = ("title", "article", "source_name", "source_url", "source_date", "split")
    if any(form[name].errors for name in hidden):
        abort(400, STALE)
    passages = draft.candidates(form.article.data)[0]
    rows = _rows(form)
    if not rows or any(not 1 <= row.passage <= len(passages) for row in rows):
        abort(400, STALE)
    return rows, passages


def _problems(form: ReviewForm) -> list[tuple[str | None, str]]:
    """What the teacher must fix: (the field's id, or None for the page, and the message)."""
    found: list[tuple[str | None, str]] = [(None, message) for message in form.form_errors]
    for entry in form.candidates:
        found += [(field.id, field.errors[0]) for field in entry if field.errors]
    return found


def _filled(title: str, article: str, source_name: str, source_url: str, source_date: str,
            rows: list[review.Row]) -> ReviewForm:
    """A review form holding `rows`, as the page shows them next."""
    return ReviewForm(formdata=None, title=title, article=article, source_name=source_name,
                      source_url=source_url, source_date=source_date, candidates=[
                          {"passage": row.passage, "text": row.text, "keep": row.keep,
                           "answer": row.label, "cues": ", ".join(row.cues), "why": row.why}
                          for row in rows])


def _refilled(form: ReviewForm, rows: list[review.Row]) -> ReviewForm:
    return _filled(form.title.data, form.article.data, form.source_name.data,
                   form.source_url.data or "", form.source_date.data or "", rows)


def _review_page(form: ReviewForm, message: str | None = None):
    """The candidates grouped by passage, each with its suggestion and its cues marked;
    a 400 while anything is left to fix."""
    rows, groups = _rows(form), {}
    for index, (entry, row) in enumerate(zip(form.candidates, rows, strict=True)):
        groups.setdefault(row.passage, []).append(
            (index, entry, signals.suggest(row.text), review.cue_pieces(row.text, row.cues)))
    problems = _problems(form)
    page = render_template("teacher/draft_review.html", form=form, groups=groups,
                           counts=review.kept_counts(rows), problems=problems,
                           message=message, trap_words=review.TRAP_WORDS)
    return page, 400 if problems else 200
