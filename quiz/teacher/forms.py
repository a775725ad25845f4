"""Teacher forms: every input is validated here before a view touches it."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateTimeLocalField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from quiz.models import COUNTING, REVEAL

COUNTING_CHOICES = dict(zip(COUNTING, ("Best attempt", "Latest attempt", "First attempt"),
                            strict=True))
REVEAL_CHOICES = dict(zip(REVEAL, ("After each passage", "At the end of the quiz",
                                   "After the due date"), strict=True))


def _squash(value: str | None) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) else value


class ActionForm(FlaskForm):
    """A button that changes state: only the CSRF token."""


class ClassForm(FlaskForm):
    name = StringField("Class name", filters=[_squash],
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
    reveal = SelectField("When students see the answers", default="end",
                         choices=[SelectChoice(v, t) for v, t in REVEAL_CHOICES.items()])

    def validate_due_at(self, field: DateTimeLocalField) -> None:
        # Far-off years overflow when the time is converted to UTC.
        if field.data is not None and not 2000 <= field.data.year <= 9998:
            raise ValidationError("Choose a due date between the years 2000 and 9998.")

    def validate_reveal(self, field: SelectField) -> None:
        if field.data == "due" and not self.due_at.data:
            raise ValidationError("Set a due date to show the answers after it.")
