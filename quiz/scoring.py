"""Scoring an attempt against the answer key. Pure: no database, no Flask."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemResult:
    chosen: str | None
    accepted: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return self.chosen is not None and self.chosen in self.accepted


@dataclass(frozen=True)
class Score:
    items: dict[int, ItemResult]  # by statement number

    @property
    def correct(self) -> int:
        return sum(item.correct for item in self.items.values())

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> int:
        """Rounded half up, so 2.5% shows as 3% and 0 of 0 as 0%."""
        return (200 * self.correct + self.total) // (2 * self.total) if self.total else 0


def score(key: Mapping[int, Collection[str]], chosen: Mapping[int, str]) -> Score:
    """One point per statement whose chosen label is any accepted one; unanswered scores 0."""
    return Score({
        number: ItemResult(chosen.get(number), tuple(accepted))
        for number, accepted in key.items()
    })
