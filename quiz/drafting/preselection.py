"""Which candidates a review page ticks at first: a balanced set a teacher can start from. Pure.

News is mostly reported fact, so taking the first 25 sentences would give a quiz of facts
that teaches little. The rules, each a step below, in this order:

1. every candidate with a trap flag: those are the statements most worth keeping (in an
   article with so many that step 2 would find no room, as many as leave it room);
2. a few of each label (`EACH_LABEL`), where the article has them;
3. one from every passage that has candidates, so the quiz covers the whole article;
4. then always the label picked least so far, until `high` statements; but from `low` on,
   not once the labels left have been picked as often as those used up (more facts would
   only unbalance the set).

Within each step, a suggestion made from a cue comes before a guessed one, then the
passage with fewest picks, then the earlier sentence. An article with fewer candidates
than `low` has them all ticked.
"""

from __future__ import annotations

from collections import Counter

from quiz.drafting.candidates import CUE, LABELS, Candidate

EACH_LABEL = 3  # "several of each label": enough that a student cannot spot a pattern


def preselect(found: list[Candidate], low: int = 15, high: int = 25) -> list[int]:
    """Indices into `found` of the candidates to tick, in article order."""
    if len(found) <= low:
        return list(range(len(found)))
    picks = _Picks(found, high)
    traps = [index for index, candidate in enumerate(found) if candidate.suggestion.traps]
    room = high - _reserved(found, traps)
    while traps and len(picks.chosen) < room:
        trap = min(traps, key=picks.rank)  # spread over the passages, if they must be cut
        traps.remove(trap)
        picks.add(trap)
    for label in LABELS:
        while picks.count[label] < EACH_LABEL and picks.add(picks.best(label)):
            pass
    for passage in dict.fromkeys(candidate.passage for candidate in found):
        if not picks.in_passage[passage]:
            picks.add(picks.best_in_passage(passage))
    while len(picks.chosen) < high:
        left = [label for label in picks.labels if picks.best(label) is not None]
        if not left:
            break
        label = min(left, key=lambda known: picks.count[known])
        gone = [picks.count[known] for known in picks.labels if known not in left]
        if len(picks.chosen) >= low and gone and picks.count[label] >= max(gone):
            break  # only labels picked as often as the used-up ones are left
        picks.add(picks.best(label))
    return sorted(picks.chosen)


def _reserved(found: list[Candidate], traps: list[int]) -> int:
    """The picks step 2 needs beyond the traps: room kept for them when traps abound."""
    offered = Counter(c.suggestion.label for c in found)
    trapped = Counter(found[i].suggestion.label for i in traps)
    return sum(max(0, min(EACH_LABEL, offered[label]) - trapped[label]) for label in LABELS)


class _Picks:
    """The candidates picked so far, counted by label and by passage."""

    def __init__(self, found: list[Candidate], high: int) -> None:
        self.found, self.high = found, high
        self.chosen: set[int] = set()
        self.labels = list(dict.fromkeys([*LABELS, *(c.suggestion.label for c in found)]))
        self.count: Counter[str] = Counter(dict.fromkeys(self.labels, 0))
        self.in_passage: Counter[int] = Counter()

    def add(self, index: int | None) -> bool:
        """Pick `index`, unless it is None or `high` are picked already."""
        if index is None or len(self.chosen) >= self.high:
            return False
        candidate = self.found[index]
        self.chosen.add(index)
        self.count[candidate.suggestion.label] += 1
        self.in_passage[candidate.passage] += 1
        return True

    def rank(self, index: int) -> tuple[bool, int, int]:
        candidate = self.found[index]
        return (candidate.suggestion.confidence != CUE, self.in_passage[candidate.passage],
                index)

    def best(self, label: str) -> int | None:
        """The best candidate of `label` not picked yet."""
        left = [i for i, c in enumerate(self.found)
                if c.suggestion.label == label and i not in self.chosen]
        return min(left, key=self.rank, default=None)

    def best_in_passage(self, passage: int) -> int | None:
        """The passage's best candidate, of the label picked least so far."""
        left = [i for i, c in enumerate(self.found) if c.passage == passage]
        return min(left, key=lambda i: (self.count[self.found[i].suggestion.label],
                                        *self.rank(i)), default=None)
