"""quiz/feedback.py: why the answer is not the label a student chose, as they read it."""

from __future__ import annotations

import pytest

from quiz.feedback import WORDING, generated, quoted, why_not_html

CUES = ("could be", "believed")
OWN = "<p>Nobody <em>guesses</em> here.</p>"  # a teacher's `- not speculation:`, rendered


@pytest.mark.parametrize(("chosen", "answers"), [
    ("fact", ("fact",)), ("opinion", ("fact", "opinion")), (None, ("fact",)), ("fact", ()),
])
def test_a_right_or_missing_answer_gets_no_why_not(chosen, answers):
    assert why_not_html(chosen, answers, CUES, {"fact": OWN, "opinion": OWN}) is None


def test_the_teachers_own_why_not_wins_over_the_generated_sentence():
    written = {"speculation": OWN}
    assert why_not_html("speculation", ("fact",), CUES, written) == OWN
    table = [("speculation", "fact", "The set's own wording.")]
    assert why_not_html("speculation", ("fact",), CUES, written, table) == OWN
    # Only for the label it was written for.
    assert why_not_html("opinion", ("fact",), CUES, written) != OWN


@pytest.mark.parametrize(("chosen", "answer"), sorted(WORDING))
def test_each_default_pair_names_the_chosen_label_and_quotes_the_cues(chosen, answer):
    html = why_not_html(chosen, (answer,), CUES, {})
    assert html.startswith(f"<p>You chose {chosen}, but ") and html.endswith("</p>")
    assert "\u201ccould be\u201d and \u201cbelieved\u201d" in html
    assert "{" not in html


@pytest.mark.parametrize(("chosen", "answer"), sorted(WORDING))
def test_a_statement_without_cues_gets_a_sentence_with_no_hole_in_it(chosen, answer):
    html = why_not_html(chosen, (answer,), (), {})
    assert html == f"<p>{WORDING[chosen, answer][1]}</p>"
    assert "{" not in html and "\u201c" not in html and "the words" not in html


def test_other_labels_get_the_sentence_that_names_both():
    assert generated("true", "unsure", ("may",)) == \
        "You chose true, but the answer is unsure: look at the words \u201cmay\u201d."
    assert generated("true", "unsure", ()) == "You chose true, but the answer is unsure."


def test_a_statement_with_several_answers_is_explained_by_the_first():
    assert why_not_html("fact", ("opinion", "speculation"), (), {}) == \
        f"<p>{WORDING['fact', 'opinion'][1]}</p>"


def test_the_sets_own_wording_overrides_the_default_for_its_pair_only():
    table = [("fact", "speculation", "Not {chosen} but {answer}: see {cues}.")]
    assert why_not_html("fact", ("speculation",), ("could",), {}, table) == \
        "<p>Not fact but speculation: see \u201ccould\u201d.</p>"
    assert why_not_html("opinion", ("speculation",), ("could",), {}, table) == \
        f"<p>{generated('opinion', 'speculation', ('could',))}</p>"
    assert generated("opinion", "speculation", ("could",)).startswith("You chose opinion")


def test_a_sets_wording_with_cues_is_not_used_for_a_statement_without_cues():
    with_cues = [("fact", "speculation", "Look at {cues}.")]
    assert generated("fact", "speculation", (), with_cues) == WORDING["fact", "speculation"][1]
    without = [("fact", "speculation", "A guess, {chosen} reader.")]
    assert generated("fact", "speculation", (), without) == "A guess, fact reader."


def test_the_generated_sentence_is_escaped_but_the_teachers_html_is_not():
    html = why_not_html("<b>", ("fact",), ("<i>x</i>",), {})
    assert "<b>" not in html and "<i>" not in html
    assert "You chose &lt;b&gt;, but the answer is fact" in html
    assert "\u201c&lt;i&gt;x&lt;/i&gt;\u201d" in html
    assert why_not_html("speculation", ("fact",), (), {"speculation": OWN}) == OWN


def test_a_label_that_looks_like_a_placeholder_is_shown_as_it_is():
    assert generated("{answer}", "fact", ()) == "You chose {answer}, but the answer is fact."
    assert generated("{cues}", "fact", ("said",)).startswith("You chose {cues}, but")


@pytest.mark.parametrize(("cues", "text"), [
    (("a",), "\u201ca\u201d"),
    (("a", "b"), "\u201ca\u201d and \u201cb\u201d"),
    (("a", "b", "c"), "\u201ca\u201d, \u201cb\u201d and \u201cc\u201d"),
])
def test_cues_are_quoted_as_a_sentence_lists_them(cues, text):
    assert quoted(cues) == text
