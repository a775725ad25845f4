"""Which kind of statement a sentence is, from the words that signal it. Pure.

The word lists are data, in signals.json: one *family* of phrases per kind of signal, each
with its label and its *look-alikes* (a use of the same word that signals nothing: "the
United States", "in May", "the will of the people", "to operate said drones"). Words match
whole and in any case; where two matches overlap, the longer one counts ("is said to" is a
hedge, not the reporting verb "said"). When several families occur, the first of these
decides:

1. **knowledge** ("it is unknown whether", "could not be verified") -> fact, trap "unknown
   stated". A hedge or judgement inside it is part of what is not known.
2. **belief** ("experts believe", "many people agree") or **opinion_marker** ("I think",
   "in my view") -> judged by what follows it: a judgement after it -> opinion (a belief
   about right and wrong); otherwise speculation (a belief about what is true), with the
   hedges after it as cues; nothing after it (the candidate is only "experts believe") ->
   fact, as any attribution. A third-party belief that decides speculation is the trap
   "attributed hedge"; the speaker's own view is not an attribution.
3. **judgement** ("wrong", "the best", "time and time again") or **normative** ("should",
   "need to") -> opinion, even when hedged ("could be a disaster" still judges) or
   attributed (an evaluative word in a quoted claim is the speaker's opinion). A judgement
   with no attribution or belief in the candidate is the trap "flat evaluation".
4. **hedge** ("could", "is believed to be") or **prediction** ("will", "is expected to")
   -> speculation, even when attributed: a guess with a source is still a guess (the trap
   "attributed hedge").
5. **attribution** ("according to", "told", "denies") alone -> fact: that someone said it
   can be checked, whatever they said.
6. Nothing -> a guessed fact (confidence GUESS): most news sentences report facts.

No word is a sign of fact by itself: "proven" in "have proven their strength" signals
nothing, and a flat claim with no signal is only guessed to be a fact.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from quiz.drafting.candidates import CUE, GUESS, LABELS, Suggestion
from quiz.limits import MAX_CUE_CHARACTERS, MAX_CUES

TRAPS = ("attributed hedge", "flat evaluation", "unknown stated")
FAMILIES = ("knowledge", "belief", "opinion_marker", "judgement", "normative", "hedge",
            "prediction", "attribution")  # in order of precedence (the docstring's steps)
HOLDERS = ("belief", "opinion_marker")  # judged by what follows them
JUDGING = ("judgement", "normative")
GUESSING = ("hedge", "prediction")
GUESSED_FACT = "no signal found: a plain claim, guessed as fact"


@dataclass(frozen=True)
class Family:
    name: str
    label: str
    reason: str
    reason_with_judgement: str
    words: re.Pattern[str]
    look_alikes: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Found:
    family: str
    start: int
    end: int
    text: str  # exactly as in the candidate


class SignalsError(ValueError):
    """signals.json is not in the shape this module reads: names the place and the fault."""


def suggest(text: str) -> Suggestion:
    """The suggestion for one candidate statement: label, cues, reason, confidence, traps."""
    found = _signals(text)
    present = {f.family for f in found}
    of = functools.partial(_of, found)
    if "knowledge" in present:
        return _decided(_label("knowledge"), of("knowledge"), ("unknown stated",))
    holder = next((f for f in found if f.family in HOLDERS), None)
    if holder is not None:
        return _judged_by_what_follows(text, holder, found)
    attributed = "attribution" in present
    if present & set(JUDGING):
        # A flat evaluation praises or blames as if it were known; "should" is no such trap.
        flat = "judgement" in present and not attributed
        return _decided(_label("judgement"), of(*JUDGING), ("flat evaluation",) if flat else ())
    if present & set(GUESSING):
        trap = ("attributed hedge",) if attributed else ()
        return _decided(_label("hedge"), of(*GUESSING), trap)
    if attributed:
        return _decided(_label("attribution"), of("attribution"))
    return Suggestion("fact", (), GUESSED_FACT, GUESS)


def _judged_by_what_follows(text: str, holder: Found, found: list[Found]) -> Suggestion:
    after = [f for f in found if f.start >= holder.end]
    judging = [f for f in after if f.family in JUDGING]
    trap = ("attributed hedge",) if holder.family == "belief" else ()
    if judging:
        reason = rules()[holder.family].reason_with_judgement
        return _decided(_label("judgement"), [holder, *judging], reason=reason)
    if len(re.findall(r"\w+", text[holder.end:])) < 2:  # only "experts believe": who said it
        return _decided(_label("attribution"), [holder], reason=rules()["attribution"].reason)
    guessing = [f for f in after if f.family in GUESSING]
    return _decided(_label(holder.family), [holder, *guessing], trap,
                    rules()[holder.family].reason)


def _decided(label: str, cues: list[Found], traps: tuple[str, ...] = (),
             reason: str = "") -> Suggestion:
    """A suggestion decided by the given signals: cues in text order, one line of reason."""
    texts = tuple(dict.fromkeys(f.text for f in sorted(cues, key=lambda f: f.start)
                                if len(f.text) <= MAX_CUE_CHARACTERS))[:MAX_CUES]
    cues = [f for f in cues if f.text in texts]  # the reason names only the cues shown
    if not reason:  # each family in turn: "judgement: “wrong”; says what ought to happen: …"
        parts = []
        for name in FAMILIES:
            words = [f.text for f in cues if f.family == name]
            if words:
                parts.append(f"{rules()[name].reason}: {_quoted(words)}")
        line = "; ".join(parts)
    else:
        line = f"{reason}: {_quoted([f.text for f in cues])}"
    return Suggestion(label, texts, line, CUE, traps)


def _quoted(words: list[str]) -> str:
    unique = dict.fromkeys(" ".join(w.split()) for w in words)  # one line, each word once
    return ", ".join(f"“{w}”" for w in unique)


def _label(family: str) -> str:
    return rules()[family].label


def _of(found: list[Found], *families: str) -> list[Found]:
    return [f for f in found if f.family in families]


def _signals(text: str) -> list[Found]:
    """Every signal in `text`, look-alikes left out, overlaps settled, in text order.

    A match that overlaps a look-alike of its family does not count, so that a look-alike
    may name a part of the match ("agree with" inside "many people agree with").
    """
    candidates = []
    for family in rules().values():
        matches = list(family.words.finditer(text))
        if not matches:
            continue
        covers = [m.span() for pattern in family.look_alikes for m in pattern.finditer(text)]
        candidates.extend(Found(family.name, m.start(), m.end(), m.group(0)) for m in matches
                          if not any(s < m.end() and m.start() < e for s, e in covers))
    # The longer of two overlapping matches counts; between equals, the earlier family.
    candidates.sort(key=lambda f: (f.start - f.end, FAMILIES.index(f.family)))
    kept: list[Found] = []
    for found in candidates:
        if all(found.end <= k.start or k.end <= found.start for k in kept):
            kept.append(found)
    return sorted(kept, key=lambda f: f.start)


# -- the data file -------------------------------------------------------------------------

@functools.cache
def rules() -> dict[str, Family]:
    """The families of signals.json, checked and compiled once per process."""
    data = json.loads(resources.files(__package__).joinpath("signals.json")
                      .read_text(encoding="utf-8"))
    validate(data)
    return {name: _compiled(name, data["families"][name]) for name in FAMILIES}


def validate(data: object) -> None:
    """Raise SignalsError naming the first place where `data` is not a signals file."""
    if not isinstance(data, dict) or not isinstance(data.get("source"), str) \
            or not data["source"].strip():
        raise SignalsError("signals.json: a non-empty 'source' must say where the lists come from")
    families = data.get("families")
    if not isinstance(families, dict) or sorted(families) != sorted(FAMILIES):
        raise SignalsError(f"signals.json: 'families' must be exactly {', '.join(FAMILIES)}")
    for name, family in families.items():
        _validate_family(f"signals.json: families.{name}", name, family)


def _validate_family(where: str, name: str, family: object) -> None:
    if not isinstance(family, dict):
        raise SignalsError(f"{where}: must be an object")
    if family.get("label") not in LABELS:
        raise SignalsError(f"{where}.label: must be one of {', '.join(LABELS)}")
    keys = ["reason", "why"] + (["reason_with_judgement"] if name in HOLDERS else [])
    for key in keys:
        if not isinstance(family.get(key), str) or not family[key].strip() \
                or "\n" in family[key]:
            raise SignalsError(f"{where}.{key}: must be one line of text")
    lists = ["phrases"] + (["subjects"] if name == "belief" else [])
    for key in lists:
        phrases = family.get(key)
        if not isinstance(phrases, list) or not phrases:
            raise SignalsError(f"{where}.{key}: must be a non-empty list of phrases")
        for i, phrase in enumerate(phrases):
            if not isinstance(phrase, str) or phrase != " ".join(phrase.lower().split()) \
                    or not phrase:
                raise SignalsError(f"{where}.{key}[{i}]: {phrase!r} must be lowercase words "
                                   "with single spaces")
    for key in ("patterns", "look_alikes"):
        entries = family.get(key)
        if not isinstance(entries, list):
            raise SignalsError(f"{where}.{key}: must be a list")
        for i, entry in enumerate(entries):
            _validate_pattern(f"{where}.{key}[{i}]", entry)


def _validate_pattern(where: str, entry: object) -> None:
    if not isinstance(entry, dict) or not isinstance(entry.get("why"), str) \
            or not entry["why"].strip():
        raise SignalsError(f"{where}: must be an object with 'pattern' and a 'why'")
    if not isinstance(entry.get("case_sensitive", False), bool):
        raise SignalsError(f"{where}.case_sensitive: must be true or false")
    try:
        re.compile(entry.get("pattern"))
    except (re.error, TypeError) as error:
        raise SignalsError(f"{where}.pattern: not a regular expression ({error})") from None


def _phrase(phrase: str) -> str:
    """A phrase as a regular expression: any white space between words, ' or ’ alike."""
    return r"\s+".join(re.escape(word).replace("'", "['’]") for word in phrase.split())


def _alternatives(phrases: list[str]) -> str:
    # Longest first: at one place the regex takes the first alternative that matches.
    return "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True))


def _compiled(name: str, family: dict) -> Family:
    words = f"(?:{_alternatives(family['phrases'])})"
    if "subjects" in family:  # "experts believe" as one cue, "believe" alone as well
        words = f"(?:(?:{_alternatives(family['subjects'])})\\s+)?{words}"
    # Whole words: not inside a longer word or a hyphenated one ("best-selling").
    alternatives = [rf"(?<![\w-]){words}(?![\w-])"]
    alternatives += [f"(?:{entry['pattern']})" for entry in family["patterns"]]
    look_alikes = tuple(re.compile(entry["pattern"],
                                   0 if entry.get("case_sensitive") else re.IGNORECASE)
                        for entry in family["look_alikes"])
    return Family(name, family["label"], family["reason"],
                  family.get("reason_with_judgement", ""),
                  re.compile("|".join(alternatives), re.IGNORECASE), look_alikes)
