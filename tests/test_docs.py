"""The documents a newcomer and a teacher read: links that open, an example that parses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
