"""Any article turned into a draft question set: extract, segment, suggest, draft. Pure.

The steps, one module each, each pure and tested directly:

- `extract.article_text(data, filename)`: the article's text from a `.txt`, `.md`, saved
  web page (`.html`) or `.docx`, paragraphs separated by one blank line; ExtractError with
  a plain message when there is none.
- `segment.passages(text)`: paragraphs become passages (long ones split at sentence
  boundaries, tiny ones joined, within the format's limits), each with its candidate
  statements: sentences, and the parts of a sentence that say different kinds of thing
  (an attribution and its quoted claim, clauses of a comma splice). Every candidate is an
  exact substring of its passage's text.
- `signals.suggest(text)`: a label, the cue words (exact words of `text`), a one-line
  reason, a confidence ("cue" when a signal was found, "guess" when none was) and the
  traps seen. The rules and word lists are data: `signals.json`.
- `draft`: candidates with their suggestions, a balanced preselection, and the chosen
  statements written as a question set with `quiz.questionset.writer.write`.

Nothing here downloads anything or calls another service.
"""
