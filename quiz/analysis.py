"""Class results: item analysis, the confusion matrix and the score distribution. Pure.

Item statistics follow Moodle's quiz statistics report:
- facility: the share of attempts that got the item right (mean item score / max);
- discrimination index: the Pearson correlation between the item's score and the score on
  the *rest of the test* (the total minus this item), so an item does not correlate with
  itself. It lies in [-1, 1]; above 0.3 separates strong from weak students well, below 0
  suggests a misleading item or a wrong key. Undefined (None) when either score does not
  vary, as when everyone got the item right.
Each student contributes one attempt: the one the assignment counts.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    accepted: tuple[str, ...]


Responses = Mapping[int, str | None]  # one attempt: chosen label by statement number


@dataclass(frozen=True)
class ItemStats:
    item: Item
    responses: int
    facility: float | None
    discrimination: float | None
    common_wrong: str | None  # the wrong label chosen most often (ties: label order)
    common_wrong_count: int


def _correct(item: Item, chosen: str | None) -> int:
    return int(chosen is not None and chosen in item.accepted)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The correlation of two equally long series; None if either does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    # Tolerance, not ==: the mean of [0.1] * 3 is not exactly 0.1 in floating point.
    if var_x <= 1e-12 or var_y <= 1e-12:
        return None
    return cov / math.sqrt(var_x * var_y)


def item_analysis(items: Sequence[Item], attempts: Sequence[Responses],
                  labels: Sequence[str] = ()) -> list[ItemStats]:
    """Facility, discrimination and most common wrong answer for every item."""
    scores = [[_correct(item, a.get(item.number)) for item in items] for a in attempts]
    totals = [sum(row) for row in scores]
    order = {label: i for i, label in enumerate(labels)}
    stats = []
    for index, item in enumerate(items):
        own = [row[index] for row in scores]
        rest = [total - mine for total, mine in zip(totals, own, strict=True)]
        wrong = Counter(
            chosen for a in attempts
            if (chosen := a.get(item.number)) is not None and chosen not in item.accepted
        )
        common = min(wrong, key=lambda lbl: (-wrong[lbl], order.get(lbl, len(order)), lbl),
                     default=None)
        stats.append(ItemStats(
            item=item,
            responses=len(attempts),
            facility=sum(own) / len(own) if own else None,
            discrimination=pearson(own, rest),
            common_wrong=common,
            common_wrong_count=wrong[common] if common else 0,
        ))
    return stats


def hardest(stats: Sequence[ItemStats], count: int = 3) -> list[ItemStats]:
    """The items with the lowest facility (ties: file order). An item everyone got right
    is not hard, so a class that got nearly everything right sees fewer than `count`."""
    answered = [s for s in stats if s.facility is not None and s.facility < 1]
    return sorted(answered, key=lambda s: (s.facility, s.item.number))[:count]


@dataclass(frozen=True)
class Mixup:
    """Statements whose answer is `correct`, read as `chosen`: `count` of them, `share` of
    the row (all answers to statements whose answer is `correct`)."""

    correct: str
    chosen: str
    share: float
    count: int


@dataclass(frozen=True)
class Confusion:
    """Counts of (correct label, chosen label); a correct choice counts on the diagonal."""

    labels: tuple[str, ...]
    counts: dict[tuple[str, str], int]

    def row_total(self, correct: str) -> int:
        return sum(self.counts.get((correct, chosen), 0) for chosen in self.labels)

    def share(self, correct: str, chosen: str) -> float | None:
        """How often statements whose answer is `correct` were read as `chosen`."""
        total = self.row_total(correct)
        return self.counts.get((correct, chosen), 0) / total if total else None

    def most_common_mixup(self) -> Mixup | None:
        """The wrong reading with the largest share of its row; None if no one erred.

        The largest share wins, not the largest count: 1 of 1 (100%) beats 30 of 60 (50%),
        because the headline says how often a label is misread. Among equal shares the first
        pair in label order wins (rows first, then columns), so the headline does not depend
        on the order of the counts. Rows no one answered (share None) and shares of 0 never
        win; off-diagonal cells only.
        """
        best: Mixup | None = None
        for correct in self.labels:
            for chosen in self.labels:
                share = self.share(correct, chosen)
                if chosen != correct and share and (best is None or share > best.share):
                    best = Mixup(correct, chosen, share, self.counts[(correct, chosen)])
        return best


def confusion(items: Sequence[Item], attempts: Sequence[Responses],
              labels: Sequence[str]) -> Confusion:
    """The confusion matrix; unanswered statements are left out.

    With several accepted answers, a choice among them is correct (diagonal); a wrong
    choice counts against the first accepted answer, the key's main label.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for attempt in attempts:
        for item in items:
            chosen = attempt.get(item.number)
            if chosen is None:
                continue
            row = chosen if chosen in item.accepted else item.accepted[0]
            counts[(row, chosen)] += 1
    return Confusion(tuple(labels), dict(counts))


def distribution(percents: Sequence[float], bands: int = 10) -> list[tuple[int, int, int]]:
    """Scores per band of the percentage: (low, high, count); 100% falls in the top band."""
    width = 100 / bands
    counts = [0] * bands
    for percent in percents:
        counts[min(int(percent // width), bands - 1)] += 1
    return [(round(i * width), round((i + 1) * width), counts[i]) for i in range(bands)]


# -- Growth over time: how a mix-up changes across attempts or assignments -------------------
#
# A *step* is one point in time, given as its Confusion: one attempt (a student's result
# page), one student's counted attempt at one assignment, or a class's counted attempts at
# one assignment pooled. Steps come in time order. A mix-up is (correct, chosen), correct !=
# chosen; its rate in a step is Confusion.share's: the statements whose key is `correct` read
# as `chosen`, of the answered statements whose key is `correct`.

SHRANK, GREW, SAME, NOT_ENOUGH = "shrank", "grew", "about the same", "not enough data"


@dataclass(frozen=True)
class Rate:
    """`count` of `total` answered statements with one key were read as another label."""

    count: int
    total: int

    @property
    def words(self) -> str:
        return f"{self.count} of {self.total}"


@dataclass(frozen=True)
class Trend:
    """One mix-up over the steps: its rate in each (0 of 0 where no statement with that key
    was answered), the latest step that had one, every step before it pooled, the verdict."""

    correct: str
    chosen: str
    rates: tuple[Rate, ...]
    latest: Rate
    earlier: Rate
    verdict: str

    @property
    def name(self) -> str:
        return f"{self.correct} read as {self.chosen}"


def pooled(steps: Sequence[Confusion]) -> Confusion:
    """Several steps as one: counts added up, labels in the order they first appear."""
    labels: dict[str, None] = {}
    counts: Counter[tuple[str, str]] = Counter()
    for step in steps:
        labels.update(dict.fromkeys(step.labels))
        counts.update(step.counts)
    return Confusion(tuple(labels), dict(counts))


def most_frequent_mixup(steps: Sequence[Confusion]) -> Mixup | None:
    """A student's most frequent mix-up over the steps: `most_common_mixup` of the steps
    pooled, so the largest share of its row wins and ties go by label order. Pooled rather
    than step by step, so that every answered statement weighs the same."""
    return pooled(steps).most_common_mixup()


def verdict(latest: Rate, earlier: Rate) -> str:
    """Did the mix-up shrink in the latest step, compared with the earlier steps pooled?

    The latest against all the earlier ones pooled, not against the step before it only: a
    set has a handful of statements per label, so one earlier attempt is a noisy yardstick,
    and pooling weighs every earlier statement the same. A change counts only if it is worth
    at least one whole statement of the latest step: at the earlier rate the latest step's
    `total` statements would have had `earlier.share * latest.total` mix-ups, and the latest
    count must differ from that by 1 or more ("about the same" otherwise). That is the
    smallest change a student can make, and it keeps 1 of 2 after 1 of 3 from reading as
    growth. Without statements with that key both now and before: "not enough data".
    """
    if not latest.total or not earlier.total:
        return NOT_ENOUGH
    # (latest.count - earlier.share * latest.total) * earlier.total, in whole numbers.
    change = latest.count * earlier.total - earlier.count * latest.total
    if abs(change) < earlier.total:
        return SAME
    return GREW if change > 0 else SHRANK


def trend(steps: Sequence[Confusion], correct: str, chosen: str) -> Trend:
    """The mix-up's rate in each step and its verdict. The latest step is the last one that
    answered statements whose key is `correct`: a set without opinions says nothing about
    reading opinions as facts, so it neither ends a trend nor breaks one."""
    rates = tuple(Rate(s.counts.get((correct, chosen), 0), s.row_total(correct)) for s in steps)
    answered = [i for i, r in enumerate(rates) if r.total]
    last = answered[-1] if answered else len(rates)
    latest = rates[last] if answered else Rate(0, 0)
    earlier = Rate(sum(r.count for r in rates[:last]), sum(r.total for r in rates[:last]))
    return Trend(correct, chosen, rates, latest, earlier, verdict(latest, earlier))


def student_trend(steps: Sequence[Confusion]) -> Trend | None:
    """The trend of the student's most frequent mix-up; None if they never mixed labels."""
    mixup = most_frequent_mixup(steps)
    return None if mixup is None else trend(steps, mixup.correct, mixup.chosen)


def mixup_trends(steps: Sequence[Confusion]) -> list[Trend]:
    """The trend of every mix-up made in any step (a class's, across its assignments), in
    label order: rows first, then columns."""
    whole = pooled(steps)
    return [trend(steps, correct, chosen) for correct in whole.labels for chosen in whole.labels
            if correct != chosen and whole.counts.get((correct, chosen))]


def attempt_trend(current: Confusion, earlier: Sequence[Confusion]) -> Trend | None:
    """For the result page of one attempt: the trend of the student's most frequent mix-up
    over their earlier attempts and this one, among the labels this attempt has statements
    for, since the page says how it went "this time". None if there is no such mix-up."""
    whole = pooled([*earlier, current])
    asked = Confusion(whole.labels, {pair: n for pair, n in whole.counts.items()
                                     if current.row_total(pair[0])})
    mixup = asked.most_common_mixup()
    return None if mixup is None else trend([*earlier, current], mixup.correct, mixup.chosen)


_COMPARED = {SHRANK: "fewer than before", GREW: "more than before",
             SAME: "about as often as before"}


def growth_sentence(trend: Trend | None) -> str | None:
    """What the result page says of an attempt_trend; None (say nothing) without an earlier
    rate to compare with."""
    if trend is None or trend.verdict == NOT_ENOUGH:
        return None
    now = trend.latest
    return (f"You read {trend.correct} as {trend.chosen} in {now.words} such "
            f"statement{'s' if now.total != 1 else ''} this time, "
            f"{_COMPARED[trend.verdict]} ({trend.earlier.words}).")
