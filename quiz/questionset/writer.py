"""`write()`: a ParsedSet as the Markdown file a teacher would write for it. Pure.

It exists for the article drafter, which writes its drafts with it: a teacher then reads and
edits the draft like any file of their own, so the output follows the contract
(question-format.md) the way the sample sets in `questions/` do:

- Front matter always, with `title:` (a `# Title` line would lose a title ending in `#`), and
  a `labels:` line only when the labels are not the default ones.
- The introduction as it is, then one block per passage: `## Heading`, a blank line, its text
  as `> ` lines. An empty line of the text is a bare `>`, so a passage of several paragraphs
  stays one block quote and reads back with the same empty lines.
- Statements numbered 1, 2, 3 ... across the set, each in straight double quotes as the
  sample sets write them (a text that itself starts and ends with quotes keeps them), then
  its fields indented under the text: `- answer:`, `- why:` (further lines two columns
  deeper, an empty line for a paragraph break), `- cues:` only when there are cues, and a
  `- not LABEL:` field (written like `why`) for each of the statement's `why_not`.
- Extensions in the front matter too: a `not CHOSEN but ANSWER: wording` line for each entry
  of the set's `why_not_table`, after `labels:`.

`parse(write(s)) == s` for every valid set. A value the format cannot carry raises
ValueError: a line break in a one-line value, white space the parser trims, a comma inside a
label, answer or cue, a heading ending in `#`, a line of the introduction or of an
explanation that the parser would read as a heading or a field, an answer spelled unlike its
label or given twice, statements not numbered 1, 2, 3 ... Each written line is read
back with the parser's own line grammar (`lines.classify`), so the two cannot drift apart.
The contract's rules about content (a statement or cue occurs in its passage, answers are
labels, 2 to 6 labels, required fields) stay with `parse()`, which reports them with a line
number: a draft that breaks one is still written, and parsing it raises QuestionSetError,
never a different set.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count

from quiz.questionset.lines import FIELDS, Line, classify
from quiz.questionset.parsed import DEFAULT_LABELS, ParsedPassage, ParsedSet, ParsedStatement
from quiz.questionset.why_not import WORDING_LINE, split_pair

_KINDS = {
    "blank": "an empty line", "passage": "a '## ' passage heading", "title": "a '# ' title",
    "quote": "a '>' quote line", "statement": "a numbered statement",
    "statement_no_space": "a numbered statement", "unindented_field": "a list item",
    "field_no_dash": "a field without its '- '", "indented": "a continuation line",
    "text": "a line of text",
}


def write(question_set: ParsedSet) -> str:
    """The Markdown file for `question_set`; ValueError for a value the format cannot carry."""
    blocks = [_front_matter(question_set)]
    if question_set.intro_md:
        blocks.append(_intro(question_set.intro_md))
    numbers = count(1)
    for passage in question_set.passages:
        blocks += _passage(passage, question_set.labels, numbers)
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _front_matter(question_set: ParsedSet) -> list[str]:
    lines = ["---", f"title: {_one_line(question_set.title, 'the title')}".rstrip()]
    if tuple(question_set.labels) != DEFAULT_LABELS:
        labels = [_item(label, "a label", "labels") for label in question_set.labels]
        lines.append(f"labels: {', '.join(labels)}")
    for chosen, answer, template in question_set.why_not_table:
        lines.append(_wording(chosen, answer, template, question_set.labels))
    return [*lines, "---"]


def _wording(chosen: str, answer: str, template: str, labels: tuple[str, ...]) -> str:
    """`not CHOSEN but ANSWER: template`, if it reads back as that entry."""
    what = f"the wording 'not {chosen} but {answer}'"
    for label in (chosen, answer):
        _item(label, f"a label of {what}", "labels")
    line = f"not {chosen} but {answer}: {_one_line(template, what)}".rstrip()
    read = WORDING_LINE.match(line)
    pair = split_pair(read["pair"], labels) if read else None
    if pair != (chosen, answer) or read is None or read["value"] != template:
        raise ValueError(f"{what} cannot be written: {line!r} would read back otherwise")
    return line


def _intro(intro_md: str) -> list[str]:
    lines = _lines(intro_md, "the introduction")
    for line in lines:
        read = classify(line, 0)
        if read.kind == "blank" and line:
            raise ValueError(f"the introduction has a line of only white space ({line!r}), "
                             "which the parser reads as an empty line")
        if read.kind in ("title", "passage") or (read.kind == "field" and read.key in FIELDS):
            raise ValueError(f"the introduction line {line!r} would read as {_kind(read)}; "
                             "use '### ' for a heading inside the introduction")
    return lines


def _passage(passage: ParsedPassage, labels: tuple[str, ...],
             numbers: Iterator[int]) -> list[list[str]]:
    heading = _one_line(passage.heading, "a passage heading")
    what = f"the heading {heading!r}"
    blocks = [[_reads_back(f"## {heading}".rstrip(), "passage", heading, what)]]
    quote = []
    for line in _lines(passage.text_md, f"the text of passage {heading!r}"):
        quote.append(_reads_back(f"> {line}" if line else ">", "quote", line, what))
    blocks.append(quote)
    blocks += [_statement(s, next(numbers), labels) for s in passage.statements]
    return blocks


def _statement(statement: ParsedStatement, number: int, labels: tuple[str, ...]) -> list[str]:
    what = f"statement {number}"
    if statement.number != number:
        raise ValueError(f"statement {number} in file order is numbered {statement.number}: "
                         "the parser numbers statements 1, 2, 3 ... across the whole set")
    text = _one_line(statement.text, f"the text of {what}")
    head = f"{number}. "
    indent = " " * len(head)  # fields line up with the statement text, as teachers write them
    lines = [_reads_back(f'{head}"{text}"', "statement", f'"{text}"', what)]
    lines.append(_field(indent, "answer", ", ".join(_answers(statement, labels, what)), what))
    lines += _markdown_field(indent, "why", statement.why_md, what)
    if statement.cues:
        cues = [_cue(cue, what) for cue in statement.cues]
        lines.append(_field(indent, "cues", ", ".join(cues), what))
    by_lower = {known.lower(): known for known in labels}
    seen: set[str] = set()
    for label, why_not in statement.why_not:
        _item(label, f"a 'not' label of {what}", "labels")
        if by_lower.get(label.lower(), label) != label:
            raise ValueError(f"the 'not {label}' of {what} must be spelled as its label "
                             f"{by_lower[label.lower()]!r}")
        if label.lower() in seen:
            raise ValueError(f"{what} has two 'not {label}' fields")
        seen.add(label.lower())
        lines += _markdown_field(indent, f"not {label}", why_not, what)
    return lines


def _markdown_field(indent: str, key: str, markdown: str, what: str) -> list[str]:
    """A field of Markdown (`why`, `not LABEL`): its first line after the key, the others
    two columns deeper, an empty line for a paragraph break."""
    first, *more = _lines(markdown, f"the '{key}' of {what}")
    lines = [_field(indent, key, first, what)]
    for previous, line in zip([first, *more], more, strict=False):
        if not line and not previous:
            raise ValueError(f"the '{key}' of {what} has two empty lines in a row; the parser "
                             "keeps one paragraph break")
        lines.append(_continuation(f"{indent}  {line}", line, what) if line else "")
    return lines


def _continuation(written: str, line: str, what: str) -> str:
    # Under a field's dash, the parser reads a `- not X:` line as part of that field.
    if classify(written, 0).kind == "why_not" and written.strip() == line:
        return written
    return _reads_back(written, "indented", line, what)


def _answers(statement: ParsedStatement, labels: tuple[str, ...], what: str) -> list[str]:
    by_lower = {label.lower(): label for label in labels}
    seen: set[str] = set()
    for answer in statement.answers:
        _item(answer, f"an answer of {what}", "answers")
        label = by_lower.get(answer.lower(), answer)
        if label != answer:
            raise ValueError(f"the answer {answer!r} of {what} must be spelled as its label "
                             f"{label!r}")
        if answer.lower() in seen:
            raise ValueError(f"{what} lists the answer {answer!r} twice")
        seen.add(answer.lower())
    return list(statement.answers)


def _cue(cue: str, what: str) -> str:
    _item(cue, f"a cue of {what}", "cues")
    if cue != " ".join(cue.split()):
        raise ValueError(f"the cue {cue!r} of {what} has white space other than single "
                         "spaces, which the parser folds into one space")
    return cue


def _field(indent: str, key: str, value: str, what: str) -> str:
    line = f"{indent}- {key}: {value}".rstrip()
    kind = "why_not" if key.startswith("not ") else "field"  # its Line's key is lower case
    read_key = key.lower() if kind == "why_not" else key
    return _reads_back(line, kind, value, f"the '{key}' of {what}", key=read_key)


def _reads_back(line: str, kind: str, text: str, what: str, key: str = "") -> str:
    """`line`, if the parser's line grammar reads it as a `kind` line carrying `text`."""
    read = classify(line, 0)
    if read.kind != kind or read.key != key:
        raise ValueError(f"{what} cannot be written: {line.strip()!r} would read as "
                         f"{_kind(read)}")
    if read.text != text:
        raise ValueError(f"{what} cannot be written: {line.strip()!r} would read back as "
                         f"{read.text!r}")
    return line


def _kind(read: Line) -> str:
    return f"a '- {read.key}:' field" if read.kind in ("field", "why_not") else _KINDS[read.kind]


def _lines(text: str, what: str) -> list[str]:
    """The lines of a Markdown value; it must not start or end with an empty line."""
    _no_control(text, what)
    if text != text.strip("\n"):
        raise ValueError(f"{what} starts or ends with an empty line, which the parser drops")
    return text.split("\n")


def _one_line(value: str, what: str) -> str:
    _no_control(value, what)
    if "\n" in value:
        raise ValueError(f"{what} has a line break ({value!r}): it must fit on one line")
    if value != value.strip():
        raise ValueError(f"{what} starts or ends with white space ({value!r}), which the "
                         "parser drops")
    return value


def _item(value: str, what: str, items: str) -> str:
    """One entry of a comma-separated list (labels, answers, cues)."""
    _one_line(value, what)
    if not value:
        raise ValueError(f"{what} is empty: a list of {items} has no empty entries")
    if "," in value:
        raise ValueError(f"{what} contains a comma ({value!r}), which separates {items}")
    return value


def _no_control(value: str, what: str) -> None:
    if "\x00" in value:
        raise ValueError(f"{what} contains a NUL character, which a question-set file cannot "
                         "hold")
    if "\r" in value:
        raise ValueError(f"{what} has a carriage return ({value!r}); end its lines with '\\n'")
