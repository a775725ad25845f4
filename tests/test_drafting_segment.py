"""Paragraphs to passages and sentences to candidate statements (quiz.drafting.segment and
quiz.drafting.clauses): abbreviations, quotations, joined clauses, the passages' limits, a
property over generated paragraphs, and the seed article against questions/iran-drones.md.
Pure: no app.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import IRAN_DRONES, SEED_ARTICLE

from quiz import limits
from quiz.drafting.extract import article_text
from quiz.drafting.segment import TINY_PARAGRAPH, passages
from quiz.questionset.parser import parse_file


def candidates(text: str) -> list[str]:
    return [c for passage in passages(text) for c in passage.candidates]


# -- sentences -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Dr. Smith met Mr. Jones in the U.S. on Jan. 5 and said growth was 3.5 percent. "
     "Then he left the room.",
     ["Dr. Smith met Mr. Jones in the U.S. on Jan. 5 and said growth was 3.5 percent",
      "Then he left the room"]),
    ("The drones were sold to the U.S. The deal was kept secret.",
     ["The drones were sold to the U.S.", "The deal was kept secret"]),
    ("Who sent the drones? Nobody knows for sure! The army, perhaps.",
     ["Who sent the drones?", "Nobody knows for sure!", "The army, perhaps"]),
])
def test_abbreviations_dates_and_decimals_do_not_end_a_sentence(text, expected):
    assert candidates(text) == expected


# -- quotations ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ('Kirby said, "Iran must stop."', ["Kirby said", "Iran must stop"]),
    ('"Iran must stop," Kirby said.', ["Iran must stop", "Kirby said"]),
    ("“Iran must stop,” Kirby said.", ["Iran must stop", "Kirby said"]),
    ("‘Iran must stop,’ Kirby said.", ["Iran must stop", "Kirby said"]),
    ("Kirby told reporters: “Iran must stop.”", ["Kirby told reporters", "Iran must stop"]),
    # mid-sentence: what follows the quotation reports nothing, so it is no statement
    ("John Kirby has stated “The Supreme Leader should answer.” in an article on Politico.",
     ["John Kirby has stated", "The Supreme Leader should answer"]),
    ('"Iran must stop," Kirby said, "and Russia must pay."',
     ["Iran must stop", "Kirby said", "and Russia must pay"]),
])
def test_a_quotation_is_split_from_its_attribution(text, expected):
    assert candidates(text) == expected


@pytest.mark.parametrize("text", [
    "Saying Russia is “in the wrong” is a judgement that many people make",
    "The minister said the deal was “the best we could get” before leaving",
    "“We will never give up” was painted on the wall of the harbour",
])
def test_a_quoted_phrase_stays_inside_its_sentence(text):
    assert candidates(text + ".") == [text]


def test_a_quotation_of_several_sentences_gives_each_its_own_statements():
    found = candidates("Kirby has stated “The leader should answer for it. It’s just another "
                       "example of Iran’s desire to export violence, and both Iran and Russia "
                       "need to be held accountable for it.” in an article on Politico.")
    assert found == ["Kirby has stated", "The leader should answer for it",
                     "It’s just another example of Iran’s desire to export violence",
                     "both Iran and Russia need to be held accountable for it"]


# -- joined clauses --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The bridge was closed in 2019, it has not reopened since.",
     ["The bridge was closed in 2019", "it has not reopened since"]),
    ("It is unknown whether the soldiers fly the drones, the number sent is also unclear.",
     ["It is unknown whether the soldiers fly the drones", "the number sent is also unclear"]),
    ("The bridge was repaired last year, and it should never have been left to fall apart.",
     ["The bridge was repaired last year", "it should never have been left to fall apart"]),
    ("Many people in the town agree with the plan, outside forces should not interfere.",
     ["Many people in the town agree with the plan", "outside forces should not interfere"]),
    ("The council voted on Tuesday, but the mayor will veto the plan.",
     ["The council voted on Tuesday", "the mayor will veto the plan"]),
    ("Many believe that the war is wrong and any who help it should face punishment.",
     ["Many believe that the war is wrong", "any who help it should face punishment"]),
    ("An article on Politico by two reporters states that experts believe Russia could help.",
     ["An article on Politico by two reporters states", "experts believe Russia could help"]),
    ("Kirby told reporters that Iran must stop its attacks, and it will pay if it does not.",
     ["Kirby told reporters", "Iran must stop its attacks", "it will pay if it does not"]),
])
def test_clauses_joined_by_a_comma_or_a_conjunction_become_statements_of_their_own(
        text, expected):
    assert candidates(text) == expected


@pytest.mark.parametrize("text", [
    "Iran sent drones, missiles and soldiers to help the Russian army",
    "Russia bought the drones, the missiles and the trainers that were sent by Iran",
    "The war between Russia and the West is escalating quickly",
    "Officials, who spoke on condition of anonymity, said the talks had failed",
    "Prices rose 3.5 percent in March, the highest in a decade",
    "If it rains tomorrow, the game will be called off",
    "Last year in the capital city, the army held a parade",
    "Many people believe that the plan is wrong and that it will fail",
    "There are many reasons behind it, ranging from personal gain to advertisement",
])
def test_lists_and_phrases_between_commas_are_not_split(text):
    assert candidates(text + ".") == [text]


# -- passages --------------------------------------------------------------------------------

def test_the_seed_article_gives_its_six_paragraphs_as_passages_and_the_sets_statements():
    text = article_text(SEED_ARTICLE.read_bytes(), SEED_ARTICLE.name)
    found = passages(text)
    assert [p.text for p in found] == text.split("\n\n")

    def plain(statement: str) -> str:  # how the format compares a statement with the passage
        return " ".join(statement.translate(str.maketrans("“”‘’", "\"\"''")).casefold().split())

    offered = [plain(c) for passage in found for c in passage.candidates]
    statements = [plain(s.text) for s in parse_file(IRAN_DRONES).statements]
    exact = [s for s in statements if s in offered]
    within = [s for s in statements if s not in exact and any(s in c for c in offered)]
    # Measured: 15 of the 25 are candidates as they are, and the other 10 lie inside one
    # (the set quotes the start of a sentence, or of a clause the rules keep whole).
    assert (len(statements), len(exact), len(within)) == (25, 15, 10)


def test_a_paragraph_longer_than_a_passage_is_split_between_sentences_into_even_parts():
    sentence = ("The council met again on Tuesday night {}, and talked for hours about the old "
                "bridge over the river" + " that the town has had for a long time" * 6 + ".")
    paragraph = " ".join(sentence.format(n) for n in range(16))
    assert len(paragraph) > limits.MAX_PASSAGE_CHARACTERS
    found = passages(paragraph)
    assert len(found) == 2
    assert " ".join(p.text for p in found) == paragraph
    assert all(p.text.endswith(".") for p in found)
    assert abs(len(found[0].text) - len(found[1].text)) < len(sentence) + 4
    assert max(len(p.text) for p in found) <= limits.MAX_PASSAGE_CHARACTERS


def test_a_paragraph_of_more_candidates_than_a_passage_may_have_is_split():
    paragraph = " ".join(f"Boat {n} came back." for n in range(30))
    found = passages(paragraph)
    assert [len(p.candidates) for p in found] == [15, 15]
    assert found[1].text.startswith("Boat 15 came back.")


def test_tiny_paragraphs_join_the_next_one_and_the_last_joins_the_one_before():
    story = ("The harbour reopened on Friday, four days after a storm broke part of its "
             "wall.")
    text = f"PORT ELLIS —\n\n{story}\n\nThe wall is safe, said the harbour master.\n\n" \
           f"{story}\n\nPhoto: the harbour wall"
    assert len("The wall is safe, said the harbour master.") < TINY_PARAGRAPH
    assert [p.text for p in passages(text)] == [
        f"PORT ELLIS —\n\n{story}",
        f"The wall is safe, said the harbour master.\n\n{story}\n\nPhoto: the harbour wall"]


def test_more_paragraphs_than_a_set_may_have_passages_are_joined_in_order():
    paragraphs = [f"Paragraph {n} says that the boats of the harbour came back to port "
                  f"in the morning." for n in range(45)]
    found = passages("\n\n".join(paragraphs))
    assert len(found) == limits.MAX_PASSAGES
    assert [p.number for p in found] == list(range(1, 31))
    assert "\n\n".join(p.text for p in found) == "\n\n".join(paragraphs)


def test_a_statement_too_long_for_the_format_is_not_offered():
    long_sentence = "The harbour " + "and the wall " * 40 + "were closed."
    assert len(long_sentence) > limits.MAX_STATEMENT_CHARACTERS
    assert candidates(f"{long_sentence} The boats came back.") == ["The boats came back"]


def test_a_long_article_of_the_most_characters_is_segmented_quickly():
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    for text in ((seed + "\n\n") * 8, "1. 2. 3. " * 4000, "“Yes,” he said. " * 2000):
        text = text[:limits.MAX_ARTICLE_CHARACTERS]
        started = time.perf_counter()
        found = passages(text)
        # Measured on this machine: 0.05 s for the real text, 0.25 s for the worst here.
        assert time.perf_counter() - started < 2
        assert len(found) <= limits.MAX_PASSAGES


# -- a property over generated paragraphs ----------------------------------------------------

WORDS = ["the", "council", "said", "it", "Iran", "drones", "could", "and", "but", "U.S.",
         "Dr.", "Jan.", "5", "3.5", "percent", "told", "Politico", "should", "they", "were",
         "sent", "that", "experts", "believe", "wrong", "“Stop", "now,”", "'\"", "(", ")", "—",
         "e.g.", "…", "Mr.", "is", "a"]
ENDINGS = [".", ". ", "? ", "! ", ", ", "; ", " ", ".” ", '." ', ",” he said. ", "\n"]
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join)
paragraphs = st.lists(st.tuples(sentences, st.sampled_from(ENDINGS)), min_size=1,
                      max_size=12).map(lambda parts: "".join(s + e for s, e in parts))
articles = st.lists(paragraphs, min_size=1, max_size=40).map("\n\n".join)


@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(articles)
def test_every_candidate_is_a_trimmed_part_of_its_passage_and_no_text_is_lost(article):
    found = passages(article)
    assert "".join("".join(p.text for p in found).split()) == "".join(article.split())
    assert len(found) <= limits.MAX_PASSAGES
    for passage in found:
        assert len(passage.candidates) <= limits.MAX_STATEMENTS_PER_PASSAGE
        for candidate in passage.candidates:
            assert candidate in passage.text
            assert candidate == candidate.strip(" ,;:") and len(candidate.split()) >= 2
            assert len(candidate) <= limits.MAX_STATEMENT_CHARACTERS
            # no final full stop, but the last of an abbreviation's ("U.S.", "e.g.")
            assert not candidate.endswith(".") or "." in candidate.split()[-1][:-1]
