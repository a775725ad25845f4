"""Suggested labels, cues, reasons and traps for candidate statements (quiz.drafting.signals).

Each family of signals is tried with sentences that have it and with sentences that only
look like they do; then the precedence between families, the three traps, the shape of
cues and reasons, the data file and the speed. Pure: no app.
"""

from __future__ import annotations

import copy
import json
import time
from importlib import resources

import pytest
from samples import IRAN_DRONES

from quiz.drafting.candidates import CUE, GUESS
from quiz.drafting.signals import FAMILIES, TRAPS, SignalsError, rules, suggest, validate
from quiz.limits import MAX_CUE_CHARACTERS, MAX_CUES
from quiz.questionset.parser import parse_file


def label_and_cues(text: str) -> tuple[str, tuple[str, ...]]:
    suggestion = suggest(text)
    return suggestion.label, suggestion.cues


# -- each family, with the sentences that have it ------------------------------------------

@pytest.mark.parametrize(("text", "label", "cues"), [
    # hedges and modals
    ("Demonstrating its drones could be a key driver in Iran's plans", "speculation",
     ("could be",)),
    ("Prices may rise in the spring.", "speculation", ("may",)),
    ("The talks might fail.", "speculation", ("might",)),
    ("The minister will possibly resign.", "speculation", ("will", "possibly")),
    ("A deal is likely before the summer.", "speculation", ("likely",)),
    ("The Iranian soldiers are believed to be away from the frontlines", "speculation",
     ("are believed to be",)),
    ("The ship appears to have sunk.", "speculation", ("appears to",)),
    ("It is possible that the plan will change.", "speculation", ("It is possible", "will")),
    ("It is a possibility that they could be helping", "speculation",
     ("a possibility", "could be")),
    ("Prices would fall if the plant closed.", "speculation", ("would",)),
    ("He must have left before noon.", "speculation", ("must have",)),
    ("There would be trouble should a conflict arise.", "speculation", ("would be", "should")),
    # predictions about the future
    ("The bridge will close for repairs.", "speculation", ("will",)),
    ("The council is expected to vote on Monday.", "speculation", ("is expected to",)),
    ("The firm plans to hire 50 people.", "speculation", ("plans to",)),
    ("The festival is set to return next year.", "speculation", ("is set to", "next year")),
    # attribution and reporting verbs: the attribution itself is a fact
    ("According to an article in the New York Times, Russia had bought drones",
     "fact", ("According to",)),
    ("The mayor said the road had reopened.", "fact", ("said",)),
    ("Dalia Dassa Kaye told Politico", "fact", ("told",)),
    ("Iran denies any helping of the Russian military", "fact", ("denies",)),
    ("The report states that 40 homes were flooded.", "fact", ("states",)),
    ("The company announced a new chief executive.", "fact", ("announced",)),
    ("Local media reported a second explosion.", "fact", ("reported",)),
    ("The ministry would not comment.", "fact", ("would not comment",)),
    # knowledge-state phrases: a fact about what is not known
    ("It is unknown whether the soldiers are piloting the drones", "fact", ("It is unknown",)),
    ("It is unclear whether the talks will resume.", "fact", ("It is unclear",)),
    ("It is not known how many people were inside.", "fact", ("It is not known",)),
    ("The amount of soldiers sent is also unclear.", "fact", ("is also unclear",)),
    ("The claim could not be independently verified.", "fact",
     ("could not be independently verified",)),
    # normative and evaluative language
    ("Outside forces should not be trying to help Russia", "opinion", ("should not",)),
    ("The law must change.", "opinion", ("must",)),
    ("Both Iran and Russia need to be held accountable for it", "opinion", ("need to",)),
    ("Leaders ought to resign.", "opinion", ("ought to",)),
    ("What Russia is doing is wrong and intolerable.", "opinion", ("wrong", "intolerable")),
    ("Libraries are essential.", "opinion", ("essential",)),
    ("The new stadium is wasteful.", "opinion", ("wasteful",)),
    ("She is the greatest player of her generation.", "opinion", ("greatest",)),
    ("This is the best plan and that is the worst.", "opinion", ("best", "worst")),
    ("The decision was terrible and shameful.", "opinion", ("terrible", "shameful")),
    ("It's just another example of Iran's desire to export violence", "opinion",
     ("just another example of",)),
    ("They shouldn’t be feared as much as they are now", "opinion", ("shouldn’t",)),
])
def test_each_family_gives_its_label_and_the_words_that_signal_it(text, label, cues):
    assert label_and_cues(text) == (label, cues)
    assert suggest(text).confidence == CUE


# -- sentences that only look like they have a signal --------------------------------------

@pytest.mark.parametrize("text", [
    "The United States sent aid to Ukraine.",  # a country, not the reporting verb "states"
    "Member states voted against the plan.",
    "The vote was held in May.",  # the month, not the modal
    "May 5 was the last day of the talks.",
    "Theresa May led the government.",
    "It was the will of the people.",  # the noun, not a prediction
    "Both sides lacked the political will.",
    "Russia sent troops to learn how to operate said drones.",  # said as an adjective
    "All told, 40 people were hurt.",  # "all told" means "in total"
    "Russia's military might has grown.",  # might as a noun
    "He appeared in court on Monday.",  # appeared in, not "appears to"
    "Something went wrong with the engine.",  # went wrong: it failed
    "The floods were the worst since 1953.",  # a superlative against a record: a measure
    "The greatest number of cases were in the north.",
    "Essential workers were given a bonus.",  # a category, not praise
    "The best-selling book sold two million copies.",
    "The think tank published a report.",
    "The two sides agreed to a ceasefire.",  # agreeing to a deal is an event
    "Many people agree with the new plan.",  # a stance that can be reported: no claim follows
    "Tests have proven that the bridge is safe.",  # "proven" is not a sign of fact
])
def test_a_look_alike_is_not_a_signal(text):
    assert suggest(text) == suggest("The bridge was closed."), text


def test_a_look_alike_beside_the_real_word_leaves_only_the_real_one():
    assert label_and_cues("Prices may rise in May.") == ("speculation", ("may",))
    assert label_and_cues("The United States said it will help.") == ("speculation", ("will",))
    assert label_and_cues("He said drones were sent.") == ("fact", ("said",))
    assert label_and_cues("A source close to Putin said the talks failed.") == ("fact", ("said",))


def test_proven_in_a_flat_evaluative_claim_is_an_opinion_not_a_fact():
    text = "The Americans have proven their military strength time and time again"
    suggestion = suggest(text)
    assert (suggestion.label, suggestion.cues) == ("opinion", ("time and time again",))
    assert suggestion.traps == ("flat evaluation",)


# -- precedence when several families occur ------------------------------------------------

@pytest.mark.parametrize(("text", "label", "cues"), [
    # a hedge inside an attribution or a belief is still a guess
    ("experts believe that Russia could pass on knowhow", "speculation",
     ("experts believe", "could")),
    ("Kirby told reporters that the strikes could continue.", "speculation", ("could",)),
    # an evaluative word inside a quoted claim is the speaker's opinion
    ("Kirby said, “It is shameful.”", "opinion", ("shameful",)),
    # a reporting verb alone, or a belief with nothing after it, is who said it: a fact
    ("John Kirby, a National Security Council spokesperson, has stated", "fact", ("stated",)),
    ("Many experts believe", "fact", ("Many experts believe",)),
    # "many believe" is judged by what follows: right and wrong, or what is true
    ("Many believe that what Russia is doing is wrong", "opinion", ("Many believe", "wrong")),
    ("Most people think the tax should go.", "opinion", ("Most people think", "should")),
    ("Many people believe the bridge is unsafe.", "speculation", ("Many people believe",)),
    ("I think it is wrong.", "opinion", ("I think", "wrong")),
    ("I think it will rain.", "speculation", ("I think", "will")),
    # a judgement stays a judgement when hedged
    ("It could be a terrible mistake.", "opinion", ("terrible",)),
    # what is not known stays a fact, whatever guess it names
    ("It is unclear whether the soldiers could be fighting.", "fact", ("It is unclear",)),
])
def test_precedence_between_families(text, label, cues):
    assert label_and_cues(text) == (label, cues)


# -- the three traps -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "traps"), [
    ("experts believe that Russia could pass on knowhow", ("attributed hedge",)),
    ("The minister said prices will rise.", ("attributed hedge",)),
    ("Prices will rise.", ()),
    ("It is unknown whether the soldiers are piloting the drones", ("unknown stated",)),
    ("The soldiers are piloting the drones.", ()),
    ("Russia is in the wrong for waging war", ("flat evaluation",)),
    ("It's just another example of Iran's desire to export violence", ("flat evaluation",)),
    ("Critics said the plan was wasteful.", ()),  # attributed: not stated flatly
    ("I think the plan is wasteful.", ()),
    ("The council should close the bridge.", ()),  # says what ought to happen: no evaluation
])
def test_traps_are_flagged_where_seen(text, traps):
    assert suggest(text).traps == traps
    assert set(traps) <= set(TRAPS)


def test_the_seed_sets_trap_statements_are_flagged():
    statements = {s.number: s.text for p in parse_file(IRAN_DRONES).passages
                  for s in p.statements}
    assert suggest(statements[6]).traps == ("unknown stated",)
    assert suggest(statements[8]).traps == ("attributed hedge",)
    assert suggest(statements[24]).traps == ("flat evaluation",)


# -- cues, reasons and guesses -------------------------------------------------------------

SENTENCES = [s.text for p in parse_file(IRAN_DRONES).passages for s in p.statements] + [
    "IT COULD BE that the Council SHOULD resign, according to\nreports.",
    "It could, may, might, possibly, perhaps, probably, maybe be likely to rain.",
    "They shouldn't go; it’s wrong, and it's a waste of money.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_cues_are_exact_words_of_the_candidate_within_the_limits(text):
    cues = suggest(text).cues
    assert len(cues) <= MAX_CUES
    for cue in cues:
        assert cue in text
        assert len(cue) <= MAX_CUE_CHARACTERS
    assert len(set(cues)) == len(cues)


def test_cues_keep_the_case_and_spacing_of_the_text():
    assert label_and_cues("IT COULD BE that the Council SHOULD resign, according to\nreports.") \
        == ("opinion", ("SHOULD",))
    assert suggest("It could, may, might, possibly, perhaps, probably, maybe rain.").cues == (
        "could", "may", "might", "possibly", "perhaps", "probably")[:MAX_CUES]


@pytest.mark.parametrize(("text", "reason"), [
    ("It also could be that Iran is testing its drones", "hedge: “could be”"),
    ("Dalia Dassa Kaye told Politico", "reporting verb: “told”"),
    ("Russia is wrong.", "judgement: “wrong”"),
    ("It is unknown whether they fly the drones", "unknown stated plainly: “It is unknown”"),
    ("It is wrong and we should act.", "judgement: “wrong”; says what ought to happen: “should”"),
    ("Many believe it is wrong.", "belief about right and wrong: “Many believe”, “wrong”"),
])
def test_the_reason_is_one_line_naming_the_signal_and_its_words(text, reason):
    assert suggest(text).reason == reason


def test_a_plain_claim_is_a_guessed_fact():
    suggestion = suggest("Eventually Iran had started to send trainers to Russia")
    assert (suggestion.label, suggestion.cues, suggestion.confidence, suggestion.traps) == (
        "fact", (), GUESS, ())
    assert suggestion.reason == "no signal found: a plain claim, guessed as fact"


# -- the data file -------------------------------------------------------------------------

def signals_data() -> dict:
    text = resources.files("quiz.drafting").joinpath("signals.json").read_text("utf-8")
    return json.loads(text)


def test_the_data_file_says_its_source_and_explains_every_look_alike():
    data = signals_data()
    validate(data)
    assert "this project" in data["source"]
    assert sorted(data["families"]) == sorted(FAMILIES) == sorted(rules())
    for family in data["families"].values():
        for entry in family["patterns"] + family["look_alikes"]:
            assert entry["why"].strip()


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.pop("source"), "'source'"),
    (lambda d: d["families"].pop("hedge"), "'families' must be exactly"),
    (lambda d: d["families"]["hedge"].update(label="maybe"), "families.hedge.label"),
    (lambda d: d["families"]["hedge"]["phrases"].append("Could"), "families.hedge.phrases[70]"),
    (lambda d: d["families"]["judgement"].update(phrases=[]), "families.judgement.phrases"),
    (lambda d: d["families"]["attribution"]["look_alikes"].append({"pattern": "(", "why": "x"}),
     "families.attribution.look_alikes[12].pattern: not a regular expression"),
    (lambda d: d["families"]["belief"].pop("reason_with_judgement"),
     "families.belief.reason_with_judgement"),
])
def test_a_malformed_data_file_is_refused_naming_the_place(change, message):
    data = copy.deepcopy(signals_data())
    change(data)
    with pytest.raises(SignalsError, match=message.replace("[", r"\[").replace("(", r"\(")):
        validate(data)


# -- speed ---------------------------------------------------------------------------------

def test_a_long_articles_candidates_are_suggested_well_under_100_ms():
    # ~150 candidates, as many as a 2,000-word article gives; the best of three runs, so a
    # busy machine does not fail it.
    candidates = (SENTENCES * 6)[:150]
    suggest("warm up: the rules are loaded and compiled once")
    best = min(_timed(candidates) for _ in range(3))
    assert best < 0.1


def _timed(candidates: list[str]) -> float:
    start = time.perf_counter()
    for text in candidates:
        suggest(text)
    return time.perf_counter() - start
