"""`make eval-drafts`: how well the drafting suggestions agree with hand labels.

Prints, for the tuning and the held-out split of tests/data/articles/, per label precision
and recall, agreement on clear rows and the share of cues in their own sentence, with the
always-"fact" baseline beside them; then the seed article's statements against
questions/iran-drones.md. The figures are measured, not a test: the exit status is 0
whatever they are, and 1 only when the data has mistakes (each printed with its line).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.drafting import evaluation, labelled
from quiz.questionset.parser import parse_file

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data" / "articles",
                        help="the folder of labelled articles")
    parser.add_argument("--set", type=Path, default=ROOT / "questions" / "iran-drones.md",
                        help="the question set written by hand for the seed article")
    args = parser.parse_args(argv)
    try:
        articles = labelled.load_articles(args.data)
    except labelled.DataError as error:
        print(f"the labelled articles in {args.data} have mistakes:\n{error}", file=sys.stderr)
        return 1
    shown = args.data.resolve()
    shown = shown.relative_to(Path.cwd()) if shown.is_relative_to(Path.cwd()) else shown
    print(f"Drafting suggestions against the hand labels in {shown}/\n")
    for split in labelled.SPLITS:
        print(evaluation.split_table(evaluation.evaluate(articles, split)), end="\n\n")
    agreement = evaluation.set_agreement(parse_file(args.set))
    print(evaluation.set_table(args.set.name, agreement))
    return 0


if __name__ == "__main__":
    sys.exit(main())
