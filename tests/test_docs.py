"""The documents a newcomer and a teacher read: links that open, an example that parses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz.feedback import OTHER, WORDING, why_not_html
from quiz.questionset.parser import parse

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)\s]+)\)")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_relative_link_opens_a_file_of_the_repository(document):
    prose = re.sub(r"`[^`\n]*`", "", document.read_text(encoding="utf-8"))  # code is no link
    targets = LINK.findall(prose)
    missing = [t for t in targets if not (document.parent / t.split("#")[0]).exists()]
    assert not missing, f"{document.name} links to missing files: {missing}"


def test_the_readme_links_the_format_contract_kept_in_the_repository():
    assert "](docs/question-format.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert (ROOT / "docs" / "question-format.md").is_file()


def test_the_contracts_example_is_a_set_that_checks_clean():
    text = (ROOT / "docs" / "question-format.md").read_text(encoding="utf-8")
    example = re.search(r"```markdown\n(.*?)```", text, re.S).group(1)
    parsed = parse(example, "example.md")
    assert (parsed.title, len(parsed.statements)) == ("Iran, Russia and the drones", 2)


def test_the_why_not_example_parses_and_the_sentences_it_quotes_are_what_students_read():
    text = (ROOT / "docs" / "question-format.md").read_text(encoding="utf-8")
    parsed = parse(re.findall(r"```markdown\n(.*?)```", text, re.S)[1], "why-not.md")
    first, second = parsed.statements
    assert [label for label, _ in first.why_not] == ["speculation", "opinion"]
    flowed = " ".join(text.split())  # the prose wraps sentences across lines
    section = flowed[flowed.index("## Why not"):flowed.index("## Limits")]
    for chosen in ("opinion", "fact"):  # the default wording, and the set's own
        html = why_not_html(chosen, second.answers, second.cues, {}, parsed.why_not_table)
        assert f"*{html.removeprefix('<p>').removesuffix('</p>')}*" in section, chosen
    for sentence in [*(s for pair in WORDING.values() for s in pair), *OTHER]:
        assert f"| {sentence} |" in section, sentence
