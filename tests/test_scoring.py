"""Scoring an attempt against the answer key (quiz.scoring.score): pure, no app needed."""

from __future__ import annotations

import pytest

from quiz.scoring import ItemResult, score

KEY = {
    1: ("fact",),
    2: ("opinion",),
    3: ("speculation", "opinion"),  # two accepted answers
    4: ("fact",),
}


@pytest.mark.parametrize(
    ("chosen", "correct", "percent"),
    [
        pytest.param({1: "fact", 2: "opinion", 3: "speculation", 4: "fact"}, 4, 100,
                     id="all-right"),
        pytest.param({1: "opinion", 2: "fact", 3: "fact", 4: "speculation"}, 0, 0,
                     id="all-wrong"),
        pytest.param({}, 0, 0, id="nothing-answered"),
        pytest.param({1: "fact", 3: "opinion"}, 2, 50, id="unanswered-count-zero"),
        pytest.param({1: "fact", 2: "opinion", 3: "opinion", 4: "opinion"}, 3, 75,
                     id="second-accepted-answer"),
    ],
)
def test_points_and_percent(chosen, correct, percent):
    result = score(KEY, chosen)
    assert result.correct == correct
    assert result.total == len(KEY)
    assert result.percent == percent


def test_each_accepted_answer_scores_and_others_do_not():
    key = {1: ("speculation", "opinion")}
    assert score(key, {1: "speculation"}).correct == 1
    assert score(key, {1: "opinion"}).correct == 1
    assert score(key, {1: "fact"}).correct == 0


def test_per_item_results_show_the_choice_the_accepted_answers_and_correctness():
    result = score(KEY, {1: "fact", 2: "fact", 3: "opinion"})
    assert result.items == {
        1: ItemResult("fact", ("fact",)),
        2: ItemResult("fact", ("opinion",)),
        3: ItemResult("opinion", ("speculation", "opinion")),
        4: ItemResult(None, ("fact",)),
    }
    assert {n: item.correct for n, item in result.items.items()} == {
        1: True, 2: False, 3: True, 4: False,
    }


def test_unanswered_item_is_wrong_and_reported_as_unanswered():
    item = score({7: ("fact",)}, {}).items[7]
    assert item.chosen is None
    assert item.correct is False


def test_answers_to_statements_not_in_the_key_are_ignored():
    result = score({1: ("fact",)}, {1: "fact", 2: "fact", 99: "opinion"})
    assert list(result.items) == [1]
    assert (result.correct, result.total, result.percent) == (1, 1, 100)


def test_labels_are_compared_exactly_as_stored():
    # The key holds labels spelled as in the set; a near miss is not a point.
    assert score({1: ("fact",)}, {1: "facts"}).correct == 0
    assert score({1: ("fact",)}, {1: ""}).correct == 0


def test_accepted_answers_may_be_any_collection():
    result = score({1: ["fact", "opinion"], 2: {"opinion"}}, {1: "opinion", 2: "opinion"})
    assert result.correct == 2
    assert result.items[1].accepted == ("fact", "opinion")


def _key_of(total: int) -> dict[int, tuple[str, ...]]:
    return {n: ("fact",) for n in range(1, total + 1)}


@pytest.mark.parametrize(
    ("right", "total", "percent"),
    [
        (0, 0, 0),  # an empty set does not divide by zero
        (1, 3, 33),
        (2, 3, 67),
        (1, 8, 13),  # 12.5 rounds half up
        (3, 8, 38),  # 37.5 rounds half up
        (5, 8, 63),  # 62.5 rounds half up
        (1, 40, 3),  # 2.5 rounds half up
        (1, 200, 1),  # 0.5 rounds half up
        (1, 201, 0),  # 0.497... rounds down
        (199, 200, 100),  # 99.5 rounds half up
        (200, 201, 100),
        (1, 1, 100),
        (21, 21, 100),
        (0, 21, 0),
    ],
)
def test_percent_rounds_half_up(right, total, percent):
    chosen = {n: ("fact" if n <= right else "opinion") for n in range(1, total + 1)}
    result = score(_key_of(total), chosen)
    assert result.correct == right
    assert result.percent == percent


def test_percent_is_an_int_never_above_100_or_below_0():
    for total in range(1, 30):
        for right in range(total + 1):
            chosen = {n: "fact" for n in range(1, right + 1)}
            percent = score(_key_of(total), chosen).percent
            assert isinstance(percent, int)
            assert 0 <= percent <= 100
            assert abs(percent - 100 * right / total) <= 0.5
