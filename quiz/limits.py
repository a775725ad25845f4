"""Every limit on what a teacher sends, in one place: its value, and why it fits a class.

The limits exist so that whatever the app accepts is checked, previewed and published in
well under a second (issue 8): Python-Markdown and the phrase search cost time per
character, and some of Markdown's rules cost more than that (see below), so a hostile
file of a few kilobytes could hold a worker for half a minute. Each limit is checked
before the costly step it protects (before any Markdown is rendered, before any phrase is
searched) and is reported like any other mistake, as `FILE:LINE: message` naming the limit.
Each value is several times what a real classroom file needs; `make bench` times files
at every limit (bench/hostile.py). docs/question-format.md ("Limits") is the contract.
"""

from __future__ import annotations

# -- the request ---------------------------------------------------------------------------

# Every request body (a form, an uploaded set or class list) is cut off here with a 413
# before the app reads it (MAX_CONTENT_LENGTH in quiz/__init__.py). It bounds memory, not
# time: the limits below bound the time.
MAX_REQUEST_BYTES = 512 * 1024

# -- a question set ------------------------------------------------------------------------

# The whole file. questions/iran-drones.md (6 passages, 25 statements) is 16,000; a
# 100-statement set like it is about 64,000, so the longest sets need splitting. The time
# to render Markdown grows with the characters, up to ~8 µs each for text that is all
# markup (`*a* *a* …`), so this is also what keeps the worst accepted file under a second.
MAX_SET_CHARACTERS = 60_000
# Lines of the file: the shipped set has 276 for its 16,000 characters. The upload page
# lists a file with problems line by line, so this also bounds that page.
MAX_SET_LINES = 5_000
# Problems listed for one file: the rest are counted in one more line. Fixing the first
# hundred usually fixes many of the others (a missing '## ' heading, a wrong label).
MAX_PROBLEMS = 100
# A lesson's worth: a student reads and answers 2-4 statements a minute.
MAX_PASSAGES = 30
MAX_STATEMENTS = 100
# One passage is one page of radio buttons; 20 statements is already a long page.
MAX_STATEMENTS_PER_PASSAGE = 20
# About 800 words, a long news article; the shipped passages are 300-800 characters.
MAX_PASSAGE_CHARACTERS = 5_000
# What is shown before the quiz starts: a few paragraphs of instructions.
MAX_INTRO_CHARACTERS = 5_000
# A statement is a phrase or sentence of its passage.
MAX_STATEMENT_CHARACTERS = 500
# An explanation is a paragraph or two (about 300 words).
MAX_WHY_CHARACTERS = 2_000
# Cues are the few words that signal the answer ("according to", "could").
MAX_CUES = 6
MAX_CUE_CHARACTERS = 100
# A cue is marked where it stands nearest its statement; one found more often than this in
# its passage ("a", "the") points at nothing, and finding every place costs time per place.
MAX_CUE_PLACES = 100

# -- an article a set is drafted from (quiz/drafting/extract.py) --------------------------

# The uploaded file (.txt, .md, a saved web page or .docx), below MAX_REQUEST_BYTES so the
# form's other fields still fit in the request. A news page saved as "HTML only" is 100-400
# KB, most of it menus and scripts; lxml parses and cleans 500 KB of it in 0.05 s.
MAX_ARTICLE_BYTES = 500 * 1024
# The article's text once extracted: a 2,000-word article is about 12,000 characters, so
# this is a long feature (5,000 words). Drafting it (sentences, clauses, suggestions) takes
# well under a second, and its passages fit a set: 30 passages of 1,000 characters each.
MAX_ARTICLE_CHARACTERS = 30_000
# All the parts of a .docx once unzipped, checked before any is read: XML compresses a
# hundredfold or more, so a 500 KB upload could unpack to gigabytes (a zip bomb). A Word
# file of 5,000 words with its styles and a photo unpacks to well under 1 MB.
MAX_DOCX_UNPACKED_BYTES = 5 * 1024 * 1024
# Blocks of text (paragraphs, list items, table cells, line breaks) left in a saved web page
# once its menus, footers and side bars are dropped. jusText's time grows with the square
# of them (5,000 took 4 s, 1,000 at most 0.2 s); an article and what is left around it
# have a few hundred.
MAX_WEB_PAGE_BLOCKS = 1_000

# -- Markdown (introduction, passages, explanations) ---------------------------------------

# Lists and quotes nested in each other. Python-Markdown handles each level by recursion
# and runs out of stack at ~250 nested lists (a 500); a real text nests 2 or 3. Counted per
# line: each `>`, each list marker (`-`, `*`, `+`, `1.`) and each 4 columns of
# indentation at the start of the line is one level.
MAX_NESTING = 10
# Lines of one paragraph, list or quote with no blank line in it. Python-Markdown splits a
# block line by line and copies the rest each time (headings, rules), so its time grows
# with the square of the block's lines: 1,600 heading lines took 2.4 s. A 5,000-character
# passage wrapped at 60 characters is 84 lines.
MAX_PARAGRAPH_LINES = 100
# Square brackets (`[`) in all the Markdown of a set. For each `[`, Python-Markdown reads
# on to the end of the paragraph looking for `]` and `(…)`, five times over (links, images,
# references), so `[` × 20,000 took 31 s. A link is one `[`; so is an editor's "[sic]".
MAX_BRACKETS = 100

# -- a class list (roster CSV) -------------------------------------------------------------

# Rows after the header: a class, or a whole year group, fits with room to spare.
MAX_ROSTER_ROWS = 1_000
# Columns of the header: exports from school systems have a few dozen.
MAX_ROSTER_COLUMNS = 100

# -- the review page of a drafted set (quiz/teacher/drafts.py) -----------------------------

# Statements on one review page, splits included. Every one travels in the page's form each
# time it is sent (about 0.5 KB each with its why), so this keeps a review well inside
# MAX_REQUEST_BYTES; it is as many as a set could ever hold in its passages. An article of
# 2,000 words gives about 75 (bench/drafting.py); one of MAX_ARTICLE_CHARACTERS, about 275.
MAX_REVIEW_STATEMENTS = MAX_PASSAGES * MAX_STATEMENTS_PER_PASSAGE
# The article's source as typed; the draft's introduction names it (MAX_INTRO_CHARACTERS).
MAX_SOURCE_NAME_CHARACTERS = 200
MAX_SOURCE_URL_CHARACTERS = 2_000
