"""Student forms. Labels are checked against the set's own labels on the server."""

from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from quiz.models import Statement


def _strip(value: str | None) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) else value


class StartForm(FlaskForm):
    name = StringField(
        "Your name",
        validators=[DataRequired("Please type your name."), Length(max=100)],
        filters=[_strip],
    )


class PassageForm(FlaskForm):
    """One radio group per statement of the passage, made by `passage_form()`."""

    def statement_fields(self) -> list[tuple[Statement, RadioField]]:
        return [(s, self[field_name(s)]) for s in self.statements]

    def chosen(self) -> dict[int, str]:
        """The validated labels, by statement id."""
        return {s.id: self[field_name(s)].data for s in self.statements}


def field_name(statement: Statement) -> str:
    return f"statement-{statement.number}"


def passage_form(statements: Sequence[Statement], labels: Sequence[str],
                 data: dict[str, str] | None = None) -> PassageForm:
    """A form for these statements; any other field a browser sends is ignored."""

    class _Form(PassageForm):
        pass

    for statement in statements:
        setattr(_Form, field_name(statement), RadioField(
            f"Statement {statement.number}",
            choices=list(labels),
            validators=[InputRequired(f"Choose an answer for statement {statement.number}.")],
        ))
    form = _Form(data=data or {})
    form.statements = list(statements)
    return form
