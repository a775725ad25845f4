"""`flask --app quiz questions draft ARTICLE`: the draft a teacher checks, edits and imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from samples import ARTICLES, SEED_ARTICLE

from quiz.questionset.parser import parse_file

EVERY_ARTICLE = sorted(ARTICLES.glob("*.txt"))


def draft(runner, *args: str | Path):
    return runner.invoke(args=["questions", "draft", *map(str, args)])


def check(runner, path: Path):
    return runner.invoke(args=["questions", "check", str(path)])


@pytest.mark.parametrize("article", EVERY_ARTICLE, ids=lambda path: path.stem)
def test_every_article_drafts_to_a_file_that_passes_check(runner, tmp_path, article):
    out = tmp_path / "draft.md"
    result = draft(runner, article, "-o", out)
    assert result.exit_code == 0, result.output
    checked = check(runner, out)
    assert checked.exit_code == 0, checked.output
    parsed = parse_file(out)
    assert result.stdout == f"{out}: drafted, {parsed.summary()}\n"
    assert checked.stdout == f"{out}: ok, {parsed.summary()}\n"
    assert len(parsed.statements) >= 1


def test_the_draft_goes_to_standard_output_without_o(runner, tmp_path):
    out = tmp_path / "draft.md"
    draft(runner, SEED_ARTICLE, "-o", out)
    result = draft(runner, SEED_ARTICLE)
    assert result.exit_code == 0, result.output
    assert result.stdout == out.read_text(encoding="utf-8")


def test_the_title_is_the_files_name_in_words_unless_given(runner, tmp_path):
    article = tmp_path / "bridge_closure-2024.txt"
    article.write_text("The council said the bridge will close. It could be rusting.\n",
                       encoding="utf-8")
    assert parse_file(_drafted(runner, tmp_path, article)).title == "Bridge closure 2024"
    named = _drafted(runner, tmp_path, article, "--title", "The bridge")
    assert parse_file(named).title == "The bridge"


def _drafted(runner, folder: Path, article: Path, *options: str) -> Path:
    out = folder / "out.md"
    result = draft(runner, article, "-o", out, *options)
    assert result.exit_code == 0, result.output
    return out


def test_json_lists_every_sentence_with_its_suggestion(runner, tmp_path):
    result = draft(runner, "--json", SEED_ARTICLE)
    assert result.exit_code == 0, result.output
    sentences = json.loads(result.stdout)["sentences"]
    assert len(sentences) > 15
    article = " ".join(SEED_ARTICLE.read_text(encoding="utf-8").split())
    for sentence in sentences:
        assert set(sentence) == {"passage", "text", "label", "cues", "reason", "confidence",
                                 "traps", "preselected"}
        assert sentence["label"] in ("fact", "speculation", "opinion")
        assert sentence["confidence"] in ("cue", "guess")
        assert all(cue in sentence["text"] for cue in sentence["cues"])
        assert " ".join(sentence["text"].split()) in article
    assert [s["passage"] for s in sentences] == sorted(s["passage"] for s in sentences)
    assert any(s["traps"] for s in sentences)
    drafted = parse_file(_drafted(runner, tmp_path, SEED_ARTICLE))
    ticked = [s for s in sentences if s["preselected"]]
    assert [(s["text"], s["label"]) for s in ticked] == [
        (s.text, s.answers[0]) for s in drafted.statements]


@pytest.mark.parametrize(("content", "message"), [
    (b"\xff\xfe not UTF-8 \x80", "the file is not UTF-8 text"),
    (b"  \n\n \n", "no article text"),
], ids=["not-utf8", "empty"])
def test_an_article_that_cannot_be_read_exits_1_with_the_plain_message(runner, tmp_path,
                                                                       content, message):
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    out = tmp_path / "out.md"
    result = draft(runner, article, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{article}: ")
    assert message in result.stderr
    assert result.stdout == "" and not out.exists()


def test_a_missing_article_exits_1(runner, tmp_path):
    missing = tmp_path / "missing.txt"
    result = draft(runner, missing)
    assert result.exit_code == 1
    assert result.stderr == f"{missing}: cannot read the file: No such file or directory\n"


def test_a_title_too_long_exits_1_with_the_reason(runner):
    result = draft(runner, SEED_ARTICLE, "--title", "x" * 301)
    assert result.exit_code == 1
    assert result.stderr == f"{SEED_ARTICLE}: the title is longer than 300 characters\n"
    assert result.stdout == ""
