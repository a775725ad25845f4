"""Every sample question set of the tests, one name each, and what the tests know about them.

Sets that a test module derives for itself with a one-line `.replace()`, and the parser's
tables (whose line numbers are asserted beside them), stay in their modules.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository
# The real question set shipped in questions/ (a path: read it, parse it or import it).
IRAN_DRONES = ROOT / "questions" / "iran-drones.md"
# News articles a set is drafted from (the evaluation set of `make eval-drafts`), and among
# them the seed article that questions/iran-drones.md was written from.
ARTICLES = Path(__file__).parent / "data" / "articles"
SEED_ARTICLE = ARTICLES / "iran-drones-russia.txt"

# Two passages, four statements, statement 4 accepting two answers (tests/data/bridge.md).
BRIDGE = (Path(__file__).parent / "data" / "bridge.md").read_text(encoding="utf-8")
# BRIDGE with bold in an explanation, to see Markdown rendered in the key.
BRIDGE_BOLD = BRIDGE.replace("can be checked.", "can be **checked**.")

# The class tests' set: two passages, four statements, one answer each, each explanation
# starting "Why-one." to "Why-four." so a page can be searched for it. Titled like BRIDGE, and
# tests assert on that title for both, so the text stays and only the names differ.
CLASS_SET = """\
---
title: The bridge question
labels: fact, speculation, opinion
---

Decide for each statement: fact, speculation or opinion?

## The council decides

> The council said the bridge will close in May. Engineers suspect the cables are rusting.

1. The council said the bridge will close in May
   - answer: fact
   - why: Why-one. A named source said it, and the closure can be checked.
   - cues: said

2. Engineers suspect the cables are rusting
   - answer: speculation
   - why: Why-two. Suspect means nobody has checked yet.
   - cues: suspect

## What happens next

> Closing it is a shameful waste, one resident wrote. Repairs could take a year.

3. Closing it is a shameful waste
   - answer: opinion
   - why: Why-three. Shameful is a judgement.
   - cues: shameful

4. Repairs could take a year
   - answer: speculation
   - why: Why-four. Could is a guess about the future.
   - cues: could
"""
CLASS_SET_TITLE = "The bridge question"
CLASS_SET_PASSAGES = ((1, 2), (3, 4))  # statement numbers, passage by passage
CLASS_SET_KEY = {1: "fact", 2: "speculation", 3: "opinion", 4: "speculation"}
# CLASS_SET with `{title}` for its title: `.format(title=...)` gives a set of a test's own.
CLASS_SET_TEMPLATE = CLASS_SET.replace(CLASS_SET_TITLE, "{title}")

# One passage, the minister and taxes, two statements (a fact, a speculation); no front matter.
TAXES = """\
# Small

## Only passage

> The minister said taxes will rise. Critics believe it could hurt growth.

1. The minister said taxes will rise
   - answer: fact
   - why: Reported speech from a named person.
   - cues: said

2. it could hurt growth
   - answer: speculation
   - why: A guess.
   - cues: could
"""

# One passage, one statement, nothing else: the least a set can be.
ONE_STATEMENT = """\
# T

## P

> One fact here. One opinion there.

1. One fact here
   - answer: fact
   - why: W.
"""

# Labels of its own (true, false, unsure), one passage, statement 2 accepting two answers.
CATS = """\
---
title: Small set
labels: true, false, unsure
---

## Cats

> The cat sat on the mat. It may rain.

1. The cat sat on the mat
   - answer: true
   - why: Seen.
   - cues: sat

2. It may rain
   - answer: unsure, false
   - why: A guess.
"""

# Three problems, none in front matter: a statement, a label and a cue the passage lacks.
BROKEN_CATS = """\
# Broken

## P

> The cat sat on the mat.

1. The dog sat on the mat
   - answer: fakt
   - why: W.
   - cues: on the rug
"""
BROKEN_CATS_LINES = [(7, "does not occur"), (8, "'fakt' is not a label"),
                     (10, "'on the rug'")]  # (line, words of the problem) in that order

# Misspelt front matter (`lables`) and label (`opinon`), and a cue the passage lacks.
BROKEN_COUNCIL = """\
---
title: Broken
lables: fact, opinion
---

## The council

> The council said the bridge will close in May.

1. The council said the bridge will close in May
   - answer: opinon
   - why: A named source.
   - cues: announced
"""

# Markdown that goes through every step of importing: emphasis, `&` and `<`, two passages.
PRICES = """\
# Sample set

Read *carefully*.

## Prices

> Fish & chips cost < 5 pounds, and the *quick brown* fox jumped.
> Experts believe it could rain.

1. "Fish & chips cost < 5 pounds"
   - answer: fact
   - why: A price that can be checked.
   - cues: cost

2. "the quick brown fox jumped"
   - answer: fact, opinion
   - why: It *happened*.
   - cues: jumped

## Weather

> Tomorrow it will probably snow.

3. "it will probably snow"
   - answer: speculation
   - why: "Probably" is a guess.
   - cues: probably
"""

# The "why not" extensions: the set's own wording of one pair (line 3), and statement 1's own
# "why not" for both its wrong labels (lines 14 and 15; one with a script to be removed).
# Statement 2 has none: a student who chose wrongly there gets the generated sentence.
WHY_NOT = """\
---
title: Why not
not fact but speculation: You chose {chosen}, but {cues} is a guess.
---

## Only passage

> The minister said taxes will rise. Critics believe it could hurt growth.

1. The minister said taxes will rise
   - answer: fact
   - why: Reported speech from a named person.
   - cues: said
   - not speculation: Nobody *guesses* here: the minister said it.
   - not opinion: No one judges the rise. <script>alert(1)</script>

2. it could hurt growth
   - answer: speculation
   - why: A guess.
   - cues: could
"""
WHY_NOT_WORDING = "You chose {chosen}, but {cues} is a guess."
WHY_NOT_HTML = {"speculation": "<p>Nobody <em>guesses</em> here: the minister said it.</p>",
                "opinion": "<p>No one judges the rise. </p>"}  # statement 1's, as stored

# Markup that must never run, in every place a set carries teacher Markdown.
HOSTILE = " ".join([
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="#" onclick="x()">link</a>',
])
# HOSTILE in the intro, the passage and an explanation of a one-passage set.
HOSTILE_SET = f"""\
# Hostile

Intro {HOSTILE}

## Passage one

> The minister said taxes will rise. {HOSTILE}

1. The minister said taxes will rise
   - answer: fact
   - why: Reported speech. {HOSTILE}
   - cues: said
"""


# Payloads numbered by the field they are put in, so a page shows which field leaked.

FIELDS = {"class": 1, "renamed class": 2, "roster name": 3, "roster id": 4, "roster email": 5,
          "title": 6, "intro": 7, "heading": 8, "passage": 9, "statement": 10, "why": 11,
          "cue": 12, "label": 13, "joined name": 14, "joined id": 15, "practice name": 16,
          "filename": 17, "problem": 18}


def script(n: int) -> str:
    """A script element, payload number `n`."""
    return f"<script>alert({n})</script>"


def img(n: int) -> str:
    """An attribute break-out and an image with an event handler, payload number `n`."""
    return f'"><img src=x onerror=alert({n})>'


def both(n: int) -> str:
    return f"{script(n)} {img(n)}"


def _as_text(n: int) -> str:
    """Markdown that a reader sees as the payload, written with entities."""
    return both(n).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markdown_payload(n: int) -> str:
    """Raw HTML that must be removed, links that must lose their href, and text to show."""
    # The text first: Python-Markdown garbles entities after raw HTML that starts a line.
    return (f"{_as_text(n)} {script(n)} <img src=x onerror=alert({n})> "
            f'[click](javascript:alert({n})) <a href="javascript:alert({n})">raw</a>')


HOSTILE_LABEL = both(FIELDS["label"])  # no comma in it: labels are separated by commas
# A numbered payload in every field of a set: title, label, intro, heading, passage,
# statement, explanation and cue. Statement 1's answer is HOSTILE_LABEL, statement 2's "fact".
HOSTILE_EVERY_FIELD = f"""\
---
title: {both(FIELDS['title'])}
labels: fact, {HOSTILE_LABEL}
---

Intro {_markdown_payload(FIELDS['intro'])}

## {both(FIELDS['heading'])}

> The council said {_as_text(FIELDS['statement'])} today. Cue {_as_text(FIELDS['cue'])} here.
> {_markdown_payload(FIELDS['passage'])}

1. {both(FIELDS['statement'])}
   - answer: {HOSTILE_LABEL}
   - why: Because {_markdown_payload(FIELDS['why'])}
   - cues: {script(FIELDS['cue'])}

## Second

> Repairs could take a year.

2. Repairs could take a year
   - answer: fact
   - why: Plain.
"""


# A huge class list, for the row limit (tests/test_limits.py, bench/hostile.py).
def short_names(rows: int) -> str:
    """A class list of one short, distinct name a row, so that 100,000 rows fit under the
    body cap: numbers for the first 1,100 (a name of digits looks like no other), then
    base 36 (only read by a reader that ignores the row limit)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"

    def name(n: int) -> str:
        return digits[n] if n < 36 else name(n // 36) + digits[n % 36]
    names = [str(n) for n in range(1_100)] + [name(n) for n in range(1_100, rows)]
    return "name\n" + "".join(f"{n}\n" for n in names[:rows])


# Canvas's gradebook export used as a class list (Grades → Export): a Points Possible row,
# "Last, First" names with accents, SIS ids with leading zeros, a login that is not an email,
# a name without a comma and Canvas's Test Student last (tests/data/canvas/gradebook.csv).
CANVAS_GRADEBOOK = Path(__file__).parent / "data" / "canvas" / "gradebook.csv"
