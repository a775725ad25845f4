"""An article's words as Markdown that a reader sees exactly as written. Pure.

A draft quotes the article in its passages, and the parser finds each statement in the
passage *as rendered* (quiz/highlight.py: tags gone, entities decoded). An article line
that starts with "1." or "#", or holds `*stars*`, `[brackets]`, backticks or `<b>`, would
otherwise render as a list, a heading, emphasis, a link or HTML, and the statements that
quote those words would no longer be found. So each character Markdown would read is
escaped, and the statement is written as the reader sees it:

- inline: backslash, backtick, `*` and `_` get a backslash; `<` becomes `&lt;`, and an
  `&` that starts something like an entity (`&amp;`, `&#91;`) becomes `&amp;`;
- `[` becomes `&#91;`: a backslash would do for Markdown, but the parser counts every `[`
  against quiz/limits.py MAX_BRACKETS, and an article may hold many;
- at the start of a line: `#`, `>`, `-`, `+` and a number's `.` or `)` get a backslash, and
  `~` (a code fence) becomes `&#126;`. Leading spaces (code) are dropped.

Each paragraph is one line, so nothing depends on the line before it (tables, `===`
headings). Control characters are dropped from the text, the statements and the cues
alike (`clean`): Python-Markdown drops some of them and the writer refuses others, and
the same cleaning on both sides keeps a statement matching its passage.
"""

from __future__ import annotations

import re
import unicodedata

_INLINE = str.maketrans({"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "&#91;",
                         "<": "&lt;"})
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(?:(?P<mark>[#>+-])|(?P<fence>~)|(?P<number>\d+)(?=[.)]))")


def clean(text: str) -> str:
    """`text` without control characters; tabs and line ends of any kind become spaces and
    '\\n'."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(char for char in text
                   if char == "\n" or unicodedata.category(char) != "Cc")


def one_line(text: str) -> str:
    """`text` cleaned, on one line, runs of white space as one space."""
    return " ".join(clean(text).split())


def paragraphs(text: str) -> list[str]:
    """The paragraphs of `text` (separated by empty lines), each on one line."""
    found = (one_line(part) for part in re.split(r"\n[ \t]*\n", clean(text)))
    return [part for part in found if part]


def inline(text: str) -> str:
    """Text that Markdown shows as it is, within a line."""
    return _ENTITY_LIKE.sub("&amp;", text).translate(_INLINE)


def line(text: str) -> str:
    """One line of text (no line breaks) that Markdown shows as it is, as a paragraph."""
    escaped = inline(text.strip())
    return _LINE_START.sub(_escape_start, escaped, count=1)


def markdown(text: str) -> str:
    """Paragraphs of plain text as Markdown, one line each, an empty line between them."""
    return "\n\n".join(line(part) for part in paragraphs(text))


def _escape_start(match: re.Match[str]) -> str:
    if match["mark"]:
        return "\\" + match["mark"]
    if match["fence"]:
        return "&#126;"
    return match["number"] + "\\"  # "1." stays a number, not a numbered list
