"""The draft itself, tested directly: which candidates are ticked at first, the pre-filled
`why`, and the set written from what the teacher kept (quiz/drafting/draft.py).

Every written draft is parsed with the project's parser: a draft that would not pass
`questions check` unchanged is a failure here, whatever the article held.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import SEED_ARTICLE

from quiz import limits
from quiz.drafting import draft, extract
from quiz.drafting.candidates import CUE, GUESS, Candidate, PassageText, Suggestion
from quiz.highlight import find_phrase, reader_text
from quiz.questionset.parser import parse
from quiz.rendering import render_markdown


def candidate(label: str, passage: int = 1, confidence: str = CUE, traps=(), text="") -> Candidate:
    cues = ("could",) if confidence == CUE else ()
    return Candidate(passage, text or f"{label} {passage}",
                     Suggestion(label, cues, "hedge: “could”", confidence, tuple(traps)))


def picked(found: list[Candidate], **bounds) -> list[Candidate]:
    indices = draft.preselect(found, **bounds)
    assert indices == sorted(set(indices)), "ticked in article order, each once"
    return [found[i] for i in indices]


def labels(chosen: list[Candidate]) -> Counter:
    return Counter(c.suggestion.label for c in chosen)


# -- preselection ---------------------------------------------------------------------------

def test_an_article_of_mostly_facts_gives_a_balanced_preselection():
    found = ([candidate("fact", p % 8 + 1, GUESS) for p in range(40)]
             + [candidate("speculation", 2) for _ in range(4)]
             + [candidate("opinion", 5) for _ in range(3)])
    chosen = picked(found)
    assert 15 <= len(chosen) <= 25
    counts = labels(chosen)
    assert counts["speculation"] == 4 and counts["opinion"] == 3  # all there are
    assert counts["fact"] / len(chosen) < 40 / len(found)  # fewer facts than the article has
    assert {c.passage for c in chosen} == set(range(1, 9))  # every passage is in it


def test_a_long_article_with_every_label_stops_at_high_with_several_of_each():
    found = [candidate(label, n % 10 + 1) for n in range(30)
             for label in ("fact", "speculation", "opinion")]
    chosen = picked(found)
    assert len(chosen) == 25
    assert min(labels(chosen).values()) >= 8  # round the labels: 9, 8, 8


def test_every_trap_is_ticked_even_late_in_the_article():
    found = [candidate(label, n + 1) for n in range(12) for label in ("fact", "speculation",
                                                                          "opinion")]
    traps = [candidate("fact", 13, traps=("unknown stated",), text=f"unknown {n}")
             for n in range(4)]
    chosen = picked(found + traps)
    assert all(trap in chosen for trap in traps)
    assert len(chosen) <= 25


def test_an_article_full_of_traps_still_gets_three_of_each_label():
    traps = [candidate("speculation", n % 5 + 1, traps=("attributed hedge",), text=f"t {n}")
             for n in range(30)]
    others = [candidate(label, 6) for label in ("fact", "opinion") for _ in range(5)]
    chosen = picked(traps + others)
    assert len(chosen) == 25
    assert labels(chosen)["fact"] == labels(chosen)["opinion"] == 3
    assert {c.passage for c in chosen} == set(range(1, 7))


def test_cue_suggestions_are_ticked_before_guessed_ones():
    guessed = [candidate("fact", 1, GUESS, text=f"guess {n}") for n in range(20)]
    cued = [candidate("fact", 1, CUE, text=f"cue {n}") for n in range(8)]
    others = [candidate(label, 1) for label in ("speculation", "opinion") for _ in range(3)]
    chosen = picked(guessed + cued + others)
    facts = [c for c in chosen if c.suggestion.label == "fact"]
    assert len(facts) > len(cued)  # so some guesses are ticked, but only after every cue
    assert all(c in chosen for c in cued)


def test_each_label_gets_three_where_the_article_has_them():
    found = ([candidate("fact", 1, GUESS) for _ in range(30)]
             + [candidate("speculation", 2) for _ in range(10)] + [candidate("opinion", 3)])
    counts = labels(picked(found))
    assert counts["speculation"] >= 3 and counts["opinion"] == 1


def test_an_article_with_fewer_candidates_than_low_has_them_all_ticked():
    found = [candidate("fact", 1, GUESS) for _ in range(9)]
    assert draft.preselect(found) == list(range(9))
    assert draft.preselect([]) == []


def test_the_seed_article_is_preselected_balanced_with_its_traps():
    _, found = draft.candidates(extract.article_text(SEED_ARTICLE.read_bytes()))
    chosen = picked(found)
    assert min(len(found), 15) <= len(chosen) <= 25
    counts, offered = labels(chosen), labels(found)
    for label in ("fact", "speculation", "opinion"):
        assert counts[label] >= min(3, offered[label]), (label, counts)
    assert all(c in chosen for c in found if c.suggestion.traps)
    assert {c.passage for c in chosen} == {c.passage for c in found}


# -- the pre-filled why ---------------------------------------------------------------------

@pytest.mark.parametrize(("suggestion", "why"), [
    (Suggestion("speculation", ("could be",), "hedge: “could be”", CUE),
     "“Could be” shows the writer is guessing: nobody has checked it yet."),
    (Suggestion("speculation", ("suspect", "could"), "hedge: “suspect”, “could”", CUE),
     "“Suspect” and “could” show the writer is guessing: nobody has checked it yet."),
    (Suggestion("fact", (), "no signal found", GUESS),
     "No word here signals a guess or a judgement, so this is probably a reported fact: "
     "check it."),
    (Suggestion("fact", ("It is unknown",), "unknown stated plainly: “It is unknown”", CUE,
                ("unknown stated",)),
     "“It is unknown” says plainly that nobody knows this yet. That is not a guess: it is a "
     "fact about what is known."),
    (Suggestion("opinion", ("should",), "says what ought to happen: “should”", CUE),
     "“Should” says what ought to happen. That is a view people can disagree with, not "
     "something anyone can check."),
    # The trap wins over the family: a flat judgement is the lesson.
    (Suggestion("opinion", ("proven",), "judgement: “proven”", CUE, ("flat evaluation",)),
     "There is no “I think”, but “proven” is a judgement: an opinion can be written as if it "
     "were a fact."),
    # A cue holding Markdown is quoted as written, not formatted.
    (Suggestion("fact", ("*said*",), "reporting verb: “said”", CUE),
     "“\\*said\\*” tells you who said it. That they said it can be checked, so it is a "
     "reported fact, even if what they said is not true."),
], ids=["hedge", "two-cues", "guess", "unknown-trap", "normative", "flat-evaluation",
        "markdown-cue"])
def test_why_for_words_the_reason_for_a_student(suggestion, why):
    assert draft.why_for(Candidate(1, "x", suggestion)) == why


# -- the written draft ----------------------------------------------------------------------

COUNCIL = PassageText(1, "The council said the bridge will close in May. Engineers suspect "
                         "the cables could be rusting.",
                      ("The council said the bridge will close in May.",
                       "Engineers suspect the cables could be rusting."))
WEATHER = PassageText(2, "It rained on Monday.", ("It rained on Monday.",))
MAYOR = PassageText(3, "The mayor should resign. It is a disgrace.",
                    ("The mayor should resign.", "It is a disgrace."))


def written(found, chosen, title="The bridge", source=None):
    source = source or draft.Source()
    plan = draft.plan_draft(title, source, found, chosen)
    text = draft.write_draft(title, source, found, chosen)
    return plan, parse(text, "draft.md"), text


def test_the_draft_keeps_the_teachers_labels_cues_and_whys():
    chosen = [draft.Chosen(1, "Engineers suspect the cables could be rusting.", "speculation",
                           ("suspect", "could be"), "Nobody has *checked* yet.\n\nSo: a guess."),
              draft.Chosen(3, "The mayor should resign.", "opinion", ("should",),
                           "A view, not a fact.")]
    plan, parsed, _ = written([COUNCIL, WEATHER, MAYOR], chosen)
    assert [(s.text, s.answers, s.cues, s.why_md) for s in parsed.statements] == [
        ("Engineers suspect the cables could be rusting.", ("speculation",),
         ("suspect", "could be"), "Nobody has *checked* yet.\n\nSo: a guess."),
        ("The mayor should resign.", ("opinion",), ("should",), "A view, not a fact.")]
    assert plan.skipped == ()
    assert parsed.labels == ("fact", "speculation", "opinion")


def test_the_introduction_keeps_the_source_and_the_label_definitions():
    source = draft.Source("Voice of *America*", "https://www.voanews.com/a/b_c", "2 May 2024")
    chosen = [draft.Chosen(2, "It rained on Monday.", "fact", (), "Why.")]
    _, parsed, _ = written([WEATHER], chosen, source=source)
    html = render_markdown(parsed.intro_md)
    assert "Source: Voice of *America*, 2 May 2024, https://www.voanews.com/a/b_c." in \
        reader_text(html)
    assert 'href="https://www.voanews.com/a/b_c"' in html
    for label in ("Fact", "Speculation", "Opinion"):
        assert f"<strong>{label}</strong>" in html


def test_a_passage_without_statements_is_joined_to_its_neighbour():
    chosen = [draft.Chosen(1, "The council said the bridge will close in May.", "fact",
                           ("said",), "A named source said it.")]
    plan, parsed, _ = written([COUNCIL, WEATHER], chosen)
    assert plan.left_out == ()
    (passage,) = parsed.passages
    assert passage.text_md == f"{COUNCIL.text}\n\n{WEATHER.text}"  # in article order
    assert passage.heading == "The council said the bridge will…"


def test_a_passage_with_no_room_beside_its_neighbours_is_left_out():
    sentence = "The council met again. "
    long_one = PassageText(1, sentence * 150, ("The council met again.",))  # 3,450 characters
    between = PassageText(2, "It rained. " * 200, ("It rained.",))  # 2,200: fits neither
    long_two = PassageText(3, sentence * 150, ("The council met again.",))
    chosen = [draft.Chosen(n, "The council met again.", "fact", (), "It happened.")
              for n in (1, 3)]
    plan, parsed, text = written([long_one, between, long_two], chosen)
    assert plan.left_out == (2,)
    assert "It rained" not in text
    assert len(parsed.passages) == 2


def test_cues_that_do_not_occur_in_the_passage_are_dropped():
    chosen = [draft.Chosen(1, "Engineers suspect the cables could be rusting.", "speculation",
                           ("could be", "perhaps", "suspect, could", ""), "A guess.")]
    _, parsed, text = written([COUNCIL], chosen)
    assert parsed.statements[0].cues == ("could be",)
    assert "perhaps" not in text


def test_a_chosen_statement_that_cannot_be_written_is_skipped_with_the_reason():
    chosen = [draft.Chosen(1, "The council said the bridge will close in June.", "fact", (),
                           "Typo."),
              draft.Chosen(1, "The council said the bridge will close in May.", "fact", (),
                           "   "),
              draft.Chosen(1, "Engineers suspect the cables could be rusting.", "guess", (),
                           "Not a label."),
              draft.Chosen(1, "Engineers suspect the cables could be rusting.", "speculation",
                           (), "Kept.")]
    plan, parsed, _ = written([COUNCIL], chosen)
    assert [reason for _, reason in plan.skipped] == [
        "it does not occur in passage 1", "it has no explanation",
        "'guess' is not a label (fact, speculation, opinion)"]
    assert [s.why_md for s in parsed.statements] == ["Kept."]


@pytest.mark.parametrize("title", ["", "   ", "x" * 301], ids=["empty", "blank", "too-long"])
def test_a_title_the_format_cannot_hold_is_refused(title):
    with pytest.raises(ValueError, match="title"):
        draft.write_draft(title, draft.Source(), [COUNCIL],
                          [draft.Chosen(1, "It rained.", "fact", (), "Why.")])


def test_nothing_to_write_is_refused_with_the_reasons():
    with pytest.raises(ValueError, match="no statement to write.*does not occur"):
        draft.write_draft("T", draft.Source(), [COUNCIL],
                          [draft.Chosen(1, "Snow fell.", "fact", (), "Why.")])


HOSTILE = PassageText(1, "1. Not a list\n\n# Not a heading\n\n> Not a quote\n\n- nor a list item "
                         "*stars* and _lines_ [a](link) `code` <b>bold</b> &amp; ~~~ | a |\n\n"
                         "~~~\n\n   indented\n\n\\*escaped\\* \x00 tab\there",
                      ("1. Not a list", "# Not a heading", "> Not a quote",
                       "*stars* and _lines_ [a](link) `code` <b>bold</b> &amp; ~~~ | a |",
                       "~~~", "indented", "\\*escaped\\*", "tab\there"))


def test_markdown_in_the_article_is_quoted_as_written():
    chosen = [draft.Chosen(1, text, "fact", ("<b>bold</b>", "&amp;"), "Why.")
              for text in HOSTILE.candidates]
    plan, parsed, _ = written([HOSTILE], chosen)
    assert plan.skipped == ()
    shown = reader_text(render_markdown(parsed.passages[0].text_md))
    for text in ("1. Not a list", "# Not a heading", "> Not a quote", "[a](link) `code`",
                 "<b>bold</b> &amp; ~~~", "\\*escaped\\*"):
        assert text in shown, text
    assert "<b>" not in render_markdown(parsed.passages[0].text_md)
    assert {s.cues for s in parsed.statements} == {("<b>bold</b>", "&amp;")}


def test_a_draft_over_the_set_limit_leaves_out_the_longest_joined_passages():
    found, chosen = [], []
    for n in range(1, 27, 2):  # 13 passages with a statement, each followed by one without
        found.append(PassageText(n, f"Passage {n} says the council met. " * 70,
                                 (f"Passage {n} says the council met.",)))
        found.append(PassageText(n + 1, "Nothing to ask here. " * (100 + n), ("Nothing.",)))
        chosen.append(draft.Chosen(n, f"Passage {n} says the council met.", "fact", (), "Why."))
    plan, parsed, text = written(found, chosen)
    assert len(text) <= limits.MAX_SET_CHARACTERS
    assert len(parsed.statements) == 13  # what the teacher kept stays
    assert plan.left_out and plan.left_out[-1] == 26  # the longest went first
    assert all(n % 2 == 0 for n in plan.left_out)


# Printable text heavy with what Markdown and the file format read: markers at the start of
# a line, emphasis, links, code, HTML and entities, quotes and the `...` wildcard.
_PIECES = st.sampled_from(
    ["the", "council", "said", "could", "be", "1.", "2)", "#", "##", ">", "-", "+", "*", "_",
     "**x**", "[a](b)", "[", "]", "`", "```", "~~~", "<b>", "</p>", "<!--", "&amp;", "&#91;",
     "&lt", "\\", "|", "---", "===", '"', "“", "’", "...", "…", "!", "(", ")", "{x}", ":",
     "- answer: fact", "1. \"x\"", "  ", "\t"])
_SENTENCES = st.lists(_PIECES, min_size=1, max_size=8).map(" ".join)
_ARTICLES = st.lists(st.lists(_SENTENCES, min_size=1, max_size=4), min_size=1, max_size=4)


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(_ARTICLES)
def test_any_article_text_drafts_to_a_set_that_parses(paragraphs):
    found = [PassageText(n, ". ".join(sentences), tuple(sentences))
             for n, sentences in enumerate(paragraphs, start=1)]
    chosen = [draft.Chosen(p.number, text, "speculation", tuple(text.split()[:2]), "Why.")
              for p in found for text in p.candidates]
    try:
        plan = draft.plan_draft("T", draft.Source(), found, chosen)
    except ValueError as error:  # every statement is only wildcards (`...`): nothing to ask
        assert str(error) == "no statement to write (it has no words)"
        return
    parsed = parse(draft.write_draft("T", draft.Source(), found, chosen), "draft.md")
    # Only a statement with nothing but wildcards is ever skipped; every other is found.
    assert {reason for _, reason in plan.skipped} <= {"it has no words"}
    expected = Counter(" ".join(c.text.split()) for c in chosen) - Counter(
        " ".join(c.text.split()) for c, _ in plan.skipped)
    assert Counter(s.text for s in parsed.statements) == expected
    for passage in parsed.passages:
        shown = reader_text(render_markdown(passage.text_md))
        for statement in passage.statements:
            assert find_phrase(shown, statement.text), statement.text


@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(_ARTICLES)
def test_any_article_text_goes_from_candidates_to_a_draft_that_parses(paragraphs):
    text = "\n\n".join(". ".join(sentences) + "." for sentences in paragraphs)
    found, offered = draft.candidates(text)
    chosen = [draft.suggested(offered[i]) for i in draft.preselect(offered)]
    try:
        plan = draft.plan_draft("T", draft.Source(), found, chosen)
    except ValueError as error:  # only wildcards (`...`) and full stops: nothing to ask
        # Either nothing was offered (no sentence of two words or more), or every statement
        # offered was only wildcards.
        assert not chosen or str(error).startswith("no statement to write (it has no words")
        assert str(error).startswith("no statement to write")
        return
    parsed = parse(draft.write_draft("T", draft.Source(), found, chosen), "draft.md")
    assert {reason for _, reason in plan.skipped} <= {"it has no words"}
    assert len(parsed.statements) == len(chosen) - len(plan.skipped)
