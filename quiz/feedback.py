"""Why the answer is Y and not X: feedback that speaks to the label the student chose. Pure.

A teacher may write it per statement (`- not speculation: ...` in the set's file, rendered
and stored as `Statement.why_not_html`). Where they wrote none, it is generated from the
pair of labels and the statement's cues, with the wording of one table, `WORDING`. A set
may reword any pair in its front matter (`not fact but speculation: ...`), kept as
`QuestionSetVersion.why_not_table`; that wording may use the placeholders below.

Placeholders (the parser refuses any other braces in a set's wording):
`{chosen}` the label the student chose, `{answer}` the key's label, `{cues}` the
statement's cues, quoted ("the words “could be”" reads as `the words {cues}`). They are
replaced in one pass, so a label that itself looks like a placeholder stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape

PLACEHOLDERS = ("{chosen}", "{answer}", "{cues}")
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))

# (chosen, answer) -> (wording with the cues, wording when the statement has none).
# Worded for a 14-year-old, and true to the introduction of questions/iran-drones.md: a
# fact is so whether or not you believe it, an opinion whether or not you agree with it.
WORDING: dict[tuple[str, str], tuple[str, str]] = {
    ("fact", "speculation"): (
        "You chose fact, but the words {cues} show that the writer is guessing: no one has "
        "checked it yet.",
        "You chose fact, but no one has checked this yet: it is a guess about what might be "
        "true or might happen."),
    ("fact", "opinion"): (
        "You chose fact, but the words {cues} are a judgement: people can agree or disagree, "
        "and no evidence could settle it.",
        "You chose fact, but this says what someone thinks is good, bad, right or wrong: no "
        "evidence could settle it."),
    ("speculation", "fact"): (
        "You chose speculation, but the statement does not guess: the words {cues} report "
        "something you could check.",
        "You chose speculation, but the statement does not guess: it reports something you "
        "could check."),
    ("speculation", "opinion"): (
        "You chose speculation, but the words {cues} are not a guess about what is true: "
        "they say what someone thinks is right or wrong.",
        "You chose speculation, but this is not a guess about what is true: it says what "
        "someone thinks is right or wrong."),
    ("opinion", "fact"): (
        "You chose opinion, but the statement reports what happened or what was said, "
        "whether or not you agree with it: the words {cues} show you could check it.",
        "You chose opinion, but the statement reports what happened or what was said, "
        "whether or not you agree with it: you could check it."),
    ("opinion", "speculation"): (
        "You chose opinion, but the words {cues} show a guess about what might be true, not "
        "a judgement of right or wrong.",
        "You chose opinion, but this is a guess about what might be true or might happen, "
        "not a judgement of right or wrong."),
}
# Any other pair of labels (a set with labels of its own).
OTHER: tuple[str, str] = (
    "You chose {chosen}, but the answer is {answer}: look at the words {cues}.",
    "You chose {chosen}, but the answer is {answer}.",
)


def quoted(cues: Sequence[str]) -> str:
    """“a”, “a” and “b”, “a”, “b” and “c”."""
    marks = [f"\u201c{cue}\u201d" for cue in cues]
    return marks[0] if len(marks) == 1 else ", ".join(marks[:-1]) + " and " + marks[-1]


def wording(chosen: str, answer: str, has_cues: bool,
            table: Sequence[Sequence[str]] = ()) -> str:
    """The template for reading `answer` as `chosen`: the set's own, else the default.

    A set's wording that names `{cues}` is used only for a statement with cues; one without
    gets the default wording for no cues, so no sentence is left with a hole in it.
    """
    for own_chosen, own_answer, template in table:
        if (own_chosen.lower(), own_answer.lower()) == (chosen.lower(), answer.lower()) \
                and (has_cues or "{cues}" not in template):
            return template
    with_cues, without = WORDING.get((chosen.lower(), answer.lower()), OTHER)
    return with_cues if has_cues else without


def generated(chosen: str, answer: str, cues: Sequence[str],
              table: Sequence[Sequence[str]] = ()) -> str:
    """The generated sentence, as plain text."""
    template = wording(chosen, answer, bool(cues), table)
    values = {"{chosen}": chosen, "{answer}": answer, "{cues}": quoted(cues) if cues else ""}
    return _PLACEHOLDER.sub(lambda match: values[match.group()], template)


def why_not_html(chosen: str | None, answers: Sequence[str], cues: Sequence[str],
                 written: Mapping[str, str], table: Sequence[Sequence[str]] = ()) -> str | None:
    """Why the answer is not `chosen`, as HTML; None when `chosen` is right or missing.

    `written` maps a label to the teacher's own rendered (and sanitised) HTML; the
    generated sentence is escaped text in a paragraph.
    """
    if chosen is None or chosen in answers or not answers:
        return None
    for label, html in written.items():
        if label.lower() == chosen.lower():
            return html
    return f"<p>{escape(generated(chosen, answers[0], cues, table))}</p>"
