"""Item analysis, confusion matrix and score distribution, checked against a class by hand."""

from __future__ import annotations

import pytest

from quiz.analysis import (
    Confusion,
    Item,
    ItemStats,
    Mixup,
    confusion,
    distribution,
    hardest,
    item_analysis,
    pearson,
)

LABELS = ("fact", "speculation", "opinion")  # label order, used to break ties
ITEMS = [
    Item(1, "Water boils at 100 C at sea level.", ("fact",)),  # everyone right
    Item(2, "The minister resigned on Monday.", ("fact",)),  # weak right, strong wrong
    Item(3, "The plan will probably fail.", ("opinion", "speculation")),  # two accepted
    Item(4, "Prices may rise next year.", ("speculation",)),  # Dev leaves it unanswered
]
# Answers (✓ right, ✗ wrong, - unanswered) and the item scores they earn:
#          item 1    item 2        item 3           item 4          total
#   Ana    fact ✓ 1  speculation ✗ 0  opinion ✓ 1      speculation ✓ 1   3
#   Ben    fact ✓ 1  opinion ✗ 0      speculation ✓ 1  speculation ✓ 1   3
#   Cai    fact ✓ 1  fact ✓ 1         opinion ✓ 1      speculation ✓ 1   4
#   Dev    fact ✓ 1  fact ✓ 1         fact ✗ 0         -          0      2
#   Eli    fact ✓ 1  fact ✓ 1         fact ✗ 0         opinion ✗ 0       2
ATTEMPTS = [
    {1: "fact", 2: "speculation", 3: "opinion", 4: "speculation"},  # Ana
    {1: "fact", 2: "opinion", 3: "speculation", 4: "speculation"},  # Ben
    {1: "fact", 2: "fact", 3: "opinion", 4: "speculation"},  # Cai
    {1: "fact", 2: "fact", 3: "fact", 4: None},  # Dev
    {1: "fact", 2: "fact", 3: "fact", 4: "opinion"},  # Eli
]

# Item 2: x = item score, y = rest of test (total - x), Ana..Eli
#   x = 0, 0, 1, 1, 1    mean 3/5 = 0.6     x - mean = -.6, -.6, .4, .4, .4
#   y = 3, 3, 3, 1, 1    mean 11/5 = 2.2    y - mean = .8, .8, .8, -1.2, -1.2
#   covariance sum  = -.48 - .48 + .32 - .48 - .48 = -1.6
#   variance sums   x: 2(.36) + 3(.16) = 1.2    y: 3(.64) + 2(1.44) = 4.8
#   r = -1.6 / sqrt(1.2 * 4.8) = -1.6 / 2.4 = -0.667
# Item 3 (and item 4, same score pattern): x = 1, 1, 1, 0, 0; y = 2, 2, 3, 2, 2
#   mean x 0.6, x - mean = .4, .4, .4, -.6, -.6; mean y 2.2, y - mean = -.2, -.2, .8, -.2, -.2
#   covariance sum  = -.08 - .08 + .32 + .12 + .12 = 0.4
#   variance sums   x: 3(.16) + 2(.36) = 1.2    y: 4(.04) + .64 = 0.8
#   r = 0.4 / sqrt(1.2 * 0.8) = 0.4 / 0.9798 = 0.408
# Item 1: x = 1, 1, 1, 1, 1 does not vary -> None.
EXPECTED = [
    # number, facility, discrimination, common wrong, its count
    (1, 1.0, None, None, 0),
    (2, 0.6, -0.667, "speculation", 1),  # speculation 1 = opinion 1: label order, not a-z
    (3, 0.6, 0.408, "fact", 2),
    (4, 0.6, 0.408, "opinion", 1),  # Dev's blank is not a wrong answer
]


@pytest.fixture
def stats() -> list[ItemStats]:
    return item_analysis(ITEMS, ATTEMPTS, LABELS)


@pytest.mark.parametrize(("number", "facility", "discrimination", "wrong", "count"), EXPECTED)
def test_item_analysis_by_hand(stats, number, facility, discrimination, wrong, count):
    s = stats[number - 1]
    assert s.item.number == number
    assert s.responses == 5
    assert s.facility == pytest.approx(facility)
    if discrimination is None:
        assert s.discrimination is None
    else:
        assert s.discrimination == pytest.approx(discrimination, abs=1e-3)
    assert (s.common_wrong, s.common_wrong_count) == (wrong, count)


def test_exact_discriminations():
    by_number = {s.item.number: s for s in item_analysis(ITEMS, ATTEMPTS, LABELS)}
    assert by_number[2].discrimination == pytest.approx(-2 / 3)
    assert by_number[3].discrimination == pytest.approx(0.4 / 0.96 ** 0.5)


def test_without_labels_ties_fall_back_to_alphabetical():
    [_, item2, _, _] = item_analysis(ITEMS, ATTEMPTS)
    assert (item2.common_wrong, item2.common_wrong_count) == ("opinion", 1)


@pytest.mark.parametrize("attempts", [[], ATTEMPTS[:1]], ids=["none", "one"])
def test_fewer_than_two_attempts_no_discrimination(attempts):
    for s in item_analysis(ITEMS, attempts, LABELS):
        assert s.discrimination is None
        assert s.responses == len(attempts)
    if not attempts:
        assert all(s.facility is None for s in item_analysis(ITEMS, attempts, LABELS))


def _stat(number: int, facility: float | None) -> ItemStats:
    return ItemStats(Item(number, "", ("fact",)), 5, facility, None, None, 0)


@pytest.mark.parametrize(("facilities", "expected"), [
    ({1: 1.0, 2: 0.6, 3: 0.6, 4: 0.6}, [2, 3, 4]),
    ({1: 0.2, 2: 0.8, 3: 0.2, 4: 0.5, 5: 0.2}, [1, 3, 5]),
    ({1: 0.9, 2: 0.1, 3: 0.5, 4: 0.3}, [2, 4, 3]),
    ({1: 0.4, 2: None, 3: 0.9}, [1, 3]),
    ({1: 1.0, 2: 0.5, 3: 1.0}, [2]),
    ({1: 1.0, 2: 1.0}, []),
])
def test_hardest(facilities, expected):
    stats = [_stat(n, f) for n, f in reversed(facilities.items())]  # ties not by input order
    assert [s.item.number for s in hardest(stats)] == expected


def test_hardest_of_the_class(stats):
    assert [s.item.number for s in hardest(list(reversed(stats)))] == [2, 3, 4]


# Confusion (row = correct label, column = chosen), from the answer table above:
#   item 1: 5 x (fact, fact)
#   item 2: Ana (fact, speculation), Ben (fact, opinion), Cai/Dev/Eli 3 x (fact, fact)
#   item 3: Ana, Cai (opinion, opinion); Ben chose speculation, also accepted -> (speculation,
#           speculation); Dev, Eli chose fact, wrong -> row of the main label: (opinion, fact)
#   item 4: Ana/Ben/Cai 3 x (speculation, speculation); Dev blank, left out; Eli (spec., opinion)
#               fact  speculation  opinion   row total
#   fact          8        1          1         10
#   speculation   0        4          1          5
#   opinion       2        0          2          4      19 = 20 answers - 1 blank
CONFUSION = {
    ("fact", "fact"): 8, ("fact", "speculation"): 1, ("fact", "opinion"): 1,
    ("speculation", "speculation"): 4, ("speculation", "opinion"): 1,
    ("opinion", "fact"): 2, ("opinion", "opinion"): 2,
}


def test_confusion_counts():
    matrix = confusion(ITEMS, ATTEMPTS, LABELS)
    assert matrix.labels == LABELS
    assert {k: v for k, v in matrix.counts.items() if v} == CONFUSION
    assert [matrix.row_total(label) for label in LABELS] == [10, 5, 4]


@pytest.mark.parametrize(("correct", "chosen", "share"), [
    ("fact", "fact", 8 / 10),
    ("fact", "speculation", 1 / 10),
    ("speculation", "opinion", 1 / 5),  # speculation read as opinion 1 of 5 = 0.2
    ("speculation", "fact", 0.0),
    ("speculation", "speculation", 4 / 5),
    ("opinion", "fact", 2 / 4),  # opinion read as fact 2 of 4 = 0.5
])
def test_confusion_share(correct, chosen, share):
    assert confusion(ITEMS, ATTEMPTS, LABELS).share(correct, chosen) == pytest.approx(share)


def test_confusion_share_none_for_a_row_without_responses():
    only_item_1 = confusion(ITEMS[:1], ATTEMPTS, LABELS)
    assert only_item_1.share("fact", "fact") == 1.0
    assert only_item_1.share("speculation", "fact") is None
    assert only_item_1.share("opinion", "opinion") is None
    assert confusion(ITEMS, [], LABELS).share("fact", "fact") is None


@pytest.mark.parametrize(("percent", "band"), [
    (0, 0), (5, 0), (9.99, 0), (10, 1), (19.99, 1), (50, 5), (89.99, 8), (90, 9), (99.99, 9),
    (100, 9),
])
def test_distribution_band(percent, band):
    result = distribution([percent])
    assert [count for _, _, count in result] == [int(i == band) for i in range(10)]


def test_distribution_bands_and_total():
    scores = [0, 0, 9.99, 10, 45, 50, 67, 100, 100, 100]
    result = distribution(scores)
    assert [(low, high) for low, high, _ in result] == [(i, i + 10) for i in range(0, 100, 10)]
    assert [count for _, _, count in result] == [3, 1, 0, 0, 1, 1, 1, 0, 0, 3]
    assert sum(count for _, _, count in result) == len(scores)


def test_distribution_other_band_count():
    assert distribution([0, 24.9, 25, 100], bands=4) == [
        (0, 25, 2), (25, 50, 1), (50, 75, 0), (75, 100, 1)]


@pytest.mark.parametrize(("xs", "ys", "expected"), [
    ([1, 2, 3, 4], [2, 4, 6, 8], 1.0),
    ([1, 2, 3, 4], [8, 6, 4, 2], -1.0),
    # mean x 2, mean y 3; dx -1, 0, 1; dy -2, 1, 1; cov 2 + 0 + 1 = 3;
    # var x 2, var y 4 + 1 + 1 = 6; r = 3 / sqrt(12) = 0.866
    ([1, 2, 3], [1, 4, 4], 0.866),
])
def test_pearson(xs, ys, expected):
    assert pearson(xs, ys) == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize(("xs", "ys"), [([], []), ([1], [2]), ([1, 1, 1], [1, 2, 3]),
                                        ([1, 2, 3], [5, 5, 5])])
def test_pearson_undefined(xs, ys):
    assert pearson(xs, ys) is None


def test_pearson_constant_float_series_is_undefined():
    # [0.1] * 3 does not vary, so by the docstring r is None; round-off in the mean leaves a
    # variance of ~1e-34, and pearson returns 0.0. Integer item scores never hit this.
    assert pearson([0.1, 0.1, 0.1], [1, 2, 3]) is None


# The headline "This class reads X as Y N% of the time": the off-diagonal cell with the
# largest share of its row; equal shares go to the first pair in label order (rows, then
# columns); None when no one mistook a label for another.

def test_most_common_mixup_of_the_class_by_hand():
    # From the matrix above, the off-diagonal shares are:
    #   fact as speculation 1/10, fact as opinion 1/10, speculation as fact 0/5,
    #   speculation as opinion 1/5, opinion as fact 2/4, opinion as speculation 0/4.
    assert confusion(ITEMS, ATTEMPTS, LABELS).most_common_mixup() == Mixup(
        "opinion", "fact", 0.5, 2)


@pytest.mark.parametrize(("counts", "expected"), [
    # Same row, 1 of 4 each: label order (speculation before opinion), not a-z.
    ({("fact", "fact"): 2, ("fact", "opinion"): 1, ("fact", "speculation"): 1},
     Mixup("fact", "speculation", 0.25, 1)),
    # Different rows, 1 of 2 and 2 of 4: the earlier row (fact) wins.
    ({("speculation", "speculation"): 2, ("speculation", "fact"): 2,
      ("fact", "fact"): 1, ("fact", "opinion"): 1},
     Mixup("fact", "opinion", 0.5, 1)),
    # 2 of 6 and 1 of 3 are the same share, although the counts differ.
    ({("opinion", "opinion"): 4, ("opinion", "speculation"): 2,
      ("speculation", "speculation"): 2, ("speculation", "fact"): 1},
     Mixup("speculation", "fact", 1 / 3, 1)),
], ids=["same-row", "two-rows", "equal-fractions"])
def test_most_common_mixup_ties_go_to_label_order(counts, expected):
    assert Confusion(LABELS, counts).most_common_mixup() == expected
    backwards = dict(reversed(counts.items()))  # the order of the counts does not matter
    assert Confusion(LABELS, backwards).most_common_mixup() == expected


def test_most_common_mixup_tie_follows_the_sets_label_order():
    counts = {("fact", "fact"): 2, ("fact", "opinion"): 1, ("fact", "speculation"): 1}
    relabelled = Confusion(("opinion", "speculation", "fact"), counts)
    assert relabelled.most_common_mixup() == Mixup("fact", "opinion", 0.25, 1)


def test_most_common_mixup_largest_share_beats_largest_count():
    counts = {("fact", "fact"): 30, ("fact", "opinion"): 30, ("opinion", "fact"): 1}
    assert Confusion(LABELS, counts).most_common_mixup() == Mixup("opinion", "fact", 1.0, 1)


@pytest.mark.parametrize("matrix", [
    Confusion(LABELS, {}),
    Confusion(LABELS, {("fact", "fact"): 3, ("opinion", "opinion"): 1}),
    Confusion(LABELS, {("fact", "fact"): 3, ("fact", "opinion"): 0}),
    confusion(ITEMS, [], LABELS),
    confusion(ITEMS[:1], ATTEMPTS, LABELS),  # everyone read item 1 as fact, rightly
], ids=["no-answers", "all-right", "zero-count", "no-attempts", "only-item-1"])
def test_no_mixup_when_no_one_mistook_a_label(matrix):
    assert matrix.most_common_mixup() is None


def test_most_common_mixup_with_labels_never_the_answer():
    # Items 1 and 2 are both facts: the speculation and opinion rows have no answers
    # (share None), and fact's two wrong readings tie at 1 of 10.
    matrix = confusion(ITEMS[:2], ATTEMPTS, LABELS)
    assert matrix.share("opinion", "fact") is None
    assert matrix.share("speculation", "opinion") is None
    assert matrix.most_common_mixup() == Mixup("fact", "speculation", 0.1, 1)


def test_most_common_mixup_with_two_accepted_answers():
    # "opinion, speculation" accepted: speculation is right (its own diagonal), not opinion
    # read as speculation; fact is wrong and counts against the main label, opinion.
    items = [Item(1, "The plan will probably fail.", ("opinion", "speculation"))]
    attempts = [{1: "speculation"}, {1: "opinion"}, {1: "fact"}, {1: "speculation"}]
    matrix = confusion(items, attempts, LABELS)
    assert matrix.counts == {("speculation", "speculation"): 2, ("opinion", "opinion"): 1,
                             ("opinion", "fact"): 1}
    assert matrix.most_common_mixup() == Mixup("opinion", "fact", 0.5, 1)


def test_no_mixup_when_every_choice_is_accepted():
    items = [Item(1, "The plan will probably fail.", ("opinion", "speculation"))]
    matrix = confusion(items, [{1: "speculation"}, {1: "opinion"}], LABELS)
    assert matrix.most_common_mixup() is None
