"""`make eval-drafts`: the hand-labelled articles are well formed and agree with the set
written for the seed article, and the figures are computed as their names say.

The suggester's own figures are measured, not tested: no test here asserts how good it is.
The small articles below are the bridge sample's passages (samples.CLASS_SET), not news.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from samples import CLASS_SET, IRAN_DRONES, ROOT

from quiz.drafting.candidates import CUE, GUESS, LABELS, PassageText, Suggestion
from quiz.drafting.evaluation import EMPTY_SPLIT, evaluate, scores, set_agreement, split_table
from quiz.drafting.labelled import (
    CLARITIES,
    META_KEYS,
    SPLITS,
    DataError,
    load_articles,
    set_overlaps,
)
from quiz.questionset.parser import parse, parse_file

ARTICLES = Path(__file__).parent / "data" / "articles"
SEED = "iran-drones-russia"

BRIDGE_TEXT = ("The council said the bridge will close in May. Engineers suspect the cables "
               "are rusting.\n\nClosing it is a shameful waste, one resident wrote. Repairs "
               "could take a year.\n")
BRIDGE_ROWS = ("1\tfact\tclear\tThe council said the bridge will close in May\n"
               "1\tspeculation\tclear\tEngineers suspect the cables are rusting\n"
               "2\topinion\tclear\tClosing it is a shameful waste\n"
               "2\tfact\tborderline\tone resident wrote\n"
               "2\tspeculation\tclear\tRepairs could take a year\n")
BRIDGE_META = {"title": "The bridge", "source": "tests", "url": "", "date": "",
               "licence": "written for the tests", "split": "heldout"}
BRIDGE_FILES = {"bridge.txt": BRIDGE_TEXT, "bridge.labels.tsv": BRIDGE_ROWS,
                "bridge.meta.json": json.dumps(BRIDGE_META)}


def keyword_suggester(text: str) -> Suggestion:
    """Speculation on "could", opinion on "shameful" (its cue miscased, so not in the
    sentence), else a guessed fact."""
    if "could" in text:
        return Suggestion("speculation", ("could",), "hedge: could", CUE)
    if "shameful" in text:
        return Suggestion("opinion", ("Shameful",), "evaluative: shameful", CUE)
    return Suggestion("fact", (), "no signal found", GUESS)


def bridge_segmenter(text: str) -> list[PassageText]:
    """Whole sentences: three of the five labelled rows, and one that joins two rows."""
    first, second = text.split("\n\n")
    return [PassageText(1, first, ("The council said the bridge will close in May.",
                                   "Engineers suspect the cables are rusting.")),
            PassageText(2, second, ("Closing it is a shameful waste, one resident wrote.",
                                    "Repairs could take a year."))]


def cells(table: str, measure: str) -> list[str]:
    """The cells of the table line that starts with `measure` (columns are 2+ spaces apart)."""
    line = next(line for line in table.splitlines() if line.startswith(measure))
    return re.split(r"\s{2,}", line)


# -- the metrics -----------------------------------------------------------------------------

def test_precision_recall_and_agreement_on_a_hand_made_table():
    table = [  # (label given, label suggested, clear?)
        ("fact", "fact", True),
        ("fact", "speculation", True),
        ("speculation", "speculation", True),
        ("opinion", "fact", False),
        ("opinion", "opinion", True),
        ("speculation", "fact", True),
    ]
    result = scores(table)
    # fact: suggested 3 times (rows 1, 4, 6), right once; given twice (rows 1, 2).
    assert result.precision["fact"] == pytest.approx(1 / 3)
    assert result.recall["fact"] == pytest.approx(1 / 2)
    # speculation: suggested twice (rows 2, 3), right once; given twice (rows 3, 6).
    assert result.precision["speculation"] == pytest.approx(1 / 2)
    assert result.recall["speculation"] == pytest.approx(1 / 2)
    # opinion: suggested once (row 5), right; given twice (rows 4, 5).
    assert result.precision["opinion"] == 1
    assert result.recall["opinion"] == pytest.approx(1 / 2)
    # 5 clear rows (not row 4), of which rows 1, 3 and 5 agree.
    assert (result.clear_rows, result.clear_agreed) == (5, 3)
    assert result.agreement == pytest.approx(3 / 5)


def test_a_label_never_suggested_has_no_precision_rather_than_zero():
    result = scores([("fact", "fact", True), ("opinion", "fact", True)])
    assert result.precision["opinion"] is None and result.recall["opinion"] == 0
    assert result.recall["speculation"] is None  # no row has it


def test_a_split_is_scored_row_by_row_with_the_always_fact_baseline(tmp_path):
    for name, text in BRIDGE_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = evaluate(load_articles(tmp_path), "heldout", keyword_suggester, bridge_segmenter)
    assert (report.articles, report.rows) == (1, 5)
    # Suggested: fact, fact, opinion, fact, speculation; row 2 is the one wrong.
    assert report.suggester.precision["fact"] == pytest.approx(2 / 3)
    assert report.suggester.recall["speculation"] == pytest.approx(1 / 2)
    assert report.suggester.agreement == pytest.approx(3 / 4)  # row 4 is borderline
    assert report.baseline.agreement == pytest.approx(1 / 4)  # one clear row is a fact
    assert report.baseline.recall == {"fact": 1, "speculation": 0, "opinion": 0}
    # "could" is in its sentence; "Shameful" is not (the sentence has "shameful").
    assert (report.cues, report.cues_in_sentence) == (2, 1)
    # Found whatever the full stop; the sentence that joins rows 3 and 4 matches neither.
    assert (report.candidates, report.rows_found) == (4, 3)
    assert evaluate(load_articles(tmp_path), "tuning", keyword_suggester).articles == 0


def test_the_held_out_table_shows_each_target_met_or_not_and_an_empty_split_says_so(tmp_path):
    for name, text in BRIDGE_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    articles = load_articles(tmp_path)
    table = split_table(evaluate(articles, "heldout", keyword_suggester, bridge_segmenter))
    assert cells(table, "agreement on the 4 clear rows") == [
        "agreement on the 4 clear rows", "75%", "25%", ">= 85%", "no"]
    assert cells(table, "opinion recall") == ["opinion recall", "100%", "0%", ">= 70%", "yes"]
    assert cells(table, "cues in their own sentence")[1:] == ["50%", "-", ">= 90%", "no"]
    tuning = split_table(evaluate(articles, "tuning", keyword_suggester, bridge_segmenter))
    assert tuning == f"tuning split: {EMPTY_SPLIT}"


def test_the_set_agreement_counts_a_label_among_the_accepted_answers():
    # CLASS_SET: fact, speculation, opinion, speculation; the suggester gets 1 and 4 right
    # ("Repairs could take a year") and calls 2 and 3 facts.
    agreement = set_agreement(parse(CLASS_SET), keyword_suggester)
    assert (agreement.statements, agreement.agreed, agreement.baseline_agreed) == (4, 3, 1)
    two_answers = parse(CLASS_SET.replace("   - answer: speculation\n   - why: Why-two",
                                          "   - answer: speculation, fact\n   - why: Why-two"))
    assert set_agreement(two_answers, keyword_suggester).agreed == 4


# -- the data --------------------------------------------------------------------------------

def test_every_labelled_article_is_well_formed():
    articles = load_articles(ARTICLES)  # raises DataError, naming each mistake, if not
    assert SEED in {a.name for a in articles}
    for article in articles:
        assert set(META_KEYS) <= set(article.meta) and article.split in SPLITS
        assert article.meta["licence"], f"{article.name}: record the licence"
        for row in article.rows:
            assert row.text in article.paragraphs[row.passage - 1], (article.name, row.line)
            assert row.label in LABELS and row.clarity in CLARITIES, (article.name, row.line)


def test_the_seed_article_is_the_projects_own_text_labelled_whole_in_the_tuning_split():
    seed = next(a for a in load_articles(ARTICLES) if a.name == SEED)
    passages = parse_file(IRAN_DRONES).passages
    assert [" ".join(p.text_md.split()) for p in passages] == [
        " ".join(paragraph.split()) for paragraph in seed.paragraphs]
    assert seed.split == "tuning"  # its statements shaped the rules
    # Every sentence and clause has a row: with the rows taken out, only punctuation, a
    # joining "and" or "that", and the end of Kirby's attribution (after his quotation) stay.
    for number, paragraph in enumerate(seed.paragraphs, start=1):
        for row in (r for r in seed.rows if r.passage == number):
            paragraph = paragraph.replace(row.text, " ", 1)
        left = re.sub(r"(?:[\s.,“”]|\b(?:and|that)\b)+", " ", paragraph).strip()
        assert left == ("in an article on the Politico website" if number == 5 else ""), number
    assert {row.label for row in seed.rows} == set(LABELS)


def test_the_seed_labels_agree_with_the_sets_answers_wherever_they_overlap():
    seed = next(a for a in load_articles(ARTICLES) if a.name == SEED)
    question_set = parse_file(IRAN_DRONES)
    pairs = set_overlaps(seed, question_set)
    assert {s.number for _, s in pairs} == {s.number for s in question_set.statements}
    disagree = [(row.line, row.label, s.number, s.answers) for row, s in pairs
                if row.label not in s.answers]
    assert disagree == []


def test_a_mistake_in_the_data_is_refused_with_its_file_and_line(tmp_path):
    files = {**BRIDGE_FILES,
             "bridge.labels.tsv": BRIDGE_ROWS.replace("\topinion\t", "\topnion\t")
             .replace("cables are rusting", "cables rust") + "2\tfact\tno tabs here\n",
             "bridge.meta.json": json.dumps({key: value for key, value in BRIDGE_META.items()
                                             if key != "licence"} | {"split": "test"})}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "lonely.txt").write_text("A paragraph.\n", encoding="utf-8")
    with pytest.raises(DataError) as refused:
        load_articles(tmp_path)
    assert str(refused.value).splitlines() == [
        "bridge.labels.tsv:2: the text does not occur in paragraph 1 after the row before it "
        "(rows are exact words of the paragraph, in order)",
        "bridge.labels.tsv:3: label 'opnion' is not one of fact, speculation, opinion",
        "bridge.labels.tsv:6: 3 fields; a row is passage, label, clarity, text, separated by "
        "tabs",
        "bridge.meta.json: missing licence",
        "bridge.meta.json: split 'test' is not one of tuning, heldout",
        "lonely.txt: has no lonely.labels.tsv and no lonely.meta.json",
    ]


# -- make eval-drafts ------------------------------------------------------------------------

def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_drafts.py"), *args],
                          capture_output=True, text=True, timeout=60)


def test_eval_drafts_prints_both_splits_and_the_seed_set_and_refuses_bad_data(tmp_path):
    shown = run_script()
    assert shown.returncode == 0, shown.stderr
    assert re.search(r"^tuning split: \d+ articles?, \d+ labelled rows", shown.stdout, re.M)
    assert re.search(r"^heldout split: ", shown.stdout, re.M)
    assert re.search(r"^seed article against iran-drones.md: \d+ statements", shown.stdout,
                     re.M)
    assert cells(shown.stdout, "agreement with the set's answers")[3:] in (
        [">= 90%", "yes"], [">= 90%", "no"])
    (tmp_path / "bridge.txt").write_text(BRIDGE_TEXT, encoding="utf-8")
    refused = run_script("--data", str(tmp_path))
    assert refused.returncode == 1 and refused.stdout == ""
    assert "bridge.txt: has no bridge.labels.tsv and no bridge.meta.json" in refused.stderr
