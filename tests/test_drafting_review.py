"""The review page's rules, tested directly: where a statement is split, which words are marked,
what is counted, and what stops a draft (quiz/drafting/review.py)."""

from __future__ import annotations

import pytest

from quiz.drafting import draft, review, signals
from quiz.drafting.candidates import Candidate


def row(text: str, keep: bool = True, label: str = "fact", passage: int = 1) -> review.Row:
    return review.Row(passage, text, keep, label, (), "Why.")


@pytest.mark.parametrize(("text", "parts"), [
    # A typed mark wins over any comma, and each mark cuts once.
    ("Kirby said, | “Iran must answer for it.”", ["Kirby said", "“Iran must answer for it.”"]),
    ("One | two, three | four", ["One", "two, three", "four"]),
    # With no mark: the first comma, else the first "and", whichever comes first.
    ("Russia bought drones and Iran sent trainers, officials said",
     ["Russia bought drones", "Iran sent trainers, officials said"]),
    ("It is unclear who flies them, the number sent is also unclear.",
     ["It is unclear who flies them", "the number sent is also unclear."]),
    # Nowhere to cut, or a cut that leaves an empty part.
    ("The council met on Monday.", None),
    ("Sandwiches are sold here.", None),  # "and" inside a word is not a boundary
    ("| The council met.", None),
    ("The council met, ", None),
])
def test_a_statement_splits_at_the_typed_mark_or_its_first_clause_boundary(text, parts):
    assert review.split_parts(text) == parts


def test_a_split_gives_each_part_a_suggestion_of_its_own_and_keeps_the_order():
    rows = [row("First."), row("Engineers suspect rust | the repair is a shameful waste"),
            row("Last.", keep=False)]
    outcome = review.split(rows, 1, most=10)
    assert outcome.done and outcome.message == "Statement 2 is now statements 2 and 3."
    assert [r.text for r in outcome.rows] == [
        "First.", "Engineers suspect rust", "the repair is a shameful waste", "Last."]
    for part in outcome.rows[1:3]:
        suggestion = signals.suggest(part.text)
        assert (part.label, part.cues, part.keep) == (suggestion.label, suggestion.cues, True)
        assert part.why == draft.why_for(Candidate(1, part.text, suggestion))


def test_a_split_that_cannot_be_made_changes_nothing_and_says_why():
    rows = [row("The council met on Monday.")]
    outcome = review.split(rows, 0, most=10)
    assert not outcome.done and outcome.rows == rows
    assert "Statement 1 has no “|”, comma or “and” to split at" in outcome.message
    full = review.split([row("A | b"), row("C.")], 0, most=2)
    assert not full.done and "a review holds at most 2 statements" in full.message


@pytest.mark.parametrize(("text", "cues", "pieces"), [
    ("Repairs could take a year.", ("could",),
     [("Repairs ", False), ("could", True), (" take a year.", False)]),
    ("Could it? It could.", ("could",),  # every place, in any case
     [("Could", True), (" it? It ", False), ("could", True), (".", False)]),
    ("is believed to be away", ("believed", "is believed to be"),  # overlapping: one mark
     [("is believed to be", True), (" away", False)]),
    ("No cue here.", ("absent", ""), [("No cue here.", False)]),
])
def test_cues_are_marked_wherever_they_stand_in_the_sentence(text, cues, pieces):
    assert review.cue_pieces(text, cues) == pieces


def test_only_kept_statements_are_counted_by_label_and_written():
    rows = [row("A.", label="fact"), row("B.", label="opinion"),
            row("C.", label="opinion", keep=False), row("D.", label="speculation")]
    assert review.kept_counts(rows) == {"fact": 1, "speculation": 1, "opinion": 1}
    assert [c.text for c in review.chosen(rows)] == ["A.", "B.", "D."]
    assert review.cues_from(" could , , is believed to be,") == ("could", "is believed to be")


def test_a_draft_needs_one_kept_statement_and_no_mark_left_unsplit():
    assert review.make_problems([row("A.", keep=False)]) == [
        (None, "Keep at least one statement: tick Keep beside it.")]
    problems = review.make_problems([row("A."), row("B | c"), row("D | e", keep=False)])
    assert [index for index, _ in problems] == [1]
    assert review.make_problems([row("A.")]) == []


def test_every_trap_has_plain_words_for_the_review_page():
    assert set(review.TRAP_WORDS) == set(signals.TRAPS)
