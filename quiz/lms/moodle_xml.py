"""A set version as Moodle XML (Question bank → Import → Moodle XML format). Pure.

One `<question type="category">` first, named after the set, so the questions land in a
category of their own; then one single-answer `multichoice` per statement, its choices the
set's labels in order, unshuffled and unnumbered (the labels are words, not a, b, c).
Every accepted label has fraction 100, the others 0: Moodle allows several 100% answers in
a single-answer question, which is our own scoring (any accepted label scores). The `why`
is the general feedback; each wrong label's feedback is its "why not".

HTML is written as escaped text inside `<text>`, as Moodle's own export does it with
CDATA: Moodle's importer reads either.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from quiz.lms.questions import LmsQuestion, lms_quiz

if TYPE_CHECKING:
    from quiz.models import QuestionSetVersion


def moodle_xml(version: QuestionSetVersion) -> bytes:
    """The file Moodle's question bank imports, every statement a question."""
    quiz = lms_quiz(version)
    root = ET.Element("quiz")
    category = ET.SubElement(root, "question", type="category")
    _text(category, "category", f"$course$/top/{category_name(quiz.title)}")
    _text(category, "info", quiz.intro_html, format="html")
    for question in quiz.questions:
        _multichoice(root, quiz.title, question)
    ET.indent(root)
    # `<text></text>` rather than `<text />` for an empty feedback, as Moodle writes it.
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True, short_empty_elements=False)


def category_name(title: str) -> str:
    """A `/` in a category path starts a subcategory; Moodle reads `//` as a slash itself."""
    return title.replace("/", "//")


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "text").text = text
    return element


def _multichoice(root: ET.Element, title: str, question: LmsQuestion) -> None:
    item = ET.SubElement(root, "question", type="multichoice")
    _text(item, "name", f"{title} \u2013 statement {question.number}")
    _text(item, "questiontext", question.stem_html, format="html")
    _text(item, "generalfeedback", question.why_html, format="html")
    for tag, value in (("defaultgrade", "1"), ("penalty", "0"), ("hidden", "0"),
                       ("single", "true"), ("shuffleanswers", "false"),
                       ("answernumbering", "none")):
        ET.SubElement(item, tag).text = value
    for choice in question.choices:
        # The label is plain text; the answer's format is HTML, so it is escaped once here
        # (and once more by the XML writer).
        answer = _text(item, "answer", escape(choice.label),
                       fraction="100" if choice.correct else "0", format="html")
        _text(answer, "feedback", choice.why_not_html or "", format="html")
