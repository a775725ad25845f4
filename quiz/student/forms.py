"""Student forms. Labels are checked against the set's own labels on the server."""

from __future__ import annotations

from functools import lru_cache

from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from quiz.forms import squash_spaces
from quiz.versions import PassageView, StatementView, VersionView


class StartForm(FlaskForm):
    name = StringField(
        "Your name",
        validators=[DataRequired("Please type your name."), Length(max=100)],
        filters=[squash_spaces],
    )


class JoinForm(FlaskForm):
    code = StringField("Class code", filters=[squash_spaces],
                       validators=[DataRequired("Type the code your teacher gave you."),
                                   Length(max=20)])
    name = StringField("Your name", filters=[squash_spaces],
                       validators=[DataRequired("Please type your name."), Length(max=100)])
    student_number = StringField("Student ID (optional)", filters=[squash_spaces],
                                 validators=[Optional(), Length(max=64)])
    email = EmailField("School email (optional)", filters=[squash_spaces],
                       validators=[Optional(), Email("That is not an email address."),
                                   Length(max=254)])


class PassageForm(FlaskForm):
    """One radio group per statement of the passage, made by `passage_form()`."""

    statements: tuple[StatementView, ...] = ()

    def statement_fields(self) -> list[tuple[StatementView, RadioField]]:
        return [(s, self[field_name(s)]) for s in self.statements]

    def chosen(self) -> dict[int, str]:
        """The validated labels, by statement id."""
        return {s.id: self[field_name(s)].data for s in self.statements}


def field_name(statement: StatementView) -> str:
    return f"statement-{statement.number}"


@lru_cache(maxsize=1024)
def _form_class(statements: tuple[StatementView, ...], labels: tuple[str, ...]):
    """A form class per passage of a version: both are immutable, so build it once."""
    fields = {
        field_name(statement): RadioField(
            f"Statement {statement.number}",
            choices=list(labels),
            validators=[InputRequired(f"Choose an answer for statement {statement.number}.")],
        )
        for statement in statements
    }
    return type("PassageFormFor", (PassageForm,), {**fields, "statements": statements})


def passage_form(version: VersionView, passage: PassageView,
                 data: dict[str, str] | None = None) -> PassageForm:
    """A form for the passage's statements; any other field a browser sends is ignored."""
    return _form_class(passage.statements, version.labels)(data=data or {})


class PersonalCodeForm(FlaskForm):
    """The code on a student's card, typed; sent by GET to the card's link, so no token."""

    class Meta:
        csrf = False

    code = StringField("Personal code", id="personal-code", filters=[squash_spaces],
                       validators=[DataRequired("Type the personal code on your card."),
                                   Length(max=40)])


class ResultFilter(FlaskForm):
    """Which statements the result lists: a link's query (`?show=mistakes`), so no token."""

    class Meta:
        csrf = False

    show = SelectField(choices=[SelectChoice("all", "All statements"),
                                SelectChoice("mistakes", "Only my mistakes")], default="all")

    def only_mistakes(self) -> bool:
        return self.validate() and self.show.data == "mistakes"
