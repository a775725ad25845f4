"""Worst-case check/preview/publish/roster time: hostile files sent to the real views.

Each case is posted in-process through the Flask test client, as a signed-in teacher, to the
upload page (/teacher/sets/new: Check, Preview and Publish) or to a class's roster upload,
and timed from request to response. The target (issue 8): whatever the app accepts answers
in under 1 s, and whatever is over a limit of `quiz/limits.py` is refused with a 400 that
names the limit and the line, never a 500 or a timeout. A case still running after
TIMEOUT seconds is stopped and reported as a timeout.

`bench/run.py` (`make bench`) calls `measure()` and writes `table()` into
bench/results.md; `.venv/bin/python bench/hostile.py` runs this part alone.
"""

from __future__ import annotations

import io
import re
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the sample class lists

from samples import short_names  # noqa: E402

from bench.teacher_client import signed_in_teacher  # noqa: E402
from quiz import limits as L  # noqa: E402

TARGET_S = 1.0
TIMEOUT = 40  # seconds; the 100 000-row roster took 31 s before the limits
SET_ACTIONS = ("check", "preview", "publish")


def question_set(quote: str = "The council said the bridge will close in May.",
                 statements: str | None = None, intro: str = "Read each passage.",
                 passages: int = 1) -> str:
    """A set of `passages` copies of one passage (its `>` text and its statements)."""
    statements = statements if statements is not None else statement("the bridge will close")
    quoted = "\n".join("> " + line if line else ">" for line in quote.split("\n"))
    body = "".join(f"## Passage {n}\n\n{quoted}\n\n{statements}\n"
                   for n in range(1, passages + 1))
    return f"---\ntitle: Hostile\n---\n\n{intro}\n\n{body}"


def statement(text: str, why: str = "A named source said it.", cues: str = "",
              number: int = 1) -> str:
    cue_line = f"   - cues: {cues}\n" if cues else ""
    return f"{number}. {text}\n   - answer: fact\n   - why: {why}\n{cue_line}\n"


def words(n: int) -> str:
    """`n` distinct words (w0 w1 …), so every statement made of one is found once."""
    return " ".join(f"w{i}" for i in range(n))


def fill(pattern: str, length: int) -> str:
    return (pattern * (length // len(pattern) + 1))[:length]


def nested_list(depth: int, indent: str = "    ") -> str:
    return "\n".join(indent * (i % depth) + "- level" for i in range(depth))


def set_of(passages: list[tuple[str, str]], intro: str = "Read each passage.") -> str:
    body = "".join(f"## Passage {n}\n\n" + "\n".join(f"> {line}" if line else ">"
                                                      for line in quote.split("\n"))
                   + f"\n\n{statements}"
                   for n, (quote, statements) in enumerate(passages, start=1))
    return f"---\ntitle: Hostile\n---\n\n{intro}\n\n{body}"


# -- files at the limits: each is accepted, and is the slowest of its kind the limits allow --

SENTENCE = "The council said the bridge will close in May, *engineers* suspect. "
CUES = "said, suspect, council, bridge, close, May"


def largest_file() -> str:
    """10 passages of 4,000 characters, 100 statements with six cues and a `...` each, and
    explanations as long as the rest of the 60,000 characters allows."""
    def build(why: str) -> str:
        statements = "".join(statement("the council said ... engineers suspect", why, CUES, n)
                             for n in range(1, 11))
        return set_of([(fill(SENTENCE, 4_000), statements)] * 10)
    room = (L.MAX_SET_CHARACTERS - len(build("")) - 100) // L.MAX_STATEMENTS
    return build(fill("An *opinion* word, a **named** source. ", room))


def dense_markup() -> str:
    """12 passages of `*a* *a* …`: the most Markdown per character the file limit allows."""
    return set_of([(fill("*a* ", 4_900), statement("a"))] * 12)


def brackets_at_the_limit() -> str:
    """100 '[' that never close, each read to the end of a 5,000-character paragraph."""
    quote = fill("[a](", 400) + fill(" word", 4_600)
    return set_of([(quote, statement("word"))] + [(fill(SENTENCE, 4_900), statement("May"))] * 10)


def deep_and_long() -> str:
    """Lists nested 10 deep and paragraphs of 100 lines: headings and rules (the block
    rules that copy the rest of their paragraph each line) in every text."""
    block = "\n".join(["a", "---"] * 50)
    quote = "\n\n".join([block] * 16)[:L.MAX_PASSAGE_CHARACTERS]
    why = "\n     ".join(["b", "---"] * 50)
    statements = "".join(statement("a", why, number=n) for n in range(1, 6))
    intro = "\n".join([nested_list(L.MAX_NESTING)] * 10)
    return set_of([(quote, statements)] * 2, intro=intro)


def cues_at_the_limit() -> str:
    """100 statements with six cues, each cue found in 100 places in its passage."""
    quote = fill("could may might said suspect believed ", 3_800)
    statements = "".join(statement("could may", cues="could, may, might, said, suspect, "
                                   "believed", number=n) for n in range(1, 21))
    return set_of([(quote, statements)] * 5)


def wildcards_at_the_limit() -> str:
    """100 statements of 300 characters, each 40 parts joined by `...`."""
    passage = words(800)[:L.MAX_PASSAGE_CHARACTERS]
    text = " ... ".join(f"w{i}" for i in range(0, 800, 19))[:300].rsplit(" ... ", 1)[0]
    statements = "".join(statement(text, number=n) for n in range(1, 21))
    return set_of([(passage, statements)] * 5)


def brackets(n: int) -> str:
    return question_set("[" * n + "x" + "](" * n, statement("x"))


def many_statements(n: int, passage_words: int) -> str:
    return question_set(words(passage_words),
                        "".join(statement(f"w{i % passage_words}", "w", number=i + 1)
                                for i in range(n)))


SET_CASES: list[tuple[str, Callable[[], str]]] = [
    ("iran-drones.md (the real set)",
     lambda: (ROOT / "questions" / "iran-drones.md").read_text(encoding="utf-8-sig")),
    ("at the limits: the largest file", largest_file),
    ("at the limits: '*a* ' × 14 700 in 12 passages", dense_markup),
    ("at the limits: 100 unclosed '[a](' before 5 000 characters", brackets_at_the_limit),
    ("at the limits: nesting 10 deep, 100-line heading paragraphs", deep_and_long),
    ("at the limits: 600 cues in 100 places each", cues_at_the_limit),
    ("at the limits: 100 statements of 40 '...' parts", wildcards_at_the_limit),
    ("'[' × 20 000, 'x', '](' × 20 000 (60 KB passage)", lambda: brackets(20_000)),
    ("'[' × 3 000, 'x', '](' × 3 000 (9 KB passage)", lambda: brackets(3_000)),
    ("'[a](' × 10 000", lambda: question_set("[a](" * 10_000, statement("a"))),
    ("2 000 statements, a 2 000-word passage", lambda: many_statements(2_000, 2_000)),
    ("10 000 statements, a 5 000-word passage", lambda: many_statements(10_000, 5_000)),
    ("list nested 700 deep (tabs) in the introduction",
     lambda: question_set(intro="\n".join("\t" * i + "- x" for i in range(700)))),
    ("list nested 240 deep (tabs) in the introduction",
     lambda: question_set(intro="\n".join("\t" * i + "- x" for i in range(240)))),
    ("'- ' × 1 000, 'x' on one line of the introduction",
     lambda: question_set(intro="- " * 1_000 + "x")),
    ("quotes nested 700 deep in a passage",
     lambda: question_set("> " * 700 + "the bridge will close")),
    ("emphasis nested 5 000 deep", lambda: question_set("*_" * 5_000 + "x" + "_*" * 5_000,
                                                        statement("x"))),
    ("'*a* ' × 15 000 in one passage", lambda: question_set("*a* " * 15_000, statement("a"))),
    ("'### a' × 3 000 lines in the introduction",
     lambda: question_set(intro="### a\n" * 3_000)),
    ("'a' / '---' × 1 600 in one passage", lambda: question_set("a\n---\n" * 1_600,
                                                                statement("a"))),
    ("one 450 KB line of words", lambda: question_set(words(60_000), statement("w7"))),
    ("5 000 cues on one statement",
     lambda: question_set("could said " * 10,
                          statement("could", cues=", ".join(["could"] * 5_000)))),
    ("'w0 ... ' × 1 000 in one statement",
     lambda: question_set(words(1_000), statement(" ... ".join(["w0"] * 1_000)))),
    ("600 statements 'a ... a ... b' over 2 500 × 'a'",
     lambda: question_set("a " * 2_500, "".join(statement("a ... a ... b", "w", number=n + 1)
                                                 for n in range(600)))),
    ("3 000 passages", lambda: question_set(passages=3_000)),
    ("a 30 000-character explanation",
     lambda: question_set(statements=statement("the bridge", why="why " * 7_500))),
    ("labels: 5 000 labels, 20 statements",
     lambda: question_set(statements="".join(statement("the bridge", number=n)
                                             for n in range(20)))
     .replace("title: Hostile", "title: Hostile\nlabels: "
              + ", ".join(f"l{i}" for i in range(5_000)))),
    ("80 statements × 6 wrong 100-character answers",
     lambda: set_of([("the bridge", "".join(
         statement("the bridge", number=n).replace(
             "answer: fact", "answer: " + ", ".join("b" * 98 + f"x{i}" for i in range(6)))
         for n in range(1, 21)))] * 4).replace(
             "title: Hostile", "title: Hostile\nlabels: "
             + ", ".join("b" * 99 + str(i) for i in range(6)))),
    ("4 400 unknown fields ('cuez', did you mean…)",
     lambda: question_set(statements=statement("the bridge").rstrip("\n") + "\n"
                          + "   - cuez: x\n" * 4_400)),
    ("4 900 unknown front-matter keys", lambda: "---\n" + "titel: x\n" * 4_900 + "---\n# T\n"),
    ("a problem on each of 4 900 lines",
     lambda: question_set(statements=statement("the bridge") + "x\n" * 4_900)),
    ("400 000 line breaks", lambda: "\n" * 400_000),
]


def roster(rows: int, cell: Callable[[int], str] = lambda i: f"Student {i}") -> str:
    return "name,student id,email\n" + "".join(f"{cell(i)},s{i},s{i}@school.example\n"
                                               for i in range(rows))


ROSTER_CASES: list[tuple[str, Callable[[], str]]] = [
    ("30 students", lambda: roster(30)),
    ("at the limits: 1 000 students, three columns", lambda: roster(L.MAX_ROSTER_ROWS)),
    ("at the limits: 1 000 students, every cell at its longest",
     lambda: "name,student id,email\n" + "".join(
         f"{i:04d}{'n' * 96},{i:04d}{'9' * 60},{i:04d}{'e' * 235}@school.example\n"
         for i in range(L.MAX_ROSTER_ROWS))),
    ("10 000 rows", lambda: roster(10_000)),
    ("100 000 rows (short names, 450 KB)", lambda: short_names(100_000)),
    ("three 130 000-character cells", lambda: "name,student id,email\n"
     + ",".join(["n" * 130_000] * 3) + "\n"),
    ("a header of 200 000 columns", lambda: "name" + ",x" * 200_000 + "\nAda\n"),
    ("1 000 rows of the same name", lambda: roster(L.MAX_ROSTER_ROWS, lambda i: "Ada")),
    ("1 000 names too long", lambda: roster(L.MAX_ROSTER_ROWS, lambda i: f"{i}" + "a" * 200)),
]


class Timeout(BaseException):
    """Raised by the alarm: a BaseException, so the app's error handling cannot swallow it."""


@dataclass(frozen=True)
class Timing:
    case: str
    action: str
    seconds: float
    status: str  # "200", "302", "400", "500", or "timeout"
    detail: str  # the first problem the page names, if any


def _alarm(_signum, _frame):
    raise Timeout


def timed(action: str, case: str, send: Callable[[], object]) -> Timing:
    """One request, stopped after TIMEOUT seconds."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, TIMEOUT)
    started = time.perf_counter()
    try:
        response = send()
        status, detail = str(response.status_code), _first_problem(response)
    except Timeout:
        status, detail = "timeout", ""
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return Timing(case, action, time.perf_counter() - started, status, detail)


def _first_problem(response) -> str:
    """The first problem or form error the page shows, as the teacher reads it."""
    page = unescape(response.get_data(as_text=True))
    found = re.search(r'<ul class="(?:problems|error-list)">\s*<li>(.*?)</li>', page, re.S) \
        or re.search(r'class="error"[^>]*>(.*?)</', page, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip()[:100] if found else ""


def measure(cases: list[str] | None = None) -> list[Timing]:
    """Every case through the real views, in a throw-away app and database."""
    with signed_in_teacher("hostile") as client:
        return _sets(client, cases) + _rosters(client, cases)


def _wanted(name: str, cases: list[str] | None) -> bool:
    return not cases or any(c.lower() in name.lower() for c in cases)


def _sets(client, cases) -> list[Timing]:
    timings = []
    for number, (name, build) in enumerate(SET_CASES):
        if not _wanted(name, cases):
            continue
        raw = build().encode("utf-8")
        for action in SET_ACTIONS:
            def send(action=action, raw=raw, number=number):
                return client.post("/teacher/sets/new", content_type="multipart/form-data",
                                   data={"action": action,
                                         "upload": (io.BytesIO(raw), f"hostile-{number}.md")})
            timings.append(timed(action, name, send))
            print(_line(timings[-1]), flush=True)
    return timings


def _rosters(client, cases) -> list[Timing]:
    timings = []
    for number, (name, build) in enumerate(ROSTER_CASES):
        if not _wanted(name, cases):
            continue
        response = client.post("/teacher/", data={"name": f"Hostile {number}"})
        url = response.headers["Location"].removesuffix("/") + "/roster"
        raw = build().encode("utf-8")

        def send(url=url, raw=raw):
            return client.post(url, content_type="multipart/form-data",
                               data={"roster": (io.BytesIO(raw), "roster.csv")})
        timings.append(timed("roster", name, send))
        print(_line(timings[-1]), flush=True)
    return timings


def _line(t: Timing) -> str:
    return f"{t.action:8} {t.seconds:7.3f} s  {t.status:7}  {t.case}  {t.detail}"


def _cell(t: Timing) -> str:
    late = t.status == "timeout" or t.seconds >= TARGET_S
    shown = f"> {TIMEOUT} s" if t.status == "timeout" else f"{t.seconds:.3f} s"
    return f"{'**' if late else ''}{shown}{'**' if late else ''} ({t.status})"


def table(timings: list[Timing]) -> str:
    """The cases as a table, and the worst time per action against the 1 s target."""
    by_case: dict[str, dict[str, Timing]] = {}
    for t in timings:
        by_case.setdefault(t.case, {})[t.action] = t
    out = ["Worst-case check/preview/publish/roster time (bench/hostile.py): each hostile "
           "file posted once, in-process through the Flask test client, to the real views; "
           f"target < {TARGET_S:.0f} s, and never a 500 or a timeout.", "",
           "| case | check | preview | publish | roster | what the page says |",
           "| --- | ---: | ---: | ---: | ---: | --- |"]
    for case, row in by_case.items():
        cells = [_cell(row[a]) if a in row else "" for a in (*SET_ACTIONS, "roster")]
        detail = next((t.detail for t in row.values() if t.detail), "")
        out.append(f"| {case} | {' | '.join(cells)} | {detail.replace('|', '/')} |")
    out += ["", "| action | worst time | case | target < 1 s, no 500 |",
            "| --- | ---: | --- | --- |"]
    for action in (*SET_ACTIONS, "roster"):
        mine = [t for t in timings if t.action == action]
        if not mine:
            continue
        worst = max(mine, key=lambda t: (t.status == "timeout", t.seconds))
        ok = all(t.status not in ("500", "timeout") and t.seconds < TARGET_S for t in mine)
        out.append(f"| {action} | {_cell(worst)} | {worst.case} | "
                   f"{'yes' if ok else '**no**'} |")
    return "\n".join(out)


def met(timings: list[Timing]) -> bool:
    return all(t.status not in ("500", "timeout") and t.seconds < TARGET_S for t in timings)


def verdict(timings: list[Timing]) -> tuple[str, str, bool]:
    """The line bench/run.py adds to its table of targets."""
    worst = max(timings, key=lambda t: (t.status == "timeout", t.seconds))
    return ("worst-case check/preview/publish/roster time < 1 s, never a 500 "
            "(bench/hostile.py)", _cell(worst), met(timings))


if __name__ == "__main__":
    results = measure(sys.argv[1:])
    print()
    print(table(results))
    sys.exit(0 if met(results) else 1)
