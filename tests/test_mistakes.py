"""The summary of a student's own mistakes (quiz/mistakes.py), tested without the app."""

from __future__ import annotations

import pytest
from samples import CLASS_SET, CLASS_SET_KEY

from quiz.mistakes import MixUp, look_for, mark_wrong, mistakes, times, wrong_numbers
from quiz.questionset.parser import parse
from quiz.scoring import score

PARSED = parse(CLASS_SET)  # 1 fact (said), 2 speculation (suspect), 3 opinion, 4 speculation
KEY = {s.number: s.answers for s in PARSED.statements}
ALL_FACT = dict.fromkeys(CLASS_SET_KEY, "fact")  # right on statement 1 only


def summary(chosen: dict[int, str]):
    return mistakes(PARSED.passages, score(KEY, chosen), PARSED.labels)


def test_a_worked_example_counts_each_mix_up_with_its_statements_and_cues():
    result = summary(ALL_FACT)
    assert [(p.position, p.heading, p.correct, p.total) for p in result.passages] == [
        (1, "The council decides", 1, 2), (2, "What happens next", 0, 2)]
    assert result.mix_ups == (
        MixUp("speculation", "fact", (2, 4), ("suspect", "could")),
        MixUp("opinion", "fact", (3,), ("shameful",)),
    )
    assert [m.sentence for m in result.mix_ups] == [
        "You read speculation as fact twice: look for \u201csuspect\u201d and \u201ccould\u201d",
        "You read opinion as fact once: look for \u201cshameful\u201d",
    ]
    assert result.wrong == 3 and result.unanswered == ()


def test_all_right_has_no_mix_ups_and_every_passage_all_right():
    result = summary(CLASS_SET_KEY)
    assert result.mix_ups == () and result.wrong == 0
    assert all(p.all_right for p in result.passages)


def test_the_most_frequent_mix_up_comes_first_and_ties_keep_the_label_order():
    # opinion read as speculation once, speculation read as opinion twice, fact as opinion once
    chosen = {1: "opinion", 2: "opinion", 3: "speculation", 4: "opinion"}
    order = [(m.answer, m.chosen, m.numbers) for m in summary(chosen).mix_ups]
    assert order == [("speculation", "opinion", (2, 4)), ("fact", "opinion", (1,)),
                     ("opinion", "speculation", (3,))]


def test_an_unanswered_statement_is_no_mix_up_but_is_counted_apart():
    result = summary({1: "fact", 2: "speculation", 3: "opinion"})
    assert result.mix_ups == () and result.unanswered == (4,) and result.wrong == 1
    assert result.unanswered_sentence == "You left 1 statement without an answer"


def test_a_second_accepted_answer_is_right_and_a_wrong_one_counts_against_the_first():
    both = parse(CLASS_SET.replace("   - answer: opinion", "   - answer: opinion, fact"))
    key = {s.number: s.answers for s in both.statements}
    right = mistakes(both.passages, score(key, {**CLASS_SET_KEY, 3: "fact"}), both.labels)
    assert right.wrong == 0
    wrong = mistakes(both.passages, score(key, {**CLASS_SET_KEY, 3: "speculation"}), both.labels)
    assert [(m.answer, m.chosen) for m in wrong.mix_ups] == [("opinion", "speculation")]


@pytest.mark.parametrize(("cue_lists", "kept"), [
    ([("could", "believed"), ("Could",), ("possible", "may")], ("could", "believed", "possible")),
    ([("is  believed",), ("is believed", "said")], ("is  believed", "said")),
    ([(), ()], ()),
])
def test_look_for_keeps_the_first_few_cues_each_once(cue_lists, kept):
    assert look_for(cue_lists) == kept


def test_a_mix_up_without_cues_says_only_how_often():
    assert MixUp("fact", "opinion", (1, 2, 5), ()).sentence == "You read fact as opinion 3 times"
    assert [times(n) for n in (1, 2, 7)] == ["once", "twice", "7 times"]


def test_mark_wrong_marks_only_the_wrong_statements_numbers():
    html = ('<p><span class="statement-label">1</span><mark class="statement">A</mark> '
            '<span class="statement-label">12</span><mark class="statement">B</mark></p>')
    marked = mark_wrong(html, {12, 2})
    assert '<span class="statement-label">1</span><mark' in marked
    assert ('<span class="visually-hidden">Wrong: </span>'
            '<span class="statement-label wrong">12</span><mark') in marked
    assert mark_wrong(html, set()) == html


def test_wrong_numbers_are_the_statements_not_answered_right():
    assert wrong_numbers(score(KEY, {**ALL_FACT, 4: "speculation"})) == {2, 3}
