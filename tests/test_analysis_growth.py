"""Growth over time (quiz.analysis): a student's most frequent mix-up and its trend, and a
class's trend of each mix-up, checked against a small class worked out by hand."""

from __future__ import annotations

import pytest

from quiz.analysis import (
    GREW,
    NOT_ENOUGH,
    SAME,
    SHRANK,
    Confusion,
    Item,
    Rate,
    attempt_trend,
    confusion,
    growth_sentence,
    mixup_trends,
    pooled,
    student_trend,
    trend,
    verdict,
)

LABELS = ("fact", "speculation", "opinion")
F, S, OP = LABELS


def items(*key: str) -> list[Item]:
    return [Item(number, f"Statement {number}", (answer,))
            for number, answer in enumerate(key, start=1)]


# Three assignments in time order, four statements each; C has no opinion at all.
A = items(F, S, S, OP)
B = items(S, F, S, OP)
C = items(F, S, S, S)
SETS = (A, B, C)
# Each student's counted attempt at A, B and C (✗ a mix-up, key -> chosen):
#   Ana  A: f  f✗ f✗ o      spec->fact 2 of 2
#        B: f✗ f  s  o      spec->fact 1 of 2
#        C: f  s  s  f✗     spec->fact 1 of 3
#   Ben  A: f  s  s  s✗     opinion->spec 1 of 1
#        B: s  f  s  f✗     opinion->fact 1 of 1
#        C: f  s  o✗ s      spec->opinion 1 of 3 (and no opinion statement)
#   Cai  A: f  s  s  o      none
#        B: f✗ f  s  o      spec->fact 1 of 2
#        C: f  f✗ s  s      spec->fact 1 of 3
CLASS = {
    "Ana": ({1: F, 2: F, 3: F, 4: OP}, {1: F, 2: F, 3: S, 4: OP}, {1: F, 2: S, 3: S, 4: F}),
    "Ben": ({1: F, 2: S, 3: S, 4: S}, {1: S, 2: F, 3: S, 4: F}, {1: F, 2: S, 3: OP, 4: S}),
    "Cai": ({1: F, 2: S, 3: S, 4: OP}, {1: F, 2: F, 3: S, 4: OP}, {1: F, 2: F, 3: S, 4: S}),
}


def steps_of(name: str) -> list[Confusion]:
    return [confusion(key, [chosen], LABELS) for key, chosen in zip(SETS, CLASS[name],
                                                                  strict=True)]


def class_steps() -> list[Confusion]:
    """Per assignment, the class's counted attempts pooled."""
    return [confusion(key, [CLASS[name][index] for name in CLASS], LABELS)
            for index, key in enumerate(SETS)]


# Per student, the most frequent mix-up over A, B and C pooled, and its trend:
#   Ana: speculation rows 2 + 2 + 3 = 7, read as fact 2 + 1 + 1 = 4 -> spec->fact 4/7, her only
#        one. Latest C 1 of 3, earlier A+B 3 of 4: at 3/4, 3 statements -> 2.25 expected,
#        1 seen, 1.25 fewer -> shrank.
#   Ben: opinion rows 1 + 1 + 0 = 2: ->fact 1/2 and ->spec 1/2 tie; spec->opinion 1/7 is
#        less. The tie goes by label order (fact before speculation): opinion->fact. C has no
#        opinion, so the latest is B, 1 of 1, against A, 0 of 1: 1 more -> grew.
#   Cai: spec->fact 0 + 1 + 1 of 2 + 2 + 3 = 2/7. Latest C 1 of 3, earlier 1 of 4: 0.75
#        expected, 1 seen, 0.25 more -> about the same.
STUDENTS = [
    ("Ana", S, F, ["2 of 2", "1 of 2", "1 of 3"], "1 of 3", "3 of 4", SHRANK),
    ("Ben", OP, F, ["0 of 1", "1 of 1", "0 of 0"], "1 of 1", "0 of 1", GREW),
    ("Cai", S, F, ["0 of 2", "1 of 2", "1 of 3"], "1 of 3", "1 of 4", SAME),
]


@pytest.mark.parametrize(("name", "correct", "chosen", "rates", "latest", "earlier",
                          "expected"), STUDENTS)
def test_each_students_most_frequent_mixup_and_its_trend(name, correct, chosen, rates,
                                                         latest, earlier, expected):
    found = student_trend(steps_of(name))
    assert (found.correct, found.chosen) == (correct, chosen)
    assert [r.words for r in found.rates] == rates
    assert (found.latest.words, found.earlier.words, found.verdict) == (latest, earlier,
                                                                        expected)


# Per assignment, the class pooled (Ana, Ben, Cai):
#   A: fact 3 right of 3; speculation 6: ->fact 2 (Ana); opinion 3: ->spec 1 (Ben)
#   B: fact 3 right of 3; speculation 6: ->fact 2 (Ana, Cai); opinion 3: ->fact 1 (Ben)
#   C: fact 3 right of 3; speculation 9: ->fact 2 (Ana, Cai), ->opinion 1 (Ben); no opinion
# Every mix-up made, rows then columns in label order:
#   spec->fact     2/6, 2/6, 2/9: latest 2 of 9, earlier 4 of 12 -> 3 of 9 expected, 2
#                  seen, exactly one statement fewer -> shrank
#   spec->opinion  0/6, 0/6, 1/9: earlier 0 of 12 -> 0 expected, 1 seen -> grew
#   opinion->fact  0/3, 1/3, none: latest B 1 of 3, earlier 0 of 3 -> grew
#   opinion->spec  1/3, 0/3, none: latest B 0 of 3, earlier 1 of 3 -> shrank
CLASS_TRENDS = [
    ("speculation read as fact", ["2 of 6", "2 of 6", "2 of 9"], SHRANK),
    ("speculation read as opinion", ["0 of 6", "0 of 6", "1 of 9"], GREW),
    ("opinion read as fact", ["0 of 3", "1 of 3", "0 of 0"], GREW),
    ("opinion read as speculation", ["1 of 3", "0 of 3", "0 of 0"], SHRANK),
]


def test_the_class_trend_of_each_mixup_across_assignments():
    found = mixup_trends(class_steps())
    assert [(t.name, [r.words for r in t.rates], t.verdict) for t in found] == CLASS_TRENDS


# verdict: the latest rate against the earlier ones pooled, one statement's worth or more.
VERDICTS = [
    (Rate(2, 6), Rate(4, 6), SHRANK),  # 4 expected, 2 seen
    (Rate(2, 9), Rate(4, 12), SHRANK),  # 3 expected, 2 seen: exactly one statement counts
    (Rate(1, 3), Rate(1, 4), SAME),  # 0.75 expected, 1 seen
    (Rate(1, 2), Rate(1, 3), SAME),  # 0.67 expected, 1 seen: 50% after 33%, yet one statement
    (Rate(1, 1), Rate(0, 1), GREW),
    (Rate(3, 6), Rate(3, 6), SAME),
    (Rate(0, 0), Rate(1, 2), NOT_ENOUGH),  # nothing with that key this time
    (Rate(1, 2), Rate(0, 0), NOT_ENOUGH),  # nothing before
]


@pytest.mark.parametrize(("latest", "earlier", "expected"), VERDICTS)
def test_a_change_counts_when_it_is_worth_one_statement(latest, earlier, expected):
    assert verdict(latest, earlier) == expected


# -- the student's result page ----------------------------------------------------------------

SIX = items(S, S, S, S, S, S)


def test_the_result_page_sentence_says_the_mixup_shrank():
    before = confusion(SIX, [{1: F, 2: F, 3: F, 4: F, 5: S, 6: S}], LABELS)  # 4 of 6
    now = confusion(SIX, [{1: F, 2: F, 3: S, 4: S, 5: S, 6: S}], LABELS)  # 2 of 6
    assert growth_sentence(attempt_trend(now, [before])) == (
        "You read speculation as fact in 2 of 6 such statements this time, fewer than "
        "before (4 of 6).")


def test_earlier_attempts_of_other_sets_pool_and_a_new_mixup_grew():
    # Before: A (Ana's, spec->fact 2 of 2) and B (Cai's, 1 of 2): spec->fact 3 of 4, and
    # never spec->opinion. Now: C as Ben answered it, spec->opinion 1 of 3, spec->fact 0.
    # Pooled over the three: spec->fact 3 of 7 beats spec->opinion 1 of 7, so the page is
    # about spec->fact: 0 of 3 now, 3 of 4 before -> fewer.
    before = [steps_of("Ana")[0], steps_of("Cai")[1]]
    now = steps_of("Ben")[2]
    assert growth_sentence(attempt_trend(now, before)) == (
        "You read speculation as fact in 0 of 3 such statements this time, fewer than "
        "before (3 of 4).")
    # Only spec->opinion ever made: absent before, 1 of 3 now -> more.
    assert growth_sentence(attempt_trend(now, [steps_of("Cai")[0]])) == (
        "You read speculation as opinion in 1 of 3 such statements this time, more than "
        "before (0 of 2).")


def test_about_as_often_and_one_statement():
    one = items(S)
    before = confusion(one, [{1: F}, {1: S}], LABELS)  # 1 of 2
    now = confusion(one, [{1: F}], LABELS)  # 1 of 1: 0.5 expected, 1 seen
    assert growth_sentence(attempt_trend(now, [before])) == (
        "You read speculation as fact in 1 of 1 such statement this time, about as often "
        "as before (1 of 2).")


def test_no_earlier_attempt_says_nothing():
    now = steps_of("Ana")[0]
    found = attempt_trend(now, [])
    assert (found.name, found.latest.words, found.verdict) == (
        "speculation read as fact", "2 of 2", NOT_ENOUGH)
    assert growth_sentence(found) is None


def test_no_mistakes_means_no_mixup_anywhere():
    perfect = [steps_of("Cai")[0]] * 2
    assert student_trend(perfect) is None
    assert attempt_trend(perfect[0], perfect[:1]) is None
    assert mixup_trends(perfect) == []
    assert growth_sentence(None) is None


def test_a_label_this_attempt_never_asks_is_not_its_mixup():
    # Before: opinion->fact 1 of 1 (Ben at B) is the largest share; now, C has no opinion,
    # so the page speaks of speculation read as opinion, the mix-up C can show.
    found = attempt_trend(steps_of("Ben")[2], [steps_of("Ben")[1]])
    assert (found.name, found.latest.words, found.earlier.words) == (
        "speculation read as opinion", "1 of 3", "0 of 2")


def test_a_label_never_answered_has_no_trend():
    found = trend(class_steps(), OP, F)
    assert trend(class_steps()[2:], OP, F).verdict == NOT_ENOUGH  # C alone: no opinion
    assert (found.latest.words, found.earlier.words) == ("1 of 3", "0 of 3")
    never = trend(class_steps(), "unsure", F)  # not even a label of these sets
    assert ([r.words for r in never.rates], never.verdict) == (["0 of 0"] * 3, NOT_ENOUGH)


def test_sets_with_labels_of_their_own_pool_in_first_seen_order():
    cats = confusion([Item(1, "It may rain", ("unsure",))], [{1: "true"}],
                     ("true", "false", "unsure"))
    whole = pooled([steps_of("Ana")[0], cats])
    assert whole.labels == (F, S, OP, "true", "false", "unsure")
    assert [t.name for t in mixup_trends([steps_of("Ana")[0], cats])] == [
        "speculation read as fact", "unsure read as true"]
