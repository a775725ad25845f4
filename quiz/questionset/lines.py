"""The line grammar of a question-set file: a table of named patterns.

Each line of a file is classified once, here; `parser.py` dispatches on the name. Keeping the
grammar in one table makes it easy to see what a file may contain, and near-miss patterns
(a typo a teacher is likely to make) sit right beside the patterns they miss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELDS = ("answer", "why", "cues")
# The "why not" field (an extension): `- not LABEL: Markdown`, one per wrong label. Its key
# holds a space, so it has a pattern of its own; its Line has key `not <label, lower case>`.
WHY_NOT_FIELD = "not LABEL"

# Order matters: the first pattern that matches names the line.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("blank", re.compile(r"^\s*$")),
    ("passage", re.compile(r"^##(?!#)[ \t]*(?P<text>.*?)[ \t#]*$")),
    ("title", re.compile(r"^#(?!#)[ \t]*(?P<text>.*?)[ \t#]*$")),
    ("quote", re.compile(r"^ {0,3}>[ \t]?(?P<text>.*)$")),
    ("statement", re.compile(r"^ {0,3}(?P<number>\d{1,9})[.)][ \t]+(?P<text>.*)$")),
    ("statement_no_space",
     re.compile(r"^ {0,3}(?P<number>\d{1,9})(?P<marker>[.)])(?P<text>\S.*)$")),
    # Before "field": `- not: x` (no label) stays an unknown field there. The label may hold
    # spaces; a comma is let in so that two labels get a message of their own.
    ("why_not",
     re.compile(r"^(?P<indent>[ \t]+)[-*+][ \t]+not[ \t]+(?P<label>[^\s:][^:]*?)[ \t]*:"
                r"(?P<text>.*)$", re.I)),
    ("field",
     re.compile(r"^(?P<indent>[ \t]+)[-*+][ \t]+(?P<key>[A-Za-z][\w-]*)[ \t]*:(?P<text>.*)$")),
    ("unindented_field",
     re.compile(r"^[-*+][ \t]+(?P<key>[A-Za-z][\w-]*)[ \t]*:(?P<text>.*)$")),
    ("field_no_dash", re.compile(r"^[ \t]+(?P<key>answer|why|cues)[ \t]*:(?P<text>.*)$", re.I)),
    ("indented", re.compile(r"^(?P<indent>[ \t]+)(?P<text>\S.*)$")),
    ("text", re.compile(r"^(?P<text>.*)$")),
)


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, as an editor shows it
    kind: str
    text: str  # the pattern's `text` group, or the whole line
    raw: str
    key: str = ""
    indent: int = 0  # columns before the dash of a field, or before an indented line
    label: str = ""  # of a `- not LABEL:` field, as written (white space folded)


def classify(raw: str, number: int) -> Line:
    """Name a line by the first pattern of the table that matches it."""
    for kind, pattern in _PATTERNS:
        match = pattern.match(raw)
        if match is None:
            continue
        groups = match.groupdict()
        text = groups.get("text", raw) or ""
        if kind == "statement_no_space":
            text = groups["number"] + groups["marker"]  # what the teacher typed, for the hint
            return Line(number, kind, text, raw, key=groups["text"])
        indent = len(groups["indent"].expandtabs(4)) if groups.get("indent") else 0
        if kind == "why_not":
            label = " ".join(groups["label"].split())
            return Line(number, kind, text.strip(), raw, key=f"not {label.lower()}",
                        indent=indent, label=label)
        return Line(number, kind, text.strip() if kind != "quote" else text, raw,
                    key=(groups.get("key") or "").lower(), indent=indent)
    raise AssertionError("the 'text' pattern matches every line")  # pragma: no cover


# One level of nesting at the start of a line of Markdown: white space, then a `>` or a
# list marker. `- - -` and `* * *` alone on a line are a horizontal rule, not three lists:
# Python-Markdown's own rule (it tests for a rule before a list), so nothing it nests passes.
_LEVEL = re.compile(r"([ \t]*)(>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))?")
_RULE = re.compile(r" {0,3}(?:(?:- {0,2}){3,}|(?:_ {0,2}){3,}|(?:\* {0,2}){3,}) *$")


def nesting(text: str, deepest: int) -> int:
    """How deep lists and quotes nest on a line of Markdown, counted up to `deepest` + 1:
    each `>`, each list marker and each 4 columns of indentation at its start is one level
    (the measure of quiz/limits.py MAX_NESTING; a deeply indented code line counts too)."""
    if _RULE.match(text):
        return 0
    depth, position = 0, 0
    while depth <= deepest:
        match = _LEVEL.match(text, position)
        assert match is not None  # every part of the pattern is optional
        depth += len(match.group(1).expandtabs(4)) // 4
        if match.group(2) is None:
            break
        depth += 1
        position = match.end()
    return depth


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_at(text: str, index: int) -> int:
    """The line (1-based, as `split_lines` counts) holding the character at `index`."""
    return len(_LINE_BREAK.findall(text, 0, index)) + 1


def split_lines(text: str) -> list[str]:
    """Lines of a file, whatever its line endings; a byte-order mark does no harm.

    Only CR, LF and CRLF end a line: `str.splitlines()` also splits at form feeds and
    Unicode separators that editors show inside a line, which would shift every line
    number after them.
    """
    lines = _LINE_BREAK.split(text.removeprefix("\ufeff"))
    return lines[:-1] if lines and lines[-1] == "" else lines
