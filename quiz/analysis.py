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
    """The items with the lowest facility (ties: file order)."""
    answered = [s for s in stats if s.facility is not None]
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
