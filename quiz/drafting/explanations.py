"""The `why` a review page pre-fills for a suggestion, worded for a 14-year-old. Pure.

One wording per signal family and label, in the table below. The family is read from the
suggestion's reason (signals.py writes "hedge: “could be”", the family "hedge", from
signals.json's `reason` of each family), and the traps come first, since those are the
statements worth explaining best. A suggestion made without any cue says that it is a
guess, so a teacher never mistakes it for a finding.
"""

from __future__ import annotations

from quiz.drafting import plain
from quiz.drafting.candidates import CUE, Suggestion
from quiz.feedback import quoted

# (words of which one names the family, in the trap's name or the reason's first part;
#  the label it explains; the wording). The first row that fits wins. In a wording,
# {cues} is the quoted cues ("“could be”", "“said” and “could”"), {Cues} the same at the
# start of a sentence, and {s} / {is} make the verb agree with one cue or several.
_WORDINGS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("attributed hedge",), "speculation",
     "{Cues} show{s} a guess. A guess is still a guess when someone is named as making it, "
     "even an expert."),
    (("flat evaluation",), "opinion",
     "There is no “I think”, but {cues} {is} a judgement: an opinion can be written as if "
     "it were a fact."),
    (("unknown", "knowledge"), "fact",
     "{Cues} say{s} plainly that nobody knows this yet. That is not a guess: it is a fact "
     "about what is known."),
    (("belief", "own judgement", "many believe", "agree"), "opinion",
     "{Cues} tell{s} you what people think is right or wrong. Thinking it, even when many "
     "people do, does not make it a fact: it is still an opinion."),
    (("belief", "own guess", "believe"), "speculation",
     "{Cues} tell{s} you what someone believes might be true. Believing it does not make it "
     "checked: it is still a guess."),
    (("prediction", "future"), "speculation",
     "{Cues} {is} about what will happen. The future has not happened yet, so nobody can "
     "check it: it is a guess."),
    (("hedge", "modal", "possib"), "speculation",
     "{Cues} show{s} the writer is guessing: nobody has checked it yet."),
    (("ought", "normative", "should", "must"), "opinion",
     "{Cues} say{s} what ought to happen. That is a view people can disagree with, not "
     "something anyone can check."),
    (("judgement", "judgment", "evaluat"), "opinion",
     "{Cues} {is} a judgement of good or bad. People can agree or disagree, and no evidence "
     "could settle it."),
    (("reporting", "attribution", "said"), "fact",
     "{Cues} tell{s} you who said it. That they said it can be checked, so it is a reported "
     "fact, even if what they said is not true."),
)
# A label with cues that no family above fits.
_BY_LABEL = {
    "fact": "{Cues} point{s} to something that happened or was said, so you could check it: "
            "it is a reported fact.",
    "speculation": "{Cues} show{s} a guess about what might be true or might happen: nobody "
                   "has checked it yet.",
    "opinion": "{Cues} show{s} what someone thinks is good, bad, right or wrong. No evidence "
               "could settle it.",
}
# A suggestion without a cue: it says so.
_GUESSES = {
    "fact": "No word here signals a guess or a judgement, so this is probably a reported "
            "fact: check it.",
    "speculation": "No word here says for sure that this is a guess, but it looks like one: "
                   "check it.",
    "opinion": "No word here says for sure that this is a judgement, but it looks like one: "
               "check it.",
}
_MOST_QUOTED = 3  # a sentence naming more cues than this is hard to read


def why_for(suggestion: Suggestion) -> str:
    """The explanation of `suggestion` as Markdown (one line, the cues escaped)."""
    cues = [plain.one_line(cue) for cue in suggestion.cues if plain.one_line(cue)]
    if suggestion.confidence != CUE or not cues:
        return _GUESSES.get(suggestion.label, _GUESSES["fact"])
    return _fill(_wording(suggestion), cues[:_MOST_QUOTED])


def _wording(suggestion: Suggestion) -> str:
    family = suggestion.reason.split(":", 1)[0].lower()
    names = [trap.lower() for trap in suggestion.traps] + [family]
    for words, label, wording in _WORDINGS:
        if label == suggestion.label and any(w in name for w in words for name in names):
            return wording
    return _BY_LABEL.get(suggestion.label, _BY_LABEL["fact"])


def _fill(wording: str, cues: list[str]) -> str:
    escaped = [plain.inline(cue) for cue in cues]
    listed = quoted(escaped)  # the student's feedback quotes cues the same way
    starting = quoted([plain.inline(cues[0][:1].upper() + cues[0][1:]), *escaped[1:]])
    one = len(cues) == 1
    return wording.format(cues=listed, Cues=starting, s="s" if one else "",
                          **{"is": "is" if one else "are"})
