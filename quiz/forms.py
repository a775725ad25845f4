"""What every area's forms share: the white-space filter and the button-only form.

Each area keeps its forms in one module (`quiz/student/forms.py`, `quiz/teacher/forms.py`);
these two pieces are what both need.
"""

from __future__ import annotations

from flask_wtf import FlaskForm


def squash_spaces(value: str | None) -> str | None:
    """Runs of white space become one space, and none is left at either end: a name typed
    with a stray double space or a trailing tab is the same name."""
    return " ".join(value.split()) if isinstance(value, str) else value


class ActionForm(FlaskForm):
    """A button that changes state (sign out, archive, start): only the CSRF token."""
