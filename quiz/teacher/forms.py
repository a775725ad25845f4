"""Teacher forms: every input is validated here before a view touches it."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    URL,
    AnyOf,
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from quiz import limits
from quiz.accounts import password_problem
from quiz.class_results import DEFAULT_ORDER, DEFAULT_SORT, ORDERS, SORTS
from quiz.drafting.candidates import LABELS
from quiz.drafting.extract import ExtractError, article_text
from quiz.forms import squash_spaces
from quiz.models import COUNTING, REVEAL
from quiz.models.attempts import COMMENT_LENGTH, OVERRIDE_REASON_LENGTH
from quiz.questionset.checks import TITLE_LENGTH

COUNTING_CHOICES = dict(zip(COUNTING, ("Best attempt", "Latest attempt", "First attempt"),
                            strict=True))
REVEAL_CHOICES = dict(zip(REVEAL, ("After each passage", "At the end of the quiz",
                                   "After the due date"), strict=True))


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class PasswordForm(FlaskForm):
    """A teacher's new password, typed twice, after the current one (checked by the view)."""

    current = PasswordField("Current password", validators=[
        DataRequired("Type your current password."), Length(max=200)])
    new = PasswordField("New password", validators=[
        DataRequired("Type a new password."), Length(max=200)])
    again = PasswordField("New password again", validators=[
        DataRequired("Type the new password again."),
        EqualTo("new", "The two new passwords are not the same.")])

    def validate_new(self, field: PasswordField) -> None:
        if problem := password_problem(field.data or ""):
            raise ValidationError(problem)


class ClassForm(FlaskForm):
    name = StringField("Class name", filters=[squash_spaces],
                       validators=[DataRequired("Give the class a name."), Length(max=100)])


class RosterForm(FlaskForm):
    roster = FileField("Class list (CSV)", validators=[
        FileRequired("Choose a CSV file."),
        FileAllowed(["csv", "txt"], "The class list must be a .csv file."),
    ])


class AssignmentForm(FlaskForm):
    question_set = SelectField("Question set", validators=[DataRequired()])
    due_at = DateTimeLocalField("Due (optional)", validators=[Optional()],
                                format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])
    attempts_allowed = IntegerField("Attempts allowed (empty for unlimited)",
                                    validators=[Optional(), NumberRange(1, 100)])
    counting = SelectField("Which attempt counts",
                           choices=[SelectChoice(v, t) for v, t in COUNTING_CHOICES.items()])
    private_copy = BooleanField("Assign a private copy", default=True)
    reveal = SelectField("When students see the answers", default="end",
                         choices=[SelectChoice(v, t) for v, t in REVEAL_CHOICES.items()])

    def validate_due_at(self, field: DateTimeLocalField) -> None:
        # Far-off years overflow when the time is converted to UTC.
        if field.data is not None and not 2000 <= field.data.year <= 9998:
            raise ValidationError("Choose a due date between the years 2000 and 9998.")

    def validate_reveal(self, field: SelectField) -> None:
        if field.data == "due" and not self.due_at.data:
            raise ValidationError("Set a due date to show the answers after it.")


ACTIONS = ("check", "preview", "publish")  # the question-set page's three buttons


class QuestionSetForm(FlaskForm):
    """A question set's Markdown, uploaded or pasted, and which button was pressed."""

    upload = FileField("Upload a Markdown file", validators=[
        FileAllowed(["md", "markdown", "txt"], "Choose a Markdown file (.md)."),
    ])
    source = TextAreaField("Or paste the Markdown")
    # The name of a file uploaded before: its text moves into the text box, and a later
    # publish from the box still names the set after the file.
    filename = HiddenField(validators=[Length(max=255)])
    action = HiddenField(validators=[AnyOf(ACTIONS)])  # the value of the button pressed
    upload_text: str | None = None

    def validate_upload(self, field: FileField) -> None:
        if field.data is None:
            return
        try:
            self.upload_text = field.data.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(f"{field.data.filename} is not UTF-8 text: save it as "
                                  "UTF-8 and upload it again.") from None

    def validate_source(self, field: TextAreaField) -> None:
        if self.upload.data is None and not (field.data or "").strip():
            raise ValidationError("Choose a file or paste the Markdown of a question set.")

    def markdown(self) -> str:
        """The file's text if a file was chosen, else the pasted text, with `\\n` line ends
        (as the command line reads files), so what is downloaded is what was stored."""
        text = self.upload_text if self.upload_text is not None else self.source.data or ""
        return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


class WholeNumberField(IntegerField):
    """An integer field whose unreadable input ("12.5", "twelve") is left to the form's own
    check, so the teacher reads one plain sentence rather than "Not a valid integer value"."""

    def process_formdata(self, valuelist: list) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None


class MarkForm(FlaskForm):
    """The teacher's mark in place of an attempt's score, and why: the student sees both."""

    mark = WholeNumberField("New mark")
    reason = TextAreaField("Reason (the student sees it)", filters=[squash_spaces], validators=[
        DataRequired("Say why you changed the mark: the student sees it."),
        Length(max=OVERRIDE_REASON_LENGTH,
               message=f"Keep the reason to {OVERRIDE_REASON_LENGTH} characters or fewer.")])

    def __init__(self, max_score: int, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_score = max_score  # the attempt's: a mark is out of what it was taken for

    def validate_mark(self, field: WholeNumberField) -> None:
        if field.data is None or not 0 <= field.data <= self.max_score:
            raise ValidationError("Type the new mark as a whole number from 0 to "
                                  f"{self.max_score}.")


def _plain_lines(value: str | None) -> str | None:
    """The comment as typed, without white space around it and with `\\n` line ends (so
    its length is the one stored)."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


class CommentForm(FlaskForm):
    """A short note to the student on their result page; empty removes it."""

    comment = TextAreaField("Comment for the student (optional)", filters=[_plain_lines],
                            validators=[Length(max=COMMENT_LENGTH, message=(
                                f"Keep the comment to {COMMENT_LENGTH} characters or fewer."))])


class StudentSortForm(FlaskForm):
    """The column the student table is sorted by, from its header links (GET, so no token)."""

    class Meta:
        csrf = False

    sort = SelectField(choices=SORTS, default=DEFAULT_SORT)
    order = SelectField(choices=ORDERS, default=DEFAULT_ORDER)


# -- a set drafted from an article (quiz/teacher/drafts.py) ------------------------------------

ARTICLE_TYPES = ("txt", "md", "markdown", "html", "htm", "docx")
# Cues as typed: MAX_CUES of them, each with its ", ".
CUES_LENGTH = limits.MAX_CUES * (limits.MAX_CUE_CHARACTERS + 2)

TITLE_CHECKS = [DataRequired("Give the set a title."),
                Length(max=TITLE_LENGTH, message=(
                    f"Keep the title to {TITLE_LENGTH} characters or fewer."))]
# The article's source: typed on the article page, carried through the review page in
# hidden fields with the same checks.
SOURCE_NAME_CHECKS = [
    DataRequired("Say where the article is from: the paper, site or writer."),
    Length(max=limits.MAX_SOURCE_NAME_CHARACTERS, message=(
        f"Keep the source to {limits.MAX_SOURCE_NAME_CHARACTERS} characters or fewer."))]
SOURCE_URL_CHECKS = [
    Optional(),
    Length(max=limits.MAX_SOURCE_URL_CHARACTERS, message=(
        f"Keep the web address to {limits.MAX_SOURCE_URL_CHARACTERS} characters or fewer.")),
    URL(message="Type the whole web address, starting with https:// (or leave it empty).")]


class PlainDateField(DateField):
    """A date field (a date picker in browsers) whose error says how to type one."""

    def process_formdata(self, valuelist: list) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Type the date as year-month-day, such as 2024-05-31.") from None


class ArticleForm(FlaskForm):
    """An article pasted or uploaded, with the set's title and the article's source."""

    title = StringField("Title of the set", filters=[squash_spaces], validators=TITLE_CHECKS)
    upload = FileField("Upload the article", validators=[
        FileAllowed(ARTICLE_TYPES, "Choose a text file (.txt or .md), a saved web page "
                                   "(.html) or a Word file (.docx)."),
    ])
    article = TextAreaField("Or paste the article's text")
    source_name = StringField("Where the article is from", filters=[squash_spaces],
                              validators=SOURCE_NAME_CHECKS)
    source_url = StringField("Its web address (optional)", filters=[squash_spaces],
                             validators=SOURCE_URL_CHECKS)
    source_date = PlainDateField("Its date (optional)", validators=[Optional()])
    extracted: str | None = None  # the article's text, paragraphs apart, once read

    def validate_upload(self, field: FileField) -> None:
        if field.data is None:
            return
        # One byte past the limit is enough for article_text to refuse it, in its words.
        data = field.data.read(limits.MAX_ARTICLE_BYTES + 1)
        self.extracted = _article(data, field.data.filename)

    def validate_article(self, field: TextAreaField) -> None:
        if self.upload.data is not None:  # the file wins over any pasted text
            return
        if not (field.data or "").strip():
            raise ValidationError("Paste the article's text, or choose a file.")
        self.extracted = _article(field.data.encode("utf-8"), "pasted.txt")


def _article(data: bytes, filename: str) -> str:
    """The article's text; article_text checks the article limits and says what is wrong."""
    try:
        return article_text(data, filename)
    except ExtractError as error:
        raise ValidationError(f"{filename}: {error}." if filename != "pasted.txt"
                              else f"The pasted text: {error}.") from None


class CandidateForm(Form):
    """One statement of the review page (a plain Form: the review form's token covers it)."""

    passage = IntegerField(widget=HiddenInput(), validators=[
        InputRequired(), NumberRange(1, limits.MAX_PASSAGES)])
    keep = BooleanField("Keep")
    # "answer", as the format calls it: a FormField's own `label` would hide a field "label".
    answer = RadioField("Label", choices=LABELS, validators=[
        InputRequired("Choose fact, speculation or opinion.")])
    # A text box, so a long sentence shows whole where the teacher types its "|".
    text = TextAreaField("Statement", filters=[squash_spaces], validators=[
        DataRequired("A statement cannot be empty: untick Keep to drop it instead."),
        Length(max=limits.MAX_STATEMENT_CHARACTERS, message=(
            f"Keep the statement to {limits.MAX_STATEMENT_CHARACTERS} characters or fewer: "
            "type | where to cut it and press Split."))])
    cues = StringField("Signal words, comma-separated", filters=[squash_spaces], validators=[
        Length(max=CUES_LENGTH, message=f"Keep the signal words to {CUES_LENGTH} characters "
                                        "or fewer.")])
    why = TextAreaField("Why (students read this after answering)", filters=[_plain_lines],
                        validators=[Length(max=limits.MAX_WHY_CHARACTERS, message=(
                            f"Keep the explanation to {limits.MAX_WHY_CHARACTERS} characters "
                            "or fewer."))])


class ReviewForm(FlaskForm):
    """The review page: the article and its source in hidden fields (re-segmented each time,
    so nothing is stored), and each candidate statement as the teacher left it."""

    title = HiddenField(filters=[squash_spaces], validators=TITLE_CHECKS)
    # Browsers send its line breaks as CR LF: back to the `\n` it was segmented with.
    article = HiddenField(filters=[_plain_lines], validators=[
        DataRequired(), Length(max=limits.MAX_ARTICLE_CHARACTERS)])
    source_name = HiddenField(filters=[squash_spaces], validators=SOURCE_NAME_CHECKS)
    source_url = HiddenField(filters=[squash_spaces], validators=SOURCE_URL_CHECKS)
    source_date = HiddenField(validators=[Optional(), Regexp(r"^\d{4}-\d{2}-\d{2}$")])
    candidates = FieldList(FormField(CandidateForm), max_entries=limits.MAX_REVIEW_STATEMENTS)
    split = IntegerField(validators=[Optional(), NumberRange(0)])  # the Split button pressed
