"""Finding phrases as a reader sees them, and marking them in HTML (quiz.highlight): pure."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from quiz.highlight import Mark, find_phrase, highlight, normalise, reader_text


class Outline(HTMLParser):
    """Checks that HTML is well nested, and collects the text inside each class of element."""

    VOID = {"br", "hr", "img"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []
        self.text: dict[str, str] = {}
        self.feed(html)
        self.close()
        assert not self.stack, f"unclosed elements: {self.stack}"

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("class") or ""))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data):
        for _, css in self.stack:
            if css:
                self.text[css] = self.text.get(css, "") + data


# -- normalise and find_phrase ------------------------------------------------------------

def test_normalise_folds_case_quotes_and_white_space_and_maps_back():
    text = "  Hello\n\t \u201cWorld\u2019s\u201d  end  "
    folded, index = normalise(text)
    assert folded == "hello \"world's\" end"
    assert len(index) == len(folded)
    assert [text[i] for i in index if not text[i].isspace()] == [
        c for c in text if not c.isspace()
    ]


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("The Cat sat.", "the cat", "The Cat"),
        ("The cat sat.", "THE CAT SAT", "The cat sat"),
        ("it is   believed\n to be", "is believed to be", "is   believed\n to be"),
        ("He said \u201cno\u201d today", 'said "no"', "said \u201cno\u201d"),
        ('He said "no" today', "said \u201cno\u201d", 'said "no"'),
        ("Russia\u2019s drones", "russia's drones", "Russia\u2019s drones"),
        ("Russia's drones", "Russia\u2019s drones", "Russia's drones"),
        ("Iran has sent drones and trainers", "Iran ... trainers",
         "Iran has sent drones and trainers"),
        ("Iran has sent drones and trainers", "Iran\u2026trainers",
         "Iran has sent drones and trainers"),
        ("Iran has sent drones and trainers", "has sent ...", "has sent"),
        ("a b a c", "a ... c", "a b a c"),  # the first occurrence, however long
    ],
)
def test_find_phrase_returns_indices_of_the_original_text(text, phrase, expected):
    span = find_phrase(text, phrase)
    assert span is not None
    start, end = span
    assert text[start:end] == expected


def test_leading_wildcard_does_not_stretch_the_match_back_to_the_start():
    # A quoted fragment often starts with an ellipsis; like a trailing one (above), it must
    # not pull the text before the fragment into the match, or the page highlights it all.
    text = "As the war continues, Iran has sent drones and trainers"
    for phrase in ("...Iran has sent drones", "\u2026 Iran has sent drones"):
        span = find_phrase(text, phrase)
        assert span is not None
        assert text[span[0]:span[1]] == "Iran has sent drones"


def test_find_phrase_finds_the_first_occurrence():
    text = "drones here, drones there"
    assert find_phrase(text, "drones") == (0, 6)
    assert find_phrase(text, "drones there") == (13, 25)


def test_find_phrase_wildcard_cannot_reorder_parts():
    assert find_phrase("trainers were sent by Iran", "Iran ... trainers") is None


@pytest.mark.parametrize("phrase", ["not here", "", "   ", "...", "\u2026", "... \u2026 ..."])
def test_find_phrase_returns_none_for_absent_or_empty_phrases(phrase):
    assert find_phrase("The cat sat on the mat.", phrase) is None


def test_find_phrase_does_not_match_across_missing_words():
    assert find_phrase("the cat sat", "the sat") is None


# -- reader_text ----------------------------------------------------------------------------

def test_reader_text_drops_tags_and_decodes_entities():
    html = '<p>Fish &amp; chips &lt;3 <a href="x">here</a> &#8220;ok&#8221; &quot;q&quot;</p>'
    assert reader_text(html).strip() == 'Fish & chips <3 here \u201cok\u201d "q"'


@pytest.mark.parametrize(
    "html",
    [
        "<p>one</p><p>two</p>",
        "<blockquote><p>one</p><p>two</p></blockquote>",
        "<ul><li>one</li><li>two</li></ul>",
        "<p>one<br>two</p>",
        "<p>one<br />two</p>",
        "<h3>one</h3><p>two</p>",
        "<table><tr><td>one</td><td>two</td></tr></table>",
    ],
)
def test_reader_text_keeps_words_of_adjacent_blocks_apart(html):
    words = reader_text(html).split()
    assert words == ["one", "two"]


def test_reader_text_does_not_split_words_at_inline_tags():
    assert reader_text("<p>un<em>believ</em>able</p>").split() == ["unbelievable"]


def test_phrase_spanning_paragraphs_is_found_in_reader_text():
    reader = reader_text("<p>The end.</p><p>A start.</p>")
    assert find_phrase(reader, "end. a start") is not None


# -- highlight --------------------------------------------------------------------------------

def marked(html: str, phrase: str, css: str = "statement", **kwargs) -> Mark:
    span = find_phrase(reader_text(html), phrase)
    assert span is not None, phrase
    return Mark(*span, css, **kwargs)


def test_highlight_without_marks_keeps_the_html():
    html = "<p>The <em>quick</em> fox &amp; the &lt;dog&gt;</p>"
    assert highlight(html, []) == html


def test_highlight_exact_output_for_a_plain_span():
    html = "<p>The quick brown fox</p>"
    mark = marked(html, "quick brown", label="1")
    assert highlight(html, [mark]) == (
        '<p>The <span class="statement-label">1</span>'
        '<mark class="statement">quick brown</mark> fox</p>'
    )


def test_highlight_splits_a_span_crossing_an_emphasis_boundary_into_well_formed_pieces():
    html = "<p>The <em>quick brown</em> fox jumps</p>"
    out = highlight(html, [marked(html, "brown fox", label="2")])
    assert out == (
        '<p>The <em>quick <span class="statement-label">2</span>'
        '<mark class="statement">brown</mark></em>'
        '<mark class="statement"> fox</mark> jumps</p>'
    )
    assert Outline(out).text["statement"] == "brown fox"


def test_highlight_nests_a_cue_inside_its_statement():
    html = "<p>They <em>are believed</em> to be away.</p>"
    statement = marked(html, "are believed to be away", label="4")
    cue = marked(html, "believed to be", "cue", tag="strong")
    out = highlight(html, [cue, statement])  # order given does not matter
    outline = Outline(out)
    assert outline.text["statement"] == "are believed to be away"
    assert outline.text["cue"] == "believed to be"
    assert '<mark class="statement"><strong class="cue">believed</strong></mark>' in out
    assert '<strong class="cue"><mark' not in out  # the statement is always outermost


def test_highlight_inserts_the_label_once_at_the_start_of_a_split_mark():
    html = "<p>a <em>b</em> c <strong>d</strong> e</p>"
    out = highlight(html, [marked(html, "a b c d e", label="7")])
    assert out.count('<span class="statement-label">7</span>') == 1
    assert out.startswith('<p><span class="statement-label">7</span><mark class="statement">a ')
    assert Outline(out).text["statement"] == "a b c d e"
    assert Outline(out).text["statement-label"] == "7"


def test_white_space_between_inline_elements_inside_a_mark_is_marked():
    # Only white space *between blocks* may stay unwrapped; inside a paragraph, leaving a
    # space out shows as a hole in the highlight ("b" and "c" marked, the space between not).
    html = "<p>a <em>b</em> <strong>c</strong> d</p>"
    out = highlight(html, [marked(html, "a b c d", label="1")])
    assert Outline(out).text["statement"] == "a b c d"


def test_highlight_labels_each_statement_with_its_own_number():
    html = "<p>One fact. Two guess.</p>"
    out = highlight(html, [marked(html, "one fact", label="1"), marked(html, "two guess",
                                                                        label="2")])
    assert out.index(">1</span>") < out.index("One") < out.index(">2</span>") < out.index("Two")


def test_highlight_keeps_special_characters_escaped():
    html = "<p>if a &lt; b &amp; c &gt; d</p>"
    out = highlight(html, [marked(html, "a < b & c", label="1")])
    assert '<mark class="statement">a &lt; b &amp; c</mark>' in out
    assert "<p>if " in out and " &gt; d</p>" in out
    assert Outline(out).text["statement"] == "a < b & c"


def test_highlight_escapes_the_label():
    html = "<p>text</p>"
    out = highlight(html, [marked(html, "text", label="<b>")])
    assert '<span class="statement-label">&lt;b&gt;</span>' in out


def test_highlight_does_not_wrap_white_space_between_blocks():
    html = "<blockquote>\n<p>end of one.</p>\n<p>Start of two.</p>\n</blockquote>"
    out = highlight(html, [marked(html, "one. start", label="1")])
    assert "<mark class=\"statement\">\n</mark>" not in out
    assert out.count('<mark class="statement">') == 2
    assert "</p>\n<p>" in out
    assert Outline(out).text["statement"] == "one.Start"


def test_mark_spanning_the_whole_text_keeps_all_tags():
    html = '<p><a href="https://example.org">link</a> and <code>x</code></p>'
    out = highlight(html, [Mark(0, len(reader_text(html)), "statement")])
    assert '<a href="https://example.org">' in out and "<code>" in out
    assert Outline(out).text["statement"] == "link and x"
