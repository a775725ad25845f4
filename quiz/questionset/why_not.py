"""The two "why not" extensions of the format, checked once the labels are known. Pure.

- `- not LABEL: Markdown` under a statement: the teacher's own reason why LABEL is wrong
  there, shown to a student who chose it (one field per wrong label).
- `not CHOSEN but ANSWER: wording` in the front matter: the set's own wording of the
  sentence quiz/feedback.py generates where a statement has no `not` field of its own.

The parser collects the lines (a `not` field is a Field with its label; a wording line is a
Wording); `why_not_fields()` and `wording_table()` check them against the set's labels and
return what ParsedStatement.why_not and ParsedSet.why_not_table hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quiz import limits
from quiz.feedback import PLACEHOLDERS
from quiz.questionset.parsed import Problem
from quiz.questionset.suggest import did_you_mean, not_a_label

if TYPE_CHECKING:  # checks.py imports this module
    from quiz.questionset.checks import Field

# A front-matter line `not ... : value`; its key holds spaces, unlike the other keys.
WORDING_LINE = re.compile(r"^not[ \t]+(?P<pair>[^:]*?)[ \t]*:[ \t]*(?P<value>.*?)\s*$", re.I)
WORDING_KEY = "not CHOSEN but ANSWER"
NO_LABEL = ": name the label it is for, as in '- not speculation: ...'"  # for `- not:`
_BUT = re.compile(r"[ \t]+but[ \t]+", re.I)
# A known placeholder, any other `{...}`, or a lone brace.
_BRACES = re.compile("|".join(map(re.escape, PLACEHOLDERS)) + r"|\{[^{}]*\}|[{}]")
_KNOWN = ", ".join(PLACEHOLDERS)
# More than 6 labels is already an error; the answers are not checked then (checks.py), nor
# is anything here that names a label.
_MOST_LABELS = 6


@dataclass(frozen=True)
class Wording:
    """A front-matter line `not <pair>: <template>`, as read."""

    pair: str  # "fact but speculation", as written
    template: str
    line: int


def split_pair(pair: str, labels: Iterable[str]) -> tuple[str, str] | None:
    """`fact but speculation` -> ('fact', 'speculation'); None without a ` but `.

    A label may itself hold " but ": the split that names two labels wins, else the first.
    """
    splits = [(pair[:m.start()].strip(), pair[m.end():].strip()) for m in _BUT.finditer(pair)]
    known = {label.lower() for label in labels}
    for chosen, answer in splits:
        if chosen.lower() in known and answer.lower() in known:
            return chosen, answer
    return splits[0] if splits else None


def why_not_fields(fields: Mapping[str, Field], labels: tuple[str, ...], answers: tuple[str, ...],
                   problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    """The statement's `not` fields as (label spelled as in `labels`, Markdown), in file
    order. An empty one is reported with every empty field (checks.py); twice, by the
    parser."""
    if len(labels) > _MOST_LABELS:
        return ()
    by_lower = {label.lower(): label for label in labels}
    written: list[tuple[str, str]] = []
    for value in fields.values():
        if not value.label:
            continue
        label, text = by_lower.get(value.label.lower()), value.text.strip()
        if "," in value.label:
            problems.append(Problem(value.line, f"'not {value.label}' names more than one "
                                    "label: write one 'not' field for each wrong label"))
        elif label is None:
            problems.append(Problem(value.line, not_a_label(value.label, labels, len(problems))))
        elif label in answers:
            which = "the answer" if len(answers) == 1 else "an accepted answer"
            problems.append(Problem(value.line, f"'not {label}' is for a wrong answer, but "
                                    f"{label} is {which}"))
        elif len(text) > limits.MAX_WHY_CHARACTERS:
            problems.append(Problem(value.line, f"'not {label}' is longer than "
                                    f"{limits.MAX_WHY_CHARACTERS:,} characters, the most an "
                                    "explanation may have"))
        elif text:
            written.append((label, text))
    return tuple(written)


def wording_table(wordings: list[Wording], labels: tuple[str, ...],
                  problems: list[Problem]) -> tuple[tuple[str, str, str], ...]:
    """The front matter's wording lines as (chosen, answer, template), labels spelled as in
    `labels`, in file order."""
    if len(labels) > _MOST_LABELS:
        return ()
    by_lower = {label.lower(): label for label in labels}
    seen: dict[tuple[str, str], int] = {}
    table: list[tuple[str, str, str]] = []
    for wording in wordings:
        line, template = wording.line, wording.template
        pair = split_pair(wording.pair, labels)
        if pair is None:
            problems.append(Problem(line, f"'not {wording.pair}' needs two labels: a wording "
                                    "line is 'not CHOSEN but ANSWER: ...', for example "
                                    "'not fact but speculation: ...'"))
            continue
        unknown = [name for name in pair if name.lower() not in by_lower]
        for name in unknown:
            problems.append(Problem(line, not_a_label(name, labels, len(problems))))
        if unknown:
            continue
        chosen, answer = (by_lower[name.lower()] for name in pair)
        key = f"'not {chosen} but {answer}'"
        if chosen == answer:
            problems.append(Problem(line, f"{key} names the same label twice: the wording is "
                                    "for a student who chose one label when the answer is "
                                    "another"))
        elif (chosen, answer) in seen:
            problems.append(Problem(line, f"{key} is given twice (first on line "
                                    f"{seen[chosen, answer]})"))
        elif not template:
            problems.append(Problem(line, f"{key} is empty"))
        elif len(template) > limits.MAX_WHY_CHARACTERS:
            problems.append(Problem(line, f"the wording of {key} is longer than "
                                    f"{limits.MAX_WHY_CHARACTERS:,} characters, the most an "
                                    "explanation may have"))
        elif message := _braces(template):
            problems.append(Problem(line, f"{key}: {message}"))
        else:
            table.append((chosen, answer, template))
        seen.setdefault((chosen, answer), line)
    return tuple(table)


def _braces(template: str) -> str:
    """What is wrong with the braces of a template ('' if nothing): only PLACEHOLDERS may
    be in braces, so a typo such as `{cue}` is not shown to students as it is."""
    unknown = [brace for brace in _BRACES.findall(template) if brace not in PLACEHOLDERS]
    if not unknown:
        return ""
    first = unknown[0]
    hint = did_you_mean(first, PLACEHOLDERS) if len(first) <= 20 else ""
    return f"'{first}' is not a placeholder{hint} (placeholders: {_KNOWN})"
